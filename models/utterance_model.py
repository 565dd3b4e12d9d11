"""How the utterance classifier reads words: tokens, the codebook's question cues, turn context, hashed features.

One definition for training (`train_utterance_heads.py`), the product and the benchmarks.
The hashed features (words, word pairs, opening and closing words, cues, length, context)
feed the heads in `utterance_heads.py` beside the sentence embedding.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

HASH_BITS = 18

FILLERS = {"um", "uh", "er", "erm", "ah", "hmm", "mm", "mhm", "uhm", "eh"}
OPENERS = {"so", "and", "but", "well", "okay", "ok", "oh", "now", "then", "alright", "yeah", "like", "right", "anyway"}
AUXILIARIES = {
    "do", "does", "did", "is", "are", "was", "were", "have", "has", "had", "can", "could", "will", "would",
    "should", "shall", "may", "might", "must", "am", "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't",
    "didn't", "haven't", "hasn't", "hadn't", "can't", "couldn't", "won't", "wouldn't", "shouldn't",
}
SUBJECTS = {
    "you", "she", "he", "they", "it", "we", "i", "there", "that", "this", "the", "her", "his", "your", "their",
    "anyone", "anybody", "someone", "somebody", "everyone", "any", "a", "mrs", "mr", "these", "those",
}
WH_WORDS = {"what", "why", "how", "when", "where", "who", "whom", "whose", "which"}
TAG_ENDINGS = {
    ("right",), ("isn't", "it"), ("didn't", "you"), ("don't", "you"), ("wasn't", "it"), ("aren't", "you"),
    ("is", "it"), ("did", "you"), ("did", "she"), ("did", "he"), ("didn't", "she"), ("didn't", "he"),
    ("doesn't", "she"), ("doesn't", "he"), ("isn't", "she"), ("isn't", "he"), ("wasn't", "she"), ("correct",),
    ("no",), ("yes",), ("eh",), ("huh",), ("okay",), ("ok",),
}

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_REQUEST = re.compile(r"\b(tell me|can you say|could you say|i was wondering if you|do you know|any idea)\b")


def tokens_of(text: str) -> list[str]:
    """Lower-case words, fillers dropped, immediate repeats ("did you did you") collapsed."""
    out = [w for w in _TOKEN.findall(text.lower().replace("’", "'")) if w not in FILLERS]
    # collapse a repeated one- or two-word start of a repair: "did you - did you check" → "did you check"
    for size in (2, 1):
        i = 0
        while i + 2 * size <= len(out):
            if out[i : i + size] == out[i + size : i + 2 * size]:
                del out[i : i + size]
            else:
                i += 1
    return out


SAME_SPEAKER_GAP_S = 1.5  # a unit this soon after the same speaker's continues their turn
REPLY_GAP_S = 2.0  # another speaker this soon after a unit replies to it


def turn_contexts(units: list[tuple[str, float, float, str]]) -> list[TurnContext]:
    """Contexts for (speaker, start, end, text) units in time order: one definition for training and use."""
    contexts = []
    for i, (speaker, start, end, _) in enumerate(units):
        before = units[i - 1] if i > 0 else None
        after = units[i + 1] if i + 1 < len(units) else None
        reply = tokens_of(after[3]) if after else []
        contexts.append(TurnContext(
            previous_same_speaker=before is not None and before[0] == speaker and start - before[2] < SAME_SPEAKER_GAP_S,
            next_other_speaker=after is not None and after[0] != speaker and after[1] - end < REPLY_GAP_S,
            next_first_word=reply[0] if reply else None,
        ))
    return contexts


def content_start(tokens: list[str]) -> int:
    """Index of the first word after discourse openers ("so", "and", "well", "you know", …)."""
    i = 0
    while i < len(tokens):
        if tokens[i] in OPENERS:
            i += 1
        elif tokens[i : i + 2] in (["you", "know"], ["i", "mean"], ["sort", "of"], ["kind", "of"]):
            i += 2
        else:
            break
    return i


def question_cues(tokens: list[str]) -> dict[str, str]:
    """The codebook's lexical question cues found in the unit, name → the words that showed it."""
    cues: dict[str, str] = {}
    start = content_start(tokens)
    head = tokens[start : start + 2]
    if len(head) == 2 and head[0] in AUXILIARIES and head[1] in SUBJECTS:
        cues["inverted_auxiliary"] = " ".join(head)
    if head and head[0].split("'")[0] in WH_WORDS and not (len(head) == 2 and head[1] in {"i", "we"}):  # "what's" too
        cues["wh_opening"] = " ".join(tokens[start : start + 2])
    if head[:2] == ["how", "come"]:
        cues["wh_opening"] = "how come"
    text = " ".join(tokens)
    request = _REQUEST.search(text)
    if request:
        cues["tell_me"] = request.group()
    if len(tokens) >= 3:
        for size in (2, 1):
            if tuple(tokens[-size:]) in TAG_ENDINGS:
                cues["tag"] = " ".join(tokens[-size:])
                break
    if re.search(r"\bor (not|what|something|anything)$", text) or (" or " in f" {text} " and "inverted_auxiliary" in cues):
        cues["or_choice"] = "or"
    return cues


@dataclass(frozen=True)
class TurnContext:
    """Where a unit sits in the conversation, when known: questions draw answers, tags follow statements."""

    previous_same_speaker: bool | None = None  # the unit before was the same speaker's, within SAME_SPEAKER_GAP_S
    next_other_speaker: bool | None = None  # someone else speaks next, within 2 s
    next_first_word: str | None = None  # the first word of that reply


def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode()) & ((1 << HASH_BITS) - 1)


def feature_ids(tokens: list[str], context: TurnContext | None = None) -> list[int]:
    """Hashed feature indices for one unit: words, word pairs, opening/closing words, cues, length, context."""
    start = content_start(tokens)
    core = tokens[start:]
    names = [f"w={w}" for w in core]
    names += [f"b={a}_{b}" for a, b in zip(core, core[1:])]
    if core:
        names += [f"first={core[0]}", f"first2={'_'.join(core[:2])}", f"first3={'_'.join(core[:3])}",
                  f"last={core[-1]}", f"last2={'_'.join(core[-2:])}"]
    names.append(f"len={min(len(core), 12) if len(core) < 12 else 12 + min(len(core) // 10, 5)}")
    cues = question_cues(tokens)
    names += [f"cue={name}" for name in cues]
    if context is not None:
        last = core[-1] if core else ""
        for flag, value in (("prev_same", context.previous_same_speaker), ("next_other", context.next_other_speaker)):
            if value is not None:
                names += [f"ctx:{flag}={value}", f"ctx:{flag}={value}|last={last}", f"ctx:{flag}={value}|n={min(len(core), 4)}"]
                names += [f"ctx:{flag}={value}|cue={name}" for name in cues]
        if context.next_other_speaker and context.next_first_word:
            names += [f"ctx:reply={context.next_first_word}", f"ctx:reply={context.next_first_word}|last={last}"]
    names.append("bias")
    return sorted({_hash(name) for name in names})  # present or not: a word said fifty times is not fifty times the cue


def binary_scores(truth: Sequence[bool], predicted: Sequence[bool]) -> dict[str, float]:
    """Precision, recall and F1 of one yes/no decision: one definition for training, tests and benchmarks."""
    tp = sum(bool(t) and bool(p) for t, p in zip(truth, predicted))
    positives, predicted_positives = sum(map(bool, truth)), sum(map(bool, predicted))
    precision, recall = tp / max(1, predicted_positives), tp / max(1, positives)
    return {"precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(2 * precision * recall / max(1e-9, precision + recall), 4),
            "support": positives, "n": len(truth)}


def mrda_codebook_question(row: dict) -> bool:
    """An MRDA unit the codebook calls a question: not "what?" (`br`, a request to repeat) nor "really?" (`bh`, a
    backchannel in a question's form, as SwDA and the codebook have it). One definition for training and scoring."""
    return bool(row["is_question"]) and not {"br", "bh"} & set(row["da_specific"])
