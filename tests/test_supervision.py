"""Supervision over time: six sessions of one leader in training (tests/supervision_series.py), analysed
through the real command line, then `balint history` as a table, JSON, CSV and trend report, the
group-facing report, and forgetting. Every number the history shows is checked against the session's
own session.json, computed here independently from its fields."""

import csv
import io
import json
import shutil
import statistics
from pathlib import Path

import pytest

from tests.supervision_series import DATES, GROUP, LEADER_NAME, PEOPLE, write_series

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def sessions(tmp_path_factory):
    """Six analyses, one folder each, with the group, the leader's name, the date and the case given."""
    from tests.conftest import run_balint

    root = tmp_path_factory.mktemp("supervision")
    for number, (transcript, date) in enumerate(zip(write_series(root / "transcripts"), DATES), 1):
        result = run_balint("analyse", "--transcript", str(transcript), "--out", str(root / "sessions" / f"s{number}"),
                            "--group", GROUP, "--leader-name", LEADER_NAME, "--date", date, "--case", f"Mrs H, part {number}")
        assert result.returncode == 0, result.stderr
    return root / "sessions"


def expected_row(session: dict) -> dict:
    """The history's measures, straight from one session.json."""
    metrics = session["metrics"]
    discussion = [p for p in metrics["per_phase"] if p["phase"] == "discussion"]
    units = sum(p["units"] for p in discussion)
    latencies = [e["leader_latency_s"] for e in session["episodes"] if e["leader_latency_s"] is not None]
    return {"date": session["meta"]["date"], "episodes": metrics["episodes"]["total"],
            "flagged_episodes": metrics["episodes"]["flagged"],
            "median_latency_s": round(statistics.median(latencies), 1) if latencies else None,
            "invitations": metrics["leader"]["invitations_in_discussion"],
            "own_contributions": metrics["leader"]["own_contributions"],
            "leader_share": round(100 * metrics["talk_time_s"]["leader_share"], 1),
            "presenter_discussion_s": round(sum(p["presenter_talk_s"] for p in discussion), 1),
            "speculation_share": round(100 * sum(p["speculation_share"] * p["units"] for p in discussion) / units, 1),
            "feeling_share": round(100 * sum(p["feeling_share"] * p["units"] for p in discussion) / units, 1),
            "advice": len(metrics["advice"]), "silences": len(metrics["silences"])}


def saved(folder: Path) -> list[dict]:
    return [json.loads((folder / f"s{n}" / "session.json").read_text()) for n in range(1, 7)]


def test_the_metadata_is_stored_in_session_json(sessions):
    first = saved(sessions)[0]
    assert first["schema_version"] == "2.5"
    assert first["meta"] == {"group": GROUP, "leader_name": LEADER_NAME, "date": DATES[0], "case": "Mrs H, part 1"}


def test_the_leader_improves_across_the_series_as_written(sessions):
    rows = [expected_row(s) for s in saved(sessions)]
    assert rows[0]["flagged_episodes"] >= 1 and rows[-1]["flagged_episodes"] == 0
    assert rows[0]["advice"] > rows[-1]["advice"] == 0
    assert rows[0]["leader_share"] > rows[-1]["leader_share"]
    assert rows[0]["speculation_share"] < rows[-1]["speculation_share"]
    assert rows[0]["silences"] == 0 < rows[-1]["silences"]
    assert rows[0]["invitations"] == 0 < rows[-1]["invitations"]  # the leader's moves, as written
    assert rows[0]["own_contributions"] > rows[-1]["own_contributions"]


def test_json_csv_and_table_agree_with_each_session(sessions):
    from tests.conftest import run_balint

    expected = [expected_row(s) for s in saved(sessions)]
    document = json.loads(run_balint("history", str(sessions), "--json", "-").stdout)
    assert document["schema"] == "balint-history/1.0"
    (series,) = document["series"]
    assert (series["group"], series["leader_name"]) == (GROUP, LEADER_NAME)
    assert [s["date"] for s in series["sessions"]] == list(DATES)  # ordered by date
    for row, want in zip(series["sessions"], expected):
        assert {k: row[k] for k in want} == want

    table = list(csv.DictReader(io.StringIO(run_balint("history", str(sessions), "--csv", "-").stdout)))
    assert [r["date"] for r in table] == list(DATES)
    for row, want in zip(table, expected):
        assert {k: row[k] for k in want} == {k: "" if v is None else str(v) for k, v in want.items()}

    printed = run_balint("history", str(sessions)).stdout
    assert f"{GROUP} — {LEADER_NAME} (6 sessions)" in printed
    lines = [line for line in printed.splitlines() if line[:4] == "2026"]
    assert [line.split()[0] for line in lines] == list(DATES)
    for line, want in zip(lines, expected):
        assert f"{want['flagged_episodes']}/{want['episodes']}" in line
        assert f"{want['leader_share']:.0f} %" in line


def test_filters_and_a_session_without_metadata(sessions, tmp_path):
    from tests.conftest import run_balint

    folder = tmp_path / "more"
    shutil.copytree(sessions, folder)
    untagged = json.loads((folder / "s1" / "session.json").read_text())
    del untagged["meta"]
    untagged["schema_version"] = "2.0"  # written before the metadata existed: still read
    (folder / "s7").mkdir()
    (folder / "s7" / "session.json").write_text(json.dumps(untagged))
    document = json.loads(run_balint("history", str(folder), "--json", "-").stdout)
    assert sorted(s["group"] for s in document["series"]) == sorted([GROUP, "(no group)"])
    since = json.loads(run_balint("history", str(folder), "--since", DATES[3], "--json", "-").stdout)
    assert [s["date"] for s in since["series"][0]["sessions"]] == list(DATES[3:])  # the undated one is left out
    other = run_balint("history", str(folder), "--leader-name", "Someone Else")
    assert other.returncode == 0 and "no sessions found" in other.stdout


def test_a_corrupt_or_foreign_file_is_named_and_skipped(sessions, tmp_path):
    from tests.conftest import run_balint

    folder = tmp_path / "mixed"
    shutil.copytree(sessions, folder)
    (folder / "broken").mkdir()
    (folder / "broken" / "session.json").write_text('{"schema_version": "2.1", "units": [')
    (folder / "foreign").mkdir()
    (folder / "foreign" / "session.json").write_text('{"name": "a different program"}')
    result = run_balint("history", str(folder))
    assert result.returncode == 1
    skipped = [line for line in result.stderr.splitlines() if line.startswith("balint: skipped")]
    assert len(skipped) == 2 and "Traceback" not in result.stderr
    assert "(6 sessions)" in result.stdout  # the rest is still shown


def test_an_empty_folder_says_so(tmp_path):
    from tests.conftest import run_balint

    result = run_balint("history", str(tmp_path))
    assert result.returncode == 0 and "no sessions found" in result.stdout


def test_the_trend_report_in_a_real_browser(sessions, tmp_path):
    from playwright.sync_api import sync_playwright

    from balint.analysis.history import MEASURES
    from tests.conftest import run_balint

    out = tmp_path / "trends.html"
    assert run_balint("history", str(sessions), "--html", str(out)).returncode == 0
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    html = out.read_text()
    expected = [expected_row(s) for s in saved(sessions)]
    assert "Flagged episodes fell from" in html and "Advice given fell from" in html
    assert "Invitations in the discussion rose from 0 to 2" in html
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                         "--disable-background-networking", "--disable-component-update", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(out.as_uri())
        assert page.locator("figure").count() == len(MEASURES)  # one chart per measure
        assert page.locator("figure:has-text('Flagged episodes') circle.dot").count() == 6
        titles = page.locator("figure:has-text('Flagged episodes') circle.dot title").all_text_contents()
        assert titles == [f"{row['date']}: {row['flagged_episodes']}" for row in expected]
        links = page.locator("figure:has-text('Leader talk share') a")
        assert links.count() == 6
        for i in range(6):
            target = (out.parent / links.nth(i).get_attribute("href")).resolve()
            assert target == (sessions / f"s{i + 1}" / "report.html").resolve() and target.is_file()
        links.nth(0).locator("circle").click()
        page.wait_for_url("**/s1/report.html")
        assert page.title().startswith("Balint session review")
        assert requests == [out.as_uri(), (sessions / "s1" / "report.html").resolve().as_uri()], requests
        page.goto(out.as_uri())
        page.screenshot(path=str(tmp_path / "trends.png"), full_page=True)  # docs/trends.png is one of these
        browser.close()


def test_the_group_report_names_and_quotes_no_one(sessions, tmp_path):
    from playwright.sync_api import sync_playwright

    from tests.conftest import run_balint

    out = tmp_path / "group"
    result = run_balint("report", str(sessions / "s1" / "session.json"), "--audience", "group", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["group-report.html"]  # the group's folder holds its report alone
    page = (out / "group-report.html").read_text()
    session = json.loads((sessions / "s1" / "session.json").read_text())
    names = set(PEOPLE) | set(session["speakers"]) | {r["name"] for r in session["roles"]} | {LEADER_NAME}
    for name in names:
        assert name not in page, name
    for unit in session["units"]:
        assert unit["text"] not in page, unit["text"]
    assert session["meta"]["case"] not in page  # the case title stays with the leader
    assert "When the presenter was questioned" in page and "Our discussion" in page and "Silences" in page
    assert "per person" not in page.lower() and "talk time" not in page.lower()
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        view = browser.new_page(viewport={"width": 1100, "height": 900})
        view.goto((out / "group-report.html").as_uri())
        view.screenshot(path=str(tmp_path / "group-report.png"), full_page=True)  # as docs/group-report.png
        browser.close()


def test_forget_removes_one_session_and_nothing_else(sessions, tmp_path):
    from tests.conftest import run_balint

    folder = tmp_path / "copy"
    shutil.copytree(sessions, folder)
    (folder / "s2" / "notes.txt").write_text("the leader's own notes")
    before = {p for p in folder.rglob("*")}
    result = run_balint("forget", str(folder / "s1"))
    assert result.returncode == 0 and str(folder / "s1" / "session.json") in result.stdout
    assert not (folder / "s1").exists()
    assert {p for p in folder.rglob("*")} == {p for p in before if folder / "s1" not in (p, *p.parents)}
    result = run_balint("forget", str(folder / "s2" / "session.json"))
    assert result.returncode == 0
    assert sorted(p.name for p in (folder / "s2").iterdir()) == ["notes.txt"]  # someone else's file stays
    missing = run_balint("forget", str(folder / "s2"))
    assert missing.returncode == 1 and "no session.json" in missing.stderr and missing.stderr.count("\n") == 1


def test_purge_until_a_date_removes_only_the_older_sessions(sessions, tmp_path):
    from tests.conftest import run_balint

    folder = tmp_path / "purge"
    shutil.copytree(sessions, folder)
    refused = run_balint("history", str(folder), "--purge")
    assert refused.returncode == 1 and "--until" in refused.stderr
    result = run_balint("history", str(folder), "--purge", "--until", DATES[2])
    assert result.returncode == 0 and "removed 3 sessions dated up to 2026-02-03: 6 files and 3 folders" in result.stdout
    assert sorted(p.name for p in folder.iterdir()) == ["s4", "s5", "s6"]
    for name in ("s4", "s5", "s6"):
        assert sorted(p.name for p in (folder / name).iterdir()) == ["report.html", "session.json"]


def test_the_date_defaults_to_the_recordings_and_report_keeps_what_was_stored(tmp_path):
    import os
    import time

    from tests.conftest import run_balint
    from tests.supervision_series import SERIES, transcript

    path = tmp_path / "old.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in transcript(SERIES[0])))
    written = time.mktime((2025, 11, 4, 12, 0, 0, 0, 0, -1))
    os.utime(path, (written, written))
    assert run_balint("analyse", "--transcript", str(path), "--out", str(tmp_path / "a"), "--group", GROUP).returncode == 0
    meta = json.loads((tmp_path / "a" / "session.json").read_text())["meta"]
    assert meta == {"group": GROUP, "leader_name": None, "date": "2025-11-04", "case": None}
    assert run_balint("report", str(tmp_path / "a" / "session.json"), "--leader-name", LEADER_NAME).returncode == 0
    meta = json.loads((tmp_path / "a" / "session.json").read_text())["meta"]
    assert meta == {"group": GROUP, "leader_name": LEADER_NAME, "date": "2025-11-04", "case": None}
    bad = run_balint("analyse", "--transcript", str(path), "--date", "2026-02-30")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr and bad.stderr.count("\n") == 1


def test_the_history_and_the_trend_report_in_german(sessions, tmp_path):
    from tests.conftest import run_balint

    out = tmp_path / "verlauf.html"
    assert run_balint("history", str(sessions), "--html", str(out), "--report-language", "de").returncode == 0
    page = out.read_text()
    assert "<html lang='de'>" in page and "Sitzungen im Verlauf" in page and "Schutzlatenz (Median)" in page
    assert "Einladungen in der Diskussion: über die letzten 5 Sitzungen von 0 auf 2 gestiegen." in page
    table = run_balint("history", str(sessions), "--report-language", "de").stdout
    assert "(6 Sitzungen)" in table and "Datum" in table


def test_a_history_of_sessions_reported_in_german_is_german_unless_asked_otherwise(sessions, tmp_path):
    from tests.conftest import run_balint

    folder = tmp_path / "deutsch"
    shutil.copytree(sessions, folder)
    for name in ("s1", "s2", "s3", "s4"):  # four of six re-rendered in German: the history follows the most
        assert run_balint("report", str(folder / name / "session.json"), "--report-language", "de").returncode == 0
    assert "(6 Sitzungen)" in run_balint("history", str(folder)).stdout
    assert "(6 sessions)" in run_balint("history", str(folder), "--report-language", "en").stdout
    assert "(6 sessions)" in run_balint("history", str(sessions)).stdout
