"""The HTML report in a real headless browser (Debian's chromium): it renders, the timeline is there,
episode links jump to their episode, the excerpt toggle hides quotes, and nothing is fetched."""

import pytest

from balint.analysis.pipeline import analyse_transcript
from balint.analysis.report.session_json import write_reports


@pytest.fixture(scope="module")
def report(tmp_path_factory, demo_transcript):
    out = tmp_path_factory.mktemp("html")
    write_reports(analyse_transcript(demo_transcript), out)
    return out / "report.html"


def test_renders_with_timeline_and_fetches_nothing(page, report, tmp_path):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(report.as_uri())
    assert page.title().startswith("Balint session review")
    assert page.locator("#timeline-svg").is_visible()
    assert page.locator("#timeline-svg rect.unit").count() == 79  # one bar per unit of the demo
    assert page.locator("#timeline-svg rect.episode-mark").count() == 2
    assert page.locator("#timeline-svg rect.unit[data-label='QUESTION']").count() >= 10
    assert requests == [report.as_uri()], requests  # the file itself, nothing else
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)


def test_episode_links_jump_to_their_episode(page, report):
    page.goto(report.as_uri())
    assert page.evaluate("window.scrollY") == 0
    page.locator("ul.obs a[href='#episode-2']").click()
    page.wait_for_function("location.hash === '#episode-2'")
    box = page.locator("#episode-2").bounding_box()
    assert -5 <= box["y"] < 50, box  # the episode now sits at the top of the viewport
    assert "flagged" in page.locator("#episode-2 h3").inner_text()
    page.goto(report.as_uri())
    page.locator("#timeline-svg a[href='#episode-1'] text.episode-link").click()
    page.wait_for_function("location.hash === '#episode-1'")
    assert -5 <= page.locator("#episode-1").bounding_box()["y"] < 50


def test_excerpts_can_be_hidden(page, report):
    page.goto(report.as_uri())
    quote = page.locator("#episode-2 td.quote").first
    assert quote.is_visible() and "?" in quote.inner_text()
    page.locator("label.toggle").click()
    assert not quote.is_visible()


def test_prints(page, report, tmp_path):
    page.goto(report.as_uri())
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf))
    assert pdf.stat().st_size > 10_000


def test_the_leader_has_a_row_of_moves_and_each_phase_says_which_moves_opened_and_held_it(page, report, tmp_path):
    """Issue 22: supervision asks which interventions established each segment; docs/leader-moves.png is this view."""
    page.goto(report.as_uri())
    marks = page.locator("#timeline-svg rect.leader-move")
    assert marks.count() >= 10
    assert {marks.nth(i).get_attribute("data-move") for i in range(marks.count())} >= {
        "framing", "protecting", "inviting", "bringing_back", "closing"}
    assert "protecting the presenter" in page.locator("#moves-legend").inner_text()
    leader_row = page.locator("#timeline-svg text", has_text="↳ moves").bounding_box()
    assert leader_row and marks.first.bounding_box()["y"] == pytest.approx(leader_row["y"], abs=12)
    rows = {r.locator("td").first.inner_text(): r.locator("td").nth(1).inner_text()
            for r in page.locator("#moves-per-phase tr").all()[1:]}
    assert rows["discussion"].startswith("protecting the presenter") and rows["closing"].startswith("closing")
    assert rows["call for case"].startswith("framing") and rows["presenter returns"].startswith("bringing")
    talk = page.locator("#leader-talk").inner_text()
    assert talk.startswith("Of your") and "framing" in talk and "inviting the group" in talk and "own contribution" in talk
    page.locator("#timeline").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "leader-moves.png"), full_page=True)
