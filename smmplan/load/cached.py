"""One run's view of the check cache (:mod:`smmplan.load.cache`): which post files are
unchanged since the last run, what the last run found in them, and saving what this run
learnt. It never raises for the cache's sake: a cache that cannot be read is empty, one
that cannot be written is left alone, each with a note for ``-v``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from smmplan.load import cache_journal, cache_models, relative
from smmplan.load.cache import (
    FOLDER,
    RACY_NS,
    Entry,
    FileStat,
    dependency_digests,
    digest_of,
    disabled_by_environment,
    dumps,
    load_secret,
    loads,
    max_size,
    now_ns,
    paused_gc,
    prune,
    read_signed,
    settings_key,
    stat_of,
    write_signed,
)
from smmplan.load.files import read_file
from smmplan.model import MediaInfo, Post, Project

_INDEX = b"index"
# The bytes the journal may hold before the index is rewritten whole: a quarter of the
# index when that is more, as reading such a journal still costs less than the rewrites
# it saves.
JOURNAL_MIN = 64 * 1024


@dataclass(frozen=True)
class Fresh:
    """What loading and checking one post file found, ready to go into the cache."""

    rel: str
    entry: Entry
    model: bytes  # the pickled ``Post``
    now_diagnostics: tuple[tuple, ...]  # of the rules using now: never kept
    keep: bool  # False: for this run only (the file could not be read, say)


@dataclass
class CheckCache:
    """The cache of one repository under one settings key; ``folder`` None: no cache."""

    settings: Project
    folder: Path | None = None
    secret: bytes = b""
    key: str = ""
    depends: dict[str, bytes | None] = field(default_factory=dict)
    entries: dict[str, Entry] = field(default_factory=dict)
    media_index: dict[str, tuple[FileStat | None, int, MediaInfo]] = field(default_factory=dict)
    offsets: dict[str, tuple[int, int]] = field(default_factory=dict)  # in the models file
    notes: list[str] = field(default_factory=list)
    writable: bool = True
    changed: bool = False
    generation: bytes = b""  # of the index read, which the journal's records name
    index_size: int = 0
    journal_size: int = 0
    fresh: dict[str, Fresh] = field(default_factory=dict)
    _reader: cache_models.Reader | None = None
    _media_seen: dict[str, MediaInfo] = field(default_factory=dict)
    _read: tuple[dict, dict, dict] = field(default_factory=lambda: ({}, {}, {}))
    """The entries, offsets and media headers as read (index and journal), which the
    journal's next record is the change from."""

    @classmethod
    def open(cls, settings: Project, enabled: bool = True) -> CheckCache:
        cache = cls(settings)
        if not enabled or disabled_by_environment():
            return cache
        folder, problem = _folder(settings.root)
        secret = load_secret()
        if secret is None:
            problem = problem or "no private key for it can be kept in the user's cache folder"
        if folder is None or secret is None:
            cache.notes.append(f"the check cache is off: {problem}")
            return cache
        cache.folder, cache.secret = folder, secret
        cache.writable = problem is None
        if problem:
            cache.notes.append(f"the check cache is read-only: {problem}")
        cache.key = settings_key(settings)
        cache.depends = dependency_digests(settings)
        cache._load_index()
        return cache

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def _index_path(self) -> Path:
        assert self.folder is not None
        return self.folder / f"index-{self.key}.bin"

    def _models_path(self) -> Path:
        assert self.folder is not None
        return self.folder / f"models-{self.key}.bin"

    def _journal_path(self) -> Path:
        assert self.folder is not None
        return self.folder / f"journal-{self.key}.bin"

    def _load_index(self) -> None:
        payload = read_signed(self._index_path(), self.secret, _INDEX + self.key.encode())
        if payload is None:
            return
        try:
            with paused_gc():
                index = loads(payload)
                self.entries, self.media_index = _as_entries(index["entries"]), index["media"]
                self.offsets, self.generation = index["offsets"], index["generation"]
                self._apply_journal()
        except Exception:  # a cache we cannot read is an empty one
            self.entries, self.media_index, self.offsets, self.generation = {}, {}, {}, b""
        self.index_size = len(payload)
        self._read = (dict(self.entries), dict(self.offsets), dict(self.media_index))

    def _apply_journal(self) -> None:
        records, self.journal_size = cache_journal.read(
            self._journal_path(), self.secret, self.key.encode(), self.generation
        )
        for record in records:
            change = loads(record)
            cache_journal.apply(self.entries, _as_entries(change["entries"]))
            cache_journal.apply(self.offsets, change["offsets"])
            cache_journal.apply(self.media_index, change["media"])

    # -- recognising unchanged posts ---------------------------------------------------------

    def split(
        self, paths: Sequence[str], rels: Sequence[str], siblings: dict[str, str]
    ) -> tuple[dict[str, Entry], list[Path]]:
        """The cached entries of the unchanged posts, by path, and the paths to load;
        ``rels`` are the paths relative to the root, ``siblings`` ``sibling_names``."""
        if not self.enabled:
            return {}, [Path(path) for path in paths]
        hits, misses = {}, []
        for path, rel in zip(paths, rels, strict=True):
            entry = self.entries.get(rel)
            if entry is not None and entry.siblings == siblings[rel]:
                entry = self._recognised(path, rel, entry)
            else:
                entry = None
            if entry is None or not self._dependencies_hold(entry):
                misses.append(Path(path))
            else:
                hits[rel] = entry
        return hits, misses

    def _recognised(self, path: str, rel: str, entry: Entry) -> Entry | None:
        """The entry when the file is unchanged (by stat, else by its bytes: then with
        the new stat, which the index keeps), else None."""
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            return None
        known = entry.stat
        if (
            known is not None
            and info.st_mtime_ns == known.mtime_ns
            and info.st_size == known.size
            and info.st_ino == known.ino
            and info.st_ctime_ns == known.ctime_ns
            and known.mtime_ns < entry.read_ns - RACY_NS
        ):
            return entry
        stat = FileStat(info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)
        read_at = now_ns()
        data, _ = read_file(Path(path), self.settings.root, "post")
        if data is None or digest_of(data) != entry.digest:
            return None
        self.changed = True
        entry = self.entries[rel] = entry._replace(stat=stat, read_ns=read_at)
        return entry

    def _dependencies_hold(self, entry: Entry) -> bool:
        depends, seen = self.depends, self._media_seen
        for rel, digest in entry.depends:
            if depends.get(rel, b"") != digest:
                return False
        for path, info in entry.media:
            now = seen.get(path) or self.media_info(path)
            if now is not info and now != info:  # one index shares one object per file
                return False
        return True

    def media_info(self, key: str) -> MediaInfo:
        """The header of the media file at ``key`` (a path): from the index while its stat
        is unchanged."""
        from smmplan.load.media import read_media

        seen = self._media_seen.get(key)
        if seen is not None:
            return seen
        stat, known = stat_of(key), self.media_index.get(key)
        if (
            known is not None
            and stat is not None
            and known[0] == stat
            and (stat.mtime_ns < known[1] - RACY_NS)
        ):
            info = known[2]
        else:
            read_at = now_ns()
            info = read_media(Path(key), self.settings.root)
            self.media_index[key] = (stat, read_at, info)
            self.changed = True
        self._media_seen[key] = info
        return info

    # -- what this run found -----------------------------------------------------------------

    def record(self, found: Iterable[Fresh]) -> None:
        for item in found:
            self.fresh[item.rel] = item
            if item.keep:
                self.changed = True
                for key, info in item.entry.media:
                    self.media_index[key] = (stat_of(key), item.entry.read_ns, info)

    def models(self, rels: Iterable[str]) -> dict[str, Post] | None:
        """The cached models of these posts (this run's for those loaded now); None when
        one of them is not in the cache any more."""
        found: dict[str, Post] = {}
        for rel in rels:
            item = self.fresh.get(rel)
            data = item.model if item is not None else self._model_bytes(rel)
            if not data:
                return None
            try:
                found[rel] = loads(data)
            except Exception:
                return None
        return found

    def _model_bytes(self, rel: str) -> bytes | None:
        where = self.offsets.get(rel)
        if where is None or self.folder is None:
            return None
        if self._reader is None:
            self._reader = cache_models.Reader(self._models_path(), self.secret, self.key.encode())
        return self._reader.payload(rel, where)

    # -- saving ------------------------------------------------------------------------------

    def save(self, present: Sequence[str]) -> None:
        """Keep the entries of the posts in ``present`` (this run's post files) and prune."""
        if not self.enabled or not self.writable:
            return
        if not (self.changed or set(self.entries) != set(present)):
            with contextlib.suppress(OSError):
                os.utime(self._index_path())  # its last use, for pruning
            return
        try:
            self._write(present)
        except OSError as error:
            self.notes.append(f"the check cache was not saved: {error.strerror or error}")
        finally:
            if self._reader is not None:
                self._reader.close()

    def _write(self, present: Sequence[str]) -> None:
        """The models of the posts loaded now appended to the models file (the file
        compacted when mostly superseded), then the index renamed into place."""
        assert self.folder is not None
        entries, offsets, appended = {}, {}, []
        for rel in present:
            item = self.fresh.get(rel)
            if item is not None and not item.keep:
                continue
            if item is not None:
                entries[rel] = item.entry
                appended.append((rel, item.model))
            elif rel in self.entries and rel in self.offsets:
                entries[rel], offsets[rel] = self.entries[rel], self.offsets[rel]
        key, models_path = self.key.encode(), self._models_path()
        offsets.update(cache_models.append(models_path, self.secret, key, appended))
        compacted = cache_models.wasteful(
            os.stat(models_path, follow_symlinks=False).st_size, offsets
        )
        if compacted:
            offsets = self._compacted(entries, offsets)
            entries = {rel: entries[rel] for rel in offsets}
        used = {path for entry in entries.values() for path, _ in entry.media}
        media = {path: known for path, known in self.media_index.items() if path in used}
        if compacted or not self._journaled(entries, offsets, media):
            self._rewrite(entries, offsets, media)
        prune(self.folder, [models_path, self._index_path(), self._journal_path()], max_size())

    def _journaled(self, entries: dict, offsets: dict, media: dict) -> bool:
        """Whether what changed since the index was read went into the journal: not when
        there is no index to add to, or when the journal would outgrow its bound."""
        if not self.generation:
            return False
        was_entries, was_offsets, was_media = self._read
        change = {
            "entries": _as_tuples(cache_journal.changes(was_entries, entries)),
            "offsets": cache_journal.changes(was_offsets, offsets),
            "media": cache_journal.changes(was_media, media),
        }
        payload = dumps(change)
        if self.journal_size + len(payload) > max(JOURNAL_MIN, self.index_size // 4):
            return False
        key = self.key.encode()
        try:
            cache_journal.append(self._journal_path(), self.secret, key, self.generation, payload)
        except OSError:  # a planted link or folder, say: the rewrite removes it
            return False
        return True

    def _rewrite(self, entries: dict, offsets: dict, media: dict) -> None:
        """The whole index written anew under a new generation, and the journal dropped."""
        generation = secrets.token_bytes(cache_journal.GENERATION)
        index = {"entries": _as_tuples(entries), "media": media, "offsets": offsets}
        index["generation"] = generation
        key = self.key.encode()
        write_signed(self._index_path(), self.secret, _INDEX + key, dumps(index))
        self._journal_path().unlink(missing_ok=True)

    def _compacted(
        self, entries: dict[str, Entry], offsets: dict[str, tuple[int, int]]
    ) -> dict[str, tuple[int, int]]:
        """The models file rewritten with only the records at ``offsets``; the posts
        whose record no longer verifies are left out (they are loaded afresh next time)."""
        reader = cache_models.Reader(self._models_path(), self.secret, self.key.encode())
        try:
            kept = [(rel, reader.payload(rel, offsets[rel])) for rel in entries]
        finally:
            reader.close()
        models = [(rel, payload) for rel, payload in kept if payload]
        return cache_models.compact(self._models_path(), self.secret, self.key.encode(), models)


def _as_tuples(entries: dict[str, Entry | None]) -> dict[str, tuple | None]:
    """The entries as plain tuples: pickled (and unpickled) in C, twice as fast as the
    named tuples, which pickle through a Python method each. None (a post gone) stays."""
    return {
        rel: entry and (None if entry.stat is None else tuple(entry.stat), *entry[1:])
        for rel, entry in entries.items()
    }


def _as_entries(rows: dict[str, tuple | None]) -> dict[str, Entry | None]:
    make = tuple.__new__
    return {
        rel: row and make(Entry, (row[0] and make(FileStat, row[0]), *row[1:]))
        for rel, row in rows.items()
    }


def _folder(root: Path) -> tuple[Path | None, str | None]:
    return cache_folder(root, FOLDER)


def cache_folder(root: Path, folder: Path) -> tuple[Path | None, str | None]:
    """A cache folder under the repository (made when missing) and, when it cannot be
    written, why; None when it must not be used at all (it or a folder above it is a
    link, or not a folder: a repository may plant either)."""
    here = root
    for part in folder.parts:
        here = here / part
        if os.path.islink(here) or (os.path.lexists(here) and not here.is_dir()):
            return None, f"{relative(here, root)} is not a plain folder"
        try:
            here.mkdir(mode=0o700, exist_ok=True)
        except OSError as error:
            if not here.is_dir():
                return None, f"cannot make {relative(here, root)}: {error.strerror or error}"
    if not os.access(here, os.W_OK | os.X_OK):
        return here, f"{relative(here, root)} cannot be written"
    return here, None


def model_bytes(post: Post) -> bytes:
    return dumps(post)
