"""The codebook's interrogation patterns and the group-process numbers a supervisor reads.

Questions to the presenter, interrogation episodes (flagged or not, and why), the leader's
response latency, advice, speculation and feeling per phase, talk time, silences. Every
threshold is a setting, and every report prints the settings it used.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from balint.analysis.dynamics.phases import phase_at
from balint.analysis.dynamics.roles import role_of
from balint.analysis.dynamics.settings import PatternSettings
from balint.analysis.dynamics.talk import silences, talk_time
from balint.analysis.i18n import _, phase_words
from balint.analysis.types import (
    AdviceMoment,
    Episode,
    EpisodeCounts,
    Phase,
    PhaseMetrics,
    PresenterQuestions,
    SessionMetrics,
    Silence,
    SpeakerRole,
    TalkTime,
    Unit,
)

ASKING = {"QUESTION"}
#: the listener addressed: English "you", German "du"/"ihr" and the polite "Sie" (capitalised)
YOU = re.compile(r"(?i:\b(you|your|du|dich|dir|dein\w*|euch|euer\w*)\b)|\b(Sie|Ihnen|Ihre?[mnrs]?)\b")
#: A unit made only of these is a bare acknowledgement ("Right.", "Okay, thank you."): the codebook says it is
#: no redirect, however soon it comes.
ACKNOWLEDGEMENT = re.compile(
    r"(?:\b(?:right|okay|ok|mm-hmm|mm hmm|mhm|mm|hmm|uh-huh|uh huh|yeah|yes|yep|sure|thank you|thanks|good|fine|"
    r"alright|all right|i see|great|lovely|sorry|so|well|uh|um|"
    r"ja|jawohl|genau|gut|danke|danke schön|richtig|stimmt|ach so|aha|klar|also|na|verstehe|ich verstehe|schön|"
    r"hm|mhm|okay|in ordnung|alles klar)\b\W*)+")


def is_acknowledgement(unit: Unit) -> bool:
    """Only acknowledgement words; a redacted unit (no text) is judged by the backchannel cue it kept."""
    if not unit.text.strip():
        return any(cue.startswith("backchannel") for cue in unit.cues)
    return ACKNOWLEDGEMENT.fullmatch(unit.text.lower().replace("’", "'").strip(" .,!?…-")) is not None


def is_asking(unit: Unit) -> bool:
    return unit.label in ASKING or (unit.label == "ADVICE" and "question_form" in unit.flags)


def questions_to_presenter(units: list[Unit], presenter: str | None, settings: PatternSettings) -> list[Unit]:
    """Codebook: the presenter speaks next within 3 s, or a question saying "you" is answered within two turns."""
    if not presenter:
        return []
    found = []
    for i, unit in enumerate(units):
        if unit.speaker == presenter or not is_asking(unit):
            continue
        following = (units[j] for j in range(i + 1, len(units)))  # no copy of the tail: O(n) overall, not O(n²)
        next_other = next((u for u in following if u.speaker != unit.speaker), None)
        answers_at_once = next_other is not None and next_other.speaker == presenter and \
            next_other.start - unit.end <= settings.presenter_answers_within_s
        turns: list[str] = []  # the speakers of the next turns, the asker's own continuation included
        for j in range(i + 1, len(units)):
            later = units[j]
            if not turns or turns[-1] != later.speaker:
                if len(turns) == settings.answer_within_turns:
                    break
                turns.append(later.speaker)
        says_you = YOU.search(unit.text) is not None and presenter in turns
        if answers_at_once or says_you:
            found.append(unit)
    return found


def interrogation_episodes(units: list[Unit], asked: list[Unit], leader: str | None, phases: list[Phase],
                           settings: PatternSettings, redirects: set[int] | None = None) -> list[Episode]:
    """Runs of questions to the presenter (`asked`), each flagged or not, with the leader's redirect: the codebook's
    first leader unit after the second question that is neither a question to the presenter nor a bare
    acknowledgement and, where the leader's moves are known (`redirects`: the ids of leader units whose move turns
    the group away from questioning), one of those, so that "Mm, yes, that's an idea." redirects nothing. With no
    leader identified, whether anyone redirected is unknown (None), not "no"."""
    runs: list[list[Unit]] = []
    for question in asked:
        same_phase = runs and phase_at(phases, question.start) == phase_at(phases, runs[-1][-1].start)
        if runs and same_phase and question.start - runs[-1][-1].start <= settings.episode_max_gap_s:
            runs[-1].append(question)
        else:
            runs.append([question])
    asked_ids = {u.id for u in asked}
    episodes = []
    for run in (r for r in runs if len(r) >= settings.episode_min_questions):
        phase = phase_at(phases, run[0].start)
        second = run[1]
        limit = phase.end if phase else float("inf")
        response = next((u for u in units if leader and u.speaker == leader and u.start > second.start
                         and u.id not in asked_ids and u.start < limit and not is_acknowledgement(u)
                         and (redirects is None or u.id in redirects)), None)
        latency = round(response.start - second.start, 1) if response else None
        flagged, reason = _flag(run, phase, phases, settings)
        episodes.append(Episode(
            kind="interrogation", start=run[0].start, end=run[-1].end, unit_ids=[u.id for u in run],
            askers=list(dict.fromkeys(u.speaker for u in run)), leader_latency_s=latency,
            redirected=response is not None if leader else None, flagged=flagged, reason=reason,
            redirect_unit=response.id if response else None))
    return episodes


def _flag(run: list[Unit], phase: Phase | None, phases: list[Phase], settings: PatternSettings) -> tuple[bool, str]:
    whys = sum("why_challenge" in u.flags for u in run)
    if phase is None:
        return True, _("the session's phases are unknown, so this run of questions is shown for review")
    if phase.name != "clarifying":
        return True, _("{n} questions to the presenter in the {phase} phase").format(n=len(run),
                                                                                    phase=phase_words(phase.name))
    planned_end = phase.start + settings.clarifying_planned_min * 60
    if run[-1].end > planned_end:
        return True, _("ran past the clarifying phase's planned {minutes} min").format(
            minutes=f"{settings.clarifying_planned_min:g}")
    if whys >= settings.why_challenges_to_flag:
        return True, _("{n} 'why' challenges within the clarifying phase").format(n=whys)
    return False, _("within the clarifying phase: questions are expected here")


def session_metrics(units: list[Unit], roles: list[SpeakerRole], phases: list[Phase], episodes: list[Episode],
                    asked: list[Unit], settings: PatternSettings, speech_s: float, words: int) -> SessionMetrics:
    """Numbers behind the report: per person, per role, per phase (one entry per phase, in order)."""
    roles_by_speaker = role_of(roles)
    presenter = next((r.speaker for r in roles if r.role == "presenter" and r.speaker), None)
    members = {s for s, r in roles_by_speaker.items() if r.role == "member"}
    per_person = talk_time(units)
    total = sum(per_person.values()) or 1e-9
    per_role: dict[str, float] = defaultdict(float)
    for speaker, seconds in per_person.items():
        per_role[roles_by_speaker[speaker].role if speaker in roles_by_speaker else "member"] += seconds
    per_phase = []
    for phase in phases:
        inside = [u for u in units if phase.start <= (u.start + u.end) / 2 < phase.end]
        labels = Counter(str(u.label) for u in inside if u.label)
        per_phase.append(PhaseMetrics(
            phase=phase.name, start=phase.start, end=phase.end, units=len(inside), labels=dict(labels),
            speculation_share=round(labels["SPECULATION"] / len(inside), 3) if inside else 0.0,
            feeling_share=round(labels["FEELING"] / len(inside), 3) if inside else 0.0,
            speculation_or_feeling_contributors=len({u.speaker for u in inside
                                                     if u.label in ("SPECULATION", "FEELING") and u.speaker in members}),
            members_speaking=len({u.speaker for u in inside if u.speaker in members}),
            presenter_talk_s=round(talk_time(inside).get(presenter, 0.0), 1) if presenter else None,
        ))
    asked_in = [phase_at(phases, u.start) for u in asked]
    return SessionMetrics(
        speech_s=round(speech_s, 3), words=words,
        talk_time_s=TalkTime(per_person={s: round(t, 1) for s, t in per_person.items()},
                             per_role={k: round(v, 1) for k, v in per_role.items()},
                             leader_share=round(per_role.get("leader", 0) / total, 3)),
        per_phase=per_phase,
        questions_to_presenter=PresenterQuestions(
            total=len(asked), by_phase=dict(Counter(p.name if p else "unknown" for p in asked_in)),
            by_asker=dict(Counter(u.speaker for u in asked)),
            closed=sum("closed" in u.flags for u in asked), open=sum("open" in u.flags for u in asked),
            why_challenge=sum("why_challenge" in u.flags for u in asked),
            fact_seeking=sum("fact_seeking" in u.flags for u in asked), unit_ids=[u.id for u in asked]),
        advice=[AdviceMoment(u.id, u.speaker, u.start, "question_form" in u.flags) for u in units if u.label == "ADVICE"],
        silences=[Silence(a, b) for a, b in silences(units, settings.silence_s)],
        episodes=EpisodeCounts(total=len(episodes), flagged=sum(e.flagged for e in episodes)),
    )
