"""The tables inside an export file: CSV text in any encoding, zip members, spreadsheet sheets.

A file is recognised by its bytes, never its name: ``PK`` opens a zip (an ``.xlsx`` is a
zip holding ``xl/workbook.xml``), ``D0 CF 11 E0`` a legacy ``.xls``, ``{`` or ``[`` JSON,
anything else text. Text is UTF-8 with or without a BOM, UTF-16 (by its BOM, or by its
NUL bytes when the BOM is gone), else cp1251. A ``sep=;`` first line sets the delimiter
and ``#`` lines before the header are kept as the preamble (GA4 writes its date range
there); otherwise the delimiter is the most frequent of ``,``, ``;`` and tab.

CSV is streamed, so memory stays bounded on a 200 MB export: only the first lines are
held (to find the header), and no line may grow past ``MAX_LINE`` characters. Zip
members over ``MAX_MEMBER_BYTES`` (or compressed more than ``MAX_RATIO`` times) are
refused unopened: a zip bomb never gets decompressed.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import IO, Any

from smmplan.load.metrics.numbers import sheet_cell_text

SAMPLE_BYTES = 65536
MAX_LINE = 1 << 20
MAX_MEMBER_BYTES = 512 << 20
MAX_RATIO = 200
HEAD_ROWS = 10
_HEAD_LINES = 400  # held to find the header and, for Pinterest, a later table
_HEAD_CHARS = 256 << 10
_DELIMITERS = (",", ";", "\t")


class Unreadable(Exception):
    """The file (or a member of it) cannot be read at all; the message says why."""


@dataclass
class Rows:
    """Data rows after a header, with the file line each one ends on (``line_num + offset``)."""

    reader: Iterator[list[str]]
    offset: int

    @property
    def line_num(self) -> int:
        return getattr(self.reader, "line_num", 0)


@dataclass
class Table:
    """One table: the start of a CSV, or a sheet. ``head`` holds its first rows for detection."""

    member: str | None  # the zip member or sheet it is, None for a plain file
    head: list[tuple[int, list[str]]]  # (1-based line the row starts on, cells)
    preamble: list[str] = field(default_factory=list)  # "#" and "sep=" lines, unparsed
    lines: list[str] = field(default_factory=list)  # the first lines after the preamble (text only)
    encoding: str = "utf-8"
    _rest: Callable[[int], Rows] | None = None
    _close: Callable[[], None] | None = None

    def rows_after(self, index: int) -> Rows:
        """The rows after ``head[index]`` (the header), streamed to the end of the table."""
        assert self._rest is not None
        return self._rest(index)

    def close(self) -> None:
        if self._close is not None:
            self._close()


@dataclass
class Opened:
    """What a file holds: tables, a JSON document, or media to skip."""

    kind: str  # "tables" | "json" | "media"
    tables: Iterator[Table] = field(default_factory=lambda: iter(()))
    json_text: str | None = None
    problems: list[str] = field(default_factory=list)  # member-level trouble, reported as findings


def sniff_kind(sample: bytes) -> str:
    """``zip``, ``xls``, ``json``, ``media`` or ``text`` from a file's first bytes."""
    if sample.startswith(b"PK\x03\x04") or sample.startswith(b"PK\x05\x06"):
        return "zip"
    if sample.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if _is_media(sample):
        return "media"
    text = sample.lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if text[:1] in (b"{", b"[") else "text"


def _is_media(sample: bytes) -> bool:
    return (
        sample.startswith((b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"%PDF", b"\x1aE\xdf\xa3"))
        or (sample[:4] == b"RIFF" and sample[8:12] in (b"WEBP", b"WAVE", b"AVI "))
        or sample[4:8] == b"ftyp"
        or sample.startswith((b"OggS", b"ID3"))
    )


def encoding_of(sample: bytes) -> str:
    """The text encoding: BOM, then UTF-16 by its NULs, then UTF-8 if it decodes, else cp1251."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    even, odd = sample[0:400:2], sample[1:400:2]
    if len(sample) >= 4 and odd.count(0) > len(odd) // 2 and even.count(0) == 0:
        return "utf-16-le"
    if len(sample) >= 4 and even.count(0) > len(even) // 2 and odd.count(0) == 0:
        return "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def _lines(stream: IO[str]) -> Iterator[str]:
    """The stream's lines, none longer than ``MAX_LINE`` (a longer one arrives in pieces)."""
    readline = stream.readline
    while line := readline(MAX_LINE):
        yield line


def text_table(
    binary: Callable[[], IO[bytes]], sample: bytes, member: str | None, errors: str = "strict"
) -> Table:
    """A CSV table from a binary stream factory (called again to stream from the start).

    With ``errors="strict"`` a decoding error past the sample surfaces while streaming
    (``UnicodeDecodeError``); the caller then reads the file again with ``"replace"``,
    as cp1251 when the sample was plain ASCII.
    """
    encoding = encoding_of(sample)
    if errors != "strict" and encoding == "utf-8" and sample.isascii():
        encoding = "cp1251"
    stream = io.TextIOWrapper(binary(), encoding=encoding, errors=errors, newline="")
    try:
        return _text_table(stream, member, encoding)
    except BaseException:
        stream.close()
        raise


def _text_table(stream: io.TextIOWrapper, member: str | None, encoding: str) -> Table:
    lines = _lines(stream)
    preamble: list[str] = []
    head_lines: list[str] = []
    held = 0
    for line in lines:
        stripped = line.strip().strip('"').lstrip("\ufeff")
        if not head_lines and (not stripped or stripped.startswith("#") or _is_sep(stripped)):
            preamble.append(line)
            continue
        head_lines.append(line)
        if len(line) >= MAX_LINE and not line.endswith(("\n", "\r")):
            raise Unreadable(f"a line is longer than {MAX_LINE // 1024} KiB: not an export")
        held += len(line)
        if len(head_lines) >= _HEAD_LINES or held >= _HEAD_CHARS:
            break
    delimiter = _delimiter(preamble, head_lines)
    head: list[tuple[int, list[str]]] = []
    ends: list[int] = []
    parser = csv.reader(head_lines, delimiter=delimiter)
    start = len(preamble) + 1
    try:
        for cells in parser:
            if len(head) >= HEAD_ROWS:
                break
            head.append((start, cells))
            ends.append(parser.line_num)
            start = len(preamble) + parser.line_num + 1
    except csv.Error:
        pass

    def rest(index: int) -> Rows:
        used = ends[index] if index >= 0 else 0
        reader = csv.reader(chain(head_lines[used:], lines), delimiter=delimiter)
        return Rows(reader, len(preamble) + used)

    return Table(member, head, preamble, head_lines, encoding, rest, stream.close)


def _is_sep(text: str) -> bool:
    return text[:4].lower() == "sep=" and len(text) <= 6


def _delimiter(preamble: list[str], head_lines: list[str]) -> str:
    for line in preamble:
        text = line.strip().strip('"').lstrip("\ufeff")
        if _is_sep(text) and len(text) >= 5:
            return text[4]
    sample = "".join(head_lines[:5])
    counts = [(sample.count(d), -i, d) for i, d in enumerate(_DELIMITERS)]
    return max(counts)[2] if max(counts)[0] else ","


def read_sample(open_binary: Callable[[], IO[bytes]]) -> bytes:
    with open_binary() as handle:
        return handle.read(SAMPLE_BYTES)


def open_file(path: Path, errors: str = "strict") -> Opened:
    """The tables of a file (lazily, so one bad member does not stop the others)."""
    sample = read_sample(lambda: path.open("rb"))
    kind = sniff_kind(sample)
    if kind == "media":
        return Opened("media")
    if kind == "json":
        return Opened("json", json_text=_json_text(path))
    if kind == "xls":
        return Opened("tables", tables=xls_tables(path))
    if kind == "zip":
        return _zip(path, errors)
    table = text_table(lambda: path.open("rb"), sample, None, errors)
    return Opened("tables", tables=iter([table]))


def _json_text(path: Path, limit: int = 256 << 20) -> str:
    if path.stat().st_size > limit:
        raise Unreadable(f"a JSON file over {limit >> 20} MB is not read")
    data = path.read_bytes()
    return data.decode(encoding_of(data[:SAMPLE_BYTES]), errors="replace").lstrip("\ufeff")


def _zip(path: Path, errors: str) -> Opened:
    try:
        archive = zipfile.ZipFile(path)
        members = [m for m in archive.infolist() if _wanted(m)]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        raise Unreadable(f"a damaged or truncated zip ({error})") from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" in names or "[Content_Types].xml" in names:
        archive.close()
        _check_sizes(members)
        return Opened("tables", tables=xlsx_tables(path))
    opened = Opened("tables")
    opened.tables = _zip_tables(archive, members, opened.problems, errors)
    return opened


def _wanted(member: zipfile.ZipInfo) -> bool:
    name = member.filename
    base = name.rsplit("/", 1)[-1]
    return not member.is_dir() and not name.startswith("__MACOSX/") and not base.startswith(".")


def _check_sizes(members: Iterable[zipfile.ZipInfo]) -> None:
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MAX_MEMBER_BYTES or (
            member.file_size > 1 << 24 and ratio > MAX_RATIO
        ):
            raise Unreadable(
                f"'{member.filename}' would unpack to {member.file_size >> 20} MB"
                f" ({ratio:.0f}× its packed size): refused as a possible zip bomb"
            )


def _zip_tables(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], problems: list[str], errors: str
) -> Iterator[Table]:
    with archive:
        for member in members:
            try:
                _check_sizes([member])
                sample = read_sample(lambda m=member: archive.open(m))
                if sniff_kind(sample) != "text":
                    continue
                yield text_table(lambda m=member: archive.open(m), sample, member.filename, errors)
            except Unreadable as error:
                problems.append(str(error))
            except (
                zipfile.BadZipFile,
                zlib.error,
                OSError,
                EOFError,
                ValueError,
                RuntimeError,
            ) as error:
                problems.append(f"'{member.filename}' in the zip is damaged ({error})")


class _SheetRows:
    """A sheet's rows as CSV-like text cells, with ``line_num`` as a CSV reader has it."""

    def __init__(self, rows: Iterator[Iterable[Any]], convert: Callable[[Any], str]) -> None:
        self._rows = rows
        self._convert = convert
        self.line_num = 0

    def __iter__(self) -> _SheetRows:
        return self

    def __next__(self) -> list[str]:
        values = next(self._rows)
        self.line_num += 1
        return [self._convert(v) for v in values]


def _sheet_table(name: str, make_rows: Callable[[], Iterator[Iterable[Any]]], convert) -> Table:
    first = _SheetRows(make_rows(), convert)
    head = [(i + 1, cells) for i, cells in enumerate(_take(first, HEAD_ROWS))]

    def rest(index: int) -> Rows:
        rows = _SheetRows(make_rows(), convert)
        for _ in range(index + 1):
            next(rows, None)
        rows.line_num = 0
        return Rows(rows, index + 1)

    return Table(name, head, [], [], "xlsx", rest)


def _take(rows: Iterator[list[str]], count: int) -> list[list[str]]:
    taken = []
    for cells in rows:
        taken.append(cells)
        if len(taken) >= count:
            break
    return taken


def xlsx_tables(path: Path) -> Iterator[Table]:
    """Every sheet of an ``.xlsx`` workbook, read with openpyxl in streaming mode."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise Unreadable(f"a damaged .xlsx workbook ({type(error).__name__}: {error})") from None
    try:
        for sheet in book.worksheets:
            yield _sheet_table(
                sheet.title, lambda s=sheet: s.iter_rows(values_only=True), sheet_cell_text
            )
    finally:
        book.close()


def xls_tables(path: Path) -> Iterator[Table]:
    """Every sheet of a legacy ``.xls`` workbook (BIFF), read with xlrd."""
    import xlrd

    try:
        book = xlrd.open_workbook(path, on_demand=True)
    except Exception as error:  # xlrd raises XLRDError, struct.error, ... for a damaged file
        raise Unreadable(f"a damaged .xls workbook ({type(error).__name__}: {error})") from None

    def convert(cell: Any) -> str:
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                return sheet_cell_text(xlrd.xldate_as_datetime(cell.value, book.datemode))
            except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                return sheet_cell_text(cell.value)
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
            return ""
        return sheet_cell_text(cell.value)

    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            yield _sheet_table(sheet.name, lambda s=sheet: map(s.row, range(s.nrows)), convert)
    finally:
        book.release_resources()
