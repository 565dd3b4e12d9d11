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
