"""German utterance labels against the codebook, on units written for it.

    python benchmarks/german_labels.py [--part dev|test|both] [--errors]

`benchmarks/data/german_units/` (its README gives the format and the frozen split). Printed per part: accuracy,
precision / recall / F1 per label, and for the questions found right whether open/closed and the 'why' challenges
agree. Beside it the floor a cue-less system gets: "ends in ?" is a QUESTION, everything else OTHER.
`--errors` lists the development part's mistakes, never the test part's.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from balint.analysis.dynamics.classify_de import classify_german

UNITS = Path(__file__).resolve().parent / "data" / "german_units"
LABELS = ("QUESTION", "SPECULATION", "FEELING", "ADVICE", "OTHER")


def read(part: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in (UNITS / f"{part}.tsv").read_text().splitlines():
        if line.strip():
            label, flag, text = line.split("\t")
            rows.append((label, flag, text))
    return rows


def score(rows: list[tuple[str, str, str]], show_errors: bool) -> None:
    found = [classify_german(text) for _, _, text in rows]
    floor = ["QUESTION" if text.rstrip().endswith("?") else "OTHER" for _, _, text in rows]
    right = sum(gold == got.label for (gold, _, _), got in zip(rows, found))
    print(f"accuracy {right / len(rows):.3f} on {len(rows)} units (floor, 'ends in ?': "
          f"{sum(gold == f for (gold, _, _), f in zip(rows, floor)) / len(rows):.3f})")
    print(f"  {'label':12s} precision recall  F1     units")
    for label in LABELS:
        hit = sum(gold == got.label == label for (gold, _, _), got in zip(rows, found))
        said = sum(got.label == label for got in found)
        gold_n = sum(gold == label for gold, _, _ in rows)
        precision, recall = hit / said if said else 0.0, hit / gold_n if gold_n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"  {label:12s} {precision:9.3f} {recall:6.3f} {f1:6.3f}  {gold_n}")
    questions = [(flag, got) for (gold, flag, _text), got in zip(rows, found) if gold == got.label == "QUESTION"]
    form = sum(("open" in got.flags) == (flag in ("open", "why_challenge")) for flag, got in questions)
    why = [got for flag, got in questions if flag == "why_challenge"]
    false_why = sum("why_challenge" in got.flags for flag, got in questions if flag != "why_challenge")
    print(f"  questions found right: open/closed agree {form}/{len(questions)}; 'why' challenges "
          f"{sum('why_challenge' in g.flags for g in why)}/{len(why)}, {false_why} flagged wrongly")
    advice_q = [(flag, got) for (gold, flag, _text), got in zip(rows, found) if gold == got.label == "ADVICE"]
    print(f"  advice found right: question form agrees "
          f"{sum(('question_form' in g.flags) == (f == 'question') for f, g in advice_q)}/{len(advice_q)}")
    if show_errors:
        for (gold, _flag, text), got in zip(rows, found):
            if gold != got.label:
                print(f"    {text!r}: {gold}, found {got.label} {got.cues}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=["dev", "test", "both"], default="both")
    parser.add_argument("--errors", action="store_true", help="list the development part's mistakes")
    args = parser.parse_args()
    for part in (["dev", "test"] if args.part == "both" else [args.part]):
        print(f"== {part}")
        score(read(part), args.errors and part == "dev")


if __name__ == "__main__":
    main()
