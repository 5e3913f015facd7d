"""``xlsx``: the plan as a spreadsheet, ``plan.xlsx``, for people who open it in Excel,
LibreOffice or Google Sheets.

The same columns and rows as ``plan.csv`` (:data:`~smmplan.render.export.spreadsheet.HEADER`),
with typed cells: texts are string cells, never formulas (a text that begins with ``=``,
``+``, ``-`` or ``@`` is shown as written and never runs), ``publish_at`` is a date and
time on the brand's wall clock (the ``timezone`` column names the zone) and
``publish_at_utc`` the same moment in UTC, both with a ``yyyy-mm-dd hh:mm`` number format;
``parts`` and ``occurrence`` are numbers, ``sponsored`` a boolean. An empty value is an empty cell.

What a spreadsheet cannot hold is changed and reported: characters the file format
forbids (control characters other than tab and line breaks) become U+FFFD, and a cell
longer than 32,767 characters is cut there.

The same plan gives the same bytes: the workbook's created and modified times are fixed
and every part of the zip archive gets the same timestamp.

openpyxl writes every part of the file but the rows: a workbook of the header, the first
row and the last row's number (so that the sheet's dimension, filter and styles are those
of the whole plan); the rows themselves are written here, as openpyxl writes them (inline
strings, ``xml:space`` on text with spaces at either end, numbers as ``%.16g``), several
times faster on a plan of thousands of rows. ``tests/test_export_workbook.py`` compares
both byte for byte.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from typing import Any

from smmplan.render.export.base import FormatOutput, Options, OutFile
from smmplan.render.export.prepare import DATA, Row, occurrence_number
from smmplan.render.export.spreadsheet import HEADER, cells

NAME = "xlsx"
CAPS = DATA
IMAGES = "optional"
FILE = "plan.xlsx"
NOTE = "publish_at is each brand's local time (see timezone); publish_at_utc is UTC"
SHEET = "plan"
DATE_FORMAT = "yyyy-mm-dd hh:mm"
MAX_CELL = 32_767  # characters a spreadsheet cell holds
FIXED_TIME = datetime(2000, 1, 1)  # workbook properties: no clock in the bytes
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
WIDTHS = {"text": 60, "title": 30, "post": 40, "publish_at": 17, "publish_at_utc": 17}


def values(row: Row) -> list[Any]:
    """The row's typed values in :data:`HEADER` order (None for an empty cell)."""
    typed: list[Any] = [cell or None for cell in cells(row)]
    moment = row.slot.publish_at
    typed[HEADER.index("publish_at")] = row.local.replace(tzinfo=None)
    typed[HEADER.index("publish_at_utc")] = (
        moment.astimezone(UTC).replace(tzinfo=None) if moment else None
    )
    typed[HEADER.index("parts")] = len(row.parts)
    typed[HEADER.index("sponsored")] = bool(row.slot.post.sponsored)
    typed[HEADER.index("occurrence")] = occurrence_number(row.slot)
    return typed


def _fit(text: str, where: str, changed: list[str]) -> str:
    cleaned = ILLEGAL.sub("\ufffd", text)
    if len(cleaned) > MAX_CELL:
        cleaned = cleaned[:MAX_CELL]
        changed.append(f"{where} was cut to {MAX_CELL:,} characters")
    elif cleaned != text:
        changed.append(f"{where} had control characters, shown as \ufffd")
    return cleaned


def fitted(rows: list[Row], changed: list[str]) -> list[list[Any]]:
    """Each row's cell values, texts made storable (what changed appended to ``changed``)."""
    table = []
    for row in rows:
        where = f"{row.slot.post.path} [{row.slot.network}]"
        line = values(row)
        for column, value in enumerate(line):
            if isinstance(value, str):
                line[column] = _fit(value, f"{where} {HEADER[column]}", changed)
        table.append(line)
    return table


def _sheet(workbook: Any, table: list[list[Any]], count: int) -> None:
    """The sheet as openpyxl writes it for a plan of ``count`` rows, ``table`` its first
    rows (the header and the first row: the styles the rows use)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(list(HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, line in enumerate(table, 2):
        for column, value in enumerate(line, 1):
            if value is None:
                continue
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # a string, even when it looks like a formula
            elif isinstance(value, datetime):
                cell.number_format = DATE_FORMAT
    if count > len(table):
        sheet.cell(row=count + 1, column=1)  # an empty cell: the dimension is the whole plan
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADER))}{count + 1}"
    for name, width in WIDTHS.items():
        sheet.column_dimensions[get_column_letter(HEADER.index(name) + 1)].width = width


def _stable_zip(data: bytes, replaced: dict[str, bytes]) -> bytes:
    """The same archive with every entry's timestamp fixed, in the same order, the
    entries named in ``replaced`` holding those bytes instead."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            content = replaced.get(info.filename)
            target.writestr(entry, content if content is not None else source.read(info))
    return out.getvalue()


SHEET_PART = "xl/worksheets/sheet1.xml"
HEADER_STYLE, DATE_STYLE = 1, 2  # openpyxl's style ids: bold first, then the date format


def workbook_bytes(rows: list[Row], changed: list[str]) -> bytes:
    """``plan.xlsx`` for ``rows``; what had to change is appended to ``changed``."""
    return table_bytes(fitted(rows, changed))


def openpyxl_bytes(table: list[list[Any]], written: int | None = None) -> bytes:
    """The workbook of ``table`` (values as :func:`fitted` gives them) as openpyxl writes
    it, with only its first ``written`` rows (all when None) in the sheet."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    _sheet(workbook, table[:written] if written is not None else table, len(table))
    workbook.properties.creator = "smmplan"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps the current time as "modified".
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _stable_zip(buffer.getvalue(), {})


def table_bytes(table: list[list[Any]]) -> bytes:
    """:func:`openpyxl_bytes` of ``table``, its rows written here (openpyxl writes the
    rows up to the first with a date: the styles are then those of the whole table)."""
    dated = (n for n, line in enumerate(table, 1) if any(isinstance(v, datetime) for v in line))
    skeleton_bytes = openpyxl_bytes(table, written=next(dated, 1))
    with zipfile.ZipFile(io.BytesIO(skeleton_bytes)) as skeleton:
        sheet = skeleton.read(SHEET_PART).decode("utf-8")
    start, end = sheet.index("<sheetData>"), sheet.index("</sheetData>")
    data = "".join(["<sheetData>", _header_xml(), *map(_row_xml, range(2, len(table) + 2), table)])
    whole = sheet[:start] + data + sheet[end:]
    return _stable_zip(skeleton_bytes, {SHEET_PART: whole.encode("utf-8")})


def column_letter(number: int) -> str:
    """A, B, ..., Z, AA, AB, ... for 1, 2, ..."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


COLUMNS = [column_letter(n) for n in range(1, len(HEADER) + 1)]


def _header_xml() -> str:
    cells = [
        f'<c r="{letter}1" s="{HEADER_STYLE}" t="inlineStr"><is><t>{_escape(name)}</t></is></c>'
        for letter, name in zip(COLUMNS, HEADER, strict=True)
    ]
    return '<row r="1">' + "".join(cells) + "</row>"


def _row_xml(number: int, line: list[Any]) -> str:
    """One row as openpyxl's writer serialises it."""
    from openpyxl.utils.datetime import to_excel

    parts = [f'<row r="{number}">']
    for letter, value in zip(COLUMNS, line, strict=True):
        if value is None:
            continue
        if isinstance(value, str):
            stripped = value.strip()
            space = ' xml:space="preserve"' if stripped and stripped != value else ""
            parts.append(
                f'<c r="{letter}{number}" t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'
            )
        elif isinstance(value, bool):
            parts.append(f'<c r="{letter}{number}" t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, datetime):
            serial = to_excel(value)
            parts.append(f'<c r="{letter}{number}" s="{DATE_STYLE}" t="n"><v>{serial:.16g}</v></c>')
        else:
            parts.append(f'<c r="{letter}{number}" t="n"><v>{value:.16g}</v></c>')
    parts.append("</row>")
    return "".join(parts)


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def render(rows: list[Row], options: Options) -> FormatOutput:
    changed: list[str] = []
    data = workbook_bytes(rows, changed)
    return FormatOutput(
        files=[
            OutFile(
                name=FILE,
                data=data,
                rows=len(rows),
                note=NOTE,
            )
        ],
        notices=[f"{FILE}: {item}" for item in changed],
    )
