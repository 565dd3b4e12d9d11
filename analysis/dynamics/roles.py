"""Who is the leader and who presents: from what the user says, else from how people talk.

The presenter holds the long early monologue and answers the clarifying questions; the
leader calls for the case, speaks at the transitions and says little. Everyone else is
"Member A, B, …" in order of first speaking. Every role says how it was decided and how
sure we are, because a supervisor must be able to correct it (`balint report --leader …`).
"""

from __future__ import annotations

import re
import string
from collections import defaultdict

from balint.analysis.dynamics.settings import PatternSettings
from balint.analysis.i18n import _, ngettext
from balint.analysis.types import RoleName, SpeakerRole, Unit

LEADER_CUES = re.compile(
    r"\b(who has a case|who would like to (start|present)|would anyone|let's (begin|start|stop|move|put|hold|stay|"
    r"take|think|come back|leave|go back|pause)|thank you|push (your chair|back)|come back in|we have (\w+ )?"
    r"(minutes|time)|before we (discuss|start|finish|move|close)|what struck you|the questions aside|"
    r"hold the questions|any (brief )?questions|shall we|time to (stop|finish|close)|"
    # German: the call for a case, opening and closing, the presenter moved back and invited in again
    r"wer (hat|möchte|will|bringt) (heute )?(einen fall|eine patientin|einen patienten|etwas)|fangen wir an|"
    r"beginnen wir|(lassen sie|lasst) uns (anfangen|beginnen|aufhören|schließen)|vielen dank|danke (euch|ihnen)|"
    r"(rücken|rück) (sie |du )?(\w+ )?(zurück|heran|wieder)|(kommen|komm) (sie|du) (wieder|zurück)|"
    r"(verständnis|sach|klärende|kurze) ?fragen|wir haben (noch )?(\w+ )?minuten|die zeit ist)\b", re.IGNORECASE)


def monologue_runs(units: list[Unit], settings: PatternSettings) -> list[tuple[str, float, float]]:
    """(speaker, start, end) of each stretch one speaker holds, short interjections of others ignored. A short
    unit interjects only in a monologue under way (`floor_held_s`) that goes on after it, so a presentation
    that opens with short sentences ("This is about a patient." "I will call her Mrs H.") begins with them."""
    runs: list[list] = []
    for index, unit in enumerate(units):
        short = unit.end - unit.start <= settings.backchannel_s
        held = runs and runs[-1][2] - runs[-1][1] >= settings.floor_held_s
        resumed = index + 1 < len(units) and runs and units[index + 1].speaker == runs[-1][0]
        if runs and runs[-1][0] == unit.speaker:
            runs[-1][2] = unit.end
        elif short and held and resumed:
            continue  # an "mm-hmm" inside someone's monologue
        else:
            runs.append([unit.speaker, unit.start, unit.end])
    return [tuple(run) for run in runs]


def presentation_run(units: list[Unit], presenter: str, settings: PatternSettings) -> tuple[float, float] | None:
    """(start, end) of the presenter's first monologue long enough to be the case presentation, else their
    longest one if it is long enough for a brief presentation."""
    runs = [(s, e) for sp, s, e in monologue_runs(units, settings) if sp == presenter]
    full = next(((s, e) for s, e in runs if e - s >= settings.min_presentation_s), None)
    longest = max(runs, key=lambda run: run[1] - run[0], default=None)
    brief = longest if longest and longest[1] - longest[0] >= settings.short_presentation_s else None
    return full or brief


def infer_presenter(units: list[Unit], settings: PatternSettings) -> tuple[str | None, float, str]:
    """The speaker with the longest monologue in the first half of the session."""
    if not units:
        return None, 0.0, _("no speech")
    half = units[0].start + (units[-1].end - units[0].start) / 2
    longest: dict[str, float] = defaultdict(float)
    for speaker, start, end in monologue_runs(units, settings):
        if start <= half:
            longest[speaker] = max(longest[speaker], end - start)
    ranked = sorted(longest.items(), key=lambda item: -item[1])
    if len({u.speaker for u in units}) < 2:
        return None, 0.0, _("only one speaker was heard: nobody presented to a group")
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    brief = bool(ranked) and ranked[0][1] >= max(settings.short_presentation_s,
                                                 settings.short_presentation_dominance * runner_up)
    if not ranked or (ranked[0][1] < settings.min_presentation_s and not brief):
        best = f"{ranked[0][1]:.0f} s" if ranked else _("none")
        return None, 0.0, _("no early monologue of {seconds} s or more (longest: {best})").format(
            seconds=f"{settings.min_presentation_s:.0f}", best=best)
    speaker, seconds = ranked[0]
    confidence = round(min(0.95, max(0.3, 1 - runner_up / seconds)), 2)
    return speaker, confidence, _("longest early monologue ({seconds} s; next longest {runner_up} s)").format(
        seconds=f"{seconds:.0f}", runner_up=f"{runner_up:.0f}")


def infer_leader(units: list[Unit], presenter: str | None, settings: PatternSettings) -> tuple[str | None, float, str]:
    """Speaks first, uses the leader's framing phrases, and speaks just before the presentation."""
    speakers = [s for s in dict.fromkeys(u.speaker for u in units) if s != presenter]
    if not speakers:
        return None, 0.0, _("no speaker besides the presenter")
    cues: dict[str, int] = defaultdict(int)
    for unit in units:
        cues[unit.speaker] += len(LEADER_CUES.findall(unit.text))
    first = next((u.speaker for u in units if u.speaker != presenter), None)
    before_presentation = None
    if presenter:
        presentation = presentation_run(units, presenter, settings)
        earlier = [u for u in units if presentation and u.end <= presentation[0] + 0.5 and u.speaker != presenter]
        before_presentation = earlier[-1].speaker if earlier else None
    scores = {s: cues[s] + 2 * (s == first) + 2 * (s == before_presentation) for s in speakers}
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    speaker, score = ranked[0]
    if score == 0:
        return None, 0.0, _("no one spoke first, framed the session or introduced the case")
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    reasons = [ngettext("{count} leader phrase", "{count} leader phrases", cues[speaker]).format(count=cues[speaker])]
    reasons += ([_("spoke first")] if speaker == first else []) + \
               ([_("introduced the presentation")] if speaker == before_presentation else [])
    confidence = round(min(0.95, max(0.3, (score - runner_up) / score)), 2)
    return speaker, confidence, ", ".join(reasons)


def assign_roles(units: list[Unit], settings: PatternSettings, leader: str | None = None,
                 presenter: str | None = None, given: dict[str, RoleName] | None = None) -> list[SpeakerRole]:
    """Roles for every speaker: `leader`/`presenter` (user overrides) and `given` (speaker → role) beat inference."""
    given = dict(given or {})
    if leader:
        given[leader] = "leader"
    if presenter:
        given[presenter] = "presenter"
    decided: dict[str, tuple[RoleName, str, float]] = {s: (r, _("given"), 1.0) for s, r in given.items()}
    if "presenter" not in {r for r, _, _ in decided.values()}:
        candidates = [u for u in units if u.speaker not in decided]
        who, confidence, how = infer_presenter(candidates, settings)
        if who:
            decided[who] = ("presenter", _("inferred: {how}").format(how=how), confidence)
        else:
            decided["?presenter"] = ("presenter", _("not found: {how}").format(how=how), 0.0)
    if "leader" not in {r for r, _, _ in decided.values()}:
        known_presenter = next((s for s, (r, _, _) in decided.items() if r == "presenter" and s[0] != "?"), None)
        candidates = [u for u in units if u.speaker not in decided or u.speaker == known_presenter]
        who, confidence, how = infer_leader(candidates, known_presenter, settings)
        if who:
            decided[who] = ("leader", _("inferred: {how}").format(how=how), confidence)
        else:
            decided["?leader"] = ("leader", _("not found: {how}").format(how=how), 0.0)
    roles, letters = [], iter(string.ascii_uppercase)
    for speaker in dict.fromkeys(u.speaker for u in units):
        role, how, confidence = decided.get(speaker) or ("member", _("everyone else"), 1.0)
        name = {"leader": "Leader", "presenter": "Presenter"}.get(role) or f"Member {next(letters, '?')}"
        roles.append(SpeakerRole(speaker, role, name, how, confidence))
    for placeholder in ("?presenter", "?leader"):
        if placeholder in decided:
            role, how, _confidence = decided[placeholder]
            roles.append(SpeakerRole("", role, role.capitalize(), how, 0.0))
    return roles


def role_of(roles: list[SpeakerRole]) -> dict[str, SpeakerRole]:
    return {r.speaker: r for r in roles if r.speaker}
