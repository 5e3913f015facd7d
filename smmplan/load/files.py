"""The one way smmplan reads a file of a content repository.

A repository arrives through pull requests, so any file in it may be hostile: a
symbolic link to ``/etc/passwd`` or ``/proc/self/environ``, a FIFO that blocks every
reader, a 50 MB "post". Every file smmplan reads from a repository (``smmplan.yml``,
brands, campaigns, posts, analytics exports, media, pages under ``site/``) goes through
``read_file`` (the bytes) or ``check_file`` (the path, for readers that stream or let a
library open it), and every folder walk through ``walk``. Each refuses:

- a path whose real location (all symbolic links followed) is outside the repository
  root, or anywhere under ``/proc``, ``/sys`` or ``/dev``;
- anything but a regular file (devices, FIFOs, sockets, folders);
- a file larger than the limit for its kind (``LIMITS``), without reading it.

A refusal is a ``Refusal`` naming the file by its repository-relative path; callers turn
it into a finding of their own rule (``Refusal.finding``), so the rest of the repository
is still processed.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from smmplan.model import Finding

MIB = 1 << 20
LIMITS: dict[str, int] = {
    "settings": 1 * MIB,  # smmplan.yml
    "brand": 1 * MIB,
    "campaign": 1 * MIB,
    "post": 2 * MIB,  # a 25-post thread with notes is under 100 KiB
    "page": 4 * MIB,  # Markdown pages under site/
    "metrics": 256 * MIB,  # a year of a big account's daily exports
    "media": 4096 * MIB,  # only headers are read; videos are large
}
KIND_NAMES = {
    "settings": "a settings file",
    "brand": "a brand file",
    "campaign": "a campaign file",
    "post": "a post",
    "page": "a site page",
    "metrics": "an analytics export",
    "media": "a media file",
}
SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a repository file was not read; ``path`` is repository-relative, with '/'."""

    path: str
    reason: str

    @property
    def message(self) -> str:
        return f"{self.path}: {self.reason}"

    def finding(self, rule: str = "front-matter-invalid", line: int = 1) -> Finding:
        return Finding(rule, self.reason, line)


def relative_name(path: Path | str, root: Path | str) -> str:
    """``path`` relative to ``root`` with '/', or the path itself when it is not below."""
    text, base = os.fspath(path), os.fspath(root)
    if text.startswith(base.rstrip(os.sep) + os.sep):
        return text[len(base.rstrip(os.sep)) + 1 :].replace(os.sep, "/")
    return Path(text).as_posix()


def inside(real: str, real_root: str) -> bool:
    """True when the real path ``real`` is ``real_root`` or below it (both resolved)."""
    if any(real == s or real.startswith(s + os.sep) for s in SYSTEM_FOLDERS):
        return False
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def check_file(path: Path, root: Path, kind: str) -> tuple[Path | None, Refusal | None]:
    """The real path of ``path`` when it is a regular file inside ``root`` within the
    size limit of ``kind`` (a key of ``LIMITS``); otherwise ``(None, refusal)``.

    For readers that stream a file or hand it to a library (analytics exports, media);
    the file is not opened. Everything else should call ``read_file``.
    """
    real, reason = _real_inside(path, root)
    if reason is None:
        try:
            reason = _refuse_kind(os.stat(real), kind)
        except OSError as error:
            reason = f"cannot read the file: {error.strerror or error}"
    if reason is not None:
        return None, Refusal(relative_name(path, root), reason)
    return Path(real), None


def read_file(path: Path, root: Path, kind: str) -> tuple[bytes | None, Refusal | None]:
    """The bytes of the repository file ``path``, or ``(None, refusal)`` saying why not.

    ``root`` is the repository root; ``kind`` a key of ``LIMITS`` ("settings", "brand",
    "campaign", "post", "page", "metrics", "media"). Refused without reading: a link
    whose target is outside ``root``, a special file, a file over the kind's limit.
    Never raises for a bad file.
    """
    data, reason = _read(path, root, kind)
    if reason is not None:
        return None, Refusal(relative_name(path, root), reason)
    return data, None


def _read(path: Path, root: Path, kind: str) -> tuple[bytes | None, str | None]:
    descriptor, reason = _open_inside(path, root)
    if descriptor is None:
        return None, reason
    try:
        info = os.fstat(descriptor)
        reason = _refuse_kind(info, kind)
        if reason is not None:
            return None, reason
        # sized by the file, not the limit: a 2 MiB buffer per post would be slow
        chunks = [os.read(descriptor, info.st_size + 1)]
        while len(chunks[-1]) and sum(map(len, chunks)) <= LIMITS[kind]:
            chunks.append(os.read(descriptor, LIMITS[kind] + 1 - sum(map(len, chunks))))
    except OSError as error:
        return None, f"cannot read the file: {error.strerror or error}"
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > LIMITS[kind]:
        return None, _too_large(len(data), kind)
    return data, None


def walk(folder: Path, root: Path, suffixes: Iterable[str]) -> tuple[list[Path], list[Refusal]]:
    """Files below ``folder`` whose names end in one of ``suffixes``, sorted, hidden names
    skipped; folders that are links leading outside ``root`` are not entered (a refusal
    each). The files are not checked here: read each with ``read_file``."""
    found, refused = walk_names(folder, root, suffixes)
    return [Path(name) for name in found], refused


def walk_names(
    folder: Path | str, root: Path | str, suffixes: Iterable[str]
) -> tuple[list[str], list[Refusal]]:
    """``walk`` with each file's path as text (building 10,000 ``Path`` objects costs as
    much as listing the folders): a folder's own files first, then its subfolders, each
    sorted by name, as ``os.walk`` lists them."""
    ends = tuple(suffixes)
    folder_text = os.fspath(folder)
    real_root = os.path.realpath(root)
    if not os.path.isdir(folder_text):
        return [], []
    if not inside(os.path.realpath(folder_text), real_root):
        rel = relative_name(folder_text, root)
        return [], [Refusal(rel, "a link to a folder outside the repository: not read")]
    found: list[str] = []
    refused: list[Refusal] = []
    pending = [folder_text]
    while pending:
        current = pending.pop()
        files, folders = _listing(current)
        found.extend(os.path.join(current, name) for name in files if name.endswith(ends))
        kept = []
        for name, is_link in folders:
            path = os.path.join(current, name)
            if is_link and not _safe_link_folder(path, current, real_root):
                reason = "a link to a folder outside the repository (or a loop): not read"
                refused.append(Refusal(relative_name(path, root), reason))
            else:
                kept.append(path)
        pending.extend(reversed(kept))
    return found, refused


def _listing(folder: str) -> tuple[list[str], list[tuple[str, bool]]]:
    """The names of the files and (with whether each is a link) the folders in
    ``folder``, hidden ones left out, each sorted; links to folders count as folders."""
    files: list[str] = []
    folders: list[tuple[str, bool]] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return [], []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if is_folder:
            folders.append((entry.name, entry.is_symlink()))
        else:
            files.append(entry.name)
    files.sort()
    folders.sort()
    return files, folders


def _safe_link_folder(link: str, parent: str, real_root: str) -> bool:
    """A linked folder inside the repository that is not one of its own ancestors."""
    target = os.path.realpath(link)
    real_parent = os.path.realpath(parent)
    looping = real_parent == target or real_parent.startswith(target + os.sep)
    return inside(target, real_root) and not looping


def _open_inside(path: Path, root: Path) -> tuple[int | None, str | None]:
    """An open descriptor of ``path`` once it is known to be inside ``root``, or why not.

    The name is opened without following a link (and without blocking on a FIFO); a
    link is resolved in full and checked before its target is opened, and a target that
    is a device is refused without opening it (opening some devices has effects). Where
    the opened file really lives is read back from the descriptor (``/proc/self/fd``),
    so a folder link above it cannot slip through and nothing can be swapped between
    the check and the read.
    """
    try:
        descriptor = os.open(path, _OPEN_FLAGS | _NOFOLLOW)
    except OSError as error:
        if error.errno != errno.ELOOP:
            return None, f"cannot read the file: {error.strerror or error}"
        descriptor = None  # a link: resolved in full below, before it is opened
    except ValueError as error:  # a NUL in the name
        return None, f"cannot read the file: {error}"
    if descriptor is None:
        real, reason = _real_inside(path, root)
        if reason is not None:
            return None, reason
        if os.path.exists(real) and not stat.S_ISREG(os.stat(real).st_mode):
            return None, _refuse_kind(os.stat(real), "post")
        try:
            descriptor = os.open(real, _OPEN_FLAGS)
        except OSError as error:
            return None, f"cannot read the file: {error.strerror or error}"
    if not inside(_opened_path(descriptor, path), _real_root(os.fspath(root))):
        os.close(descriptor)
        return None, "a file outside the repository: refused, not read"
    return descriptor, None


def _opened_path(descriptor: int, path: Path) -> str:
    try:
        return os.readlink(f"/proc/self/fd/{descriptor}")
    except OSError:  # no /proc (macOS): resolve the name instead
        return os.path.realpath(path)


@functools.lru_cache(maxsize=64)
def _real_root(root: str) -> str:
    return os.path.realpath(root)


def _real_inside(path: Path, root: Path) -> tuple[str, str | None]:
    try:
        real = os.path.realpath(path)
        real_root = os.path.realpath(root)
    except (OSError, ValueError) as error:
        return "", f"cannot read the file: {error}"
    if inside(real, real_root):
        return real, None
    if not (os.path.islink(path) or real != os.path.abspath(path)):
        return "", "a file outside the repository: refused, not read"
    what = "a link to a folder" if os.path.isdir(real) else "a link to a file"
    return "", f"{what} outside the repository: refused, not read"


def _refuse_kind(info: os.stat_result, kind: str) -> str | None:
    if stat.S_ISDIR(info.st_mode):
        return "a folder (or a link to one) where a file is expected: not read"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (a device, FIFO or socket): refused, not read"
    if info.st_size > LIMITS[kind]:
        return _too_large(info.st_size, kind)
    return None


def _too_large(size: int, kind: str) -> str:
    return (
        f"the file is {_size(size)}, over the {_size(LIMITS[kind])} limit for"
        f" {KIND_NAMES[kind]}: refused, not read"
    )


def _size(count: int) -> str:
    """Whole MiB as such (the limits, a 50 MiB file); anything else to the byte."""
    if count % MIB == 0 or count >= 10 * MIB:
        return f"{count / MIB:,.1f} MiB".replace(".0 MiB", " MiB")
    return f"{count:,} bytes"
