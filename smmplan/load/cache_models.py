"""The check cache's models file: one pickled ``Post`` per record, appended, never rewritten
in place (:mod:`smmplan.load.cache` describes the cache, :mod:`smmplan.load.cached` uses it).

Each record is an HMAC-SHA256 of the post's path and its payload, then the payload; the
signed index holds each post's ``(offset, length)``. A run that changed one post appends
one record instead of rewriting the whole file, and a run that needs a few models reads
just those (``os.pread``), checking each record's MAC before it is unpickled. Appends take
an exclusive ``flock`` on the file, so two processes sharing the cache append one after
the other; records are never changed once written, so every index written by either
still points at records that verify. When the file holds more than twice the bytes its
index still uses, :func:`compact` writes the used records to a new file and renames it
over the old one (under the same lock): an index that still points into the old layout
then finds records that do not verify, and its run reads those posts afresh.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import os
import secrets
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from smmplan.load.cache import MAGIC

_DIGEST = 32
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_APPEND_FLAGS = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
_APPEND_FLAGS |= getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
SLACK = 4 * 1024 * 1024  # bytes of superseded records tolerated before compacting


def _mac(secret: bytes, key: bytes, rel: str, payload: bytes) -> bytes:
    message = MAGIC + b"model\0" + key + b"\0" + rel.encode() + b"\0" + payload
    return hmac.new(secret, message, hashlib.sha256).digest()


def record(secret: bytes, key: bytes, rel: str, payload: bytes) -> bytes:
    return _mac(secret, key, rel, payload) + payload


def regular(descriptor: int) -> bool:
    return stat.S_ISREG(os.fstat(descriptor).st_mode)


def locked_for_append(path: Path) -> int:
    """An open descriptor of ``path`` (made if absent) holding its exclusive lock; the
    file a compaction renamed into place while this process waited is reopened."""
    while True:
        descriptor = os.open(path, _APPEND_FLAGS, 0o600)
        try:
            if not regular(descriptor):
                raise OSError(f"{path.name} is not a regular file")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            if os.stat(path, follow_symlinks=False).st_ino == os.fstat(descriptor).st_ino:
                return descriptor
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(descriptor)
            raise
        os.close(descriptor)


def write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def append(
    path: Path, secret: bytes, key: bytes, models: Iterable[tuple[str, bytes]]
) -> dict[str, tuple[int, int]]:
    """Append each ``(path of the post, pickled model)`` as a record; each one's
    ``(offset, length)`` in the file. Raises ``OSError`` when the file cannot be written."""
    descriptor = locked_for_append(path)
    try:
        start = os.lseek(descriptor, 0, os.SEEK_END)
        chunks, where = [], {}
        for rel, payload in models:
            chunk = record(secret, key, rel, payload)
            where[rel] = (start, len(chunk))
            start += len(chunk)
            chunks.append(chunk)
        write_all(descriptor, b"".join(chunks))
    finally:
        os.close(descriptor)  # releases the lock
    return where


class Reader:
    """The records of one models file, read one at a time as they are asked for."""

    def __init__(self, path: Path, secret: bytes, key: bytes) -> None:
        self.path, self.secret, self.key = path, secret, key
        self._descriptor: int | None = None
        self._opened = False

    def payload(self, rel: str, where: tuple[int, int]) -> bytes | None:
        """The model of ``rel`` at ``where``; None when it is absent, torn or not ours."""
        descriptor = self._open()
        offset, length = where
        if descriptor is None or length <= _DIGEST or offset < 0:
            return None
        try:
            data = os.pread(descriptor, length, offset)
        except OSError:
            return None
        payload = data[_DIGEST:]
        if len(data) != length or not hmac.compare_digest(
            data[:_DIGEST], _mac(self.secret, self.key, rel, payload)
        ):
            return None
        return payload

    def _open(self) -> int | None:
        if not self._opened:
            self._opened = True
            try:
                descriptor = os.open(self.path, _READ_FLAGS)
            except OSError:
                return None
            if regular(descriptor):
                self._descriptor = descriptor
            else:
                os.close(descriptor)
        return self._descriptor

    def size(self) -> int:
        descriptor = self._open()
        return 0 if descriptor is None else os.fstat(descriptor).st_size

    def close(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)
        self._descriptor, self._opened = None, False


def wasteful(size: int, used: Mapping[str, tuple[int, int]]) -> bool:
    """Whether a models file of ``size`` bytes holds so many superseded records (beyond
    those at ``used``) that it is worth compacting."""
    live = sum(length for _, length in used.values())
    return size > 2 * live + SLACK


def compact(
    path: Path, secret: bytes, key: bytes, models: Iterable[tuple[str, bytes]]
) -> dict[str, tuple[int, int]]:
    """A new models file holding just ``models``, renamed over ``path`` while holding the
    old one's lock; each record's ``(offset, length)``."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    where, chunks, start = {}, [], 0
    for rel, payload in models:
        chunk = record(secret, key, rel, payload)
        where[rel] = (start, len(chunk))
        start += len(chunk)
        chunks.append(chunk)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(temporary, flags, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(b"".join(chunks))
        old = locked_for_append(path)
        try:
            os.replace(temporary, path)
        finally:
            os.close(old)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return where
