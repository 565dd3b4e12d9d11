"""Analysis while recording: transcribe each stretch of audio as it arrives and hand it to the diariser.

Audio is cut into pieces of about `piece_s` seconds at the quietest moment near the end
of each, so that words are rarely split. Each piece is transcribed and pitch-tracked at once; the
diariser (`Diarizer.add`) takes each stretch as it arrives where its result does not depend on how the
audio is cut (the default's windows run across borders), else each piece. So when the recording stops
only the last piece's transcription, the diariser's last window and `finish`, the labels and the report
remain. It sits beside the pipeline because it composes the same stages.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

import numpy as np

from balint.analysis.pipeline import (
    AnalysisSettings,
    Known,
    assemble,
    finish_diarizing,
    make_diarizer,
    multilingual_model,
    settle_language,
    speech_model,
)
from balint.analysis.speech.asr import DetectedLanguage, Transcript, transcribe
from balint.analysis.speech.audio import SAMPLE_RATE, Audio
from balint.analysis.speech.prosody import PitchTrack, pitch_track
from balint.analysis.types import SessionAnalysis, StageClock, Word
from balint.models.catalog import ModelInfo

QUIET_FRAME_S = 0.2


@dataclass
class StreamStatus:
    """What the live screen shows about the analysis (not a stage's progress)."""

    received_s: float = 0.0
    analysed_s: float = 0.0
    words: int = 0


class StreamingAnalyser:
    """Feed 16 kHz mono float32 audio in any sizes; `finish()` returns the full SessionAnalysis."""

    def __init__(self, settings: AnalysisSettings, piece_s: float = 30.0, search_s: float = 6.0):
        self.settings = settings
        self.piece = int(piece_s * SAMPLE_RATE)
        self.search = int(search_s * SAMPLE_RATE)
        # the model follows the language, resolved now so that a missing one fails before recording starts; "auto"
        # needs the multilingual model first, and settles the language on the first piece
        self.model: ModelInfo | None = None
        self.detected: DetectedLanguage | None = None
        if settings.language == "auto":
            multilingual_model()
        else:
            self.settings, _ = settle_language(Audio(np.zeros(0, np.float32), "recording"), settings)
            self.model = speech_model(self.settings)
        self.diarizer = make_diarizer(settings)
        self._pending: list[np.ndarray] = []
        self._pending_samples = 0
        self._offset = 0  # samples already analysed
        self.words: list[Word] = []
        self.pitch: list[PitchTrack] = []  # pitch values only: the audio itself is not kept
        self.status = StreamStatus()
        self._lock = threading.Lock()
        self.clock = StageClock()

    def feed(self, samples: np.ndarray) -> None:
        with self._lock:
            samples = np.asarray(samples, dtype=np.float32)
            if self.diarizer.any_sizes:
                self.clock.run("diarize", self.diarizer.add, Audio(samples, "recording"),
                               (self._offset + self._pending_samples) / SAMPLE_RATE)
            self._pending.append(samples)
            self._pending_samples += len(samples)
            self.status.received_s = (self._offset + self._pending_samples) / SAMPLE_RATE
            while self._pending_samples >= self.piece + self.search:
                buffer = np.concatenate(self._pending)
                cut = self._quiet_cut(buffer)
                self._analyse(buffer[:cut])
                rest = buffer[cut:]
                self._pending, self._pending_samples = [rest], len(rest)

    def _quiet_cut(self, buffer: np.ndarray) -> int:
        """The quietest 0.2 s between piece_s and piece_s + search_s: a pause, usually."""
        frame = int(QUIET_FRAME_S * SAMPLE_RATE)
        region = buffer[self.piece : self.piece + self.search]
        frames = region[: len(region) // frame * frame].reshape(-1, frame)
        quietest = int(np.argmin(np.mean(frames**2, axis=1)))
        return self.piece + quietest * frame + frame // 2

    def _analyse(self, samples: np.ndarray) -> None:
        if len(samples) < SAMPLE_RATE // 2:
            self._offset += len(samples)
            return
        offset_s = self._offset / SAMPLE_RATE
        piece = Audio(samples, "recording")
        if self.model is None:
            self.settings, self.detected = settle_language(piece, self.settings, self.clock)
            self.model = speech_model(self.settings)
        transcript = self.clock.run("transcribe", transcribe, piece, self.model, self.settings.transcribe)
        self.words += [replace(w, start=round(w.start + offset_s, 3), end=round(w.end + offset_s, 3))
                       for w in transcript.words]
        if not self.diarizer.any_sizes:
            self.clock.run("diarize", self.diarizer.add, piece, offset_s)
        self.pitch.append(self.clock.run("prosody", pitch_track, samples, offset_s))
        self._offset += len(samples)
        self.status.analysed_s, self.status.words = self._offset / SAMPLE_RATE, len(self.words)

    def finish(self, source: dict, known: Known = Known()) -> SessionAnalysis:
        """Analyse what is left, then finish diarising, label and interpret everything."""
        with self._lock:
            if self._pending_samples:
                self._analyse(np.concatenate(self._pending))
                self._pending, self._pending_samples = [], 0
        duration = self._offset / SAMPLE_RATE
        while_recording = {f"{stage}_while_recording": s for stage, s in self.clock.timings.items()}
        clock = StageClock()
        who = finish_diarizing(self.diarizer, "recording", clock)
        transcript = Transcript(self.words, self.settings.transcribe.language, duration, self.model,
                                self.settings.transcribe, self.detected)
        analysis = assemble(transcript, who, self.diarizer.models(), duration, source, self.settings, known, clock,
                            PitchTrack.joined(self.pitch))
        analysis.timings_s = {**analysis.timings_s, **while_recording}
        return analysis
