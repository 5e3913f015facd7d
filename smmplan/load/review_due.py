"""A post's ``review_by``: a date (due by the end of that day) or a date and time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from smmplan.load import values as v


def review_by(f: v.Fields, timezone: str) -> datetime | None:
    """When the post's review is due, aware; a bare date means the end of that day in
    the brand's time zone, so a review due on the 20th is overdue from the 21st."""
    due = f.get("review_by", _date_or_moment, None)
    if due is None:
        return None
    if isinstance(due, date):
        moment, has_offset = datetime.combine(due + timedelta(days=1), time()), False
    else:
        moment, has_offset = due
    if has_offset:
        return moment
    aware, _ = v.localize(moment, timezone)  # a deadline in a DST gap is simply the next hour
    return aware


def _date_or_moment(value: Any) -> date | tuple[datetime, bool]:
    try:
        return v.calendar_date(value)
    except ValueError:
        pass
    try:
        return v.local_datetime(value)
    except ValueError:
        raw = v.text(value).strip()
        raise ValueError(
            f"'{raw}' is not a date or a date and time: write it as YYYY-MM-DD"
            " or YYYY-MM-DD HH:MM (local time of the brand)"
        ) from None
