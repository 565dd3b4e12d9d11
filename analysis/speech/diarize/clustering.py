"""Clustering speaker embeddings into speakers, in bounded memory. Two entry points:

- `cluster` (the GE2E diariser's windows): with a known count, Ward's tree is cut at that count
  (outlier clusters folded in); without one, average linkage is cut at a cosine distance.
- `speaker_clusters` (the overlap-aware diariser's pieces): average linkage cut at a distance; a
  count only ever folds minor clusters in, never splits or mixes voices.

A few k-means steps then refine the result. Above `max_direct_windows` embeddings, spherical
k-means first reduces them to that many centroids, so memory stays O(n·k), never O(n²).
"""

from __future__ import annotations

import logging
from dataclasses import replace

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage  # here, not at first use: a recording's stop would pay 0.4 s

from balint.analysis.speech.diarize import DiarizeOptions

log = logging.getLogger(__name__)


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
    points, member_of, weights = _reduced(x, options.max_direct_windows)
    return _refine(x, _partition(points, weights, options)[member_of])


def _reduced(x: np.ndarray, most: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """At most `most` points to cluster, each input's point and each point's weight: above `most`, equal rows
    once (the overlap-aware diariser's pieces share the embedding of their talk's central view), then
    spherical k-means centroids if still too many. Memory O(n·most), never O(n²)."""
    if len(x) <= most:
        return x, np.arange(len(x)), np.ones(len(x), dtype=int)
    distinct, member_of = np.unique(x, axis=0, return_inverse=True)
    if len(distinct) > most:
        centroids, nearest = _spherical_kmeans(distinct, most)
        distinct, member_of = centroids, nearest[member_of]
    return distinct, member_of, np.bincount(member_of, minlength=len(distinct))


def _partition(points: np.ndarray, weights: np.ndarray, options: DiarizeOptions) -> np.ndarray:
    """Known count: Ward's tree cut at that count (outlier clusters folded in). Unknown: average linkage
    cut at a cosine distance, held within the minimum and maximum. Ward resists the outlier clusters that
    average linkage keeps as "speakers" (pyannote sample DER 0.09 vs 0.45), but its distances have no fixed
    scale to threshold."""
    wanted = options.speakers
    if wanted is None:
        tree = linkage(points.astype(np.float64), method="average", metric="cosine")
        labels = fcluster(tree, t=options.auto_threshold, criterion="distance") - 1
        labels = _cap(points, _absorb_small(points, labels, weights, options.min_cluster_share), weights,
                      options.max_speakers)
        if options.min_speakers and len(np.unique(labels)) < options.min_speakers:  # Ward's cut at the minimum
            return _partition(points, weights, replace(options, speakers=options.min_speakers))
        return labels
    if wanted > len(points):
        log.warning("%d speakers asked for, but only %d stretches of speech to tell apart: using %d",
                    wanted, len(points), len(points))
        wanted = len(points)
    tree = linkage(points.astype(np.float64), method="ward")  # Euclidean on unit vectors ~ cosine
    # Over-cut, then fold tiny clusters (outlier windows) in, until `wanted` real ones remain.
    for extra in range(0, 2 * wanted + 1):
        cut = fcluster(tree, t=min(len(points), wanted + extra), criterion="maxclust") - 1
        cut = _absorb_small(points, cut, weights, options.min_cluster_share)
        if len(np.unique(cut)) >= wanted:
            return _cap(points, cut, weights, wanted)
    log.info("every cut left fewer than %d clusters of %.0f%% of the speech or more: small clusters kept", wanted,
             100 * options.min_cluster_share)
    return fcluster(tree, t=wanted, criterion="maxclust") - 1


def _centroids(x: np.ndarray, labels: np.ndarray, weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    ids = np.unique(labels)
    w = np.ones(len(x)) if weights is None else weights
    cents = np.stack([_normalise((x[labels == i] * w[labels == i, None]).sum(0, keepdims=True))[0] for i in ids])
    return ids, cents


def _absorb_small(points: np.ndarray, labels: np.ndarray, weights: np.ndarray, share: float) -> np.ndarray:
    """Move members of clusters below `share` of all windows to the nearest larger cluster."""
    ids, sizes = _sizes(labels, weights)
    small = sizes < share * weights.sum()
    labels = labels.copy()
    if small.any() and not small.all():
        big = np.isin(labels, ids[~small])
        big_ids, cents = _centroids(points[big], labels[big], weights[big])
        labels[~big] = big_ids[np.argmax(points[~big] @ cents.T, axis=1)]
    return _relabel(labels)


def _fewer_voices(points: np.ndarray, labels: np.ndarray, weights: np.ndarray, most: int, tree: np.ndarray,
                  voice: int) -> np.ndarray:
    """At most `most` speakers from the clusters distance found (`labels`). Cutting the tree lower merges the
    closest clusters first, which in a short clip rightly joins one voice's halves; but where a few far outliers
    (coughs, crosstalk) stand beside two real voices, the closest pair is the two people. So the tree's cut is
    kept unless it joins two voices (clusters of at least `voice` pieces); then clusters merge pair by
    closest pair as the tree does, never two voices while a smaller cluster is left: a maximum only folds minor
    clusters in, it does not mix two people."""
    cut = fcluster(tree, t=most, criterion="maxclust") - 1
    ids, sizes = _sizes(labels, weights)
    voices = set(ids[sizes >= voice].tolist())
    if all(len(voices & set(labels[cut == c].tolist())) <= 1 for c in np.unique(cut)):
        return _relabel(cut)
    labels = labels.copy()
    while len(ids := np.unique(labels)) > most:
        means = np.stack([np.average(points[labels == i], axis=0, weights=weights[labels == i]) for i in ids])
        closeness = means @ means.T  # average linkage: the mean cosine between the two clusters' members
        np.fill_diagonal(closeness, -np.inf)
        is_voice = np.isin(ids, list(voices))
        both = np.outer(is_voice, is_voice)
        if not is_voice.all():
            closeness[both] = -np.inf
        a, b = np.unravel_index(np.argmax(closeness), closeness.shape)
        if ids[b] in voices:
            voices.add(int(ids[a]))
        labels[labels == ids[b]] = ids[a]
    return _relabel(labels)


def _sizes(labels: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ids = np.unique(labels)
    return ids, np.array([weights[labels == i].sum() for i in ids])


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


def speaker_clusters(embeddings: np.ndarray, options: DiarizeOptions) -> np.ndarray:
    """A global speaker per embedding. The count is found by distance (`same_speaker_distance`), then held
    under `max_speakers` (or an exact `speakers`): fewer clusters than distance finds never come from merging
    two voices (`_fewer_voices`). A count or minimum above what distance finds is said, not forced: splitting
    voices to reach it cost more than it gained (nine real voices: DER 0.246 → 0.354; twelve: 0.319 → 0.437)."""
    x = _normalise(embeddings.astype(np.float32))
    if len(x) == 1:
        return np.zeros(1, dtype=int)
    points, member_of, weights = _reduced(x, options.max_direct_windows)
    tree = linkage(points.astype(np.float64), method="average", metric="cosine")
    found = _absorb_small(points, fcluster(tree, t=options.same_speaker_distance, criterion="distance") - 1,
                          weights, options.min_cluster_share)
    count = len(np.unique(found))
    most = min(options.speakers or options.max_speakers, options.max_speakers)
    if count > most:  # minor clusters fold in, two voices are never mixed
        labels = _fewer_voices(points, found, weights, most, tree, options.voice_pieces)[member_of]
    else:
        labels = _relabel(found)[member_of]
    labels = _refine(x, labels)
    asked = (f"count given: {options.speakers}" if options.speakers else
             f"count between {options.min_speakers or 1} and {options.max_speakers}")
    log.info("overlap-aware diariser: %d speakers from %d pieces of speech (%d by distance; %s)",
             len(np.unique(labels)), len(x), count, asked)
    least = options.speakers or options.min_speakers
    if least and len(np.unique(labels)) < least:
        log.warning("%d speakers expected, %d voices told apart: no voice is split to reach the count",
                    least, len(np.unique(labels)))
    return labels
