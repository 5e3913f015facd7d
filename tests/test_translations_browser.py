"""A translated post's language tabs in a real browser (Debian's chromium), with
JavaScript off, over HTTP and from ``file://``: one tab open at a time, the page's own
language first, a click or the arrow keys switching to the other translation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import NOW, write
from tests.test_site_browser import CHROMIUM, Watched, browser, serving  # noqa: F401 - fixture
from tests.test_site_build import build
from tests.test_translations import SET

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
)


@pytest.fixture(scope="module")
def public(tmp_path_factory) -> Path:
    root = write(
        tmp_path_factory.mktemp("repo"),
        {**SET, "smmplan.yml": "title: Test calendar\nlocale: en\ntimezone: UTC\n"},
    )
    result = build(root, now=NOW.isoformat())
    assert result.exit_code == 0, result.output
    return root / "public"


@pytest.fixture(scope="module")
def site_url(public) -> Iterator[str]:
    with serving(public) as url:
        yield url


def shown(page) -> list[str]:
    """The languages of the panels a reader sees."""
    return page.eval_on_selector_all(
        ".smm-langs__panel",
        "panels => panels.filter(p => p.offsetParent !== null).map(p => p.dataset.language)",
    )


def test_the_page_s_own_language_is_open_and_a_click_opens_the_other(browser, site_url):  # noqa: F811
    watched = Watched(browser, java_script_enabled=False)
    page = watched.open(site_url + "posts/kofe.az/")
    assert shown(page) == ["az"]
    tabs = page.locator(".smm-langs__tab")
    assert tabs.all_inner_texts() == ["AZ Azərbaycan", "RU Русский"]
    assert page.locator("#net-x .smm-text").inner_text() == "Sabahınız xeyir!"
    page.locator("label[for=lang-ru]").click()
    assert shown(page) == ["ru"]
    panel = page.locator(".smm-langs__panel[data-language=ru]")
    assert panel.locator("#net-ru-telegram .smm-text").inner_text() == "Доброе утро!"
    assert panel.locator(".smm-preview__account").all_inner_texts() == ["@qehveevi_ru"]
    assert panel.locator(".smm-langs__page a").get_attribute("href") == "../kofe.ru/"
    assert not page.locator("#net-x").is_visible()
    assert watched.errors == []


def test_arrow_keys_move_between_the_tabs(browser, site_url):  # noqa: F811
    watched = Watched(browser, java_script_enabled=False)
    page = watched.open(site_url + "posts/kofe.ru/")
    assert shown(page) == ["ru"]
    page.locator("#lang-ru").focus()
    page.keyboard.press("ArrowLeft")
    assert page.locator("#lang-az").is_checked()
    assert shown(page) == ["az"]
    assert watched.errors == []


def test_the_tabs_work_from_the_file_system(browser, public):  # noqa: F811
    page = browser.new_page(java_script_enabled=False)
    page.goto((public / "posts" / "kofe.ru" / "index.html").as_uri())
    assert shown(page) == ["ru"]
    page.locator("label[for=lang-az]").click()
    assert shown(page) == ["az"]
    assert page.locator(".smm-langs__panel[data-language=az] .smm-preview").count() == 2
    page.close()
