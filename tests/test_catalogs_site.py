"""The site in the brand's language beyond its own words: the search plugin's language,
and diagnostics on the problems page."""

from __future__ import annotations

from pathlib import Path

import pytest

from smmplan.render.site.configure import SEARCH_SEPARATOR, load, search_settings
from tests.conftest import write


@pytest.mark.parametrize(
    ("locale", "settings"),
    [
        ("ru", {"lang": ["ru"], "separator": SEARCH_SEPARATOR}),
        ("ru-RU", {"lang": ["ru"], "separator": SEARCH_SEPARATOR}),
        ("az", {"lang": ["en"], "pipeline": [], "separator": SEARCH_SEPARATOR}),
        ("tl", {"lang": ["en"], "pipeline": [], "separator": SEARCH_SEPARATOR}),
        ("en", {}),
        ("de", {}),
    ],
)
def test_search_settings_follow_the_language(locale, settings):
    assert search_settings(locale) == settings


def test_the_separator_splits_words_at_punctuation_and_quotes():
    import re

    assert re.split(SEARCH_SEPARATOR, "Ako'y kumain, «Кофе» mag-post! (Bakı)") == [
        "Ako",
        "y",
        "kumain",
        "Кофе",
        "mag",
        "post",
        "Bakı",
        "",
    ]


def _search_config(root: Path):
    return load(root, root / "public", now=None, prepare=None).plugins["material/search"].config


def test_the_generated_config_sets_search_for_russian(tmp_path):
    root = write(tmp_path, {"smmplan.yml": "title: T\nlocale: ru\ntimezone: UTC\n"})
    config = _search_config(root)
    assert (config["lang"], config["pipeline"], config["separator"]) == (
        ["ru"],
        None,  # Material's: stop words, no stemmer
        SEARCH_SEPARATOR,
    )


def test_a_site_config_that_sets_search_keeps_it(tmp_path):
    root = write(
        tmp_path,
        {
            "smmplan.yml": "title: T\nlocale: az\ntimezone: UTC\n",
            "site/mkdocs.yml": "site_name: S\ndocs_dir: pages\ntheme: {name: material}\n"
            "plugins:\n  - search: {lang: [tr]}\n  - smmplan\n",
            "site/pages/about.md": "# About\n",
        },
    )
    config = _search_config(root)
    assert (config["lang"], config["pipeline"], config["separator"]) == (
        ["tr"],
        [],
        SEARCH_SEPARATOR,
    )


def test_problems_on_the_site_are_in_its_language(tmp_path):
    from tests.test_site_build import build

    root = write(
        tmp_path,
        {
            "smmplan.yml": "title: T\nlocale: ru\ntimezone: UTC\n",
            "brands/kofe.yml": "name: Kofe\ntimezone: Europe/Moscow\n",
            "content/posts/2026/11/long.md": "---\ntitle: Long\nbrand: kofe\nstatus: draft\n"
            "publish_at: 2026-11-25 10:00\nnetworks: [x]\n---\n" + "word " * 70 + "\n",
        },
    )
    assert build(root).exit_code == 0
    problems = (root / "public/problems/index.html").read_text(encoding="utf-8")
    russian = "текст: 350 из 280 (взвешенных символов) в X (Twitter) (лишних: 70)"
    assert f'<span class="smm-problem__message">{russian}</span>' in problems
    assert "text is 350 of 280" not in problems
    post = (root / "public/posts/long/index.html").read_text(encoding="utf-8")
    assert russian in post
