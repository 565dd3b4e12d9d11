"""A leader's sessions side by side: what a supervisor follows over a series of supervised sessions.

`collect` finds every session.json under the folders given, reads each one checked (a corrupt or
foreign file is skipped with its reason, the rest still count) and turns it into a `SessionRow` of the
measures in `MEASURES`; `series` groups the rows by group and leader and orders them by date;
`progress_summary` says in plain words what changed. Every number is read from the session's own
metrics, so the history, its JSON and CSV, and the trend report all agree with each session.json.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from balint.analysis.dynamics.settings import PatternSettings
from balint.analysis.format import duration
from balint.analysis.types import BalintError, SessionAnalysis

HISTORY_SCHEMA = "balint-history/1.0"
NO_GROUP = "(no group)"
NO_LEADER = "(leader not named)"
SESSION_FILE = "session.json"


@dataclass(frozen=True)
class Measure:
    """One column of the history and one chart of the trend report."""

    key: str
    title: str  # a chart title
    column: str  # the table's short heading
    unit: str  # "", "s", "%" or "min"
    better: str  # "lower", "higher" or "" (no direction: a description, not a target)
    reference: tuple[float, float] | None  # the codebook's range, shaded in the chart
    why: str  # one line under the chart


_DEFAULTS = PatternSettings()
MEASURES = (
    Measure("duration_min", "Length", "length", "min", "", None, "how long the session ran"),
    Measure("flagged_episodes", "Flagged episodes", "flagged", "", "lower", (0, 0),
            "runs of questions to the presenter outside the clarifying phase (codebook: none)"),
    Measure("episodes", "All episodes", "episodes", "", "", None,
            "runs of ≥ 3 questions to the presenter, flagged or not"),
    Measure("median_latency_s", "Median latency to redirect", "latency", "s", "lower", (0, _DEFAULTS.timely_redirect_s),
            f"from an episode's second question to the leader's redirect (timely: ≤ {_DEFAULTS.timely_redirect_s:.0f} s)"),
    Measure("leader_share", "Leader talk share", "leader talk", "%", "lower", (0, 100 * _DEFAULTS.small_leader_share),
            f"the leader's share of all talk (small: ≤ {100 * _DEFAULTS.small_leader_share:.0f} %)"),
    Measure("presenter_discussion_s", "Presenter talk in the discussion", "presenter (disc.)", "s", "lower", (0, 30),
            "while pushed back the presenter listens (near zero)"),
    Measure("speculation_share", "Speculation in the discussion", "speculation", "%", "higher", None,
            "share of discussion units that speculate about patient, doctor or relationship"),
    Measure("feeling_share", "Members' feelings in the discussion", "feelings", "%", "higher", None,
            "share of discussion units voicing the speaker's own feeling"),
    Measure("advice", "Advice given", "advice", "", "lower", (0, 0),
            "advice to the presenter, question-form included (codebook: none)"),
    Measure("silences", "Silences tolerated", "silences", "", "", None,
            f"silences of ≥ {_DEFAULTS.silence_s:.0f} s: holding a silence is a skill, not a defect"),
)


@dataclass(frozen=True)
class SessionRow:
    """One session as the history shows it; `None` where the session has nothing to measure."""

    path: str  # its session.json
    report: str | None  # the leader's report.html beside it, when there is one
    group: str
    leader_name: str
    date: str | None
    case: str | None
    duration_min: float
    episodes: int
    flagged_episodes: int
    median_latency_s: float | None
    leader_share: float  # percent
    presenter_discussion_s: float | None
    speculation_share: float | None  # percent of discussion units
    feeling_share: float | None
    advice: int
    silences: int

    def value(self, measure: Measure) -> float | None:
        return getattr(self, measure.key)


@dataclass
class Skipped:
    path: str
    reason: str


@dataclass
class History:
    rows: list[SessionRow] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"schema": HISTORY_SCHEMA, "measures": [asdict(m) for m in MEASURES],
                "series": [{"group": group, "leader_name": leader, "sessions": [asdict(r) for r in rows]}
                           for (group, leader), rows in series(self.rows)],
                "skipped": [asdict(s) for s in self.skipped]}


def session_files(folders: Iterable[Path]) -> list[Path]:
    """Every session.json under the folders (a session.json itself may be given too)."""
    found: set[Path] = set()
    for folder in folders:
        if folder.is_file():
            found.add(folder)
        elif folder.is_dir():
            found.update(folder.rglob(SESSION_FILE))
        else:
            raise BalintError(f"{folder}: no such folder")
    return sorted(found)


def row_of(analysis: SessionAnalysis, path: Path) -> SessionRow:
    """The measures of one session, read from its own metrics and episodes."""
    metrics = analysis.metrics
    discussion = [p for p in metrics.per_phase if p.phase == "discussion"]
    units = sum(p.units for p in discussion)
    latencies = [e.leader_latency_s for e in analysis.episodes if e.leader_latency_s is not None]
    presenter = [p.presenter_talk_s for p in discussion if p.presenter_talk_s is not None]
    report = path.parent / "report.html"

    def share(of: Callable) -> float | None:  # weighted over the discussion phases by their units
        return round(100 * sum(of(p) * p.units for p in discussion) / units, 1) if units else None

    return SessionRow(
        path=str(path), report=str(report) if report.is_file() else None,
        group=analysis.meta.group or NO_GROUP, leader_name=analysis.meta.leader_name or NO_LEADER,
        date=analysis.meta.date, case=analysis.meta.case,
        duration_min=round(analysis.duration_s / 60, 1),
        episodes=metrics.episodes.total, flagged_episodes=metrics.episodes.flagged,
        median_latency_s=round(statistics.median(latencies), 1) if latencies else None,
        leader_share=round(100 * metrics.talk_time_s.leader_share, 1),
        presenter_discussion_s=round(sum(presenter), 1) if presenter else None,
        speculation_share=share(lambda p: p.speculation_share), feeling_share=share(lambda p: p.feeling_share),
        advice=len(metrics.advice), silences=len(metrics.silences))


def collect(folders: Iterable[Path], group: str | None = None, leader_name: str | None = None,
            since: str | None = None, until: str | None = None) -> History:
    """The sessions under the folders that pass the filters; unreadable files are skipped with their reason.
    A date filter leaves out sessions without a date (their place in time is unknown)."""
    from balint.analysis.report.session_json import read_session_json

    history = History()
    for path in session_files(folders):
        try:
            row = row_of(read_session_json(path), path)
        except BalintError as error:
            history.skipped.append(Skipped(str(path), str(error).removeprefix(f"{path}: ")))
            continue
        if group and row.group.casefold() != group.casefold():
            continue
        if leader_name and row.leader_name.casefold() != leader_name.casefold():
            continue
        if (since or until) and (row.date is None or (since and row.date < since) or (until and row.date > until)):
            continue
        history.rows.append(row)
    return history


def series(rows: list[SessionRow]) -> list[tuple[tuple[str, str], list[SessionRow]]]:
    """Rows grouped by (group, leader), each series in date order (undated last)."""
    grouped: dict[tuple[str, str], list[SessionRow]] = {}
    for row in rows:
        grouped.setdefault((row.group, row.leader_name), []).append(row)
    return [(key, sorted(grouped[key], key=lambda r: (r.date is None, r.date or "", r.path))) for key in sorted(grouped)]


def shown(value: float | None, measure: Measure) -> str:
    """A value as the table and the charts write it."""
    if value is None:
        return "—"
    if measure.unit == "%":
        return f"{value:.0f} %"
    if measure.unit == "s":
        return duration(value)
    if measure.unit == "min":
        return f"{value:.0f} min"
    return f"{value:g}"


def progress_summary(rows: list[SessionRow], window: int = 5) -> list[str]:
    """What changed over the last `window` sessions, improvements first, in words meant to encourage."""
    recent = rows[-window:]
    if len(recent) < 2:
        return ["One session so far: the trends start with the next one."]
    span = f"over the last {len(recent)} sessions"
    better: list[str] = []
    watch: list[str] = []
    for measure in MEASURES:
        if not measure.better:
            continue
        values = [v for v in (r.value(measure) for r in recent) if v is not None]
        if len(values) < 2 or values[0] == values[-1]:
            continue
        first, last = values[0], values[-1]
        improved = (last < first) == (measure.better == "lower")
        verb = "fell" if last < first else "rose"
        sentence = f"{measure.title.lower()} {verb} from {shown(first, measure)} to {shown(last, measure)} {span}"
        if improved and measure.reference and measure.reference[0] <= last <= measure.reference[1]:
            sentence += f", now within the codebook's range ({_range(measure)})"
        (better if improved else watch).append(sentence)
    lines = [_capital(s) + "." for s in better] or [f"The measures held steady {span}."]
    lines += [f"Worth watching: {s}." for s in watch]
    return lines


def _range(measure: Measure) -> str:
    high = (measure.reference or (0, 0))[1]
    return "none" if high == 0 else f"up to {shown(high, measure)}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def forget(folder: Path) -> list[Path]:
    """Delete a session's files: its session.json and the reports balint writes beside it (by name, links
    never followed), then the folder if nothing else is in it. Anything else there is left alone."""
    from balint.analysis.report.session_json import REPORT_FILES

    if not (folder / SESSION_FILE).is_file():
        raise BalintError(f"{folder}: no session.json here, so nothing of balint's to forget")
    removed = []
    for name in (SESSION_FILE, *REPORT_FILES.values()):
        path = folder / name
        if path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append(path)
    if not any(folder.iterdir()):
        folder.rmdir()
        removed.append(folder)
    return removed
