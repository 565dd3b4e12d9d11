"""session.json (the SessionAnalysis itself) in and out, and the pair of private outputs it is written with.

With quotes off, no utterance text reaches any of them: unit texts, words and quoted cues are removed.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from balint.analysis.files import write_private_files
from balint.analysis.report.group_html import render_group_html
from balint.analysis.report.html import render_html
from balint.analysis.types import Audience, BalintError, SessionAnalysis

REPORT_FILES = {"leader": "report.html", "group": "group-report.html"}


def redacted(analysis: SessionAnalysis) -> SessionAnalysis:
    """A copy with no utterance text: units keep times, speakers, labels and flags; cues keep only their kind."""
    clean = copy.deepcopy(analysis)
    for unit in clean.units:
        unit.text, unit.words = "", []
        unit.cues = sorted({re.sub(r'\s*".*', "", cue) for cue in unit.cues})
    clean.source = {**clean.source, "redacted": True}
    return clean


def write_reports(analysis: SessionAnalysis, out_dir: Path, quotes: bool = True, audience: Audience = "leader",
                  group_quotes: bool = False) -> list[Path]:
    """session.json and the audience's report (the leader's report.html, or the group's group-report.html,
    which names no one and quotes only when `group_quotes`), both 0600, moved into place together once both
    are rendered."""
    shown = analysis if quotes else redacted(analysis)
    page = render_html(shown, quotes=quotes) if audience == "leader" else render_group_html(shown, group_quotes and quotes)
    rendered = {"session.json": json.dumps(shown.to_dict(), indent=1, ensure_ascii=False, allow_nan=False) + "\n",
                REPORT_FILES[audience]: page}  # both rendered before either is written
    return write_private_files(out_dir, rendered)


def read_session_json(path: Path) -> SessionAnalysis:
    """A checked SessionAnalysis, or one BalintError line naming what is wrong with the file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise BalintError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BalintError(f"{path} is a folder: give the session.json inside it") from None
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
        raise BalintError(f"{path} is not a balint session.json ({type(error).__name__})") from None
    try:
        return SessionAnalysis.from_dict(data)
    except BalintError as error:
        raise BalintError(f"{path}: {error}") from None
