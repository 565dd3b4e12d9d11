"""The overlap-aware diariser's models, checked without torch: the committed ONNX copies against the torch
originals' outputs on real meeting audio (tests/fixtures/room_models_reference.npz, written by
tools/convert_room_models.py), and our numpy Kaldi fbank against torchaudio's."""

import numpy as np
import pytest

from balint.models.room_models import (
    EMBEDDING_PATH,
    SEGMENTATION_PATH,
    Segmentation,
    SpeakerEmbedding,
    kaldi_fbank,
    local_activity,
    manifest,
)
from balint.models.speaker_encoder import file_sha256
from tests.conftest import ROOT

REFERENCE = np.load(ROOT / "tests" / "fixtures" / "room_models_reference.npz")


def test_the_committed_files_are_the_verified_ones():
    recorded = manifest()
    assert file_sha256(SEGMENTATION_PATH) == recorded["segmentation"]["sha256"]
    assert file_sha256(EMBEDDING_PATH) == recorded["embedding"]["sha256"]
    assert recorded["verification"]["segmentation_same_decision_share"] == 1.0
    assert recorded["verification"]["embedding_min_cosine"] >= 0.9999


def test_segmentation_decides_as_the_torch_original_on_real_meetings():
    scores = Segmentation()(REFERENCE["chunks"])
    assert scores.shape == REFERENCE["scores"].shape == (2, 589, 7)
    assert np.array_equal(np.argmax(scores, -1), np.argmax(REFERENCE["scores"], -1))
    assert np.abs(scores - REFERENCE["scores"]).max() < 1e-3
    activity = local_activity(scores)
    assert activity.sum(-1).max() <= 2 and activity.any()  # at most two local speakers at once, and speech found


def test_the_fbank_front_end_matches_torchaudio():
    ours = kaldi_fbank(REFERENCE["stretch"])
    assert ours.shape == REFERENCE["fbank"].shape
    assert np.abs(ours - REFERENCE["fbank"]).max() < 1e-3


def test_campplus_embeds_as_the_torch_original():
    expected = REFERENCE["embedding"] / np.linalg.norm(REFERENCE["embedding"])
    assert float(SpeakerEmbedding()(REFERENCE["stretch"]) @ expected) >= 0.9999


@pytest.mark.parametrize("seconds", [0.2, 0.5, 3.0, 12.0])
def test_campplus_takes_any_length(seconds):
    audio = np.random.default_rng(0).standard_normal(int(seconds * 16000)).astype(np.float32) * 0.1
    embedding = SpeakerEmbedding()(audio)
    assert embedding.shape == (192,) and abs(float(np.linalg.norm(embedding)) - 1) < 1e-5


def test_stretches_of_one_length_embedded_together_equal_one_by_one():
    """`many` batches stretches of equal length (no padding), so batching changes no embedding."""
    stretch = REFERENCE["stretch"]
    pieces = [stretch[:48000], stretch[8000:56000], stretch[:20000], stretch[16000:64000]]
    encoder = SpeakerEmbedding()
    together = encoder.many(pieces)
    alone = np.stack([encoder(piece) for piece in pieces])
    assert together.shape == (4, 192)
    assert np.min(np.sum(together * alone, axis=1)) >= 0.99999
