"""``smmplan diff REF`` on a real git history built in the test."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import BRAND, write

NOW = "2026-11-23T06:00:00+00:00"
pytestmark = pytest.mark.skipif(
    subprocess.run(["git", "--version"], capture_output=True).returncode != 0,
    reason="git is not installed",
)


def post(
    title: str, when: str, networks: str = "[x, telegram]", status: str = "draft", text: str = "Hi"
) -> str:
    return (
        f"---\ntitle: {title}\nbrand: qehve-evi\npublish_at: {when}\nstatus: {status}\n"
        f"networks: {networks}\n---\n{text}\n"
    )


def git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """main: four posts. Branch 'edit' (checked out): one added, one removed, one moved
    and retargeted, one approved without approved_by (a new problem)."""
    root = tmp_path / "repo"
    write(
        root,
        {
            "brands/qehve-evi.yml": BRAND,
            "content/posts/2026/11/stay.md": post("Stays", "2026-11-25 10:00"),
            "content/posts/2026/11/gone.md": post("Goes away", "2026-11-26 10:00"),
            "content/posts/2026/11/move.md": post("Moves", "2026-11-27 10:00"),
            "content/posts/2026/11/status.md": post("Gets approved", "2026-11-27 15:00"),
        },
    )
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "plan")
    git(root, "switch", "-q", "-c", "edit")
    (root / "content/posts/2026/11/gone.md").unlink()
    write(
        root,
        {
            "content/posts/2026/11/new.md": post(
                "Brand new | *bold* <b>", "2026-11-28 11:00", "[x]"
            ),
            "content/posts/2026/11/move.md": post("Moves", "2026-11-28 16:00", "[x, vk]"),
            "content/posts/2026/11/status.md": post(
                "Gets approved", "2026-11-27 15:00", status="approved"
            ),
        },
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "edit")
    return root


def test_diff_json(history, smmplan):
    result = smmplan("--root", str(history), "--now", NOW, "diff", "main", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    base = git(history, "rev-parse", "--short=7", "main").strip()
    assert payload["ref"] == f"main ({base})"
    assert payload["summary"] == (
        "1 added, 1 removed, 1 moved, 1 retargeted, 1 status change, 1 new problem"
    )
    assert payload["added"] == [
        {
            "post": "content/posts/2026/11/new.md",
            "title": "Brand new | *bold* <b>",
            "brand": "qehve-evi",
            "status": "draft",
            "networks": ["x"],
            "publish_at": "2026-11-28T11:00:00+04:00",
        }
    ]
    assert [e["post"] for e in payload["removed"]] == ["content/posts/2026/11/gone.md"]
    assert payload["moved"] == [
        {
            "post": "content/posts/2026/11/move.md",
            "title": "Moves",
            "network": None,
            "from": "2026-11-27T10:00:00+04:00",
            "to": "2026-11-28T16:00:00+04:00",
        }
    ]
    assert payload["retargeted"] == [
        {
            "post": "content/posts/2026/11/move.md",
            "title": "Moves",
            "added": ["vk"],
            "removed": ["telegram"],
        }
    ]
    assert payload["status_changed"] == [
        {
            "post": "content/posts/2026/11/status.md",
            "title": "Gets approved",
            "from": "draft",
            "to": "approved",
        }
    ]
    assert [(p["path"], p["rule"]) for p in payload["new_problems"]] == [
        ("content/posts/2026/11/status.md", "approval-missing")
    ]
    assert payload["renamed"] == [] and payload["resolved_problems"] == 0


def test_diff_markdown_for_the_pull_request(history, smmplan):
    result = smmplan("--root", str(history), "--now", NOW, "diff", "main")
    text = result.output
    assert text.startswith("## Calendar changes\n\nAgainst `main (")
    for heading in (
        "### Added",
        "### Removed",
        "### Moved",
        "### Networks changed",
        "### Status changed",
        "### New problems",
    ):
        assert heading in text
    assert "| Fri 27 Nov 2026 10:00 (Asia/Baku) | Sat 28 Nov 2026 16:00 (Asia/Baku) |" in text
    assert r"Brand new \| \*bold\* \<b\>" in text  # user text cannot break the table or add HTML
    assert "- **error** `content/posts/2026/11/status.md:5` approval-missing:" in text


def test_merge_base_ignores_what_main_did_since(history, smmplan):
    git(history, "switch", "-q", "main")
    write(history, {"content/posts/2026/11/later.md": post("On main later", "2026-11-29 12:00")})
    git(history, "add", "-A")
    git(history, "commit", "-q", "-m", "later on main")
    git(history, "switch", "-q", "edit")
    payload = json.loads(
        smmplan("--root", str(history), "--now", NOW, "diff", "main", "--format", "json").output
    )
    assert "merge base" in payload["ref"]
    assert [e["post"] for e in payload["removed"]] == ["content/posts/2026/11/gone.md"]


def test_renamed_post_and_uncommitted_changes(history, smmplan):
    folder = history / "content/posts/2026/12"
    folder.mkdir()
    (history / "content/posts/2026/11/stay.md").rename(folder / "stay.md")
    payload = json.loads(
        smmplan("--root", str(history), "--now", NOW, "diff", "HEAD", "--format", "json").output
    )
    assert payload["renamed"] == [
        {"from": "content/posts/2026/11/stay.md", "to": "content/posts/2026/12/stay.md"}
    ]
    assert payload["added"] == payload["removed"] == []
    clean = smmplan("--root", str(history), "--now", NOW, "diff", "HEAD~0")
    assert "1 renamed" in clean.output


def test_no_changes(history, smmplan):
    result = smmplan("--root", str(history), "--now", NOW, "diff", "HEAD")
    assert (
        result.output
        == "## Calendar changes\n\nAgainst `HEAD ("
        + git(history, "rev-parse", "--short=7", "HEAD").strip()
        + ")`: **no changes**.\n"
    )


def test_content_in_a_subfolder_of_the_repository(tmp_path, smmplan):
    top = tmp_path / "top"
    write(top, {"README.md": "x\n"})
    git(top, "init", "-q")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "no calendar yet")
    root = top / "calendar"
    write(
        root, {"brands/qehve-evi.yml": BRAND, "content/posts/a.md": post("A", "2026-11-25 10:00")}
    )
    payload = json.loads(
        smmplan("--root", str(root), "--now", NOW, "diff", "HEAD", "--format", "json").output
    )
    assert [e["post"] for e in payload["added"]] == ["content/posts/a.md"]


def test_bad_refs_and_no_repository(history, tmp_path, smmplan):
    missing = smmplan("--root", str(history), "--now", NOW, "diff", "no-such-branch")
    assert missing.exit_code == 2
    assert "'no-such-branch' is not a branch, tag or commit of this repository" in missing.stderr
    option = smmplan("--root", str(history), "diff", "--", "--output=x")
    assert option.exit_code == 2 and "is not a git ref" in option.stderr
    plain = write(tmp_path / "plain", {"content/posts/a.md": post("A", "2026-11-25 10:00")})
    (tmp_path / "plain" / "brands").mkdir()
    result = smmplan("--root", str(plain), "diff", "main")
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr
    assert "Traceback" not in result.output
