"""The only place that knows about audio formats: anything faster-whisper can decode becomes 16 kHz mono float32, in memory."""

from __future__ import annotations

import logging
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from balint.analysis.files import check_input_file
from balint.analysis.types import BalintError

SAMPLE_RATE = 16_000
MAX_HOURS = 6.0  # a Balint meeting is 1–2 h; more is almost certainly the wrong file
SILENCE_RMS = 1e-4  # about −80 dBFS: digital silence, or a muted microphone
PLAUSIBLE_RATES = (4_000, 768_000)  # Hz; outside this a header is corrupt (a 1 Hz header inflates memory to GBs)
MAX_CHANNELS = 64
TRUNCATION_TOLERANCE_S = 1.0

log = logging.getLogger("balint")


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
    check_input_file(path)
    import av
    from faster_whisper.audio import decode_audio

    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            claimed_s = _check_header(path, container)
        samples = decode_audio(str(path), sampling_rate=SAMPLE_RATE)
    except av.error.FFmpegError as error:
        raise BalintError(f"{path} is not an audio file balint can decode ({error.strerror or error})") from None
    audio = Audio(np.asarray(samples, dtype=np.float32), str(path))
    if claimed_s is not None and audio.duration_s < claimed_s - TRUNCATION_TOLERANCE_S:
        log.warning("%s looks truncated: %.1f s decoded of the %.1f s its header claims; analysing what is there",
                    path, audio.duration_s, claimed_s)
    return audio


def _check_header(path: Path, container) -> float | None:
    """Refuse what no recording looks like before decoding anything; the duration the header claims."""
    import av

    if not container.streams.audio:
        raise BalintError(f"{path} has no audio stream")
    stream = container.streams.audio[0]
    rate, channels = stream.codec_context.sample_rate, stream.codec_context.channels
    if not PLAUSIBLE_RATES[0] <= (rate or 0) <= PLAUSIBLE_RATES[1]:
        raise BalintError(f"{path} claims a sample rate of {rate} Hz: the file is damaged or not a recording")
    if not 1 <= (channels or 0) <= MAX_CHANNELS:
        raise BalintError(f"{path} claims {channels} audio channels: the file is damaged or not a recording")
    claimed = _wav_data_seconds(path)
    if claimed is None and stream.duration and stream.time_base:
        claimed = float(stream.duration * stream.time_base)
    if claimed is None and container.duration:
        claimed = container.duration / av.time_base
    if claimed is not None and claimed > MAX_HOURS * 3600:
        raise BalintError(f"{path} is {claimed / 3600:.1f} h long; balint analyses up to {MAX_HOURS:g} h per file")
    return claimed


def _wav_data_seconds(path: Path) -> float | None:
    """What a WAV header's data chunk claims (the decoder goes by the file's size, so it misses truncation)."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    offset, byte_rate = 12, 0
    while offset + 8 <= len(head):
        kind, size = head[offset:offset + 4], struct.unpack("<I", head[offset + 4:offset + 8])[0]
        if kind == b"fmt " and offset + 20 <= len(head):
            byte_rate = struct.unpack("<I", head[offset + 16:offset + 20])[0]
        if kind == b"data":
            return size / byte_rate if byte_rate and 0 < size < 0xFFFFFFFF else None  # 0 or max: a streamed WAV
        offset += 8 + size + (size & 1)
    return None


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
