"""Dates and times as spreadsheets and the exports write them.

Accepted: ISO (``2026-11-27 10:00``, ``2026-11-27T10:00:00+04:00``, ``…Z``, a date
alone), ``dd.mm.yyyy hh:mm`` (dots: always day first), ``dd/mm/yyyy hh:mm`` or
``mm/dd/yyyy hh:mm`` (slashes: in the order ``--date-order`` names, ``dmy`` by default,
as ``smmplan export`` writes them), with or without seconds, and a spreadsheet's own
date-time cell. A date alone is read at 00:00 (a generic plan's ``time`` column adds
the time). Without an offset, the time is the brand's wall clock.
"""

from __future__ import annotations

from datetime import date, datetime, time

import regex

from smmplan.load.values import FIRST_YEAR, LAST_YEAR
from smmplan.locale import phrase

_ISO = regex.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?(?:Z|[+-]\d{2}:?\d{2})?")
_DAY_MONTH = regex.compile(
    r"(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})"
    r"(?:[ T,]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
)
_TIME = regex.compile(r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?")


def _words(order: str) -> str:
    return phrase(
        "YYYY-MM-DD HH:MM, dd.mm.yyyy hh:mm or {order} hh:mm",
        order=phrase("mm/dd/yyyy") if order == "mdy" else phrase("dd/mm/yyyy"),
    )


def _in_range(moment: datetime, raw: str) -> tuple[datetime | None, str | None]:
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        return None, phrase(
            "'{raw}': the year {year} is outside {first} to {last}",
            raw=raw,
            year=moment.year,
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    return moment, None


def _iso(text: str, raw: str) -> tuple[datetime | None, str | None]:
    value = text.replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        return None, phrase("'{raw}' is not a real date and time ({error})", raw=raw, error=error)
    return _in_range(moment, raw)


def _day_month(match: regex.Match, order: str, raw: str) -> tuple[datetime | None, str | None]:
    first, second = int(match["a"]), int(match["b"])
    day, month = (second, first) if match["sep"] == "/" and order == "mdy" else (first, second)
    try:
        moment = datetime(
            int(match["year"]),
            month,
            day,
            int(match["hour"] or 0),
            int(match["minute"] or 0),
            int(match["second"] or 0),
        )
    except ValueError as error:
        return None, phrase("'{raw}' is not a real date and time ({error})", raw=raw, error=error)
    return _in_range(moment, raw)


def parse_moment(raw: object, order: str) -> tuple[datetime | None, str | None]:
    """A date-time (aware when written with an offset) or why not."""
    if isinstance(raw, datetime):
        return _in_range(raw.replace(microsecond=0), f"{raw}")
    if isinstance(raw, date):
        return _in_range(datetime.combine(raw, time(0, 0)), f"{raw}")
    text = " ".join(str(raw or "").split())
    if not text:
        return None, phrase(
            "the cell is empty (a merged cell keeps its value in its first row only)"
        )
    if _ISO.fullmatch(text):
        return _iso(text, text)
    match = _DAY_MONTH.fullmatch(text)
    if match:
        return _day_month(match, order, text)
    return None, phrase(
        "'{raw}' is not a date smmplan reads; write {shapes}", raw=text[:40], shapes=_words(order)
    )


def with_time(moment: datetime, raw: object) -> tuple[datetime | None, str | None]:
    """``moment``'s day at the time in ``raw`` (a generic plan's separate time column)."""
    if isinstance(raw, time):
        return moment.replace(hour=raw.hour, minute=raw.minute, second=raw.second), None
    if isinstance(raw, datetime):
        return moment.replace(hour=raw.hour, minute=raw.minute, second=raw.second), None
    text = str(raw or "").strip()
    if not text:
        return moment, None
    match = _TIME.fullmatch(text)
    if not match or int(match["hour"]) > 23 or int(match["minute"]) > 59:
        return None, phrase("'{raw}' is not a time of day; write HH:MM", raw=text[:20])
    second = int(match["second"] or 0)
    if second > 59:
        return None, phrase("'{raw}' is not a time of day; write HH:MM", raw=text[:20])
    return moment.replace(hour=int(match["hour"]), minute=int(match["minute"]), second=second), None
