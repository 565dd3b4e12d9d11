"""Utterance classifier on every labelled set, each reported on its own: never pooled into one number.

    python benchmarks/classifier_eval.py [--limit N] [--skip-speed]

Only held-out data is scored (tools/train_utterance_heads.py never trains on it):
- MRDA, the 12 test meetings: question detection as transcribed (with "?") and with punctuation
  removed (with and without turn context); recall by MRDA question type; open/closed agreement
  on detected questions; advice against MRDA's suggestion tag (`cs`), a proxy.
- BioScope, the test documents (20 %, by document): SPECULATION against the human `speculative`
  label, and speculation recall where specificity is ≥ 0.90 (the bar's form).
- GoEmotions test split (the feeling head trains on its train split): first-person feelings: among
  units where the codebook's first-person feeling cue or frame fires, FEELING against raters' `any_emotion`.
- Our codebook-written frozen test set (models/data/balint_test_units.jsonl): every label, question
  types, flags; numbers only (its units are never listed, so no rule is written from them).
- The demo session's reference labels (written to the codebook for this project).
- A reliability table: stated confidence against how often the label is right.
- Speed: `balint classify` on 20,000 real MRDA lines, process start included, and the load time.
The same script runs against an older balint (a commit installed elsewhere) for "before" numbers.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from pathlib import Path

from balint.analysis.dynamics import classify as classifier
from balint.analysis.types import LABELS
from balint.models.utterance_model import binary_scores, mrda_codebook_question, turn_contexts

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("BALINT_DATA", ROOT.parent / "shared" / "data")) / "text"
FROZEN_TEST = ROOT / "models" / "data" / "balint_test_units.jsonl"
CLOSED_TYPES = {"yes_no", "declarative_yes_no", "tag", "or", "or_clause", "declarative_or"}
OPEN_TYPES = {"wh", "open", "declarative_wh"}
ASKING = ("QUESTION", "ADVICE")


def classify_all(texts: list[str], contexts: list | None = None) -> list:
    """The classifier over many units: batched where this balint can, one by one where it is older."""
    contexts = contexts or [None] * len(texts)
    if hasattr(classifier, "classify_batch"):
        return classifier.classify_batch(texts, contexts)
    return [classifier.classify(text, context) for text, context in zip(texts, contexts)]


def asks(result) -> bool:
    return result.label == "QUESTION" or (result.label == "ADVICE" and "question_form" in result.flags)


def strip_punctuation(text: str) -> str:
    return re.sub(r"[^\w' ]+", " ", text)


def confusion(truth: list[str], predicted: list[str]) -> dict[str, dict[str, int]]:
    counts = Counter(zip(truth, predicted))
    return {t: {p: counts[(t, p)] for p in LABELS if counts[(t, p)]} for t in sorted(set(truth))}


def read(name: str) -> list[dict]:
    with gzip.open(DATA / name, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def held_out_bioscope(row: dict) -> bool:
    return zlib.crc32(row["doc_id"].encode()) % 10 >= 8  # the training script's test documents


def mrda(limit: int | None) -> dict:
    meetings: dict[str, list[dict]] = {}
    for row in read("mrda_icsi_meetings.jsonl.gz"):
        if row["split"] == "test":
            meetings.setdefault(row["conv_id"], []).append(row)
    ordered, contexts = [], []
    for meeting in meetings.values():
        meeting.sort(key=lambda r: (r["start"], r["end"]))
        ordered += meeting
        contexts += turn_contexts([(r["speaker"], r["start"], r["end"], strip_punctuation(r["text"])) for r in meeting])
    if limit:
        ordered, contexts = ordered[:limit], contexts[:limit]
    truth = [mrda_codebook_question(r) for r in ordered]
    results = {}
    for condition in ("as transcribed", "punctuation removed, turn context", "punctuation removed, no context"):
        texts = [r["text"] if condition == "as transcribed" else strip_punctuation(r["text"]) for r in ordered]
        predicted = classify_all(texts, contexts if "turn context" in condition else None)
        is_q = [asks(p) for p in predicted]
        by_type: Counter = Counter()
        for row, q, t in zip(ordered, is_q, truth):
            if t:
                by_type[(row["question_type"], q)] += 1
        subtype: Counter = Counter()
        for row, p in zip(ordered, predicted):
            kind = "closed" if row["question_type"] in CLOSED_TYPES else "open" if row["question_type"] in OPEN_TYPES else None
            if kind and p.label == "QUESTION":
                subtype[(kind, kind in p.flags)] += 1
        results[condition] = {
            "question": binary_scores(truth, is_q),
            "question_floor_?": binary_scores(truth, [t.rstrip().endswith("?") for t in texts])["f1"],
            "recall_by_mrda_type": {t: round(by_type[(t, True)] / max(1, by_type[(t, True)] + by_type[(t, False)]), 3)
                                    for t in sorted({t for t, _ in by_type})},
            "open_closed_agreement_on_detected": {
                k: round(subtype[(k, True)] / max(1, subtype[(k, True)] + subtype[(k, False)]), 3) for k in ("closed", "open")},
            "advice_vs_mrda_suggestion_tag": binary_scores(["cs" in r["da_specific"] for r in ordered],
                                                           [p.label == "ADVICE" for p in predicted]),
            "non_understanding_called_question": f"{sum(q for r, q in zip(ordered, is_q) if 'br' in r['da_specific'])} of "
                                                 f"{sum('br' in r['da_specific'] for r in ordered)}",
            "labels": dict(Counter(p.label for p in predicted)),
        }
    return results


def recall_at_specificity(truth: list[bool], scores: list[float], specificity: float = 0.90) -> dict:
    negatives = sorted(s for s, t in zip(scores, truth) if not t)
    if not negatives:
        return {}
    cut = negatives[min(len(negatives) - 1, int(specificity * len(negatives)))]
    positives = [s for s, t in zip(scores, truth) if t]
    return {"recall": round(sum(s > cut for s in positives) / max(1, len(positives)), 4),
            "specificity": round(sum(s <= cut for s in negatives) / len(negatives), 4)}


def speculation_score(result) -> float:
    """How speculative the classifier finds a unit: its head's probability, or (older balint) the label."""
    for cue in result.cues:
        if cue.startswith("model p(speculation)="):
            return float(cue.split("=")[1])
    return 1.0 if result.label == "SPECULATION" else 0.0


def bioscope(limit: int | None) -> dict:
    rows = [r for r in read("bioscope.jsonl.gz") if held_out_bioscope(r)][: limit or None]
    predicted = classify_all([r["text"] for r in rows])
    truth = [bool(r["speculative"]) for r in rows]
    return {"test_documents": len({r["doc_id"] for r in rows}),
            "speculation": binary_scores(truth, [p.label == "SPECULATION" for p in predicted]),
            "speculation_recall_at_specificity_0.90": recall_at_specificity(truth, [speculation_score(p) for p in predicted])}


def goemotions(limit: int | None) -> dict:
    rows = [r for r in read("goemotions.jsonl.gz") if r["split"] == "test"][: limit or None]
    predicted = classify_all([r["text"] for r in rows])
    candidates = [(r, p) for r, p in zip(rows, predicted)
                  if {"feeling", "feeling_frame"} & set(classifier.read_unit(r["text"]).cues)] \
        if hasattr(classifier, "read_unit") else \
        [(r, p) for r, p in zip(rows, predicted) if classifier.FEELING.search(" ".join(r["text"].lower().split()))]
    return {
        "first_person_feelings (feeling cue or frame fires; FEELING vs raters' any_emotion)": binary_scores(
            [r["any_emotion"] for r, _ in candidates], [p.label == "FEELING" for _, p in candidates]),
        "all_test_units: FEELING vs any_emotion (perceived, human)": binary_scores(
            [r["any_emotion"] for r in rows], [p.label == "FEELING" for p in predicted]),
    }


def frozen_test_set() -> dict:
    """Our codebook-written units never trained on nor read one by one: numbers only, no list of misses."""
    rows = [json.loads(line) for line in FROZEN_TEST.read_text().splitlines()]
    predicted = classify_all([r["text"] for r in rows])
    truth = [r["label"] for r in rows]
    by_type: Counter = Counter()
    for row, p in zip(rows, predicted):
        if row.get("question_type"):
            by_type[(row["question_type"], asks(p))] += 1
    flags = Counter()
    for row, p in zip(rows, predicted):
        if row["label"] == p.label == "QUESTION":
            flags["open/closed right"] += ("open" in row["flags"]) == ("open" in p.flags)
            flags["questions"] += 1
    return {
        "units": len(rows), "accuracy": round(sum(t == p.label for t, p in zip(truth, predicted)) / len(rows), 3),
        "question_floor_?": binary_scores([t == "QUESTION" for t in truth],
                                          [r["text"].rstrip().endswith("?") for r in rows])["f1"],
        "per_label": {label: binary_scores([t == label for t in truth], [p.label == label for p in predicted])
                      for label in LABELS},
        "question_recall_by_type": {t: round(by_type[(t, True)] / max(1, by_type[(t, True)] + by_type[(t, False)]), 3)
                                    for t in sorted({t for t, _ in by_type})},
        "open_closed_agreement_on_detected": round(flags["open/closed right"] / max(1, flags["questions"]), 3),
        "confusion": confusion(truth, [p.label for p in predicted]),
    }


def demo() -> dict:
    rows = [json.loads(line) for line in (ROOT / "examples" / "demo" / "reference.jsonl").read_text().splitlines()]
    contexts = turn_contexts([(r["speaker"], r["start"], r["end"], r["text"]) for r in rows])
    predicted = classify_all([r["text"] for r in rows], contexts)
    truth = [r["label"] for r in rows]
    return {"accuracy": round(sum(t == p.label for t, p in zip(truth, predicted)) / len(rows), 3),
            "misses": [f'{r["text"]!r}: {r["label"]} → {p.label}' for r, p in zip(rows, predicted) if r["label"] != p.label]}


def reliability() -> dict:
    """Stated confidence vs correctness on held-out units (frozen test set + MRDA test questions as transcribed)."""
    dev = [json.loads(line) for line in FROZEN_TEST.read_text().splitlines()]
    units = [(r["text"], r["label"]) for r in dev]
    mrda_rows = [r for r in read("mrda_icsi_meetings.jsonl.gz") if r["split"] == "test"][::4]
    units += [(r["text"], "QUESTION" if mrda_codebook_question(r) else "NOT_QUESTION")
              for r in mrda_rows]
    predicted = classify_all([t for t, _ in units])
    bins: dict[str, list[int]] = {}
    for (_, label), p in zip(units, predicted):
        if label == "NOT_QUESTION":
            right = p.label != "QUESTION"
        else:
            right = p.label == label
        low = min(0.9, int(p.confidence * 10) / 10)
        key = f"{low:.1f}–{low + 0.1:.1f}"
        bins.setdefault(key, [0, 0])
        bins[key][0] += 1
        bins[key][1] += right
    return {k: {"units": n, "right": round(r / n, 3)} for k, (n, r) in sorted(bins.items())}


def speed() -> dict:
    lines = [r["text"] for r in read("mrda_icsi_meetings.jsonl.gz") if r["split"] != "train"][:20_000]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "units.txt"
        source.write_text("\n".join(lines) + "\n")
        began = time.perf_counter()
        done = subprocess.run(["balint", "classify", str(source)], capture_output=True, text=True,
                              env={**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"})
        seconds = time.perf_counter() - began
    load = subprocess.run([sys.executable, "-c", "import time; t=time.perf_counter(); "
                           "from balint.analysis.dynamics.classify import classify; classify('Did you check?'); "
                           "print(time.perf_counter()-t)"], capture_output=True, text=True, cwd=ROOT)
    return {"balint_classify_20000_lines_s": round(seconds, 2), "units_per_second_end_to_end": round(len(lines) / seconds),
            "distinct_lines": len(set(lines)), "exit_status": done.returncode, "lines_out": done.stdout.count("\n"),
            "load_and_first_unit_s": round(float(load.stdout.strip().splitlines()[-1]), 3)}


SETS = {"mrda_test_meetings": mrda, "bioscope_test_documents": bioscope, "goemotions_test": goemotions,
        "frozen_test_set": lambda _: frozen_test_set(), "demo_reference": lambda _: demo(),
        "reliability": lambda _: reliability(), "speed": lambda _: speed()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, help="rows per set (quick look)")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--sets", help="comma-separated subset of: " + ", ".join(SETS))
    args = parser.parse_args()
    chosen = args.sets.split(",") if args.sets else [name for name in SETS if name != "speed" or not args.skip_speed]
    report = {name: SETS[name](args.limit) for name in chosen}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
