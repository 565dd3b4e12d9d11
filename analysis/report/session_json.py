"""session.json (the SessionAnalysis itself) in and out, and the pair of private outputs it is written with.

With quotes off, no utterance text reaches any of them: unit texts, words and quoted cues are removed.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from balint.analysis.files import REPORT_FILES, SESSION_FILE, read_regular_file, write_private_files
from balint.analysis.report.group_html import render_group_html
from balint.analysis.report.html import render_html
from balint.analysis.types import BalintError, SessionAnalysis, SessionSummary


def redacted(analysis: SessionAnalysis) -> SessionAnalysis:
    """A copy with no utterance text: units keep times, speakers, labels and flags; cues keep only their kind."""
    clean = copy.deepcopy(analysis)
    for unit in clean.units:
        unit.text, unit.words = "", []
        unit.cues = sorted({re.sub(r'\s*".*', "", cue) for cue in unit.cues})
    clean.source = {**clean.source, "redacted": True}
    return clean


def write_reports(analysis: SessionAnalysis, out_dir: Path, quotes: bool = True) -> list[Path]:
    """The leader's pair, session.json and report.html, both 0600, moved into place together once both are
    rendered."""
    shown = analysis if quotes else redacted(analysis)
    rendered = {SESSION_FILE: json.dumps(shown.to_dict(), indent=1, ensure_ascii=False, allow_nan=False) + "\n",
                REPORT_FILES["leader"]: render_html(shown, quotes=quotes)}  # both rendered before either is written
    return write_private_files(out_dir, rendered)


def write_group_report(analysis: SessionAnalysis, out_dir: Path, quotes: bool = False) -> Path:
    """The group's report alone: it names no one, quotes only when `quotes` (never who said it), and nothing
    else (no session.json, whose quotes and speaker ids are the leader's) goes into the group's folder."""
    page = render_group_html(analysis, quotes)
    return write_private_files(out_dir, {REPORT_FILES["group"]: page})[0]


def session_json_path(path: Path) -> Path:
    """A session's folder or its session.json, as the user may give either."""
    return path / SESSION_FILE if path.is_dir() else path


def read_session_json(path: Path) -> SessionAnalysis:
    """A checked SessionAnalysis, or one BalintError line naming what is wrong with the file."""
    return _read(path, SessionAnalysis.from_dict)


def read_session_summary(path: Path) -> SessionSummary:
    """What the history shows of a session (its metrics, episodes and metadata), checked the same way."""
    return _read(path, SessionSummary.from_dict)


R = TypeVar("R")


def _read(path: Path, checked: Callable[[Any], R]) -> R:
    raw = read_regular_file(path)
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
        raise BalintError(f"{path} is not a balint session.json ({type(error).__name__})") from None
    try:
        return checked(data)
    except BalintError as error:
        raise BalintError(f"{path}: {error}") from None
