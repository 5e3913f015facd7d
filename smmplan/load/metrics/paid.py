"""Spend and site traffic: Meta Ads Manager rows (``SpendRow``) and GA4 rows (``TrafficRow``).

Ads Manager writes the currency in a header (``Amount spent (EUR)``) and an account
summary as the first data row, with empty names: that row is not an ad and is skipped,
but its ``Reporting ends`` dates the file. GA4 writes its date range in the ``#``
preamble (``# End date: 20261031``), which dates the file; a totals row has an empty
dimension and is skipped. Rates are kept as fractions (Ads Manager's CTR is a percentage
number; GA4's rates already are fractions).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from smmplan.load.metrics.accounts import numbered
from smmplan.load.metrics.context import FileContext
from smmplan.load.metrics.dates import BadDate, DateReader
from smmplan.load.metrics.formats import Detection
from smmplan.load.metrics.numbers import BadNumber, DamagedId, parse_id, parse_number
from smmplan.load.metrics.sources import Rows, Table
from smmplan.metrics_model import SpendRow, TrafficRow
from smmplan.model import EMPTY

_CURRENCY = re.compile(r"\(([^()]+)\)\s*$")
_PREAMBLE_DATE = re.compile(r"(?<!\d)(20\d{6})(?!\d)")
_AD_METRICS = ("views", "reach", "link_clicks", "engagements")


class _Cells:
    """One row's cells by canonical column, with findings for bad values."""

    def __init__(self, det: Detection, ctx: FileContext, line: int, cells: list[str]) -> None:
        self.det, self.ctx, self.line, self.cells = det, ctx, line, cells

    def text(self, column: str) -> str:
        at = self.det.columns.get(column, -1)
        return self.cells[at].strip() if 0 <= at < len(self.cells) else ""

    def number(self, column: str, scale: float = 1.0) -> float | None:
        written = self.text(column)
        try:
            value = parse_number(written)
        except BadNumber as error:
            self.ctx.problem(self.line, f"column '{self.det.headers[column]}': {error}: not used")
            return None
        if value is not None and value < 0:
            header = self.det.headers[column]
            self.ctx.problem(self.line, f"column '{header}': {value} is negative: not used")
            return None
        if value is not None and written.endswith("%"):
            scale = 0.01
        return None if value is None else value * scale if scale != 1.0 else value

    def day(self, column: str, dates: DateReader) -> date | None:
        written = self.text(column)
        if not written:
            return None
        try:
            found = dates(written)
        except BadDate as error:
            self.ctx.problem(self.line, f"column '{self.det.headers[column]}': {error}")
            return None
        return found.date() if isinstance(found, datetime) else found


def read_ads(rows: Rows, det: Detection, ctx: FileContext) -> None:
    """Every ad (or campaign) row of an Ads Manager export as a ``SpendRow``."""
    header = det.headers.get("amount_spent", "")
    found = _CURRENCY.search(header)
    currency = found[1].strip() if found else None
    if "campaign" not in det.columns:
        ctx.problem(1, "no 'Campaign name' column: add it to the export so spend joins campaigns")
    dates = DateReader("mdy", ctx.ref_day)
    percent = set(det.spec.option("percent", ()))
    snapshot = None
    for line, cells in numbered(rows):
        row = _Cells(det, ctx, line, cells)
        if snapshot is None:
            snapshot = ctx.snapshot(det.spec.id, row.day("reporting_end", dates))
        names = [row.text(c) for c in ("campaign", "ad_set", "ad")]
        amount = row.number("amount_spent") if "amount_spent" in det.columns else None
        if not any(names) or amount is None:
            continue  # the account summary, or an ad without spend in the range
        day = row.day("day", dates)
        metrics = {
            m: v for m in _AD_METRICS if m in det.columns and (v := row.number(m)) is not None
        }
        rates = {
            r: v
            for r in ("ctr",)
            if r in det.columns and (v := row.number(r, 0.01 if r in percent else 1.0)) is not None
        }
        ctx.sink.spend.append(
            SpendRow(
                snapshot,
                line,
                names[0],
                amount,
                currency,
                day or row.day("reporting_start", dates),
                day or row.day("reporting_end", dates),
                metrics,
                names[1] or None,
                names[2] or None,
                _ad_id(row),
                rates or EMPTY,
            )
        )
    if snapshot is None:
        ctx.snapshot(det.spec.id)


def _ad_id(row: _Cells) -> str | None:
    try:
        return parse_id(row.text("ad_id"))
    except DamagedId as error:
        row.ctx.problem(row.line, f"column '{row.det.headers['ad_id']}': {error}")
        return None


def read_ga4(rows: Rows, det: Detection, ctx: FileContext, table: Table) -> None:
    """Every row of a GA4 acquisition report as a ``TrafficRow``."""
    start, end = _preamble_range(table.preamble)
    snapshot = ctx.snapshot(det.spec.id, end)
    dates = DateReader("mdy", snapshot.taken)
    dimensions = ("campaign", "source_medium", "source", "medium", "day")
    for line, cells in numbered(rows):
        row = _Cells(det, ctx, line, cells)
        if not any(row.text(c) for c in dimensions if c in det.columns):
            continue  # the totals row
        source, medium = row.text("source") or None, row.text("medium") or None
        if row.text("source_medium"):
            source, _, medium = (p.strip() or None for p in _split_pair(row.text("source_medium")))
        day = row.day("day", dates)
        rates = {
            r: v for r in ("engagement_rate", "key_event_rate")
            if r in det.columns and (v := row.number(r)) is not None
        }  # fmt: skip
        ctx.sink.traffic.append(
            TrafficRow(
                snapshot,
                line,
                row.text("campaign") or None,
                source,
                medium,
                row.number("sessions"),
                row.number("key_events"),
                row.number("revenue"),
                day or start,
                day or end,
                rates or EMPTY,
            )
        )


def _split_pair(text: str) -> tuple[str, str, str]:
    """``instagram / social`` -> ("instagram", "/", "social")."""
    source, slash, medium = text.partition(" / ")
    return (source, slash, medium) if slash else text.partition("/")


def _preamble_range(preamble: list[str]) -> tuple[date | None, date | None]:
    """The report's first and last day, from ``# Start date: …`` / ``# End date: …`` lines."""
    found = []
    for line in preamble:
        for match in _PREAMBLE_DATE.finditer(line):
            text = match[1]
            try:
                found.append(date(int(text[:4]), int(text[4:6]), int(text[6:])))
            except ValueError:
                continue
    if not found:
        return None, None
    return found[0], found[-1]
