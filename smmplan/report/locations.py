"""Where a diagnostic's file is, for the formats read outside the content folder.

Diagnostics name files relative to the content root (``--root``). GitHub annotations and
code scanning place them relative to the git repository instead, so when the content
lives in a subfolder (``--root calendar``) their paths get that folder in front. Outside
git the content root stands in for the repository.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote


def repository_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``.git`` (a folder, or the file a
    worktree or submodule has); ``None`` outside git."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def file_uri(folder: Path) -> str:
    """``folder`` as an absolute ``file://`` URI ending in ``/`` (percent-encoded UTF-8)."""
    uri = folder.as_uri()
    return uri if uri.endswith("/") else uri + "/"


def relative_uri(path: str) -> str:
    """A relative POSIX path as a URI reference (RFC 3986): every byte of its UTF-8 other
    than unreserved characters and ``/`` percent-encoded, so ``:``, ``#``, ``?``, ``%``,
    spaces and Cyrillic survive the round trip."""
    return quote(path, safe="/")


@dataclass
class Locations:
    """Maps diagnostic paths (relative to ``content_root``) to paths relative to ``base``:
    the git repository holding the content, or the content root itself."""

    content_root: Path | None
    base: Path | None = None
    _cache: dict[str, str | None] = field(default_factory=dict, repr=False)

    @classmethod
    def for_root(cls, content_root: Path | None) -> Locations:
        if content_root is None:
            return cls(None, None)
        resolved = content_root.resolve()
        return cls(resolved, repository_root(resolved) or resolved)

    def relative(self, path: str) -> str | None:
        """``path`` relative to the base with ``/``; ``None`` when it lies outside the base
        (an absolute path elsewhere); ``path`` itself when no root is known."""
        if self.content_root is None or self.base is None:
            return None if path.startswith("/") else path
        if path not in self._cache:
            full = os.path.normpath(os.path.join(self.content_root, path))
            base = str(self.base)
            inside = full == base or full.startswith(base.rstrip(os.sep) + os.sep)
            rel = os.path.relpath(full, base) if inside else None
            self._cache[path] = None if rel is None else Path(rel).as_posix()
        return self._cache[path]

    def shown(self, path: str) -> str:
        """What an annotation names: the path relative to the base, or as given."""
        relative = self.relative(path)
        return path if relative is None else relative

    def file(self, path: str) -> Path | None:
        """The file on disk, to read a line of it; ``None`` when no root is known."""
        if self.content_root is None:
            return Path(path) if path.startswith("/") else None
        return self.content_root / path
