"""``smmplan serve``: "now" moves on once a minute or at a new day; after each kind of
edit the fast path's pages (those asked for at once, then all) equal a clean build's;
pages are rendered when asked for; settings take the whole build; nothing changed leaves
the site alone; the server shows an edit."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from smmplan.pipeline import live_stages, prepare
from smmplan.render.site import incremental
from smmplan.render.site.build import Build, rebuild
from smmplan.render.site.serve import Rebuilder, ServeClock, changed_files, settling
from tests.test_incremental_build import differences, edit, generated_plan

START = datetime(2026, 11, 20, 10, 0, 0, tzinfo=UTC)
ADDRESS = "127.0.0.1:8000"


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


@pytest.fixture(scope="module")
def plan_once(tmp_path_factory) -> Path:
    """One generated plan with its pictures rendered, copied by each test (``plan``)."""
    root = generated_plan(tmp_path_factory.mktemp("plan") / "repo", posts=8)
    clean_build(root, tmp_path_factory.mktemp("warm") / "site")
    return root


@pytest.fixture
def plan(plan_once: Path, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(plan_once, root)
    return root


def served(root: Path, folder: Path) -> Rebuilder:
    """A server's builder on ``root``, its first (whole) build done."""
    folder.mkdir(parents=True)
    builder = Rebuilder(root, folder / "site", live_stages(root), ServeClock(START), ADDRESS)
    builder.serve_url = f"http://{ADDRESS}/"
    builder()
    return builder


def clean_build(root: Path, folder: Path) -> Path:
    """The site a clean build of the same files gives (the way ``build`` makes it)."""
    folder.mkdir(parents=True)
    state = Build(
        root, folder / "site", START, prepare, dev_addr=ADDRESS, serve_url=f"http://{ADDRESS}/"
    )
    rebuild(state, {})
    return folder / "site"


POST = "content/posts/2026/11/post-03.md"


def append_text(root: Path) -> list[str]:
    edit(root, POST, lambda text: text + "Edited while serving.\n")
    return ["posts/post-03/index.html", "week/2026-W46/index.html"]


def move_week(root: Path) -> list[str]:
    edit(root, POST, lambda text: text.replace("2026-11-13 09:00", "2026-11-27 09:00"))
    return ["posts/post-03/index.html", "week/2026-W46/index.html", "week/2026-W48/index.html"]


def add_post(root: Path) -> list[str]:
    text = (root / POST).read_text(encoding="utf-8").replace("Post 3", "A new post")
    (root / "content/posts/2026/11/post-99.md").write_text(text, encoding="utf-8")
    return ["posts/post-99/index.html", "week/2026-W46/index.html"]


def delete_post(root: Path) -> list[str]:
    (root / POST).unlink()
    return ["week/2026-W46/index.html"]


def edit_brand(root: Path) -> list[str]:
    edit(root, "brands/bank.yml", lambda text: text.replace("name: Bank", "name: Big Bank"))
    return ["posts/post-03/index.html", "brands/bank/index.html"]


@pytest.mark.parametrize("change", [append_text, move_week, add_post, delete_post, edit_brand])
def test_an_edit_through_the_fast_path_gives_a_clean_builds_site(
    plan: Path, tmp_path: Path, change
) -> None:
    root = plan
    builder = served(root, tmp_path / "served")
    pages = change(root)
    builder()
    assert (builder.builds, builder.updates) == (1, 1)
    fresh = clean_build(root, tmp_path / "fresh")
    for page in pages:  # as a browser asks for them right after the reload
        builder.requested(page)
        assert (builder.site_dir / page).read_bytes() == (fresh / page).read_bytes(), page
    builder.settle()
    assert differences(builder.site_dir, fresh) == []


def test_a_page_is_rendered_when_it_is_asked_for(plan: Path, tmp_path: Path) -> None:
    root = plan
    builder = served(root, tmp_path / "served")
    page = builder.site_dir / "posts/post-03/index.html"
    append_text(root)
    builder()
    assert "posts/post-03/index.html" in builder.session.stale
    assert b"Edited while serving." not in page.read_bytes()
    builder.requested("posts/post-03/index.html")
    assert b"Edited while serving." in page.read_bytes()
    assert "posts/post-03/index.html" not in builder.session.stale
    assert "posts/post-05/index.html" not in builder.session.stale  # an unchanged post
    builder.settle()


def test_an_edit_that_changes_no_problem_still_renders_the_post_page(
    plan: Path, tmp_path: Path
) -> None:
    """The page keys of the update see the edited file's new content, not only its problems
    (they were made from the file hashes before the edit: the page stayed as it was)."""
    root = plan
    builder = served(root, tmp_path / "served")
    post, page = "content/posts/2026/11/post-05.md", "posts/post-05/index.html"
    problems = [d for d in builder.plan.diagnostics if d.path == post]
    edit(root, post, lambda text: text.replace("Post number 5", "Post NUMBER 5"))
    builder()
    assert [d for d in builder.plan.diagnostics if d.path == post] == problems
    assert page in builder.session.stale
    builder.requested(page)
    assert b"Post NUMBER 5" in (builder.site_dir / page).read_bytes()
    builder.settle()
    assert differences(builder.site_dir, clean_build(root, tmp_path / "fresh")) == []


def test_settings_are_taken_in_by_a_whole_build(plan: Path, tmp_path: Path) -> None:
    root = plan
    builder = served(root, tmp_path / "served")
    edit(root, "smmplan.yml", lambda text: text.replace("Generated", "Renamed"))
    builder()
    assert (builder.builds, builder.updates) == (2, 0)
    assert differences(builder.site_dir, clean_build(root, tmp_path / "fresh")) == []
    append_text(root)  # the next edit takes the fast path again
    builder()
    assert (builder.builds, builder.updates) == (2, 1)
    builder.settle()
    assert differences(builder.site_dir, clean_build(root, tmp_path / "fresh2")) == []


def test_two_edits_in_a_row_give_a_clean_builds_site(plan: Path, tmp_path: Path) -> None:
    root = plan
    builder = served(root, tmp_path / "served")
    append_text(root)
    builder()
    move_week(root)
    builder()
    builder.settle()
    assert (builder.builds, builder.updates) == (1, 2)
    assert differences(builder.site_dir, clean_build(root, tmp_path / "fresh")) == []


def test_nothing_changed_leaves_the_site(plan: Path, tmp_path: Path) -> None:
    root = plan
    builder = served(root, tmp_path / "served")
    page = builder.site_dir / "index.html"
    before = page.stat().st_ino
    (root / POST.replace("03", "01")).touch()
    builder()
    assert (builder.builds, builder.updates) == (1, 0)
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


def test_changed_files_are_those_added_removed_or_with_another_hash() -> None:
    before = {"a.md": [1, 10, "x"], "b.md": [1, 10, "y"], "c.md": [1, 10, "z"]}
    after = {"a.md": [1, 99, "x"], "b.md": [2, 11, "w"], "d.md": [1, 10, "v"]}
    assert changed_files(before, after) == {"b.md", "c.md", "d.md"}


def test_settling_files_keep_their_hash_and_lose_their_time() -> None:
    files = {"old.md": [3, 1_000, "h1"], "new.md": [4, 9_000_000_000, "h2"]}
    assert settling(files, 10_000_000_000) == {"old.md": [3, 1_000, "h1"], "new.md": [4, -1, "h2"]}


def test_an_edit_is_noticed_by_the_systems_own_watcher(tmp_path: Path, monkeypatch) -> None:
    import threading

    from watchdog.observers import Observer

    from smmplan.render.site import live_server as module

    monkeypatch.setattr(module, "POLLING_BESIDE_NATIVE", 3600.0)  # no poll within the test
    before = set(threading.enumerate())
    server = module.live_server(
        lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path)
    )
    (tmp_path / "content").mkdir()
    server.watch(str(tmp_path / "content"))
    assert set(threading.enumerate()) == before  # no thread until the server starts
    server.observer.start()
    try:
        assert type(server.observer.native) is Observer  # inotify here
        assert server.observer.polling.timeout == 3600.0
        (tmp_path / "content" / "post.md").write_text("edited\n", encoding="utf-8")
        assert wait_until(lambda: server._want_rebuild, seconds=30)
    finally:
        server.observer.stop()
        server.observer.join(30)
        server.server_close()
    assert set(threading.enumerate()) == before  # none left behind (others count them)


class RefusingObserver:
    def __init__(self) -> None:
        self.started = False

    def schedule(self, handler, path, recursive=True):
        raise OSError(28, "inotify watch limit reached")

    def start(self) -> None:
        self.started = True

    def is_alive(self) -> bool:
        return False


def test_a_path_the_native_watcher_refuses_is_polled_at_mkdocs_pace(
    tmp_path: Path, monkeypatch
) -> None:
    from smmplan.render.site import live_server as module

    monkeypatch.setattr(module, "native_observer", RefusingObserver)
    watchers = module.Watchers()
    number = watchers.schedule(object(), str(tmp_path))
    watchers.start()
    try:
        assert watchers.native.started
        assert watchers.polling.timeout == 2.0 and len(watchers.polling.emitters) == 0
        assert watchers.fast.timeout == 0.5 and len(watchers.fast.emitters) == 1
        watchers.unschedule(number)
        assert len(watchers.fast.emitters) == 0
    finally:
        watchers.stop()
        watchers.join(30)


def test_without_a_native_watcher_everything_is_polled_at_mkdocs_pace(
    tmp_path: Path, monkeypatch
) -> None:
    from smmplan.render.site import live_server as module

    monkeypatch.setattr(module, "native_observer", lambda: None)
    watchers = module.Watchers()
    watchers.schedule(object(), str(tmp_path))
    watchers.start()
    try:
        assert watchers.polling.timeout == 0.5 and len(watchers.polling.emitters) == 1
    finally:
        watchers.stop()
        watchers.join(30)
