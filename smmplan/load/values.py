"""Converters from plain YAML values to typed values, and a reader for one mapping.

Each converter raises ``ValueError`` with a message an editor can act on; ``Fields``
turns that into an ``invalid-value`` finding on the key's line.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import regex
from yaml.nodes import MappingNode, Node, ScalarNode

from smmplan.load.documents import Document, ValueProblem, to_python
from smmplan.locale import phrase
from smmplan.model import Finding
from smmplan.suggest import did_you_mean, shown_number

T = TypeVar("T")

_DATETIME = regex.compile(
    r"(?P<date>\d{4}-\d{1,2}-\d{1,2})(?:[Tt ]+(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?"
    r"\s*(?P<tz>Z|z|[+-]\d{2}:?\d{2})?"
)
_DURATION = regex.compile(r"(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Plans live in these years; the margin to Python's 1..9999 keeps every sum of dates,
# offsets, gaps and weeks far from an OverflowError.
FIRST_YEAR, LAST_YEAR = 1900, 2999
MAX_NUMBER = 10**15  # larger magnitudes in a plan are typos (or attacks), never data
MAX_DURATION = timedelta(days=366)
MAX_ZONE_LENGTH = 64  # the longest IANA key is 32 characters


def text(value: Any) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        raise ValueError(phrase("expected text, got {value}", value=describe_value(value)))
    return str(value)


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(phrase("expected true or false, got {value}", value=describe_value(value)))
    return value


def text_list(value: Any) -> tuple[str, ...]:
    """A list of texts; a single text is a list of one."""
    if value is None:
        return ()
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return (str(value),)
    if not isinstance(value, list):
        raise ValueError(phrase("expected a list, got {value}", value=describe_value(value)))
    return tuple(text(item) for item in value)


def number(value: Any) -> float:
    """A finite number within ±MAX_NUMBER."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(phrase("expected a number, got {value}", value=describe_value(value)))
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(phrase("expected a number, got {value}", value=value))
    if abs(value) > MAX_NUMBER:
        raise ValueError(
            phrase(
                "{number} is out of range (at most {limit})",
                number=shown_number(value),
                limit=f"{MAX_NUMBER:,}",
            )
        )
    return float(value)


def whole_number(value: Any, at_most: int = MAX_NUMBER) -> int:
    """A whole number from 0 to ``at_most``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(
            phrase("expected a whole number, got {value}", value=describe_value(value))
        )
    if value > at_most:
        raise ValueError(
            phrase(
                "{number} is out of range (at most {limit})",
                number=shown_number(value),
                limit=f"{at_most:,}",
            )
        )
    return value


def choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        word = text(value).strip()
        if word not in options:
            raise ValueError(
                phrase(
                    "'{word}' is not one of {options}{hint}",
                    word=word,
                    options=", ".join(options),
                    hint=did_you_mean(word, options),
                )
            )
        return word

    return convert


@functools.cache
def known_zones() -> frozenset[str]:
    """Every IANA time zone key of the installed database (read once: ~600 names)."""
    from zoneinfo import available_timezones

    return frozenset(available_timezones())


def zone_problem(name: str) -> str | None:
    """Why ``name`` is not a time zone smmplan accepts, or None: it must be a known IANA
    key (``Asia/Baku``), not a folder of the database (``America``) nor a path."""
    if name in known_zones():
        try:
            ZoneInfo(name)
            return None
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    shown = name if len(name) <= MAX_ZONE_LENGTH else name[:MAX_ZONE_LENGTH] + "…"
    hint = did_you_mean(name, known_zones()) if len(name) <= MAX_ZONE_LENGTH else ""
    inside = sorted(z for z in known_zones() if z.startswith(name + "/")) if name else []
    if inside:
        hint = phrase(
            " ({region} is a region: name a place in it, e.g. {zone})",
            region=repr(name),
            zone=inside[0],
        )
    return phrase(
        "unknown time zone {zone}: use an IANA name such as Europe/Moscow or Asia/Baku{hint}",
        zone=repr(shown),
        hint=hint,
    )


def zone(value: Any) -> str:
    name = text(value).strip()
    problem = zone_problem(name)
    if problem:
        raise ValueError(problem)
    return name


def web_address(value: Any) -> str:
    """An absolute http(s) URL with a host, as ``site_url`` must be: no spaces, quotes,
    angle brackets or control characters, at most 2,000 characters."""
    from urllib.parse import urlsplit

    raw = text(value).strip()
    shown = repr(raw[:80] + ("…" if len(raw) > 80 else ""))
    refused = set(" \"'<>`\\") | {chr(n) for n in range(32)} | {"\x7f"}
    if len(raw) > 2000 or any(c in refused for c in raw):
        raise ValueError(
            phrase(
                "{address} is not a web address: it holds spaces, quotes or markup", address=shown
            )
        )
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as error:
        raise ValueError(
            phrase("{address} is not a web address ({error})", address=shown, error=error)
        ) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            phrase(
                "{address} is not a web address: write it like https://example.com/plan/",
                address=shown,
            )
        )
    return raw


def calendar_date(value: Any) -> date:
    raw = text(value).strip()
    match = _DATETIME.fullmatch(raw)
    if not match or match["time"] or match["tz"]:
        raise ValueError(
            phrase("'{raw}' is not a date: write it as YYYY-MM-DD, e.g. 2026-11-27", raw=raw)
        )
    return _date(match["date"], raw)


def local_datetime(value: Any) -> tuple[datetime, bool]:
    """A date-time; returns (datetime, has_offset). Naive values are local to the brand."""
    raw = text(value).strip()
    match = _DATETIME.fullmatch(raw)
    if not match or not match["time"]:
        raise ValueError(
            phrase(
                "'{raw}' is not a date and time: write it as YYYY-MM-DD HH:MM"
                " (local time of the brand) or with an offset, e.g. 2026-11-27 10:00+04:00",
                raw=raw,
            )
        )
    day = _date(match["date"], raw)
    parts = [float(p) for p in match["time"].split(":")]
    hour, minute = int(parts[0]), int(parts[1])
    second = parts[2] if len(parts) > 2 else 0.0
    if hour > 23 or minute > 59 or second >= 60:
        raise ValueError(
            phrase("'{raw}' has an impossible time of day {time}", raw=raw, time=match["time"])
        )
    moment = datetime.combine(day, time(hour, minute, int(second)))
    tz = match["tz"]
    if not tz:
        return moment, False
    if tz in ("Z", "z"):
        return moment.replace(tzinfo=ZoneInfo("UTC")), True
    sign = 1 if tz[0] == "+" else -1
    digits = tz[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        raise ValueError(
            phrase("'{raw}' has an impossible UTC offset {offset}", raw=raw, offset=tz)
        )
    offset = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return moment.replace(tzinfo=offset), True


def localize(naive: datetime, tz_name: str) -> tuple[datetime, str | None]:
    """A wall-clock time in a zone; the second item explains a DST gap or fold."""
    tz = ZoneInfo(tz_name)
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    round_trip = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != naive:
        return first, phrase(
            "{time} does not exist in {zone}: the clocks jump forward"
            " (daylight saving time); pick another time",
            time=f"{naive:%Y-%m-%d %H:%M}",
            zone=tz_name,
        )
    if first.utcoffset() != second.utcoffset():
        return first, phrase(
            "{time} happens twice in {zone} (clocks go back);"
            " smmplan takes the first; add an offset to choose",
            time=f"{naive:%Y-%m-%d %H:%M}",
            zone=tz_name,
        )
    return first, None


def _date(raw_date: str, raw: str) -> date:
    year, month, day = (int(p) for p in raw_date.split("-"))
    try:
        result = date(year, month, day)
    except ValueError as error:
        raise ValueError(
            phrase("'{raw}' is not a real date ({error})", raw=raw, error=error)
        ) from None
    check_year(result.year, raw)
    return result


def check_year(year: int, raw: str) -> None:
    """Refuse a year outside FIRST_YEAR..LAST_YEAR (a typo such as 9026 or 0001)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(
            phrase(
                "'{raw}': the year {year} is outside the years smmplan plans, {first} to {last}",
                raw=raw,
                year=year,
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        )


def now_moment(value: str | None) -> datetime:
    """The time checks and builds treat as now (``--now``, ``SMMPLAN_NOW``): an ISO date or
    date-time, UTC when it has no offset; the clock when empty."""
    if not value:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        moment = datetime.fromisoformat(value.strip().replace(" ", "T", 1))
    except ValueError:
        raise ValueError(
            f"'{value}' is not a date-time; write e.g. 2026-11-23T09:00 or 2026-11-23T09:00+03:00"
        ) from None
    check_year(moment.year, value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def duration(value: Any) -> timedelta:
    """'3h', '90m', '1h30m', '2d'."""
    raw = text(value).strip().lower()
    match = _DURATION.fullmatch(raw)
    if not raw or not match or not any(match.groups()):
        raise ValueError(phrase("'{raw}' is not a duration: write e.g. 3h, 90m or 1h30m", raw=raw))
    if any(g and len(g) > 6 for g in match.groups()):
        raise ValueError(
            phrase(
                "'{raw}' is too long a duration (at most {days} days)",
                raw=raw[:40],
                days=MAX_DURATION.days,
            )
        )
    days, hours, minutes = (int(g) if g else 0 for g in match.groups())
    result = timedelta(days=days, hours=hours, minutes=minutes)
    if result > MAX_DURATION:
        raise ValueError(
            phrase(
                "'{raw}' is too long a duration (at most {days} days)",
                raw=raw,
                days=MAX_DURATION.days,
            )
        )
    return result


def weekdays(spec: str) -> frozenset[int]:
    """'mon-fri', 'sat-sun', 'mon,wed,fri', 'daily'."""
    spec = spec.strip().lower()
    if spec in ("daily", "every day", "all", "*"):
        return frozenset(range(7))
    days: set[int] = set()
    for piece in spec.split(","):
        ends = [p.strip()[:3] for p in piece.split("-")]
        if len(ends) > 2 or any(end not in WEEKDAYS for end in ends):
            raise ValueError(
                phrase(
                    "'{raw}' is not a set of weekdays: write e.g. mon-fri, sat-sun or mon,wed,fri",
                    raw=spec,
                )
            )
        first, last = WEEKDAYS.index(ends[0]), WEEKDAYS.index(ends[-1])
        index = first
        days.add(index)
        while index != last:
            index = (index + 1) % 7
            days.add(index)
    return frozenset(days)


def clock_range(value: Any) -> tuple[time, time]:
    raw = text(value).strip()
    match = regex.fullmatch(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})", raw)
    if not match:
        raise ValueError(phrase("'{raw}' is not a time range: write it as 08:00-21:00", raw=raw))
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 24 or h2 > 24 or m1 > 59 or m2 > 59:
        raise ValueError(phrase("'{raw}' has an impossible time of day", raw=raw))
    end = time(23, 59, 59) if (h2, m2) == (24, 0) else time(h2 % 24, m2)
    return time(h1 % 24, m1), end


def describe_value(value: Any) -> str:
    if value is None:
        return phrase("nothing")
    if isinstance(value, bool):
        return phrase("{value} (a yes/no value)", value=str(value).lower())
    if isinstance(value, list):
        return phrase("a list")
    if isinstance(value, dict):
        return phrase("a mapping")
    if isinstance(value, int | float):
        return phrase("the number {number}", number=value)
    return f"'{value}'"


_STR_TAG = "tag:yaml.org,2002:str"


@functools.lru_cache(maxsize=64)
def _key_set(known: tuple[str, ...]) -> frozenset[str]:
    """The keys a mapping may hold, as a set (once per tuple of keys)."""
    return frozenset(known)


class Fields:
    """The keys of one YAML mapping: their lines, values, and the findings about them."""

    def __init__(
        self,
        doc: Document,
        node: Node | None,
        known: Iterable[str],
        findings: list[Finding],
        lines: dict[str, int],
        prefix: str = "",
        where: str = "",
    ) -> None:
        self.doc = doc
        self.findings = findings
        self.lines = lines
        self.prefix = prefix
        self.nodes: dict[str, Node] = {}
        self._values: dict[str, Any] = {}
        self.line_here = doc.line(node) if node is not None else 1
        if node is None:
            return
        if not isinstance(node, MappingNode):
            message = (
                phrase("{field} must be a mapping of keys", field=where)
                if where
                else phrase("this must be a mapping of keys")
            )
            self.invalid(message, self.line_here)
            return
        known = known if isinstance(known, tuple) else tuple(known)
        allowed = _key_set(known)
        nodes, offset = self.nodes, doc.offset
        for key_node, value in node.value:  # ``items``, inlined: this runs for every key
            if not isinstance(key_node, ScalarNode):
                continue
            key, line = str(key_node.value), key_node.start_mark.line + offset
            lines[prefix + key] = line
            if key in allowed:
                nodes[key] = value
                continue
            hint = did_you_mean(key, known)
            message = phrase("unknown key '{field}'{hint}", field=prefix + key, hint=hint)
            findings.append(Finding("unknown-field", message, line))

    def line(self, key: str) -> int:
        return self.lines.get(self.prefix + key, self.line_here)

    def __contains__(self, key: str) -> bool:
        return key in self.nodes

    def raw(self, key: str) -> Any:
        """The plain value of a key, or None; invalid YAML values become findings."""
        node = self.nodes.get(key)
        if node is None:
            return None
        if node.__class__ is ScalarNode and node.tag == _STR_TAG:
            return node.value  # the usual value: nothing to convert, nothing to remember
        if key not in self._values:
            try:
                self._values[key] = to_python(node, self.doc.offset)
            except ValueProblem as problem:
                message = phrase("{field}: {problem}", field=self.prefix + key, problem=problem)
                self.invalid(message, self.line(key))
                self._values[key] = None
        return self._values[key]

    def get(self, key: str, convert: Callable[[Any], T], default: T) -> T:
        if key not in self.nodes:
            return default
        value = self.raw(key)
        if convert is text and value.__class__ is str:
            return value
        if value is None:
            return default
        try:
            return convert(value)
        except ValueError as error:
            message = phrase("{field}: {problem}", field=self.prefix + key, problem=error)
            self.invalid(message, self.line(key))
            return default

    def require(self, key: str, what: str) -> None:
        if key not in self.nodes or self.raw(key) in (None, ""):
            self.findings.append(
                Finding(
                    "missing-field",
                    phrase("missing '{field}': {what}", field=self.prefix + key, what=what),
                    self.line_here,
                )
            )

    def invalid(self, message: str, line: int) -> None:
        self.findings.append(Finding("invalid-value", message, line))
