"""Every command on every hostile repository of ``tests/hostile.py``: diagnostics, never an
internal error or a traceback, no content file changed, and no text from outside the
repository in anything written or printed."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from smmplan.cli import cli
from smmplan.cli.export import FORMAT_NAMES
from tests import hostile

pytestmark = pytest.mark.skipif(
    subprocess.run(["git", "--version"], capture_output=True).returncode != 0,
    reason="git is not installed",
)
NOW = "2026-11-21T22:00:00+00:00"
REPOSITORIES = [*hostile.CLASSES, "combined"]
# The commands every repository goes through; {out} is a folder outside the repository.
COMMANDS: list[list[str]] = [
    ["check", "--format", "json"],
    ["check", "--format", "sarif"],
    ["build", "--out", "{out}/site"],
    ["images", "--out", "{out}/images"],
    *(
        [
            "export",
            "--format",
            f,
            "-o",
            f"{{out}}/plan.{f}",
            "--status",
            "draft",
            "--status",
            "approved",
        ]
        for f in FORMAT_NAMES
    ),
    ["calendar", "--week", "2026-W48"],
    ["diff", "main", "--format", "json"],
    ["diff", "main"],
    ["diff", "HEAD", "--format", "json"],  # the old tree holds the hostile files too
    ["new", "post", "A new post", "--brand", "kofe"],
    ["new", "campaign", "A new campaign", "--brand", "kofe"],
    ["init", "{out}/fresh", "--timezone", "Europe/Moscow"],
]
SERVE = ["serve", "--port", "{port}"]  # built once, then returns (``no_serving``)
# Hostile command lines, run on the repositories they concern.
EXTRA: dict[str, list[tuple[list[str], set[int]]]] = {
    "calendar_ends": [
        (["calendar", "--week", "9999-W52"], {2}),
        (["calendar", "--week", "0001-W01"], {2}),
        (["--now", "9999-12-31T23:59:59+00:00", "check"], {2}),
        (["--now", "0001-01-01T00:00:00-05:00", "calendar"], {2}),
        (["new", "post", "Early", "--brand", "kofe", "--date", "0001-01-01"], {2}),
        (["new", "post", "Late", "--brand", "kofe", "--date", "9999-12-31 23:59"], {2}),
        (["export", "--format", "csv", "--week", "9999-W52"], {2}),
    ],
    "bad_time_zones": [
        (["init", "{out}/america", "--timezone", "America"], {2}),
        (["init", "{out}/long", "--timezone", "Europe/" + "x" * 400], {2}),
        (["init", "{out}/path", "--timezone", "../../etc/passwd"], {2}),
    ],
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _tree(root: Path) -> dict[str, str]:
    """Path -> digest of every file and link below ``root`` (links by their target),
    without following links and without git's own folder."""
    digests = {}
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in [*filenames, *(d for d in dirnames if os.path.islink(Path(folder, d)))]:
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                digests[rel] = "link:" + os.readlink(path)
            elif path.is_file():
                with open(path, "rb") as stream:
                    digests[rel] = hashlib.sha256(stream.read()).hexdigest()
            else:
                digests[rel] = "special"
    return digests


def _leaks(folder: Path) -> list[str]:
    """Files below ``folder`` (links not followed) holding the secret marker."""
    marker = hostile.SECRET.encode()
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file() or ".git" in path.parts:
            continue
        if marker in path.read_bytes():
            found.append(path.relative_to(folder).as_posix())
    return found


def _invoke(root: Path, args: list[str]) -> Result:
    full = args if args[0] == "--now" else ["--now", NOW, *args]
    return CliRunner().invoke(cli, ["--root", str(root), *full], catch_exceptions=True)


def _assert_handled(result: Result, args: list[str], expected: set[int]) -> None:
    shown = f"{args}: exit {result.exit_code}\n{result.output[-3000:]}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        shown,
        result.exc_info,
    )
    assert result.exit_code in expected, shown
    assert "internal error" not in result.output, shown
    assert "Traceback" not in result.output, shown
    assert hostile.SECRET not in result.output, shown


@pytest.fixture
def no_serving(monkeypatch):
    """``serve`` builds the site once, then returns instead of serving forever."""
    from smmplan.render.site import live_server

    calls = []
    monkeypatch.setattr(live_server, "run", lambda server, open_browser: calls.append(server))
    return calls


@pytest.mark.parametrize("name", REPOSITORIES)
def test_every_command_gives_diagnostics_on_a_hostile_repository(tmp_path, name, no_serving):
    outside = hostile.plant_secrets(tmp_path / "outside")
    root = hostile.build(tmp_path / "repo", outside, name, git=True)
    out = tmp_path / "out"
    out.mkdir()
    before = _tree(root)
    runs = [(command, {0, 1, 2}) for command in [*COMMANDS, SERVE]] + EXTRA.get(name, [])
    for command, expected in runs:
        args = [
            part.replace("{out}", str(out)).replace("{port}", str(_free_port())) for part in command
        ]
        _assert_handled(_invoke(root, args), args, expected)
    after = _tree(root)
    changed = sorted(p for p in before if after.get(p) != before[p])
    assert changed == []
    added = sorted(set(after) - set(before))
    assert all(
        p.startswith(("content/posts/", "content/campaigns/", ".smmplan-cache/")) for p in added
    ), added
    assert _leaks(out) == [] and _leaks(root) == []


def test_links_outside_are_refused_by_name(tmp_path):
    outside = hostile.plant_secrets(tmp_path / "outside")
    root = hostile.build(tmp_path / "repo", outside, "links_outside")
    result = _invoke(root, ["check", "--format", "json"])
    refused = [
        (d["path"], d["rule"], d["line"], d["message"])
        for d in json.loads(result.stdout)["diagnostics"]
        if "refused" in d["message"] or "not read" in d["message"]
    ]
    link = "a link to a file outside the repository: refused, not read"
    assert refused == [
        ("brands/leak.yml", "front-matter-invalid", 1, link),
        ("content/campaigns/leak.md", "front-matter-invalid", 1, link),
        ("content/metrics/generic/leak.csv", "metrics-unreadable", 1, link),
        ("content/posts/2026/11/environ.md", "front-matter-invalid", 1, link),
        ("content/posts/2026/11/leak.md", "front-matter-invalid", 1, link),
        (
            "content/posts/2026/11/linked-picture.md",
            "media-missing",
            8,
            "'leak.png' points outside the repository: refused",
        ),
        (
            "content/posts/linked-folder",
            "front-matter-invalid",
            1,
            "a link to a folder outside the repository: refused, not read",
        ),
        (
            "content/posts/loop",
            "front-matter-invalid",
            1,
            "a folder (or a link to one) where a file is expected: not read",
        ),
        ("smmplan.yml", "front-matter-invalid", 1, link),
    ]
