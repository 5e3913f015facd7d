"""Large sites keep each page's HTML compressed between rendering and writing
(``plugin.PACK_FROM_PAGES``): the site is byte-identical either way."""

from __future__ import annotations

from pathlib import Path

from smmplan.load import load_project
from smmplan.load.values import now_moment
from smmplan.render.site import plugin
from smmplan.render.site.plugin import GeneratedPage
from tests.test_site_frame import differences, generated_plan

NOW = "2026-03-10T09:00:00+00:00"


def test_a_packed_page_holds_bytes_and_gives_back_the_same_text() -> None:
    page = GeneratedPage.__new__(GeneratedPage)
    page._packed = True
    html = "<p>Ünïcödé — 日本語 &amp; кофе</p>" * 200
    page.content = html
    assert isinstance(page._held, bytes) and len(page._held) < len(html) // 10
    assert page.content == html
    page.content = None
    assert page._held is None and page.content is None


def test_an_unpacked_page_holds_its_text_as_it_is() -> None:
    page = GeneratedPage.__new__(GeneratedPage)
    page._packed = False
    page.content = "<p>text</p>"
    assert page._held == "<p>text</p>"


def test_a_site_built_with_packed_pages_is_byte_identical(tmp_path: Path, monkeypatch) -> None:
    from smmplan.pipeline import build_site

    root = generated_plan(tmp_path / "plan", posts=20)
    packed: list[bool] = []
    original = GeneratedPage.__init__

    def recording(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        packed.append(self._packed)

    monkeypatch.setattr(GeneratedPage, "__init__", recording)
    for limit, name in ((1, "packed"), (10_000, "plain")):
        monkeypatch.setattr(plugin, "PACK_FROM_PAGES", limit)
        build_site(root, tmp_path / name, now_moment(NOW), project=load_project(root))
    pages = len(packed) // 2
    assert pages > 30 and packed == [True] * pages + [False] * pages
    assert differences(tmp_path / "packed", tmp_path / "plain") == []
