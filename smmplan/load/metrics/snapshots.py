"""The day an export file's figures are as of, and where that day comes from.

Per-post figures are lifetime totals on the export day, so every file is a dated
snapshot. The most trusted source wins (``SNAPSHOT_SOURCES``): the file's own date
(GA4's "End date", Ads Manager's "Reporting ends", TikTok's "Time"; read by the format's
reader), else a date in its name or in a folder's name below the metrics folder
(``fb-posts-2026-11-30.csv``, ``account_analytics_content_2026-10-01_2026-10-31.csv``,
``ChatExport_2026-11-21/result.json``, ``…-Oct-1-2026-Oct-31-2026.csv``; the last date
named wins, being the end of a range), else the file's last commit when git has it
unchanged, else its modification time. git is asked once for the whole folder, not once
per file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

from smmplan.load.git import GitError, git_text

_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_NAME_DATE = re.compile(
    r"(?<!\d)(20\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)"
    rf"|(?<![a-z])({_MONTHS})[a-z]*[-_ ]?(\d{{1,2}})[-_, ]+(20\d\d)(?!\d)",
    re.IGNORECASE,
)
_MONTH_NUMBER = {name: i for i, name in enumerate(_MONTHS.split("|"), start=1)}


def name_date(parts: Iterable[str]) -> date | None:
    """The last valid date written in the first of ``parts`` (names, innermost first) naming one."""
    for part in parts:
        found = None
        for match in _NAME_DATE.finditer(part):
            try:
                if match[1]:
                    found = date(int(match[1]), int(match[2]), int(match[3]))
                else:
                    month = _MONTH_NUMBER[match[4][:3].lower()]
                    found = date(int(match[6]), month, int(match[5]))
            except ValueError:
                continue
        if found is not None:
            return found
    return None


def name_parts(path: Path, folder: Path) -> list[str]:
    """The file's name, then its folders' names up to (not including) the metrics folder."""
    parts = [path.name]
    try:
        inner = path.parent.relative_to(folder)
    except ValueError:
        return parts
    parts.extend(reversed(inner.parts))
    return parts


def git_dates(root: Path, folder: Path) -> dict[str, date]:
    """Repository-relative path -> day of its last commit, for files git has unchanged.

    Files modified or untracked in the work tree are left out: their content is newer
    than any commit, so their modification time dates them better.
    """
    try:
        top = Path(git_text(root, "rev-parse", "--show-toplevel").strip()).resolve()
        quiet = ("-c", "core.quotePath=false")
        log = git_text(
            root,
            *quiet,
            "log",
            "--format=%x00%cI",
            "--name-only",
            "--no-renames",
            "--",
            str(folder),
        )
        dirty = git_text(
            root, *quiet, "status", "--porcelain", "--untracked-files=all", "--", str(folder)
        )
    except (GitError, OSError, ValueError):
        return {}
    changed = {line[3:].strip().strip('"') for line in dirty.splitlines() if len(line) > 3}
    real_root = root.resolve()
    dates: dict[str, date] = {}
    day: date | None = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            day = _commit_day(line[1:])
            continue
        if not line or day is None or line in changed:
            continue
        path = (top / line).resolve()
        if path.is_relative_to(real_root):
            dates.setdefault(path.relative_to(real_root).as_posix(), day)
    return dates


def _commit_day(text: str) -> date | None:
    try:
        return datetime.fromisoformat(text.strip()).date()
    except ValueError:
        return None


def mtime_date(path: Path) -> date:
    """The day (UTC) the file was last modified."""
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).date()


class Dating:
    """Dates files by name, git or modification time; git is asked at most once."""

    def __init__(self, root: Path, folder: Path) -> None:
        self.root = root
        self.folder = folder.resolve()
        self._git: dict[str, date] | None = None

    def prime(self, paths: Iterable[Path]) -> None:
        """Ask git now if any of ``paths`` will need it (before the work is shared out)."""
        if self._git is None and any(
            name_date(name_parts(path.resolve(), self.folder)) is None for path in paths
        ):
            self._git = git_dates(self.root, self.folder)

    def fallback(self, path: Path, rel: str) -> tuple[date, str]:
        """(day, taken_from) for a file whose content does not date it."""
        found = name_date(name_parts(path.resolve(), self.folder))
        if found is not None:
            return found, "name"
        if self._git is None:
            self._git = git_dates(self.root, self.folder)
        if rel in self._git:
            return self._git[rel], "git"
        return mtime_date(path), "mtime"
