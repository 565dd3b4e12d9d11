"""Speech recognition with faster-whisper: audio in memory → timed words."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from analysis.audio import Audio
from analysis.types import Progress, Word, no_progress
from models.catalog import ModelInfo


@dataclass(frozen=True)
class TranscribeOptions:
    beam_size: int = 5
    threads: int = 2
    language: str = "en"
    compute_type: str = "int8"


@lru_cache(maxsize=1)
def _whisper(path: str, compute_type: str, threads: int):
    """One loaded model per process: a recording transcribes piece after piece with it."""
    from faster_whisper import WhisperModel

    return WhisperModel(path, device="cpu", compute_type=compute_type, cpu_threads=threads, local_files_only=True)


@dataclass
class Transcript:
    words: list[Word]
    language: str
    speech_s: float  # duration the recogniser's VAD kept


def transcribe(audio: Audio, model: ModelInfo, options: TranscribeOptions = TranscribeOptions(),
               progress: Progress = no_progress) -> Transcript:
    """Words with times and probabilities; VAD on (without it Whisper loops on long silences)."""
    whisper = _whisper(model.path, options.compute_type, options.threads)
    segments, info = whisper.transcribe(
        audio.samples,
        language=options.language,
        beam_size=options.beam_size,
        vad_filter=True,
        word_timestamps=True,
        condition_on_previous_text=False,
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
    return Transcript(words, info.language, float(info.duration_after_vad))
