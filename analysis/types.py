"""One vocabulary from capture to report: every stage takes and returns these records.

`SessionAnalysis.from_dict` is the one door for a session.json coming back in (`balint report`):
it checks every field against the types declared here, so a bad or hostile file gets one line
naming the field, never a crash further down and never a value the views did not expect.
"""

from __future__ import annotations

import functools
import math
import re
import time
import types
import typing
from collections.abc import Callable
from dataclasses import MISSING, asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Protocol, TypeVar, Union, get_args, get_origin

from balint.models.catalog import ModelInfo

# 2.5: `metrics.leader` (the leader's talk by move, the moves that opened and held each phase), the `teaching` move,
# `language_probability` (the language heard, not given), `report_language`;
# 2.4: `leader_moves`, an episode's `redirect_unit`; 2.3: `redirected` null without a leader; 2.2: `rising_pitch`,
# `language`; 2.1: `meta`
SCHEMA_VERSION = "2.5"
READABLE_SCHEMAS = ("1", "2")  # 1.x files are read; their metrics are recomputed on re-rendering
MAX_SPEAKERS = 20  # a Balint group is 6–12 members and one or two leaders; more is a typo, not a group
#: who-spoke-when: overlap-aware (real rooms, the default), embedded GE2E (fast; synthetic voices), pyannote.audio
Backend = Literal["overlap", "embedded", "pyannote"]
BACKENDS: tuple[Backend, ...] = get_args(Backend)
Audience = Literal["leader", "group"]  # the leader's full report, or the group's, which names no one
MAX_SESSION_S = 24 * 3600.0  # no session is longer; larger times are a wrong file (milliseconds, say)
MAX_COUNT = 2**53  # counts and byte sizes: a JSON number that still is an exact whole number


@dataclass(frozen=True)
class Within:
    """The range a number read from session.json must lie in (`Annotated[float, Within(0, 1)]`)."""

    low: float
    high: float


#: A share, probability or confidence. Every other number in session.json is a count (0 … MAX_COUNT) or seconds
#: (0 … MAX_SESSION_S): nothing balint writes is negative, so nothing negative or huge is read back.
Fraction = Annotated[float, Within(0.0, 1.0)]
SECONDS, COUNT = Within(0.0, MAX_SESSION_S), Within(0, MAX_COUNT)

Label = Literal["QUESTION", "SPECULATION", "FEELING", "ADVICE", "OTHER"]
LABELS: tuple[str, ...] = get_args(Label)
Flag = Literal["closed", "open", "why_challenge", "fact_seeking", "question_form"]
RoleName = Literal["leader", "presenter", "member"]
PhaseName = Literal["call_for_case", "presentation", "clarifying", "discussion", "presenter_returns", "closing"]
#: the leader's moves (docs/leader-moves.md)
MoveName = Literal["framing", "protecting", "relationship", "inviting", "redirecting_advice", "bringing_back", "closing",
                   "own_contribution", "questioning_presenter", "teaching"]
MOVES: tuple[str, ...] = get_args(MoveName)
#: a move, or "none" for the leader's talk that makes none
TalkMove = Literal[MoveName, "none"]
PhaseSource = Literal["mark", "inferred"]
OBSERVATION_KIND = re.compile(r"[a-z]+|episode-[0-9]+")  # "episode-N" links to that episode in the report


class BalintError(Exception):
    """An expected failure (bad input, missing model, …): the CLI prints it as one line and exits non-zero."""


#: The stages, in pipeline order: one vocabulary for progress bars, timings and benchmarks.
Stage = Literal["load", "language", "transcribe", "diarize", "prosody", "align", "classify", "roles", "phases", "patterns"]
STAGES: tuple[str, ...] = get_args(Stage)


class Progress(Protocol):
    """One progress protocol for every stage: the CLI draws bars, tests count calls, benchmarks time."""

    def __call__(self, stage: str, completed: float, total: float) -> None: ...


def no_progress(stage: str, completed: float, total: float) -> None:
    """The default progress sink: stages report, nobody listens."""


R = TypeVar("R")


class StageClock:
    """Runs a stage through the progress protocol and adds up its seconds (a stage may run many times while
    recording). `timings` is what session.json records; the same calls drive the bars."""

    def __init__(self, progress: Progress = no_progress):
        self.progress = progress
        self.timings: dict[str, float] = {}

    def run(self, stage: Stage, work: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        self.progress(stage, 0, 1)
        began = time.perf_counter()
        result = work(*args, **kwargs)
        self.timings[stage] = round(self.timings.get(stage, 0.0) + time.perf_counter() - began, 3)
        self.progress(stage, 1, 1)
        return result


def session_uri(source: str) -> str:
    """The file id used in RTTM and reports: the source's stem."""
    return Path(source).stem or "session"


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str
    p: Fraction  # recogniser's probability for the word


@dataclass(frozen=True)
class Turn:
    """One stretch of one speaker's talk, as in an RTTM line."""

    speaker: str
    start: float
    end: float


@dataclass
class Unit:
    """One sentence-like stretch of one speaker's talk: what the classifier labels."""

    id: int
    speaker: str
    start: float
    end: float
    text: str
    words: list[Word] = field(default_factory=list)
    role: RoleName | None = None
    label: Label | None = None
    flags: list[Flag] = field(default_factory=list)
    confidence: Fraction | None = None
    cues: list[str] = field(default_factory=list)
    rising_pitch: bool | None = None  # measured from the audio (None: no audio, or too little voicing to tell)


@dataclass
class SpeakerRole:
    """Who a diarised speaker is in the group, and how sure we are."""

    speaker: str  # "" when the role was looked for and not found
    role: RoleName
    name: str  # what reports show: "Leader", "Presenter", "Member A", …
    how: str  # "given", "inferred: …"
    confidence: Fraction


@dataclass
class Observation:
    """One plain-language remark for the leader, tied to a stretch of the session."""

    start: float
    end: float
    text: str
    kind: str  # "interrogation", "advice", "speculation", "balance", "silence", "phases", "episode-N", …


@dataclass
class Phase:
    name: PhaseName
    start: float
    end: float
    source: PhaseSource  # "mark" (set by the leader while recording) or "inferred"


@dataclass
class Episode:
    kind: Literal["interrogation"]
    start: float
    end: float
    unit_ids: list[int]
    askers: list[str]  # speaker ids, in order of their first question
    leader_latency_s: float | None
    redirected: bool | None  # None: no leader was identified, so whether anyone redirected is unknown
    flagged: bool = False
    reason: str = ""
    redirect_unit: int | None = None  # the leader's unit that redirected (its move is in `leader_moves`)


@dataclass
class LeaderMove:
    """One leader unit's move, and the words that showed it."""

    unit_id: int
    start: float
    move: MoveName
    cue: str


@dataclass
class TalkTime:
    per_person: dict[str, float] = field(default_factory=dict)  # speaker → seconds, most first
    per_role: dict[str, float] = field(default_factory=dict)
    leader_share: Fraction = 0.0


@dataclass
class PhaseMetrics:
    """The numbers of one phase; one entry per phase, so two cases in a session keep their own."""

    phase: PhaseName
    start: float
    end: float
    units: int
    labels: dict[str, int]
    speculation_share: Fraction
    feeling_share: Fraction
    speculation_or_feeling_contributors: int
    members_speaking: int
    presenter_talk_s: float | None


@dataclass
class PresenterQuestions:
    total: int = 0
    by_phase: dict[str, int] = field(default_factory=dict)
    by_asker: dict[str, int] = field(default_factory=dict)
    closed: int = 0
    open: int = 0
    why_challenge: int = 0
    fact_seeking: int = 0
    unit_ids: list[int] = field(default_factory=list)


@dataclass
class AdviceMoment:
    unit_id: int
    speaker: str
    start: float
    question_form: bool


@dataclass
class Silence:
    start: float
    end: float


@dataclass
class EpisodeCounts:
    total: int = 0
    flagged: int = 0


@dataclass
class RecordingStats:
    """How a live recording went: what the report says about capture."""

    participants_consented: int
    stop_reason: str
    seconds_captured: float
    seconds_elapsed: float
    input_overflows: int
    dropped_s: float
    chunks_sealed: int
    stop_to_analysis_s: float


@dataclass
class PhaseMoves:
    """The leader's moves in one phase: those that opened it (around its start) and those that held it after."""

    phase: PhaseName
    start: float
    opened_by: list[MoveName] = field(default_factory=list)
    held_by: dict[MoveName, int] = field(default_factory=dict)  # move → how often, in the order first made
    first_unit: int | None = None  # the unit of its first opening move, else of its first holding one


@dataclass
class LeaderMetrics:
    """What the leader's talk did, for supervision and the trend report: never a score."""

    talk_s: float = 0.0
    talk_s_by_move: dict[TalkMove, float] = field(default_factory=dict)  # move, or "none" for talk making no move → s
    per_phase: list[PhaseMoves] = field(default_factory=list)
    invitations_in_discussion: int | None = None  # None where no discussion phase was recognised
    own_contributions: int = 0

    def share(self, move: TalkMove) -> float | None:
        """The share (0–1) of the leader's talk that made this move; None where the leader said nothing."""
        return self.talk_s_by_move.get(move, 0.0) / self.talk_s if self.talk_s else None


@dataclass
class SessionMetrics:
    speech_s: float = 0.0
    words: int = 0
    talk_time_s: TalkTime = field(default_factory=TalkTime)
    per_phase: list[PhaseMetrics] = field(default_factory=list)
    questions_to_presenter: PresenterQuestions = field(default_factory=PresenterQuestions)
    advice: list[AdviceMoment] = field(default_factory=list)
    silences: list[Silence] = field(default_factory=list)
    episodes: EpisodeCounts = field(default_factory=EpisodeCounts)
    recording: RecordingStats | None = None
    leader: LeaderMetrics | None = None  # None where no leader was identified (or a session from before 2.5)

    def discussion_share(self, label: Literal["SPECULATION", "FEELING"]) -> float | None:
        """The share (0–1) of the discussion's units with this label, over all its phases weighted by their
        units; None where no discussion was recognised."""
        discussion = [p for p in self.per_phase if p.phase == "discussion"]
        units = sum(p.units for p in discussion)
        if not units:
            return None
        share = (lambda p: p.speculation_share) if label == "SPECULATION" else (lambda p: p.feeling_share)
        return sum(share(p) * p.units for p in discussion) / units


@dataclass
class DeletionReceipt:
    """What was actually destroyed, stated by the code that did it (never assumed)."""

    deleted_at: str
    what: str  # "recording chunks" or "source file"
    path: str
    bytes: int
    how: str
    chunks: int = 0
    key_wiped: bool = False  # the chunk key's only buffer was overwritten with zeros and checked
    folder_removed: bool = False


@dataclass
class SessionMeta:
    """What the user says the session was (never inferred from speech): the supervision history groups
    sessions by group and leader and orders them by date."""

    group: str | None = None
    leader_name: str | None = None
    date: str | None = None  # YYYY-MM-DD
    case: str | None = None

    def __post_init__(self) -> None:
        if self.date is not None:
            check_date(self.date, "meta.date")


def check_date(text: str, where: str) -> str:
    """A calendar date written YYYY-MM-DD, or one BalintError line."""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        time.strptime(text, "%Y-%m-%d")
    except ValueError:
        raise BalintError(f"{where} should be a date written YYYY-MM-DD, not {_show(text)}") from None
    return text


@dataclass
class SessionAnalysis:
    source: dict[str, Any]
    duration_s: float
    speakers: list[str]
    turns: list[Turn]
    units: list[Unit]
    models: list[ModelInfo]
    settings: dict[str, Any]
    timings_s: dict[str, float]
    roles: list[SpeakerRole] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
    leader_moves: list[LeaderMove] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    metrics: SessionMetrics = field(default_factory=SessionMetrics)
    deletion_receipt: DeletionReceipt | None = None
    meta: SessionMeta = field(default_factory=SessionMeta)
    language: str = "en"  # of the speech, and so of the classifier's cues and training data
    language_probability: Fraction | None = None  # how sure the multilingual model was, where it heard the language
    report_language: str | None = None  # the reports' language where the user chose one (--report-language)

    @property
    def reported_in(self) -> str:
        """The language the reports are written in: the one chosen, else the session's own."""
        return self.report_language or self.language
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def speaker_name(self, speaker: str) -> str:
        """What every output calls a speaker: its role's name ("Leader", "Member A"), else its id."""
        return next((r.name for r in self.roles if r.speaker == speaker), speaker)

    @classmethod
    def from_dict(cls, data: Any) -> SessionAnalysis:
        """A checked SessionAnalysis: types, vocabularies and time ranges; BalintError names the first bad field."""
        analysis = from_plain(cls, _as_current_schema(data), "session")
        _check_times(analysis)
        return analysis


@dataclass
class SessionSummary:
    """The parts of a session.json the supervision history reads (not the units, turns or words, which are most of
    a file): checked exactly as `SessionAnalysis.from_dict` checks them, at a tenth of the cost."""

    duration_s: float
    metrics: SessionMetrics = field(default_factory=SessionMetrics)
    episodes: list[Episode] = field(default_factory=list)
    meta: SessionMeta = field(default_factory=SessionMeta)
    language: str = "en"
    report_language: str | None = None

    @property
    def reported_in(self) -> str:
        return self.report_language or self.language

    @classmethod
    def from_dict(cls, data: Any) -> SessionSummary:
        current = _as_current_schema(data)
        summary = from_plain(cls, {f.name: current[f.name] for f in fields(cls) if f.name in current}, "session")
        for i, episode in enumerate(summary.episodes):
            if episode.end < episode.start:
                raise BalintError(f"session.json: episodes[{i}] ends ({episode.end}) before it starts ({episode.start})")
        return summary


def _as_current_schema(data: Any) -> dict[str, Any]:
    """A session.json's object as this version reads it; BalintError for what is not one."""
    if not isinstance(data, dict):
        raise BalintError("session.json does not hold a JSON object")
    version = str(data.get("schema_version", ""))
    if version.split(".")[0] not in READABLE_SCHEMAS:
        raise BalintError(f"session.json has schema {version!r}; this balint reads {', '.join(READABLE_SCHEMAS)}.x")
    if version.split(".")[0] == "1":  # per-phase metrics were keyed by name; recomputed when re-rendered
        old = data.get("metrics")
        old = old if isinstance(old, dict) else {}
        data = {**data, "metrics": {k: old[k] for k in ("speech_s", "words") if k in old}, "deletion_receipt": None}
    return {**data, "schema_version": SCHEMA_VERSION}  # read as the current one


T = TypeVar("T")


def from_plain(kind: type[T], value: Any, where: str) -> T:
    """`value` (parsed JSON) as an instance of the annotated type `kind`, checked all the way down."""
    return _convert(kind, value, where)


@functools.cache
def _field_hints(kind: type) -> dict[str, Any]:
    """A dataclass's resolved annotations, once per class: resolving them is what a long history spent its time on."""
    return typing.get_type_hints(kind, include_extras=True)


def _convert(hint: Any, value: Any, where: str) -> Any:
    origin = get_origin(hint)
    if hint is Any:
        return value
    if origin is Annotated:
        kind, *extras = get_args(hint)
        return _convert_number(kind, value, where, next(e for e in extras if isinstance(e, Within)))
    if origin in (Union, types.UnionType):
        options = get_args(hint)
        if value is None and type(None) in options:
            return None
        kinds = [o for o in options if o is not type(None)]
        if len(kinds) == 1:
            return _convert(kinds[0], value, where)
        raise TypeError(f"unsupported union at {where}")  # a programming error, not bad input
    if origin is Literal:
        if value not in get_args(hint):
            raise BalintError(f"session.json: {where} is {_show(value)}, not one of {', '.join(map(str, get_args(hint)))}")
        return value
    if origin is list:
        _expect(isinstance(value, list), where, "a list", value)
        (item,) = get_args(hint)
        return [_convert(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is tuple:
        items = get_args(hint)
        _expect(isinstance(value, list) and len(value) == len(items), where, f"a list of {len(items)}", value)
        return tuple(_convert(item, v, f"{where}[{i}]") for i, (item, v) in enumerate(zip(items, value)))
    if origin is dict:
        _expect(isinstance(value, dict), where, "an object", value)
        key, item = get_args(hint)
        keys = get_args(key) if get_origin(key) is Literal else ()  # a closed vocabulary keys it: each key checked
        for k in value if keys else ():
            if k not in keys:
                raise BalintError(f"session.json: {where} has the key {_show(k)}, not one of {', '.join(keys)}")
        return {str(k): _convert(item, v, f"{where}.{k}") for k, v in value.items()}
    if is_dataclass(hint):
        _expect(isinstance(value, dict), where, "an object", value)
        hints = _field_hints(typing.cast(type, hint))
        given = {}
        for spec in fields(hint):
            if spec.name in value:
                given[spec.name] = _convert(hints[spec.name], value[spec.name], f"{where}.{spec.name}")
            elif spec.default is MISSING and spec.default_factory is MISSING:
                raise BalintError(f"session.json: {where}.{spec.name} is missing")
        return typing.cast(Any, hint)(**given)
    if hint is float:
        return _convert_number(float, value, where, SECONDS)
    if hint is int:
        return _convert_number(int, value, where, COUNT)
    if hint in (str, bool):
        _expect(isinstance(value, hint), where, f"a {hint.__name__}", value)
        return value
    raise TypeError(f"unsupported type {hint!r} at {where}")


def _convert_number(kind: type, value: Any, where: str, within: Within) -> float | int:
    """A finite number of the kind asked for, inside its range: what every view can draw and divide by."""
    if kind is int:
        _expect(isinstance(value, int) and not isinstance(value, bool), where, "a whole number", value)
    else:
        _expect(isinstance(value, (int, float)) and not isinstance(value, bool), where, "a number", value)
        _expect(math.isfinite(value), where, "a finite number", value)
    _expect(within.low <= value <= within.high, where, f"a number from {within.low:g} to {within.high:g}", value)
    return kind(value)


def _expect(ok: bool, where: str, wanted: str, value: Any) -> None:
    if not ok:
        raise BalintError(f"session.json: {where} should be {wanted}, not {_show(value)}")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _check_times(analysis: SessionAnalysis) -> None:
    """Every stretch ends after it starts (each time is already within a session's possible length)."""
    stretches = [(f"units[{i}]", u) for i, u in enumerate(analysis.units)] + \
                [(f"turns[{i}]", t) for i, t in enumerate(analysis.turns)] + \
                [(f"phases[{i}]", p) for i, p in enumerate(analysis.phases)] + \
                [(f"episodes[{i}]", e) for i, e in enumerate(analysis.episodes)] + \
                [(f"observations[{i}]", o) for i, o in enumerate(analysis.observations)]
    for where, item in stretches:
        if item.end < item.start:
            raise BalintError(f"session.json: {where} ends ({item.end}) before it starts ({item.start})")
    for i, observation in enumerate(analysis.observations):
        if not OBSERVATION_KIND.fullmatch(observation.kind):
            raise BalintError(f"session.json: observations[{i}].kind is {_show(observation.kind)}, not a kind balint writes")
