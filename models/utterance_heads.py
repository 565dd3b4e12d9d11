"""The learned decisions of the utterance classifier: one logistic head per codebook decision, in two stages.

Every head answers one question (is it a question, is that question open, is it advice,
is it speculation, does it voice a feeling) from the codebook's cues as 0/1, hashed words and word pairs
(`utterance_model.feature_ids`) and, in the second stage, the unit's MiniLM sentence
embedding (`sentence_encoder.py`). The first stage, without the embedding, costs
microseconds; the encoder runs only for units where some first-stage head falls inside its
uncertainty band, chosen on held-out data so that the shortcut agrees with the full heads.
The codebook's precedence between decisions stays in `analysis/dynamics/classify.py`.
Weights come from `tools/train_utterance_heads.py` and load with numpy's pickle-free loader.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent
HEADS_PATH = MODEL_DIR / "utterance_heads.npz"
HEADS_CARD_PATH = MODEL_DIR / "utterance_heads.json"
HEAD_NAMES = ("question", "open", "advice", "speculation", "feeling")


@dataclass(frozen=True)
class Stage:
    """One stage's weights: dense (cues, then the embedding if any) and hashed, one column per head."""

    dense: np.ndarray  # (dense features, heads)
    hashed: np.ndarray  # (2**HASH_BITS, heads)
    bias: np.ndarray  # (heads,)

    def probabilities(self, dense: np.ndarray, ids: list[list[int]]) -> np.ndarray:
        if dense.shape[1] != self.dense.shape[0]:
            raise ValueError(f"this stage reads {self.dense.shape[0]} dense features, not {dense.shape[1]}")
        score = dense @ self.dense + self.bias
        for row, unit_ids in enumerate(ids):
            score[row] += self.hashed[unit_ids].sum(axis=0)
        return 1.0 / (1.0 + np.exp(-score))


class UtteranceHeads:
    """Both stages, each head's decision threshold and the first stage's uncertainty bands."""

    def __init__(self, path: Path = HEADS_PATH):
        with np.load(path, allow_pickle=False) as data:
            self.names = tuple(str(name) for name in data["names"])
            self.cue_names = tuple(str(name) for name in data["cue_names"])
            self.first = Stage(data["first_dense"].astype(np.float32), data["first_hashed"].astype(np.float32),
                               data["first_bias"].astype(np.float32))
            self.second = Stage(data["second_dense"].astype(np.float32), data["second_hashed"].astype(np.float32),
                                data["second_bias"].astype(np.float32))
            self.thresholds = dict(zip(self.names, data["thresholds"].astype(float)))
            self.bands = data["bands"].astype(np.float32)  # (heads, 2): low and high of the first stage's doubt

    def unsure(self, first: np.ndarray, own_feeling_named: np.ndarray) -> np.ndarray:
        """Rows where some first-stage head lies inside its band: those the sentence encoder must read.

        Whether a question is open matters only for what may be a question; whether the words voice a feeling,
        only where the speaker names their own (`own_feeling_named`: the codebook's feeling cue or its frame)."""
        doubt = (first > self.bands[:, 0]) & (first < self.bands[:, 1])
        question, opened = self.names.index("question"), self.names.index("open")
        doubt[:, opened] &= first[:, question] > self.bands[question, 0]
        doubt[:, self.names.index("feeling")] &= own_feeling_named
        return np.any(doubt, axis=1)


@lru_cache(maxsize=1)
def default_utterance_heads() -> UtteranceHeads:
    return UtteranceHeads()


def card() -> dict:
    return json.loads(HEADS_CARD_PATH.read_text())


INTONATION_PATH = MODEL_DIR / "intonation.json"


@dataclass(frozen=True)
class Intonation:
    """The voice's question mark: the words' p(question) and a measured rising end, fused by one logistic.

    It decides only declaratives (no "?", no question form) whose pitch was measured: the recogniser's full
    stop there is a guess, the voice is evidence. Fitted by tools/fit_intonation.py on labelled units with
    audio; a rise counts for less where the words make a question implausible (narration, a hedge, a long
    unit, a fragment, the speaker's own "I")."""

    bias: float
    words: float  # per unit of logit p(question) of the words without their final full stop
    rise: float
    rise_where_implausible: float

    def probability(self, p_words: float, rising: bool, implausible: bool) -> float:
        p = min(max(p_words, 1e-3), 1 - 1e-3)
        score = self.bias + self.words * float(np.log(p / (1 - p))) + \
            (self.rise + (self.rise_where_implausible if implausible else 0.0)) * rising
        return float(1.0 / (1.0 + np.exp(-score)))


@lru_cache(maxsize=1)
def default_intonation() -> Intonation:
    return Intonation(**json.loads(INTONATION_PATH.read_text())["weights"])
