"""The calendar site in a real browser (Debian's chromium driven by playwright): posts on the
right days, previews, no JavaScript errors, every internal link resolves, search finds posts,
and a hostile post runs no script anywhere.

CI installs chromium (``apt-get install chromium``); without it these tests are skipped.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import write
from tests.test_site_build import SITE_REPO, build

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory) -> Iterator[str]:
    root = write(tmp_path_factory.mktemp("repo"), SITE_REPO)
    assert build(root).exit_code == 0
    with serving(root / "public") as url:
        yield url


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on a free loopback port, for as long as the block runs."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page that records JavaScript errors, alerts and failed requests."""

    def __init__(self, browser, **options) -> None:
        self.page = browser.new_page(**options)
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda m: self.errors.append(m.text) if m.type == "error" else None,
        )
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, url: str):
        response = self.page.goto(url)
        assert response is not None and response.status == 200, url
        self.page.wait_for_load_state("load")
        return self.page

    def pwned(self):
        return self.page.evaluate("window.__pwned")


def test_week_shows_posts_on_their_brand_local_days(browser, site_url):
    watched = Watched(browser)
    page = watched.open(site_url + "week/2026-W48/")
    days = page.eval_on_selector_all(
        ".smm-day",
        """days => Object.fromEntries(days.map(d => [d.dataset.date,
            [...d.querySelectorAll('.smm-card__title')].map(a => a.textContent)]))""",
    )
    assert days["2026-11-23"] == ["Manila Monday"]  # Sunday in UTC, Monday in Manila
    assert days["2026-11-29"] == ["LA Sunday night"]  # Monday in UTC, Sunday in LA
    assert days["2026-11-25"] == ["Long thread"]
    assert sorted(days["2026-11-26"]) == sorted(
        ["Long thread", "<script>window.__pwned=1</script>{{ 7*7 }}{% raw %}"]
    )
    assert watched.errors == [] and watched.pwned() is None


def test_home_is_the_current_week(browser, site_url):
    page = Watched(browser).open(site_url)
    assert page.locator(".smm-page--week").get_attribute("data-week") == "2026-W48"
    assert page.locator("h1").first.inner_text() == "Week 48, 2026"


def test_post_page_shows_its_text_and_networks(browser, site_url):
    watched = Watched(browser)
    page = watched.open(site_url + "posts/manila-monday/")
    assert page.locator("h1").first.inner_text() == "Manila Monday"
    networks = page.eval_on_selector_all(".smm-preview", "s => s.map(x => x.dataset.network)")
    assert networks == ["x", "facebook"]
    first = page.locator(".smm-preview[data-network=x] .smm-text").first.inner_text()
    assert first == "Good morning, Manila! #IponSaSahod @bangko https://example.com/a"
    assert page.locator(".smm-preview[data-network=x] .smm-count").first.inner_text() == (
        "66 of 280 weighted characters"
    )
    assert watched.errors == []


def test_hostile_post_runs_no_script_anywhere(browser, site_url):
    watched = Watched(browser)
    for url in (
        "posts/hostile/",
        "week/2026-W48/",
        "month/2026-11/",
        "board/",
        "campaigns/launch/",
    ):
        page = watched.open(site_url + url)
        page.wait_for_timeout(100)
        assert watched.pwned() is None, url
    page = watched.open(site_url + "posts/hostile/")
    assert page.locator("h1").first.inner_text() == (
        "<script>window.__pwned=1</script>{{ 7*7 }}{% raw %}"
    )
    text = page.locator(".smm-preview[data-network=x] .smm-text").first.inner_text()
    assert text.startswith('<img src=x onerror="window.__pwned=2"> **not bold** {{ config }}')
    assert page.locator("a[href^='javascript:']").count() == 0
    assert watched.dialogs == [] and watched.errors == []


def search(page, query: str) -> list[str]:
    """Type into material's search box (its worker may still be loading the index: retry)."""
    box = page.locator(".md-search__input")
    box.click()
    for _ in range(10):
        box.fill("")
        box.press_sequentially(query, delay=20)
        try:
            page.wait_for_selector(".md-search-result__item", timeout=2000)
        except Exception:  # the index was not ready yet
            continue
        return page.eval_on_selector_all(
            ".md-search-result__item h1", "h => h.map(x => x.textContent)"
        )
    return []


def test_search_finds_posts_and_shows_hostile_titles_as_text(browser, site_url):
    watched = Watched(browser)
    page = watched.open(site_url)
    page.wait_for_load_state("networkidle")
    assert search(page, "Manila") == ["Manila Monday"]
    titles = search(page, "config")  # in the hostile post and the campaign brief
    assert "<script>window.__pwned=1</script>{{ 7*7 }}{% raw %}" in titles
    page.wait_for_timeout(200)
    assert watched.pwned() is None and watched.dialogs == [] and watched.errors == []


def test_every_internal_link_resolves_and_no_page_has_errors(browser, site_url):
    watched = Watched(browser)
    seen, queue, checked, broken = set(), [site_url], set(), []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        page = watched.open(url)
        links = page.eval_on_selector_all(
            "a[href], img[src], link[href]", "es => es.map(e => e.href || e.src)"
        )
        for link in links:
            target = urljoin(url, link).split("#")[0]
            if urlsplit(target).netloc != urlsplit(site_url).netloc or target in checked:
                continue
            checked.add(target)
            status = page.request.get(target).status
            if status != 200:
                broken.append(f"{url} -> {target} ({status})")
            elif target.endswith("/") and target not in seen:
                queue.append(target)
    assert broken == []
    assert len(seen) >= 15
    assert watched.errors == [] and watched.pwned() is None


def test_mobile_and_dark(browser, site_url):
    watched = Watched(browser, viewport={"width": 390, "height": 800}, color_scheme="dark")
    page = watched.open(site_url + "week/2026-W48/")
    columns = page.eval_on_selector(".smm-week", "w => getComputedStyle(w).gridTemplateColumns")
    assert len(columns.split()) == 1  # one day under the other on a phone
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert watched.errors == []
