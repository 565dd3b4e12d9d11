"""The one place that lists the stages in order: audio → words → who spoke when → units → SessionAnalysis."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from pyannote.core import Annotation, Segment

from analysis.align import AlignOptions, units_from_words
from analysis.asr import TranscribeOptions, Transcript, transcribe
from analysis.audio import Audio, check_has_sound, load_audio
from analysis.classify import classify_units
from analysis.diarize import DiarizeOptions, embed_speech, turns_of, who_spoke
from analysis.feedback import observations
from analysis.patterns import PatternSettings, interrogation_episodes, questions_to_presenter, session_metrics
from analysis.phases import infer_phases, phases_from_marks
from analysis.roles import assign_roles
from analysis.transcript import read_transcript
from analysis.types import (
    BalintError, PhaseName, Progress, RoleName, SessionAnalysis, SessionMetrics, Turn, no_progress, session_uri,
)
from models.catalog import (
    EMBEDDED_SPEECH_MODEL, ModelNotFound, question_model_info, resolve_speech_model, speaker_encoder_info, vad_info,
)


@dataclass(frozen=True)
class AnalysisSettings:
    model: str = EMBEDDED_SPEECH_MODEL
    backend: str = "embedded"  # or "pyannote": the optional pyannote.audio pipeline
    pyannote: str | None = None  # its local directory (or a hub id already fetched)
    transcribe: TranscribeOptions = field(default_factory=TranscribeOptions)
    diarize: DiarizeOptions = field(default_factory=DiarizeOptions)
    align: AlignOptions = field(default_factory=AlignOptions)
    patterns: PatternSettings = field(default_factory=PatternSettings)


@dataclass(frozen=True)
class Known:
    """What the user told us: roles, and phase marks set while recording."""

    leader: str | None = None
    presenter: str | None = None
    roles: dict[str, RoleName] = field(default_factory=dict)
    marks: list[tuple[PhaseName, float]] = field(default_factory=list)

    def renamed(self, mapping: dict[str, str]) -> Known:
        """The same knowledge after speakers were re-assigned (OLD → NEW)."""
        rename = lambda speaker: mapping.get(speaker, speaker) if speaker else speaker  # noqa: E731
        return Known(rename(self.leader), rename(self.presenter),
                     {rename(s): r for s, r in self.roles.items()}, list(self.marks))


class Stopwatch:
    """Seconds per stage, summed when a stage runs several times (as while recording)."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    def run(self, stage: str, fn, *args, **kwargs):
        began = time.perf_counter()
        result = fn(*args, **kwargs)
        self.timings[stage] = round(self.timings.get(stage, 0.0) + time.perf_counter() - began, 3)
        return result


def analyse_file(path: str | Path, settings: AnalysisSettings = AnalysisSettings(),
                 progress: Progress = no_progress, known: Known = Known()) -> SessionAnalysis:
    watch = Stopwatch()
    progress("load", 0, 1)
    audio = watch.run("load", load_audio, path)
    check_has_sound(audio)
    progress("load", 1, 1)
    return analyse_audio(audio, settings, progress, watch, known)


def analyse_audio(audio: Audio, settings: AnalysisSettings = AnalysisSettings(), progress: Progress = no_progress,
                  watch: Stopwatch | None = None, known: Known = Known()) -> SessionAnalysis:
    watch = watch or Stopwatch()
    model_info = speech_model(settings)
    transcript = watch.run("transcribe", transcribe, audio, model_info, settings.transcribe, progress)
    if settings.backend == "pyannote":
        who = watch.run("diarize", diarize_with_pyannote, audio, settings, progress)
    else:
        windows = watch.run("embed", embed_speech, audio, settings.diarize, progress)
        who = watch.run("cluster", who_spoke, windows, settings.diarize, session_uri(audio.source))
    return assemble(transcript, who, audio.duration_s, {"path": str(audio.source), "name": Path(audio.source).name},
                    settings, known, progress, watch)


def diarize_with_pyannote(audio: Audio, settings: AnalysisSettings, progress: Progress = no_progress) -> Annotation:
    from analysis.diarize_pyannote import diarize_pyannote

    if not settings.pyannote:
        raise BalintError("--backend pyannote needs --pyannote PATH_OR_ID: a pipeline directory (config.yaml with "
                          "segmentation/, embedding/, plda/) or a hub id fetched with 'balint models fetch'")
    return diarize_pyannote(audio, settings.pyannote, settings.diarize.speakers, settings.diarize.threads, progress)


def speech_model(settings: AnalysisSettings):
    try:
        return resolve_speech_model(settings.model)
    except ModelNotFound as missing:
        raise BalintError(str(missing)) from None


def assemble(transcript: Transcript, who: Annotation, duration_s: float, source: dict,
             settings: AnalysisSettings, known: Known = Known(), progress: Progress = no_progress,
             watch: Stopwatch | None = None) -> SessionAnalysis:
    """From words and who spoke when (whole-file or gathered while recording) to the full analysis."""
    watch = watch or Stopwatch()
    uri = session_uri(source.get("name", "session"))
    if not transcript.words and not who:
        raise BalintError(f"{source.get('name', 'the recording')}: no speech found in {duration_s:.0f} s of audio")
    if not who:  # the recogniser heard words the diariser's VAD did not: one speaker is all we know
        who = Annotation(uri=uri)
        who[Segment(transcript.words[0].start, transcript.words[-1].end)] = "SPEAKER_00"
    units = watch.run("align", units_from_words, transcript.words, who, settings.align)
    progress("align", 1, 1)
    analysis = SessionAnalysis(
        source=source,
        duration_s=round(duration_s, 3),
        speakers=sorted(str(label) for label in who.labels()),
        turns=turns_of(who),
        units=units,
        models=[speech_model(settings), vad_info(), speaker_encoder_info(), question_model_info()],
        settings=asdict(settings),
        timings_s=watch.timings,
        metrics=SessionMetrics(speech_s=round(who.get_timeline().support().duration(), 3), words=len(transcript.words)),
    )
    return interpret(analysis, settings.patterns, known, progress, watch)


def analyse_transcript(path: str | Path, settings: AnalysisSettings = AnalysisSettings(), known: Known = Known(),
                       progress: Progress = no_progress) -> SessionAnalysis:
    """Everything after transcription, for corrected or external transcripts."""
    watch = Stopwatch()
    units, given_roles = watch.run("load", read_transcript, path)
    analysis = SessionAnalysis(
        source={"path": str(path), "name": Path(path).name, "kind": "transcript"},
        duration_s=round(max(u.end for u in units), 3),
        speakers=sorted({u.speaker for u in units}),
        turns=[Turn(u.speaker, u.start, u.end) for u in units],
        units=units, models=[question_model_info()], settings=asdict(settings), timings_s=watch.timings,
        metrics=SessionMetrics(speech_s=round(sum(u.end - u.start for u in units), 3),
                               words=sum(len(u.text.split()) for u in units)),
    )
    return interpret(analysis, settings.patterns, Known(known.leader, known.presenter, {**given_roles, **known.roles},
                                                        known.marks), progress, watch)


def reassign_speakers(analysis: SessionAnalysis, mapping: dict[str, str]) -> SessionAnalysis:
    """Give each OLD speaker's talk to NEW (a speaker the diariser split, or a mix-up); then re-`interpret`."""
    for unit in analysis.units:
        unit.speaker = mapping.get(unit.speaker, unit.speaker)
    analysis.turns = [replace(t, speaker=mapping.get(t.speaker, t.speaker)) for t in analysis.turns]
    analysis.speakers = sorted({u.speaker for u in analysis.units} | {t.speaker for t in analysis.turns})
    return analysis


def interpret(analysis: SessionAnalysis, settings: PatternSettings = PatternSettings(), known: Known = Known(),
              progress: Progress = no_progress, watch: Stopwatch | None = None) -> SessionAnalysis:
    """Labels, roles, phases, episodes, metrics and feedback: re-run on its own when a user corrects speakers."""
    watch = watch or Stopwatch()
    units = analysis.units
    if not analysis.source.get("redacted"):  # a redacted session keeps the labels it was given
        watch.run("classify", classify_units, units)
    progress("classify", 1, 1)
    roles = watch.run("roles", assign_roles, units, known.leader, known.presenter, known.roles)
    names = {r.speaker: r for r in roles if r.speaker}
    for unit in units:
        unit.role = names[unit.speaker].role if unit.speaker in names else None
    session_end = max([analysis.duration_s] + [u.end for u in units])
    phases = phases_from_marks(known.marks, session_end) if known.marks else watch.run("phases", infer_phases, units, roles)
    by_role = {r.role: r.speaker for r in roles if r.speaker}
    asked = watch.run("patterns", questions_to_presenter, units, by_role.get("presenter"), settings)
    episodes = watch.run("patterns", interrogation_episodes, units, asked, by_role.get("leader"), phases, settings)
    metrics = session_metrics(units, roles, phases, episodes, asked, settings, analysis.metrics.speech_s,
                              analysis.metrics.words)
    metrics.recording = analysis.metrics.recording
    analysis.roles, analysis.phases, analysis.episodes, analysis.metrics = roles, phases, episodes, metrics
    analysis.observations = observations(units, roles, phases, episodes, metrics, settings)
    analysis.settings = {**analysis.settings, "patterns": asdict(settings),
                         "known": {"leader": known.leader, "presenter": known.presenter, "roles": known.roles,
                                   "marks": [list(m) for m in known.marks]}}
    analysis.timings_s = {**analysis.timings_s, **watch.timings}
    progress("patterns", 1, 1)
    return analysis
