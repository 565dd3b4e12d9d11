"""External or corrected transcripts: JSON Lines with speaker, start, end, text (role optional) → units."""

from __future__ import annotations

import json
import math
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
