"""Clustering gives the known number of speakers, ignores outlier windows, and stays bounded in memory."""

import numpy as np

from balint.analysis.speech.diarize.embedded import DiarizeOptions, cluster


def blobs(sizes, spread=0.15, dim=256, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((len(sizes), dim))
    points = np.concatenate([c + spread * np.linalg.norm(c) / np.sqrt(dim) * rng.standard_normal((n, dim))
                             for c, n in zip(centres, sizes)])
    truth = np.repeat(np.arange(len(sizes)), sizes)
    return points.astype(np.float32), truth


def agreement(labels, truth):
    """Share of windows whose cluster's majority truth label is their own."""
    hits = 0
    for k in np.unique(labels):
        hits += np.bincount(truth[labels == k]).max()
    return hits / len(truth)


def test_known_count_recovers_eight_speakers_of_unequal_talk_time():
    x, truth = blobs([300, 40, 120, 25, 60, 200, 30, 80])
    labels = cluster(x, DiarizeOptions(speakers=8))
    assert len(np.unique(labels)) == 8
    assert agreement(labels, truth) > 0.98


def test_unknown_count_is_estimated():
    x, truth = blobs([200, 150, 100])
    labels = cluster(x, DiarizeOptions())
    assert len(np.unique(labels)) == 3 and agreement(labels, truth) > 0.98


def test_ninety_minutes_of_windows_go_through_the_bounded_path():
    """13,500 windows (90 min at 0.4 s) are reduced by k-means first: no dense n² matrix."""
    x, truth = blobs([3000, 2500, 2000, 1500, 1500, 1000, 1000, 1000])
    options = DiarizeOptions(speakers=8)
    assert len(x) > options.max_direct_windows
    labels = cluster(x, options)
    assert len(np.unique(labels)) == 8 and agreement(labels, truth) > 0.98


def test_one_speaker_and_one_window():
    x, _ = blobs([50])
    assert set(cluster(x, DiarizeOptions(speakers=1))) == {0}
    assert list(cluster(x[:1], DiarizeOptions(speakers=3))) == [0]
