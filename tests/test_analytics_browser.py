"""Results in a real browser (Debian's chromium driven by playwright): the Analytics page and a
campaign page render with no JavaScript errors, their charts show with JavaScript off and
in the dark scheme, every chart has its table, and the client report prints to a PDF.

CI installs chromium (``apt-get install chromium``); without it these tests are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from smmplan.load import load_project
from smmplan.pipeline import build_site, check_project
from smmplan.render import client_report
from smmplan.render.client_report import Month
from smmplan.results import collect
from smmplan.results.model import ResultsFilter
from tests.conftest import write
from tests.test_site_analytics import NOW, analytics_repo, rows
from tests.test_site_browser import ARGS, CHROMIUM, Watched, serving
from tests.test_site_browser import pytestmark as needs_chromium

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("analytics-site"), analytics_repo())


@pytest.fixture(scope="module")
def site_url(repo) -> Iterator[str]:
    project = load_project(repo)
    results = collect(project, rows(), NOW)
    diagnostics = check_project(project, NOW, results)
    build_site(
        repo, repo / "public", NOW, project=project, diagnostics=diagnostics, results=results
    )
    with serving(repo / "public") as url:
        yield url


@pytest.fixture(scope="module")
def report_file(repo) -> Path:
    project = load_project(repo)
    month = Month.parse("2026-11")

    def of(span: Month):
        return collect(
            project, rows(), NOW, ResultsFilter(frozenset({"kofe"}), None, span.first, span.last)
        )

    content = client_report.render(
        project, project.brands["kofe"], month, of(month), of(month.previous)
    )
    path = repo / "reports" / "kofe-2026-11.html"
    client_report.write(path, content)
    return path


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


CHARTS = """() => [...document.querySelectorAll('figure.smm-figure')].map(f => {
    const svg = f.querySelector('svg.smm-chart');
    const box = svg ? svg.getBoundingClientRect() : null;
    return {id: f.id, width: box ? Math.round(box.width) : 0, height: box ? Math.round(box.height) : 0,
            rows: f.querySelectorAll('table tbody tr').length,
            note: (f.querySelector('.smm-figure__note') || {}).textContent || ''};
})"""


def test_analytics_page_renders_its_charts_and_tables(browser, site_url):
    watched = Watched(browser)
    page = watched.open(site_url + "brands/kofe/analytics/")
    assert page.locator("h1").first.inner_text() == "Analytics: Kofe House"
    figures = {f["id"]: f for f in page.evaluate(CHARTS)}
    for anchor in ("by-week", "by-network", "by-tag", "by-format", "heatmap", "best-times"):
        assert figures[anchor]["width"] > 300 and figures[anchor]["height"] > 20, anchor
        assert figures[anchor]["rows"] > 0, anchor
    assert figures["top"]["rows"] == 5 and figures["bottom"]["rows"] == 5
    assert figures["best-days"]["note"].startswith("Not enough posts")
    link = page.locator("#top tbody tr").first.locator("a").first
    assert link.inner_text() == "Post 13 x"
    link.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").first.inner_text() == "Post 13 x"
    assert page.locator(".smm-post-result[data-network=x] .smm-live").count() == 1
    assert watched.errors == [] and watched.pwned() is None


def test_charts_show_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "brands/kofe/analytics/")
    boxes = page.locator("svg.smm-chart").evaluate_all(
        "svgs => svgs.map(s => Math.round(s.getBoundingClientRect().width))"
    )
    assert len(boxes) == 6 and min(boxes) > 300
    assert page.locator("figure.smm-figure table.smm-data").count() == 8
    assert page.locator("svg.smm-chart title").first.text_content().startswith("Engagement by week")
    context.close()


def test_campaign_page_shows_kpi_bars_light_and_dark(browser, site_url):
    fills = {}
    for scheme in ("light", "dark"):
        watched = Watched(browser, color_scheme=scheme)
        page = watched.open(site_url + "campaigns/push/")
        bars = page.locator(".smm-kpi svg.smm-chart--progress")
        assert bars.count() == 3
        widths = bars.evaluate_all("b => b.map(s => s.getBoundingClientRect().width)")
        fill = page.locator(".smm-kpi .smm-chart__bar").first
        ratio = fill.evaluate(
            "r => r.getBoundingClientRect().width / r.ownerSVGElement.getBoundingClientRect().width"
        )
        assert min(widths) > 200 and round(ratio, 2) == 0.93
        assert page.locator(".smm-pace").all_inner_texts() == ["ahead", "on track", "behind"]
        fills[scheme] = fill.evaluate("r => getComputedStyle(r).fill")
        assert watched.errors == [] and watched.pwned() is None and watched.dialogs == []
    assert fills["light"] != fills["dark"]  # the bars follow material's scheme


def test_published_from_analytics_on_the_board(browser, site_url):
    page = Watched(browser).open(site_url + "board/")
    column = page.locator(".smm-board__column[data-status=published]")
    assert column.locator(".smm-card").count() == 14
    assert column.locator(".smm-from-results").first.inner_text() == "from analytics"


def test_client_report_renders_offline_and_prints_to_pdf(browser, report_file):
    watched = Watched(browser)
    requests: list[str] = []
    watched.page.on("request", lambda r: requests.append(r.url))
    page = watched.page
    page.goto(report_file.as_uri())
    page.wait_for_load_state("load")
    assert requests == [report_file.as_uri()]  # nothing else is fetched
    assert page.locator("h1").inner_text() == "Kofe House"
    assert page.locator("svg.smm-chart").count() == 8
    assert page.locator(".contents").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".contents").is_visible()
    breaks = page.locator("section.sheet").evaluate_all(
        "s => s.map(x => getComputedStyle(x).breakBefore)"
    )
    assert breaks == ["avoid", "page", "page", "page", "page", "page"]
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF-")
    pages = re.search(rb"/Type /Pages\s*/Count (\d+)", pdf) or re.search(rb"/Count (\d+)", pdf)
    assert pages and int(pages.group(1)) >= 6  # each of the six sections starts a page
    assert watched.errors == [] and watched.pwned() is None
