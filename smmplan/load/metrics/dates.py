"""Dates and times as the networks' exports write them, and times recovered from post IDs.

Every export writes dates its own way: ``10/03/2026 18:30`` (Meta, month first),
``Wed, Oct 7, 2026`` (X), ``2023-10-30 08:05 +0000`` (X legacy), ``Oct 7, 2026``
(YouTube), ``October 9`` or ``9 октября`` without a year (TikTok), ``20261031`` (GA4),
``2026-10-01T00:00:00`` (Meta daily), a spreadsheet's serial number (LinkedIn). One
parser reads them all and says what it found: a ``date`` when the text holds no time of
day, a ``datetime`` otherwise, naive unless the text names an offset. Month names come
from ``formats/_months.yml`` (data, one list per language). Results are cached per text,
since an export repeats the same dates on many rows.

Where a file has only a date, the time of day is in the post ID: X and LinkedIn IDs are
snowflakes (milliseconds in the high bits), TikTok's the Unix second in the top 32 bits.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, timedelta, timezone
from importlib import resources
from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

X_EPOCH_MS = 1288834974657
_EXCEL_EPOCH = date(1899, 12, 30)
_TIME = re.compile(
    r"(?<!\d)(\d{1,2})[:h](\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(a\.?m\.?|p\.?m\.?|午前|午後)?",
    re.IGNORECASE,
)
_OFFSET = re.compile(r"(?:\s*(?:UTC|GMT)?\s*([+-])(\d{2}):?(\d{2})|\s*(Z|UTC|GMT))\s*$")
_CJK = re.compile(r"(?:(\d{4})\s*[年년]\s*)?(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")
_WORD = re.compile(r"[^\W\d_]+\.?", re.UNICODE)
_NUMBER = re.compile(r"\d+")
_CACHE_SIZE = 8192


class BadDate(ValueError):
    """A cell that should hold a date holds something else."""


@functools.cache
def month_names() -> dict[str, int]:
    """Every known month name and abbreviation (casefolded) -> month number."""
    text = (resources.files(__package__) / "formats" / "_months.yml").read_text("utf-8")
    names: dict[str, int] = {}
    for months in yaml.load(text, Loader=_LOADER).values():
        for number, forms in enumerate(months, start=1):
            for form in forms:
                names.setdefault(str(form).casefold(), number)
    return names


class DateReader:
    """Parses one file's dates, remembering each text it has seen.

    ``order`` says how an all-numeric date with two small parts is read: ``"mdy"``
    (``10/03/2026`` is 3 October, Meta and LinkedIn) or ``"dmy"``. A part above 12 wins
    over it. ``ref`` is the day the file was made: a date written without a year takes
    the year that puts it on or before ``ref`` (plus one day of slack).
    """

    def __init__(self, order: str = "mdy", ref: date | None = None) -> None:
        self.order = order
        self.ref = ref
        self._seen: dict[str, date | datetime] = {}

    def __call__(self, text: str) -> date | datetime:
        found = self._seen.get(text)
        if found is None:
            found = self._parse(text)
            if len(self._seen) >= _CACHE_SIZE:
                self._seen.clear()
            self._seen[text] = found
        return found

    def _parse(self, text: str) -> date | datetime:
        s = text.strip().strip('"').strip()
        if not s:
            raise BadDate("no date")
        try:
            return _quick(s, self.order) or _general(s, self.order, self.ref)
        except (ValueError, OverflowError):
            raise BadDate(f"'{s}' is not a date this export writes") from None


def _quick(s: str, order: str) -> date | datetime | None:
    """ISO, ``YYYYMMDD`` and ``MM/DD/YYYY HH:MM`` without regular expressions."""
    n = len(s)
    if n == 8 and s.isdigit():
        return date(int(s[:4]), int(s[4:6]), int(s[6:]))
    if n >= 10 and s[4] == "-" and s[7] == "-" and s[:4].isdigit():
        try:
            return date.fromisoformat(s) if n == 10 else datetime.fromisoformat(_iso_offset(s))
        except ValueError:
            return None
    if n in (10, 16, 19) and s[2] == "/" and s[5] == "/" and s[6:10].isdigit():
        first, second = int(s[:2]), int(s[3:5])
        month, day = (first, second) if order == "mdy" and first <= 12 else (second, first)
        if n == 10:
            return date(int(s[6:10]), month, day)
        if s[10] == " " and s[13] == ":":
            return datetime.fromisoformat(f"{s[6:10]}-{month:02}-{day:02}T{s[11:]}")
    return None


def _iso_offset(s: str) -> str:
    """``2023-10-30 08:05 +0000`` -> ``2023-10-30 08:05+00:00`` for ``fromisoformat``."""
    tail = s[-6:]
    if len(s) > 16 and tail[0] == " " and tail[1] in "+-" and tail[2:].isdigit():
        return f"{s[:-6]}{tail[1:4]}:{tail[4:]}"
    if s.endswith(" UTC"):
        return s[:-4] + "+00:00"
    return s


def _general(s: str, order: str, ref: date | None) -> date | datetime:
    when = _excel_serial(s)
    if when is not None:
        return when
    rest, zone = _split_offset(s)
    rest, clock = _split_time(rest)
    day = _cjk_date(rest, ref) or _named_date(rest, ref) or _numeric_date(rest, order, ref)
    if day is None:
        raise BadDate(s)
    if clock is None:
        return day
    hour, minute, second = clock
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=zone)


def _excel_serial(s: str) -> date | datetime | None:
    """A spreadsheet's day number (``46302`` or ``46302.75``), between 1954 and 2119."""
    whole, dot, fraction = s.partition(".")
    if not whole.isdigit() or (dot and not fraction.isdigit()) or not 20000 <= int(whole) <= 80000:
        return None
    day = _EXCEL_EPOCH + timedelta(days=int(whole))
    if not dot or not fraction.strip("0"):
        return day
    moment = datetime(day.year, day.month, day.day) + timedelta(days=float("0." + fraction))
    return moment.replace(microsecond=0)


def _split_offset(s: str) -> tuple[str, timezone | None]:
    match = _OFFSET.search(s)
    if match is None or not _TIME.search(s[: match.start()]):
        return s, None
    if match[4]:
        return s[: match.start()], UTC
    minutes = int(match[2]) * 60 + int(match[3])
    if minutes >= 24 * 60:
        return s, None
    sign = -1 if match[1] == "-" else 1
    return s[: match.start()], timezone(timedelta(minutes=sign * minutes))


def _split_time(s: str) -> tuple[str, tuple[int, int, int] | None]:
    match = _TIME.search(s)
    if match is None:
        return s, None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    meridiem = (match[4] or "").lower().replace(".", "")
    if meridiem in ("pm", "午後") and hour < 12:
        hour += 12
    elif meridiem in ("am", "午前") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return s, None
    return (s[: match.start()] + " " + s[match.end() :]).strip(), (hour, minute, second)


def _cjk_date(s: str, ref: date | None) -> date | None:
    match = _CJK.search(s)
    if match is None:
        return None
    return _with_year(int(match[1]) if match[1] else None, int(match[2]), int(match[3]), ref)


def _named_date(s: str, ref: date | None) -> date | None:
    words = [w.rstrip(".").casefold() for w in _WORD.findall(s)]
    numbers = [int(n) for n in _NUMBER.findall(s)]
    if not words:
        return None
    names = month_names()
    month = names.get(" ".join(words))
    if month is None:
        month = next((names[w] for w in words if w in names), None)
    if month is None and words[-1] in ("tháng", "thg") and numbers:  # "9 tháng 10"
        month = numbers.pop(1 if len(numbers) > 1 else 0)
    if month is None:
        return None
    years = [n for n in numbers if n > 31]
    days = [n for n in numbers if 1 <= n <= 31]
    if len(days) != 1 or len(years) > 1:  # "9 Oct 26" is too ambiguous to guess
        return None
    return _with_year(years[0] if years else None, month, days[0], ref)


def _numeric_date(s: str, order: str, ref: date | None) -> date | None:
    parts = [int(n) for n in _NUMBER.findall(s)]
    if len(parts) not in (2, 3) or re.search(r"[^\d\s./\-,]", s):
        return None
    if len(parts) == 2:
        first, second = parts
        month, day = (first, second) if order == "mdy" and first <= 12 else (second, first)
        return _with_year(None, month, day, ref)
    if parts[0] > 31:
        return date(parts[0], parts[1], parts[2])
    dotted = "." in s
    first, second, year = parts
    if year < 100:
        year += 2000
    if (order == "mdy" and not dotted and first <= 12) or second > 12:
        return date(year, first, second)
    return date(year, second, first)


def _with_year(year: int | None, month: int, day: int, ref: date | None) -> date:
    if year is not None:
        return date(year, month, day)
    if ref is None:
        raise BadDate("the date has no year and the file's own date is unknown")
    found = date(ref.year, month, day)
    if found > ref + timedelta(days=1):
        found = date(ref.year - 1, month, day)
    return found


def x_id_ms(post_id: str) -> int:
    """When an X post was made, from its ID (a snowflake): Unix milliseconds."""
    return (int(post_id) >> 22) + X_EPOCH_MS


def linkedin_id_ms(post_id: str) -> int:
    """When a LinkedIn post was made, from its activity/share/ugcPost ID: Unix milliseconds."""
    return int(post_id) >> 22


def tiktok_id_ms(post_id: str) -> int:
    """When a TikTok video was posted, from its ID (the Unix second in the top bits)."""
    return (int(post_id) >> 32) * 1000


_UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def from_ms(ms: int) -> datetime:
    """Unix milliseconds as an aware UTC datetime."""
    return _UNIX_EPOCH + timedelta(0, 0, ms * 1000)  # positional: faster, once per row


def day_ms(day: date) -> int:
    """Unix milliseconds at the start (UTC) of ``day``."""
    return (day.toordinal() - _UNIX_EPOCH.toordinal()) * 86_400_000


ID_MS = {"x": x_id_ms, "linkedin": linkedin_id_ms, "tiktok": tiktok_id_ms}
"""How a post ID encodes its time, by the name a format's YAML uses (``time_from_id``)."""


def x_id_for_time(moment: datetime, sequence: int = 0) -> str:
    """The smallest X ID made at ``moment`` (plus ``sequence``): for examples and tests."""
    return str(((_ms(moment) - X_EPOCH_MS) << 22) + sequence)


def linkedin_id_for_time(moment: datetime, sequence: int = 0) -> str:
    """A LinkedIn activity ID made at ``moment``: for examples and tests."""
    return str((_ms(moment) << 22) + sequence)


def tiktok_id_for_time(moment: datetime, sequence: int = 0) -> str:
    """A TikTok video ID made at ``moment``: for examples and tests."""
    return str(((_ms(moment) // 1000) << 32) + sequence)


def _ms(moment: datetime) -> int:
    return (moment - _UNIX_EPOCH) // timedelta(milliseconds=1)
