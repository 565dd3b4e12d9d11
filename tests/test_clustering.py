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


def two_voices_and_outliers(seed=0):
    """Two real voices (cosine distance 0.7: told apart by distance) with 150 local speakers each (minutes of
    talk), and four small clusters of odd windows (coughs, crosstalk) far from both: distance finds six."""
    rng = np.random.default_rng(seed)
    dim = 192
    a, b = np.zeros(dim), np.zeros(dim)
    a[0], b[0], b[1] = 1.0, 0.3, np.sqrt(1 - 0.09)
    centres = [a, b] + [rng.standard_normal(dim) for _ in range(4)]
    sizes = [150, 150, 8, 8, 8, 8]
    points = np.concatenate([c / np.linalg.norm(c) + 0.02 * rng.standard_normal((n, dim)) for c, n in zip(centres, sizes)])
    return points.astype(np.float32), np.repeat(np.arange(6), sizes)


def test_a_maximum_below_what_distance_finds_folds_minor_clusters_and_never_mixes_two_voices():
    """Issue 20: with `--max-speakers 3` on two real voices and outliers, re-cutting the tree at three merged
    the two voices (their distance is the smallest); the count should only ever remove minor clusters."""
    from balint.analysis.speech.diarize import DiarizeOptions as RoomOptions
    from balint.analysis.speech.diarize.clustering import speaker_clusters

    x, truth = two_voices_and_outliers()
    estimated = speaker_clusters(x, RoomOptions())
    assert len(np.unique(estimated)) == 6
    for most in (3, 2):
        labels = speaker_clusters(x, RoomOptions(max_speakers=most))
        assert len(np.unique(labels)) == most
        voices = truth < 2
        assert agreement(labels[voices], truth[voices]) == 1.0  # each real voice whole, and the two apart
        assert labels[truth == 0][0] != labels[truth == 1][0]
    exact = speaker_clusters(x, RoomOptions(speakers=2))
    assert agreement(exact, truth) >= 300 / 332 and exact[truth == 0][0] != exact[truth == 1][0]


def test_a_count_the_voices_do_not_support_is_said_not_forced(caplog):
    """`--speakers 8` over two voices: two speakers, a warning on stderr, and a line in the report."""
    from balint.analysis.pipeline import interpret
    from balint.analysis.speech.diarize import DiarizeOptions as RoomOptions
    from balint.analysis.speech.diarize.clustering import speaker_clusters
    from balint.analysis.types import SessionAnalysis, Turn, Unit

    x, truth = blobs([200, 200], spread=0.1, dim=192)
    with caplog.at_level("WARNING", logger="balint"):
        labels = speaker_clusters(x, RoomOptions(speakers=8))
    assert len(np.unique(labels)) == 2 and agreement(labels, truth) == 1.0
    assert "8 speakers expected, 2 voices told apart" in caplog.text
    units = [Unit(i, f"SPEAKER_0{i % 2}", 10.0 * i, 10.0 * i + 5, "We talked.") for i in range(6)]
    analysis = SessionAnalysis(source={}, duration_s=60.0, speakers=["SPEAKER_00", "SPEAKER_01"],
                               turns=[Turn(u.speaker, u.start, u.end) for u in units], units=units, models=[],
                               settings={"diarize": {"speakers": 8}}, timings_s={})
    said = [o.text for o in interpret(analysis).observations if o.kind == "uncertainty"]
    assert any(text.startswith("8 speakers were expected, 2 voices were told apart") for text in said), said


def test_two_people_talking_at_once_are_never_one_speaker():
    """Two pieces of different local speakers that overlap in time go to different speakers, even where both
    lie nearest one centroid; pieces of one local speaker, or apart in time, keep their nearest."""
    from balint.analysis.speech.diarize.overlap_aware import _apart

    centroids = np.eye(3, dtype=np.float32)
    embeddings = np.array([[1, 0, 0], [0.9, 0.3, 0], [0.8, 0, 0.6], [1, 0, 0]], np.float32)
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    pieces = np.array([[0, 0, 100], [1, 50, 150], [2, 200, 300], [0, 120, 180]])  # local speaker, first, end
    labels = _apart(pieces, np.zeros(4, int), embeddings, centroids)
    assert labels[0] == 0 and labels[1] == 1  # at once: the one further from speaker 0 takes its next nearest
    assert labels[2] == 0 and labels[3] == 0  # apart in time, or the same local speaker: no constraint


def test_the_embedded_backend_holds_a_minimum():
    """GE2E's average linkage finds two speakers in two tight blobs; `--min-speakers 3` asks for three."""
    from balint.analysis.speech.diarize import DiarizeOptions
    from balint.analysis.speech.diarize.clustering import cluster

    x, _ = blobs([100, 100], spread=0.1, dim=64)
    assert len(np.unique(cluster(x, DiarizeOptions()))) == 2
    assert len(np.unique(cluster(x, DiarizeOptions(min_speakers=3)))) == 3


def test_a_piece_takes_the_embedding_of_the_window_where_its_talk_is_most_central():
    """Each moment is seen by four windows, but embedded once: by the window whose middle holds it. A window
    that sees the same talk off-centre takes that embedding (the local speaker sharing most of its frames,
    whatever its number there); one whose talk no central view shares gets none, and is embedded itself."""
    from balint.analysis.speech.diarize.overlap_aware import OverlapAwareDiarizer, _Segmented
    from balint.models.room_models import CHUNK_FRAMES, EMBEDDING_SIZE, FRAME_STEP_S

    step = int(round(2.5 / FRAME_STEP_S))  # frames between two windows' starts
    earlier, central = np.zeros((CHUNK_FRAMES, 3), np.uint8), np.zeros((CHUNK_FRAMES, 3), np.uint8)
    earlier[440:560, 0] = 1  # off-centre in the earlier window: local speaker 0, two seconds
    central[440 - step:560 - step, 2] = 1  # the same moment is near the middle of the next: local speaker 2
    earlier[330:390, 1] = 1  # talk this window holds most centrally
    windows = [_Segmented(0.0, earlier, np.array([[0, 440, 560], [1, 330, 390]]), [], -np.inf, 6.25),
               _Segmented(2.5, central, np.array([[2, 440 - step, 560 - step]]), [], 6.25, 8.75)]
    assert windows[0].owned().tolist() == [False, True] and windows[1].owned().tolist() == [True]
    windows[1].embeddings[0] = np.eye(EMBEDDING_SIZE, dtype=np.float32)[7]
    diarizer = OverlapAwareDiarizer()
    diarizer._open = windows
    assert np.argmax(diarizer._central_view(windows[0], windows[0].pieces[0])) == 7
    assert diarizer._central_view(windows[0], windows[0].pieces[1]) is None  # its own: it lies central here
    central[:] = 0  # had the next window heard nobody there, the talk would be embedded where it was found
    assert diarizer._central_view(windows[0], windows[0].pieces[0]) is None
