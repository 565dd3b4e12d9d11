"""Plain-language observations for the leader: tied to timestamps, written to encourage, not to grade."""

from __future__ import annotations

from balint.analysis.dynamics.phases import phase_at
from balint.analysis.dynamics.roles import role_of
from balint.analysis.dynamics.settings import PatternSettings
from balint.analysis.format import clock, duration, plural
from balint.analysis.types import Episode, Observation, Phase, SessionMetrics, SpeakerRole, Unit


def observations(units: list[Unit], roles: list[SpeakerRole], phases: list[Phase], episodes: list[Episode],
                 metrics: SessionMetrics, settings: PatternSettings) -> list[Observation]:
    names = {s: r.name for s, r in role_of(roles).items()}
    by_id = {u.id: u for u in units}
    notes: list[Observation] = []
    end = units[-1].end if units else 0.0

    for role in roles:
        if not role.speaker:
            notes.append(Observation(0, end, f"The {role.role} could not be identified ({role.how.removeprefix('not found: ')}). "
                                     f"Name them with --{role.role} SPEAKER_xx and re-render with 'balint report'.",
                                     "uncertainty"))
        elif role.role in ("leader", "presenter") and role.confidence < settings.tentative_role_confidence:
            notes.append(Observation(0, end, f"{role.name} is {role.speaker}, but only tentatively ({role.how}); "
                                     f"please check and correct with --{role.role} if needed.", "uncertainty"))

    if phases:
        shape = ", ".join(f"{p.name.replace('_', ' ')} {duration(p.end - p.start)}" for p in phases)
        notes.append(Observation(phases[0].start, phases[-1].end, f"Phases ({phases[0].source}): {shape}.", "phases"))
    elif units:
        notes.append(Observation(0, end, "The phases of a case could not be recognised; the patterns below are "
                                 "shown for the whole session.", "phases"))

    for number, episode in enumerate(episodes, 1):
        questions = [by_id[i] for i in episode.unit_ids]
        kinds = []
        for flag, word in (("closed", "closed"), ("fact_seeking", "fact-seeking"), ("why_challenge", "'why' challenge")):
            count = sum(flag in q.flags for q in questions)
            if count:
                kinds.append(f"{count} {word}" + ("s" if word.endswith("challenge") and count > 1 else ""))
        main_asker, asked = max(((a, sum(q.speaker == a for q in questions)) for a in episode.askers), key=lambda x: x[1])
        phase = phase_at(phases, episode.start)
        where = f"in the {phase.name.replace('_', ' ')} phase" if phase else "in this session"
        text = (f"{clock(episode.start)}–{clock(episode.end)}: {len(questions)} questions to the presenter {where}"
                f"{' (' + ', '.join(kinds) + ')' if kinds else ''}, {asked} by {names.get(main_asker, main_asker)}.")
        if not episode.flagged:
            text += " This is the clarifying phase doing its job."
        elif episode.redirected is None:
            text += (" No leader was identified, so whether and when the questions were redirected is unknown; name "
                     "the leader with 'balint report --leader SPEAKER_xx' to see it.")
        elif episode.leader_latency_s is not None:
            text += f" You redirected {duration(episode.leader_latency_s)} after the second question."
            if episode.leader_latency_s <= settings.timely_redirect_s:
                text += " A timely protection of the presenter."
        else:
            text += (" The questions were not redirected; next time you might try inviting the group back to "
                     "the patient after the second one.")
        notes.append(Observation(episode.start, episode.end, text, f"episode-{number}"))

    stray = metrics.questions_to_presenter.total - sum(len(e.unit_ids) for e in episodes)
    if stray > 0:
        notes.append(Observation(0, end, f"{plural(stray, 'other question')} went to the presenter outside any "
                                 "episode.", "questions"))

    for discussion in (m for m in metrics.per_phase if m.phase == "discussion" and m.units):
        spec, feel = discussion.labels.get("SPECULATION", 0), discussion.labels.get("FEELING", 0)
        text = (f"In the discussion, {spec} of {plural(discussion.units, 'contribution')} "
                f"{'was' if spec == 1 else 'were'} speculation and {feel} {'was' if feel == 1 else 'were'} "
                f"members' own feelings")
        if discussion.members_speaking:
            text += (f", from {discussion.speculation_or_feeling_contributors} of "
                     f"{plural(discussion.members_speaking, 'member')} who spoke.")
        else:
            text += "; no member could be told apart from the leader and the presenter."
        if discussion.members_speaking and discussion.speculation_or_feeling_contributors >= max(
                2, settings.broad_contribution_share * discussion.members_speaking):
            text += " That breadth is what a Balint discussion hopes for."
        notes.append(Observation(discussion.start, discussion.end, text, "speculation"))
        if discussion.presenter_talk_s:
            notes.append(Observation(discussion.start, discussion.end, f"The presenter spoke for "
                                     f"{duration(discussion.presenter_talk_s)} during the discussion "
                                     "(ideally near zero).", "balance"))

    advice = metrics.advice
    if advice:
        times = ", ".join(f"{clock(a.start)} ({names.get(a.speaker, a.speaker)}"
                          f"{', as a question' if a.question_form else ''})" for a in advice)
        notes.append(Observation(advice[0].start, advice[-1].start, f"Advice came up {plural(len(advice), 'time')}: "
                                 f"{times}.", "advice"))

    leader_share = metrics.talk_time_s.leader_share
    if any(r.role == "leader" and r.speaker for r in roles):
        text = f"You held {100 * leader_share:.0f} % of the talk time"
        text += (", leaving the room to the group." if leader_share <= settings.small_leader_share
                 else "; a smaller share leaves more room to the group.")
        notes.append(Observation(0, end, text, "balance"))

    gaps = metrics.silences
    if gaps:
        where = ", ".join(f"{clock(g.start)} ({duration(g.end - g.start)})" for g in gaps)
        notes.append(Observation(gaps[0].start, gaps[-1].end, f"{plural(len(gaps), 'silence')} of "
                                 f"{settings.silence_s:g} s or more: {where}. Tolerated silence gives the group room "
                                 "to think.", "silence"))
    if units and not any(u.label == "QUESTION" for u in units):
        notes.append(Observation(0, end, "No questions were found in this session.", "questions"))
    return notes
