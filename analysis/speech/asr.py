"""Speech recognition with faster-whisper: audio in memory → timed words, with the options that made them."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from functools import lru_cache

from balint.analysis.speech.audio import Audio
from balint.analysis.types import Progress, Word, no_progress
from balint.models.catalog import ModelInfo, embedded_model_files


@dataclass(frozen=True)
class TranscribeOptions:
    """Every option passed to faster-whisper, in one place (and recorded in session.json)."""

    beam_size: int = 5
    threads: int = 2
    language: str = "en"
    compute_type: str = "int8"
    vad_filter: bool = True  # without it Whisper loops on long silences (WER 0.86 on a 6.7 s lead-in)
    word_timestamps: bool = True  # alignment needs each word's time
    condition_on_previous_text: bool = False  # keeps one bad segment from derailing the next on long files


@dataclass(frozen=True)
class DetectedLanguage:
    """What the multilingual model heard first, and how sure it was."""

    language: str
    probability: float


@dataclass
class Transcript:
    """What faster-whisper heard, and what produced it (as its `TranscriptionInfo` does)."""

    words: list[Word]
    language: str
    speech_s: float  # duration the recogniser's VAD kept
    model: ModelInfo | None = None
    options: TranscribeOptions = field(default_factory=TranscribeOptions)
    detected: DetectedLanguage | None = None  # where the language was heard, not given


@lru_cache(maxsize=1)
def _whisper(path: str, compute_type: str, threads: int):
    """One loaded model per process: a recording transcribes piece after piece with it. The embedded multilingual
    model loads from memory (its halves joined there), any other from its folder."""
    from faster_whisper import WhisperModel

    files = embedded_model_files(path)
    return WhisperModel(path, device="cpu", compute_type=compute_type, cpu_threads=threads, local_files_only=True,
                        files=files)


def detect_language(audio: Audio, model: ModelInfo, threads: int = 2, compute_type: str = "int8",
                    windows: int = 3) -> DetectedLanguage | None:
    """The language of the first speech, by the multilingual model: its first 30 s, and up to `windows` × 30 s
    while the model is unsure (p ≤ 0.5); None where there is no speech to listen to."""
    whisper = _whisper(model.path, compute_type, threads)
    try:
        language, probability, _ = whisper.detect_language(audio.samples, vad_filter=True,
                                                           language_detection_segments=windows)
    except ValueError:  # the VAD kept nothing to listen to
        return None
    return DetectedLanguage(language, round(float(probability), 3))


def release_speech_model() -> None:
    """Free the Whisper model (hundreds of MB) before the next stage loads its own, on a small laptop."""
    _whisper.cache_clear()
    gc.collect()


def transcribe(audio: Audio, model: ModelInfo, options: TranscribeOptions = TranscribeOptions(),
               progress: Progress = no_progress) -> Transcript:
    """Words with times and probabilities."""
    whisper = _whisper(model.path, options.compute_type, options.threads)
    segments, info = whisper.transcribe(
        audio.samples,
        language=options.language,
        beam_size=options.beam_size,
        vad_filter=options.vad_filter,
        word_timestamps=options.word_timestamps,
        condition_on_previous_text=options.condition_on_previous_text,
    )
    words: list[Word] = []
    total = max(audio.duration_s, 1e-9)
    progress("transcribe", 0.0, total)
    for segment in segments:
        for word in segment.words or []:
            text = word.word.strip()
            if text:
                words.append(Word(round(word.start, 3), round(word.end, 3), text, round(word.probability, 4)))
        progress("transcribe", min(segment.end, total), total)
    progress("transcribe", total, total)
    return Transcript(words, info.language, float(info.duration_after_vad), model, options)
