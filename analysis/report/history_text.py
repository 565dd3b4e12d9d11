"""The supervision history as text: a table per leader for the terminal, and a flat CSV for researchers."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, fields

from balint.analysis.format import displayable
from balint.analysis.history import MEASURES, History, SessionRow, series, shown
from balint.analysis.i18n import _, ngettext, report_language

TABLE_MEASURES = [m for m in MEASURES if m.key != "episodes"]  # "flagged/all" shows both in one column


def history_tables(grouped: list[tuple[tuple[str, str], list[SessionRow]]], language: str = "en") -> str:
    """One fixed-width table per (group, leader), sessions in date order, in `language`."""
    with report_language(language):
        return _tables(grouped)


def _tables(grouped: list[tuple[tuple[str, str], list[SessionRow]]]) -> str:
    heads = [_("date"), _("length"), _("episodes flagged/all")] + [_(m.column) for m in TABLE_MEASURES[2:]]
    blocks = []
    for (group, leader), rows in grouped:
        cells = [[row.date or "—", shown(row.duration_min, MEASURES[0]), f"{row.flagged_episodes}/{row.episodes}"] +
                 [shown(row.value(m), m) for m in TABLE_MEASURES[2:]] for row in rows]
        widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(heads)]
        sessions = ngettext("{n} session", "{n} sessions", len(rows)).format(n=len(rows))
        blocks.append("\n".join([f"{displayable(group)} — {displayable(leader)} ({sessions})",
                                 *(_aligned(c, widths) for c in [heads, *cells])]))
    legend = "\n".join(f"  {_(m.column)}: {m.explained()}" for m in TABLE_MEASURES[2:])
    return "\n\n".join(blocks + [legend])


def _aligned(values: list[str], widths: list[int]) -> str:
    """The first column left-aligned (dates), the numbers right-aligned."""
    return "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(values, widths)))


#: A cell starting with one of these is a formula to a spreadsheet (OWASP's CSV injection list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """A value a spreadsheet shows and never runs: text without control characters and, where it would start a
    formula, behind a leading apostrophe (OWASP). Numbers are left as numbers."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    text = displayable(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def history_csv(history: History) -> str:
    """Every session as one flat row, every field of `SessionRow`, numbers unformatted."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[f.name for f in fields(SessionRow)], lineterminator="\n")
    writer.writeheader()
    for row in (row for _key, rows in series(history.rows) for row in rows):
        writer.writerow({k: spreadsheet_cell(v) for k, v in asdict(row).items()})
    return buffer.getvalue()
