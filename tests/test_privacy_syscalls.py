"""Nothing leaves the machine and nothing lands outside the outputs: proved with strace, C++ libraries included.

Each command runs as a user runs it, under `strace -f` with a fresh HOME. Asserted: no system call
names an internet address family (no socket, connect or send to AF_INET/AF_INET6, so no DNS either),
and every file or folder created or written lies in the output folder or the recording store.
onnxruntime 1.32 with its telemetry on writes a device id under ~/.cache and resolves Microsoft's
collector on runs of this length: these tests fail on the version before the privacy environment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import DEMO
from tests.syscalls import files_under, read_trace, traced_balint
from tests.virtual_mic import DEVICE_NAME, VirtualMicrophone

pytestmark = pytest.mark.slow


def assert_private(result, trace, *allowed) -> None:
    assert result.returncode == 0, result.stderr
    assert trace.log.count("openat(") > 100, "strace did not see the run"  # imports alone open hundreds of files
    assert trace.network == [], trace.network[:5]
    assert trace.written_outside(*allowed) == []


def test_analyse_of_five_minutes_of_audio(demo_audio_report):
    workdir = demo_audio_report.parent
    trace = read_trace(workdir / "strace.log", workdir)
    assert any(p.endswith("/report.html") for p in trace.written)
    assert trace.network == [], trace.network[:5]
    assert trace.written_outside(demo_audio_report) == []
    assert files_under(workdir / "home") == []


@pytest.mark.parametrize("command, output, extra", [("transcribe", "--json", ()), ("diarize", "--rttm", ()),
                                                   ("diarize", "--rttm", ("--backend", "overlap"))])
def test_transcribe_and_diarize(tmp_path, data_dir, command, output, extra):
    out = tmp_path / "out"
    result, trace = traced_balint(tmp_path, command, str(data_dir / "audio" / "pyannote_sample" / "sample.wav"),
                                  output, str(out / "result"), *extra)
    assert_private(result, trace, out)
    assert (out / "result").is_file() and files_under(tmp_path / "home") == []


def test_classify(tmp_path):
    result, trace = traced_balint(tmp_path, "classify", stdin="Did you check her thyroid?\nMaybe she is lonely.\n")
    assert_private(result, trace)
    assert [json.loads(line)["label"] for line in result.stdout.splitlines()] == ["QUESTION", "SPECULATION"]
    assert files_under(tmp_path / "home") == []


def test_report(tmp_path, demo_audio_report):
    out = tmp_path / "again"
    result, trace = traced_balint(tmp_path, "report", str(demo_audio_report / "session.json"), "--presenter",
                                  "SPEAKER_01", "--out", str(out))
    assert_private(result, trace, out)
    assert files_under(tmp_path / "home") == []


def test_the_default_pipeline_runs_with_no_network_at_all(tmp_path, data_dir):
    """In a network namespace with no interface but loopback (down): the whole default analysis still works."""
    out = tmp_path / "out"
    command = ["unshare", "--net", sys.executable, "-m", "balint.recorder.cli", "analyse",
               str(data_dir / "audio" / "pyannote_sample" / "sample.wav"), "--speakers", "2", "--out", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "HOME": str(tmp_path / "home")})
    assert result.returncode == 0, result.stderr
    session = json.loads((out / "session.json").read_text())
    assert len(session["speakers"]) == 2 and len(session["units"]) >= 5


def test_record_capture_to_analysis(tmp_path):
    """The recorder's whole path: capture, sealed chunks, analysis while recording, report, deletion."""
    microphone = VirtualMicrophone()
    store, out = tmp_path / "store", tmp_path / "report"
    try:
        player = threading.Timer(2.0, lambda: microphone.play(DEMO / "session.flac"))
        player.start()
        started = time.monotonic()
        result, trace = traced_balint(tmp_path, "record", "--device", DEVICE_NAME, "--participants", "3",
                                      "--consent-confirmed", "--duration", "14", "--out", str(out),
                                      env={**microphone.env, "HOME": str(tmp_path / "home"),
                                           "BALINT_RECORDINGS_DIR": str(store)})
        player.cancel()
    finally:
        microphone.close()
    assert time.monotonic() - started >= 14
    # Besides ours, the sound stack keeps its own state, no audio: the PulseAudio client's cookie in the test
    # server's folder, and libjack's metadata database, which PortAudio's JACK probe creates at start-up.
    assert_private(result, trace, out, store, microphone.dir, Path("/dev/shm/jack_db-0"))
    assert any("/chunk-" in p for p in trace.written)  # chunks were sealed, inside the store
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "session.json"]
    assert json.loads((out / "session.json").read_text())["deletion_receipt"]["chunks"] >= 1
    assert files_under(tmp_path / "home") == [] and list(store.rglob("*")) == []
