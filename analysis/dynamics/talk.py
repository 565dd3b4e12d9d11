"""Who talked how long, and where nobody talked: overlap sums used by roles, phases and metrics alike."""

from __future__ import annotations

from collections import defaultdict

from balint.analysis.types import Unit


def talk_time(units: list[Unit], start: float = float("-inf"), end: float = float("inf")) -> dict[str, float]:
    """Seconds each speaker talked within [start, end), most first."""
    totals: dict[str, float] = defaultdict(float)
    for unit in units:
        overlap = min(unit.end, end) - max(unit.start, start)
        if overlap > 0:
            totals[unit.speaker] += overlap
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def silences(units: list[Unit], minimum_s: float) -> list[tuple[float, float]]:
    """Stretches of at least `minimum_s` in which nobody spoke."""
    gaps: list[tuple[float, float]] = []
    reached: float | None = None
    for unit in sorted(units, key=lambda u: u.start):
        if reached is not None and unit.start - reached >= minimum_s:
            gaps.append((round(reached, 2), round(unit.start, 2)))
        reached = unit.end if reached is None else max(reached, unit.end)
    return gaps
