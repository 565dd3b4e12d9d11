"""The whole backbone on real audio with real models: the numbers the issue asks for, as floors."""

import json
import stat

import pytest

from balint.analysis.evaluation import diarization_error_rate, read_rttm, read_stm_text, word_error_rate
from balint.analysis.pipeline import AnalysisSettings, analyse_file, diarize_audio
from balint.analysis.speech.audio import load_audio
from balint.analysis.speech.diarize import DiarizeOptions
from balint.analysis.types import STAGES
from tests.conftest import DEMO

pytestmark = pytest.mark.slow


def test_two_speaker_sample_diarisation_error_is_at_most_15_percent(data_dir):
    sample = data_dir / "audio" / "pyannote_sample"
    hypothesis = diarize_audio(load_audio(sample / "sample.wav"), AnalysisSettings(diarize=DiarizeOptions(speakers=2)))
    score = diarization_error_rate(read_rttm(sample / "sample.rttm")["sample"], hypothesis, collar=0.25)
    assert sorted(hypothesis.labels()) == ["SPEAKER_00", "SPEAKER_01"]
    assert score["diarization error rate"] <= 0.15, score


def test_two_speaker_sample_end_to_end_word_error_is_at_most_20_percent(data_dir):
    sample = data_dir / "audio" / "pyannote_sample"
    stages = []
    analysis = analyse_file(sample / "sample.wav", AnalysisSettings(diarize=DiarizeOptions(speakers=2)),
                            progress=lambda stage, done, total: stages.append(stage))
    hypothesis = " ".join(unit.text for unit in analysis.units)
    assert word_error_rate(read_stm_text(sample / "sample.stm"), hypothesis) <= 0.20
    assert set(stages) == set(analysis.timings_s) == set(STAGES)  # one protocol: bars and timings name the same stages
    assert all(unit.label in {"QUESTION", "SPECULATION", "FEELING", "ADVICE", "OTHER"} for unit in analysis.units)
    used = {model.name for model in analysis.models}
    assert used >= {"tiny.en", "pyannote-segmentation-3.0", "campplus-3dspeaker-cn-en-common"}  # the default diariser


def test_demo_session_with_the_known_count(demo_audio_report):
    """The bundled demo, through the real command line: seven voices, the script's words, a private report."""
    report = demo_audio_report / "session.json"
    stdout = (demo_audio_report / "stdout.txt").read_text()
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert stat.S_IMODE(report.parent.stat().st_mode) == 0o700
    session = json.loads(report.read_text())
    assert session["schema_version"] and session["settings"]["diarize"]["speakers"] == 7
    assert len(session["speakers"]) == 7

    from pyannote.core import Annotation, Segment

    hypothesis = Annotation(uri="session")
    for turn in session["turns"]:
        hypothesis[Segment(turn["start"], turn["end"])] = turn["speaker"]
    der = diarization_error_rate(read_rttm(DEMO / "reference.rttm")["session"], hypothesis)
    assert der["diarization error rate"] <= 0.10, der
    reference_text = " ".join(json.loads(line)["text"] for line in (DEMO / "reference.jsonl").read_text().splitlines())
    assert word_error_rate(reference_text, " ".join(u["text"] for u in session["units"])) <= 0.25
    assert "what stood out" in stdout and "report:" in stdout
    labels = [u["label"] for u in session["units"]]
    assert {"QUESTION", "SPECULATION", "FEELING", "ADVICE", "OTHER"} <= set(labels)
    assert all(u["cues"] and 0 < u["confidence"] <= 1 for u in session["units"])


def test_verbose_says_what_the_diariser_decided_and_quiet_does_not(data_dir):
    from tests.conftest import run_balint

    sample = str(data_dir / "audio" / "pyannote_sample" / "sample.wav")
    quiet, verbose = run_balint("diarize", sample, "--speakers", "2"), run_balint("-v", "diarize", sample, "--speakers", "2")
    assert quiet.returncode == verbose.returncode == 0
    assert "info" not in quiet.stderr
    assert "balint: info: overlap-aware diariser: 2 speakers from" in verbose.stderr and "count given: 2" in verbose.stderr


def test_whisper_is_freed_before_the_diariser_loads_its_models(data_dir):
    """A whole file is transcribed before it is diarised: Whisper's memory goes before the room models load
    (before, it was freed only after the diariser had embedded the whole file)."""
    from balint.analysis.pipeline import analyse_audio, make_diarizer
    from balint.analysis.speech import asr

    settings = AnalysisSettings(diarize=DiarizeOptions(speakers=2))
    diarizer = make_diarizer(settings)
    loaded_while_diarising = []
    embed = diarizer.add

    def add(*args, **kwargs):
        loaded_while_diarising.append(asr._whisper.cache_info().currsize)
        return embed(*args, **kwargs)

    diarizer.add = add  # the real diariser, watched
    analysis = analyse_audio(load_audio(data_dir / "audio" / "pyannote_sample" / "sample.wav"), settings,
                             diarizer=diarizer)
    assert loaded_while_diarising == [0] and len(analysis.speakers) == 2
