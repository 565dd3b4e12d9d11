"""FEELING on spoken dialogue that no weight saw: MELD and EmoryNLP (scripted TV dialogue, Friends).

    python benchmarks/spoken_feelings.py --corpora DIR [--part calibrate|test] [--sweep]

DIR holds the corpora's own CSV files, as published in github.com/declare-lab/MELD (`data/MELD/*_sent_emo.csv`,
`data/emorynlp/emorynlp_*_final.csv`; MELD is GPL-3.0, so they are read here, never shipped or trained on).
Every utterance carries one perceived emotion (or neutral), rated with the video by its annotators, which is how
the sealed everyday-dialogue set is scored: FEELING's precision against "not neutral", its specificity (of the
neutral utterances, how many are not called FEELING) and its recall of the emotional ones. A codebook FEELING is
narrower (the speaker's own reaction), so recall stays low by design.

The train and dev splits (no weight learns from them) are the calibrate part: they chose the two operating points
in `ClassifierSettings` (`feeling_named`, `feeling_in_frame`), and `--sweep` prints the table they were chosen
from. The test splits are only scored.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import re
from pathlib import Path

from balint.analysis.dynamics import classify as classifier

FILES = {"meld": {"calibrate": ("train_sent_emo.csv", "dev_sent_emo.csv"), "test": ("test_sent_emo.csv",)},
         "emorynlp": {"calibrate": ("emorynlp_train_final.csv", "emorynlp_dev_final.csv"),
                      "test": ("emorynlp_test_final.csv",)}}
# the corpora's CSVs carry Windows-1252 quotes decoded as Latin-1, and typographic ones
QUOTES = {"\x92": "'", "\x91": "'", "\x93": '"', "\x94": '"', "\x85": "...", "\x97": "-", "’": "'", "‘": "'",
          "“": '"', "”": '"', "…": "..."}
P_FEELING = re.compile(r"model p\(feeling\)=([0-9.]+)")


def read(path: Path) -> list[tuple[str, bool]]:
    """(utterance, rated emotional) in corpus order."""
    rows = []
    with path.open(encoding="utf-8", errors="replace", newline="") as lines:
        for row in csv.DictReader(lines):
            text = row["Utterance"]
            for odd, plain in QUOTES.items():
                text = text.replace(odd, plain)
            rows.append((text, row["Emotion"].strip().lower() != "neutral"))
    return rows


def candidates(texts: list[str]) -> list[tuple[str, float] | None]:
    """Per unit: ("named" or "frame", p(feeling)) where it would be FEELING at any operating point, else None.

    An older balint without the feeling head (scored for "before" numbers) gives its own FEELING as named, p 1."""
    if not hasattr(classifier.CLASSIFIER, "feeling_named"):
        return [("named", 1.0) if r.label == "FEELING" else None for r in classifier.classify_batch(texts)]
    open_settings = dataclasses.replace(classifier.CLASSIFIER, feeling_named=0.0, feeling_in_frame=0.0)
    kept, classifier.CLASSIFIER = classifier.CLASSIFIER, open_settings
    try:
        results = classifier.classify_batch(texts)
    finally:
        classifier.CLASSIFIER = kept
    out: list[tuple[str, float] | None] = []
    for result in results:
        if result.label != "FEELING":
            out.append(None)
            continue
        p = float(P_FEELING.search(" ".join(result.cues)).group(1))  # type: ignore[union-attr]
        out.append(("frame" if "in other words" in result.cues[0] else "named", p))
    return out


def scores(truth: list[bool], called: list[bool]) -> dict:
    tp = sum(t and c for t, c in zip(truth, called))
    fp = sum(c and not t for t, c in zip(truth, called))
    negatives = sum(not t for t in truth)
    return {"called": tp + fp, "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "specificity": round(1 - fp / negatives, 4) if negatives else None,
            "recall": round(tp / sum(truth), 4) if any(truth) else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, required=True, help="folder with the MELD and EmoryNLP CSV files")
    parser.add_argument("--part", choices=("calibrate", "test"), default="test")
    parser.add_argument("--sweep", action="store_true", help="precision per operating point (calibrate: how they were chosen)")
    args = parser.parse_args()
    named, in_frame = (getattr(classifier.CLASSIFIER, name, 0.0) for name in ("feeling_named", "feeling_in_frame"))
    report: dict[str, dict] = {"operating_point": {"feeling_named": named, "feeling_in_frame": in_frame}}
    for corpus, parts in FILES.items():
        rows = [row for name in parts[args.part] for row in read(args.corpora / name)]
        truth = [emotional for _, emotional in rows]
        found = candidates([text for text, _ in rows])
        called = [c is not None and c[1] >= (named if c[0] == "named" else in_frame) for c in found]
        named_only = [c is not None and c[0] == "named" and c[1] >= named for c in found]
        report[corpus] = {"utterances": len(rows), "rated_emotional": round(sum(truth) / len(rows), 3),
                          "feeling": scores(truth, called), "codebook_words_only": scores(truth, named_only)}
        if args.sweep:
            grid = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
            report[corpus]["sweep"] = {
                kind: {f"{t:.2f}": scores([e for e, c in zip(truth, found) if c and c[0] == kind],
                                          [c[1] >= t for c in found if c and c[0] == kind])["precision"]
                       for t in grid} | {"units": sum(1 for c in found if c and c[0] == kind)}
                for kind in ("named", "frame")}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
