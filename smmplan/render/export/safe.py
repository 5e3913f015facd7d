"""Files a scheduler and a spreadsheet can open safely.

* CSV as RFC 4180: every field quoted, quotes doubled, CRLF row ends, UTF-8 (with a BOM
  where the scheduler's importer is known to expect one).
* Formula injection: a spreadsheet runs a cell that begins with ``=``, ``+``, ``-``, ``@``,
  a tab or a carriage return as a formula (``=HYPERLINK(...)``). The guard applies only
  where a cell reaches a spreadsheet. Scheduler CSVs are prepared and checked in one
  before the upload, so a post with such a cell (its text, link, or an image URL built
  from ``site_url``) is refused: a ``'`` would be published. :func:`neutralise`
  prefixes such a cell with ``'`` for tables meant for people (``smmplan metrics``).
  ``plan.csv`` and ``plan.json`` are for programs and stay raw; ``plan.xlsx`` types its
  cells, so a string is never a formula.
* Atomic writes: every file goes to a temporary sibling first; only when all of them are
  written are they renamed into place, so a failed export leaves nothing half written.
  A file whose bytes did not change is not touched.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def formula_trigger(cell: str) -> str | None:
    """The character that would make a spreadsheet read ``cell`` as a formula, or None."""
    return cell[0] if cell and cell.startswith(FORMULA_START) else None


def neutralise(cell: str) -> str:
    """``cell`` as a spreadsheet will show it as text: ``'`` before a formula trigger."""
    return "'" + cell if formula_trigger(cell) else cell


def describe_trigger(char: str) -> str:
    return {"\t": "a tab", "\r": "a carriage return"}.get(char, f"'{char}'")


def csv_bytes(
    header: Sequence[str] | None, rows: Iterable[Sequence[str]], *, bom: bool = False
) -> bytes:
    """RFC 4180 CSV: all fields quoted, CRLF row ends, UTF-8."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return ((BOM if bom else "") + buffer.getvalue()).encode("utf-8")


class WriteError(Exception):
    """A target folder is missing or not writable; nothing was written."""


def check_writable(folder: Path) -> None:
    """Raise ``WriteError`` unless a file can be created in ``folder``."""
    if not folder.is_dir():
        raise WriteError(f"{folder}: no such folder")
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise WriteError(f"{folder}: cannot write here ({error.strerror or error})") from None


def write_files(files: Mapping[Path, bytes]) -> list[Path]:
    """Write every file or none; return the paths in the order given."""
    staged: list[tuple[Path, Path]] = []
    umask = os.umask(0)
    os.umask(umask)
    try:
        for path, data in files.items():
            with contextlib.suppress(OSError):
                if path.is_file() and path.read_bytes() == data:
                    continue
            handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            staged.append((Path(name), path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(name, 0o666 & ~umask)
        for temporary, path in staged:
            os.replace(temporary, path)
    except OSError as error:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                temporary.unlink()
        where = error.filename or "the output folder"
        raise WriteError(f"{where}: cannot write ({error.strerror or error})") from None
    return list(files)
