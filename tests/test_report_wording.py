"""What the reports say matches what happened: a redirect is what the codebook calls one, no advice to a leader
nobody identified, trend words that see a rise in the middle, years on the axis, counts in good English, every
threshold printed with its unit, nothing clipped or overflowing, and one definition of each number."""

from __future__ import annotations

import inspect
import re
import shutil
from dataclasses import replace
from html import unescape

import pytest

from balint.analysis.history import MEASURES, SessionRow, progress_summary, row_of
from balint.analysis.pipeline import Known, interpret
from balint.analysis.report.group_html import render_group_html
from balint.analysis.report.history_text import history_tables
from balint.analysis.report.html import render_html
from balint.analysis.report.terminal import summary_lines
from balint.analysis.report.trend_html import render_trends
from balint.analysis.types import SessionAnalysis, SessionMetrics, Turn, Unit
from tests.conftest import ROOT, run_balint
from tests.test_two_cases import MARKS, analysis_of_two_cases

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
QUESTIONING = [  # (speaker, start, text) in a discussion marked at 60 s: three questions to the presenter
    ("L", 1, "Who has a case for us tonight?"),
    ("P", 5, "I want to tell you about a woman who comes every week with the same pain, and I dread it."),
    ("A", 62, "How old is she?"), ("P", 65, "Fifty four."),
    ("B", 70, "Did you check her thyroid?"), ("P", 73, "Yes."),
    ("L", 76, "Right."),  # an acknowledgement: the codebook says it is no redirect
    ("A", 80, "Why didn't you refer her?"), ("P", 83, "She refused."),
    ("L", 88, "Okay, thank you."),
    ("L", 95, "Let's put the questions aside now and just think about her."),
    ("C", 110, "Maybe she needs him to fail her."),
]


def questioning(leader: str | None) -> SessionAnalysis:
    units = [Unit(i, s, float(t), float(t) + 2.5, text) for i, (s, t, text) in enumerate(QUESTIONING)]
    analysis = SessionAnalysis(source={"name": "q"}, duration_s=120.0, speakers=sorted({u.speaker for u in units}),
                               turns=[Turn(u.speaker, u.start, u.end) for u in units], units=units, models=[],
                               settings={}, timings_s={}, metrics=SessionMetrics(speech_s=30.0, words=80))
    known = Known(leader=leader, presenter="P", roles={} if leader else dict.fromkeys("LABC", "member"),
                  marks=[("presentation", 4.0), ("discussion", 60.0)])
    return interpret(analysis, known=known)


def test_an_acknowledgement_is_no_redirect():
    analysis = questioning("L")
    (episode,) = analysis.episodes
    assert episode.flagged and episode.redirected is True
    assert episode.leader_latency_s == 95.0 - 70.0  # "Right." at 76 s and "Okay, thank you." do not count
    assert any("You redirected 25 s after the second question" in o.text for o in analysis.observations)


def test_without_a_leader_the_redirect_is_unknown_and_no_one_is_advised():
    analysis = questioning(None)
    (episode,) = analysis.episodes
    assert episode.redirected is None and episode.leader_latency_s is None
    said = " ".join(o.text for o in analysis.observations)
    assert "next time you might" not in said and "You redirected" not in said and "No leader was identified" in said
    html = render_html(analysis)
    assert "unknown: no leader was identified" in html and "not redirected" not in html
    assert "who brought us back is not known" in render_group_html(analysis)


def test_the_session_json_round_trip_keeps_an_unknown_redirect():
    analysis = questioning(None)
    again = SessionAnalysis.from_dict(analysis.to_dict())
    assert again.episodes[0].redirected is None


def rows(values: list[float], dates: list[str]) -> list[SessionRow]:
    return [SessionRow(path=f"/s{i}/session.json", report=None, group="g", leader_name="l", date=date, case=None,
                       duration_min=90, episodes=0, flagged_episodes=0, median_latency_s=None, invitations=None,
                       own_contributions=None, leader_share=value,
                       presenter_discussion_s=None, speculation_share=None, feeling_share=None, advice=0, silences=0)
            for i, (value, date) in enumerate(zip(values, dates))]


def test_a_rise_in_the_middle_is_named_not_called_steady():
    summary = progress_summary(rows([21, 36, 21], ["2025-12-01", "2026-01-05", "2026-12-01"]))
    assert summary == ["Worth watching: leader talk share rose from 21 % to 36 % on 2026-01-05 and came back to 21 % "
                       "over the last 3 sessions."]
    dip = progress_summary(rows([21, 12, 21], ["2026-01-01", "2026-02-01", "2026-03-01"]))
    assert dip == ["Leader talk share dipped from 21 % to 12 % on 2026-02-01 and came back to 21 % over the last 3 sessions."]
    assert progress_summary(rows([21, 22, 21], ["2026-01-01", "2026-02-01", "2026-03-01"]))[0].startswith("The measures held")


def test_the_trend_axis_shows_the_year_where_the_dates_cross_one(tmp_path):
    from balint.analysis.history import History

    page = render_trends(History(rows(rows_values := [21, 36, 21], ["2025-12-01", "2026-01-05", "2026-12-01"])),
                         tmp_path / "t.html")
    assert len(rows_values) == 3
    years = re.findall(r"<text class='year'[^>]*>(\d{4})</text>", page)
    assert years[:2] == ["2025", "2026"] and len(years) == 2 * len(MEASURES)  # each chart: 2025 once, 2026 once
    within = render_trends(History(rows([1, 2], ["2026-01-01", "2026-02-01"])), tmp_path / "u.html")
    assert "class='year'" not in within


def test_counts_read_as_english():
    analysis = questioning("L")
    one = replace(analysis, speakers=["L"])
    assert ", 1 speaker, " in summary_lines(one)[0]
    assert "(1 session)" in history_tables([(("g", "l"), rows([20], ["2026-01-01"]))])
    spoken = interpret(analysis_of_two_cases(), known=Known(leader="L", marks=MARKS)).units
    one_feeling = [u for u in spoken if u.label != "FEELING" or u.id == 11]
    analysis = SessionAnalysis(source={}, duration_s=500.0, speakers=sorted({u.speaker for u in one_feeling}),
                               turns=[], units=one_feeling, models=[], settings={}, timings_s={})
    said = [o.text for o in interpret(analysis, known=Known(leader="L", marks=MARKS)).observations
            if o.kind == "speculation"]
    assert "1 was members' own feelings" in said[1], said


def test_every_threshold_is_printed_with_its_unit():
    html = render_html(questioning("L"))
    assert "presenter answers within 3 s" in html and "clarifying planned 10 min" in html
    assert "small leader share 20 %" in html and "presenter discussion near zero 30 s" in html
    assert "rise max words 12" in html and "same speaker gap 1.5 s" in html and "reply gap 2 s" in html
    assert "within s" not in html
    assert "learned decision heads" in html and "question detector" not in html


def test_the_recorders_thresholds_are_printed_too():
    analysis = questioning("L")
    analysis.settings["recording"] = {"no_sound_warning_s": 10.0, "sound_level_dbfs": -55.0, "clip_level": 0.99}
    assert "sound level -55 dBFS" in render_html(analysis)


def test_phase_names_are_never_clipped():
    analysis = interpret(analysis_of_two_cases(), known=Known(leader="L", marks=[("call_for_case", 0.0),
                                                                                   ("presentation", 4.0),
                                                                                   ("discussion", 100.0)]))
    names = {"call for case", "presentation", "clarifying", "discussion", "presenter returns", "closing"}
    labels = re.findall(r"<text x='[\d.]+' y='26'>([^<]*)</text>", render_html(analysis))
    assert labels and set(labels) <= names, labels  # "call for case" (4 s of 500) does not fit: not shown at all
    assert "call for case" not in labels
    group = [unescape(t) for t in re.findall(r"<text x='[\d.]+' y='26'>([^<]*)</text>", render_group_html(analysis))]
    assert set(group) <= {"the group's discussion", "the presentation"}, group


def test_the_group_report_explains_its_red_boxes():
    assert "a run of questions to the presenter" in render_group_html(questioning("L"))


def test_talk_time_is_read_from_the_metrics_not_recomputed():
    analysis = questioning("L")
    analysis.metrics.talk_time_s.per_person = {"P": 600.0, "L": 200.0}
    html = render_html(analysis)
    assert "<td class='num'>10:00</td><td class='num'>75 %</td>" in html


def test_the_discussion_share_has_one_definition():
    analysis = interpret(analysis_of_two_cases(), known=Known(leader="L", marks=MARKS))
    row = row_of(analysis, ROOT / "nowhere" / "session.json")
    share = analysis.metrics.discussion_share("SPECULATION")
    assert share == pytest.approx(3 / 8) and row.speculation_share == round(100 * share, 1)
    assert f"{100 * share:.0f} % of what was said in the discussion was speculation" in render_group_html(analysis)


def test_a_very_long_name_does_not_push_the_page_sideways(tmp_path):
    from playwright.sync_api import sync_playwright

    from balint.analysis.report.session_json import write_group_report, write_reports

    analysis = questioning("L")
    analysis.meta.leader_name = analysis.meta.group = "W" * 100_000
    write_reports(analysis, tmp_path)
    write_group_report(analysis, tmp_path)
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        for name in ("report.html", "group-report.html"):
            page.goto((tmp_path / name).as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= 1100, name
        browser.close()


def test_the_leader_speaks_first_is_known_without_a_second_pass():
    analysis = questioning("L")
    analysis.units = [Unit(0, "B", 0.0, 0.9, "Good evening, everyone."), *analysis.units]
    told = interpret(analysis, known=Known(leader_speaks_first=True, presenter="P"))
    leader = next(r for r in told.roles if r.role == "leader")
    assert leader.speaker == "B" and leader.how == "given"
    assert told.settings["known"]["leader_speaks_first"] is True


# -- the code review's structural points --------------------------------------------------------------------------

def test_the_command_line_is_built_from_small_parts_with_one_usage_exit():
    from balint.recorder import cli
    from balint.recorder.cli import parser

    assert parser.EXIT_USAGE is cli.EXIT_USAGE and "EXIT_USAGE =" not in inspect.getsource(parser)
    assert len(inspect.getsource(parser.build_parser).splitlines()) <= 20


def test_a_token_is_never_taken_on_the_command_line():
    refused = run_balint("models", "fetch", "pyannote/x", "--token", "hf_secret")
    assert refused.returncode == 2 and "unrecognized arguments" in refused.stderr
    assert "HF_TOKEN" in run_balint("models", "--help").stdout


def test_one_speed_claim_for_the_ge2e_diariser():
    claims = (ROOT / "README.md").read_text() + run_balint("analyse", "--help").stdout
    for folder in ("analysis", "recorder"):
        claims += "".join(p.read_text() for p in (ROOT / folder).rglob("*.py"))
    assert "ten times" not in claims and "five times faster" in claims


def test_report_file_names_have_one_home():
    for path in (ROOT / "analysis").rglob("*.py"):
        if path.name != "files.py":
            assert '"report.html"' not in path.read_text() and '"session.json"' not in path.read_text(), path
