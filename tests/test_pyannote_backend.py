"""The pyannote.audio backend, for real: pyannote's own pipeline code, loaded from a local directory,
on real audio, with telemetry off and no network. Accuracy is not measured here (the test networks are
untrained); the README quotes pyannote's published figures for real weights."""

import json
import subprocess
import sys

import pytest

from balint.analysis.evaluation import read_rttm
from tests.conftest import ROOT, run_balint
from tests.pyannote_pipeline import build_pipeline_dir

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pipeline_dir(tmp_path_factory):
    return build_pipeline_dir(tmp_path_factory.mktemp("pyannote") / "pipeline")


def test_real_pipeline_on_real_audio_honours_the_speaker_count_and_round_trips_rttm(pipeline_dir, data_dir, tmp_path):
    rttm = tmp_path / "who.rttm"
    result = run_balint("diarize", str(data_dir / "audio" / "pyannote_sample" / "sample.wav"), "--backend",
                        "pyannote", "--pyannote", str(pipeline_dir), "--speakers", "2", "--rttm", str(rttm))
    assert result.returncode == 0, result.stderr
    annotation = read_rttm(rttm)["sample"]
    assert sorted(annotation.labels()) == ["SPEAKER_00", "SPEAKER_01"]
    assert len(annotation) >= 2 and annotation.get_timeline().support().duration() > 10
    again = tmp_path / "again.rttm"
    with open(again, "w") as handle:
        annotation.write_rttm(handle)
    assert read_rttm(again)["sample"] == annotation


NO_NETWORK_PROBE = """
import json, sys
attempts = []
def audit(event, args):
    if event in ("socket.connect", "socket.getaddrinfo", "socket.sendto", "socket.gethostbyname"):
        attempts.append([event, repr(args)[:120]])
sys.addaudithook(audit)
from balint.analysis.pipeline import AnalysisSettings, diarize_file
from balint.analysis.speech.diarize import DiarizeOptions
settings = AnalysisSettings(backend="pyannote", pyannote=sys.argv[2], diarize=DiarizeOptions(speakers=2))
annotation = diarize_file(sys.argv[1], settings)
print(json.dumps({"labels": sorted(annotation.labels()), "attempts": attempts}))
"""


def test_runs_with_networking_denied_and_attempts_no_connection(pipeline_dir, data_dir):
    """In a network namespace with no interfaces, with every socket call audited: none is made."""
    command = ["unshare", "--net", sys.executable, "-c", NO_NETWORK_PROBE,
               str(data_dir / "audio" / "pyannote_sample" / "sample.wav"), str(pipeline_dir)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["labels"] == ["SPEAKER_00", "SPEAKER_01"]
    assert report["attempts"] == []


def test_a_directory_that_is_not_a_pipeline(tmp_path, data_dir):
    result = run_balint("diarize", str(data_dir / "audio" / "pyannote_sample" / "sample.wav"),
                        "--backend", "pyannote", "--pyannote", str(tmp_path))
    assert result.returncode == 1 and "config.yaml" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_hub_id_that_was_never_fetched_says_how_to_fetch_it(data_dir):
    result = run_balint("diarize", str(data_dir / "audio" / "pyannote_sample" / "sample.wav"), "--backend",
                        "pyannote", "--pyannote", "pyannote/speaker-diarization-community-1")
    assert result.returncode == 1 and "balint models fetch" in result.stderr and "HF_TOKEN" in result.stderr
    assert "--token" not in result.stderr  # a token on the command line lands in the process list and shell history
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_missing_extra_is_one_line_that_says_what_to_install(data_dir, tmp_path):
    blocker = "import sys; sys.modules['pyannote.audio'] = None; from balint.recorder.cli import main; sys.exit(main())"
    result = subprocess.run([sys.executable, "-c", blocker, "diarize",
                             str(data_dir / "audio" / "pyannote_sample" / "sample.wav"), "--backend", "pyannote",
                             "--pyannote", str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1 and "pip install '.[pyannote]'" in result.stderr and "balint[" not in result.stderr


def test_without_a_pipeline_named_it_says_what_to_pass(data_dir):
    result = run_balint("diarize", str(data_dir / "audio" / "pyannote_sample" / "sample.wav"), "--backend", "pyannote")
    assert result.returncode == 1 and "--pyannote PATH_OR_ID" in result.stderr


STREAMING_PROBE = """
import json, sys
from balint.analysis.pipeline import AnalysisSettings
from balint.analysis.speech.audio import load_audio
from balint.analysis.speech.diarize import DiarizeOptions, embedded
from balint.analysis.streaming import StreamingAnalyser
settings = AnalysisSettings(backend="pyannote", pyannote=sys.argv[2], diarize=DiarizeOptions(speakers=2))
analyser = StreamingAnalyser(settings, piece_s=8, search_s=2)
samples = load_audio(sys.argv[1]).samples
for start in range(0, len(samples), 1600):  # 0.1 s blocks, as the recorder feeds them
    analyser.feed(samples[start:start + 1600])
analysis = analyser.finish({"name": "recording"})
print(json.dumps({"models": [m.role for m in analysis.models], "speakers": analysis.speakers,
                  "embedded_encoder_loads": embedded._encoder.cache_info().misses, "units": len(analysis.units),
                  "timings": sorted(analysis.timings_s)}))
"""


def test_streaming_with_the_pyannote_backend_uses_pyannote_alone(pipeline_dir, data_dir):
    """While recording, pieces go to the pyannote diariser: no GE2E embedding, no fallback to embedded clustering."""
    result = subprocess.run([sys.executable, "-c", STREAMING_PROBE,
                             str(data_dir / "audio" / "pyannote_sample" / "sample.wav"), str(pipeline_dir)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["embedded_encoder_loads"] == 0
    assert any("pyannote.audio" in role for role in report["models"])
    assert not any("speaker embedding" in role for role in report["models"])
    assert report["speakers"] == ["SPEAKER_00", "SPEAKER_01"] and report["units"] > 3
    assert "transcribe_while_recording" in report["timings"] and "diarize" in report["timings"]


def test_the_count_reaches_the_pipeline_as_given():
    """Before, only an exact count did: `record --participants N` (a maximum) and --min/--max-speakers were dropped."""
    from balint.analysis.pipeline import AnalysisSettings, make_diarizer
    from balint.analysis.speech.diarize import DiarizeOptions

    def counts(options: DiarizeOptions, participants: int | None = None) -> dict:
        settings = AnalysisSettings(backend="pyannote", pyannote="org/pipeline", diarize=options)
        return make_diarizer(settings.with_participants(participants) if participants else settings).count_options

    assert counts(DiarizeOptions(speakers=4)) == {"num_speakers": 4}
    assert counts(DiarizeOptions(min_speakers=2, max_speakers=9)) == {"min_speakers": 2, "max_speakers": 9}
    assert counts(DiarizeOptions(), participants=7) == {"max_speakers": 7}
