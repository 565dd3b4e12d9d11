"""The committed MiniLM sentence encoder: faithful to the original, small, private, and read the way we batch."""

import hashlib

import numpy as np

from balint.models.sentence_encoder import (
    ENCODER_PATH,
    HEAD_TOKENS,
    TAIL_TOKENS,
    TOKENIZER_PATH,
    SentenceEncoder,
    manifest,
)
from tests.conftest import ROOT

REFERENCE = ROOT / "tests" / "fixtures" / "sentence_encoder_reference.npz"


def test_the_onnx_encoder_matches_the_original_on_real_sentences():
    """The original's embeddings (torch, fp32) were stored by tools/convert_sentence_encoder.py."""
    with np.load(REFERENCE, allow_pickle=False) as data:
        texts, original = [str(t) for t in data["texts"]], data["embeddings"]
    ours = SentenceEncoder().embed(texts)
    cosines = np.sum(ours * original, axis=1)
    assert len(texts) >= 30
    assert cosines.min() >= 0.99 and cosines.mean() >= 0.998, cosines


def test_the_committed_files_are_the_verified_ones():
    record = manifest()
    assert hashlib.sha256(ENCODER_PATH.read_bytes()).hexdigest() == record["sha256"]
    assert hashlib.sha256(TOKENIZER_PATH.read_bytes()).hexdigest() == record["tokenizer_sha256"]
    assert ENCODER_PATH.stat().st_size <= 25_000_000
    assert record["verification_int8"]["mean_cosine"] >= 0.998
    assert (ENCODER_PATH.parent / "LICENSE-minilm.txt").read_text().count("Apache License") >= 1


def test_batches_sorted_by_length_give_each_unit_its_own_embedding():
    encoder = SentenceEncoder()
    texts = ["Did you check her thyroid?", "Mm-hmm.", "I imagine her sitting in the car park for an hour.", ""]
    together = encoder.embed(texts)
    alone = np.stack([encoder.embed([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-4)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-3)
    assert encoder.embed([]).shape == (0, 384)


def test_a_long_unit_is_read_as_its_head_and_tail():
    encoder = SentenceEncoder()
    ids = encoder.token_ids(["she told me about her husband and " * 200 + "did you see him?"])[0]
    assert len(ids) == HEAD_TOKENS + TAIL_TOKENS
    assert encoder.tokenizer.decode(ids[-6:]).endswith("did you see him?")


def test_meaning_not_spelling_brings_units_together():
    """What the heads gain over words: an invitation sits near a wh-question, far from a narration."""
    invitation, question, narration = SentenceEncoder().embed(
        ["Tell me a little about her family.", "What is her family like?", "She came in on Monday with a cough."])
    assert invitation @ question > invitation @ narration + 0.2
