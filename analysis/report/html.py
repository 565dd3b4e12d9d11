"""The supervisor's report: one self-contained HTML file (inline CSS and SVG, no script, no network).

It opens from disk in any browser and prints cleanly. A timeline shows who spoke when,
coloured by label, with phases as bands and episodes as marked, linked boxes. Excerpts can
be hidden with a checkbox, or left out entirely (quotes=False).
"""

from __future__ import annotations

import math
from html import escape

from balint.analysis.dynamics.classify import LANGUAGES
from balint.analysis.dynamics.leader_moves import MOVE_WORDS, counts_in_words, move_counts, talk_in_words
from balint.analysis.format import clock, displayable, duration, setting, spoken_in
from balint.analysis.i18n import (
    N_,
    _,
    decimal,
    flag_words,
    label_words,
    ngettext,
    person,
    phase_words,
    report_language,
    role_words,
)
from balint.analysis.types import SessionAnalysis

COLOURS = {"QUESTION": "#d1495b", "SPECULATION": "#2f7fc1", "FEELING": "#8e5ea2", "ADVICE": "#e59c2f",
           "OTHER": "#b3bcc5", None: "#b3bcc5"}
PHASE_TINTS = ("#f3f6f9", "#e9eef3")
#: the leader's row on the timeline: one colour per move (docs/leader-moves.md)
MOVE_COLOURS = {"framing": "#52606d", "protecting": "#2f8f83", "redirecting_advice": "#8e6c8a",
                "relationship": "#3a7bd5", "inviting": "#f29e4c", "bringing_back": "#66a182", "closing": "#9aa5b1",
                "own_contribution": "#c9a227", "questioning_presenter": "#b23a48", "teaching": "#8d6e63"}

WIDTH, LEFT, ROW, TOP = 960, 110, 22, 34
TICK_STEPS_S = (30, 60, 120, 300, 600, 900, 1800, 3600)
LABEL_CHAR_PX = 6.5  # the width of one character of an 11 px label, generously
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'"


def h(value: object) -> str:
    """Any value as HTML text or a quoted attribute value: controls removed, &<>"' escaped."""
    return escape(displayable(value), quote=True)


def page_start(title: str, css: str = "", language: str = "en") -> list[str]:
    """The head every balint page shares: no script, no network (the CSP forbids both), printable."""
    return [f"<!doctype html><html lang='{h(language)}'><head><meta charset='utf-8'>",
            "<meta name='viewport' content='width=device-width, initial-scale=1'>",
            f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">",
            f"<title>{h(title)}</title>", f"<style>{CSS}{css}</style></head><body>"]


def about(analysis: SessionAnalysis) -> str:
    """The session's group, leader, date and case as the user gave them, joined for a subtitle."""
    meta = analysis.meta
    return " · ".join(h(v) for v in (meta.group, meta.leader_name and _("led by {name}").format(name=meta.leader_name),
                                      meta.date, meta.case and _("case: {case}").format(case=meta.case)) if v)


def phase_label(text: str, width_px: float) -> str:
    """The phase's name where it fits in its band, else nothing (never a clipped "call fo"): the band's tooltip
    and the phase table name it."""
    return text if len(text) * LABEL_CHAR_PX + 6 <= width_px else ""


def _tick_step(end_s: float) -> int:
    """At most about twelve time labels, whatever the session's length."""
    fitting = [s for s in TICK_STEPS_S if end_s / s <= 12]
    return fitting[0] if fitting else 3600 * math.ceil(end_s / 3600 / 12)

CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2933;margin:0;background:#fff}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid #d9e0e6;padding-bottom:4px}
.meta{color:#52606d}.note{color:#52606d;font-size:13px}
h1,h2,h3,p,li,td,th,figcaption{overflow-wrap:anywhere}
ul.obs li{margin:6px 0}ul.obs a{color:#9b1c2c}
table{border-collapse:collapse;margin:8px 0;font-size:14px}
th,td{padding:4px 10px;border-bottom:1px solid #e4e9ee;text-align:left;vertical-align:top}
th{background:#f5f7fa}.num{text-align:right;font-variant-numeric:tabular-nums}
.legend span{display:inline-block;margin-right:14px}
.legend i{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px;border-radius:2px}
.episode{border-left:4px solid #b3bcc5;padding:4px 14px;margin:14px 0;background:#fafbfc}.episode.flagged{border-color:#d1495b}
.quote{color:#323f4b;font-style:italic}
.toggle{font-size:14px;color:#52606d;cursor:pointer}.toggle::before{content:"☐ "}
#hide-quotes{position:absolute;opacity:0}#hide-quotes:checked ~ main .toggle::before{content:"☑ "}
#hide-quotes:checked ~ main .quote{display:none}
svg text{font:11px system-ui,sans-serif;fill:#323f4b}
#moves-per-phase td:first-child{white-space:nowrap}
@media print{.toggle,#hide-quotes{display:none}main{max-width:none;padding:0}h2{break-after:avoid}.episode,tr{break-inside:avoid}}
"""


def render_html(analysis: SessionAnalysis, quotes: bool = True) -> str:
    """The leader's report, in the session's report language (English where balint has no catalogue)."""
    with report_language(analysis.reported_in) as language:
        return _render_html(analysis, quotes, language)


def _render_html(analysis: SessionAnalysis, quotes: bool, language: str) -> str:
    name = lambda speaker: person(analysis.speaker_name(speaker))  # noqa: E731
    parts = page_start(_("Balint session review — {name}").format(name=analysis.source.get("name", "session")),
                       language=language)
    if quotes:
        parts.append("<input type='checkbox' id='hide-quotes'>")
    parts.append("<main>")
    if quotes:
        parts.append(f"<label class='toggle' for='hide-quotes'>{h(_('hide excerpts (for sharing or printing)'))}</label>")
    speakers = ngettext("{n} speaker", "{n} speakers", len(analysis.speakers)).format(n=len(analysis.speakers))
    parts += [
        f"<h1>{h(_('Balint session review'))}</h1>",
        f"<p class='meta'>{about(analysis) + ' · ' if about(analysis) else ''}"
        f"{h(analysis.source.get('name', 'session'))} · {clock(analysis.duration_s)} · "
        f"{h(speakers)} · {h(spoken_in(analysis.language, analysis.language_probability))} · "
        f"{h(_('generated offline by balint'))}; "
        f"{h(_('contains excerpts of what was said') if quotes else _('contains no quotations'))}.</p>",
        f"<h2 id='observations'>{h(_('What stood out'))}</h2><ul class='obs'>",
    ]
    episodes = len(analysis.episodes)
    for note in analysis.observations:
        text = h(note.text)
        number = note.kind.removeprefix("episode-")
        if number.isdigit() and 1 <= int(number) <= episodes:  # the link is built from a number, never copied
            text = f"<a href='#episode-{int(number)}'>{text}</a>"
        parts.append(f"<li>{text}</li>")
    parts.append("</ul>")
    parts += _timeline(analysis, name, quotes)
    parts += _episodes(analysis, name, quotes)
    parts += _leader_moves(analysis, quotes)
    parts += _phases(analysis)
    parts += _people(analysis)
    parts += _settings(analysis)
    parts.append("</main></body></html>")
    return "\n".join(parts)


def _timeline(analysis: SessionAnalysis, name, quotes: bool) -> list[str]:
    order = {"leader": 0, "presenter": 1, "member": 2}
    speakers = sorted({u.speaker for u in analysis.units},
                      key=lambda s: (order.get(next((r.role for r in analysis.roles if r.speaker == s), "member"), 3), name(s)))
    end = max(analysis.duration_s, max((u.end for u in analysis.units), default=1.0), 1.0)
    x = lambda t: LEFT + (WIDTH - LEFT) * t / end  # noqa: E731
    leader = next((r.speaker for r in analysis.roles if r.role == "leader" and r.speaker), None)
    lines = list(speakers)  # the leader's moves get a row of their own, under the leader's talk
    if analysis.leader_moves and leader in lines:
        lines.insert(lines.index(leader) + 1, MOVES_ROW)
    height = TOP + ROW * len(lines) + 40
    svg = [f"<h2 id='timeline'>{h(_('Who spoke when'))}</h2>",
           "<p class='legend'>" + "".join(f"<span><i style='background:{COLOURS[k]}'></i>{h(label_words(k))}</span>"
                                         for k in ("QUESTION", "SPECULATION", "FEELING", "ADVICE", "OTHER")) +
           f"<span><i style='border:2px solid #d1495b;background:none'></i>{h(_('flagged episode'))}</span>"
           f"<span><i style='background:#f0b429;opacity:.35'></i>{h(_('overlapping speech'))}</span></p>",
           *_moves_legend(analysis, lines),
           f"<svg id='timeline-svg' role='img' aria-label='{h(_('timeline of who spoke when'))}' viewBox='0 0 {WIDTH} {height}' "
           f"width='100%' xmlns='http://www.w3.org/2000/svg'>"]
    for i, phase in enumerate(analysis.phases):
        svg.append(f"<rect x='{x(phase.start):.1f}' y='14' width='{max(1, x(phase.end) - x(phase.start)):.1f}' "
                   f"height='{height - 30}' fill='{PHASE_TINTS[i % 2]}'><title>{h(phase.name)}</title></rect>")
        label = phase_label(phase_words(phase.name), x(phase.end) - x(phase.start))
        if label:
            svg.append(f"<text x='{x(phase.start) + 3:.1f}' y='26'>{h(label)}</text>")
    rows = {s: TOP + ROW * i for i, s in enumerate(lines)}
    for speaker, y in rows.items():
        svg.append(f"<text x='4' y='{y + 14}'>{h('↳ ' + _('moves') if speaker == MOVES_ROW else name(speaker))}</text>")
    for start, end in _overlaps(analysis):  # several people at once (members talking over the presenter, say)
        svg.append(f"<rect class='overlap' x='{x(start):.1f}' y='{TOP - 2}' width='{max(1.0, x(end) - x(start)):.1f}' "
                   f"height='{ROW * len(lines) + 4}' fill='#f0b429' fill-opacity='0.18'>"
                   f"<title>{clock(start)}: {h(_('overlapping speech'))}</title></rect>")
    for unit in analysis.units:
        title = f"{clock(unit.start)} {name(unit.speaker)} · {label_words(unit.label) if unit.label else ''}"
        if quotes:
            title += f": {unit.text}"
        svg.append(f"<rect class='unit' data-label='{h(unit.label or '')}' x='{x(unit.start):.1f}' "
                   f"y='{rows[unit.speaker] + 3}' width='{max(1.5, x(unit.end) - x(unit.start)):.1f}' height='{ROW - 6}' "
                   f"rx='2' fill='{COLOURS.get(unit.label, '#b3bcc5')}'><title>{h(title)}</title></rect>")
    by_id = {u.id: u for u in analysis.units}
    for move in analysis.leader_moves if MOVES_ROW in rows else []:
        said = by_id.get(move.unit_id)
        stop = said.end if said else move.start
        title = f"{clock(move.start)} {_(MOVE_WORDS[move.move])}" + (f": {said.text}" if quotes and said else "")
        svg.append(f"<rect class='leader-move' data-move='{move.move}' x='{x(move.start):.1f}' y='{rows[MOVES_ROW] + 5}' "
                   f"width='{max(5.0, x(stop) - x(move.start)):.1f}' height='{ROW - 10}' rx='3' "
                   f"fill='{MOVE_COLOURS[move.move]}'><title>{h(title)}</title></rect>")
    for number, episode in enumerate(analysis.episodes, 1):
        colour, dash = ("#d1495b", "") if episode.flagged else ("#7b8794", " stroke-dasharray='4 3'")
        svg.append(f"<a href='#episode-{number}'><rect class='episode-mark' x='{x(episode.start) - 2:.1f}' y='{TOP - 2}' "
                   f"width='{x(episode.end) - x(episode.start) + 4:.1f}' height='{ROW * len(lines) + 4}' fill='none' "
                   f"stroke='{colour}' stroke-width='2'{dash}><title>{h(_('episode {n}').format(n=number))}</title></rect>"
                   f"<text class='episode-link' x='{x(episode.start):.1f}' y='{TOP + ROW * len(lines) + 14}' "
                   f"fill='{colour}'>▲ {h(_('episode {n}').format(n=number))}</text></a>")
    step = _tick_step(end)
    for t in range(0, int(end) + 1, step):
        svg.append(f"<text x='{x(t):.1f}' y='{height - 4}' text-anchor='middle'>{clock(t)}</text>")
    svg.append("</svg>")
    return svg


MOVES_ROW = "\0moves"  # the timeline's row of the leader's moves (no speaker can be called this)


def _moves_legend(analysis: SessionAnalysis, lines: list[str]) -> list[str]:
    if MOVES_ROW not in lines:
        return []
    made = dict.fromkeys(m.move for m in analysis.leader_moves)
    title = _("the leader's moves")
    return [f"<p class='legend' id='moves-legend'>{h(title)}: " +
            "".join(f"<span><i style='background:{MOVE_COLOURS[m]}'></i>{h(_(MOVE_WORDS[m]))}</span>" for m in made) + "</p>"]


def _overlaps(analysis: SessionAnalysis, shortest_s: float = 0.3) -> list[tuple[float, float]]:
    """Stretches where the diariser heard two speakers at once (only backends that find overlap give any)."""
    turns = sorted(analysis.turns, key=lambda t: t.start)
    found: list[tuple[float, float]] = []
    for i, turn in enumerate(turns):
        for later in turns[i + 1:]:
            if later.start >= turn.end:
                break
            if later.speaker != turn.speaker and min(turn.end, later.end) - later.start >= shortest_s:
                found.append((later.start, min(turn.end, later.end)))
    merged: list[tuple[float, float]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _episodes(analysis: SessionAnalysis, name, quotes: bool) -> list[str]:
    out = [f"<h2 id='episodes'>{h(_('Questions to the presenter'))}</h2>"]
    if not analysis.episodes:
        out.append("<p>" + h(_("No interrogation episode (three or more questions to the presenter in quick "
                               "succession) was found.")) + "</p>")
    by_id = {u.id: u for u in analysis.units}
    for number, episode in enumerate(analysis.episodes, 1):
        latency = episode.leader_latency_s
        move = next((m for m in analysis.leader_moves if m.unit_id == episode.redirect_unit), None)
        by_move = _(", by {move}").format(move=_(MOVE_WORDS[move.move])) if move else ""
        response = (_("redirected after {time}").format(time=duration(latency)) + by_move if latency is not None else
                    _("whether it was redirected is unknown: no leader was identified") if episode.redirected is None
                    else _("not redirected"))
        out.append(f"<section class='episode{' flagged' if episode.flagged else ''}' id='episode-{number}'>")
        out.append(f"<h3>{h(_('Episode {n}').format(n=number))}: {clock(episode.start)}–{clock(episode.end)} · "
                   f"{h(_('flagged') if episode.flagged else _('not flagged'))}</h3>")
        askers = _("Asked by {askers}").format(askers=", ".join(name(a) for a in episode.askers))
        out.append(f"<p>{h(episode.reason)}. {h(askers)}; {h(response)} {h(_('(measured from the second question)'))}.</p>")
        out.append(f"<table><tr><th>{h(_('time'))}</th><th>{h(_('asked by'))}</th><th>{h(_('kind'))}</th>" +
                   (f"<th class='quote'>{h(_('excerpt'))}</th>" if quotes else "") + "</tr>")
        for unit in (by_id[i] for i in episode.unit_ids if i in by_id):
            kinds = ", ".join(flag_words(f) for f in unit.flags) or (label_words(unit.label) if unit.label else "")
            quote = f"<td class='quote'>{h(unit.text)}</td>" if quotes else ""
            out.append(f"<tr><td>{clock(unit.start)}</td><td>{h(name(unit.speaker))}</td><td>{h(kinds)}</td>{quote}</tr>")
        out.append("</table></section>")
    return out


def _leader_moves(analysis: SessionAnalysis, quotes: bool) -> list[str]:
    """Per phase, the moves that opened and held it, and what the leader's talk did (docs/leader-moves.md): material
    for supervision in plain words, never a score."""
    out = [f"<h2 id='leader-moves'>{h(_('What you did as leader'))}</h2>"]
    leader = analysis.metrics.leader
    if analysis.language not in LANGUAGES:
        return out + ["<p>" + h(_("The leader's moves are read from the words, and their cues exist for English and "
                                  "German so far.")) + "</p>"]
    if leader is None or not any(r.role == "leader" and r.speaker for r in analysis.roles):
        return out + ["<p>" + h(_("No leader was identified, so the leader's moves are not shown.")) + "</p>"]
    if not analysis.leader_moves:
        return out + [f"<p>{h(_('None of your words matched a move of the leader-move table.'))}</p>"]
    out.append(f"<p id='leader-talk'>{h(talk_in_words(leader))}</p>")
    by_id = {u.id: u for u in analysis.units}
    out.append(f"<table id='moves-per-phase'><tr><th>{h(_('phase'))}</th><th>{h(_('opened by'))}</th>"
               f"<th>{h(_('held by'))}</th>" + (f"<th class='quote'>{h(_('for example'))}</th>" if quotes else "") + "</tr>")
    for phase in leader.per_phase:
        said = by_id[phase.first_unit].text if phase.first_unit in by_id else ""
        example = f"<td class='quote'>{h(said)}</td>" if quotes else ""
        opened = counts_in_words({m: phase.opened_by.count(m) for m in dict.fromkeys(phase.opened_by)}) or "—"
        if not phase.opened_by and not phase.held_by:
            opened = _("no move of yours")
        out.append(f"<tr><td>{h(phase_words(phase.phase))}</td><td>{h(opened)}</td>"
                   f"<td>{h(counts_in_words(phase.held_by) or '—')}</td>{example}</tr>")
    if not leader.per_phase:
        out.append(f"<tr><td>{h(_('session'))}</td><td>—</td><td>{h(counts_in_words(move_counts(analysis.leader_moves)))}</td>"
                   + ("<td class='quote'></td>" if quotes else "") + "</tr>")
    out.append("</table>")
    return out


def _phases(analysis: SessionAnalysis) -> list[str]:
    out = [f"<h2 id='phases'>{h(_('Phases'))}</h2>"]
    if not analysis.phases:
        return out + [f"<p>{h(_('The phases of a case could not be recognised in this session.'))}</p>"]
    heads = [_("from"), _("to")]
    numbers = [_("length"), _("units"), _("questions"), _("speculation"), _("feeling"), _("advice"),
               _("members contributing spec./feeling")]
    out.append(f"<table><tr><th>{h(_('phase'))}</th>" + "".join(f"<th>{h(t)}</th>" for t in heads) +
               "".join(f"<th class='num'>{h(t)}</th>" for t in numbers) + f"<th>{h(_('source'))}</th></tr>")
    measured = {(m.phase, m.start): m for m in analysis.metrics.per_phase}
    for phase in analysis.phases:
        m = measured.get((phase.name, phase.start))
        labels = m.labels if m else {}
        cells = [m.units if m else 0] + [labels.get(k, 0) for k in ("QUESTION", "SPECULATION", "FEELING", "ADVICE")]
        contributors = _("{some} of {all}").format(some=m.speculation_or_feeling_contributors,
                                                   all=m.members_speaking) if m else "—"
        out.append(f"<tr><td>{h(phase_words(phase.name))}</td><td>{clock(phase.start)}</td><td>{clock(phase.end)}</td>"
                   f"<td class='num'>{duration(phase.end - phase.start)}</td>" +
                   "".join(f"<td class='num'>{h(c)}</td>" for c in cells) +
                   f"<td class='num'>{h(contributors)}</td><td>{h(role_words(phase.source))}</td></tr>")
    return out + ["</table>"]


def _people(analysis: SessionAnalysis) -> list[str]:
    totals = analysis.metrics.talk_time_s.per_person
    speech = sum(totals.values()) or 1e-9
    out = [f"<h2 id='people'>{h(_('People and talk time'))}</h2><table><tr><th>{h(_('name'))}</th>"
           f"<th>{h(_('speaker'))}</th><th>{h(_('role'))}</th><th class='num'>{h(_('talk'))}</th>"
           f"<th class='num'>{h(_('share'))}</th><th>{h(_('how the role was decided'))}</th>"
           f"<th class='num'>{h(_('confidence'))}</th></tr>"]
    for role in analysis.roles:
        seconds = totals.get(role.speaker, 0.0)
        out.append(f"<tr><td>{h(person(role.name))}</td><td>{h(role.speaker or '—')}</td><td>{h(role_words(role.role))}</td>"
                   f"<td class='num'>{clock(seconds)}</td><td class='num'>{100 * seconds / speech:.0f} %</td>"
                   f"<td>{h(role.how)}</td><td class='num'>{decimal(role.confidence)}</td></tr>")
    out.append("</table>")
    gaps = analysis.metrics.silences
    if gaps:
        where = ", ".join(f"{clock(g.start)} ({duration(g.end - g.start)})" for g in gaps)
        out.append(f"<p>{h(_('Silences'))}: {where}</p>")
    return out


SETTING_GROUPS = (("patterns", N_("Thresholds of the session logic (codebook defaults)")),
                  ("classifier", N_("The classifier's fixed thresholds")),
                  ("recording", N_("While recording")))


def _settings(analysis: SessionAnalysis) -> list[str]:
    out = [f"<h2 id='settings'>{h(_('How this was measured'))}</h2>"]
    for key, title in SETTING_GROUPS:
        values = analysis.settings.get(key)
        if isinstance(values, dict) and values:
            out.append(f"<p class='note'>{h(_(title))}: " + h("; ".join(setting(k, v) for k, v in values.items())) + ".</p>")
    out += [f"<p class='note'>{h(_('Models'))}: " + h("; ".join(f"{m.name} ({m.version})" for m in analysis.models)) +
            ".</p>",
            "<p class='note'>" + h(_("Labels come from the codebook's cues and learned decision heads (a sentence "
                                     "encoder reads the units they are unsure of); each unit's confidence and cues are "
                                     "in session.json. Per-utterance labels can be wrong; rates and episodes are the "
                                     "reliable part, and the excerpts let you check.")) + "</p>"]
    receipt = analysis.deletion_receipt
    if receipt:
        out.append(f"<p class='note'>{h(_('Audio deleted'))} ({h(receipt.what)}): {h(receipt.path)}, "
                   f"{h(_('{n} bytes').format(n=f'{receipt.bytes:,}'))}"
                   f"{h(_(' in {n} chunks').format(n=receipt.chunks)) if receipt.chunks else ''}, {h(receipt.deleted_at)}; "
                   f"{h(receipt.how)}.</p>")
    return out
