"""The embedded diariser: who spoke when, with no download and no torch.

Silero VAD (shipped with faster-whisper) finds speech; the GE2E speaker encoder
embeds 1.6 s windows every 0.4 s inside it; the windows are clustered (into the
known number of speakers when the consent step gave one); each 0.1 s of speech
goes to the speaker of the nearest window (clustering.py says how).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from pyannote.core import Annotation, Segment

from balint.analysis.speech.audio import SAMPLE_RATE, Audio
from balint.analysis.speech.diarize import DiarizeOptions
from balint.analysis.speech.diarize.clustering import cluster
from balint.analysis.types import Progress, no_progress
from balint.models.catalog import ModelInfo, speaker_encoder_info, vad_info
from balint.models.speaker_encoder import HOP, WINDOW_FRAMES, SpeakerEncoder, loudness_gain, mel_power_frames

log = logging.getLogger(__name__)

WINDOW_S = WINDOW_FRAMES * HOP / SAMPLE_RATE  # 1.6 s
FRAME_S = 0.1  # resolution of the output turns


def speech_regions(audio: Audio, options: DiarizeOptions) -> list[tuple[float, float]]:
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    vad = VadOptions(threshold=options.vad_threshold, min_silence_duration_ms=options.min_silence_ms,
                     speech_pad_ms=options.speech_pad_ms)
    return [(r["start"] / SAMPLE_RATE, r["end"] / SAMPLE_RATE) for r in get_speech_timestamps(audio.samples, vad)]


def window_starts(regions: list[tuple[float, float]], duration_s: float, hop_s: float) -> np.ndarray:
    """Start times of 1.6 s windows covering each region; a short region gets one window centred on it."""
    starts: list[float] = []
    latest = max(0.0, duration_s - WINDOW_S)
    for begin, end in regions:
        if end - begin <= WINDOW_S:
            starts.append(min(max(0.0, (begin + end - WINDOW_S) / 2), latest))
            continue
        last = end - WINDOW_S
        region_starts = np.arange(begin, last, hop_s)
        starts.extend(region_starts.tolist())
        if last - region_starts[-1] > hop_s / 2:
            starts.append(last)
    return np.asarray(starts, dtype=np.float64)


@lru_cache(maxsize=2)
def _encoder(threads: int) -> SpeakerEncoder:
    return SpeakerEncoder(threads=threads)


def embed_windows(audio: Audio, starts: np.ndarray, options: DiarizeOptions, progress: Progress) -> np.ndarray:
    """(n, 256) embeddings, each window raised to −30 dBFS first as the encoder expects."""
    encoder = _encoder(options.threads)
    mels = mel_power_frames(audio.samples)
    first_frames = np.minimum(np.round(starts * SAMPLE_RATE / HOP).astype(int), max(0, len(mels) - WINDOW_FRAMES))
    embeddings = np.empty((len(starts), 256), dtype=np.float32)
    batch = 64
    for first in range(0, len(starts), batch):
        frames = first_frames[first : first + batch]
        windows = np.zeros((len(frames), WINDOW_FRAMES, mels.shape[1]), dtype=np.float32)
        for i, frame in enumerate(frames):
            piece = mels[frame : frame + WINDOW_FRAMES]
            gain = loudness_gain(audio.samples[frame * HOP : (frame + WINDOW_FRAMES) * HOP])
            windows[i, : len(piece)] = piece * gain
        embeddings[first : first + len(frames)] = encoder.embed_mels(windows)
        progress("diarize", first + len(frames), len(starts))
    return embeddings


def frames_to_annotation(regions: list[tuple[float, float]], starts: np.ndarray, labels: np.ndarray,
                         options: DiarizeOptions, uri: str) -> Annotation:
    """Each 0.1 s frame of speech gets the label of the window centred nearest to it; then smooth."""
    from scipy.ndimage import median_filter

    annotation = Annotation(uri=uri)
    centres = starts + WINDOW_S / 2
    for begin, end in regions:
        times = np.arange(begin, end, FRAME_S) + FRAME_S / 2
        if len(times) == 0:
            continue
        nearest = np.searchsorted(centres, times).clip(1, len(centres) - 1)
        nearest -= (times - centres[nearest - 1]) < (centres[nearest] - times)
        frame_labels = labels[nearest.clip(0, len(labels) - 1)] if len(centres) > 1 else np.zeros(len(times), int)
        if options.smoothing_frames > 1 and len(frame_labels) >= options.smoothing_frames:
            frame_labels = median_filter(frame_labels, size=options.smoothing_frames, mode="nearest")
        change = np.flatnonzero(np.diff(frame_labels)) + 1
        bounds = np.concatenate([[0], change, [len(times)]])
        for a, b in zip(bounds[:-1], bounds[1:]):
            segment = Segment(max(begin, times[a] - FRAME_S / 2), min(end, times[b - 1] + FRAME_S / 2))
            annotation[segment] = f"SPEAKER_{frame_labels[a]:02d}"
    return annotation.support(collar=0.0)


@dataclass
class SpeechWindows:
    """Speech regions and window embeddings, in session time: all that clustering needs, gathered piece by piece."""

    regions: list[tuple[float, float]] = field(default_factory=list)
    starts: np.ndarray = field(default_factory=lambda: np.zeros(0))
    embeddings: np.ndarray = field(default_factory=lambda: np.zeros((0, 256), np.float32))

    def extend(self, other: SpeechWindows) -> None:
        self.regions += other.regions
        self.starts = np.concatenate([self.starts, other.starts])
        self.embeddings = np.concatenate([self.embeddings, other.embeddings])


def embed_speech(audio: Audio, options: DiarizeOptions = DiarizeOptions(), progress: Progress = no_progress,
                 offset_s: float = 0.0) -> SpeechWindows:
    """VAD and speaker embeddings for one stretch of audio that starts `offset_s` into the session."""
    regions = speech_regions(audio, options)
    if not regions:
        return SpeechWindows()
    starts = window_starts(regions, audio.duration_s, options.hop_s)
    progress("diarize", 0, len(starts))
    embeddings = embed_windows(audio, starts, options, progress)
    return SpeechWindows([(a + offset_s, b + offset_s) for a, b in regions], starts + offset_s, embeddings)


def who_spoke(windows: SpeechWindows, options: DiarizeOptions, uri: str) -> Annotation:
    """Cluster the windows and turn them into speaker turns."""
    if not windows.regions:
        return Annotation(uri=uri)
    labels = cluster(windows.embeddings, options)
    log.info("embedded diariser: %d speakers from %d windows (%s)", len(set(labels.tolist())), len(labels),
             f"count given: {options.speakers}" if options.speakers else "count estimated")
    return frames_to_annotation(windows.regions, windows.starts, labels, options, uri=uri)


class EmbeddedDiarizer:
    """`--backend embedded` (GE2E): no download, no torch, about five times faster than the default, no overlap.
    Embeds each piece as it comes; clusters at the end."""

    any_sizes = False  # voice activity is found per piece: short pieces would cut speech at their borders

    def __init__(self, options: DiarizeOptions = DiarizeOptions()):
        self.options = options
        self.windows = SpeechWindows()

    def add(self, audio: Audio, offset_s: float = 0.0, progress: Progress = no_progress) -> None:
        self.windows.extend(embed_speech(audio, self.options, progress, offset_s))

    def finish(self, uri: str, progress: Progress = no_progress) -> Annotation:
        return who_spoke(self.windows, self.options, uri)

    def models(self) -> list[ModelInfo]:
        return [vad_info(), speaker_encoder_info()]
