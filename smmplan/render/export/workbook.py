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


def _sheet(workbook: Any, rows: list[Row], changed: list[str]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(list(HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, 2):
        where = f"{row.slot.post.path} [{row.slot.network}]"
        for column, value in enumerate(values(row), 1):
            if value is None:
                continue
            if isinstance(value, str):
                value = _fit(value, f"{where} {HEADER[column - 1]}", changed)
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # a string, even when it looks like a formula
            elif isinstance(value, datetime):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADER))}{len(rows) + 1}"
    for name, width in WIDTHS.items():
        sheet.column_dimensions[get_column_letter(HEADER.index(name) + 1)].width = width


def _stable_zip(data: bytes) -> bytes:
    """The same archive with every entry's timestamp fixed, in the same order."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def workbook_bytes(rows: list[Row], changed: list[str]) -> bytes:
    """``plan.xlsx`` for ``rows``; what had to change is appended to ``changed``."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    _sheet(workbook, rows, changed)
    workbook.properties.creator = "smmplan"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps the current time as "modified".
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _stable_zip(buffer.getvalue())


def render(rows: list[Row], options: Options) -> FormatOutput:
    changed: list[str] = []
    data = workbook_bytes(rows, changed)
    return FormatOutput(
        files=[
            OutFile(
                name=FILE,
                data=data,
                rows=len(rows),
                note="publish_at is each brand's local time (see timezone); publish_at_utc is UTC",
            )
        ],
        notices=[f"{FILE}: {item}" for item in changed],
    )
