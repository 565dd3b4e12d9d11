"""Reports: session.json (the SessionAnalysis itself), report.html and the terminal summary, all private to the user.

With quotes off, no utterance text reaches any of them: unit texts, words and quoted cues are removed.
"""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path

from analysis.feedback import clock
from analysis.types import BalintError, SessionAnalysis


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by the user alone."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def write_private(path: Path, text: str) -> Path:
    """Write a file that only its owner can read, created 0600 from the start (no window of exposure)."""
    private_dir(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        raise BalintError(f"could not write {path}: {error.strerror}") from None
    os.chmod(path, 0o600)
    return path


def redacted(analysis: SessionAnalysis) -> SessionAnalysis:
    """A copy with no utterance text: units keep times, speakers, labels and flags; cues keep only their kind."""
    clean = copy.deepcopy(analysis)
    for unit in clean.units:
        unit.text, unit.words = "", []
        unit.cues = sorted({re.sub(r'\s*".*', "", cue) for cue in unit.cues})
    clean.source = {**clean.source, "redacted": True}
    return clean


def write_reports(analysis: SessionAnalysis, out_dir: Path, quotes: bool = True) -> list[Path]:
    """session.json and report.html, both 0600 in a 0700 folder."""
    from analysis.html_report import render_html

    shown = analysis if quotes else redacted(analysis)
    return [
        write_private(out_dir / "session.json", json.dumps(shown.to_dict(), indent=1, ensure_ascii=False) + "\n"),
        write_private(out_dir / "report.html", render_html(shown, quotes=quotes)),
    ]


def read_session_json(path: Path) -> SessionAnalysis:
    try:
        return SessionAnalysis.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise BalintError(f"{path}: no such file") from None
    except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError) as error:
        raise BalintError(f"{path} is not a balint session.json ({type(error).__name__})") from None


def summary_lines(analysis: SessionAnalysis, quotes: bool = True) -> list[str]:
    """A short, readable account of the session for the terminal: roles, phases, what stood out."""
    names = {r.speaker: r.name for r in analysis.roles if r.speaker}
    per_person = analysis.metrics.get("talk_time_s", {}).get("per_person", {})
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
                      for i in episode.unit_ids]
    stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in analysis.timings_s.items())
    lines.append(f"time: {stages}")
    return lines
