"""The supervision trend report: one self-contained HTML page (inline SVG, no script, no network).

For each leader, a plain-language summary of what changed, then small multiples: one chart per measure
across that leader's sessions, the codebook's reference range shaded, each point linking to the
session's own report when it lies next to its session.json. It prints cleanly.
"""

from __future__ import annotations

import os
from pathlib import Path

from balint.analysis.history import MEASURES, History, Measure, SessionRow, progress_summary, series, shown
from balint.analysis.i18n import _, ngettext, report_language
from balint.analysis.report.html import h, page_start

CHART_W, CHART_H, PAD_L, PAD_R, PAD_T, PAD_B = 300, 160, 44, 12, 14, 40
CSS = """
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(310px,1fr));gap:18px 22px;margin:12px 0 28px}
figure{margin:0}figcaption{font-weight:600;font-size:14px}figcaption small{display:block;font-weight:400;color:#52606d}
svg .band{fill:#e3f1e6}svg .line{fill:none;stroke:#2f7fc1;stroke-width:2}svg .dot{fill:#2f7fc1}
svg .axis{stroke:#c5ced6}svg a .dot{fill:#1d5fa0}svg .none{fill:#9aa5b1}
ul.summary li{margin:4px 0}
@media print{.charts{grid-template-columns:repeat(2,1fr)}figure{break-inside:avoid}}
"""


def render_trends(history: History, out_file: Path, language: str = "en") -> str:
    """The page for the rows of `history`, in `language`; links are relative to `out_file`, where it will be written."""
    with report_language(language) as chosen:
        return _render(history, out_file, chosen)


def _sessions(count: int) -> str:
    return ngettext("{n} session", "{n} sessions", count).format(n=count)


def _render(history: History, out_file: Path, language: str) -> str:
    parts = page_start(_("Balint supervision: sessions over time"), CSS, language)
    parts.append(f"<main><h1>{h(_('Sessions over time'))}</h1>")
    about = _("{sessions} · generated offline by balint · no quotations. Shaded: the codebook's reference range. A point "
              "links to that session's report.").format(sessions=_sessions(len(history.rows)))
    parts.append(f"<p class='meta'>{h(about)}</p>")
    if history.skipped:
        unread = _("{n} file(s) could not be read and are not shown:").format(n=len(history.skipped))
        parts.append(f"<p class='note'>{h(unread)} " +
                     h("; ".join(f"{s.path} ({s.reason})" for s in history.skipped)) + ".</p>")
    for (group, leader), rows in series(history.rows):
        parts.append(f"<h2>{h(group)} — {h(leader)} <small class='meta'>({h(_sessions(len(rows)))})</small></h2>")
        parts.append("<ul class='summary'>" + "".join(f"<li>{h(line)}</li>" for line in progress_summary(rows)) + "</ul>")
        parts.append("<div class='charts'>")
        parts += [_chart(measure, rows, out_file) for measure in MEASURES]
        parts.append("</div>")
    parts.append("</main></body></html>")
    return "\n".join(parts)


def _year_marks(rows: list[SessionRow]) -> dict[int, str]:
    """Where the dates cross a year, the year under the first labelled session of each (none within one year)."""
    labelled = [i for i in range(len(rows)) if len(rows) <= 8 or i in (0, len(rows) - 1)]
    years = {i: (rows[i].date or "")[:4] for i in labelled if rows[i].date}
    if len(set(years.values())) < 2:
        return {}
    marks, previous = {}, None
    for i, year in years.items():
        if year != previous:
            marks[i] = year
        previous = year
    return marks


def _chart(measure: Measure, rows: list[SessionRow], out_file: Path) -> str:
    """One measure across the sessions: points joined in date order, the reference range as a band."""
    values = [row.value(measure) for row in rows]
    known = [v for v in values if v is not None]
    top = max(known + [measure.reference[1] if measure.reference else 0, 1.0]) * 1.15
    inner_w, inner_h = CHART_W - PAD_L - PAD_R, CHART_H - PAD_T - PAD_B
    x = lambda i: PAD_L + (inner_w * (i + 0.5) / len(rows))  # noqa: E731
    y = lambda v: PAD_T + inner_h * (1 - v / top)  # noqa: E731
    svg = [f"<svg viewBox='0 0 {CHART_W} {CHART_H}' width='{CHART_W}' height='{CHART_H}' role='img' "
           f"aria-label='{h(_('{measure} per session').format(measure=_(measure.title)))}'>"]
    if measure.reference:
        low, high = measure.reference
        band_top = y(max(high, top * 0.02))  # a range of "none" still shows as a thin band at zero
        svg.append(f"<rect class='band' x='{PAD_L}' y='{band_top:.1f}' width='{inner_w}' height='{y(low) - band_top:.1f}'/>")
    svg.append(f"<line class='axis' x1='{PAD_L}' y1='{y(0):.1f}' x2='{CHART_W - PAD_R}' y2='{y(0):.1f}'/>")
    svg.append(f"<text x='{PAD_L - 6}' y='{y(0) + 4:.1f}' text-anchor='end'>0</text>")
    svg.append(f"<text x='{PAD_L - 6}' y='{PAD_T + 8}' text-anchor='end'>{h(shown(top / 1.15, measure))}</text>")
    path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values) if v is not None)
    years = _year_marks(rows)
    if len(known) > 1:
        svg.append(f"<polyline class='line' points='{path}'/>")
    for i, (row, value) in enumerate(zip(rows, values)):
        label = f"{row.date or _('undated')}: {shown(value, measure)}"
        dot = (f"<circle class='dot' cx='{x(i):.1f}' cy='{y(value):.1f}' r='4'><title>{h(label)}</title></circle>"
               if value is not None else
               f"<text class='none' x='{x(i):.1f}' y='{y(0) - 4:.1f}' text-anchor='middle'>–<title>{h(label)}</title></text>")
        if row.report:
            link = os.path.relpath(Path(row.report).resolve(), out_file.resolve().parent)
            dot = f"<a href='{h(Path(link).as_posix())}'>{dot}</a>"
        svg.append(dot)
        if len(rows) <= 8 or i in (0, len(rows) - 1):
            svg.append(f"<text x='{x(i):.1f}' y='{CHART_H - 14}' text-anchor='middle'>{h((row.date or '—')[5:] or '—')}</text>")
            if i in years:
                svg.append(f"<text class='year' x='{x(i):.1f}' y='{CHART_H - 2}' text-anchor='middle'>{years[i]}</text>")
    svg.append("</svg>")
    return (f"<figure><figcaption>{h(_(measure.title))}<small>{h(measure.explained())}</small></figcaption>"
            f"{''.join(svg)}</figure>")
