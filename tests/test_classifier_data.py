"""The classifier on the shared labelled sets and the demo's reference labels: floors that catch regressions.

Current numbers (benchmarks/classifier_eval.py) are in models/utterance_model.md; these floors sit below them.
"""

import gzip
import json
import re

import pytest

from balint.analysis.dynamics.classify import classify
from balint.models.utterance_model import binary_scores, turn_contexts
from tests.conftest import DEMO

pytestmark = pytest.mark.slow


def f1(truth, predicted):
    return binary_scores(truth, predicted)["f1"]


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
        truth += [r["is_question"] for r in rows]
        bare += [asks(classify(t, c)) for t, c in zip(texts, contexts)]
        punctuated += [asks(classify(r["text"])) for r in rows]
    assert len(truth) > 15000
    assert f1(truth, bare) >= 0.55  # measured 0.60: tag and declarative questions need prosody
    assert f1(truth, punctuated) >= 0.90  # measured 0.93


def test_speculation_precision_on_bioscope(data_dir):
    with gzip.open(data_dir / "text" / "bioscope.jsonl.gz", "rt") as rows:
        sample = [json.loads(line) for _, line in zip(range(5000), rows)]
    flagged = [r for r in sample if classify(r["text"]).label == "SPECULATION"]
    assert len(flagged) > 100
    assert sum(r["speculative"] for r in flagged) / len(flagged) >= 0.9


def test_demo_reference_labels(data_dir):
    rows = [json.loads(line) for line in (DEMO / "reference.jsonl").read_text().splitlines()]
    contexts = turn_contexts([(r["speaker"], r["start"], r["end"], r["text"]) for r in rows])
    predicted = [classify(r["text"], c) for r, c in zip(rows, contexts)]
    accuracy = sum(p.label == r["label"] for p, r in zip(predicted, rows)) / len(rows)
    assert accuracy >= 0.95, [(r["text"], r["label"], p.label) for p, r in zip(predicted, rows) if p.label != r["label"]]
    questions = [(r, p) for r, p in zip(rows, predicted) if r["label"] == p.label == "QUESTION"]
    assert sum(set(r["flags"]) <= set(p.flags) for r, p in questions) >= 0.9 * len(questions)
