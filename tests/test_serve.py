"""``smmplan serve``: "now" moves on once a minute or at a new day; each rebuild renders
only what changed and gives the site a clean build of the same input gives; a rebuild
with nothing changed leaves the site alone; the server shows an edit."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from smmplan.pipeline import prepare
from smmplan.render.site import incremental
from smmplan.render.site.serve import Rebuilder, ServeClock
from tests.test_incremental_build import differences, generated_plan

START = datetime(2026, 11, 20, 10, 0, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def same_code(monkeypatch) -> None:
    """This process's code does not change while it runs, though its files may."""
    fixed = incremental.code_fingerprint()
    monkeypatch.setattr(incremental, "code_fingerprint", lambda: fixed)


class FakeClock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def test_now_is_fixed_when_given() -> None:
    clock = ServeClock(START, FakeClock(START + timedelta(days=3)))
    assert clock.now() == START


def test_now_moves_on_after_a_minute() -> None:
    wall = FakeClock(START)
    clock = ServeClock(None, wall)
    wall.moment = START + timedelta(seconds=59)
    assert clock.now() == START
    wall.moment = START + timedelta(seconds=60)
    assert clock.now() == START + timedelta(seconds=60)
    wall.moment = START + timedelta(seconds=100)
    assert clock.now() == START + timedelta(seconds=60)


def test_now_moves_on_when_the_day_changes() -> None:
    evening = datetime(2026, 11, 20, 23, 59, 30, tzinfo=UTC)
    wall = FakeClock(evening)
    clock = ServeClock(None, wall)
    wall.moment = evening + timedelta(seconds=40)
    assert clock.now() == datetime(2026, 11, 21, 0, 0, 10, tzinfo=UTC)


def rebuilder(root: Path, folder: Path) -> Rebuilder:
    folder.mkdir(parents=True)
    builder = Rebuilder(root, folder / "site", prepare, ServeClock(START), "127.0.0.1:8000")
    builder.serve_url = "http://127.0.0.1:8000/"
    return builder


def test_a_rebuild_equals_a_fresh_build_of_the_same_plan(tmp_path: Path) -> None:
    root = generated_plan(tmp_path / "repo", posts=8)
    served = rebuilder(root, tmp_path / "served")
    served()
    first = served.previous
    assert first is not None and len(first.pages) > 8
    post = root / "content/posts/2026/11/post-03.md"
    post.write_text(post.read_text(encoding="utf-8") + "Edited while serving.\n", "utf-8")
    served()
    assert served.builds == 2
    changed = {uri for uri, key in served.previous.pages.items() if first.pages.get(uri) != key}
    assert "posts/post-03/index.html" in changed
    assert len(changed) < len(first.pages)  # the other posts were kept
    fresh = rebuilder(root, tmp_path / "fresh")
    fresh()
    assert differences(served.site_dir, fresh.site_dir) == []
    assert b"Edited while serving." in (served.site_dir / "posts/post-03/index.html").read_bytes()


def test_a_rebuild_with_nothing_changed_leaves_the_site(tmp_path: Path) -> None:
    root = generated_plan(tmp_path / "repo", posts=4)
    served = rebuilder(root, tmp_path / "served")
    served()
    page = served.site_dir / "index.html"
    before = page.stat().st_ino
    served()
    assert served.builds == 1
    assert page.stat().st_ino == before


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read()
    except OSError:
        return b""


def wait_until(condition, seconds: float = 240) -> bool:
    """Poll for a state, not a speed: generous, for a loaded machine."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def test_the_server_shows_an_edit(tmp_path: Path) -> None:
    root = generated_plan(tmp_path / "repo", posts=4)
    port = free_port()
    command = [sys.executable, "-m", "smmplan", "--root", str(root), "--now", START.isoformat()]
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    page = f"{base}posts/post-01/"
    try:
        assert wait_until(lambda: b"Post number 1" in fetch(page))
        epoch = int(re.search(rb"livereload\((\d+),", fetch(page))[1])
        post = root / "content/posts/2026/11/post-01.md"
        post.write_text(post.read_text(encoding="utf-8") + "Shown after the edit.\n", "utf-8")
        assert wait_until(lambda: b"Shown after the edit." in fetch(page))
        assert int(fetch(f"{base}livereload/{epoch}/1")) > epoch
    finally:
        server.terminate()
        server.wait(timeout=30)
