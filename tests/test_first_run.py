"""A first run that makes sense: the README's and --help's examples, run as written on the bundled demo, give the
demo's real roles, phases and episodes; `record` says there is no microphone before asking for consent; input
that is not a session (a tone, a pipe, an unreadable file) is one line; the group's copy is the group's alone."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ROOT, run_balint
from tests.test_feedback_demo import check_from_audio, heard_as_golden
from tests.test_safe_paths import AS_A_USER, one_line_error

DEMO_ARGUMENT = "examples/demo/session.flac"


def readme_block(heading: str) -> list[str]:
    """The commands of the first ```sh block under a README heading, continuation lines joined, comments cut."""
    text = (ROOT / "README.md").read_text()
    section = text[text.index(heading):]
    block = section[section.index("```sh\n") + 6:]
    block = block[: block.index("```")].replace("\\\n", " ")
    lines = [re.sub(r"\s+#.*$", "", line).strip() for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def demo_commands_elsewhere() -> list[str]:
    """Every other README line and every --help example that analyses the demo: the part from `balint` on."""
    readme = (ROOT / "README.md").read_text().replace("\\\n", " ")
    found = [line[line.index("balint analyse"):] for line in readme.splitlines() if f"balint analyse {DEMO_ARGUMENT}" in line]
    helps = [run_balint("--help").stdout] + [run_balint(c, "--help").stdout for c in ("analyse", "report", "history")]
    found += [line.strip() for text in helps for line in text.splitlines()
              if line.strip().startswith(f"balint analyse {DEMO_ARGUMENT}")]
    supervision = set(readme_block("## Supervision"))
    return sorted({re.sub(r"\s+#.*$", "", line).strip() for line in found} - supervision)


def run_line(line: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    words = shlex.split(os.path.expandvars(line))
    assert words[0] == "balint", line
    return subprocess.run([sys.executable, "-m", "balint.recorder.cli", *words[1:]], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=600, stdin=subprocess.DEVNULL)


def demo_is_right(session_json: Path) -> None:
    check_from_audio(json.loads(session_json.read_text()), tolerance_s=3.0)


@pytest.mark.slow
def test_the_readme_supervision_example_runs_as_written_on_the_demo(tmp_path):
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "home" / "data"),
           "PULSE_SERVER": f"unix:{tmp_path}/no-sound-server"}  # whatever runs on this machine: no microphone here
    lines = readme_block("## Supervision")
    assert len(lines) >= 12, lines
    for line in lines:
        result = run_line(line, tmp_path, env)
        if line.startswith("balint record"):  # no microphone on this machine: one line, before any consent
            one_line_error(result, "no microphone")
            continue
        assert result.returncode == 0, (line, result.stderr)
        assert "Traceback" not in result.stderr, (line, result.stderr)
        if line.startswith("balint analyse"):
            assert "7 speakers" in result.stdout and "Leader" in result.stdout and "Presenter" in result.stdout
            march = tmp_path / "sessions" / "march" / "session.json"
            if march.is_file() and heard_as_golden(json.loads(march.read_text())):  # see tests/test_feedback_demo.py
                assert "You redirected" in result.stdout and "from 5 of 5 members" in result.stdout, result.stdout
    demo_is_right(tmp_path / "sessions" / "march" / "session.json")
    assert sorted(p.name for p in (tmp_path / "for-the-group").iterdir()) == ["group-report.html"]
    assert {p.name for p in (tmp_path / "sessions" / "march").iterdir()} >= {"session.eaf", "session.vtt"}
    assert not (tmp_path / "sessions" / "april").exists()  # forgotten by the example
    for written in ("trends.html", "history.json", "sessions.csv"):
        assert (tmp_path / written).stat().st_size > 0
    assert (tmp_path / "sessions" / "march" / "session.json").exists()  # the dry runs deleted nothing


@pytest.mark.slow
def test_every_other_demo_example_in_the_readme_and_help_gives_the_demos_roles_phases_and_episodes(tmp_path):
    lines = demo_commands_elsewhere()
    assert len(lines) >= 2, lines  # the privacy section's and `balint --help`'s
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    env = {**os.environ, "HOME": str(tmp_path), "t": str(tmp_path / "t"), "XDG_DATA_HOME": str(tmp_path / "data")}
    for number, line in enumerate(lines):
        out = tmp_path / f"out{number}"
        line = re.sub(r"--out \S+", "", line) + f" --out {out}"
        result = run_line(line, tmp_path, env)
        assert result.returncode == 0, (line, result.stderr)
        demo_is_right(out / "session.json")


def test_record_says_there_is_no_microphone_before_asking_for_consent(tmp_path):
    import pty

    controller, terminal = pty.openpty()
    env = {**os.environ, "PULSE_SERVER": f"unix:{tmp_path}/none", "XDG_DATA_HOME": str(tmp_path)}
    process = subprocess.Popen([sys.executable, "-m", "balint.recorder.cli", "record"], stdin=terminal,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        stdout, stderr = process.communicate(timeout=60)  # before: waiting at "How many people are present"
    finally:
        os.close(controller), os.close(terminal)
    assert process.returncode == 1 and "no microphone" in stderr and stderr.count("\n") == 1, stderr
    assert "How many" not in stdout + stderr and "consent" not in stdout + stderr


def tone(path: Path, seconds: float) -> Path:
    t = np.arange(int(16000 * seconds)) / 16000
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1), out.setsampwidth(2), out.setframerate(16000)
        out.writeframes((0.5 * np.sin(2 * np.pi * 440 * t) * 32767).astype("<i2").tobytes())
    return path


@pytest.mark.slow
def test_half_a_second_of_tone_is_an_error_not_an_empty_report(tmp_path):
    result = run_balint("analyse", str(tone(tmp_path / "tone.wav", 0.5)), "--out", str(tmp_path / "o"))
    one_line_error(result, "too little to analyse")
    assert not (tmp_path / "o").exists()


def test_a_pipe_is_refused_at_once_not_read_as_empty(tmp_path):
    os.mkfifo(tmp_path / "stream.wav")
    for command in ("analyse", "transcribe", "diarize"):
        result = run_balint(command, str(tmp_path / "stream.wav"), timeout=60)
        one_line_error(result, "not a regular file")
        assert "empty" not in result.stderr


def test_an_unreadable_recording_says_so(tmp_path):
    path = tone(tmp_path / "locked.wav", 4)
    os.chmod(path, 0)
    result = subprocess.run([*AS_A_USER, sys.executable, "-m", "balint.recorder.cli", "analyse", str(path)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    one_line_error(result, "cannot be read", "permission")
    assert "not an audio file" not in result.stderr


@pytest.fixture(scope="module")
def transcript_session(tmp_path_factory) -> Path:
    from tests.supervision_series import SERIES, transcript

    root = tmp_path_factory.mktemp("group")
    path = root / "s.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in transcript(SERIES[0])))
    result = run_balint("analyse", "--transcript", str(path), "--out", str(root / "session"), "--audience", "group",
                        "--leader-name", "Dr Ruth Lee", "--case", "Mrs H")
    assert result.returncode == 0, result.stderr
    (root / "stdout.txt").write_text(result.stdout)
    return root / "session"


def test_analyse_for_the_group_still_gives_the_leader_a_summary_and_a_report(transcript_session):
    assert sorted(p.name for p in transcript_session.iterdir()) == ["group-report.html", "report.html", "session.json"]
    stdout = (transcript_session.parent / "stdout.txt").read_text()
    assert "people:" in stdout and "what stood out:" in stdout and "group-report.html" in stdout


def test_the_groups_folder_gets_the_groups_report_alone(transcript_session, tmp_path):
    session = json.loads((transcript_session / "session.json").read_text())
    result = run_balint("report", str(transcript_session), "--audience", "group", "--group-quotes", "--out",
                        str(tmp_path / "grp"))
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (tmp_path / "grp").iterdir()] == ["group-report.html"]
    page = (tmp_path / "grp" / "group-report.html").read_text()
    flagged = {i for e in session["episodes"] for i in e["unit_ids"]}
    for forbidden in {*session["speakers"], "Dr Ruth Lee", "Mrs H"} | {r["name"] for r in session["roles"]}:
        assert forbidden not in page, forbidden
    for unit in session["units"]:
        if unit["id"] not in flagged:  # only the questions' words, with --group-quotes
            assert unit["text"] not in page, unit["text"]
    refused = run_balint("report", str(transcript_session), "--audience", "group", "--presenter", "Sam",
                         "--out", str(tmp_path / "grp2"))
    one_line_error(refused, "correct it first")


def test_report_takes_the_session_folder_and_a_re_render_prints_no_stale_timings(transcript_session, tmp_path):
    result = run_balint("report", str(transcript_session), "--out", str(tmp_path / "again"))
    assert result.returncode == 0, result.stderr
    assert "people:" in result.stdout and "time:" not in result.stdout  # the stage times belong to the first run
    assert sorted(p.name for p in (tmp_path / "again").iterdir()) == ["report.html", "session.json"]
