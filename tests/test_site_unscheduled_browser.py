"""The unscheduled lane in a real browser (Debian's chromium): on the home page, the home
week's page, its month and the board, the posts without a valid publish time are visible,
each card links to its post, a hostile title stays text, and no page logs a JavaScript
error.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import BRAND, write
from tests.test_site_browser import CHROMIUM, Watched, browser, serving  # noqa: F401
from tests.test_site_build import build
from tests.test_unscheduled import LANE, PLAN

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
)
HOSTILE = "<img src=x onerror=alert(1)>{{ 7*7 }}"
TITLES = ["Bad date", "Half", "No date", "Nowhere", HOSTILE]
HOSTILE_POST = f'---\ntitle: "{HOSTILE}"\nbrand: qehve-evi\nstatus: draft\n---\nHi\n'


@pytest.fixture(scope="module")
def lane_site(tmp_path_factory) -> Iterator[str]:
    root = write(
        tmp_path_factory.mktemp("repo"),
        {"brands/qehve-evi.yml": BRAND, **PLAN, "content/posts/xss.md": HOSTILE_POST},
    )
    assert build(root).exit_code == 0
    with serving(root / "public") as url:
        yield url


@pytest.mark.parametrize("url", ["", "week/2026-W48/", "month/2026-11/", "board/"])
def test_the_unscheduled_lane_is_visible(browser, lane_site, url):  # noqa: F811
    watched = Watched(browser, viewport={"width": 1280, "height": 900})
    page = watched.open(lane_site + url)
    lane = page.locator(".smm-unscheduled")
    assert lane.count() == 1 and lane.is_visible()
    head = lane.locator(".smm-unscheduled__head")
    assert head.inner_text().split() == ["Unscheduled", "5"]
    items = lane.locator(".smm-unscheduled__item")
    assert [items.nth(i).get_attribute("data-post") for i in range(items.count())] == [
        *LANE,
        "content/posts/xss.md",
    ]
    titles = lane.locator(".smm-card__title")
    assert [titles.nth(i).inner_text() for i in range(titles.count())] == TITLES
    assert all(titles.nth(i).is_visible() for i in range(titles.count()))
    box = lane.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 50
    problem = lane.locator('[data-post="content/posts/bad-date.md"] .smm-problem__rule')
    assert problem.inner_text() == "invalid-value" and problem.is_visible()
    assert watched.errors == [] and watched.dialogs == []


def test_a_lane_card_opens_its_post(browser, lane_site):  # noqa: F811
    watched = Watched(browser)
    page = watched.open(lane_site + "board/")
    page.locator('.smm-unscheduled [data-post="content/posts/no-date.md"] a').first.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").first.inner_text() == "No date"
    assert watched.errors == []
