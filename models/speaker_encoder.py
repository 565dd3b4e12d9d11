"""The embedded speaker encoder: resemblyzer's GE2E network, run by onnxruntime.

The network was converted once from resemblyzer's `pretrained.pt` by
`tools/convert_speaker_encoder.py`; this module re-implements its
preprocessing in numpy so that neither torch nor librosa is needed at run time.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from .runtime import onnx_session

SAMPLE_RATE = 16_000
N_FFT = 400  # 25 ms
HOP = 160  # 10 ms: one mel frame
N_MELS = 40
WINDOW_FRAMES = 160  # 1.6 s: the partial-utterance length the network was trained on
TARGET_DBFS = -30.0  # resemblyzer raises quieter audio to this level, never lowers it
EMBEDDING_SIZE = 256

MODEL_DIR = Path(__file__).resolve().parent
ONNX_PATH = MODEL_DIR / "speaker_encoder.onnx"
MANIFEST_PATH = MODEL_DIR / "speaker_encoder.json"


def _hz_to_mel(hz: np.ndarray | float) -> np.ndarray:
    """Slaney's mel scale (librosa's default): linear below 1 kHz, logarithmic above."""
    hz = np.asarray(hz, dtype=np.float64)
    f_sp = 200.0 / 3
    min_log_hz, logstep = 1000.0, np.log(6.4) / 27.0
    linear = hz / f_sp
    log = min_log_hz / f_sp + np.log(np.maximum(hz, min_log_hz) / min_log_hz) / logstep
    return np.where(hz >= min_log_hz, log, linear)


def _mel_to_hz(mel: np.ndarray) -> np.ndarray:
    mel = np.asarray(mel, dtype=np.float64)
    f_sp = 200.0 / 3
    min_log_hz, logstep = 1000.0, np.log(6.4) / 27.0
    min_log_mel = min_log_hz / f_sp
    return np.where(mel >= min_log_mel, min_log_hz * np.exp(logstep * (mel - min_log_mel)), f_sp * mel)


@lru_cache(maxsize=1)
def mel_filterbank() -> np.ndarray:
    """(n_mels, n_fft/2+1) Slaney-normalised triangular filters, as librosa.filters.mel builds them."""
    fft_freqs = np.fft.rfftfreq(N_FFT, 1.0 / SAMPLE_RATE)
    mel_freqs = _mel_to_hz(np.linspace(_hz_to_mel(0.0), _hz_to_mel(SAMPLE_RATE / 2), N_MELS + 2))
    widths = np.diff(mel_freqs)
    ramps = mel_freqs[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / widths[:-1, None]
    upper = ramps[2:] / widths[1:, None]
    weights = np.maximum(0.0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_freqs[2:] - mel_freqs[:-2]))[:, None]
    return weights.astype(np.float32)


def mel_power_frames(audio: np.ndarray) -> np.ndarray:
    """(frames, 40) mel power spectrogram, centred frames with zero padding, one frame per 10 ms.

    Matches resemblyzer's `wav_to_mel_spectrogram` (librosa melspectrogram, power 2, no log).
    """
    audio = np.asarray(audio, dtype=np.float32)
    padded = np.pad(audio, N_FFT // 2)
    n_frames = 1 + (len(padded) - N_FFT) // HOP
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)
    filters = mel_filterbank()
    out = np.empty((n_frames, N_MELS), dtype=np.float32)
    block = 4096  # frames per block: bounds memory on long recordings
    for first in range(0, n_frames, block):
        count = min(block, n_frames - first)
        idx = (first + np.arange(count))[:, None] * HOP + np.arange(N_FFT)[None, :]
        spectrum = np.fft.rfft(padded[idx] * window, axis=1)
        power = (spectrum.real**2 + spectrum.imag**2).astype(np.float32)
        out[first : first + count] = power @ filters.T
    return out


def loudness_gain(samples: np.ndarray) -> float:
    """Power gain that raises `samples` to −30 dBFS (never lowers), as resemblyzer's normalize_volume."""
    mean_square = float(np.mean(np.square(samples, dtype=np.float64))) if len(samples) else 0.0
    if mean_square <= 1e-12:
        return 1.0
    change_db = TARGET_DBFS - 10.0 * np.log10(mean_square)
    return float(10.0 ** (change_db / 10.0)) if change_db > 0 else 1.0


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest() -> dict:
    """Name, version, licence, source and checksum of the committed ONNX file."""
    return json.loads(MANIFEST_PATH.read_text())


class SpeakerEncoder:
    """Maps 1.6 s mel windows to L2-normalised 256-d speaker embeddings."""

    def __init__(self, threads: int = 2, path: Path = ONNX_PATH):
        self._session = onnx_session(path, threads)
        self._input = self._session.get_inputs()[0].name

    def embed_mels(self, windows: np.ndarray, batch: int = 64) -> np.ndarray:
        """(n, 160, 40) mel power windows → (n, 256) embeddings."""
        windows = np.ascontiguousarray(windows, dtype=np.float32)
        out = np.empty((len(windows), EMBEDDING_SIZE), dtype=np.float32)
        for first in range(0, len(windows), batch):
            part = windows[first : first + batch]
            out[first : first + len(part)] = self._session.run(None, {self._input: part})[0]
        return out
