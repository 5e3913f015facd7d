"""The calendar a team can scan, in a real browser (Debian's chromium): the filter bar on
the week, month and board pages (exactly the matching cards stay, the choice is in the
address's fragment and survives a reload, from a server and from ``file://``, and without
JavaScript every card is shown), the board scrolling sideways on a 390 px phone, and the
headers that stay on one line there. Skipped without ``/usr/bin/chromium``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import write
from tests.test_site_browser import CHROMIUM, Watched, browser, serving  # noqa: F401 - fixture
from tests.test_site_build import build

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")

HOSTILE_TAG = 'a"b <img src=x onerror="window.__pwned=1">'
HOSTILE_BRAND = 'Beta "><script>window.__pwned=1</script>'


def post(brand: str, networks: str, status: str, when: str | None, extra: str = "") -> str:
    moment = f"publish_at: {when}\n" if when else ""
    return f"---\nbrand: {brand}\nstatus: {status}\n{moment}networks: [{networks}]\n{extra}---\nHello.\n"


LOOK_REPO = {
    "smmplan.yml": "title: Look test\nlocale: en\ntimezone: UTC\n",
    "brands/alpha.yml": (
        'name: Alpha Bakery\ntimezone: UTC\ncolour: "#123456"\n'
        'accounts: {x: "@alpha_bakery", instagram: "alphabakery", facebook: "AlphaBakery"}\n'
    ),
    "brands/beta.yml": f"name: '{HOSTILE_BRAND}'\ntimezone: UTC\n",
    "content/campaigns/launch.md": "---\ntitle: Launch week\nbrand: alpha\n---\n",
    "content/posts/2026/11/p1.md": post(
        "alpha", "x, instagram", "draft", "2026-11-23 10:00", "campaign: launch\ntags: [bread]\n"
    ),
    "content/posts/2026/11/p2.md": post(
        "alpha", "facebook", "approved", "2026-11-24 10:00", f"tags: [bread, '{HOSTILE_TAG}']\n"
    ),
    "content/posts/2026/11/p3.md": post(
        "beta", "x", "scheduled", "2026-11-25 12:00", "campaign: launch\n"
    ),
    "content/posts/2026/11/p4.md": post("beta", "telegram", "draft", "2026-11-26 10:00"),
    "content/posts/ideas/p5.md": post("alpha", "instagram", "idea", None),
}
P = {n: f"content/posts/{'ideas' if n == 5 else '2026/11'}/p{n}.md" for n in range(1, 6)}
VISIBLE = """els => [...new Set(els.filter(e => e.getClientRects().length > 0)
    .map(e => e.dataset.post))].sort()"""
CARDS = ".smm-card[data-post], .smm-month__entry[data-post]"


@pytest.fixture(scope="module")
def look_site(tmp_path_factory) -> Path:
    root = write(tmp_path_factory.mktemp("repo"), LOOK_REPO)
    result = build(root)
    assert result.exit_code == 0, result.output
    return root / "public"


@pytest.fixture(scope="module")
def look_url(look_site) -> Iterator[str]:
    with serving(look_site) as url:
        yield url


def visible(page) -> list[str]:
    return page.eval_on_selector_all(CARDS, VISIBLE)


def choose(page, facet: str, value: str) -> None:
    page.locator(f".smm-filter[data-facet='{facet}']").filter(has_text=value).first.click()


def paths(*numbers: int) -> list[str]:
    return sorted(P[n] for n in numbers)


def test_week_filters_keep_exactly_the_matching_cards(browser, look_url):  # noqa: F811
    watched = Watched(browser, viewport={"width": 1280, "height": 900})
    page = watched.open(look_url + "week/2026-W48/")
    assert page.locator(".smm-filters").is_visible()
    assert visible(page) == paths(1, 2, 3, 4, 5)
    choose(page, "brand", "Alpha Bakery")
    assert visible(page) == paths(1, 2, 5)
    assert page.locator(".smm-filters__shown").inner_text() == "Shown: 3 of 5"
    choose(page, "network", "X (Twitter)")  # and: Alpha's posts on X
    assert visible(page) == paths(1)
    assert page.evaluate("location.hash") == "#brand=alpha&network=x"
    choose(page, "brand", HOSTILE_BRAND)  # or, within a facet: either brand, on X
    assert visible(page) == paths(1, 3)
    page.locator(".smm-filters__clear").click()
    assert visible(page) == paths(1, 2, 3, 4, 5)
    assert page.evaluate("location.hash") == ""
    assert watched.errors == [] and watched.pwned() is None and watched.dialogs == []


def test_a_hostile_tag_filters_as_text(browser, look_url):  # noqa: F811
    watched = Watched(browser)
    page = watched.open(look_url + "week/2026-W48/")
    tags = page.eval_on_selector_all(
        ".smm-filter[data-facet=tag]", "bs => bs.map(b => b.dataset.value)"
    )
    assert tags == [HOSTILE_TAG, "bread"]
    choose(page, "tag", 'a"b <img')
    assert visible(page) == paths(2)
    page.reload()
    page.wait_for_load_state("load")
    assert visible(page) == paths(2)
    assert watched.pwned() is None and watched.dialogs == [] and watched.errors == []


def test_a_shared_address_opens_filtered(browser, look_url):  # noqa: F811
    watched = Watched(browser)
    page = watched.open(look_url + "week/2026-W48/#status=draft&status=idea")
    assert visible(page) == paths(1, 4, 5)
    pressed = page.eval_on_selector_all(
        ".smm-filter[aria-pressed=true]", "bs => bs.map(b => b.dataset.value)"
    )
    assert pressed == ["idea", "draft"]
    page.evaluate("location.hash = 'campaign=launch'")
    page.wait_for_function("document.querySelector('.smm-filters__shown').textContent !== ''")
    assert visible(page) == paths(1, 3)
    assert watched.errors == []


def test_month_and_board_filter_too(browser, look_url):  # noqa: F811
    watched = Watched(browser, viewport={"width": 1280, "height": 900})
    page = watched.open(look_url + "month/2026-11/")
    choose(page, "status", "Draft")
    assert visible(page) == paths(1, 4)
    page = watched.open(look_url + "board/")
    choose(page, "campaign", "Launch week")
    assert visible(page) == paths(1, 3)
    counts = page.eval_on_selector_all(
        ".smm-board__column",
        "cs => Object.fromEntries(cs.map(c => [c.dataset.status,"
        " c.querySelector('.smm-board__count').textContent]))",
    )
    assert counts == {
        "idea": "0",
        "draft": "1",
        "review": "0",
        "approved": "0",
        "scheduled": "1",
        "published": "0",
        "cancelled": "0",
    }
    assert watched.errors == []


def test_filters_work_from_a_file(browser, look_site):  # noqa: F811
    watched = Watched(browser)
    page = watched.page
    page.goto((look_site / "week/2026-W48/index.html").as_uri() + "#brand=beta")
    page.wait_for_load_state("load")
    assert visible(page) == paths(3, 4)
    choose(page, "network", "Telegram")
    assert visible(page) == paths(4)
    assert page.evaluate("location.hash") == "#brand=beta&network=telegram"
    page.reload()
    page.wait_for_load_state("load")
    assert visible(page) == paths(4)
    # Material's search worker cannot load from a file (its own, unrelated limitation).
    assert [e for e in watched.errors if "search" not in e and "ERR_FILE" not in e] == []


def test_without_javascript_every_card_is_shown(browser, look_url):  # noqa: F811
    watched = Watched(browser, java_script_enabled=False)
    for url, expected in (
        ("week/2026-W48/#brand=beta", paths(1, 2, 3, 4, 5)),
        ("month/2026-11/", paths(1, 2, 3, 4, 5)),
        ("board/", paths(1, 2, 3, 4, 5)),
    ):
        page = watched.open(look_url + url)
        assert page.locator(".smm-filters").count() == 1
        assert not page.locator(".smm-filters").is_visible()
        assert visible(page) == expected, url


def test_the_board_scrolls_visibly_on_a_phone(browser, look_url):  # noqa: F811
    watched = Watched(browser, viewport={"width": 390, "height": 844})
    page = watched.open(look_url + "board/")
    board = page.locator(".smm-board")
    sizes = board.evaluate("b => ({scroll: b.scrollWidth, client: b.clientWidth})")
    assert sizes["scroll"] > sizes["client"] and sizes["client"] <= 390
    second = page.locator(".smm-board__column").nth(1).bounding_box()
    assert second is not None and 200 < second["x"] < 390 < second["x"] + second["width"]
    hint = page.locator(".smm-board__hint")
    assert hint.is_visible() and hint.inner_text() == "Scroll sideways for more columns →"
    board.evaluate("b => b.scrollBy(400, 0)")
    assert board.evaluate("b => b.scrollLeft") > 0
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not hint.is_visible()
    assert watched.errors == []


@pytest.mark.parametrize("url", ["", "week/2026-W48/", "month/2026-11/", "board/"])
def test_headers_stay_on_one_line_on_a_phone(browser, look_url, url):  # noqa: F811
    watched = Watched(browser, viewport={"width": 390, "height": 844})
    page = watched.open(look_url + url)
    header = page.locator(".md-header").bounding_box()
    assert header is not None and header["height"] == 48
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    pager = page.locator(".smm-pager")
    if pager.count():
        tops = pager.first.evaluate(
            "p => [...p.querySelectorAll('a, span.smm-pager--off')]"
            ".filter(e => e.getClientRects().length).map(e => Math.round(e.getBoundingClientRect().top))"
        )
        assert len(set(tops)) == 1, tops
        assert pager.first.bounding_box()["height"] < 40
    assert watched.errors == []
