"""External or corrected transcripts: JSON Lines with speaker, start, end, text (role optional) → units."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

from balint.analysis.types import MAX_SESSION_S, BalintError, RoleName, Unit

ROLES: dict[str, RoleName] = {"leader": "leader", "presenter": "presenter", "member": "member"}


def read_transcript(path: Path) -> tuple[list[Unit], dict[str, RoleName]]:
    """Units in time order, and the roles the transcript gives (speaker → role)."""
    path = Path(path)
    if not path.is_file():
        raise BalintError(f"{path}: no such file")
    units: list[Unit] = []
    roles: dict[str, RoleName] = {}
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()  # a BOM from Windows editors is fine
    except UnicodeDecodeError:
        raise BalintError(f"{path} is not UTF-8 text: a transcript is JSON Lines") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            speaker, start, end, text = str(row["speaker"]), float(row["start"]), float(row["end"]), str(row["text"])
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise BalintError(f"{path}, line {number}: needs JSON with speaker, start, end and text "
                              f"({type(error).__name__})") from None
        if not (math.isfinite(start) and math.isfinite(end) and 0 <= start <= end <= MAX_SESSION_S):
            raise BalintError(f"{path}, line {number}: start {start} and end {end} must be seconds, "
                              f"0 ≤ start ≤ end ≤ {MAX_SESSION_S:g}")
        role = str(row.get("role", "")).lower()
        if role in ROLES:
            roles[speaker] = ROLES[role]
        units.append(Unit(0, speaker, round(start, 3), round(end, 3), text))
    if not units:
        raise BalintError(f"{path} holds no transcript lines")
    units.sort(key=lambda u: (u.start, u.end))
    for number, unit in enumerate(units):
        unit.id = number
    return units, {s: r for s, r in roles.items() if r != "member"}


#: the commonest words of each language, for a transcript given without its language
FUNCTION_WORDS = {
    "en": {"the", "and", "is", "you", "that", "it", "of", "to", "was", "what", "with", "she", "he", "have", "this",
           "not", "for", "but", "they", "be", "are", "do", "i'm", "there", "just", "about", "we"},
    "de": {"und", "ist", "die", "der", "das", "nicht", "sie", "ich", "es", "ein", "eine", "zu", "mit", "auf", "wir",
           "haben", "hat", "auch", "was", "den", "dem", "sich", "mir", "mich", "aber", "noch", "wie", "dass"},
    "fr": {"le", "la", "les", "et", "est", "je", "vous", "elle", "il", "que", "pas", "une", "des", "du", "dans",
           "qui", "avec", "pour", "nous", "mais", "c'est"},
    "nl": {"het", "een", "en", "niet", "ik", "je", "dat", "zij", "hij", "wat", "maar", "ook", "heeft", "wij", "voor"},
    "es": {"el", "los", "las", "y", "que", "no", "una", "con", "para", "pero", "ella", "él", "usted", "muy"},
    "it": {"il", "lo", "gli", "e", "è", "che", "non", "una", "con", "per", "ma", "lei", "lui", "sono", "della"},
}


def guess_language(texts: list[str]) -> str:
    """The language of a transcript's words, by its commonest words; English where nothing stands out."""
    words = Counter(w for text in texts for w in re.findall(r"[\w']+", text.lower()))
    scores = {language: sum(words[w] for w in common) for language, common in FUNCTION_WORDS.items()}
    best = max(scores, key=lambda language: scores[language])
    return best if scores[best] > scores["en"] and scores[best] >= 5 else "en"
