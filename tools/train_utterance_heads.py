"""Train the utterance classifier's heads (utterance_heads.py) and write their weights and card.

    python tools/train_utterance_heads.py        # data from $BALINT_DATA (default ../shared/data)

Each head is trained twice, as an L2 logistic regression: the first stage over the codebook
cues and hashed words (`utterance_model.cue_matrix`, `utterance_model.feature_ids`: the functions
the product runs), the second over the same plus the MiniLM sentence embedding. The first
stage's uncertainty band is where it disagrees with the second more than 1 % of the time on
validation data: only units inside a band pay for the encoder. Data, all licensed for
derived weights:
- question, open, advice: MRDA (CC BY 4.0), 51 train meetings, every unit seen twice, as
  transcribed and with punctuation removed (speech recognisers drop it), with turn context
  for 70 % of them. MRDA's "signal non-understanding" ("what?") and backchannels in a
  question's form ("really?") count as no question, as the codebook has it. A suggestion
  (`cs`) addressed to "you" or as an imperative counts as advice; other suggestions
  ("let's…", "we could…") train no advice label either way.
  Open: wh, open and declarative-wh questions; closed: yes/no, or, tag and declarative.
- speculation: BioScope (CC BY 2.0), human `speculative`, 70 % of documents.
- feeling: GoEmotions (Apache-2.0), the train split: does the text voice an emotion (raters'
  `any_emotion`). The head reads how a feeling sounds; whose feeling it is stays the codebook's
  cues (`FEELING`, `FEELING_FRAME`): the product asks the head only where the speaker names their own.
- every head: all of our codebook-written development set (models/data/balint_dev_units.jsonl),
  weighted ×5. Its old "test" third was read while rules were written, so it is training data
  now; the frozen test set is models/data/balint_test_units.jsonl, never trained on nor read
  unit by unit.
Thresholds are chosen on validation data as it comes (MRDA's 12 val meetings, every unit once,
as transcribed; 10 % of BioScope documents; GoEmotions' dev split): never subsampled, so a threshold meets the rate of
questions a session has. Test splits are only scored (benchmarks/classifier_eval.py). Deterministic: L-BFGS from
zeros, fixed samples.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

from balint.models.utterance_model import binary_scores

if TYPE_CHECKING:
    from balint.models.utterance_model import TurnContext

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"  # the source tree's, written here; not the installed copy
DEV_SET = MODELS / "data" / "balint_dev_units.jsonl"
CACHE = ROOT / "build" / "embedding_cache.npz"
L2 = 2.0
DEV_WEIGHT = 5.0
MRDA_TRAIN_OTHERS = 24_000  # non-question MRDA train units sampled (all questions and suggestions are kept)
OPEN_TYPES = {"wh", "open", "declarative_wh"}


@dataclass
class Example:
    text: str
    context: TurnContext | None
    targets: dict[str, bool]  # head → label; heads absent here do not train on this example
    weight: float = 1.0


def strip_punctuation(text: str) -> str:
    return re.sub(r"[^\w' ]+", " ", text)


def document_part(key: str) -> str:
    bucket = zlib.crc32(key.encode()) % 10
    return "train" if bucket < 7 else "val" if bucket < 8 else "test"


def mrda(path: Path) -> dict[str, list[Example]]:
    from balint.models.utterance_model import mrda_codebook_question, read_unit, turn_contexts

    meetings: dict[tuple[str, str], list[dict]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as rows:
        for line in rows:
            row = json.loads(line)
            if row["split"] != "test":
                meetings.setdefault((row["split"], row["conv_id"]), []).append(row)
    rng = np.random.default_rng(0)
    out: dict[str, list[Example]] = {"train": [], "val": []}
    for (split, _), meeting in sorted(meetings.items()):
        meeting.sort(key=lambda r: (r["start"], r["end"]))
        contexts = turn_contexts([(r["speaker"], r["start"], r["end"], strip_punctuation(r["text"])) for r in meeting])
        for row, context in zip(meeting, contexts):
            question = mrda_codebook_question(row)
            suggestion = "cs" in row["da_specific"]
            targets = {"question": question}
            if not suggestion or {"second_person", "advice", "advice_imperative"} & set(read_unit(row["text"]).cues):
                targets["advice"] = suggestion
            if question:
                targets["open"] = row["question_type"] in OPEN_TYPES
            if split == "val":  # as a session comes: every unit, once, as transcribed
                out[split].append(Example(row["text"], None, targets))
                continue
            if not (question or suggestion) and rng.random() > MRDA_TRAIN_OTHERS / 70_000:
                continue
            keep_context = rng.random() >= 0.3
            out[split].append(Example(row["text"], None, targets))
            out[split].append(Example(strip_punctuation(row["text"]), context if keep_context else None, targets))
    return out


def bioscope(path: Path) -> dict[str, list[Example]]:
    out: dict[str, list[Example]] = {"train": [], "val": [], "test": []}
    with gzip.open(path, "rt", encoding="utf-8") as rows:
        for line in rows:
            row = json.loads(line)
            out[document_part(row["doc_id"])].append(Example(row["text"], None, {"speculation": bool(row["speculative"])}))
    return out


def goemotions(path: Path) -> dict[str, list[Example]]:
    out: dict[str, list[Example]] = {"train": [], "val": []}
    with gzip.open(path, "rt", encoding="utf-8") as rows:
        for line in rows:
            row = json.loads(line)
            split = {"train": "train", "dev": "val"}.get(row["split"])
            if split:
                out[split].append(Example(row["text"], None, {"feeling": bool(row["any_emotion"])}))
    return out


def development_set() -> dict[str, list[Example]]:
    from balint.models.utterance_model import read_unit

    out: dict[str, list[Example]] = {"train": []}
    for line in DEV_SET.read_text().splitlines():
        row = json.loads(line)
        label, flags = row["label"], set(row["flags"])
        asks = label == "QUESTION" or "question_form" in flags
        targets = {"question": asks, "advice": label == "ADVICE", "speculation": label == "SPECULATION",
                   "feeling": label == "FEELING"}
        if asks:
            targets["open"] = "open" in flags or (label == "ADVICE" and read_unit(row["text"]).cues.get("wh_opening") is not None)
        out["train"].append(Example(row["text"], None, targets, DEV_WEIGHT))
    return out


def embed_all(texts: set[str]) -> dict[str, np.ndarray]:
    """Embeddings of every text, cached in build/ by the encoder's checksum (the encoder is the slow part)."""
    from balint.models.sentence_encoder import ENCODER_PATH, default_sentence_encoder
    from balint.models.utterance_model import read_unit

    digest = hashlib.sha256(ENCODER_PATH.read_bytes()).hexdigest()
    cached: dict[str, np.ndarray] = {}
    if CACHE.exists():
        with np.load(CACHE, allow_pickle=False) as data:
            if str(data["encoder"]) == digest:
                cached = dict(zip(data["texts"].tolist(), data["vectors"]))
    judged = {text: read_unit(text).text for text in texts}
    missing = sorted({j for j in judged.values() if j not in cached})
    began = time.perf_counter()
    for start in range(0, len(missing), 8192):
        chunk = missing[start : start + 8192]
        cached.update(zip(chunk, default_sentence_encoder().embed(chunk)))
        print(f"  embedded {min(start + 8192, len(missing)):,} / {len(missing):,} ({time.perf_counter() - began:.0f} s)",
              file=sys.stderr)
    CACHE.parent.mkdir(exist_ok=True)
    np.savez(CACHE, encoder=digest, texts=np.array(list(cached)), vectors=np.stack(list(cached.values())))
    return {text: cached[judged[text]] for text in texts}


@dataclass
class Design:
    """One set of examples as the heads read it: cues (dense), the embedding (dense), hashed words (sparse)."""

    cues: np.ndarray
    embedding: np.ndarray
    hashed: sparse.csr_matrix

    def first(self) -> tuple[np.ndarray, sparse.csr_matrix]:
        return self.cues, self.hashed

    def second(self) -> tuple[np.ndarray, sparse.csr_matrix]:
        return np.hstack([self.cues, self.embedding]), self.hashed

    def rows(self, index: np.ndarray) -> Design:
        return Design(self.cues[index], self.embedding[index], self.hashed[index])


def design(examples: list[Example], vectors: dict[str, np.ndarray]) -> Design:
    from balint.models.utterance_model import HASH_BITS, cue_matrix, feature_ids, read_unit

    readings = [read_unit(e.text) for e in examples]
    contexts = [e.context for e in examples]
    ids = [feature_ids(r, c) for r, c in zip(readings, contexts)]
    rows = np.repeat(np.arange(len(ids)), [len(i) for i in ids])
    hashed = sparse.csr_matrix((np.ones(len(rows), np.float32), (rows, np.concatenate(ids) if ids else [])),
                               shape=(len(ids), 1 << HASH_BITS))
    return Design(cue_matrix(readings, contexts), np.stack([vectors[e.text] for e in examples]), hashed)


def fit(dense: np.ndarray, hashed: sparse.csr_matrix, y: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, ...]:
    """L2 logistic regression over [dense | hashed]; returns dense weights, hashed weights, bias."""
    signs = np.where(y, 1.0, -1.0)
    scale = weight / weight.sum() * len(y)
    split = dense.shape[1]

    def loss_and_gradient(theta: np.ndarray):
        w_dense, w_hashed, b = theta[:split], theta[split:-1], theta[-1]
        margin = signs * (dense @ w_dense + hashed @ w_hashed + b)
        loss = (scale * np.logaddexp(0, -margin)).sum() + 0.5 * L2 * (w_dense @ w_dense + w_hashed @ w_hashed)
        g = scale * -signs * 0.5 * (1 - np.tanh(margin / 2))  # sigmoid(-m) = (1 - tanh(m/2)) / 2
        return loss, np.concatenate([dense.T @ g + L2 * w_dense, hashed.T @ g + L2 * w_hashed, [g.sum()]])

    theta = minimize(loss_and_gradient, np.zeros(split + hashed.shape[1] + 1), jac=True, method="L-BFGS-B",
                     options={"maxiter": 600}).x
    return theta[:split].astype(np.float32), theta[split:-1].astype(np.float32), np.float32(theta[-1])


def probabilities(parts: tuple[np.ndarray, sparse.csr_matrix], weights: tuple[np.ndarray, ...]) -> np.ndarray:
    dense, hashed = parts
    return 1 / (1 + np.exp(-(dense @ weights[0] + hashed @ weights[1] + weights[2])))


def best_threshold(y: np.ndarray, p: np.ndarray, tolerance: float = 0.002) -> float:
    """The lowest threshold within `tolerance` of the best validation F1.

    F1 is flat near its peak, and where it is, recall is the side to take: the held-out sets of other
    registers (telephone, counselling) miss declarative questions and unfamiliar advice, not the reverse.
    """
    grid = np.linspace(0.1, 0.9, 81)
    f1 = np.array([binary_scores(y, p >= t)["f1"] for t in grid])
    return float(grid[np.flatnonzero(f1 >= f1.max() - tolerance)[0]])


def doubt_band(first: np.ndarray, second_says: np.ndarray, threshold: float, tolerance: float = 0.01) -> tuple[float, ...]:
    """The first stage's (low, high): below low the second stage says no, above high yes, in ≥ 99 % of units.

    The band spans at least half the way from the threshold to 0 and to 1: validation data is in-domain
    (meetings, biomedicine), where the first stage is strongest; elsewhere the encoder should read more.
    """
    grid = np.linspace(0.0, 1.0, 201)
    low = max([g for g in grid if g <= threshold and np.mean(second_says[first <= g] if np.any(first <= g) else 0) <= tolerance]
              or [0.0])
    high = min([g for g in grid if g >= threshold and np.mean(~second_says[first >= g] if np.any(first >= g) else 0) <= tolerance]
               or [1.0])
    return float(min(low, threshold / 2)), float(max(high, (1 + threshold) / 2))


def main() -> None:
    data = Path(os.environ.get("BALINT_DATA", ROOT.parent / "shared" / "data")) / "text"
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--without", choices=("mrda", "bioscope", "goemotions", "dev"),
                        help="leave one register out, its validation data too (heads that lose their validation "
                             "data keep threshold 0.5): for the model card's leave-one-register-out table")
    parser.add_argument("--out", type=Path, default=MODELS, help="folder for the weights and card (default: models/)")
    args = parser.parse_args()
    from balint.models import utterance_heads as uh
    from balint.models.utterance_model import CUE_NAMES

    corpora = {"mrda": mrda(data / "mrda_icsi_meetings.jsonl.gz"), "bioscope": bioscope(data / "bioscope.jsonl.gz"),
               "goemotions": goemotions(data / "goemotions.jsonl.gz"), "dev": development_set()}
    if args.without:
        corpora[args.without] = {split: [] for split in corpora[args.without]}
    train = corpora["mrda"]["train"] + corpora["bioscope"]["train"] + corpora["goemotions"]["train"] + \
        corpora["dev"]["train"]
    validation = {"question": corpora["mrda"]["val"], "open": corpora["mrda"]["val"], "advice": corpora["mrda"]["val"],
                  "speculation": corpora["bioscope"]["val"], "feeling": corpora["goemotions"]["val"]}
    vectors = embed_all({e.text for e in train} | {e.text for rows in validation.values() for e in rows})
    train_design = design(train, vectors)
    stages: dict[str, list] = {"first": [], "second": []}
    thresholds, bands, card_heads = [], [], {}
    for head in uh.HEAD_NAMES:
        index = np.array([i for i, e in enumerate(train) if head in e.targets])
        y = np.array([train[i].targets[head] for i in index])
        weight = np.array([train[i].weight for i in index])
        rows = train_design.rows(index)
        first, second = fit(*rows.first(), y, weight), fit(*rows.second(), y, weight)
        held = [e for e in validation[head] if head in e.targets]
        if not held:  # its register left out: no threshold to tune, and the encoder always reads
            y_val, p_first, p_second = np.zeros(0, bool), np.zeros(0), np.zeros(0)
            threshold, band = 0.5, (0.0, 1.0)
        else:
            held_design = design(held, vectors)
            y_val = np.array([e.targets[head] for e in held])
            p_first, p_second = probabilities(held_design.first(), first), probabilities(held_design.second(), second)
            threshold = 0.5 if head == "open" else best_threshold(y_val, p_second)
            band = doubt_band(p_first, p_second >= threshold, threshold)
        stages["first"].append(first)
        stages["second"].append(second)
        thresholds.append(threshold)
        bands.append(band)
        card_heads[head] = {
            "train_units": len(index), "train_positives": int(y.sum()), "threshold": round(threshold, 3),
            "first_stage_band": [round(b, 3) for b in band], "validation_units": len(held),
            "validation_f1": {"first_stage": binary_scores(y_val, p_first >= threshold)["f1"],
                              "second_stage": binary_scores(y_val, p_second >= threshold)["f1"]},
            "validation_share_outside_band": round(float(np.mean((p_first <= band[0]) | (p_first >= band[1])))
                                                   if len(held) else 0.0, 3)}
        print(head, card_heads[head], file=sys.stderr)
    arrays = {"names": np.array(uh.HEAD_NAMES), "cue_names": np.array(CUE_NAMES),
              "thresholds": np.array(thresholds, np.float32), "bands": np.array(bands, np.float32)}
    for stage, weights in stages.items():
        arrays[f"{stage}_dense"] = np.stack([w[0] for w in weights], axis=1)
        arrays[f"{stage}_hashed"] = np.stack([w[1] for w in weights], axis=1).astype(np.float16)
        arrays[f"{stage}_bias"] = np.array([w[2] for w in weights], np.float32)
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / uh.HEADS_PATH.name, **arrays)  # type: ignore[arg-type]
    (args.out / uh.HEADS_CARD_PATH.name).write_text(json.dumps({
        "name": "balint-utterance-heads", "version": "2",
        "features": f"{len(CUE_NAMES)} codebook cues (0/1), hashed words and word pairs; second stage also the "
                    "384-dim all-MiniLM-L6-v2 embedding",
        "model": f"per head, two L2 logistic regressions (lambda {L2}), L-BFGS", "heads": card_heads,
        "training_data": {"mrda": "ICSI MRDA, CC BY 4.0: 51 train meetings (val meetings for thresholds)",
                          "bioscope": "BioScope, CC BY 2.0: 70 % of documents (10 % for the threshold)",
                          "goemotions": "GoEmotions, Apache-2.0: the train split (dev split for the threshold)",
                          "development_set": f"{DEV_SET.name}: codebook-written, all units, weight {DEV_WEIGHT}"},
    }, indent=1) + "\n")


if __name__ == "__main__":
    main()
