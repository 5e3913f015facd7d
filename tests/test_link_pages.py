"""The program that links an incremental build's kept pages into the new site."""

from __future__ import annotations

import os
from pathlib import Path

from smmplan.render.site import link_pages


def _site(folder: Path, pages: list[str]) -> None:
    for uri in pages:
        target = folder / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"<p>{uri}</p>", "utf-8")


def test_the_program_links_each_page_into_its_folder(tmp_path):
    previous, staging = tmp_path / "site", tmp_path / "staging"
    pages = [
        "index.html",
        "posts/a/index.html",
        "posts/ü é/index.html",
        "weeks/2026-W23/index.html",
        "posts/a line\nand another/index.html",  # a name may hold a line break, never a NUL
    ]
    _site(previous, pages)
    staging.mkdir()
    process = link_pages.start(previous, staging, pages)
    assert process is not None
    assert link_pages.done(process) is True
    for uri in pages:
        assert os.path.samefile(previous / uri, staging / uri)
    assert sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*.html")) == sorted(
        pages
    )


def test_a_page_already_made_is_left_as_it_is(tmp_path):
    previous, staging = tmp_path / "site", tmp_path / "staging"
    _site(previous, ["a/index.html", "b/index.html"])
    (staging / "a").mkdir(parents=True)
    (staging / "a" / "index.html").write_text("new", "utf-8")
    assert link_pages.done(link_pages.start(previous, staging, ["a/index.html", "b/index.html"]))
    assert (staging / "a" / "index.html").read_text("utf-8") == "new"
    assert (previous / "a" / "index.html").read_text("utf-8") == "<p>a/index.html</p>"
    assert os.path.samefile(previous / "b" / "index.html", staging / "b" / "index.html")


def test_a_page_missing_from_the_previous_site_fails_the_program(tmp_path):
    previous, staging = tmp_path / "site", tmp_path / "staging"
    _site(previous, ["a/index.html"])
    staging.mkdir()
    process = link_pages.start(previous, staging, ["gone/index.html", "a/index.html"])
    assert link_pages.done(process) is False


def test_a_cancelled_program_reports_failure(tmp_path):
    previous, staging = tmp_path / "site", tmp_path / "staging"
    pages = [f"p{n}/index.html" for n in range(300)]
    _site(previous, pages)
    staging.mkdir()
    assert link_pages.done(link_pages.start(previous, staging, pages), cancel=True) is False


def test_without_links_pages_are_copied(tmp_path, monkeypatch):
    previous, staging = tmp_path / "site", tmp_path / "staging"
    _site(previous, ["a/index.html"])

    def refused(source, target):
        raise PermissionError("no links here")

    monkeypatch.setattr(os, "link", refused)
    link_pages.link(str(previous), str(staging), ["a/index.html"])
    assert (staging / "a" / "index.html").read_text("utf-8") == "<p>a/index.html</p>"
    assert not os.path.samefile(previous / "a" / "index.html", staging / "a" / "index.html")
