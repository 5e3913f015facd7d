"""When each post file last changed, read from git: calendars derive ``LAST-MODIFIED``,
``DTSTAMP`` and ``SEQUENCE`` from it (see ``docs/calendars.md``).

A committed file's time is the committer time of the last commit that touched it. A file
with uncommitted changes, or not yet tracked, counts as one minute after the later of its
last commit and ``HEAD``: still the same for the same working tree, and later than any
commit it follows. Outside a repository (or without git) nothing is known and the result
is empty; callers then fall back to a fixed moment.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from smmplan.load.git import GitError, git

UNCOMMITTED = timedelta(minutes=1)
PATHSPEC_LIMIT = 2000


def _commit_times(root: Path, wanted: set[str]) -> dict[str, datetime]:
    """Path (relative to ``root``) -> the time of the newest commit that touched it."""
    # Naming the files keeps git from diffing the rest of the tree in every commit; past
    # a few thousand names the command line would grow too long, and "." is as good.
    specs = (
        [f":(literal){name}" for name in sorted(wanted)] if len(wanted) <= PATHSPEC_LIMIT else ["."]
    )
    log = git(
        root,
        "log",
        "--no-renames",
        "--relative",
        "--format=%x01%ct",
        "--name-only",
        "-z",
        "--",
        *specs,
    )
    found: dict[str, datetime] = {}
    for chunk in log.split(b"\x01")[1:]:
        stamp, *names = chunk.split(b"\0")
        when = datetime.fromtimestamp(int(stamp), UTC)
        for raw in names:
            name = raw.lstrip(b"\n").decode("utf-8", "surrogateescape")
            if name in wanted and name not in found:
                found[name] = when
        if len(found) == len(wanted):
            break
    return found


def _uncommitted(root: Path) -> set[str]:
    changed = git(root, "diff", "--name-only", "--no-renames", "--relative", "-z", "HEAD")
    untracked = git(root, "ls-files", "--others", "--exclude-standard", "-z")
    names = changed.split(b"\0") + untracked.split(b"\0")
    return {name.decode("utf-8", "surrogateescape") for name in names if name}


def last_changes(root: Path, paths: Iterable[str]) -> dict[str, datetime]:
    """Each of ``paths`` (relative to ``root``, with '/') -> when it last changed, in UTC."""
    wanted = set(paths)
    if not wanted:
        return {}
    try:
        head = git(root, "log", "-1", "--format=%ct").strip()
        if not head:
            return {}
        times = _commit_times(root, wanted)
        dirty = _uncommitted(root) & wanted
    except (GitError, ValueError, OSError):
        return {}
    head_time = datetime.fromtimestamp(int(head), UTC)
    for name in dirty:
        times[name] = max(times.get(name, head_time), head_time) + UNCOMMITTED
    return times
