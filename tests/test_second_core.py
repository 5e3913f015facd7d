"""A build whose pages are shared with a forked process (``render.site.second_core``)
equals one made in a single process, byte for byte, file for file; also when the forked
process fails, and after an edit. Its warnings are logged here, where a strict build counts them."""

from __future__ import annotations

import logging
import os
import time

import pytest

from smmplan.render.site import incremental, second_core
from smmplan.render.site.plugin import GeneratedPage
from tests.test_incremental_build import GENERATED_EDITS, build, differences, generated_plan


@pytest.fixture(autouse=True)
def same_code(monkeypatch) -> None:
    fixed = incremental.code_fingerprint()
    monkeypatch.setattr(incremental, "code_fingerprint", lambda: fixed)


@pytest.fixture
def forks(monkeypatch) -> list[second_core.Share]:
    """Every build shares its pages, however few; the shares this process forked."""
    made: list[second_core.Share] = []
    fork = second_core.fork

    def recorded(*args, **kwargs):
        share = fork(*args, **kwargs)
        if share is not None and not share.forked:
            made.append(share)
        return share

    monkeypatch.setattr(second_core, "SPLIT_FROM", 0)
    monkeypatch.setattr(second_core, "fork", recorded)
    return made


def one_process(monkeypatch) -> None:
    monkeypatch.setattr(second_core, "possible", lambda serving: False)


def test_pages_made_on_two_cores_equal_those_made_on_one(tmp_path, smmplan, forks, monkeypatch):
    root = generated_plan(tmp_path / "repo")
    build(smmplan, root, tmp_path / "two")
    assert len(forks) == 1
    shared = [f for f in forks[0].pages if f.page is not None]
    made_there = sorted(f.dest_uri for f in forks[0].pages if f.page is None)
    assert made_there == [
        "brands/bank/calendar.ics",
        "brands/cafe/calendar.ics",
        "calendar.ics",
        "exports/index.json",
        "exports/plan.csv",
        "exports/plan.ics",
        "exports/plan.json",
        "exports/plan.xlsx",
    ]
    assert shared and all(isinstance(f.page, GeneratedPage) for f in shared)
    assert not any(f.page.definition.in_nav for f in shared)  # their titles are read here
    kinds = {f.page.definition.kind for f in shared}
    assert "post" in kinds and len(kinds) > 1, kinds
    one_process(monkeypatch)
    build(smmplan, root, tmp_path / "one")
    assert len(forks) == 1
    assert differences(tmp_path / "two", tmp_path / "one") == []


def test_the_shared_work_is_about_half(tmp_path, smmplan, forks):
    root = generated_plan(tmp_path / "repo", posts=60)
    build(smmplan, root, tmp_path / "site")
    pages = [f for f in forks[0].pages if f.page is not None]
    posts = [f for f in pages if f.page.definition.kind == "post"]
    assert 20 <= len(posts) <= 40, len(posts)  # of 60 post pages


def test_a_failed_second_process_leaves_its_pages_to_this_one(
    tmp_path, smmplan, forks, monkeypatch
):
    root = generated_plan(tmp_path / "repo")
    here = os.getpid()
    render = GeneratedPage.render

    def fails_there(self, config, files):
        if os.getpid() != here:
            raise RuntimeError("the forked process breaks")
        render(self, config, files)

    monkeypatch.setattr(GeneratedPage, "render", fails_there)
    output = build(smmplan, root, tmp_path / "two")
    assert len(forks) == 1 and "breaks" not in output
    monkeypatch.setattr(second_core, "send_and_exit", lambda *args: os._exit(3))
    build(smmplan, root, tmp_path / "silent")
    monkeypatch.setattr(GeneratedPage, "render", render)
    one_process(monkeypatch)
    build(smmplan, root, tmp_path / "one")
    assert differences(tmp_path / "two", tmp_path / "one") == []
    assert differences(tmp_path / "silent", tmp_path / "one") == []


def test_files_the_second_process_failed_to_make_are_made_here(
    tmp_path, smmplan, forks, monkeypatch
):
    from smmplan.render.site import ics

    root = generated_plan(tmp_path / "repo")
    here = os.getpid()
    feeds = ics.feeds

    def fails_there(*args):
        if os.getpid() != here:
            raise RuntimeError("the forked process breaks")
        return feeds(*args)

    monkeypatch.setattr(ics, "feeds", fails_there)
    output = build(smmplan, root, tmp_path / "two")
    assert len(forks) == 1 and "breaks" not in output
    assert "calendar.ics" in {f.dest_uri for f in forks[0].pages}
    one_process(monkeypatch)
    build(smmplan, root, tmp_path / "one")
    assert (tmp_path / "two" / "calendar.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert differences(tmp_path / "two", tmp_path / "one") == []


def test_the_warnings_of_the_second_process_are_logged_here(tmp_path, smmplan, forks, monkeypatch):
    root = generated_plan(tmp_path / "repo")
    here = os.getpid()
    render = GeneratedPage.render

    def warns_there(self, config, files):
        if os.getpid() != here and self.definition.kind == "post":
            logging.getLogger("mkdocs.plugins.smmplan").warning(f"odd page {self.url}")
        render(self, config, files)

    monkeypatch.setattr(GeneratedPage, "render", warns_there)
    output = build(smmplan, root, tmp_path / "site")
    pages = [f.page for f in forks[0].pages if f.page is not None]
    shared = [page.url for page in pages if page.definition.kind == "post"]
    assert shared and [line for line in output.splitlines() if "odd page" in line] == [
        f"warning: odd page {url}" for url in shared
    ]


def test_a_warning_there_is_counted_here_as_mkdocs_strict_mode_counts(monkeypatch) -> None:
    """The records come back to the logger they were made on, so MkDocs' counting handler
    (on the ``mkdocs`` logger, where a strict build's warnings are counted) sees them."""
    counted: list[str] = []

    class Count(logging.Handler):
        def emit(self, record):
            counted.append(f"{record.levelname} {record.name}: {record.getMessage()}")

    handler = Count(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the forked process, as second_core.fork leaves it
            os.close(read_end)
            second_core._capture_logs()
            logging.getLogger("mkdocs.plugins.smmplan").warning("%s is odd", "a page")
            second_core.send_and_exit(second_core.Share([], 0, write_end), ({"a/": [1]}, 7))
        os.close(write_end)
        share = second_core.Share([], pid, read_end, time.monotonic())
        assert second_core.gather(share) == ({"a/": [1]}, 7)
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    assert counted == ["WARNING mkdocs.plugins.smmplan: a page is odd"]


@pytest.mark.parametrize("kind", ["post text", "publish_at to another week", "deleted post"])
def test_an_edit_built_on_two_cores_equals_a_clean_build(tmp_path, smmplan, forks, kind):
    root = generated_plan(tmp_path / "repo")
    site = tmp_path / "site"
    build(smmplan, root, site)
    GENERATED_EDITS[kind](root)
    build(smmplan, root, site)
    build(smmplan, root, tmp_path / "clean", "2026-11-20T10:00:00+00:00", "--clean")
    assert len(forks) == 3
    assert differences(site, tmp_path / "clean") == []


def test_no_second_process_while_other_threads_run_or_serving() -> None:
    import threading

    assert second_core.possible(serving=True) is False
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert second_core.possible(serving=False) is False
    finally:
        stop.set()
        other.join()
