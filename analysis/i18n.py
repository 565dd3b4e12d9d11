"""The reports' words in the session's language: gettext catalogues, extracted and compiled with Babel.

Every sentence a leader reads is written in English in the code and wrapped in `_()` (or `ngettext` where a count
decides the form); `analysis/locale/<language>/LC_MESSAGES/balint.po` holds its translation, and the compiled
`.mo` beside it is what runs (`make translations` re-extracts, updates and compiles them). `report_language`
chooses the catalogue for everything said inside it: the observations, made when a session is interpreted, and
the reports, made when it is rendered. A language without a catalogue reads English.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "balint"
#: the languages the reports are written in
REPORT_LANGUAGES = ("en", "de")

_ENGLISH = gettext.NullTranslations()
_current: ContextVar[gettext.NullTranslations] = ContextVar("report_translation", default=_ENGLISH)  # noqa: B039
_code: ContextVar[str] = ContextVar("report_language", default="en")


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def report_language_for(language: str) -> str:
    """The language a session's reports are written in: its own where a catalogue exists, else English."""
    return language if language in REPORT_LANGUAGES else "en"


@contextmanager
def report_language(language: str) -> Iterator[str]:
    """Everything said inside is said in `language` (English where balint has no catalogue for it)."""
    chosen = report_language_for(language)
    token, code = _current.set(catalogue(chosen)), _code.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)
        _code.reset(code)


def current_language() -> str:
    return _code.get()


def _(message: str) -> str:
    return _current.get().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _current.get().ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark for extraction, translate later"
    return message


#: the phases as the reports name them
PHASE_WORDS = {"call_for_case": N_("call for case"), "presentation": N_("presentation"), "clarifying": N_("clarifying"),
               "discussion": N_("discussion"), "presenter_returns": N_("presenter returns"), "closing": N_("closing")}


#: the codebook's labels and flags as the reports name them
LABEL_WORDS = {"QUESTION": N_("question"), "SPECULATION": N_("speculation"), "FEELING": N_("feeling"),
               "ADVICE": N_("advice"), "OTHER": N_("other")}
FLAG_WORDS = {"closed": N_("closed"), "open": N_("open"), "why_challenge": N_("why challenge"),
              "fact_seeking": N_("fact seeking"), "question_form": N_("question form")}


def label_words(label: str) -> str:
    return _(LABEL_WORDS.get(label, label.lower()))


def flag_words(flag: str) -> str:
    return _(FLAG_WORDS.get(flag, flag.replace("_", " ")))


def phase_words(name: str) -> str:
    """"presenter returns" (or "Rückkehr der Vortragenden"): a phase as the reader's language names it."""
    return _(PHASE_WORDS.get(name, name.replace("_", " ")))


#: roles, role names and where a phase came from, as the reports say them
ROLE_WORDS = {"leader": N_("leader"), "presenter": N_("presenter"), "member": N_("member"), "Leader": N_("Leader"),
              "Presenter": N_("Presenter"), "mark": N_("mark"), "inferred": N_("inferred")}


def person(name: str) -> str:
    """A role's name as the reader's language says it: "Member C" is "Mitglied C" in German; a real name stays."""
    if name.startswith("Member ") and len(name) <= len("Member ") + 2:
        return _("Member {letter}").format(letter=name.removeprefix("Member "))
    return _(ROLE_WORDS[name]) if name in ("Leader", "Presenter") else name


def role_words(role: str) -> str:
    """"leader", "presenter", "member", or where a phase came from ("mark", "inferred"), in the reader's language."""
    return _(ROLE_WORDS.get(role, role))


def decimal(value: float, places: int = 2) -> str:
    """0.98 as the reader writes it: "0.98" in English, "0,98" in German."""
    text = f"{value:.{places}f}"
    return text.replace(".", ",") if current_language() == "de" else text
