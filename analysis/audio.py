"""The only place that knows about audio formats: anything faster-whisper can decode becomes 16 kHz mono float32, in memory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from analysis.types import BalintError

SAMPLE_RATE = 16_000
MAX_HOURS = 6.0  # a Balint meeting is 1–2 h; more is almost certainly the wrong file
SILENCE_RMS = 1e-4  # about −80 dBFS: digital silence, or a muted microphone


@dataclass(frozen=True)
class Audio:
    samples: np.ndarray  # float32, mono, 16 kHz
    source: str

    @property
    def duration_s(self) -> float:
        return len(self.samples) / SAMPLE_RATE


def load_audio(path: str | Path, max_hours: float = MAX_HOURS) -> Audio:
    """Decode `path` (wav, flac, mp3, m4a, ogg, …) to 16 kHz mono without writing any file."""
    path = Path(path)
    if not path.exists():
        raise BalintError(f"{path}: no such file")
    if path.is_dir():
        raise BalintError(f"{path} is a directory: give an audio file")
    if path.stat().st_size == 0:
        raise BalintError(f"{path} is empty (0 bytes): nothing to analyse")
    import av
    from faster_whisper.audio import decode_audio

    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise BalintError(f"{path} has no audio stream")
            if container.duration and container.duration / av.time_base > max_hours * 3600:
                hours = container.duration / av.time_base / 3600
                raise BalintError(f"{path} is {hours:.1f} h long; balint analyses up to {max_hours:g} h per file")
        samples = decode_audio(str(path), sampling_rate=SAMPLE_RATE)
    except av.error.FFmpegError as error:
        raise BalintError(f"{path} is not an audio file balint can decode ({error.strerror or error})") from None
    return Audio(np.asarray(samples, dtype=np.float32), str(path))


def check_has_sound(audio: Audio) -> None:
    """Refuse empty or silent recordings before spending minutes on them."""
    if audio.duration_s < 0.5:
        raise BalintError(f"{audio.source} holds {audio.duration_s:.2f} s of audio: too short to analyse")
    rms = float(np.sqrt(np.mean(np.square(audio.samples, dtype=np.float64))))
    if rms < SILENCE_RMS:
        raise BalintError(
            f"{audio.source} is silent ({audio.duration_s:.0f} s, level {20 * np.log10(max(rms, 1e-12)):.0f} dBFS): "
            "check the microphone or the file"
        )
