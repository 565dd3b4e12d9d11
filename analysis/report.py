"""Reports: session.json (the SessionAnalysis itself, private to the user) and the terminal summary."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

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


def write_session_json(analysis: SessionAnalysis, out_dir: Path) -> Path:
    return write_private(out_dir / "session.json", json.dumps(analysis.to_dict(), indent=1, ensure_ascii=False) + "\n")


def read_session_json(path: Path) -> SessionAnalysis:
    try:
        return SessionAnalysis.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise BalintError(f"{path}: no such file") from None
    except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError) as error:
        raise BalintError(f"{path} is not a balint session.json ({type(error).__name__})") from None


def clock(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}" if minutes >= 60 else f"{minutes}:{secs:02d}"


def talk_time(analysis: SessionAnalysis) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for turn in analysis.turns:
        totals[turn.speaker] += turn.end - turn.start
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def summary_lines(analysis: SessionAnalysis, quotes: bool = True, preview_units: int = 8) -> list[str]:
    """A short, readable account of the session for the terminal."""
    speech = analysis.metrics.get("speech_s", 0.0) or 1e-9
    lines = [
        f"{analysis.source.get('name', 'session')}: {clock(analysis.duration_s)} of audio, "
        f"{len(analysis.speakers)} speakers, {len(analysis.units)} units, {analysis.metrics.get('words', 0)} words",
        "talk time:",
    ]
    for speaker, seconds in talk_time(analysis).items():
        lines.append(f"  {speaker:<12} {clock(seconds):>7}  {100 * seconds / speech:5.1f} %")
    if quotes and analysis.units:
        lines.append("first units:")
        for unit in analysis.units[:preview_units]:
            label = f" [{unit.label}]" if unit.label else ""
            lines.append(f"  {clock(unit.start):>7} {unit.speaker}{label}: {unit.text}")
    stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in analysis.timings_s.items())
    lines.append(f"time: {stages}")
    return lines
