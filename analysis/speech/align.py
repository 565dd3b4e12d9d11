"""Alignment: every word to the speaker whose turn holds it, then words into units.

A unit ends at a speaker change, at sentence punctuation, or at a pause of
at least `pause_s` (codebook: 1 s) — the stretch the classifier labels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pyannote.core import Annotation

from balint.analysis.types import Unit, Word

SENTENCE_END = (".", "?", "!")
ABBREVIATIONS = {"mr.", "mrs.", "ms.", "dr.", "st.", "prof.", "e.g.", "i.e.", "etc.", "vs."}
UNKNOWN_SPEAKER = "SPEAKER_??"


@dataclass(frozen=True)
class AlignOptions:
    pause_s: float = 1.0


def ends_sentence(token: str) -> bool:
    return token.endswith(SENTENCE_END) and token.lower() not in ABBREVIATIONS


class TurnIndex:
    """Speaker turns sorted by start, for finding a word's speaker by binary search instead of a scan."""

    def __init__(self, who_spoke: Annotation):
        tracks = sorted((seg.start, seg.end, str(label)) for seg, _, label in who_spoke.itertracks(yield_label=True))
        self.starts = np.array([t[0] for t in tracks])
        self.ends = np.array([t[1] for t in tracks])
        self.speakers = [t[2] for t in tracks]
        self.longest = float(np.max(self.ends - self.starts)) if tracks else 0.0

    def speaker_of(self, word: Word) -> str:
        """The speaker whose turns cover most of the word; else the speaker of the nearest turn."""
        if not self.speakers:
            return UNKNOWN_SPEAKER
        end = max(word.end, word.start + 0.01)
        first = int(np.searchsorted(self.starts, word.start - self.longest, side="left"))
        last = int(np.searchsorted(self.starts, end, side="right"))
        cover: dict[str, float] = {}
        for i in range(first, last):
            shared = min(end, self.ends[i]) - max(word.start, self.starts[i])
            if shared > 0:
                cover[self.speakers[i]] = cover.get(self.speakers[i], 0.0) + shared
        if cover:
            return max(cover.items(), key=lambda item: item[1])[0]
        middle = (word.start + end) / 2
        distance = np.maximum(self.starts - middle, middle - self.ends).clip(min=0)
        return self.speakers[int(np.argmin(distance))]


def units_from_words(words: list[Word], who_spoke: Annotation, options: AlignOptions = AlignOptions()) -> list[Unit]:
    units: list[Unit] = []
    current: list[Word] = []
    current_speaker = ""

    def close() -> None:
        if current:
            text = " ".join(w.text for w in current)
            units.append(Unit(len(units), current_speaker, current[0].start, current[-1].end, text, list(current)))
            current.clear()

    turns = TurnIndex(who_spoke)
    for word in words:
        speaker = turns.speaker_of(word)
        if current and (speaker != current_speaker or word.start - current[-1].end >= options.pause_s):
            close()
        current_speaker = speaker
        current.append(word)
        if ends_sentence(word.text):
            close()
    close()
    return units
