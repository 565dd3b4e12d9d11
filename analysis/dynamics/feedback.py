"""Plain-language observations for the leader: tied to timestamps, written to encourage, not to grade.

They are written in the session's report language (`analysis.i18n`): the caller chooses it with
`report_language`, and every sentence here goes through its catalogue.
"""

from __future__ import annotations

from balint.analysis.dynamics.phases import phase_at
from balint.analysis.dynamics.roles import role_of
from balint.analysis.dynamics.settings import PatternSettings
from balint.analysis.format import clock, duration
from balint.analysis.i18n import _, ngettext, person, phase_words, role_words
from balint.analysis.types import Episode, Observation, Phase, SessionMetrics, SpeakerRole, Unit


def observations(units: list[Unit], roles: list[SpeakerRole], phases: list[Phase], episodes: list[Episode],
                 metrics: SessionMetrics, settings: PatternSettings) -> list[Observation]:
    names = {s: r.name for s, r in role_of(roles).items()}
    by_id = {u.id: u for u in units}
    notes: list[Observation] = []
    end = units[-1].end if units else 0.0

    for role in roles:
        if not role.speaker:
            notes.append(Observation(0, end, _(
                "The {role} could not be identified ({why}). Name them with --{role} SPEAKER_xx and re-render with "
                "'balint report'.").format(role=role_words(role.role), why=role.how.split(": ", 1)[-1]), "uncertainty"))
        elif role.role in ("leader", "presenter") and role.confidence < settings.tentative_role_confidence:
            notes.append(Observation(0, end, _(
                "{name} is {speaker}, but only tentatively ({how}); please check and correct with --{role} if "
                "needed.").format(name=person(role.name), speaker=role.speaker, how=role.how, role=role.role), "uncertainty"))

    if phases:
        shape = ", ".join(f"{phase_words(p.name)} {duration(p.end - p.start)}" for p in phases)
        notes.append(Observation(phases[0].start, phases[-1].end, _("Phases ({source}): {shape}.").format(
            source=role_words(phases[0].source), shape=shape), "phases"))
    elif units:
        notes.append(Observation(0, end, _("The phases of a case could not be recognised; the patterns below are "
                                           "shown for the whole session."), "phases"))

    for number, episode in enumerate(episodes, 1):
        questions = [by_id[i] for i in episode.unit_ids]
        kinds = []
        for flag, one, many in (("closed", _("{n} closed"), _("{n} closed")),
                                ("fact_seeking", _("{n} fact-seeking"), _("{n} fact-seeking")),
                                ("why_challenge", _("{n} 'why' challenge"), _("{n} 'why' challenges"))):
            count = sum(flag in q.flags for q in questions)
            if count:
                kinds.append((one if count == 1 else many).format(n=count))
        main_asker, asked = max(((a, sum(q.speaker == a for q in questions)) for a in episode.askers), key=lambda x: x[1])
        phase = phase_at(phases, episode.start)
        where = _("in the {phase} phase").format(phase=phase_words(phase.name)) if phase else _("in this session")
        text = _("{start}–{end}: {count} questions to the presenter {where}{kinds}, {asked} by {asker}.").format(
            start=clock(episode.start), end=clock(episode.end), count=len(questions), where=where,
            kinds=f" ({', '.join(kinds)})" if kinds else "", asked=asked, asker=person(names.get(main_asker, main_asker)))
        if not episode.flagged:
            text += " " + _("This is the clarifying phase doing its job.")
        elif episode.redirected is None:
            text += " " + _("No leader was identified, so whether and when the questions were redirected is unknown; "
                            "name the leader with 'balint report --leader SPEAKER_xx' to see it.")
        elif episode.leader_latency_s is not None:
            text += " " + _("You redirected {latency} after the second question.").format(
                latency=duration(episode.leader_latency_s))
            if episode.leader_latency_s <= settings.timely_redirect_s:
                text += " " + _("A timely protection of the presenter.")
        else:
            text += " " + _("The questions were not redirected; next time you might try inviting the group back to "
                            "the patient after the second one.")
        notes.append(Observation(episode.start, episode.end, text, f"episode-{number}"))

    stray = metrics.questions_to_presenter.total - sum(len(e.unit_ids) for e in episodes)
    if stray > 0:
        notes.append(Observation(0, end, ngettext("{n} other question went to the presenter outside any episode.",
                                                  "{n} other questions went to the presenter outside any episode.",
                                                  stray).format(n=stray), "questions"))

    for discussion in (m for m in metrics.per_phase if m.phase == "discussion" and m.units):
        spec, feel = discussion.labels.get("SPECULATION", 0), discussion.labels.get("FEELING", 0)
        text = _("In the discussion, {spec} of {contributions} {spec_was} speculation and {feel} {feel_was} members' "
                 "own feelings").format(
            spec=spec, feel=feel, spec_was=_("was") if spec == 1 else _("were"), feel_was=_("was") if feel == 1 else
            _("were"), contributions=ngettext("{n} contribution", "{n} contributions", discussion.units).format(
                n=discussion.units))
        if discussion.members_speaking:
            text += ngettext(", from {some} of {n} member who spoke.", ", from {some} of {n} members who spoke.",
                             discussion.members_speaking).format(some=discussion.speculation_or_feeling_contributors,
                                                                 n=discussion.members_speaking)
        else:
            text += _("; no member could be told apart from the leader and the presenter.")
        if discussion.members_speaking and discussion.speculation_or_feeling_contributors >= max(
                2, settings.broad_contribution_share * discussion.members_speaking):
            text += " " + _("That breadth is what a Balint discussion hopes for.")
        notes.append(Observation(discussion.start, discussion.end, text, "speculation"))
        if discussion.presenter_talk_s:
            notes.append(Observation(discussion.start, discussion.end, _(
                "The presenter spoke for {time} during the discussion (ideally near zero).").format(
                time=duration(discussion.presenter_talk_s)), "balance"))

    advice = metrics.advice
    if advice:
        times = ", ".join(f"{clock(a.start)} ({person(names.get(a.speaker, a.speaker))}"
                          f"{_(', as a question') if a.question_form else ''})" for a in advice)
        notes.append(Observation(advice[0].start, advice[-1].start, ngettext(
            "Advice came up {n} time: {times}.", "Advice came up {n} times: {times}.", len(advice)).format(
            n=len(advice), times=times), "advice"))

    leader_share = metrics.talk_time_s.leader_share
    if any(r.role == "leader" and r.speaker for r in roles):
        text = (_("You held {share} % of the talk time, leaving the room to the group.")
                if leader_share <= settings.small_leader_share else
                _("You held {share} % of the talk time; a smaller share leaves more room to the group."))
        notes.append(Observation(0, end, text.format(share=f"{100 * leader_share:.0f}"), "balance"))

    gaps = metrics.silences
    if gaps:
        where = ", ".join(f"{clock(g.start)} ({duration(g.end - g.start)})" for g in gaps)
        notes.append(Observation(gaps[0].start, gaps[-1].end, ngettext(
            "{n} silence of {s} s or more: {where}. Tolerated silence gives the group room to think.",
            "{n} silences of {s} s or more: {where}. Tolerated silence gives the group room to think.",
            len(gaps)).format(n=len(gaps), s=f"{settings.silence_s:g}", where=where), "silence"))
    if units and not any(u.label == "QUESTION" for u in units):
        notes.append(Observation(0, end, _("No questions were found in this session."), "questions"))
    return notes
