"""The check cache: each post's loaded model and per-post diagnostics, kept between runs.

It lives in ``.smmplan-cache/check/`` under the repository root, one generation per
*settings key* (smmplan's version and the source of what loads and checks, the model's
field lists, the network data, ``smmplan.yml``, ``CODEOWNERS``, the names of the brands
and campaigns, the repository's location and the language of messages). A generation
is three files: an index (per post: the file's ``os.stat``, the SHA-256 of its bytes, the
brand and campaign files it used with their hashes, the headers of its media, its
diagnostics and the small facts the rules across posts need, each entry a plain tuple),
its journal (what later runs changed, appended to until rewriting the index costs less
than reading it: :mod:`smmplan.load.cache_journal`) and the models file, one pickled
model per record, appended to and read a record at a time
(:mod:`smmplan.load.cache_models`), which only runs that need the models read.

A post is a hit when its stat matches the index (as git's index does, a stat taken
within :data:`RACY_NS` of the moment the file was read is not trusted), else when the
hash of its bytes does, and when its dependencies hash the same as today.

The cache sits in a repository that someone else may have written, so nothing in it is
trusted: the index and every model record carry an HMAC-SHA256 under a per-user secret
kept outside the repository (:func:`secret_path`), checked before anything is unpickled,
and unpickling admits only smmplan's model classes and the standard types they hold. A
file or record that does not verify is ignored (those posts are read afresh), never an
error. The index is written to a temporary name and renamed into place, and the models
file and the journal are only appended to, under a lock, so two processes sharing the
cache never see a torn entry; the folder is kept under ``SMMPLAN_CACHE_MAX_SIZE`` bytes
(default 512 MiB), least recently used generations pruned first. ``SMMPLAN_NO_CACHE=1``
turns it off.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import gc
import hashlib
import hmac
import io
import os
import pickle
import secrets
import stat
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from smmplan.model import MediaInfo, Project

FORMAT = 3  # bump when the layout of an entry changes
FOLDER = Path(".smmplan-cache") / "check"
MAX_SIZE = 512 * 1024 * 1024
RACY_NS = 2_000_000_000  # file systems stamp mtimes at 1 ns to 2 s granularity
MAGIC = b"SMMPLAN-CHECK-CACHE\n"
_DIGEST = 32
_KEY_ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "SMMPLAN_LANG")
_SOURCE_SKIPPED = frozenset({"__pycache__", "render", "report", "cli", "workflow"})


class FileStat(NamedTuple):
    size: int
    mtime_ns: int
    ino: int
    ctime_ns: int


class Entry(NamedTuple):
    """One post file in the index: how to recognise it, and what checking it found."""

    stat: FileStat
    read_ns: int  # when the file was read: a stat as recent as this is not trusted
    digest: bytes  # SHA-256 of the file's bytes
    depends: tuple[tuple[str, bytes | None], ...]  # (brand or campaign file, its hash)
    siblings: str  # the names of the files beside it sharing its name's first part
    media: tuple[tuple[str, MediaInfo], ...]  # the headers of the files it uses, by path
    diagnostics: tuple[tuple, ...]  # per-post diagnostics of the rules not using now
    schedule: tuple[tuple, ...]  # its schedule entries, as ``ScheduleEntry`` fields
    earliest: Any  # the earliest moment it names (rules using now), or None
    brand: str | None
    campaign: str | None


def stat_of(path: Path | str) -> FileStat | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return FileStat(info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)


def digest_of(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def disabled_by_environment() -> bool:
    return os.environ.get("SMMPLAN_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no")


def max_size() -> int:
    """``SMMPLAN_CACHE_MAX_SIZE`` in bytes (a number, optionally with K, M or G)."""
    text = os.environ.get("SMMPLAN_CACHE_MAX_SIZE", "").strip().upper()
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    try:
        if text and text[-1] in units:
            return int(float(text[:-1]) * units[text[-1]])
        return int(text) if text else MAX_SIZE
    except ValueError:
        return MAX_SIZE


# -- the per-user secret and signed files ------------------------------------------------------


def secret_path() -> Path:
    """``$XDG_CACHE_HOME/smmplan/secret`` (``~/.cache`` without it): never in a repository."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "smmplan" / "secret"


def load_secret() -> bytes | None:
    """The secret, made (mode 0600) on first use; None when it cannot be read or made,
    or when another user could read or replace it."""
    path = secret_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            _create_secret(path)
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            info = os.fstat(descriptor)
            data = os.read(descriptor, 64)
        finally:
            os.close(descriptor)
    except OSError:
        return None
    if info.st_mode & 0o077 or info.st_uid != os.getuid() or len(data) < _DIGEST:
        return None
    return data


def _create_secret(path: Path) -> None:
    temporary = path.with_name(f".secret-{os.getpid()}-{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(descriptor, secrets.token_bytes(_DIGEST))
    finally:
        os.close(descriptor)
    try:
        os.link(temporary, path)  # fails if another process made it first: theirs is kept
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)


def read_regular(path: Path | str) -> bytes | None:
    """The bytes of ``path`` when it is a regular file (never a link, FIFO or device:
    a hostile repository may plant one where a cache or settings file should be, and
    opening a FIFO for reading would block); None otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            return handle.read()
    except OSError:
        return None
    finally:
        os.close(descriptor)


def _mac(secret: bytes, role: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, MAGIC + role + b"\0" + payload, hashlib.sha256).digest()


def read_signed(path: Path, secret: bytes, role: bytes) -> bytes | None:
    """The payload of a cache file, or None when it is absent, torn or not signed by us."""
    data = read_regular(path)
    if data is None:
        return None
    head = len(MAGIC) + _DIGEST
    if len(data) < head or not data.startswith(MAGIC):
        return None
    payload = data[head:]
    if not hmac.compare_digest(data[len(MAGIC) : head], _mac(secret, role, payload)):
        return None
    return payload


def write_signed(path: Path, secret: bytes, role: bytes, payload: bytes) -> None:
    """Written to a temporary file next to ``path``, then renamed over it (atomic)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(temporary, flags, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(MAGIC + _mac(secret, role, payload) + payload)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


# -- pickling, restricted to the model ---------------------------------------------------------


def _proxy(items: dict) -> MappingProxyType:
    return MappingProxyType(items)


def _zone(key: str) -> ZoneInfo:
    return ZoneInfo(key)


_REDUCERS = copyreg.dispatch_table.copy()
_REDUCERS[MappingProxyType] = lambda mapping: (_proxy, (dict(mapping),))
_REDUCERS[ZoneInfo] = lambda zone: (_zone, (zone.key,))
_ALLOWED = {
    "builtins": frozenset({"frozenset", "set", "complex", "bytearray", "slice"}),
    "copyreg": frozenset({"_reconstructor", "__newobj__"}),
    "datetime": frozenset({"datetime", "date", "time", "timedelta", "timezone"}),
    "pathlib": frozenset({"Path", "PosixPath", "WindowsPath", "PurePosixPath"}),
    __name__: frozenset({"_proxy", "_zone", "FileStat", "Entry"}),
}
_FOUND: dict[tuple[str, str], Any] = {}  # what find_class admitted, for the next record


def dumps(value: Any) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _REDUCERS
    pickler.dump(value)
    return buffer.getvalue()


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        found = _FOUND.get((module, name))
        if found is not None:
            return found
        if name in _ALLOWED.get(module, ()) or (
            module == "smmplan.model" and not name.startswith("_")
        ):
            found = _FOUND[(module, name)] = super().find_class(module, name)
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a cache entry")


def loads(data: bytes) -> Any:
    return _ModelUnpickler(io.BytesIO(data)).load()


# -- the settings key --------------------------------------------------------------------------


def _model_fields() -> bytes:
    import smmplan.model as model

    classes = [c for c in vars(model).values() if dataclasses.is_dataclass(c)]
    names = sorted(
        f"{c.__name__}:{','.join(f.name for f in dataclasses.fields(c))}" for c in classes
    )
    return "\n".join(names).encode()


def _source_digest() -> bytes:
    """What loads and checks (and the network data): its source, read afresh each run."""
    return source_digest(_SOURCE_SKIPPED)


def source_digest(skipped: frozenset[str] = frozenset({"__pycache__"})) -> bytes:
    """The hash of smmplan's own files (code, templates, data) by content, leaving out
    the folders named in ``skipped``: an edit in a checkout changes it, as an upgrade does."""
    import smmplan

    package = Path(smmplan.__file__).parent
    digest = hashlib.sha256()
    for folder, folders, files in os.walk(package):
        folders[:] = sorted(f for f in folders if f not in skipped)
        for name in sorted(files):
            path = os.path.join(folder, name)
            digest.update(os.path.relpath(path, package).encode() + b"\0")
            with open(path, "rb") as handle:
                digest.update(hashlib.sha256(handle.read()).digest())
    return digest.digest()


def _file_digest(root: Path, rel: str | None) -> bytes | None:
    if rel is None:
        return None
    data = read_regular(root / rel)
    return None if data is None else digest_of(data)


def settings_key(settings: Project) -> str:
    """The key every post of this generation shares (see the module's docstring)."""
    from smmplan import __version__

    root = settings.root
    parts: list[bytes] = [f"{FORMAT}:{__version__}:{root}".encode(), _model_fields()]
    parts.append(_source_digest())
    for rel in (settings.config.path, settings.codeowners_path):
        parts.append(f"{rel}".encode() + (_file_digest(root, rel) or b"-"))
    parts.append(repr(sorted((b.id, b.path) for b in settings.brands.values())).encode())
    parts.append(repr(sorted((c.id, c.path) for c in settings.campaigns.values())).encode())
    parts.append(repr([os.environ.get(name, "") for name in _KEY_ENVIRONMENT]).encode())
    return hashlib.sha256(b"\0".join(parts)).hexdigest()[:32]


def sibling_names(rels: Iterable[str]) -> dict[str, str]:
    """Per post file, the names of the post files in its folder whose names begin like
    its own up to the first dot, sorted and joined (its own name when it is alone): what
    a post may learn of its translations (``slug.az.md`` beside ``slug.ru.md``) while it
    is loaded."""
    groups: dict[tuple[str, str], list[str]] = {}
    for rel in rels:
        folder, _, name = rel.rpartition("/")
        groups.setdefault((folder, name.partition(".")[0]), []).append(rel)
    found = {}
    for group in groups.values():
        if len(group) == 1:
            found[group[0]] = group[0].rpartition("/")[2]
            continue
        names = "\0".join(sorted(rel.rpartition("/")[2] for rel in group))
        for rel in group:
            found[rel] = names
    return found


def dependency_digests(settings: Project) -> dict[str, bytes | None]:
    """The hash of every brand and campaign file, by repository-relative path."""
    files = [b.path for b in settings.brands.values()] + [
        c.path for c in settings.campaigns.values()
    ]
    return {rel: _file_digest(settings.root, rel) for rel in files if rel}


def folder_size(folder: Path) -> Iterable[tuple[float, int, Path]]:
    """(last use, bytes, path) of each cache file in ``folder``."""
    for entry in os.scandir(folder):
        if entry.is_file(follow_symlinks=False) and entry.name.endswith(".bin"):
            info = entry.stat(follow_symlinks=False)
            yield info.st_mtime, info.st_size, Path(entry.path)


def prune(folder: Path, keep: Iterable[Path], limit: int) -> None:
    """Delete the least recently used cache files until the folder fits in ``limit``."""
    kept = set(keep)
    files = sorted(folder_size(folder))
    total = sum(size for _, size, _ in files)
    for _, size, path in files:
        if total <= limit:
            break
        if path not in kept:
            path.unlink(missing_ok=True)
            total -= size


def now_ns() -> int:
    return time.time_ns()


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off for a while: reading the cache's index, the
    analytics exports' rows or a check's report makes objects by the hundred thousand,
    none of them in a cycle, and with a loaded plan in memory the collections their
    allocations trigger rescan it again and again (a quarter of the reading time on
    100,000 rows). Refcounting still frees them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
