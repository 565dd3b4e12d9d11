"""The terminal summary: a short, readable account of the session, printed after every analysis, in the session's
report language."""

from __future__ import annotations

from balint.analysis.dynamics.leader_moves import moves_in_words, talk_in_words
from balint.analysis.format import clock, displayable, spoken_in
from balint.analysis.i18n import N_, _, decimal, ngettext, person, phase_words, report_language
from balint.analysis.types import SessionAnalysis

#: the pipeline's stages (`Stage`), as the timing line names them
STAGE_WORDS = {"load": N_("load"), "language": N_("language"), "transcribe": N_("transcribe"), "diarize": N_("diarize"),
               "prosody": N_("prosody"), "align": N_("align"), "classify": N_("classify"), "roles": N_("roles"),
               "phases": N_("phases"), "patterns": N_("patterns")}


def summary_lines(analysis: SessionAnalysis, quotes: bool = True, timings: bool = True) -> list[str]:
    """A short, readable account of the session for the terminal: roles, phases, what stood out, and (`timings`,
    for an analysis just run, not a re-render) how long each stage took."""
    with report_language(analysis.reported_in):
        return _summary_lines(analysis, quotes, timings)


def _summary_lines(analysis: SessionAnalysis, quotes: bool, timings: bool) -> list[str]:
    per_person = analysis.metrics.talk_time_s.per_person
    speech = sum(per_person.values()) or 1e-9
    speakers = ngettext("{n} speaker", "{n} speakers", len(analysis.speakers)).format(n=len(analysis.speakers))
    units = ngettext("{n} unit", "{n} units", len(analysis.units)).format(n=len(analysis.units))
    lines = [
        f"{analysis.source.get('name', 'session')}: {clock(analysis.duration_s)}, {speakers}, {units}, "
        f"{spoken_in(analysis.language, analysis.language_probability)}",
        _("people:"),
    ]
    for speaker, seconds in per_person.items():
        role = next((r for r in analysis.roles if r.speaker == speaker), None)
        how = _("  ({how}, confidence {confidence})").format(how=role.how, confidence=decimal(role.confidence)) \
            if role and role.role != "member" else ""
        share = 100 * seconds / speech
        name = person(analysis.speaker_name(speaker))
        lines.append(f"  {name:<10} {speaker:<12} {clock(seconds):>7} {share:5.1f} %{how}")
    if analysis.phases:
        lines.append(_("phases:") + " " + ", ".join(f"{phase_words(p.name)} {clock(p.start)}" for p in analysis.phases))
    if analysis.observations:
        lines.append(_("what stood out:"))
        lines += [f"  - {o.text}" for o in analysis.observations]
    if quotes:
        by_id = {u.id: u for u in analysis.units}
        for number, episode in enumerate(analysis.episodes, 1):
            state = _("flagged") if episode.flagged else _("not flagged")
            lines.append(_("episode {n} ({state}):").format(n=number, state=state))
            lines += [f"    {clock(by_id[i].start)} {person(analysis.speaker_name(by_id[i].speaker))}: {by_id[i].text}"
                      for i in episode.unit_ids if i in by_id]
    if analysis.leader_moves:
        lines.append(_("leader's moves:") + " " + moves_in_words(analysis.leader_moves))
        if analysis.metrics.leader:
            lines.append("  " + talk_in_words(analysis.metrics.leader))
    if timings:
        lines.append(_("time:") + " " + ", ".join(f"{_(STAGE_WORDS.get(stage, stage))} {decimal(seconds, 1)} s"
                                                     for stage, seconds in analysis.timings_s.items()))
    return [line[: len(line) - len(line.lstrip(" "))] + displayable(line) for line in lines]  # indent kept
