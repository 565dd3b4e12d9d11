"""Scoring against references: word error rate and diarisation error rate, one definition for tests and benchmarks."""

from __future__ import annotations

import re
from pathlib import Path

from pyannote.core import Annotation, Segment, Timeline

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
        "seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _number_words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + ("" if rest == 0 else " " + _number_words(rest))
    return str(n)


def normalise_words(text: str, language: str = "en") -> list[str]:
    """Lower case, punctuation and hyphens dropped, apostrophes kept ("didn't"); in English digits are spelled out,
    in other languages every letter is kept (ä, ß, é) and digits stay digits."""
    text = text.lower().replace("-", " ")
    if language == "en":
        text = re.sub(r"\d+", lambda m: " " + _number_words(int(m.group())) + " ", text)
        text = re.sub(r"[^a-z' ]+", " ", text)
    else:
        text = re.sub(r"[^\w' ]+|_", " ", text)
    return [w.strip("'") for w in text.split() if w.strip("'")]


def word_errors(reference: str, hypothesis: str, language: str = "en") -> tuple[int, int]:
    """(substitutions + deletions + insertions, reference words), after normalise_words: pooled WER adds these."""
    ref, hyp = normalise_words(reference, language), normalise_words(hypothesis, language)
    previous = list(range(len(hyp) + 1))
    for i, ref_word in enumerate(ref, 1):
        current = [i] + [0] * len(hyp)
        for j, hyp_word in enumerate(hyp, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref_word != hyp_word))
        previous = current
    return previous[-1], len(ref)


def word_error_rate(reference: str, hypothesis: str, language: str = "en") -> float:
    """(substitutions + deletions + insertions) / reference words, after normalise_words."""
    errors, words = word_errors(reference, hypothesis, language)
    return errors / words if words else float(errors > 0)


def read_stm_text(path: Path) -> str:
    """The reference words of an STM file, in time order."""
    rows = []
    for line in Path(path).read_text().splitlines():
        parts = line.split(maxsplit=5)
        if len(parts) == 6 and not line.startswith(";;"):
            rows.append((float(parts[3]), parts[5]))
    return " ".join(text for _, text in sorted(rows))


def read_rttm(path: Path) -> dict[str, Annotation]:
    """RTTM speaker turns by file id."""
    annotations: dict[str, Annotation] = {}
    for line in Path(path).read_text().splitlines():
        parts = line.split()
        if len(parts) >= 8 and parts[0] == "SPEAKER":
            uri, start, duration, speaker = parts[1], float(parts[3]), float(parts[4]), parts[7]
            annotation = annotations.setdefault(uri, Annotation(uri=uri))
            annotation[Segment(start, start + duration), len(annotation)] = speaker
    return annotations


def read_uem(path: Path) -> dict[str, Timeline]:
    regions: dict[str, Timeline] = {}
    for line in Path(path).read_text().splitlines():
        parts = line.split()
        if len(parts) == 4:
            regions.setdefault(parts[0], Timeline(uri=parts[0])).add(Segment(float(parts[2]), float(parts[3])))
    return regions


def diarization_error_rate(reference: Annotation, hypothesis: Annotation, uem: Timeline | None = None,
                           collar: float = 0.25) -> dict[str, float]:
    """DER and its parts with pyannote.metrics; `collar` is pyannote's (total width, half each side)."""
    from pyannote.metrics.diarization import DiarizationErrorRate

    metric = DiarizationErrorRate(collar=collar, skip_overlap=False)
    if uem is None:
        uem = Timeline([Segment(0, max(reference.get_timeline().extent().end,
                                       hypothesis.get_timeline().extent().end if hypothesis else 0))])
    detail = metric(reference, hypothesis, uem=uem, detailed=True)
    return {key: float(detail[key]) for key in ("diarization error rate", "total", "missed detection",
                                                  "false alarm", "confusion")}
