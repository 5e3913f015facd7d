"""The content mix bar in a real browser (Debian's chromium), with JavaScript off: the
week page draws each pillar's share as a part of the bar as wide as its share, and the
numbers are there as text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import write
from tests.test_pillars import SITE
from tests.test_site_browser import CHROMIUM, Watched, browser, serving  # noqa: F401 - fixture
from tests.test_site_build import build

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory) -> Iterator[str]:
    root = write(tmp_path_factory.mktemp("repo"), SITE)
    result = build(root)
    assert result.exit_code == 0, result.output
    with serving(root / "public") as url:
        yield url


def test_the_week_bar_is_as_wide_as_the_shares(browser, site_url):  # noqa: F811
    watched = Watched(browser, viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = watched.open(site_url + "week/2026-W48/")
    mix = page.locator(".smm-mix")
    assert mix.count() == 1
    assert mix.locator("figcaption").inner_text() == "Content mix of Qəhvə <b>Evi</b>, 2026-W48"
    parts = page.eval_on_selector_all(
        ".smm-mix__bar--posts .smm-mix__part",
        """parts => parts.map(p => [p.textContent,
            Math.round(100 * p.getBoundingClientRect().width
                / p.parentElement.getBoundingClientRect().width)])""",
    )
    assert parts == [["educate 20%", 20], ["entertain 20%", 20], ["promote 60%", 60]]
    targets = page.eval_on_selector_all(
        ".smm-mix__bar--target .smm-mix__part", "parts => parts.map(p => p.textContent)"
    )
    assert targets == ["educate 40%", "entertain 30%", "promote 20%", "community 10%"]
    rows = page.eval_on_selector_all(
        ".smm-mix__table tbody tr",
        "rows => rows.map(r => [...r.children].map(c => c.innerText.trim()))",
    )
    assert rows == [
        ["educate", "1", "20% under target", "40%"],
        ["entertain", "1", "20%", "30%"],
        ["promote", "3", "60% over target", "20%"],
        ["community", "0", "0%", "10%"],
    ]
    assert page.locator(".smm-mix__part").first.is_visible()
    assert watched.errors == []


def test_the_brand_page_has_the_month_bar(browser, site_url):  # noqa: F811
    watched = Watched(browser, java_script_enabled=False)
    page = watched.open(site_url + "brands/qehve-evi/")
    assert page.locator(".smm-mix").get_attribute("data-period") == "2026-11"
    assert page.locator(".smm-mix__bar--posts .smm-mix__part").count() == 3
    assert watched.errors == []
