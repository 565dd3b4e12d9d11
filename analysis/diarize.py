"""The embedded diariser: who spoke when, with no download and no torch.

Silero VAD (shipped with faster-whisper) finds speech; the GE2E speaker encoder
embeds 1.6 s windows every 0.4 s inside it; the windows are clustered (into the
known number of speakers when the consent step gave one); each 0.1 s of speech
goes to the speaker of the nearest window. The result is a
`pyannote.core.Annotation`, the ecosystem's who-spoke-when type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from pyannote.core import Annotation, Segment

from analysis.audio import SAMPLE_RATE, Audio
from analysis.types import MAX_SPEAKERS, BalintError, Progress, Turn, no_progress, session_uri
from models.speaker_encoder import HOP, WINDOW_FRAMES, SpeakerEncoder, loudness_gain, mel_power_frames

WINDOW_S = WINDOW_FRAMES * HOP / SAMPLE_RATE  # 1.6 s
FRAME_S = 0.1  # resolution of the output turns


@dataclass(frozen=True)
class DiarizeOptions:
    speakers: int | None = None  # known count (from consent); None: estimate
    max_speakers: int = MAX_SPEAKERS
    hop_s: float = 0.4
    threads: int = 2
    vad_threshold: float = 0.3  # AMI far-field speech is missed at Silero's default 0.5
    min_silence_ms: int = 300
    speech_pad_ms: int = 100
    auto_threshold: float = 0.3  # cosine distance at which clusters stop merging when the count is unknown
    min_cluster_share: float = 0.02  # clusters holding less speech than this are absorbed by their nearest neighbour
    max_direct_windows: int = 2000  # above this, k-means first reduces windows to this many centroids
    smoothing_frames: int = 5  # median filter over 0.1 s frames: removes sub-0.5 s speaker flips


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


def _normalise(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)


def _spherical_kmeans(x: np.ndarray, k: int, iterations: int = 10, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Centroids and assignments; memory stays O(n·k) in float32, never O(n²)."""
    rng = np.random.default_rng(seed)
    centroids = x[rng.choice(len(x), size=k, replace=False)].copy()
    for _ in range(iterations):
        assign = np.argmax(x @ centroids.T, axis=1)
        sums = np.zeros_like(centroids)
        np.add.at(sums, assign, x)
        empty = ~sums.any(axis=1)
        sums[empty] = centroids[empty]
        centroids = _normalise(sums)
    return centroids, np.argmax(x @ centroids.T, axis=1)


def cluster(embeddings: np.ndarray, options: DiarizeOptions) -> np.ndarray:
    """A speaker index per window: hierarchical clustering, then a few k-means steps to refine it."""
    x = _normalise(embeddings.astype(np.float32))
    if len(x) == 1:
        return np.zeros(1, dtype=int)
    if len(x) > options.max_direct_windows:
        points, member_of = _spherical_kmeans(x, options.max_direct_windows)
        weights = np.bincount(member_of, minlength=len(points))
    else:
        points, member_of, weights = x, np.arange(len(x)), np.ones(len(x), dtype=int)
    return _refine(x, _partition(points, weights, options)[member_of])


def _partition(points: np.ndarray, weights: np.ndarray, options: DiarizeOptions) -> np.ndarray:
    """Known count: Ward's tree cut at that count (outlier clusters folded in). Unknown: average linkage
    cut at a cosine distance. Ward resists the outlier clusters that average linkage keeps as "speakers"
    (pyannote sample DER 0.09 vs 0.45), but its distances have no fixed scale to threshold."""
    from scipy.cluster.hierarchy import fcluster, linkage

    wanted = options.speakers
    if wanted is None:
        tree = linkage(points.astype(np.float64), method="average", metric="cosine")
        labels = fcluster(tree, t=options.auto_threshold, criterion="distance") - 1
        labels = _absorb_small(points, labels, weights, options.min_cluster_share)
        return _cap(points, labels, weights, options.max_speakers)
    wanted = min(wanted, len(points))
    tree = linkage(points.astype(np.float64), method="ward")  # Euclidean on unit vectors ~ cosine
    # Over-cut, then fold tiny clusters (outlier windows) in, until `wanted` real ones remain.
    for extra in range(0, 2 * wanted + 1):
        cut = fcluster(tree, t=min(len(points), wanted + extra), criterion="maxclust") - 1
        cut = _absorb_small(points, cut, weights, options.min_cluster_share)
        if len(np.unique(cut)) >= wanted:
            return _cap(points, cut, weights, wanted)
    return fcluster(tree, t=wanted, criterion="maxclust") - 1


def _centroids(x: np.ndarray, labels: np.ndarray, weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    ids = np.unique(labels)
    w = np.ones(len(x)) if weights is None else weights
    cents = np.stack([_normalise((x[labels == i] * w[labels == i, None]).sum(0, keepdims=True))[0] for i in ids])
    return ids, cents


def _absorb_small(points: np.ndarray, labels: np.ndarray, weights: np.ndarray, share: float) -> np.ndarray:
    """Move members of clusters below `share` of all windows to the nearest larger cluster."""
    labels = labels.copy()
    ids = np.unique(labels)
    sizes = np.array([weights[labels == i].sum() for i in ids])
    small = sizes < share * weights.sum()
    if small.any() and not small.all():
        big_mask = np.isin(labels, ids[~small])
        big_ids, cents = _centroids(points[big_mask], labels[big_mask], weights[big_mask])
        labels[~big_mask] = big_ids[np.argmax(points[~big_mask] @ cents.T, axis=1)]
    return _relabel(labels)


def _cap(points: np.ndarray, labels: np.ndarray, weights: np.ndarray, most: int) -> np.ndarray:
    """Merge the two closest clusters until at most `most` remain."""
    labels = labels.copy()
    while len(np.unique(labels)) > most:
        ids, cents = _centroids(points, labels, weights)
        similarity = cents @ cents.T
        np.fill_diagonal(similarity, -np.inf)
        a, b = np.unravel_index(np.argmax(similarity), similarity.shape)
        labels[labels == ids[b]] = ids[a]
    return _relabel(labels)


def _refine(x: np.ndarray, labels: np.ndarray, iterations: int = 3) -> np.ndarray:
    """A few k-means steps from the clustering: undoes average linkage's boundary mistakes."""
    for _ in range(iterations):
        ids, cents = _centroids(x, labels)
        updated = ids[np.argmax(x @ cents.T, axis=1)]
        if np.array_equal(updated, labels):
            break
        labels = updated
    return _relabel(labels)


def _relabel(labels: np.ndarray) -> np.ndarray:
    """Speaker indices 0..k-1 in order of first appearance."""
    order = {old: new for new, old in enumerate(dict.fromkeys(labels.tolist()))}
    return np.array([order[v] for v in labels.tolist()], dtype=int)


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

    def extend(self, other: "SpeechWindows") -> None:
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
    if options.speakers is not None and options.speakers < 1:
        raise BalintError("--speakers must be at least 1")
    if not windows.regions:
        return Annotation(uri=uri)
    labels = cluster(windows.embeddings, options)
    return frames_to_annotation(windows.regions, windows.starts, labels, options, uri=uri)


def diarize(audio: Audio, options: DiarizeOptions = DiarizeOptions(), progress: Progress = no_progress) -> Annotation:
    """Who spoke when, as a pyannote.core.Annotation with labels SPEAKER_00, SPEAKER_01, …"""
    return who_spoke(embed_speech(audio, options, progress), options, session_uri(audio.source))


def turns_of(annotation: Annotation) -> list[Turn]:
    return [Turn(str(label), round(seg.start, 3), round(seg.end, 3))
            for seg, _, label in annotation.itertracks(yield_label=True)]
