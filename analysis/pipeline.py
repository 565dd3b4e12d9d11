"""The one place that lists the stages in order: audio → words → who spoke when → units → SessionAnalysis.

speech/ turns audio into words and speaker turns, dynamics/ interprets the units, report/ shows
the result. The backend choice for diarisation is made here and nowhere else (`make_diarizer`).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from pyannote.core import Annotation, Segment

from balint.analysis.dynamics.classify import LANGUAGES, classify_units
from balint.analysis.dynamics.feedback import observations
from balint.analysis.dynamics.leader_moves import NOT_A_REDIRECT, leader_metrics, leader_moves
from balint.analysis.dynamics.patterns import interrogation_episodes, questions_to_presenter, session_metrics
from balint.analysis.dynamics.phases import infer_phases, phase_at, phases_from_marks
from balint.analysis.dynamics.roles import assign_roles
from balint.analysis.dynamics.settings import CLASSIFIER, PatternSettings
from balint.analysis.format import language_name
from balint.analysis.i18n import _, report_language
from balint.analysis.speech.align import AlignOptions, units_from_words
from balint.analysis.speech.asr import (
    DetectedLanguage,
    TranscribeOptions,
    Transcript,
    detect_language,
    release_speech_model,
    transcribe,
)
from balint.analysis.speech.audio import SAMPLE_RATE, Audio, check_has_sound, load_audio
from balint.analysis.speech.diarize import DiarizeOptions, Diarizer, turns_of
from balint.analysis.speech.diarize.embedded import EmbeddedDiarizer
from balint.analysis.speech.prosody import PitchTrack, pitch_track, rising_pitch
from balint.analysis.speech.transcript import guess_language, read_transcript
from balint.analysis.types import (
    Backend,
    BalintError,
    Observation,
    PhaseName,
    Progress,
    RoleName,
    SessionAnalysis,
    SessionMetrics,
    StageClock,
    Turn,
    Unit,
    no_progress,
    session_uri,
)
from balint.models.catalog import (
    EMBEDDED_SPEECH_MODEL,
    MULTILINGUAL_SPEECH_MODEL,
    ModelInfo,
    ModelNotFound,
    classifier_info,
    resolve_speech_model,
)

log = logging.getLogger(__name__)
MIN_SPEECH_S = 3.0  # less talk than this is a test tone or a stray word, not a session: one clear error, no report


@dataclass(frozen=True)
class AnalysisSettings:
    model: str | None = None  # None: by language, tiny.en for English and the embedded multilingual base otherwise
    language: str = "auto"  # "auto": heard in the first speech by the multilingual model; else a Whisper code
    report_language: str | None = None  # the reports' language; None: the session's own (English where no catalogue)
    # "overlap": segmentation-3.0 + CAM++, overlapping speech, real rooms (AMI DER 0.22 vs 0.50);
    # "embedded": Silero + GE2E, about five times faster, and the one that tells synthetic (espeak) voices apart;
    # "pyannote": the optional torch pipeline with weights of your own
    backend: Backend = "overlap"
    pyannote: str | None = None  # its local directory (or a hub id already fetched)
    transcribe: TranscribeOptions = field(default_factory=TranscribeOptions)
    diarize: DiarizeOptions = field(default_factory=DiarizeOptions)
    align: AlignOptions = field(default_factory=AlignOptions)
    patterns: PatternSettings = field(default_factory=PatternSettings)

    def with_participants(self, participants: int) -> AnalysisSettings:
        """Everyone present consented; some may stay silent. The count is a maximum for the overlap-aware
        diariser, which finds how many spoke; the GE2E diariser was measured with the count given."""
        exact = participants if self.backend == "embedded" else None
        return replace(self, diarize=replace(self.diarize, speakers=exact, max_speakers=participants))


@dataclass(frozen=True)
class Known:
    """What the user told us: roles, and phase marks set while recording."""

    leader: str | None = None
    presenter: str | None = None
    roles: dict[str, RoleName] = field(default_factory=dict)
    marks: list[tuple[PhaseName, float]] = field(default_factory=list)
    leader_speaks_first: bool = False  # `record --leader-first`: the first voice heard is the leader's

    def renamed(self, mapping: dict[str, str]) -> Known:
        """The same knowledge after speakers were re-assigned (OLD → NEW)."""
        def rename(speaker: str | None) -> str | None:
            return mapping.get(speaker, speaker) if speaker else speaker

        return Known(rename(self.leader), rename(self.presenter),
                     {mapping.get(s, s): r for s, r in self.roles.items()}, list(self.marks), self.leader_speaks_first)

    def leader_in(self, units: list[Unit]) -> str | None:
        """The leader as told: named, or the first speaker when the leader was said to speak first."""
        return self.leader or (units[0].speaker if self.leader_speaks_first and units else None)


def make_diarizer(settings: AnalysisSettings) -> Diarizer:
    """The diarisation backend the settings ask for; checked at once, before any minutes are spent."""
    if settings.backend == "pyannote":
        from balint.analysis.speech.diarize.pyannote_backend import PyannoteDiarizer

        return PyannoteDiarizer(settings.pyannote, settings.diarize)
    if settings.backend == "overlap":
        from balint.analysis.speech.diarize.overlap_aware import OverlapAwareDiarizer

        return OverlapAwareDiarizer(settings.diarize)
    if settings.backend != "embedded":
        raise BalintError(f"unknown diarisation backend {settings.backend!r}: embedded, overlap or pyannote")
    return EmbeddedDiarizer(settings.diarize)


def speech_model(settings: AnalysisSettings) -> ModelInfo:
    """The model for the session's language (`transcribe.language`, as `settle_language` fixed it)."""
    language = settings.transcribe.language
    if not settings.model and language != "en":
        return multilingual_model()
    name = settings.model or EMBEDDED_SPEECH_MODEL
    if name.endswith(".en") and language != "en":
        raise BalintError(f"the speech model {name} knows only English, and this session is in {language_name(language)}: "
                          "leave --model out to use the multilingual model, or give --language en")
    try:
        return resolve_speech_model(name)
    except ModelNotFound as missing:
        raise BalintError(str(missing)) from None


def multilingual_model() -> ModelInfo:
    """The model every language but English is transcribed with, and the one that hears which language it is."""
    try:
        return resolve_speech_model(MULTILINGUAL_SPEECH_MODEL)
    except ModelNotFound as missing:
        raise BalintError(str(missing)) from None


#: the speech the language is heard in: the start of a session (the VAD keeps only its speech)
LANGUAGE_HEAD_S = 300.0


def settle_language(audio: Audio, settings: AnalysisSettings,
                    clock: StageClock | None = None) -> tuple[AnalysisSettings, DetectedLanguage | None]:
    """Settings with the session's language fixed: as given, or heard in the first speech by the multilingual
    model (English then goes to tiny.en, as measured best on our English clips); and what was heard, if anything."""
    if settings.language != "auto":
        from faster_whisper.tokenizer import _LANGUAGE_CODES  # Whisper's own list (faster-whisper keeps it private)

        if settings.language not in _LANGUAGE_CODES:
            raise BalintError(f"--language {settings.language}: no language Whisper knows; give auto, or a code such as "
                              "en, de, fr, hu, sv or nl")
        return replace(settings, transcribe=replace(settings.transcribe, language=settings.language)), None
    head = Audio(audio.samples[: int(LANGUAGE_HEAD_S * SAMPLE_RATE)], audio.source)
    clock = clock or StageClock()
    detected = clock.run("language", detect_language, head, multilingual_model(), settings.transcribe.threads)
    language = detected.language if detected else "en"
    return replace(settings, transcribe=replace(settings.transcribe, language=language)), detected


def load_checked(path: str | Path, clock: StageClock) -> Audio:
    """Decoded audio that has sound in it (else one clear error before any model loads)."""
    audio = clock.run("load", load_audio, path)
    check_has_sound(audio)
    return audio


def analyse_file(path: str | Path, settings: AnalysisSettings = AnalysisSettings(),
                 progress: Progress = no_progress, known: Known = Known()) -> SessionAnalysis:
    clock = StageClock(progress)
    diarizer = make_diarizer(settings)  # a wrong backend fails before the file is even decoded
    return analyse_audio(load_checked(path, clock), settings, known, clock, diarizer)


def analyse_audio(audio: Audio, settings: AnalysisSettings = AnalysisSettings(), known: Known = Known(),
                  clock: StageClock | None = None, diarizer: Diarizer | None = None) -> SessionAnalysis:
    clock = clock or StageClock()
    diarizer = diarizer or make_diarizer(settings)
    settings, detected = settle_language(audio, settings, clock)
    transcript = clock.run("transcribe", transcribe, audio, speech_model(settings), settings.transcribe,
                           clock.progress)
    transcript.detected = detected
    who = diarize_audio(audio, settings, clock, diarizer)
    pitch = clock.run("prosody", pitch_track, audio.samples)
    return assemble(transcript, who, diarizer.models(), audio.duration_s,
                    {"path": str(audio.source), "name": Path(audio.source).name}, settings, known, clock, pitch)


def diarize_file(path: str | Path, settings: AnalysisSettings, progress: Progress = no_progress) -> Annotation:
    """Who spoke when, alone (`balint diarize`)."""
    clock = StageClock(progress)
    diarizer = make_diarizer(settings)
    return diarize_audio(load_checked(path, clock), settings, clock, diarizer)


def diarize_audio(audio: Audio, settings: AnalysisSettings, clock: StageClock | None = None,
                  diarizer: Diarizer | None = None) -> Annotation:
    """Who spoke when in decoded audio, with the backend the settings ask for."""
    clock = clock or StageClock()
    diarizer = diarizer or make_diarizer(settings)
    release_speech_model()  # the whole file is transcribed: Whisper's memory is free before the diariser's models load
    clock.run("diarize", diarizer.add, audio, 0.0, clock.progress)
    return finish_diarizing(diarizer, session_uri(audio.source), clock)


def finish_diarizing(diarizer: Diarizer, uri: str, clock: StageClock) -> Annotation:
    """Transcription is over: free its model first (WhisperX's habit; while recording it stayed loaded for the next
    piece), then cluster or run the pipeline."""
    release_speech_model()
    return clock.run("diarize", diarizer.finish, uri, clock.progress)


def assemble(transcript: Transcript, who: Annotation, diarizer_models: list[ModelInfo], duration_s: float,
             source: dict, settings: AnalysisSettings, known: Known = Known(),
             clock: StageClock | None = None, pitch: PitchTrack | None = None) -> SessionAnalysis:
    """From words, who spoke when and the pitch track (whole-file or gathered while recording) to the full analysis."""
    clock = clock or StageClock()
    uri = session_uri(source.get("name", "session"))
    if not transcript.words and not who:
        raise BalintError(f"{source.get('name', 'the recording')}: no speech found in {duration_s:.0f} s of audio")
    if not who:
        log.warning("the diariser found no speech where the recogniser heard %d words: all of it is given to one "
                    "speaker", len(transcript.words))
        who = Annotation(uri=uri)
        who[Segment(transcript.words[0].start, transcript.words[-1].end)] = "SPEAKER_00"
    units = clock.run("align", units_from_words, transcript.words, who, settings.align)
    spoken = sum(u.end - u.start for u in units)
    if spoken < MIN_SPEECH_S:
        raise BalintError(f"{source.get('name', 'the recording')}: only {spoken:.1f} s of speech in {duration_s:.1f} s of "
                          f"audio, too little to analyse (a session needs at least {MIN_SPEECH_S:g} s of talk)")
    for unit, rising in zip(units, rising_pitch(pitch, [(u.start, u.end) for u in units])):
        unit.rising_pitch = rising
    analysis = SessionAnalysis(
        source=source,
        duration_s=round(duration_s, 3),
        speakers=sorted(str(label) for label in who.labels()),
        turns=turns_of(who),
        units=units,
        models=[transcript.model or speech_model(settings), *diarizer_models, classifier_info()],
        settings=asdict(replace(settings, transcribe=transcript.options)),
        timings_s=clock.timings,
        metrics=SessionMetrics(speech_s=round(who.get_timeline().support().duration(), 3), words=len(transcript.words)),
        language=transcript.language,
        language_probability=transcript.detected.probability if transcript.detected else None,
        report_language=settings.report_language,
    )
    return interpret(analysis, settings.patterns, known, clock)


def analyse_transcript(path: str | Path, settings: AnalysisSettings = AnalysisSettings(), known: Known = Known(),
                       progress: Progress = no_progress) -> SessionAnalysis:
    """Everything after transcription, for corrected or external transcripts."""
    clock = StageClock(progress)
    units, given_roles = clock.run("load", read_transcript, path)
    language = settings.language if settings.language != "auto" else guess_language([u.text for u in units])
    analysis = SessionAnalysis(
        language=language, report_language=settings.report_language,
        source={"path": str(path), "name": Path(path).name, "kind": "transcript"},
        duration_s=round(max(u.end for u in units), 3),
        speakers=sorted({u.speaker for u in units}),
        turns=[Turn(u.speaker, u.start, u.end) for u in units],
        units=units, models=[classifier_info()], settings=asdict(settings), timings_s=clock.timings,
        metrics=SessionMetrics(speech_s=round(sum(u.end - u.start for u in units), 3),
                               words=sum(len(u.text.split()) for u in units)),
    )
    return interpret(analysis, settings.patterns, replace(known, roles={**given_roles, **known.roles}), clock)


def reassign_speakers(analysis: SessionAnalysis, mapping: dict[str, str]) -> SessionAnalysis:
    """Give each OLD speaker's talk to NEW (a speaker the diariser split, or a mix-up); then re-`interpret`."""
    for unit in analysis.units:
        unit.speaker = mapping.get(unit.speaker, unit.speaker)
    analysis.turns = [replace(t, speaker=mapping.get(t.speaker, t.speaker)) for t in analysis.turns]
    analysis.speakers = sorted({u.speaker for u in analysis.units} | {t.speaker for t in analysis.turns})
    return analysis


def _count_note(analysis: SessionAnalysis) -> list[Observation]:
    """Where fewer voices were told apart than the count or minimum given, the report says so (the diariser
    never splits one voice to reach a number)."""
    asked = analysis.settings.get("diarize") or {}
    expected = asked.get("speakers") or asked.get("min_speakers")
    told = len(analysis.speakers)
    if not isinstance(expected, int) or isinstance(expected, bool) or told >= expected or not analysis.units:
        return []
    return [Observation(0, analysis.units[-1].end, _(
        "{expected} speakers were expected, {told} voices were told apart: balint does not split one voice to reach a "
        "count, so some people may share a speaker here.").format(expected=expected, told=told), "uncertainty")]


def _unlabelled_note(analysis: SessionAnalysis) -> Observation:
    return Observation(0, analysis.units[-1].end if analysis.units else 0.0, _(
        "Utterance labels and the leader's moves are not available for {language} yet (their cues exist for English "
        "and German): who spoke when, the roles, phases and talk time are shown, but questions to the presenter, and so "
        "interrogation episodes, cannot be found.").format(language=language_name(analysis.language)), "uncertainty")


def with_leader_metrics(analysis: SessionAnalysis, settings: PatternSettings) -> SessionAnalysis:
    """A session stored before schema 2.5 has no `metrics.leader`: it is derived from the session's own units,
    roles, phases and labels as stored (the moves too, read from the words, where the file predates them), so a
    re-rendered report shows what the leader did without relabelling anything."""
    leader = next((r.speaker for r in analysis.roles if r.role == "leader" and r.speaker), None)
    if analysis.metrics.leader is not None or leader is None:
        return analysis
    if not analysis.leader_moves and not analysis.source.get("redacted"):
        phase_of = {u.id: phase.name for u in analysis.units if (phase := phase_at(analysis.phases, u.start))}
        asked = set(analysis.metrics.questions_to_presenter.unit_ids)
        analysis.leader_moves = leader_moves(analysis.units, leader, asked, phase_of, analysis.language)
    analysis.metrics.leader = leader_metrics(analysis.units, leader, analysis.leader_moves, analysis.phases, settings)
    return analysis


def interpret(analysis: SessionAnalysis, settings: PatternSettings = PatternSettings(), known: Known = Known(),
              clock: StageClock | None = None) -> SessionAnalysis:
    """Labels, roles, phases, episodes, metrics and feedback: re-run on its own when a user corrects speakers. What it
    says in words (observations, an episode's reason) is said in the session's report language."""
    with report_language(analysis.reported_in):
        return _interpret(analysis, settings, known, clock or StageClock())


def _interpret(analysis: SessionAnalysis, settings: PatternSettings, known: Known, clock: StageClock) -> SessionAnalysis:
    units = analysis.units
    labelled = analysis.language in LANGUAGES  # the cues and training data exist per language
    if labelled and not analysis.source.get("redacted"):  # a redacted session keeps the labels it was given
        clock.run("classify", classify_units, units, analysis.language)
    roles = clock.run("roles", assign_roles, units, settings, known.leader_in(units), known.presenter, known.roles)
    names = {r.speaker: r for r in roles if r.speaker}
    for unit in units:
        unit.role = names[unit.speaker].role if unit.speaker in names else None
    session_end = max([analysis.duration_s] + [u.end for u in units])
    phases = phases_from_marks(known.marks, session_end) if known.marks else \
        clock.run("phases", infer_phases, units, roles, settings)
    by_role = {r.role: r.speaker for r in roles if r.speaker}
    asked = clock.run("patterns", questions_to_presenter, units, by_role.get("presenter"), settings)
    if analysis.source.get("redacted"):  # moves are read from the words: a redacted session keeps its leader's own
        leader_ids = {u.id for u in units if u.speaker == by_role.get("leader")}
        analysis.leader_moves = [m for m in analysis.leader_moves if m.unit_id in leader_ids]
    else:
        phase_of = {u.id: phase.name for u in units if (phase := phase_at(phases, u.start))}
        leader = by_role.get("leader") if labelled else None
        analysis.leader_moves = leader_moves(units, leader, {u.id for u in asked}, phase_of, analysis.language)
    redirects = {m.unit_id for m in analysis.leader_moves if m.move not in NOT_A_REDIRECT}
    episodes = clock.run("patterns", interrogation_episodes, units, asked, by_role.get("leader"), phases, settings,
                         redirects)
    metrics = session_metrics(units, roles, phases, episodes, asked, settings, analysis.metrics.speech_s,
                              analysis.metrics.words)
    metrics.recording = analysis.metrics.recording
    metrics.leader = leader_metrics(units, by_role.get("leader"), analysis.leader_moves, phases, settings) \
        if labelled else None
    analysis.roles, analysis.phases, analysis.episodes, analysis.metrics = roles, phases, episodes, metrics
    analysis.observations = observations(units, roles, phases, episodes, metrics, settings) + _count_note(analysis) + \
        ([] if labelled else [_unlabelled_note(analysis)])
    analysis.settings = {**analysis.settings, "patterns": asdict(settings), "classifier": asdict(CLASSIFIER),
                         "known": {"leader": known.leader, "presenter": known.presenter, "roles": known.roles,
                                   "marks": [list(m) for m in known.marks],
                                   "leader_speaks_first": known.leader_speaks_first}}
    analysis.timings_s = {**analysis.timings_s, **clock.timings}
    return analysis
