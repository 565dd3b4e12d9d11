"""The shape of a case: call for a case, presentation, clarifying questions, discussion,
presenter returns, closing. From the leader's marks when there are any, else inferred from
who talks to whom. Inference handles one case per session; marks handle any number.
"""

from __future__ import annotations

import re

from analysis.roles import LEADER_CUES, MIN_PRESENTATION_S, monologue_runs
from analysis.types import Phase, SpeakerRole, Unit

PHASE_NAMES = ("call_for_case", "presentation", "clarifying", "discussion", "presenter_returns", "closing")
QUIET_PRESENTER_SHARE = 0.15  # the presenter is "pushed back" when they hold less than this of the next minute
LOOKAHEAD_S = 60.0
RETURN_GAP_S = 30.0
# What leaders say when they move the presenter out of the conversation: the strongest sign of the discussion.
DISCUSSION_CUES = re.compile(
    r"\b(push (your chair|yourself) back|move (your chair )?back|just listen|sit back|step (back|outside)|"
    r"over to the group|let's (discuss|open it up|think about (this|her|him|it) together)|"
    r"while we (think|talk|discuss)|open (it|this) (up )?to the group)\b", re.IGNORECASE)


def phases_from_marks(marks: list[tuple[str, float]], session_end: float) -> list[Phase]:
    """Each mark starts a phase that lasts until the next mark (or the end)."""
    ordered = sorted(marks, key=lambda mark: mark[1])
    return [Phase(name, round(start, 3), round(ordered[i + 1][1] if i + 1 < len(ordered) else session_end, 3), "mark")
            for i, (name, start) in enumerate(ordered)]


def _presenter_share(units: list[Unit], presenter: str, start: float, end: float) -> tuple[float, int]:
    talk = {True: 0.0, False: 0.0}
    others = 0
    for unit in units:
        overlap = min(unit.end, end) - max(unit.start, start)
        if overlap > 0:
            talk[unit.speaker == presenter] += overlap
            others += unit.speaker != presenter
    total = talk[True] + talk[False]
    return (talk[True] / total if total else 0.0), others


def infer_phases(units: list[Unit], roles: list[SpeakerRole]) -> list[Phase]:
    presenter = next((r.speaker for r in roles if r.role == "presenter" and r.speaker), None)
    leader = next((r.speaker for r in roles if r.role == "leader" and r.speaker), None)
    if not units or presenter is None:
        return []
    begin, finish = units[0].start, units[-1].end
    presentation = next(((s, e) for sp, s, e in monologue_runs(units) if sp == presenter and e - s >= MIN_PRESENTATION_S), None)
    if presentation is None:
        return []
    boundaries: list[tuple[str, float]] = []
    if presentation[0] - begin > 1.0:
        boundaries.append(("call_for_case", begin))
    boundaries.append(("presentation", presentation[0]))
    after = [u for u in units if u.start >= presentation[1] - 0.5]
    if not after:
        return _inferred(boundaries, finish)
    boundaries.append(("clarifying", after[0].start))

    discussion = _discussion_start(after, presenter, leader)
    if discussion is None:
        return _inferred(boundaries, finish)
    boundaries.append(("discussion", discussion))

    presenter_units = [u for u in units if u.speaker == presenter and u.start >= discussion]
    returned = None
    for previous, unit in zip(presenter_units, presenter_units[1:]):
        if unit.start - previous.end >= RETURN_GAP_S:
            returned = unit
    if returned is None and presenter_units and presenter_units[0].start - discussion >= RETURN_GAP_S:
        returned = presenter_units[0]
    if returned is not None:
        start = returned.start
        earlier = [u for u in units if u.end <= returned.start + 0.1]
        while earlier and earlier[-1].speaker == leader and returned.start - earlier[-1].end < 10:
            start = earlier.pop().start  # the leader's invitation belongs to the return
        boundaries.append(("presenter_returns", start))
        tail = [u for u in units if u.start >= presenter_units[-1].end]
        leader_talk = sum(u.end - u.start for u in tail if u.speaker == leader)
        if tail and leader_talk >= 0.5 * sum(u.end - u.start for u in tail) and tail[-1].end - tail[0].start >= 5:
            boundaries.append(("closing", tail[0].start))
    return _inferred(boundaries, finish)


def _discussion_start(after: list[Unit], presenter: str, leader: str | None) -> float | None:
    """The leader's explicit transition; else the first point after which the presenter falls quiet."""
    transition = next((u for u in after if u.speaker == leader and DISCUSSION_CUES.search(u.text)), None)
    if transition is not None:
        following = [u for u in after if u.start >= transition.end - 0.1 and u.speaker != leader]
        return following[0].start if following else transition.end
    for candidates in ([u for u in after if u.speaker == leader and LEADER_CUES.search(u.text)],
                       [u for u in after if u.speaker == leader], after):
        for unit in candidates:
            share, others = _presenter_share(after, presenter, unit.end, unit.end + LOOKAHEAD_S)
            if share < QUIET_PRESENTER_SHARE and others >= 2:
                following = [u for u in after if u.start >= unit.end - 0.1 and u.speaker != leader]
                return following[0].start if following else unit.end
    return None


def _inferred(boundaries: list[tuple[str, float]], finish: float) -> list[Phase]:
    phases = phases_from_marks(boundaries, finish)
    for phase in phases:
        phase.source = "inferred"
    return phases


def phase_at(phases: list[Phase], time: float) -> Phase | None:
    return next((p for p in phases if p.start <= time < p.end), phases[-1] if phases and time >= phases[-1].end else None)
