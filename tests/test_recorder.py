"""The recorder on a real (virtual) microphone: capture, encryption, analysis, deletion on every exit path."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from balint.analysis.speech.audio import load_audio
from balint.analysis.types import BalintError
from tests.conftest import DEMO, ROOT
from tests.virtual_mic import DEVICE_NAME, VirtualMicrophone

pytestmark = pytest.mark.slow
CLIP_S = 22


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> tuple[Path, np.ndarray]:
    """The demo's first 22 s as a 16 kHz WAV to play into the microphone (a test input, not a recording)."""
    samples = load_audio(DEMO / "session.flac").samples[: CLIP_S * 16000]
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    path = tmp_path_factory.mktemp("source") / "played.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1), out.setsampwidth(2), out.setframerate(16000)
        out.writeframes(pcm.tobytes())
    return path, pcm


@pytest.fixture
def microphone():
    mic = VirtualMicrophone()
    yield mic
    mic.close()


def play_after_first_block(mic, recording, wav) -> threading.Thread:
    def play():
        while recording.capture.stats.frames == 0 and not recording.stopped.is_set():
            time.sleep(0.02)
        mic.play(wav).wait()
    thread = threading.Thread(target=play, daemon=True)
    thread.start()
    return thread


def best_correlation(captured: np.ndarray, played: np.ndarray) -> float:
    """Pearson correlation at the best alignment of the played clip inside the capture."""
    a, b = captured.astype(np.float64), played.astype(np.float64)
    voiced = int(np.flatnonzero(np.abs(b) > 1000)[0])  # align on a stretch of speech, not the leading silence
    probe = b[voiced : voiced + 32000]
    scores = np.correlate(a, probe, mode="valid")
    lag = int(np.argmax(scores)) - voiced  # where the clip starts inside the capture
    n = min(len(b), len(a) - lag) - 8000
    assert lag >= 0 and n >= 18 * 16000, (lag, n)
    return float(np.corrcoef(a[lag : lag + n], b[:n])[0, 1])


def recording_for(mic, tmp_path, **options):
    from balint.analysis.pipeline import AnalysisSettings
    from balint.analysis.speech.diarize.embedded import DiarizeOptions
    from balint.recorder.capture import find_device
    from balint.recorder.session import Recording, RecordOptions

    mic.apply_to_this_process()
    settings = AnalysisSettings(diarize=DiarizeOptions(speakers=3))
    captured: list[bytes] = []
    recording = Recording(find_device(DEVICE_NAME), RecordOptions(participants=3, settings=settings,
                                                                  store_root=tmp_path / "store", **options),
                          inspect_store=lambda store: captured.extend(store.open(i) for i in range(store.chunks)))
    return recording, captured


def test_capture_is_the_played_audio_then_analysed_and_destroyed(microphone, source, tmp_path, monkeypatch):
    from balint.analysis import pipeline

    labelled = []
    classify = pipeline.classify_units
    monkeypatch.setattr(pipeline, "classify_units", lambda units, *a: labelled.append(len(units)) or classify(units, *a))
    wav, played = source
    recording, captured = recording_for(microphone, tmp_path, duration_s=CLIP_S + 2, leader_first=True)
    assert recording.capture.stats.rate == 16000  # probed: the Pulse device takes 16 kHz directly
    play_after_first_block(microphone, recording, wav)
    threading.Timer(3, recording.mark, args=("p",)).start()  # the leader presses p, then q
    threading.Timer(12, recording.mark, args=("q",)).start()
    analysis = recording.run()
    assert [(p.name, p.source) for p in analysis.phases] == [("presentation", "mark"), ("clarifying", "mark")]
    assert 2 <= analysis.phases[0].start <= 4 and 11 <= analysis.phases[1].start <= 13
    pcm = np.frombuffer(b"".join(captured), dtype="<i2")
    assert len(pcm) >= 20 * 16000
    assert best_correlation(pcm, played) >= 0.99
    assert analysis.units and analysis.deletion_receipt.chunks == len(captured) >= 2
    assert analysis.deletion_receipt.key_wiped and analysis.deletion_receipt.folder_removed
    assert not any((tmp_path / "store").iterdir())
    assert analysis.metrics.recording.dropped_s < 0.5
    assert "transcribe_while_recording" in analysis.timings_s  # the analysis ran during the recording
    assert labelled == [len(analysis.units)]  # --leader-first: the classifier ran once, not again for the leader
    leader = next(r for r in analysis.roles if r.role == "leader")
    assert leader.speaker == analysis.units[0].speaker and leader.how == "given"
    assert analysis.settings["recording"]["sound_level_dbfs"] == -55.0  # printed in the report with the rest
    with pytest.raises(BalintError, match="destroyed"):
        recording.store.open(0)


def run_cli_recording(mic, tmp_path, duration, *extra, env=None):
    environment = {**os.environ, **mic.env, "BALINT_RECORDINGS_DIR": str(tmp_path / "rec"), "PYTHONUNBUFFERED": "1",
                   **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "balint.recorder.cli", "record", "--device", DEVICE_NAME,
                             "--participants", "3", "--consent-confirmed", "--duration", str(duration),
                             "--out", str(tmp_path / "report"), *extra],
                            cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_chunks(folder: Path, count: int, timeout: float = 40) -> list[Path]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        chunks = list(folder.glob("*/chunk-*.bin"))
        if len(chunks) >= count:
            return chunks
        time.sleep(0.1)
    raise AssertionError(f"no {count} chunks in {folder}")


def plaintext_audio_in(paths: list[Path], pcm: np.ndarray) -> list[str]:
    """Files holding a RIFF/FLAC/OGG header, or any 0.25 s of the played audio as raw PCM."""
    probes = [pcm[i : i + 4000].tobytes() for i in range(16000, len(pcm) - 4000, 32000) if np.any(pcm[i : i + 4000])]
    found = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if data[:4] in (b"RIFF", b"fLaC", b"OggS") or any(p in data for p in probes):
            found.append(str(path))
    return found


def _written_since(path: Path, moment: float) -> bool:
    try:
        return path.stat().st_mtime >= moment - 1 and path.stat().st_size < 200_000_000
    except OSError:
        return False


def files_under(*folders: Path, skip: tuple[Path, ...] = ()) -> list[Path]:
    out = []
    for folder in folders:
        for path in folder.rglob("*") if folder.exists() else []:
            if path.is_file() and not any(str(path).startswith(str(s)) for s in skip):
                out.append(path)
    return out


def test_balint_record_end_to_end_leaves_only_the_report(microphone, source, tmp_path):
    import tempfile

    wav, played = source
    started = time.time()
    process = run_cli_recording(microphone, tmp_path, CLIP_S + 3)
    wait_for_chunks(tmp_path / "rec", 0, timeout=5)
    time.sleep(1.5)
    player = microphone.play(wav)
    seen_plaintext = []
    while process.poll() is None:  # look for plaintext audio while the recording runs
        chunks = files_under(tmp_path / "rec")
        others = [p for p in files_under(Path(tempfile.gettempdir()), Path.home() / ".cache",
                                         skip=(wav.parent, microphone.dir, tmp_path / "rec"))
                  if _written_since(p, started)]
        seen_plaintext += plaintext_audio_in(chunks + others, played)
        time.sleep(1.0)
    player.wait()
    stdout, stderr = process.communicate()
    assert process.returncode == 0, stderr
    assert seen_plaintext == []
    assert "audio destroyed" in stderr
    assert list((tmp_path / "rec").rglob("*")) == []  # no session folder, no chunk
    assert sorted(p.name for p in (tmp_path / "report").iterdir()) == ["report.html", "session.json"]
    session = json.loads((tmp_path / "report" / "session.json").read_text())
    assert session["deletion_receipt"]["chunks"] >= 2 and session["deletion_receipt"]["key_wiped"]
    assert session["metrics"]["recording"]["participants_consented"] == 3
    assert session["units"] and session["settings"]["diarize"]["max_speakers"] == 3  # people present: a maximum
    assert session["settings"]["diarize"]["speakers"] is None


def test_sigterm_ends_cleanly_with_a_partial_report(microphone, source, tmp_path):
    wav, _ = source
    process = run_cli_recording(microphone, tmp_path, 300)
    time.sleep(1.5)
    microphone.play(wav)
    wait_for_chunks(tmp_path / "rec", 1)
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    session = json.loads((tmp_path / "report" / "session.json").read_text())
    assert session["metrics"]["recording"]["stop_reason"] == "SIGTERM received"
    assert session["deletion_receipt"]["chunks"] >= 1
    assert list((tmp_path / "rec").rglob("*")) == []


def test_kill_9_leaves_only_unreadable_chunks_and_the_next_start_sweeps_them(microphone, source, tmp_path):
    wav, played = source
    process = run_cli_recording(microphone, tmp_path, 300)
    time.sleep(1.5)
    microphone.play(wav)
    chunks = wait_for_chunks(tmp_path / "rec", 1)
    process.kill()
    process.wait()
    assert plaintext_audio_in(chunks, played) == []
    assert all(c.stat().st_mode & 0o777 == 0o600 for c in chunks)
    result = subprocess.run([sys.executable, "-m", "balint.recorder.cli", "models"], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "BALINT_RECORDINGS_DIR": str(tmp_path / "rec")})
    assert result.returncode == 0
    assert "deleted" in result.stderr and "interrupted recording" in result.stderr
    assert list((tmp_path / "rec").rglob("*")) == []


def test_a_full_disk_stops_the_recording_and_what_was_captured_is_analysed(microphone, source, tmp_path):
    wav, _ = source
    disk = tmp_path / "small"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(disk)], check=True)
    try:
        recording, captured = recording_for(microphone, tmp_path, duration_s=60, chunk_s=2.0)
        recording.store.destroy()  # re-home the store on the small disk
        from balint.recorder.store import ChunkStore

        recording.store = ChunkStore(disk)
        play_after_first_block(microphone, recording, wav)
        analysis = recording.run()
        assert "full" in recording.stop_reason
        assert 2 <= analysis.deletion_receipt.chunks <= 5
        assert analysis.metrics.recording.stop_reason.startswith("the disk holding")
        assert list(disk.iterdir()) == []
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_a_microphone_that_disappears_ends_the_recording_and_the_part_is_analysed(source, tmp_path):
    wav, _ = source
    mic = VirtualMicrophone()
    try:
        recording, captured = recording_for(mic, tmp_path, duration_s=120)
        play_after_first_block(mic, recording, wav)
        threading.Timer(14, mic.daemon.kill).start()
        analysis = recording.run()
        assert recording.stop_reason == "the microphone went away"
        assert analysis.deletion_receipt.chunks >= 1 and analysis.units
    finally:
        mic.close()


def test_overflows_are_counted_from_the_flag_and_from_the_clock(microphone):
    import sounddevice

    from balint.recorder.capture import Capture, find_device

    microphone.apply_to_this_process()
    capture = Capture(find_device(DEVICE_NAME))
    block = np.zeros((1600, 1), np.float32)
    capture._callback(block, 1600, None, sounddevice.CallbackFlags(0x2))  # paInputOverflow, as PortAudio sets it
    capture._callback(block, 1600, None, sounddevice.CallbackFlags())
    assert capture.stats.overflows == 1 and capture.stats.frames == 3200
    capture.stats.started = time.monotonic() - 10.0  # ten seconds passed, 0.2 s of audio arrived
    capture.stats.stopped = time.monotonic()
    assert 9.5 <= capture.stats.dropped_s <= 9.8
