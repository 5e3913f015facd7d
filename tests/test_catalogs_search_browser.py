"""Search on Russian and Azerbaijani sites, in a real browser: words are found where
they stand between punctuation and quotes, which Material's default separator (spaces
and hyphens) would glue to their neighbours."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import NOW, write
from tests.test_site_browser import CHROMIUM, Watched, browser, serving  # noqa: F401 - fixture
from tests.test_site_build import build

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
)

POST = """---
title: {title}
brand: {brand}
status: draft
publish_at: 2026-11-25 10:00
networks: [telegram]
---
{text}
"""


def _site(folder: Path, locale: str, brand: str, title: str, text: str) -> Path:
    root = write(
        folder,
        {
            "smmplan.yml": f"title: Calendar\nlocale: {locale}\ntimezone: UTC\n",
            f"brands/{brand}.yml": f"name: {brand}\ntimezone: UTC\nlocale: {locale}\n",
            "content/posts/2026/11/one.md": POST.format(title=title, brand=brand, text=text),
        },
    )
    result = build(root, now=NOW.isoformat())
    assert result.exit_code == 0, result.output
    return root / "public"


@pytest.fixture(scope="module")
def russian_site(tmp_path_factory) -> Iterator[str]:
    public = _site(
        tmp_path_factory.mktemp("ru"),
        "ru",
        "hleb",
        "Утренняя выпечка",
        "Наша пекарня,«Каравай» открывается рано.",
    )
    with serving(public) as url:
        yield url


@pytest.fixture(scope="module")
def azerbaijani_site(tmp_path_factory) -> Iterator[str]:
    public = _site(
        tmp_path_factory.mktemp("az"), "az", "qehve", "Səhər qəhvəsi", "Bakı,Gəncə və Şəki!"
    )
    with serving(public) as url:
        yield url


def search(page, query: str) -> list[str]:
    """The titles Material's search shows for ``query``. Typed characters that are not on
    a US keyboard fire no ``keyup``, which Material searches on: press End after them;
    retried while the index loads."""
    box = page.locator(".md-search__input")
    box.click()
    for _ in range(10):
        box.fill(query)
        box.press("End")
        try:
            page.wait_for_selector(".md-search-result__item", timeout=2000)
        except Exception:  # the index was not ready yet
            box.fill("")
            continue
        return page.eval_on_selector_all(
            ".md-search-result__item h1", "h => h.map(x => x.textContent)"
        )
    return []


def test_a_russian_word_between_quotes_finds_the_post(browser, russian_site):  # noqa: F811
    watched = Watched(browser)
    page = watched.open(russian_site)
    page.wait_for_load_state("networkidle")
    assert search(page, "Каравай") == ["Утренняя выпечка"]
    assert search(page, "пекарн") == ["Утренняя выпечка"]  # the beginning of a word
    assert watched.errors == []


def test_an_azerbaijani_word_between_commas_is_found(browser, azerbaijani_site):  # noqa: F811
    watched = Watched(browser)
    page = watched.open(azerbaijani_site)
    page.wait_for_load_state("networkidle")
    assert search(page, "Gəncə") == ["Səhər qəhvəsi"]
    assert watched.errors == []
