"""Alignment: every word to the speaker whose turn holds it, then words into units.

A unit ends at a speaker change, at sentence punctuation, or at a pause of
at least `pause_s` (codebook: 1 s) — the stretch the classifier labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyannote.core import Annotation, Segment

from analysis.types import Unit, Word

SENTENCE_END = (".", "?", "!")
ABBREVIATIONS = {"mr.", "mrs.", "ms.", "dr.", "st.", "prof.", "e.g.", "i.e.", "etc.", "vs."}
UNKNOWN_SPEAKER = "SPEAKER_??"


@dataclass(frozen=True)
class AlignOptions:
    pause_s: float = 1.0


def ends_sentence(token: str) -> bool:
    return token.endswith(SENTENCE_END) and token.lower() not in ABBREVIATIONS


def speaker_of(word: Word, who_spoke: Annotation) -> str:
    """The speaker who dominates the word's span; else the speaker of the nearest turn."""
    span = Segment(word.start, max(word.end, word.start + 0.01))
    speaker = who_spoke.argmax(span)
    if speaker is not None:
        return str(speaker)
    nearest, label = float("inf"), UNKNOWN_SPEAKER
    middle = (word.start + word.end) / 2
    for segment, _, turn_speaker in who_spoke.itertracks(yield_label=True):
        distance = max(segment.start - middle, middle - segment.end, 0.0)
        if distance < nearest:
            nearest, label = distance, str(turn_speaker)
    return label


def units_from_words(words: list[Word], who_spoke: Annotation, options: AlignOptions = AlignOptions()) -> list[Unit]:
    units: list[Unit] = []
    current: list[Word] = []
    current_speaker = ""

    def close() -> None:
        if current:
            text = " ".join(w.text for w in current)
            units.append(Unit(len(units), current_speaker, current[0].start, current[-1].end, text, list(current)))
            current.clear()

    for word in words:
        speaker = speaker_of(word, who_spoke)
        if current and (speaker != current_speaker or word.start - current[-1].end >= options.pause_s):
            close()
        current_speaker = speaker
        current.append(word)
        if ends_sentence(word.text):
            close()
    close()
    return units
