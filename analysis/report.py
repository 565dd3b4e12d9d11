"""Reports: session.json (the SessionAnalysis itself), report.html and the terminal summary, all private to the user.

With quotes off, no utterance text reaches any of them: unit texts, words and quoted cues are removed.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from analysis.files import write_private_files
from analysis.format import clock, displayable
from analysis.types import BalintError, SessionAnalysis


def redacted(analysis: SessionAnalysis) -> SessionAnalysis:
    """A copy with no utterance text: units keep times, speakers, labels and flags; cues keep only their kind."""
    clean = copy.deepcopy(analysis)
    for unit in clean.units:
        unit.text, unit.words = "", []
        unit.cues = sorted({re.sub(r'\s*".*', "", cue) for cue in unit.cues})
    clean.source = {**clean.source, "redacted": True}
    return clean


def write_reports(analysis: SessionAnalysis, out_dir: Path, quotes: bool = True) -> list[Path]:
    """session.json and report.html, both 0600, moved into place together once both are rendered."""
    from analysis.html_report import render_html

    shown = analysis if quotes else redacted(analysis)
    rendered = {"session.json": json.dumps(shown.to_dict(), indent=1, ensure_ascii=False, allow_nan=False) + "\n",
                "report.html": render_html(shown, quotes=quotes)}  # both rendered before either is written
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


def summary_lines(analysis: SessionAnalysis, quotes: bool = True) -> list[str]:
    """A short, readable account of the session for the terminal: roles, phases, what stood out."""
    names = {r.speaker: r.name for r in analysis.roles if r.speaker}
    per_person = analysis.metrics.talk_time_s.per_person
    speech = sum(per_person.values()) or 1e-9
    lines = [
        f"{analysis.source.get('name', 'session')}: {clock(analysis.duration_s)}, {len(analysis.speakers)} speakers, "
        f"{len(analysis.units)} units",
        "people:",
    ]
    for speaker, seconds in per_person.items():
        role = next((r for r in analysis.roles if r.speaker == speaker), None)
        how = f"  ({role.how}, confidence {role.confidence:.2f})" if role and role.role != "member" else ""
        lines.append(f"  {names.get(speaker, speaker):<10} {speaker:<12} {clock(seconds):>7} {100 * seconds / speech:5.1f} %{how}")
    if analysis.phases:
        lines.append("phases: " + ", ".join(f"{p.name.replace('_', ' ')} {clock(p.start)}" for p in analysis.phases))
    if analysis.observations:
        lines.append("what stood out:")
        lines += [f"  - {o.text}" for o in analysis.observations]
    if quotes:
        by_id = {u.id: u for u in analysis.units}
        for number, episode in enumerate(analysis.episodes, 1):
            lines.append(f"episode {number} ({'flagged' if episode.flagged else 'not flagged'}):")
            lines += [f"    {clock(by_id[i].start)} {names.get(by_id[i].speaker, by_id[i].speaker)}: {by_id[i].text}"
                      for i in episode.unit_ids if i in by_id]
    stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in analysis.timings_s.items())
    lines.append(f"time: {stages}")
    return [line[: len(line) - len(line.lstrip(" "))] + displayable(line) for line in lines]  # indent kept
