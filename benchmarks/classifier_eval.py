"""Utterance classifier on every labelled set, each reported on its own: never pooled into one number.

    python benchmarks/classifier_eval.py [--limit N]

- MRDA, the 12 held-out test meetings (never trained on): question detection with punctuation
  removed (with and without turn context) and as transcribed. Also closed/open subtypes, and
  the 5-label confusion matrix against MRDA's QUESTION/OTHER.
- BioScope: SPECULATION against the human `speculative` label (scientific prose).
- GoEmotions test split: FEELING against `any_emotion` (raters' perceived emotion), and against
  `first_person_feeling_heuristic` (a regex flag, not a human label).
- The demo session's reference labels (written to the codebook for this project).
- Throughput on one core and the time to load the classifier in a fresh process.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from balint.analysis.dynamics.classify import classify
from balint.analysis.types import LABELS
from balint.models.utterance_model import (
    binary_scores,
    turn_contexts,
)

ROOT = Path(__file__).resolve().parents[1]

DATA = Path(os.environ.get("BALINT_DATA", ROOT.parent / "shared" / "data")) / "text"
CLOSED_TYPES = {"yes_no", "declarative_yes_no", "tag", "or", "or_clause", "declarative_or"}
OPEN_TYPES = {"wh", "open", "declarative_wh"}


def strip_punctuation(text: str) -> str:
    return re.sub(r"[^\w' ]+", " ", text)


def confusion(truth: list[str], predicted: list[str]) -> dict[str, dict[str, int]]:
    counts = Counter(zip(truth, predicted))
    return {t: {p: counts[(t, p)] for p in LABELS if counts[(t, p)]} for t in sorted(set(truth))}


def read(name: str, limit: int | None) -> list[dict]:
    rows = []
    with gzip.open(DATA / name, "rt", encoding="utf-8") as lines:
        for line in lines:
            rows.append(json.loads(line))
    return rows[:limit] if limit else rows


def mrda(limit: int | None) -> dict:
    rows = [r for r in read("mrda_icsi_meetings.jsonl.gz", None) if r["split"] == "test"]
    meetings: dict[str, list[dict]] = {}
    for row in rows:
        meetings.setdefault(row["conv_id"], []).append(row)
    ordered, contexts = [], []
    for meeting in meetings.values():
        meeting.sort(key=lambda r: (r["start"], r["end"]))
        ordered += meeting
        contexts += turn_contexts([(r["speaker"], r["start"], r["end"], strip_punctuation(r["text"])) for r in meeting])
    if limit:
        ordered, contexts = ordered[:limit], contexts[:limit]
    truth = [r["is_question"] for r in ordered]
    results = {}
    for condition in ("punctuation removed, turn context", "punctuation removed, no context", "as transcribed"):
        predicted = []
        for row, context in zip(ordered, contexts):
            text = row["text"] if condition == "as transcribed" else strip_punctuation(row["text"])
            predicted.append(classify(text, context if "turn context" in condition else None))
        labels = [p.label for p in predicted]
        is_q = [label in ("QUESTION", "ADVICE") and (label == "QUESTION" or "question_form" in p.flags)
                for label, p in zip(labels, predicted)]
        by_type = Counter()
        for row, q in zip(ordered, is_q):
            if row["is_question"]:
                by_type[(row["question_type"], q)] += 1
        subtype_hits = Counter()
        for row, p in zip(ordered, predicted):
            kind = "closed" if row["question_type"] in CLOSED_TYPES else "open" if row["question_type"] in OPEN_TYPES else None
            if kind and p.label == "QUESTION":
                subtype_hits[(kind, kind in p.flags)] += 1
        results[condition] = {
            "question": binary_scores(truth, is_q),
            "recall_by_mrda_type": {t: round(by_type[(t, True)] / max(1, by_type[(t, True)] + by_type[(t, False)]), 3)
                                    for t in sorted({t for t, _ in by_type})},
            "subtype_accuracy_on_detected": {k: round(subtype_hits[(k, True)] / max(1, subtype_hits[(k, True)] +
                                                                                   subtype_hits[(k, False)]), 3)
                                             for k in ("closed", "open")},
            "confusion": confusion([r["balint_label"] for r in ordered], labels),
        }
    lexical_types = {"yes_no", "wh", "or", "or_clause", "open"}
    keep = [not r["is_question"] or r["question_type"] in lexical_types for r in ordered]
    predicted = [classify(strip_punctuation(r["text"]), c) for r, c in zip(ordered, contexts)]
    results["punctuation removed, lexically marked questions only (tag/declarative/rhetorical excluded)"] = binary_scores(
        [t for t, k in zip(truth, keep) if k], [p.label in ("QUESTION", "ADVICE") for p, k in zip(predicted, keep) if k])
    return results


def bioscope(limit: int | None) -> dict:
    rows = read("bioscope.jsonl.gz", limit)
    predicted = [classify(r["text"]).label for r in rows]
    return {"speculation": binary_scores([r["speculative"] for r in rows], [p == "SPECULATION" for p in predicted]),
            "confusion": confusion([r["balint_label"] for r in rows], predicted)}


def goemotions(limit: int | None) -> dict:
    rows = [r for r in read("goemotions.jsonl.gz", None) if r["split"] == "test"][: limit or None]
    predicted = [classify(r["text"]).label for r in rows]
    feeling = [p == "FEELING" for p in predicted]
    return {
        "feeling_vs_any_emotion (perceived, human)": binary_scores([r["any_emotion"] for r in rows], feeling),
        "feeling_vs_first_person_heuristic (regex, not human)": binary_scores(
            [r["first_person_feeling_heuristic"] for r in rows], feeling),
        "predicted_label_counts": dict(Counter(predicted)),
    }


def demo() -> dict:
    rows = [json.loads(line) for line in (ROOT / "examples" / "demo" / "reference.jsonl").read_text().splitlines()]
    contexts = turn_contexts([(r["speaker"], r["start"], r["end"], r["text"]) for r in rows])
    predicted = [classify(r["text"], c) for r, c in zip(rows, contexts)]
    truth = [r["label"] for r in rows]
    per_label = {label: binary_scores([t == label for t in truth], [p.label == label for p in predicted]) for label in LABELS}
    misses = [f'{r["text"]!r}: {r["label"]} → {p.label}' for r, p in zip(rows, predicted) if r["label"] != p.label]
    flags_right = sum(set(r["flags"]) <= set(p.flags) for r, p in zip(rows, predicted) if r["label"] == p.label)
    return {"accuracy": round(sum(t == p.label for t, p in zip(truth, predicted)) / len(rows), 3), "per_label": per_label,
            "confusion": confusion(truth, [p.label for p in predicted]), "flags_complete_when_label_right": flags_right,
            "misses": misses}


def speed() -> dict:
    rows = [r["text"] for r in read("mrda_icsi_meetings.jsonl.gz", 20000)][-10000:]
    classify("warm up")
    began = time.perf_counter()
    for text in rows:
        classify(text)
    per_second = len(rows) / (time.perf_counter() - began)
    load = subprocess.run([sys.executable, "-c", "import time; t=time.perf_counter(); "
                           "from balint.analysis.dynamics.classify import classify; classify('Did you check?'); "
                           "print(time.perf_counter()-t)"], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "OMP_NUM_THREADS": "1"})
    return {"units_per_second_one_core": round(per_second), "load_and_first_unit_s": round(float(load.stdout), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, help="rows per set (quick look)")
    args = parser.parse_args()
    print(json.dumps({"mrda_test_meetings": mrda(args.limit), "bioscope": bioscope(args.limit),
                      "goemotions_test": goemotions(args.limit), "demo_reference": demo(), "speed": speed()}, indent=1))


if __name__ == "__main__":
    main()
