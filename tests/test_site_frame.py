"""The page frame (``smmplan.render.site.frame``) changes no byte of the site: each site is
built with it and without it (every page through Material's ``main.html``), and every file
of the two builds is compared. Sites: the example plan with its own ``site/``, a generated
plan of several brands, languages and page kinds on the built-in configuration, the same
with ``use_directory_urls: false``, and with ``theme.custom_dir`` overrides of
``main.html`` (one the frame renders, one it must leave to the theme)."""

from __future__ import annotations

import filecmp
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from smmplan.load import load_project
from smmplan.load.values import now_moment
from smmplan.pipeline import build_site
from smmplan.render.site import frame
from smmplan.render.site.plugin import NAV_ORDER
from tests.conftest import write

ROOT = Path(__file__).resolve().parent.parent
HOLE = "SMMPLANFRAMEHOLE1END"  # the frame's own placeholder, in a post: still just text
BRANDS = {
    "karvan": ("Asia/Baku", "az", "[instagram, threads, bluesky]"),
    "kofe": ("Europe/Moscow", "ru", "[telegram, vk, x]"),
    "bayan": ("Asia/Manila", "tl", "[facebook, linkedin, x]"),
}


def generated_plan(
    root: Path, posts: int = 30, site: dict[str, str] | None = None, title: str = "Frame <test>"
) -> Path:
    files = {
        "smmplan.yml": f"title: {title} & co\nlocale: en\nsite_url: https://f.example.org/x/\n",
        "content/campaigns/launch.md": (
            "---\ntitle: Launch\nbrand: bayan\nstart: 2026-03-01\nend: 2026-04-30\n---\nBrief.\n"
        ),
        **(site or {}),
    }
    for brand, (tz, locale, _) in BRANDS.items():
        files[f"brands/{brand}.yml"] = (
            f"name: {brand.title()} & Co\ntimezone: {tz}\nlocale: {locale}\n"
        )
    start = datetime(2026, 3, 2, 9, 0)
    for n in range(posts):
        brand = list(BRANDS)[n % 3]
        when = start + timedelta(hours=29 * n)
        title = {0: f"<b>Bold</b> {{{{ 7*7 }}}} {HOLE}", 1: "Ünïcödé — 日本語"}.get(
            n % 7, f"Post {n}"
        )
        body = f"Text of post {n}, {HOLE} & <i>more</i>.\n"
        if n % 2:
            body += "\n## Details\n\nMore.\n\n### Deeper\n\nEven more.\n"
        files[f"content/posts/{when:%Y/%m}/post-{n:02d}.md"] = (
            f'---\ntitle: "{title}"\nbrand: {brand}\npublish_at: {when:%Y-%m-%d %H:%M}\n'
            f"status: {['draft', 'review', 'approved'][n % 3]}\napproved_by: ana\n"
            f"{'campaign: launch' if brand == 'bayan' else ''}\n"
            f"tags: [t{n % 4}]\nnetworks: {BRANDS[brand][2]}\n---\n{body}"
        )
    return write(root, files)


def default_site(**changes: str) -> dict[str, str]:
    """The built-in ``mkdocs.yml`` as a repository's ``site/``, with ``changes`` added."""
    text = (ROOT / "smmplan/render/site/default/mkdocs.yml").read_text("utf-8")
    text += "".join(f"{key}: {value}\n" for key, value in changes.items())
    return {"site/mkdocs.yml": text, "site/pages/about.md": "# About\n\nThe site.\n"}


def build_both(root: Path, work: Path, monkeypatch, now: str) -> frame.PageFrames:
    """Build ``root`` with the frame and without it; the frame build's ``PageFrames``."""
    made: list[frame.PageFrames] = []

    class Recorded(frame.PageFrames):
        def __init__(self, *args) -> None:
            super().__init__(*args)
            made.append(self)

    monkeypatch.setattr(frame, "PageFrames", Recorded)
    moment = now_moment(now)
    for enabled in (True, False):
        monkeypatch.setattr(frame, "ENABLED", enabled)
        build_site(root, work / f"site-{enabled}", moment, project=load_project(root))
    monkeypatch.setattr(frame, "ENABLED", True)
    assert made[1].spliced == made[1].rendered == 0  # without the frame: MkDocs renders
    return made[0]


def differences(a: Path, b: Path) -> list[str]:
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    found = [f"only in one build: {p}" for p in sorted(files_a ^ files_b)]
    found += [
        f"differs: {p}"
        for p in sorted(files_a & files_b)
        if not filecmp.cmp(a / p, b / p, shallow=False)
    ]
    return found


def assert_identical(work: Path) -> int:
    """The two builds are byte-identical; returns how many HTML pages they have."""
    assert differences(work / "site-True", work / "site-False") == []
    return sum(1 for _ in (work / "site-True").rglob("*.html"))


def test_a_generated_plan_builds_to_the_same_bytes(tmp_path: Path, monkeypatch) -> None:
    root = generated_plan(tmp_path / "plan")
    frames = build_both(root, tmp_path, monkeypatch, "2026-03-10T09:00:00+00:00")
    pages = assert_identical(tmp_path)
    assert pages > 50
    # The theme renders the navigation's own pages and the first two pages of each kind
    # (to check the frame); the frame all the others.
    assert 1 < len(frames.frames) < 10
    assert frames.rendered == 2 * len(frames.frames) + len(NAV_ORDER)
    assert frames.spliced == pages - frames.rendered - 2  # 404.html and the about page
    assert all(f.parts is not None for f in frames.frames.values())


def test_pages_as_files_build_to_the_same_bytes(tmp_path: Path, monkeypatch) -> None:
    site = default_site(use_directory_urls="false")
    root = generated_plan(tmp_path / "plan", posts=12, site=site)
    frames = build_both(root, tmp_path, monkeypatch, "2026-03-10T09:00:00+00:00")
    assert_identical(tmp_path)
    assert (tmp_path / "site-True/posts/post-01.html").is_file()
    assert frames.spliced > 10


@pytest.mark.parametrize("hole", [HOLE, "SMMPLANFRAMEHOLE9999END"])
def test_a_site_title_like_a_hole_is_left_to_the_theme(tmp_path: Path, monkeypatch, hole) -> None:
    root = generated_plan(tmp_path / "plan", posts=8, title=hole)
    frames = build_both(root, tmp_path, monkeypatch, "2026-03-10T09:00:00+00:00")
    assert_identical(tmp_path)
    assert hole in (tmp_path / "site-True/posts/post-01/index.html").read_text("utf-8")
    assert frames.spliced == 0


FEATURES = (
    "navigation.path",
    "navigation.footer",
    "navigation.indexes",
    "toc.integrate",
    "content.action.edit",
)


def test_more_of_materials_features_build_to_the_same_bytes(tmp_path: Path, monkeypatch) -> None:
    site = default_site(repo_url="https://git.example.org/team/plan", edit_uri="edit/main/")
    site["site/mkdocs.yml"] = site["site/mkdocs.yml"].replace(
        "    - navigation.tabs\n", "".join(f"    - {name}\n" for name in FEATURES)
    )
    root = generated_plan(tmp_path / "plan", posts=12, site=site)
    frames = build_both(root, tmp_path, monkeypatch, "2026-03-10T09:00:00+00:00")
    assert_identical(tmp_path)
    assert "md-nav--integrated" in (tmp_path / "site-True/posts/post-01/index.html").read_text(
        "utf-8"
    )
    assert frames.spliced > 10


OVERRIDE = (
    '{% extends "base.html" %}\n'
    '{% block extrahead %}<meta name="smm-page" content="{{ page.url }}">'
    '<link rel="alternate" href="{{ \'feed.xml\' | url }}">{% endblock %}\n'
)


def test_a_main_html_override_is_the_frame(tmp_path: Path, monkeypatch) -> None:
    site = default_site()
    site["site/mkdocs.yml"] = site["site/mkdocs.yml"].replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n"
    )
    site["site/overrides/main.html"] = OVERRIDE
    root = generated_plan(tmp_path / "plan", posts=12, site=site)
    frames = build_both(root, tmp_path, monkeypatch, "2026-03-10T09:00:00+00:00")
    assert_identical(tmp_path)
    page = (tmp_path / "site-True/posts/post-01/index.html").read_text("utf-8")
    assert '<meta name="smm-page" content="posts/post-01/">' in page
    assert '<link rel="alternate" href="../../feed.xml">' in page
    assert frames.spliced > 10


def test_an_override_reading_more_of_the_page_is_left_to_the_theme(
    tmp_path: Path, monkeypatch
) -> None:
    site = default_site()
    site["site/mkdocs.yml"] = site["site/mkdocs.yml"].replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n"
    )
    site["site/overrides/main.html"] = OVERRIDE.replace("page.url", "page.file.src_uri if page")
    root = generated_plan(tmp_path / "plan", posts=12, site=site)
    frames = build_both(root, tmp_path, monkeypatch, "2026-03-10T09:00:00+00:00")
    assert_identical(tmp_path)
    page = (tmp_path / "site-True/posts/post-01/index.html").read_text("utf-8")
    assert '<meta name="smm-page" content="posts/post-01.md">' in page
    assert frames.spliced == 0
    assert all(f.parts is None for f in frames.frames.values())


@pytest.mark.skipif(not (ROOT / "site/mkdocs.yml").is_file(), reason="no example site")
def test_the_example_builds_to_the_same_bytes(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "example"
    root.mkdir()
    for name in ("smmplan.yml", "brands", "content", "site"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    frames = build_both(root, tmp_path, monkeypatch, "2026-11-21T22:00:00+00:00")
    pages = assert_identical(tmp_path)
    assert frames.spliced > 0.7 * pages
