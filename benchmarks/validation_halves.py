"""The utterance classifier on the three validation halves (counselling, telephone talk, reviews), per set.

    python benchmarks/validation_halves.py [--part calibrate|test|both]

Each half (`$BALINT_DATA/validation`, default ../shared/data/validation) is split once more, by whole
session, conversation or review (crc32 of its id, frozen in `part_of`): the *calibrate* part may tune a
threshold or a weight; the *test* part only ever gives the numbers reported. Nothing ships trained on
either (their licences do not allow it). Beside every number stands the floor it must beat: a bare
"ends in ?" rule.

Scored as the sealed halves are:
- counselling (AnnoMI, therapist turns, whole sessions as context): question F1, open/closed agreement
  on the questions found, advice F1;
- telephone (SwDA, whole conversations as context): question F1 and recall per question type;
- reviews (SFU): the SPECULATION label's recall and specificity, its recall on the sentences hedged the
  way people speak (`hypothesising_cue`: maybe, might, I think, wonder, seem), and recall at
  specificity ≥ 0.90 by p(speculation).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import zlib
from collections import Counter
from pathlib import Path

from balint.analysis.dynamics import classify as classifier
from balint.models.utterance_model import binary_scores, turn_contexts

ROOT = Path(__file__).resolve().parents[1]
VALIDATION = Path(os.environ.get("BALINT_DATA", ROOT.parent / "shared" / "data")) / "validation"


def part_of(group_id: object) -> str:
    """The frozen split: half the sessions, conversations or reviews calibrate, the other half test."""
    return "test" if zlib.crc32(str(group_id).encode()) % 2 else "calibrate"


def read(name: str, part: str) -> list[dict]:
    with gzip.open(VALIDATION / name, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    return [r for r in rows if part in ("both", part_of(r["conv_id"] if "conv_id" in r else (r["domain"], r["doc_id"])))]


def conversations(rows: list[dict]) -> tuple[list[dict], list]:
    """Rows in order with their turn context; consecutive turns stand 0 s apart (the corpora keep no times)."""
    ordered, contexts = [], []
    by_conversation: dict[object, list[dict]] = {}
    for row in rows:
        by_conversation.setdefault(row["conv_id"], []).append(row)
    for turns in by_conversation.values():
        turns.sort(key=lambda r: r["utt_index"])
        ordered += turns
        contexts += turn_contexts([(r["speaker"], i, i + 1, r["text"]) for i, r in enumerate(turns, start=0)])
    return ordered, contexts


def asks(result) -> bool:
    return result.label == "QUESTION" or (result.label == "ADVICE" and "question_form" in result.flags)


def ends_in_question_mark(text: str) -> bool:
    return text.rstrip().endswith("?")


def counselling(part: str) -> dict:
    rows, contexts = conversations(read("annomi_validation.jsonl.gz", part))
    predicted = classifier.classify_batch([r["text"] for r in rows], contexts)
    therapist = [(r, p) for r, p in zip(rows, predicted) if r["speaker"] == "therapist"]
    truth = [bool(r["is_question"]) for r, _ in therapist]
    found = [(r, p) for r, p in therapist if r["is_question"] and r["question_type"] in ("open", "closed") and asks(p)]
    return {
        "sessions": len({r["conv_id"] for r, _ in therapist}), "therapist_turns": len(therapist),
        "question": binary_scores(truth, [asks(p) for _, p in therapist]),
        "question_floor_?": binary_scores(truth, [ends_in_question_mark(r["text"]) for r, _ in therapist]),
        # the codebook calls a declarative said with a rising "?" a closed question; AnnoMI codes it a reflection
        "question_if_reflections_with_?_ask": binary_scores(
            [t or (r["main_therapist_behaviour"] == "reflection" and ends_in_question_mark(r["text"]))
             for t, (r, _) in zip(truth, therapist)], [asks(p) for _, p in therapist]),
        "open_closed_on_found": round(sum((r["question_type"] == "open") == ("open" in p.flags) for r, p in found)
                                      / max(1, len(found)), 4),
        "open_closed_where_the_codebook_disagrees": codebook_disagreements(found),
        "advice": binary_scores([bool(r["is_advice"]) for r, _ in therapist], [p.label == "ADVICE" for _, p in therapist]),
        "labels": dict(Counter(p.label for _, p in therapist)),
    }


def codebook_disagreements(found: list) -> dict:
    """Questions whose form settles open/closed by the codebook against AnnoMI's coders: "How often do you drink?"
    (wh: open by the codebook, closed in AnnoMI), "Is it affecting you in any way?" (inverted: the reverse)."""
    def by_form(text: str) -> str | None:
        cues = classifier.read_unit(text).cues  # through classify: older balints have it there
        if {"wh_opening", "tell_me", "invitation"} & set(cues) and "why_challenge" not in cues:
            return "open"
        return "closed" if {"inverted_auxiliary", "tag", "or_choice"} & set(cues) else None
    against = [(r, p) for r, p in found if by_form(r["text"]) not in (None, r["question_type"])]
    rest = [(r, p) for r, p in found if (r, p) not in against]
    return {"questions": len(against), "of": len(found),
            "agreement_on_the_rest": round(sum((r["question_type"] == "open") == ("open" in p.flags) for r, p in rest)
                                           / max(1, len(rest)), 4)}


def telephone(part: str) -> dict:
    rows, contexts = conversations(read("swda_validation.jsonl.gz", part))
    predicted = classifier.classify_batch([r["text"] for r in rows], contexts)
    truth = [bool(r["is_question"]) for r in rows]
    by_type: Counter = Counter()
    for row, p in zip(rows, predicted):
        if row["is_question"]:
            by_type[(row["question_type"], asks(p))] += 1
    return {
        "conversations": len({r["conv_id"] for r in rows}), "units": len(rows),
        "question": binary_scores(truth, [asks(p) for p in predicted]),
        "question_floor_?": binary_scores(truth, [ends_in_question_mark(r["text"]) for r in rows]),
        "recall_by_type": {t: f"{by_type[(t, True)]}/{by_type[(t, True)] + by_type[(t, False)]}"
                           for t in sorted({t for t, _ in by_type}, key=str)},
    }


def speculation_score(result) -> float:
    for cue in result.cues:
        if cue.startswith("model p(speculation)="):
            return float(cue.split("=")[1])
    return 1.0 if result.label == "SPECULATION" else 0.0


def recall_at_specificity(truth: list[bool], scores: list[float], specificity: float = 0.90) -> float:
    negatives = sorted(s for s, t in zip(scores, truth) if not t)
    cut = negatives[min(len(negatives) - 1, int(specificity * len(negatives)))]
    return round(sum(s > cut for s, t in zip(scores, truth) if t) / max(1, sum(truth)), 4)


def reviews(part: str) -> dict:
    rows = read("sfu_validation.jsonl.gz", part)
    predicted = classifier.classify_batch([r["text"] for r in rows])
    truth = [bool(r["speculative"]) for r in rows]
    said = [p.label == "SPECULATION" for p in predicted]
    negatives = sum(not t for t in truth)
    return {
        "reviews": len({(r["domain"], r["doc_id"]) for r in rows}), "sentences": len(rows),
        "speculation": binary_scores(truth, said),
        "specificity": round(sum(not t and not s for t, s in zip(truth, said)) / max(1, negatives), 4),
        "recall_of_spoken_hedges": binary_scores([bool(r["hypothesising_cue"]) for r in rows], said)["recall"],
        "recall_at_specificity_0.90": recall_at_specificity(truth, [speculation_score(p) for p in predicted]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=("calibrate", "test", "both"), default="test")
    args = parser.parse_args()
    if not VALIDATION.is_dir():
        sys.exit(f"error: no validation halves in {VALIDATION}: set BALINT_DATA to the shared data folder")
    print(json.dumps({"part": args.part, "counselling": counselling(args.part), "telephone": telephone(args.part),
                      "reviews": reviews(args.part)}, indent=1))


if __name__ == "__main__":
    main()
