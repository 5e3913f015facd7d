"""Reading a spreadsheet file into rows of cells, within bounds, never raising.

A ``.csv`` is read as UTF-8 (a BOM is fine); bytes that are not UTF-8 spoil only the
rows that hold them. A ``.xlsx`` is read with openpyxl in read-only mode after its zip
archive is looked at: an archive whose members would unpack to more than
:data:`MAX_UNPACKED` bytes, or a sheet declaring more than :data:`MAX_COLUMNS` columns or
:data:`MAX_ROWS` rows, is refused before a cell is parsed (a zip bomb stays packed).
Cells holding a formula are kept as :class:`Formula`, for the row to be refused.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

MAX_BYTES = 20_000_000  # a year of posts for many brands is far below this
MAX_ROWS = 10_000
MAX_COLUMNS = 200
MAX_UNPACKED = 200_000_000
MAX_CELL = 100_000  # characters in one cell: far above any network's limit


@dataclass(frozen=True)
class Formula:
    """A cell whose value a spreadsheet computes: its formula text."""

    text: str


Cell = str | int | float | bool | datetime | date | Formula | None


@dataclass
class Table:
    """The rows of a file's first sheet: (row number, cells); and what could not be read."""

    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row or 0, message)


def read_table(path: Path) -> Table:
    """The table in ``path`` (``.csv`` or ``.xlsx``); unreadable files give one problem."""
    table = Table()
    try:
        size = path.stat().st_size
    except OSError as error:
        table.problems.append((0, f"cannot be read ({error.strerror or error})"))
        return table
    if size > MAX_BYTES:
        table.problems.append((0, f"is {size:,} bytes, more than the {MAX_BYTES:,} read"))
        return table
    if path.suffix.lower() == ".xlsx":
        _read_workbook(path, table)
    else:
        _read_csv(path, table)
    return table


def _read_csv(path: Path, table: Table) -> None:
    try:
        raw = path.read_bytes()
    except OSError as error:
        table.problems.append((0, f"cannot be read ({error.strerror or error})"))
        return
    text = raw.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    # a long cell is refused by its row (MAX_CELL), not by the reader for the whole file
    previous = csv.field_size_limit(MAX_BYTES)
    try:
        _csv_rows(csv.reader(io.StringIO(text, newline="")), table)
    finally:
        csv.field_size_limit(previous)


def _csv_rows(reader, table: Table) -> None:
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            table.problems.append((start, f"is not valid CSV ({error}); the rest is not read"))
            return
        if not _keep(table, start, list(cells)):
            return
        start = reader.line_num + 1


def _keep(table: Table, number: int, cells: list[Cell]) -> bool:
    """Add a row; False once :data:`MAX_ROWS` rows are in (the rest is named and dropped)."""
    if len(table.rows) >= MAX_ROWS:
        table.problems.append(
            (number, f"more than {MAX_ROWS:,} rows: this row and later ones are not read")
        )
        return False
    table.rows.append((number, cells[:MAX_COLUMNS]))
    return True


def _archive_problem(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "is not an .xlsx workbook (not a zip archive); save it from the spreadsheet as .xlsx"
    if unpacked > MAX_UNPACKED:
        return f"would unpack to {unpacked:,} bytes, more than the {MAX_UNPACKED:,} read"
    return None


def _read_workbook(path: Path, table: Table) -> None:
    from openpyxl import load_workbook

    problem = _archive_problem(path)
    if problem:
        table.problems.append((0, problem))
        return
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        table.problems.append((0, f"is not a readable .xlsx workbook ({type(error).__name__})"))
        return
    try:
        _read_sheet(book.worksheets[0] if book.worksheets else None, table)
    except Exception as error:  # a damaged sheet: what was read stays
        table.problems.append(
            (0, f"has a damaged sheet ({type(error).__name__}); the rest is not read")
        )
    finally:
        book.close()


def _read_sheet(sheet: Any, table: Table) -> None:
    if sheet is None:
        table.problems.append((0, "has no sheet"))
        return
    columns, rows = sheet.max_column or 0, sheet.max_row or 0
    if columns > MAX_COLUMNS or rows > MAX_ROWS + 1:
        table.problems.append(
            (
                0,
                f"declares a sheet of {rows:,} rows and {columns:,} columns, more than the"
                f" {MAX_ROWS + 1:,} rows and {MAX_COLUMNS} columns read",
            )
        )
        return
    for row in sheet.iter_rows(max_col=MAX_COLUMNS, max_row=MAX_ROWS + 1):
        cells: list[Cell] = [_value(cell) for cell in row]
        number = next((c.row for c in row if getattr(c, "row", None)), len(table.rows) + 1)
        if not _keep(table, number, cells):
            return


def _value(cell: Any) -> Cell:
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "f":
        return Formula(str(value))
    if isinstance(value, str | int | float | bool | datetime | date) or value is None:
        return value
    return str(value)
