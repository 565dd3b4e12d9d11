"""The one place that lists the stages in order: audio → words → who spoke when → units → SessionAnalysis."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pyannote.core import Annotation, Segment

from analysis.align import AlignOptions, units_from_words
from analysis.asr import TranscribeOptions, transcribe
from analysis.audio import Audio, check_has_sound, load_audio
from analysis.classify import classify_units
from analysis.diarize import DiarizeOptions, diarize, turns_of
from analysis.types import BalintError, Progress, SessionAnalysis, no_progress
from models.catalog import (
    EMBEDDED_SPEECH_MODEL, ModelNotFound, question_model_info, resolve_speech_model, speaker_encoder_info, vad_info,
)


@dataclass(frozen=True)
class AnalysisSettings:
    model: str = EMBEDDED_SPEECH_MODEL
    transcribe: TranscribeOptions = field(default_factory=TranscribeOptions)
    diarize: DiarizeOptions = field(default_factory=DiarizeOptions)
    align: AlignOptions = field(default_factory=AlignOptions)


class _Stopwatch:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    def run(self, stage: str, fn, *args, **kwargs):
        began = time.perf_counter()
        result = fn(*args, **kwargs)
        self.timings[stage] = round(time.perf_counter() - began, 3)
        return result


def analyse_file(path: str | Path, settings: AnalysisSettings = AnalysisSettings(),
                 progress: Progress = no_progress) -> SessionAnalysis:
    watch = _Stopwatch()
    progress("load", 0, 1)
    audio = watch.run("load", load_audio, path)
    check_has_sound(audio)
    progress("load", 1, 1)
    return analyse_audio(audio, settings, progress, watch)


def analyse_audio(audio: Audio, settings: AnalysisSettings = AnalysisSettings(), progress: Progress = no_progress,
                  watch: _Stopwatch | None = None) -> SessionAnalysis:
    watch = watch or _Stopwatch()
    try:
        speech_model = resolve_speech_model(settings.model)
    except ModelNotFound as missing:
        raise BalintError(str(missing)) from None
    transcript = watch.run("transcribe", transcribe, audio, speech_model, settings.transcribe, progress)
    who_spoke = watch.run("diarize", diarize, audio, settings.diarize, progress)
    if not transcript.words and not who_spoke:
        raise BalintError(f"{audio.source}: no speech found in {audio.duration_s:.0f} s of audio")
    if not who_spoke:  # the recogniser heard words the diariser's VAD did not: one speaker is all we know
        who_spoke = Annotation(uri=Path(audio.source).stem)
        who_spoke[Segment(transcript.words[0].start, transcript.words[-1].end)] = "SPEAKER_00"
    units = watch.run("align", units_from_words, transcript.words, who_spoke, settings.align)
    progress("align", 1, 1)
    watch.run("classify", classify_units, units)
    progress("classify", 1, 1)
    return SessionAnalysis(
        source={"path": str(audio.source), "name": Path(audio.source).name},
        duration_s=round(audio.duration_s, 3),
        speakers=sorted(str(label) for label in who_spoke.labels()),
        turns=turns_of(who_spoke),
        units=units,
        models=[speech_model, vad_info(), speaker_encoder_info(), question_model_info()],
        settings=asdict(settings),
        timings_s=watch.timings,
        metrics={"speech_s": round(who_spoke.get_timeline().support().duration(), 3),
                 "words": len(transcript.words)},
    )
