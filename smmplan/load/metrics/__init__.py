"""Read the networks' analytics exports from the metrics folder into ``MetricsData``.

Users drop the files exactly as downloaded (``content/metrics/`` by default, any
nesting). Each is recognised by its content (``sources`` opens it, ``formats`` finds
its header), read by its format's reader into records, and dated as a snapshot
(``snapshots``). Nothing here sums, matches or changes a file: that is the results
stage's work. Bad input never raises: each problem is a ``FileFinding`` with the rule
``metrics-unreadable`` (the file or a member cannot be used) or ``metrics-bad-value`` (a
row's cell), and the rest of the data is still read.

Public API: ``load_metrics``, ``generic_csv_schema``, ``FORMAT_IDS``.
"""

from __future__ import annotations

import contextlib
import os
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from smmplan.load.cache import paused_gc
from smmplan.load.files import check_file
from smmplan.load.metrics import split
from smmplan.load.metrics.accounts import read_account_daily, read_pinterest, read_vk
from smmplan.load.metrics.context import UNREADABLE, FileContext, Sink
from smmplan.load.metrics.formats import FORMAT_IDS, Detection, Detector, norm, with_aliases
from smmplan.load.metrics.paid import read_ads, read_ga4
from smmplan.load.metrics.posts import read_posts
from smmplan.load.metrics.schema import generic_csv_schema
from smmplan.load.metrics.snapshots import Dating
from smmplan.load.metrics.sources import Opened, Table, Unreadable, open_file
from smmplan.load.metrics.telegram import is_telegram, parse, read_telegram
from smmplan.load.metrics.unknown import unknown_message
from smmplan.metrics_model import MetricsData
from smmplan.model import FileFinding, Finding

__all__ = ["FORMAT_IDS", "generic_csv_schema", "load_metrics"]

SKIPPED_SUFFIXES = (".md", ".markdown")
"""Notes kept beside the exports, not exports themselves."""

_STREAM_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError)


def load_metrics(
    root: Path,
    folder: Path,
    *,
    aliases: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
    zones: Mapping[str, str | tzinfo] | None = None,
    now: datetime | None = None,
) -> MetricsData:
    """Every export under ``folder`` (recursively), in path order.

    ``aliases``: extra header texts per format and column (``smmplan.yml``'s
    ``metrics.aliases``), tried before the shipped ones. ``zones``: format id -> time
    zone for that format's times written without an offset (by default they stay
    naive, for the results stage to read in the brand's zone). ``now``: when given, a
    file dated after it is reported.
    """
    sink = Sink()
    specs, problems = with_aliases(aliases)
    for problem in problems:
        sink.findings.append(FileFinding("smmplan.yml", Finding(UNREADABLE, problem)))
    reading = _Reading(root, folder, sink, Detector(specs), _zones(zones, sink), now)
    with paused_gc():  # rows become records by the hundred thousand
        mark = len(sink.findings)
        _read_all(reading, list(_files(root, folder, sink)), mark)
    return MetricsData(
        snapshots=tuple(sink.snapshots),
        posts=tuple(sink.posts),
        spend=tuple(sink.spend),
        traffic=tuple(sink.traffic),
        accounts=tuple(sink.accounts),
        findings=tuple(sink.findings),
    )


def _zones(zones: Mapping[str, str | tzinfo] | None, sink: Sink) -> dict[str, tzinfo]:
    found: dict[str, tzinfo] = {}
    for format_id, zone in (zones or {}).items():
        if isinstance(zone, tzinfo):
            found[format_id] = zone
            continue
        try:
            found[format_id] = ZoneInfo(str(zone))
        except (ZoneInfoNotFoundError, ValueError):
            message = f"metrics.zones: '{zone}' for {format_id} is not a time zone"
            sink.findings.append(FileFinding("smmplan.yml", Finding(UNREADABLE, message)))
    return found


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _read_all(reading: _Reading, files: list[tuple[Path, str, int]], mark: int) -> None:
    """Every file into ``reading.sink``, in path order, on two cores when that pays
    (``split``); the walk's findings (``sink.findings[mark:]``) go back where the walk
    made them, between the files."""
    sink = reading.sink
    walked = sink.findings[mark:]
    del sink.findings[mark:]
    paths = [path for path, _, _ in files]
    share = split.worker_share(paths)
    if share:
        reading.dating.prime(paths)  # git is asked once, before the work is shared out

    def read(index: int) -> Sink:
        reading.sink = Sink()
        reading.file(*files[index][:2])
        return reading.sink

    parts = split.read_in_two(len(files), share, read) if share else None
    reading.sink, done = sink, 0
    for index, (path, rel, before) in enumerate(files):
        sink.findings.extend(walked[done:before])
        done = before
        if parts is None:
            reading.file(path, rel)
            continue
        part = parts[index]
        for mine, theirs in zip(_lists(sink), _lists(part), strict=True):
            mine.extend(theirs)
    sink.findings.extend(walked[done:])


def _lists(sink: Sink) -> tuple[list, ...]:
    return (sink.snapshots, sink.posts, sink.spend, sink.traffic, sink.accounts, sink.findings)


def _files(root: Path, folder: Path, sink: Sink) -> Iterator[tuple[Path, str, int]]:
    """(path to read, repository-relative name, walk findings so far) of every export,
    symlinks leaving the root refused (a finding in ``sink`` each)."""
    mark = len(sink.findings)
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(dirnames):
            link = Path(dirpath, name)
            if link.is_symlink() and not link.resolve().is_relative_to(real_root):
                message = "a symbolic link to a folder outside the repository: not followed"
                sink.findings.append(
                    FileFinding(_relative(link, root), Finding(UNREADABLE, message))
                )
        for name in sorted(filenames):
            if name.startswith(".") or name.lower().endswith(SKIPPED_SUFFIXES):
                continue
            path = Path(dirpath, name)
            rel = _relative(path, root)
            target, refusal = check_file(path, root, "metrics")
            if refusal is not None:
                sink.findings.append(FileFinding(rel, Finding(UNREADABLE, refusal.reason)))
                continue
            yield target, rel, len(sink.findings) - mark


class _Reading:
    """One run over the folder: what every file is read with."""

    def __init__(self, root, folder, sink, detector, zones, now) -> None:
        self.sink, self.detector, self.zones, self.now = sink, detector, zones, now
        self.dating = Dating(root, folder)
        self._need_sep = [s.id for s in detector.specs.values() if s.option("needs_sep_line")]

    def file(self, path: Path, rel: str) -> None:
        marks = self._marks()
        try:
            self._file(path, rel, "strict")
        except UnicodeDecodeError as error:
            self._rewind(marks)
            message = f"not valid text past byte {error.start}: unreadable characters replaced"
            self.sink.findings.append(FileFinding(rel, Finding(UNREADABLE, message)))
            with contextlib.suppress(UnicodeDecodeError):  # "replace" does not raise
                self._file(path, rel, "replace")

    def _marks(self) -> tuple[int, ...]:
        s = self.sink
        return tuple(
            len(x) for x in (s.snapshots, s.posts, s.spend, s.traffic, s.accounts, s.findings)
        )

    def _rewind(self, marks: tuple[int, ...]) -> None:
        s = self.sink
        for items, mark in zip(
            (s.snapshots, s.posts, s.spend, s.traffic, s.accounts, s.findings), marks, strict=True
        ):
            del items[mark:]

    def _context(self, path: Path, rel: str, member: str | None) -> FileContext:
        try:
            fallback = self.dating.fallback(path, rel)
        except OSError:
            fallback = (datetime.now().date(), "mtime")
        name = member or path.name
        return FileContext(rel, self.sink, fallback, member, self.zones, self.now, name)

    def _file(self, path: Path, rel: str, errors: str) -> None:
        ctx = self._context(path, rel, None)
        try:
            opened = open_file(path, errors)
            if opened.kind == "json":
                self._json(opened, ctx)
            elif opened.kind == "tables":
                self._tables(path, rel, opened, ctx)
        except Unreadable as error:
            ctx.problem(1, str(error), UNREADABLE)
        except OSError as error:
            ctx.problem(1, f"cannot read the file: {error.strerror or error}", UNREADABLE)
        ctx.close()

    def _json(self, opened: Opened, ctx: FileContext) -> None:
        doc, problem = parse(opened.json_text or "")
        if problem is not None:
            ctx.problem(1, f"{problem}: not an export smmplan reads", UNREADABLE)
        elif not is_telegram(doc):
            keys = ", ".join(list(doc)[:8]) if isinstance(doc, dict) else type(doc).__name__
            message = f"a JSON file that is not a Telegram Desktop export (keys: {keys})"
            ctx.problem(1, message, UNREADABLE)
        else:
            read_telegram(doc, opened.json_text or "", ctx, self.detector.specs["telegram"])

    def _tables(self, path: Path, rel: str, opened: Opened, ctx: FileContext) -> None:
        unknown: list[Table] = []
        recognised = 0
        for table in opened.tables:
            member_ctx = ctx if table.member is None else self._context(path, rel, table.member)
            try:
                if self._table(table, member_ctx):
                    recognised += 1
                else:
                    unknown.append(table)
            except _STREAM_ERRORS as error:
                member_ctx.problem(1, f"damaged while reading ({error})", UNREADABLE)
                recognised += 1
            finally:
                table.close()
                if member_ctx is not ctx:
                    member_ctx.close()
        for problem in opened.problems:
            ctx.problem(1, problem, UNREADABLE)
        if not recognised and not opened.problems:
            ctx.problem(1, unknown_message(self.detector, unknown), UNREADABLE)

    def _table(self, table: Table, ctx: FileContext) -> bool:
        head = [cells for _, cells in table.head]
        refused = [] if _has_sep_line(table) else self._need_sep
        detection = self._pinterest(table) or self.detector.detect(head, refused)
        if detection is None:
            return False
        reader = detection.spec.reader
        if reader == "pinterest":
            read_pinterest(table.rows_after(-1), detection, ctx, self.detector)
            return True
        rows = table.rows_after(detection.index)
        if reader == "posts":
            read_posts(rows, detection, ctx)
        elif reader == "account-daily":
            read_account_daily(rows, detection, ctx, table)
        elif reader == "ads":
            read_ads(rows, detection, ctx)
        elif reader == "ga4":
            read_ga4(rows, detection, ctx, table)
        elif reader == "vk":
            read_vk(rows, detection, ctx)
        return True

    def _pinterest(self, table: Table) -> Detection | None:
        """Pinterest's file is known by its "Pin ID" table, which comes after others."""
        spec = self.detector.specs.get("pinterest")
        if spec is None or not table.lines:
            return None
        markers = {norm(alias) for alias in spec.columns.get("pin_id", ())}
        for line in table.lines:
            first = norm(line.split(",", 1)[0].split(";", 1)[0].split("\t", 1)[0])
            if first in markers:
                return Detection(spec, -1, {}, {})
        return None


def _has_sep_line(table: Table) -> bool:
    return any(line.strip().strip('"').lower().startswith("sep=") for line in table.preamble)
