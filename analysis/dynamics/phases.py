"""The shape of a case: call for a case, presentation, clarifying questions, discussion,
presenter returns, closing. From the leader's marks when there are any, else inferred from
who talks to whom. Inference handles one case per session; marks handle any number.
"""

from __future__ import annotations

import re

from balint.analysis.dynamics.roles import LEADER_CUES, presentation_run
from balint.analysis.dynamics.settings import PatternSettings
from balint.analysis.dynamics.talk import talk_time
from balint.analysis.types import Phase, PhaseName, SpeakerRole, Unit

# What leaders say when they move the presenter out of the conversation: the strongest sign of the discussion.
DISCUSSION_CUES = re.compile(
    r"\b(push (your chair|yourself) back|move (your chair )?back|just listen|sit back|step (back|outside)|"
    r"over to the group|let's (discuss|open it up|think about (this|her|him|it) together)|"
    r"while we (think|talk|discuss)|open (it|this) (up )?to the group|"
    # German: "rücken Sie zurück", "lehnen Sie sich zurück", "hören Sie jetzt nur zu", "die Gruppe ist dran"
    r"(rücken|rück|setzen|setz|lehnen|lehn) (sie |du )?(sich |dich )?(\w+ ){0,3}zurück|(nur|einfach) zu(zu)?hören|"
    r"hören (sie|du) (\w+ ){0,2}zu|(jetzt )?(ist|geht es an) die gruppe|in die gruppe (geben|gehen)|"
    r"(lasst|lassen sie) uns (jetzt )?(diskutieren|gemeinsam überlegen|nachdenken))\b", re.IGNORECASE)


def phases_from_marks(marks: list[tuple[PhaseName, float]], session_end: float) -> list[Phase]:
    """Each mark starts a phase that lasts until the next mark (or the end)."""
    ordered = sorted(marks, key=lambda mark: mark[1])
    return [Phase(name, round(start, 3), round(ordered[i + 1][1] if i + 1 < len(ordered) else session_end, 3), "mark")
            for i, (name, start) in enumerate(ordered)]


def _presenter_share(units: list[Unit], presenter: str, start: float, end: float) -> tuple[float, int]:
    """The presenter's share of the talk in [start, end), and how many units others spoke there."""
    totals = talk_time(units, start, end)
    others = sum(1 for u in units if u.speaker != presenter and min(u.end, end) > max(u.start, start))
    spoken = sum(totals.values())
    return (totals.get(presenter, 0.0) / spoken if spoken else 0.0), others


def infer_phases(units: list[Unit], roles: list[SpeakerRole], settings: PatternSettings) -> list[Phase]:
    presenter = next((r.speaker for r in roles if r.role == "presenter" and r.speaker), None)
    leader = next((r.speaker for r in roles if r.role == "leader" and r.speaker), None)
    if not units or presenter is None:
        return []
    begin, finish = units[0].start, units[-1].end
    presentation = presentation_run(units, presenter, settings)
    if presentation is None:
        return []
    boundaries: list[tuple[PhaseName, float]] = []
    if presentation[0] - begin > 1.0:
        boundaries.append(("call_for_case", begin))
    boundaries.append(("presentation", presentation[0]))
    after = [u for u in units if u.start >= presentation[1] - 0.5]
    if not after:
        return _inferred(boundaries, finish)
    boundaries.append(("clarifying", after[0].start))

    discussion = _discussion_start(after, presenter, leader, settings)
    if discussion is None:
        return _inferred(boundaries, finish)
    boundaries.append(("discussion", discussion))

    presenter_units = [u for u in units if u.speaker == presenter and u.start >= discussion]
    returned = None
    for previous, unit in zip(presenter_units, presenter_units[1:]):
        if unit.start - previous.end >= settings.presenter_return_gap_s:
            returned = unit
    if returned is None and presenter_units and presenter_units[0].start - discussion >= settings.presenter_return_gap_s:
        returned = presenter_units[0]
    if returned is not None:
        start = returned.start
        earlier = [u for u in units if u.end <= returned.start + 0.1]
        while earlier and earlier[-1].speaker == leader and returned.start - earlier[-1].end < settings.return_invitation_s:
            start = earlier.pop().start  # the leader's invitation belongs to the return
        boundaries.append(("presenter_returns", start))
        tail = [u for u in units if u.start >= presenter_units[-1].end]
        leader_talk = sum(u.end - u.start for u in tail if u.speaker == leader)
        if tail and leader_talk >= settings.closing_leader_share * sum(u.end - u.start for u in tail) and \
                tail[-1].end - tail[0].start >= settings.closing_min_s:
            boundaries.append(("closing", tail[0].start))
    return _inferred(boundaries, finish)


def _discussion_start(after: list[Unit], presenter: str, leader: str | None, settings: PatternSettings) -> float | None:
    """The leader's explicit transition; else the first point after which the presenter falls quiet."""
    transition = next((u for u in after if u.speaker == leader and DISCUSSION_CUES.search(u.text)), None)
    if transition is not None:
        following = [u for u in after if u.start >= transition.end - 0.1 and u.speaker != leader]
        return following[0].start if following else transition.end
    for candidates in ([u for u in after if u.speaker == leader and LEADER_CUES.search(u.text)],
                       [u for u in after if u.speaker == leader], after):
        for unit in candidates:
            share, others = _presenter_share(after, presenter, unit.end, unit.end + settings.quiet_lookahead_s)
            if share < settings.presenter_quiet_share and others >= 2:
                following = [u for u in after if u.start >= unit.end - 0.1 and u.speaker != leader]
                return following[0].start if following else unit.end
    return None


def _inferred(boundaries: list[tuple[PhaseName, float]], finish: float) -> list[Phase]:
    phases = phases_from_marks(boundaries, finish)
    for phase in phases:
        phase.source = "inferred"
    return phases


def phase_at(phases: list[Phase], time: float) -> Phase | None:
    return next((p for p in phases if p.start <= time < p.end), phases[-1] if phases and time >= phases[-1].end else None)
