"""Each privacy or robustness defect an adversarial tester found, as a specification that fails on the old code."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import wave

import numpy as np
import pytest

from tests.conftest import run_balint

PAYLOAD = '"\'><meta http-equiv=refresh content="0;url=https://example.invalid/"><script>alert(1)</script>\x1b[31m\x00'


@pytest.fixture(scope="module")
def session_json(tmp_path_factory, demo_transcript) -> dict:
    out = tmp_path_factory.mktemp("session")
    result = run_balint("analyse", "--transcript", str(demo_transcript), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return json.loads((out / "session.json").read_text())


def with_payload(value, vocabulary_safe: bool):
    """Every string gets the payload appended; with vocabulary_safe, the closed vocabularies are left valid."""
    closed = {"label", "flags", "role", "source", "kind", "phase", "what", "schema_version", "date", "move",
              "opened_by"}  # date: checked
    if isinstance(value, dict):
        return {k: (v if vocabulary_safe and k in closed else with_payload(v, vocabulary_safe)) for k, v in value.items()}
    if isinstance(value, list):
        return [with_payload(v, vocabulary_safe) for v in value]
    return value + PAYLOAD if isinstance(value, str) else value


def write(tmp_path, data, name="session.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def assert_one_line_error(result, *expected, code=1):
    assert result.returncode == code, (result.returncode, result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr, result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr


def test_hostile_text_is_rendered_inert(tmp_path, session_json):
    hostile = with_payload(session_json, vocabulary_safe=True)
    hostile["phases"] = [{**p, "name": session_json["phases"][i]["name"]} for i, p in enumerate(hostile["phases"])]
    result = run_balint("report", str(write(tmp_path, hostile)), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "report.html").read_text()
    assert "<script" not in html and "<meta http-equiv=refresh" not in html
    assert html.count("<meta ") == 3  # charset, viewport, the content security policy: nothing injected
    assert "&lt;meta http-equiv=refresh" in html  # the text is there, as text
    assert "form-action 'none'" in html and "base-uri 'none'" in html
    for shown in (html, result.stdout):
        assert "\x1b" not in shown and "\x00" not in shown


def test_hostile_vocabulary_is_refused_on_one_line(tmp_path, session_json):
    result = run_balint("report", str(write(tmp_path, with_payload(session_json, vocabulary_safe=False))),
                        "--out", str(tmp_path / "out"))
    assert_one_line_error(result, "session.json")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("change, field", [
    (lambda s: s["units"][3].__setitem__("start", "12.5"), "units[3].start"),
    (lambda s: s["units"][0].__setitem__("label", "<b>QUESTION</b>"), "units[0].label"),
    (lambda s: s.__setitem__("duration_s", float("nan")), "duration_s"),
    (lambda s: s["turns"][0].__setitem__("end", float("inf")), "turns[0].end"),
    (lambda s: s["units"][5].__setitem__("end", s["units"][5]["end"] * 1000 + 86400), "units[5].end"),
    (lambda s: s.__setitem__("units", {"0": "not a list"}), "units"),
    (lambda s: s["observations"][0].__setitem__("kind", "x' onmouseover='alert(1)"), "observations[0].kind"),
    (lambda s: s["metrics"]["talk_time_s"].__setitem__("per_person", ["A", 1]), "metrics.talk_time_s.per_person"),
    (lambda s: s["settings"].__setitem__("patterns", {"silence_s": "ten"}), "settings.patterns"),
    (lambda s: s["metrics"]["leader"]["per_phase"][3]["held_by"].__setitem__("<b>x</b>", 1),
     "metrics.leader.per_phase[3].held_by"),
])
def test_a_malformed_session_json_names_the_field(tmp_path, session_json, change, field):
    broken = json.loads(json.dumps(session_json))
    change(broken)
    result = run_balint("report", str(write(tmp_path, broken)), "--leader", "Leader", "--out", str(tmp_path / "o"))
    assert_one_line_error(result, field)


def test_a_session_longer_than_six_hours_renders(tmp_path, session_json):
    long = json.loads(json.dumps(session_json))
    long["duration_s"] = 7 * 3600.0
    long["units"][-1]["end"] = long["turns"][-1]["end"] = 7 * 3600.0
    result = run_balint("report", str(write(tmp_path, long)), "--out", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    assert "7:00:00" in (tmp_path / "o" / "report.html").read_text()


def test_a_shared_sticky_folder_keeps_its_mode(tmp_path, session_json):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    result = run_balint("report", str(write(tmp_path, session_json)), "--out", str(shared))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE((shared / "session.json").stat().st_mode) == 0o600


def test_only_the_folders_balint_creates_are_made_private(tmp_path, demo_transcript):
    data_home = tmp_path / "xdg"
    data_home.mkdir(mode=0o755)
    os.chmod(data_home, 0o755)
    result = run_balint("analyse", "--transcript", str(demo_transcript), env={"XDG_DATA_HOME": str(data_home)})
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(data_home.stat().st_mode) == 0o755  # the user's, untouched
    made = [data_home / "balint", data_home / "balint" / "sessions", *(data_home / "balint" / "sessions").iterdir()]
    assert len(made) == 3 and all(stat.S_IMODE(p.stat().st_mode) == 0o700 for p in made)


def test_no_quotes_never_overwrites_the_quoted_session_in_place(tmp_path, session_json):
    path = write(tmp_path, session_json)
    before = path.read_text()
    assert_one_line_error(run_balint("report", str(path), "--no-quotes"), "--out")
    assert path.read_text() == before


def test_a_failed_render_leaves_the_previous_pair(tmp_path, session_json, monkeypatch):
    from balint.analysis.report import session_json as writer
    from balint.analysis.report.session_json import write_reports
    from balint.analysis.types import SessionAnalysis

    analysis = SessionAnalysis.from_dict(session_json)
    write_reports(analysis, tmp_path)
    before = {p.name: p.read_text() for p in tmp_path.iterdir()}

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug while rendering")

    monkeypatch.setattr(writer, "render_html", broken)
    analysis.duration_s += 1
    with pytest.raises(RuntimeError):
        write_reports(analysis, tmp_path)
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == before  # no new json, no partial file


def marked_recording(root, name, pid):
    folder = root / name
    folder.mkdir()
    (folder / "owner").write_text(f"balint recording v1\n{pid}\n?\n")
    (folder / "chunk-000000.bin").write_bytes(os.urandom(64))
    return folder


def test_the_sweep_leaves_what_balint_did_not_make(tmp_path):
    root = tmp_path / "recordings"
    root.mkdir()
    photos = root / "photos"
    photos.mkdir()
    (photos / "holiday.jpg").write_bytes(b"\xff\xd8")
    (root / "notes.txt").write_text("mine")
    unsigned = root / "old"
    unsigned.mkdir()
    (unsigned / "owner").write_text("1")  # a bare pid is not balint's marker
    finished = subprocess.Popen(["true"])
    finished.wait()
    dead = marked_recording(root, "0123456789ab", finished.pid)
    result = run_balint("models", env={"BALINT_RECORDINGS_DIR": str(root)})
    assert result.returncode == 0
    assert not dead.exists()
    assert (photos / "holiday.jpg").exists() and (root / "notes.txt").exists() and (unsigned / "owner").exists()
    assert "deleted 1 unreadable audio chunks" in result.stderr
    assert "left alone" in result.stderr and "photos" in result.stderr and "notes.txt" in result.stderr


def test_a_balint_folder_with_foreign_files_loses_only_its_chunks(tmp_path):
    finished = subprocess.Popen(["true"])
    finished.wait()
    folder = marked_recording(tmp_path, "0123456789ab", finished.pid)
    (folder / "keep.txt").write_text("someone's")
    from balint.recorder.store import sweep_orphans

    swept = sweep_orphans(tmp_path)
    assert (swept.folders, swept.chunks) == (1, 1)
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"]


def write_wav(path, seconds=1.0, rate=16000):
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1), out.setsampwidth(2), out.setframerate(rate)
        out.writeframes((np.random.default_rng(0).standard_normal(int(seconds * 16000)) * 3000).astype("<i2").tobytes())
    return path


def test_delete_source_refuses_a_symbolic_link_before_analysing(tmp_path):
    target = write_wav(tmp_path / "session.wav")
    link = tmp_path / "link.wav"
    link.symlink_to(target)
    result = run_balint("analyse", str(link), "--delete-source", "--out", str(tmp_path / "o"))
    assert_one_line_error(result, "symbolic link", str(target))
    assert link.is_symlink() and target.exists() and not (tmp_path / "o").exists()


def test_delete_source_refuses_a_file_with_other_names(tmp_path):
    original = write_wav(tmp_path / "session.wav")
    os.link(original, tmp_path / "backup.wav")
    result = run_balint("analyse", str(original), "--delete-source", "--out", str(tmp_path / "o"))
    assert_one_line_error(result, "2 names")
    assert original.exists() and (tmp_path / "backup.wav").exists()


def test_an_implausible_header_is_refused_before_decoding(tmp_path):
    result = run_balint("analyse", str(write_wav(tmp_path / "one-hertz.wav", rate=1)))
    assert_one_line_error(result, "sample rate of 1 Hz")


@pytest.mark.slow
def test_a_truncated_recording_is_analysed_with_a_warning(tmp_path, data_dir):
    whole = (data_dir / "audio" / "pyannote_sample" / "sample.wav").read_bytes()
    cut = tmp_path / "cut.wav"
    cut.write_bytes(whole[: len(whole) // 2])
    result = run_balint("analyse", str(cut), "--speakers", "2", "--out", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    assert re.search(r"looks truncated: 1\d\.\d s decoded of the 30\.0 s its header claims", result.stderr)


@pytest.mark.parametrize("make_out", [
    lambda tmp: (tmp / "a-file").write_text("x") and tmp / "a-file",
    lambda tmp: tmp / "a-file-parent" / "deeper" if (tmp / "a-file-parent").write_text("x") else None,
])
def test_an_unwritable_out_is_refused_before_the_analysis(tmp_path, make_out, data_dir):
    out = make_out(tmp_path)
    result = run_balint("analyse", str(data_dir / "audio" / "pyannote_sample" / "sample.wav"), "--out", str(out))
    assert_one_line_error(result, "is not a folder")
    assert "transcrib" not in result.stderr


def test_an_impossible_speaker_count_is_refused_not_capped(tmp_path):
    assert_one_line_error(run_balint("analyse", "--transcript", "x.jsonl", "--speakers", "1000"), "at most 20", code=2)


def test_a_transcript_with_a_bom_and_control_characters(tmp_path):
    path = tmp_path / "t.jsonl"
    rows = [{"speaker": "A\x1b[2J", "start": 0, "end": 30, "text": "I want to tell you about a patient \x00 who worries me."},
            {"speaker": "B", "start": 31, "end": 33, "text": "Did you check her thyroid?\x1b]0;owned\x07"}]
    path.write_bytes(b"\xef\xbb\xbf" + "".join(json.dumps(r) + "\n" for r in rows).encode())
    result = run_balint("analyse", "--transcript", str(path), "--out", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "o" / "report.html").read_text()
    for shown in (result.stdout, html):
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", shown.replace("\n", "")), repr(shown[:200])


def test_a_missing_chunk_is_a_clear_error(tmp_path):
    from balint.analysis.types import BalintError
    from balint.recorder.store import ChunkStore

    store = ChunkStore(tmp_path)
    store.seal(b"\x00\x01" * 800)
    (store.folder / "chunk-000000.bin").unlink()
    with pytest.raises(BalintError, match="chunk 0 is missing"):
        store.open(0)
    receipt = store.destroy()
    assert receipt.key_wiped and receipt.folder_removed and not any(store._key)


@pytest.mark.slow
def test_transcribe_on_noise_says_there_is_no_speech(tmp_path):
    noise = tmp_path / "hiss.wav"
    with wave.open(str(noise), "wb") as out:
        out.setnchannels(1), out.setsampwidth(2), out.setframerate(16000)
        out.writeframes((0.01 * np.random.default_rng(1).standard_normal(160000) * 32767).astype("<i2").tobytes())
    assert_one_line_error(run_balint("transcribe", str(noise)), "no speech")


@pytest.mark.slow
def test_writing_into_the_current_folder_leaves_its_mode(tmp_path, data_dir):
    here = tmp_path / "here"
    here.mkdir()
    os.chmod(here, 0o755)
    sample = shutil.copy(data_dir / "audio" / "pyannote_sample" / "sample.wav", here / "s.wav")
    result = subprocess.run([os.sys.executable, "-m", "balint.recorder.cli", "diarize", str(sample), "--speakers", "2",
                             "--rttm", "who.rttm"], cwd=here, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(here.stat().st_mode) == 0o755
    assert stat.S_IMODE((here / "who.rttm").stat().st_mode) == 0o600
