"""The group-facing report: a session as a group looks at its own process together.

No one is singled out. It holds no speaker name or id (members are "a member"; the leader and the
presenter are named by their role only), no quotation unless asked for (and then without who said
it), no per-person talk table, and not the case title. What it shows is the group's: the phases, the
moments when the presenter was questioned, how much speculation, feeling and advice the discussion
held, how many members took part, and the silences the group held.
"""

from __future__ import annotations

from balint.analysis.format import clock, duration, number, plural
from balint.analysis.report.html import COLOURS, h, page_start, phase_label
from balint.analysis.types import SessionAnalysis

WIDTH, BAND_Y, BAND_H = 960, 30, 26
CSS = (".moment{border-left:4px solid #b3bcc5;padding:4px 14px;margin:12px 0;background:#fafbfc}"
       ".moment.flagged{border-color:#d1495b}")
PHASE_WORDS = {"call_for_case": "call for a case", "presentation": "the presentation", "clarifying": "clarifying questions",
               "discussion": "the group's discussion", "presenter_returns": "the presenter returns", "closing": "closing"}


def render_group_html(analysis: SessionAnalysis, quotes: bool = False) -> str:
    meta = analysis.meta
    parts = page_start("How we worked together — Balint session", CSS)
    parts += ["<main><h1>How we worked together</h1>",
              f"<p class='meta'>{' · '.join(h(v) for v in (meta.group, meta.date) if v) or 'A Balint session'} · "
              f"{clock(analysis.duration_s)} · for the group to read together · names no one"
              f"{'' if quotes else ' and quotes no one'}.</p>",
              "<p>This page looks at the group's process, not at any one person: who said what is left out on "
              "purpose. It is a starting point for talking about how the session went.</p>"]
    parts += _band(analysis)
    parts += _phases(analysis)
    parts += _moments(analysis, quotes)
    parts += _discussion(analysis)
    parts += _silences(analysis)
    parts.append("</main></body></html>")
    return "\n".join(parts)


def _band(analysis: SessionAnalysis) -> list[str]:
    """The whole session on one band coloured by kind of contribution: the shape of the talk, not its speakers."""
    end = max(analysis.duration_s, 1.0)
    x = lambda t: WIDTH * t / end  # noqa: E731
    svg = ["<h2>The session at a glance</h2><p class='legend'>" +
           "".join(f"<span><i style='background:{COLOURS[k]}'></i>{k.lower()}</span>"
                   for k in ("QUESTION", "SPECULATION", "FEELING", "ADVICE", "OTHER")) +
           "<span><i style='border:2px solid #d1495b;background:none'></i>a run of questions to the presenter</span></p>",
           f"<svg viewBox='0 0 {WIDTH} {BAND_Y + BAND_H + 22}' width='100%' role='img' aria-label='the session over time'>"]
    for phase in analysis.phases:
        svg.append(f"<line x1='{x(phase.start):.1f}' y1='{BAND_Y - 14}' x2='{x(phase.start):.1f}' y2='{BAND_Y + BAND_H}' "
                   f"stroke='#7b8794'/>")
        label = phase_label(PHASE_WORDS.get(phase.name, phase.name), x(phase.end) - x(phase.start))
        if label:  # a name that would not fit is in the table below
            svg.append(f"<text x='{x(phase.start) + 3:.1f}' y='{BAND_Y - 4}'>{h(label)}</text>")
    for unit in analysis.units:
        svg.append(f"<rect x='{x(unit.start):.1f}' y='{BAND_Y}' width='{max(1.0, x(unit.end) - x(unit.start)):.1f}' "
                   f"height='{BAND_H}' fill='{COLOURS.get(unit.label, '#b3bcc5')}'/>")
    for episode in analysis.episodes:
        svg.append(f"<rect x='{x(episode.start):.1f}' y='{BAND_Y - 2}' width='{max(2.0, x(episode.end) - x(episode.start)):.1f}' "
                   f"height='{BAND_H + 4}' fill='none' stroke='#d1495b' stroke-width='2'/>")
    svg.append(f"<text x='0' y='{BAND_Y + BAND_H + 16}'>0:00</text><text x='{WIDTH}' y='{BAND_Y + BAND_H + 16}' "
               f"text-anchor='end'>{clock(end)}</text></svg>")
    return svg


def _phases(analysis: SessionAnalysis) -> list[str]:
    if not analysis.phases:
        return ["<h2>Our phases</h2><p>The phases of a case could not be recognised in this session.</p>"]
    rows = "".join(f"<tr><td>{h(PHASE_WORDS.get(p.name, p.name))}</td><td>{clock(p.start)}</td>"
                   f"<td class='num'>{duration(p.end - p.start)}</td></tr>" for p in analysis.phases)
    return ["<h2>Our phases</h2><table><tr><th>phase</th><th>from</th><th class='num'>length</th></tr>", rows, "</table>"]


def _moments(analysis: SessionAnalysis, quotes: bool) -> list[str]:
    out = ["<h2>When the presenter was questioned</h2>"]
    if not analysis.episodes:
        return out + ["<p>There was no run of questions to the presenter: the case was left to the group.</p>"]
    by_id = {u.id: u for u in analysis.units}
    for episode in analysis.episodes:
        asked = len(episode.unit_ids)
        response = (f"the leader brought us back after {duration(episode.leader_latency_s)}"
                    if episode.leader_latency_s is not None else
                    "who brought us back is not known" if episode.redirected is None else "we were not brought back")
        out.append(f"<div class='moment{' flagged' if episode.flagged else ''}'><p>At {clock(episode.start)}, for "
                   f"{duration(episode.end - episode.start)}, the presenter was asked {plural(asked, 'question')} in quick "
                   f"succession ({h(episode.reason)}); {response}.</p>")
        if quotes:
            out.append("<ul>" + "".join(f"<li class='quote'>{h(by_id[i].text)}</li>" for i in episode.unit_ids
                                        if i in by_id) + "</ul>")
        out.append("</div>")
    return out


def _discussion(analysis: SessionAnalysis) -> list[str]:
    discussion = [p for p in analysis.metrics.per_phase if p.phase == "discussion"]
    advice = len(analysis.metrics.advice)
    advice_line = ("No advice was given to the presenter." if not advice else
                   f"Advice was offered {advice} time{'s' if advice > 1 else ''} (including advice put as a question).")
    if not discussion:
        return ["<h2>Our discussion</h2>", f"<p>No discussion phase was recognised. {advice_line}</p>"]
    speculation = analysis.metrics.discussion_share("SPECULATION") or 0.0
    feeling = analysis.metrics.discussion_share("FEELING") or 0.0
    contributors = max(p.speculation_or_feeling_contributors for p in discussion)
    members = max(p.members_speaking for p in discussion)
    who = (f"{contributors} of the {plural(members, 'member')} who spoke offered speculation or a feeling."
           if members else "The members could not be told apart from the leader and the presenter.")
    return ["<h2>Our discussion</h2>",
            f"<p>{100 * speculation:.0f} % of what was said in the discussion was speculation — images and "
            f"hypotheses about the patient, the doctor and their relationship — and {100 * feeling:.0f} % voiced "
            f"our own feelings. {who} {advice_line}</p>"]


def _silences(analysis: SessionAnalysis) -> list[str]:
    gaps = analysis.metrics.silences
    if not gaps:
        return ["<h2>Silences</h2><p>There was no long silence.</p>"]
    shortest = number(analysis.settings.get("patterns", {}).get("silence_s", 10))
    return ["<h2>Silences</h2>", f"<p>We held {plural(len(gaps), 'silence')} of {h(shortest)} s or more: " +
            ", ".join(f"at {clock(g.start)} ({duration(g.end - g.start)})" for g in gaps) +
            ". Holding a silence can give a thought room to arrive.</p>"]
