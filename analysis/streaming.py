"""Analysis while recording: transcribe and embed each stretch of audio as it arrives.

Audio is cut into pieces of about `piece_s` seconds at the quietest moment near the end
of each, so that words are rarely split. Each piece is transcribed and its speaker windows
embedded at once, so that when the recording stops only the last piece, the clustering,
the labels and the report remain.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable

import numpy as np

from analysis.asr import Transcript, transcribe
from analysis.audio import SAMPLE_RATE, Audio
from analysis.diarize import SpeechWindows, embed_speech, who_spoke
from analysis.pipeline import AnalysisSettings, Known, speech_model, Stopwatch, assemble, diarize_with_pyannote
from analysis.types import SessionAnalysis

QUIET_FRAME_S = 0.2


@dataclass
class StreamProgress:
    received_s: float = 0.0
    analysed_s: float = 0.0
    words: int = 0


class StreamingAnalyser:
    """Feed 16 kHz mono float32 audio in any sizes; `finish()` returns the full SessionAnalysis."""

    def __init__(self, settings: AnalysisSettings, piece_s: float = 30.0, search_s: float = 6.0):
        self.settings = settings
        self.piece = int(piece_s * SAMPLE_RATE)
        self.search = int(search_s * SAMPLE_RATE)
        self.model = speech_model(settings)
        self._pending: list[np.ndarray] = []
        self._pending_samples = 0
        self._offset = 0  # samples already analysed
        self.words = []
        self.windows = SpeechWindows()
        self.status = StreamProgress()
        self._lock = threading.Lock()
        self.watch = Stopwatch()

    def feed(self, samples: np.ndarray) -> None:
        with self._lock:
            self._pending.append(np.asarray(samples, dtype=np.float32))
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
        transcript = self.watch.run("transcribe", transcribe, piece, self.model, self.settings.transcribe)
        self.words += [type(w)(round(w.start + offset_s, 3), round(w.end + offset_s, 3), w.text, w.p)
                       for w in transcript.words]
        self.windows.extend(self.watch.run("embed", embed_speech, piece, self.settings.diarize, offset_s=offset_s))
        self._offset += len(samples)
        self.status.analysed_s, self.status.words = self._offset / SAMPLE_RATE, len(self.words)

    def finish(self, source: dict, known: Known = Known(), extra_timings: dict | None = None,
               whole_audio: Callable[[], Audio] | None = None) -> SessionAnalysis:
        """Analyse what is left, then cluster, label and interpret everything.

        With the pyannote backend, `whole_audio` gives the recording (decrypted into memory) for its pipeline.
        """
        with self._lock:
            if self._pending_samples:
                self._analyse(np.concatenate(self._pending))
                self._pending, self._pending_samples = [], 0
        duration = self._offset / SAMPLE_RATE
        while_recording = dict(self.watch.timings)
        self.watch.timings = dict(extra_timings or {})
        if self.settings.backend == "pyannote" and whole_audio is not None:
            who = self.watch.run("diarize", diarize_with_pyannote, whole_audio(), self.settings)
        else:
            who = self.watch.run("cluster", who_spoke, self.windows, self.settings.diarize, "recording")
        analysis = assemble(Transcript(self.words, "en", duration), who, duration, source,
                            self.settings, known, watch=self.watch)
        analysis.timings_s = {**analysis.timings_s, **{f"{k}_while_recording": v for k, v in while_recording.items()}}
        return analysis
