"""The parallel check gives exactly what the single-process engine gives."""

from __future__ import annotations

from smmplan.check import run
from smmplan.check.select import CheckScope
from smmplan.load import load_project
from smmplan.load.parallel import MIN_POSTS_PER_WORKER
from smmplan.pipeline import check_repository
from tests.conftest import NOW, write

POSTS = 2 * MIN_POSTS_PER_WORKER + 50


def make_plan(root):
    files = {"brands/qehve-evi.yml": "name: Q\ntimezone: Asia/Baku\nposting: {min_gap: 3h}\n"}
    for n in range(POSTS):
        day, hour = divmod(n, 10)
        text = "a" * (300 if n % 97 == 0 else 20)
        files[f"content/posts/{n:04d}.md"] = (
            f"---\ntitle: Post {n}\npublish_at: 2027-01-{1 + day % 28:02d} {8 + hour:02d}:00\n"
            f"networks: [x, telegram]\n---\n{text}\n"
        )
    files["content/posts/broken.md"] = "---\ntitle: [oops\n---\n"
    return write(root, files)


def test_parallel_equals_serial(tmp_path):
    root = make_plan(tmp_path)
    serial = run(load_project(root), NOW)
    parallel = check_repository(root, NOW, jobs=2)
    assert parallel.diagnostics == serial
    assert parallel.posts == POSTS + 1
    assert {d.rule for d in serial} == {
        "schedule-conflict",
        "text-too-long",
        "front-matter-invalid",
    }


def test_parallel_selection_equals_serial(tmp_path):
    root = make_plan(tmp_path)
    changed = frozenset({"content/posts/0001.md", "content/posts/0097.md"})
    one = check_repository(root, NOW, CheckScope(changed=changed), jobs=1)
    two = check_repository(root, NOW, CheckScope(changed=changed), jobs=2)
    assert one == two
    assert {d.path for d in one.diagnostics if d.path in changed} == set(changed)
    # unchanged posts appear only for conflicting with a changed one
    neighbours = [d for d in one.diagnostics if d.path not in changed]
    assert neighbours and all(d.rule == "schedule-conflict" for d in neighbours)
    assert all(any(path in d.message for path in changed) for d in neighbours)
    assert one.posts == 2
