"""The group-facing report: a session as a group looks at its own process together, in the session's language.

No one is singled out. It holds no speaker name or id (members are "a member"; the leader and the
presenter are named by their role only), no quotation unless asked for (and then without who said
it), no per-person talk table, and not the case title. What it shows is the group's: the phases, the
moments when the presenter was questioned, how much speculation, feeling and advice the discussion
held, how many members took part, and the silences the group held.
"""

from __future__ import annotations

from balint.analysis.format import clock, duration, number
from balint.analysis.i18n import N_, _, label_words, ngettext, report_language
from balint.analysis.report.html import COLOURS, h, page_start, phase_label
from balint.analysis.types import SessionAnalysis

WIDTH, BAND_Y, BAND_H = 960, 30, 26
CSS = (".moment{border-left:4px solid #b3bcc5;padding:4px 14px;margin:12px 0;background:#fafbfc}"
       ".moment.flagged{border-color:#d1495b}")
#: the phases as the group names them ("we")
PHASE_WORDS = {"call_for_case": N_("call for a case"), "presentation": N_("the presentation"),
               "clarifying": N_("clarifying questions"), "discussion": N_("the group's discussion"),
               "presenter_returns": N_("the presenter returns"), "closing": N_("closing")}


def _phase(name: str) -> str:
    return _(PHASE_WORDS.get(name, name))


def render_group_html(analysis: SessionAnalysis, quotes: bool = False) -> str:
    with report_language(analysis.reported_in) as language:
        return _render(analysis, quotes, language)


def _render(analysis: SessionAnalysis, quotes: bool, language: str) -> str:
    meta = analysis.meta
    about = " · ".join(h(v) for v in (meta.group, meta.date) if v) or h(_("A Balint session"))
    names = _("for the group to read together · names no one") + ("" if quotes else _(" and quotes no one"))
    parts = page_start(_("How we worked together — Balint session"), CSS, language)
    parts += [f"<main><h1>{h(_('How we worked together'))}</h1>",
              f"<p class='meta'>{about} · {clock(analysis.duration_s)} · {h(names)}.</p>",
              "<p>" + h(_("This page looks at the group's process, not at any one person: who said what is left out on "
                          "purpose. It is a starting point for talking about how the session went.")) + "</p>"]
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
    run = _("a run of questions to the presenter")
    svg = [f"<h2>{h(_('The session at a glance'))}</h2><p class='legend'>" +
           "".join(f"<span><i style='background:{COLOURS[k]}'></i>{h(label_words(k))}</span>"
                   for k in ("QUESTION", "SPECULATION", "FEELING", "ADVICE", "OTHER")) +
           f"<span><i style='border:2px solid #d1495b;background:none'></i>{h(run)}</span></p>",
           f"<svg viewBox='0 0 {WIDTH} {BAND_Y + BAND_H + 22}' width='100%' role='img' "
           f"aria-label='{h(_('the session over time'))}'>"]
    for phase in analysis.phases:
        svg.append(f"<line x1='{x(phase.start):.1f}' y1='{BAND_Y - 14}' x2='{x(phase.start):.1f}' y2='{BAND_Y + BAND_H}' "
                   f"stroke='#7b8794'/>")
        label = phase_label(_phase(phase.name), x(phase.end) - x(phase.start))
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
    title = f"<h2>{h(_('Our phases'))}</h2>"
    if not analysis.phases:
        return [title + "<p>" + h(_("The phases of a case could not be recognised in this session.")) + "</p>"]
    rows = "".join(f"<tr><td>{h(_phase(p.name))}</td><td>{clock(p.start)}</td>"
                   f"<td class='num'>{duration(p.end - p.start)}</td></tr>" for p in analysis.phases)
    return [title + f"<table><tr><th>{h(_('phase'))}</th><th>{h(_('from'))}</th><th class='num'>{h(_('length'))}</th>"
            "</tr>", rows, "</table>"]


def _moments(analysis: SessionAnalysis, quotes: bool) -> list[str]:
    out = [f"<h2>{h(_('When the presenter was questioned'))}</h2>"]
    if not analysis.episodes:
        return out + ["<p>" + h(_("There was no run of questions to the presenter: the case was left to the group.")) +
                      "</p>"]
    by_id = {u.id: u for u in analysis.units}
    for episode in analysis.episodes:
        asked = len(episode.unit_ids)
        response = (_("the leader brought us back after {time}").format(time=duration(episode.leader_latency_s))
                    if episode.leader_latency_s is not None else
                    _("who brought us back is not known") if episode.redirected is None else _("we were not brought back"))
        said = ngettext("At {start}, for {time}, the presenter was asked {n} question in quick succession ({reason}); "
                        "{response}.", "At {start}, for {time}, the presenter was asked {n} questions in quick "
                        "succession ({reason}); {response}.", asked).format(
            start=clock(episode.start), time=duration(episode.end - episode.start), n=asked, reason=episode.reason,
            response=response)
        out.append(f"<div class='moment{' flagged' if episode.flagged else ''}'><p>{h(said)}</p>")
        if quotes:
            out.append("<ul>" + "".join(f"<li class='quote'>{h(by_id[i].text)}</li>" for i in episode.unit_ids
                                        if i in by_id) + "</ul>")
        out.append("</div>")
    return out


def _discussion(analysis: SessionAnalysis) -> list[str]:
    discussion = [p for p in analysis.metrics.per_phase if p.phase == "discussion"]
    advice = len(analysis.metrics.advice)
    advice_line = (_("No advice was given to the presenter.") if not advice else ngettext(
        "Advice was offered {n} time (including advice put as a question).",
        "Advice was offered {n} times (including advice put as a question).", advice).format(n=advice))
    title = f"<h2>{h(_('Our discussion'))}</h2>"
    if not discussion:
        return [title, f"<p>{h(_('No discussion phase was recognised.'))} {h(advice_line)}</p>"]
    speculation = analysis.metrics.discussion_share("SPECULATION") or 0.0
    feeling = analysis.metrics.discussion_share("FEELING") or 0.0
    contributors = max(p.speculation_or_feeling_contributors for p in discussion)
    members = max(p.members_speaking for p in discussion)
    who = (ngettext("{some} of the {n} member who spoke offered speculation or a feeling.",
                    "{some} of the {n} members who spoke offered speculation or a feeling.", members).format(
        some=contributors, n=members)
           if members else _("The members could not be told apart from the leader and the presenter."))
    shares = _("{speculation} % of what was said in the discussion was speculation — images and hypotheses about the "
               "patient, the doctor and their relationship — and {feeling} % voiced our own feelings.").format(
        speculation=f"{100 * speculation:.0f}", feeling=f"{100 * feeling:.0f}")
    return [title, f"<p>{h(shares)} {h(who)} {h(advice_line)}</p>"]


def _silences(analysis: SessionAnalysis) -> list[str]:
    gaps = analysis.metrics.silences
    title = f"<h2>{h(_('Silences'))}</h2>"
    if not gaps:
        return [title + "<p>" + h(_("There was no long silence.")) + "</p>"]
    shortest = number(analysis.settings.get("patterns", {}).get("silence_s", 10))
    where = ", ".join(_("at {time} ({length})").format(time=clock(g.start), length=duration(g.end - g.start))
                      for g in gaps)
    held = ngettext("We held {n} silence of {s} s or more: {where}. Holding a silence can give a thought room to arrive.",
                    "We held {n} silences of {s} s or more: {where}. Holding a silence can give a thought room to "
                    "arrive.", len(gaps)).format(n=len(gaps), s=shortest, where=where)
    return [title, f"<p>{h(held)}</p>"]
