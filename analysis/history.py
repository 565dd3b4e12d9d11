"""A leader's sessions side by side: what a supervisor follows over a series of supervised sessions.

`collect` finds every session.json under the folders given, reads each one checked (a corrupt or
foreign file is skipped with its reason, the rest still count) and turns it into a `SessionRow` of the
measures in `MEASURES`; `series` groups the rows by group and leader and orders them by date;
`progress_summary` says in plain words what changed. Every number is read from the session's own
metrics, so the history, its JSON and CSV, and the trend report all agree with each session.json.
"""

from __future__ import annotations

import os
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from balint.analysis.dynamics.settings import PatternSettings
from balint.analysis.files import EXPORT_FILES, REPORT_FILES, SESSION_FILE
from balint.analysis.format import displayable, duration
from balint.analysis.i18n import N_, _, current_language, report_language_for
from balint.analysis.types import BalintError, Progress, SessionAnalysis, SessionSummary, no_progress

HISTORY_SCHEMA = "balint-history/1.0"
NO_GROUP = "(no group)"
NO_LEADER = "(leader not named)"


@dataclass(frozen=True)
class Measure:
    """One column of the history and one chart of the trend report."""

    key: str
    title: str  # a chart title
    column: str  # the table's short heading
    unit: str  # "", "s", "%" or "min"
    better: str  # "lower", "higher" or "" (no direction: a description, not a target)
    reference: tuple[float, float] | None  # the codebook's range, shaded in the chart
    why: str  # one line under the chart: a template of the codebook's numbers (`explained`)
    step: float = 1.0  # the smallest change the summary calls a change (a point of a share is noise)

    def named(self) -> str:
        """The title, in the reader's language: lower case inside an English sentence (German keeps its nouns)."""
        title = _(self.title)
        return title.lower() if current_language() == "en" else title

    def explained(self) -> str:
        """The line under the chart, in the reader's language, with the codebook's numbers."""
        return _(self.why).format(**_WHY_NUMBERS)


_DEFAULTS = PatternSettings()
_WHY_NUMBERS = {"timely": f"{_DEFAULTS.timely_redirect_s:.0f}", "small": f"{100 * _DEFAULTS.small_leader_share:.0f}",
                "near_zero": f"{_DEFAULTS.presenter_discussion_near_zero_s:.0f}", "silence": f"{_DEFAULTS.silence_s:.0f}"}
MEASURES = (
    Measure("duration_min", N_("Length"), N_("length"), "min", "", None, N_("how long the session ran")),
    Measure("flagged_episodes", N_("Flagged episodes"), N_("flagged"), "", "lower", (0, 0),
            N_("runs of questions to the presenter outside the clarifying phase (codebook: none)")),
    Measure("episodes", N_("All episodes"), N_("episodes"), "", "", None,
            N_("runs of ≥ 3 questions to the presenter, flagged or not")),
    Measure("median_latency_s", N_("Protection latency (median)"), N_("latency"), "s", "lower",
            (0, _DEFAULTS.timely_redirect_s),
            N_("from an episode's second question to the leader's redirect (timely: ≤ {timely} s)"), step=5.0),
    Measure("invitations", N_("Invitations in the discussion"), N_("invitations"), "", "higher", None,
            N_("the leader asking the group for images, feelings, or a quiet member in (docs/leader-moves.md)")),
    Measure("own_contributions", N_("The leader's own contributions"), N_("own"), "", "", None,
            N_("speculations and feelings the leader offered: modelling helps, holding back leaves the group room")),
    Measure("leader_share", N_("Leader talk share"), N_("leader talk"), "%", "lower",
            (0, 100 * _DEFAULTS.small_leader_share), N_("the leader's share of all talk (small: ≤ {small} %)"), step=3.0),
    Measure("presenter_discussion_s", N_("Presenter talk in the discussion"), N_("presenter (disc.)"), "s", "lower",
            (0, _DEFAULTS.presenter_discussion_near_zero_s),
            N_("while pushed back the presenter listens (near zero: ≤ {near_zero} s)"), step=5.0),
    Measure("speculation_share", N_("Speculation in the discussion"), N_("speculation"), "%", "higher", None,
            N_("share of discussion units that speculate about patient, doctor or relationship"), step=3.0),
    Measure("feeling_share", N_("Members' feelings in the discussion"), N_("feelings"), "%", "higher", None,
            N_("share of discussion units voicing the speaker's own feeling"), step=3.0),
    Measure("advice", N_("Advice given"), N_("advice"), "", "lower", (0, 0),
            N_("advice to the presenter, question-form included (codebook: none)")),
    Measure("silences", N_("Silences tolerated"), N_("silences"), "", "", None,
            N_("silences of ≥ {silence} s: holding a silence is a skill, not a defect")),
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
    invitations: int | None  # None: no discussion phase, or no leader's moves (a session from before schema 2.5)
    own_contributions: int | None
    leader_share: float  # percent
    presenter_discussion_s: float | None
    speculation_share: float | None  # percent of discussion units
    feeling_share: float | None
    advice: int
    silences: int
    reported_in: str = "en"  # the language its reports are written in

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

    def usual_language(self) -> str:
        """The language most of the sessions were reported in (English on a tie): the history's own, by default."""
        counts = Counter(row.reported_in for row in self.rows)
        return max(sorted(counts), key=lambda language: (counts[language], language == "en"), default="en")

    def to_dict(self) -> dict:
        """The history as plain data, every text shown without control characters (as every output is)."""
        return _printable({"schema": HISTORY_SCHEMA, "measures": [{**asdict(m), "why": m.explained()} for m in MEASURES],
                           "series": [{"group": group, "leader_name": leader, "sessions": [asdict(r) for r in rows]}
                                      for (group, leader), rows in series(self.rows)],
                           "skipped": [asdict(s) for s in self.skipped]})


def _printable(value):
    if isinstance(value, str):
        return displayable(value)
    if isinstance(value, dict):
        return {k: _printable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_printable(v) for v in value]
    return value


def session_files(folders: Iterable[Path]) -> list[Path]:
    """Every session.json under the folders (a session.json itself may be given too); links to folders are
    not followed."""
    found: set[Path] = set()
    for folder in folders:
        if folder.is_file():
            found.add(folder)
        elif folder.is_dir():
            found.update(folder.rglob(SESSION_FILE))
        else:
            raise BalintError(f"{folder}: no such folder")
    return sorted(found)


def row_of(analysis: SessionAnalysis | SessionSummary, path: Path) -> SessionRow:
    """The measures of one session, read from its own metrics and episodes."""
    metrics = analysis.metrics
    discussion = [p for p in metrics.per_phase if p.phase == "discussion"]
    latencies = [e.leader_latency_s for e in analysis.episodes if e.leader_latency_s is not None]
    presenter = [p.presenter_talk_s for p in discussion if p.presenter_talk_s is not None]
    report = path.parent / REPORT_FILES["leader"]

    def share(label) -> float | None:
        value = metrics.discussion_share(label)
        return None if value is None else round(100 * value, 1)

    return SessionRow(
        path=str(path), report=str(report) if report.is_file() else None,
        group=analysis.meta.group or NO_GROUP, leader_name=analysis.meta.leader_name or NO_LEADER,
        date=analysis.meta.date, case=analysis.meta.case,
        duration_min=round(analysis.duration_s / 60, 1),
        episodes=metrics.episodes.total, flagged_episodes=metrics.episodes.flagged,
        median_latency_s=round(statistics.median(latencies), 1) if latencies else None,
        invitations=metrics.leader.invitations_in_discussion if metrics.leader else None,
        own_contributions=metrics.leader.own_contributions if metrics.leader else None,
        leader_share=round(100 * metrics.talk_time_s.leader_share, 1),
        presenter_discussion_s=round(sum(presenter), 1) if presenter else None,
        speculation_share=share("SPECULATION"), feeling_share=share("FEELING"),
        advice=len(metrics.advice), silences=len(metrics.silences), reported_in=report_language_for(analysis.reported_in))


def collect(folders: Iterable[Path], group: str | None = None, leader_name: str | None = None,
            since: str | None = None, until: str | None = None, progress: Progress = no_progress) -> History:
    """The sessions under the folders that pass the filters; unreadable files are skipped with their reason.
    A date filter leaves out sessions without a date (their place in time is unknown)."""
    from balint.analysis.report.session_json import read_session_summary

    history = History()
    paths = session_files(folders)
    for number, path in enumerate(paths, 1):
        progress("history", number, len(paths))
        try:
            row = row_of(read_session_summary(path), path)
        except BalintError as error:
            reason = str(error).removeprefix(f"{path}: ").removeprefix(f"{path} ").removeprefix("is ")
            history.skipped.append(Skipped(str(path), reason))
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
    """What changed over the last `window` sessions, improvements first, in words meant to encourage. A rise
    or dip in the middle that came back is named too: the ends alone would call it steady."""
    recent = rows[-window:]
    if len(recent) < 2:
        return [_("One session so far: the trends start with the next one.")]
    span = _("over the last {n} sessions").format(n=len(recent))
    better: list[str] = []
    watch: list[str] = []
    for measure in MEASURES:
        if not measure.better:
            continue
        dated = [(r.date, v) for r, v in ((r, r.value(measure)) for r in recent) if v is not None]
        if len(dated) < 2:
            continue
        first, last = dated[0][1], dated[-1][1]
        name = measure.named()
        if abs(last - first) >= measure.step:
            improved = (last < first) == (measure.better == "lower")
            moved = _("{name} fell from {first} to {last} {span}") if last < first else \
                _("{name} rose from {first} to {last} {span}")
            sentence = moved.format(name=name, first=shown(first, measure), last=shown(last, measure), span=span)
            if improved and measure.reference and measure.reference[0] <= last <= measure.reference[1]:
                sentence += _(", now within the codebook's range ({range})").format(range=_range(measure))
            (better if improved else watch).append(sentence)
            continue
        middle = dated[1:-1]
        peak = max(middle, key=lambda d: d[1], default=None)
        dip = min(middle, key=lambda d: d[1], default=None)
        if peak and peak[1] - max(first, last) >= measure.step:
            rose, date, value = True, peak[0], peak[1]
        elif dip and min(first, last) - dip[1] >= measure.step:
            rose, date, value = False, dip[0], dip[1]
        else:
            continue
        went = _("{name} rose from {first} to {value}{when} and came back to {last} {span}") if rose else \
            _("{name} dipped from {first} to {value}{when} and came back to {last} {span}")
        sentence = went.format(name=name, first=shown(first, measure), value=shown(value, measure), last=shown(last, measure),
                               when=_(" on {date}").format(date=date) if date else "", span=span)
        (watch if rose == (measure.better == "lower") else better).append(sentence)
    lines = [_capital(s) + "." for s in better]
    lines += [_("Worth watching: {change}.").format(change=s) for s in watch]
    return lines or [_("The measures held steady {span}.").format(span=span)]


def _range(measure: Measure) -> str:
    high = (measure.reference or (0, 0))[1]
    return _("none") if high == 0 else _("up to {value}").format(value=shown(high, measure))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class ForgetPlan:
    """What forgetting one session will delete: balint's own files in its folder, and the folder if that
    leaves it empty. Made before anything is deleted, so it can be shown, confirmed or refused first."""

    folder: Path
    files: list[Path]
    remove_folder: bool

    def describe(self) -> str:
        names = ", ".join(p.name for p in self.files)
        return f"{displayable(self.folder)}: {names}{' and the folder' if self.remove_folder else ''}"


def plan_forget(path: Path) -> ForgetPlan:
    """The plan for a session's folder (or its session.json). A path that is, or passes through, a symbolic
    link is refused: deleting must never reach outside the folder the user named."""
    given = Path(path)
    folder = given.parent if given.name == SESSION_FILE and not given.is_dir() else given
    folder = Path(os.path.abspath(folder))  # "." and relative paths: the folder itself, by its full name
    _refuse_links(folder)
    if not folder.is_dir():
        raise BalintError(f"{displayable(folder)}: no such folder")
    if not (folder / SESSION_FILE).is_file() or (folder / SESSION_FILE).is_symlink():
        raise BalintError(f"{displayable(folder)}: no session.json here, so nothing of balint's to forget")
    ours = [SESSION_FILE, *REPORT_FILES.values(), *EXPORT_FILES.values()]
    files = [folder / n for n in ours if (folder / n).is_file() and not (folder / n).is_symlink()]
    others = [p for p in folder.iterdir() if p not in files]
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BalintError(f"{displayable(folder)} is read-only for you: nothing was deleted")
    return ForgetPlan(folder, files, remove_folder=not others)


def _refuse_links(folder: Path) -> None:
    if os.path.realpath(folder) == str(folder):
        return
    linked = next((p for p in (*reversed(folder.parents), folder) if p.is_symlink()), None)
    where = (f"{displayable(folder)} is a symbolic link" if linked == folder else
             f"{displayable(folder)} passes through the symbolic link {displayable(linked)}" if linked else
             f"{displayable(folder)} passes through a link")
    raise BalintError(f"{where}; balint deletes only in the folder itself: give its real path "
                      f"({displayable(os.path.realpath(folder))}) if that is the session you mean")


def carry_out(plan: ForgetPlan, deleted: Callable[[Path], None]) -> None:
    """Delete what the plan lists, calling `deleted` after each file (and the folder), so that a failure part-way
    still leaves an account of what went. Files are unlinked inside the folder opened without following links."""
    folder = os.open(plan.folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        for file in plan.files:
            os.unlink(file.name, dir_fd=folder)
            deleted(file)
    finally:
        os.close(folder)
    if plan.remove_folder and not any(plan.folder.iterdir()):
        os.rmdir(plan.folder)
        deleted(plan.folder)

