"""The terminal summary: a short, readable account of the session, printed after every analysis."""

from __future__ import annotations

from balint.analysis.dynamics.leader_moves import moves_in_words, talk_in_words
from balint.analysis.format import clock, displayable, plural, spoken_in
from balint.analysis.types import SessionAnalysis


def summary_lines(analysis: SessionAnalysis, quotes: bool = True, timings: bool = True) -> list[str]:
    """A short, readable account of the session for the terminal: roles, phases, what stood out, and (`timings`,
    for an analysis just run, not a re-render) how long each stage took."""
    per_person = analysis.metrics.talk_time_s.per_person
    speech = sum(per_person.values()) or 1e-9
    lines = [
        f"{analysis.source.get('name', 'session')}: {clock(analysis.duration_s)}, "
        f"{plural(len(analysis.speakers), 'speaker')}, {plural(len(analysis.units), 'unit')}, "
        f"{spoken_in(analysis.language, analysis.language_probability)}",
        "people:",
    ]
    for speaker, seconds in per_person.items():
        role = next((r for r in analysis.roles if r.speaker == speaker), None)
        how = f"  ({role.how}, confidence {role.confidence:.2f})" if role and role.role != "member" else ""
        share = 100 * seconds / speech
        lines.append(f"  {analysis.speaker_name(speaker):<10} {speaker:<12} {clock(seconds):>7} {share:5.1f} %{how}")
    if analysis.phases:
        lines.append("phases: " + ", ".join(f"{p.name.replace('_', ' ')} {clock(p.start)}" for p in analysis.phases))
    if analysis.observations:
        lines.append("what stood out:")
        lines += [f"  - {o.text}" for o in analysis.observations]
    if quotes:
        by_id = {u.id: u for u in analysis.units}
        for number, episode in enumerate(analysis.episodes, 1):
            lines.append(f"episode {number} ({'flagged' if episode.flagged else 'not flagged'}):")
            lines += [f"    {clock(by_id[i].start)} {analysis.speaker_name(by_id[i].speaker)}: {by_id[i].text}"
                      for i in episode.unit_ids if i in by_id]
    if analysis.leader_moves:
        lines.append("leader's moves: " + moves_in_words(analysis.leader_moves))
        if analysis.metrics.leader:
            lines.append("  " + talk_in_words(analysis.metrics.leader))
    if timings:
        lines.append("time: " + ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in analysis.timings_s.items()))
    return [line[: len(line) - len(line.lstrip(" "))] + displayable(line) for line in lines]  # indent kept
