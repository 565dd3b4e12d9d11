"""The classifier on the shared labelled sets and the demo's reference labels: floors that catch regressions.

Current numbers (benchmarks/classifier_eval.py) are in models/utterance_model.md; these floors sit below them.
Only held-out data is scored: MRDA's test meetings, BioScope's test documents, our development set's test part.
"""

import gzip
import json
import re
import zlib
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from balint.analysis.dynamics.classify import classify_batch
from balint.models.sentence_encoder import default_sentence_encoder
from balint.models.utterance_heads import default_utterance_heads
from balint.models.utterance_model import (
    binary_scores,
    cue_matrix,
    feature_ids,
    mrda_codebook_question,
    read_unit,
    turn_contexts,
)
from tests.conftest import DEMO

FROZEN_TEST = Path(__file__).resolve().parents[1] / "models" / "data" / "balint_test_units.jsonl"

pytestmark = pytest.mark.slow


def asks(result) -> bool:
    """The report's definition of a question (patterns.is_asking): a QUESTION, or advice phrased as one."""
    return result.label == "QUESTION" or (result.label == "ADVICE" and "question_form" in result.flags)


@pytest.fixture(scope="module")
def mrda_test_meetings(data_dir):
    """MRDA's 12 test meetings, never trained on, each in time order."""
    meetings = {}
    with gzip.open(data_dir / "text" / "mrda_icsi_meetings.jsonl.gz", "rt") as rows:
        for line in rows:
            row = json.loads(line)
            if row["split"] == "test":
                meetings.setdefault(row["conv_id"], []).append(row)
    assert len(meetings) == 12
    return [sorted(rows, key=lambda r: r["start"]) for rows in meetings.values()]


def test_question_detection_on_held_out_mrda_meetings(mrda_test_meetings):
    truth, bare, punctuated = [], [], []
    for rows in mrda_test_meetings:
        texts = [re.sub(r"[^\w' ]+", " ", r["text"]) for r in rows]
        contexts = turn_contexts([(r["speaker"], r["start"], r["end"], t) for r, t in zip(rows, texts)])
        truth += [mrda_codebook_question(r) for r in rows]  # "what?" asks for a repeat, "really?" acknowledges
        bare += [asks(c) for c in classify_batch(texts, contexts)]
        punctuated += [asks(c) for c in classify_batch([r["text"] for r in rows])]
    assert len(truth) > 15000
    # measured 0.565: tag and declarative questions need prosody, and a lone "or" continuing a question (MRDA's
    # `qrr`: 35 of 1,273 questions in the val meetings) is a fragment by the codebook (0.59 when it counted)
    assert binary_scores(truth, bare)["f1"] >= 0.55
    assert binary_scores(truth, punctuated)["f1"] >= 0.93  # measured 0.949 (0.916 before the learned heads)


def test_speculation_on_held_out_bioscope_documents(data_dir):
    with gzip.open(data_dir / "text" / "bioscope.jsonl.gz", "rt") as rows:
        held_out = [r for r in map(json.loads, rows) if zlib.crc32(r["doc_id"].encode()) % 10 >= 8]
    predicted = classify_batch([r["text"] for r in held_out])
    truth, said = [r["speculative"] for r in held_out], [p.label == "SPECULATION" for p in predicted]
    scores = binary_scores(truth, said)
    specificity = sum(not t and not s for t, s in zip(truth, said)) / sum(not t for t in truth)
    assert scores["support"] > 400
    # the operating point is a specificity (≥ 0.90, chosen on spoken hedges in reviews), not the best F1 here:
    # measured F1 0.812, specificity 0.913
    assert scores["f1"] >= 0.80 and specificity >= 0.90


def test_the_frozen_test_set_written_to_the_codebook():
    """Units in a Balint group's register, written after the rules and never trained on nor read one by one:
    a failure says numbers, not units (the development set's old test third was read, and is training data now)."""
    rows = [json.loads(line) for line in FROZEN_TEST.read_text().splitlines()]
    assert len(rows) >= 80 and {r["label"] for r in rows} == {"QUESTION", "SPECULATION", "FEELING", "ADVICE", "OTHER"}
    predicted = classify_batch([r["text"] for r in rows])
    right = Counter((r["label"], p.label == r["label"]) for p, r in zip(predicted, rows))
    accuracy = sum(p.label == r["label"] for p, r in zip(predicted, rows)) / len(rows)
    assert accuracy >= 0.90, (round(accuracy, 3), sorted(right.items()))  # measured 0.941 before issue 19


def test_demo_reference_labels(data_dir):
    rows = [json.loads(line) for line in (DEMO / "reference.jsonl").read_text().splitlines()]
    contexts = turn_contexts([(r["speaker"], r["start"], r["end"], r["text"]) for r in rows])
    predicted = classify_batch([r["text"] for r in rows], contexts)
    accuracy = sum(p.label == r["label"] for p, r in zip(predicted, rows)) / len(rows)
    assert accuracy >= 0.95, [(r["text"], r["label"], p.label) for p, r in zip(predicted, rows) if p.label != r["label"]]
    questions = [(r, p) for r, p in zip(rows, predicted) if r["label"] == p.label == "QUESTION"]
    assert sum(set(r["flags"]) <= set(p.flags) for r, p in questions) >= 0.9 * len(questions)


def test_the_first_stage_shortcut_agrees_with_the_full_heads(mrda_test_meetings):
    """Units the cheap stage is sure about skip the sentence encoder: there it must say what the full heads say."""
    rows = [r for meeting in mrda_test_meetings for r in meeting][::6]
    readings = [read_unit(r["text"]) for r in rows if r["text"].strip()]
    contexts = [None] * len(readings)
    heads = default_utterance_heads()
    cues, ids = cue_matrix(readings, contexts), [feature_ids(r, None) for r in readings]
    first = heads.first.probabilities(cues, ids)
    own_feeling_named = np.array([bool({"feeling", "feeling_frame"} & set(r.cues)) for r in readings])
    sure = ~heads.unsure(first, own_feeling_named)
    embeddings = default_sentence_encoder().embed([r.text for r in readings])
    second = heads.second.probabilities(np.hstack([cues, embeddings]), ids)
    thresholds = np.array([heads.thresholds[name] for name in heads.names])
    question = heads.names.index("question")
    for head, name in enumerate(heads.names):
        shown = sure & (first[:, question] >= thresholds[question]) if name == "open" else \
            sure & own_feeling_named if name == "feeling" else sure
        agree = np.mean((first[shown, head] >= thresholds[head]) == (second[shown, head] >= thresholds[head]))
        assert agree >= 0.98, (name, agree)
    assert 0.6 <= sure.mean() <= 0.98  # most units skip the encoder, and the doubtful ones do not
