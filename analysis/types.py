"""One vocabulary from capture to report: every stage takes and returns these records."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from models.catalog import ModelInfo

SCHEMA_VERSION = "1.0"


class BalintError(Exception):
    """An expected failure (bad input, missing model, …): the CLI prints it as one line and exits non-zero."""


class Progress(Protocol):
    """One progress protocol for every stage: the CLI draws bars, tests count calls, benchmarks time."""

    def __call__(self, stage: str, completed: float, total: float) -> None: ...


def no_progress(stage: str, completed: float, total: float) -> None:
    """The default progress sink: stages report, nobody listens."""


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
    role: str | None = None
    label: str | None = None
    flags: list[str] = field(default_factory=list)
    confidence: float | None = None
    cues: list[str] = field(default_factory=list)


@dataclass
class SpeakerRole:
    """Who a diarised speaker is in the group, and how sure we are."""

    speaker: str
    role: str  # "leader", "presenter" or "member"
    name: str  # what reports show: "Leader", "Presenter", "Member A", …
    how: str  # "given", "inferred: …"
    confidence: float


@dataclass
class Observation:
    """One plain-language remark for the leader, tied to a stretch of the session."""

    start: float
    end: float
    text: str
    kind: str  # "interrogation", "advice", "speculation", "balance", "silence", "phases", …


@dataclass
class Phase:
    name: str
    start: float
    end: float
    source: str  # "mark" (set by the leader while recording) or "inferred"


@dataclass
class Episode:
    kind: str
    start: float
    end: float
    unit_ids: list[int]
    askers: list[str]  # speaker ids, in order of their first question
    leader_latency_s: float | None
    redirected: bool
    flagged: bool = False
    reason: str = ""


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
    metrics: dict[str, Any] = field(default_factory=dict)
    deletion_receipt: dict[str, Any] | None = None
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SessionAnalysis":
        if str(data.get("schema_version", "")).split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise BalintError(f"session.json has schema {data.get('schema_version')!r}; this balint reads {SCHEMA_VERSION}")
        units = [Unit(**{**u, "words": [Word(**w) for w in u.get("words", [])]}) for u in data["units"]]
        return cls(
            **{
                **data,
                "turns": [Turn(**t) for t in data["turns"]],
                "units": units,
                "models": [ModelInfo(**m) for m in data["models"]],
                "roles": [SpeakerRole(**r) for r in data.get("roles", [])],
                "observations": [Observation(**o) for o in data.get("observations", [])],
                "phases": [Phase(**p) for p in data.get("phases", [])],
                "episodes": [Episode(**e) for e in data.get("episodes", [])],
            }
        )
