"""One vocabulary from capture to report: every stage takes and returns these records.

`SessionAnalysis.from_dict` is the one door for a session.json coming back in (`balint report`):
it checks every field against the types declared here, so a bad or hostile file gets one line
naming the field, never a crash further down and never a value the views did not expect.
"""

from __future__ import annotations

import math
import re
import time
import types
import typing
from collections.abc import Callable
from dataclasses import MISSING, asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar, Union, get_args, get_origin

from balint.models.catalog import ModelInfo

SCHEMA_VERSION = "2.2"  # 2.2: units' `rising_pitch` and the session's `language`; 2.1: `meta`; older files read without
READABLE_SCHEMAS = ("1", "2")  # 1.x files are read; their metrics are recomputed on re-rendering
MAX_SPEAKERS = 20  # a Balint group is 6–12 members and one or two leaders; more is a typo, not a group
#: who-spoke-when: overlap-aware (real rooms, the default), embedded GE2E (fast; synthetic voices), pyannote.audio
Backend = Literal["overlap", "embedded", "pyannote"]
BACKENDS: tuple[Backend, ...] = get_args(Backend)
Audience = Literal["leader", "group"]  # the leader's full report, or the group's, which names no one
MAX_SESSION_S = 24 * 3600.0  # no session is longer; larger times are a wrong file (milliseconds, say)

Label = Literal["QUESTION", "SPECULATION", "FEELING", "ADVICE", "OTHER"]
LABELS: tuple[str, ...] = get_args(Label)
Flag = Literal["closed", "open", "why_challenge", "fact_seeking", "question_form"]
RoleName = Literal["leader", "presenter", "member"]
PhaseName = Literal["call_for_case", "presentation", "clarifying", "discussion", "presenter_returns", "closing"]
PhaseSource = Literal["mark", "inferred"]
OBSERVATION_KIND = re.compile(r"[a-z]+|episode-[0-9]+")  # "episode-N" links to that episode in the report


class BalintError(Exception):
    """An expected failure (bad input, missing model, …): the CLI prints it as one line and exits non-zero."""


#: The stages, in pipeline order: one vocabulary for progress bars, timings and benchmarks.
Stage = Literal["load", "transcribe", "diarize", "prosody", "align", "classify", "roles", "phases", "patterns"]
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
    p: float  # recogniser's probability for the word


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
    confidence: float | None = None
    cues: list[str] = field(default_factory=list)
    rising_pitch: bool | None = None  # measured from the audio (None: no audio, or too little voicing to tell)


@dataclass
class SpeakerRole:
    """Who a diarised speaker is in the group, and how sure we are."""

    speaker: str  # "" when the role was looked for and not found
    role: RoleName
    name: str  # what reports show: "Leader", "Presenter", "Member A", …
    how: str  # "given", "inferred: …"
    confidence: float


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
    redirected: bool
    flagged: bool = False
    reason: str = ""


@dataclass
class TalkTime:
    per_person: dict[str, float] = field(default_factory=dict)  # speaker → seconds, most first
    per_role: dict[str, float] = field(default_factory=dict)
    leader_share: float = 0.0


@dataclass
class PhaseMetrics:
    """The numbers of one phase; one entry per phase, so two cases in a session keep their own."""

    phase: PhaseName
    start: float
    end: float
    units: int
    labels: dict[str, int]
    speculation_share: float
    feeling_share: float
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
    observations: list[Observation] = field(default_factory=list)
    metrics: SessionMetrics = field(default_factory=SessionMetrics)
    deletion_receipt: DeletionReceipt | None = None
    meta: SessionMeta = field(default_factory=SessionMeta)
    language: str = "en"  # of the speech, and so of the classifier's cues and training data
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> SessionAnalysis:
        """A checked SessionAnalysis: types, vocabularies and time ranges; BalintError names the first bad field."""
        if not isinstance(data, dict):
            raise BalintError("session.json does not hold a JSON object")
        version = str(data.get("schema_version", ""))
        if version.split(".")[0] not in READABLE_SCHEMAS:
            raise BalintError(f"session.json has schema {version!r}; this balint reads {', '.join(READABLE_SCHEMAS)}.x")
        if version.split(".")[0] == "1":  # per-phase metrics were keyed by name; recomputed when re-rendered
            old = data.get("metrics")
            old = old if isinstance(old, dict) else {}
            data = {**data, "schema_version": SCHEMA_VERSION,
                    "metrics": {k: old[k] for k in ("speech_s", "words") if k in old}, "deletion_receipt": None}
        analysis = from_plain(cls, {**data, "schema_version": SCHEMA_VERSION}, "session")  # read as the current one
        _check_times(analysis)
        return analysis


T = TypeVar("T")


def from_plain(kind: type[T], value: Any, where: str) -> T:
    """`value` (parsed JSON) as an instance of the annotated type `kind`, checked all the way down."""
    return _convert(kind, value, where)


def _convert(hint: Any, value: Any, where: str) -> Any:
    origin = get_origin(hint)
    if hint is Any:
        return value
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
        _, item = get_args(hint)
        return {str(k): _convert(item, v, f"{where}.{k}") for k, v in value.items()}
    if is_dataclass(hint):
        _expect(isinstance(value, dict), where, "an object", value)
        hints = typing.get_type_hints(hint)
        given = {}
        for spec in fields(hint):
            if spec.name in value:
                given[spec.name] = _convert(hints[spec.name], value[spec.name], f"{where}.{spec.name}")
            elif spec.default is MISSING and spec.default_factory is MISSING:
                raise BalintError(f"session.json: {where}.{spec.name} is missing")
        return typing.cast(Any, hint)(**given)
    if hint is float:
        _expect(isinstance(value, (int, float)) and not isinstance(value, bool), where, "a number", value)
        _expect(math.isfinite(value), where, "a finite number", value)
        return float(value)
    if hint is int:
        _expect(isinstance(value, int) and not isinstance(value, bool), where, "a whole number", value)
        return value
    if hint in (str, bool):
        _expect(isinstance(value, hint), where, f"a {hint.__name__}", value)
        return value
    raise TypeError(f"unsupported type {hint!r} at {where}")


def _expect(ok: bool, where: str, wanted: str, value: Any) -> None:
    if not ok:
        raise BalintError(f"session.json: {where} should be {wanted}, not {_show(value)}")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _check_times(analysis: SessionAnalysis) -> None:
    """Every stretch lies within a session's possible length and ends after it starts."""
    _in_range(analysis.duration_s, "duration_s")
    stretches = [(f"units[{i}]", u) for i, u in enumerate(analysis.units)] + \
                [(f"turns[{i}]", t) for i, t in enumerate(analysis.turns)] + \
                [(f"phases[{i}]", p) for i, p in enumerate(analysis.phases)] + \
                [(f"episodes[{i}]", e) for i, e in enumerate(analysis.episodes)] + \
                [(f"observations[{i}]", o) for i, o in enumerate(analysis.observations)]
    for where, item in stretches:
        _in_range(item.start, f"{where}.start")
        _in_range(item.end, f"{where}.end")
        if item.end < item.start:
            raise BalintError(f"session.json: {where} ends ({item.end}) before it starts ({item.start})")
    for i, observation in enumerate(analysis.observations):
        if not OBSERVATION_KIND.fullmatch(observation.kind):
            raise BalintError(f"session.json: observations[{i}].kind is {_show(observation.kind)}, not a kind balint writes")
    for i, unit in enumerate(analysis.units):
        if unit.confidence is not None and not 0 <= unit.confidence <= 1:
            raise BalintError(f"session.json: units[{i}].confidence should lie in 0–1, not {unit.confidence}")


def _in_range(seconds: float, where: str) -> None:
    if not 0 <= seconds <= MAX_SESSION_S:
        raise BalintError(f"session.json: {where} is {seconds:g} s, outside 0–{MAX_SESSION_S:g} s "
                          "(times must be seconds)")
