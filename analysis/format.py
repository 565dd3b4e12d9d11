"""How times and text are shown to a person: used by the feedback sentences and by every report view."""

from __future__ import annotations

import re

# C0 and C1 controls (ANSI escapes start with one), DEL, and the bidirectional overrides that can
# reorder what a terminal or browser shows ("Trojan source"). Text from a session is shown without them.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


def displayable(text: object) -> str:
    """`text` as one line with no control characters: safe to print to a terminal, and to escape into HTML."""
    return _HIDDEN.sub(" ", str(text)).strip()


def plural(count: int, word: str, words: str | None = None) -> str:
    """"1 speaker", "3 speakers": a count with its noun."""
    return f"{count} {word if count == 1 else words or word + 's'}"


def language_name(code: str) -> str:
    """"de" → "German", or "Deutsch" in a German report (CLDR's names, through Babel); an unknown code as itself."""
    from babel import Locale, UnknownLocaleError

    from balint.analysis.i18n import current_language

    try:
        return str(Locale.parse(code).get_display_name(current_language()))
    except (ValueError, TypeError, UnknownLocaleError):
        return displayable(code)


def spoken_in(language: str, probability: float | None) -> str:
    """"in German (heard, p 0.98)", or "in English" where the language was given."""
    from balint.analysis.i18n import _, decimal

    said = _("in {language}").format(language=language_name(language))
    return said + (_(" (heard, p {p})").format(p=decimal(probability)) if probability is not None else "")


def clock(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}" if minutes >= 60 else f"{minutes}:{secs:02d}"


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60} s" if seconds % 60 else f"{seconds // 60} min"


#: How a setting's name ends says its unit: "silence_s" is seconds, "clarifying_planned_min" minutes.
_UNITS = (("_dbfs", " dBFS"), ("_s", " s"), ("_min", " min"))


def number(value: object) -> str:
    """A setting's value as written: 10.0 → "10", 0.15 → "0.15"; anything else shown as safe text."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return displayable(value)
    return f"{value:g}"


def setting(name: str, value: object) -> str:
    """One threshold as a reader says it: "presenter answers within 3 s", "small leader share 20 %"."""
    words = displayable(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"{words.replace('_', ' ')} {number(value)}"
    for suffix, unit in _UNITS:
        if words.endswith(suffix):
            return f"{words.removesuffix(suffix).replace('_', ' ')} {value:g}{unit}"
    if words.endswith("share") and 0 <= value <= 1:
        return f"{words.replace('_', ' ')} {100 * value:g} %"
    return f"{words.replace('_', ' ')} {value:g}"
