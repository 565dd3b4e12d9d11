"""Train the question detector in utterance_model.py on MRDA, and write its weights and card.

    python models/train_utterance_model.py          # data from $BALINT_DATA (default ../shared/data)

Training uses MRDA's 51 train meetings. The decision threshold is chosen for F1 on the
12 validation meetings. The 12 test meetings are only scored, never used for a choice.
Every text is seen without punctuation (tokens_of drops it). The run is deterministic:
L-BFGS from zeros.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from models import utterance_model as um  # noqa: E402

L2 = 5.0
DROP_CONTEXT = 0.3


def read_mrda(path: Path) -> dict[str, list[tuple[str, bool, um.TurnContext]]]:
    """Units per split with their turn context, each meeting in time order."""
    meetings: dict[tuple[str, str], list[dict]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as rows:
        for line in rows:
            row = json.loads(line)
            meetings.setdefault((row["split"], row["conv_id"]), []).append(row)
    splits: dict[str, list[tuple[str, bool, um.TurnContext]]] = {"train": [], "val": [], "test": []}
    for (split, _), meeting in sorted(meetings.items()):
        meeting.sort(key=lambda r: (r["start"], r["end"]))
        contexts = um.turn_contexts([(r["speaker"], r["start"], r["end"], r["text"]) for r in meeting])
        splits[split].extend((r["text"], bool(r["is_question"]), c) for r, c in zip(meeting, contexts))
    return splits


def design(units: list[tuple[str, bool, um.TurnContext]], drop_context: float = 0.0) -> sparse.csr_matrix:
    """Feature matrix; `drop_context` of the units are shown without context, as typed or single lines arrive."""
    rng = np.random.default_rng(0)
    rows, cols = [], []
    for i, (text, _, context) in enumerate(units):
        ids = um.feature_ids(um.tokens_of(text), None if rng.random() < drop_context else context)
        rows.extend([i] * len(ids))
        cols.extend(ids)
    data = np.ones(len(rows), dtype=np.float32)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(units), 1 << um.HASH_BITS))


def fit(x: sparse.csr_matrix, y: np.ndarray) -> np.ndarray:
    signs = np.where(y, 1.0, -1.0)

    def loss_and_gradient(w: np.ndarray):
        margin = signs * (x @ w)
        loss = np.logaddexp(0, -margin).sum() + 0.5 * L2 * w @ w
        gradient = x.T @ (-signs * 0.5 * (1 - np.tanh(margin / 2))) + L2 * w  # sigmoid(-m) = (1 - tanh(m/2)) / 2
        return loss, gradient

    result = minimize(loss_and_gradient, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B",
                      options={"maxiter": 400})
    return result.x.astype(np.float32)


def scores(y: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    result = um.binary_scores(y.tolist(), predicted.tolist())
    return {**{k: result[k] for k in ("precision", "recall", "f1", "n")}, "questions": result["support"]}


def main() -> None:
    data = Path(os.environ.get("BALINT_DATA", HERE.parent.parent / "shared" / "data"))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mrda", type=Path, default=data / "text" / "mrda_icsi_meetings.jsonl.gz")
    args = parser.parse_args()
    splits = read_mrda(args.mrda)
    matrices = {name: design(rows, DROP_CONTEXT if name == "train" else 0.0) for name, rows in splits.items()}
    no_context = {name: design(rows, 1.0) for name, rows in splits.items() if name != "train"}
    labels = {name: np.array([q for _, q, _ in rows]) for name, rows in splits.items()}
    weights = fit(matrices["train"], labels["train"])
    logits = {name: matrices[name] @ weights for name in splits}
    candidates = np.linspace(-2.5, 2.5, 101)
    best = max(candidates, key=lambda t: scores(labels["val"], logits["val"] >= t)["f1"])
    threshold = float(1 / (1 + np.exp(-best)))
    # Store the bias-shifted weights so that probability ≥ 0.5 is the tuned decision.
    bias_index = um.feature_ids([])[-1]
    weights[bias_index] -= best
    np.savez_compressed(um.WEIGHTS_PATH, weights=weights, threshold=np.float32(0.5))
    metrics = {name: scores(labels[name], logits[name] >= best) for name in ("train", "val", "test")}
    metrics.update({f"{name}_without_context": scores(labels[name], (x @ weights) >= 0) for name, x in no_context.items()})
    um.CARD_PATH.write_text(json.dumps({
        "name": "balint-question-detector",
        "version": "1",
        "task": "is a spoken unit a question (punctuation removed)",
        "model": f"L2 logistic regression (lambda {L2}) over 2^{um.HASH_BITS} hashed features: words, word pairs, "
                 "opening/closing words, codebook question cues, length, and turn context (same speaker "
                 "before, another speaker after, the reply's first word)",
        "weights": {"file": um.WEIGHTS_PATH.name, "format": "numpy .npz, float32, loaded with allow_pickle=False"},
        "training_data": {
            "corpus": "ICSI Meeting Recorder Dialog Act corpus (MRDA), 51 train meetings; threshold on 12 val meetings",
            "licence": "ICSI corpus CC BY 4.0; annotations distributed freely by ICSI",
            "converted_via": "github NathanDuran/MRDA-Corpus (no code of it is used here)",
        },
        "decision_threshold_probability_before_shift": round(threshold, 4),
        "metrics_punctuation_removed": metrics,
        "limits": "Engineering meetings, not clinical groups. Declarative and tag questions ('you mean this', "
                  "'right') are ambiguous without prosody or punctuation.",
    }, indent=1) + "\n")
    print(json.dumps(metrics, indent=1))


if __name__ == "__main__":
    main()
