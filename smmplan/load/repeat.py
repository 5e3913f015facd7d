"""A post's ``repeat:``: the series of dates an evergreen or recurring post goes out on.

``repeat: {every: 6w, until: 2027-06-30, max: 6, skip: [...], variants: [...]}`` counts the
series from the post's own ``publish_at`` (occurrence 0) in days, weeks or calendar months
on the brand's wall clock, so 10:00 stays 10:00 across daylight-saving changes; a month
step keeps the day of the month, or the month's last day where it is shorter.
``repeat: [DATE, ...]`` (or ``{dates: [...]}``) lists the further dates: a date takes the
post's time of day, a date and time is used as written. ``docs/format.md`` has the rules.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from smmplan.load import values as v
from smmplan.load.documents import ValueProblem, split_parts, to_python
from smmplan.load.hashtag_sets import expand_parts
from smmplan.model import Finding, Occurrence, Repeat, Severity, TextPart

REPEAT_KEYS = ("every", "until", "max", "dates", "skip", "variants")
MAX_OCCURRENCES = 366  # a daily post for a year; more is a typo or an endless series
_INTERVAL = re.compile(r"(\d{1,4})\s*([a-z]+)")
INTERVAL_PATTERN = r"^\s*\d{1,4}\s*(d|days?|w|weeks?|m|mo|months?)\s*$"  # for the schema
_UNITS = {
    "d": "days", "day": "days", "days": "days",
    "w": "weeks", "week": "weeks", "weeks": "weeks",
    "m": "months", "mo": "months", "month": "months", "months": "months",
}  # fmt: skip


@dataclass(frozen=True)
class Interval:
    """``every``: a number of days, weeks or calendar months."""

    count: int
    unit: str  # days | weeks | months

    def step(self, start: datetime, k: int) -> datetime:
        """The ``k``-th date after ``start`` (naive, on the wall clock)."""
        if self.unit == "days":
            return start + timedelta(days=self.count * k)
        if self.unit == "weeks":
            return start + timedelta(weeks=self.count * k)
        months = start.month - 1 + self.count * k
        year, month = start.year + months // 12, months % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return start.replace(year=year, month=month, day=day)


def interval(value: Any) -> Interval:
    """``6w``, ``10d``, ``1m``, ``2 weeks``, ``3 months``: a positive step of the series."""
    raw = v.text(value).strip().lower()
    match = _INTERVAL.fullmatch(raw)
    if match is None or match[2] not in _UNITS:
        raise ValueError(
            f"'{raw[:40]}' is not an interval: write a number of days, weeks or months,"
            " e.g. 10d, 6w or 1m (a series repeats no more often than daily)"
        )
    count = int(match[1])
    if count == 0:
        raise ValueError(f"'{raw}' is no step at all: repeat every 1d or more")
    return Interval(count, _UNITS[match[2]])


def count(value: Any) -> int:
    """``max``: how many occurrences the series has, the post's own date included."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number of occurrences, got {v.describe_value(value)}")
    if value < 1:
        raise ValueError(f"{value} occurrences: the series has at least the post's own date")
    return value


class _Series:
    """Reads one ``repeat:`` into occurrences, recording findings on their lines."""

    def __init__(self, f: v.Fields, start: datetime, timezone: str, first_line: int) -> None:
        self.f = f
        self.start = start
        self.first_line = first_line  # the line of the post's publish_at
        self.zone = timezone
        self.wall = start.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)

    def problem(self, rule: str, message: str, line: int, severity: Severity | None = None) -> None:
        self.f.findings.append(Finding(rule, message, line, severity=severity))

    def local(self, naive: datetime, line: int) -> datetime:
        aware, problem = v.localize(naive, self.zone)
        if problem:
            soft = Severity.WARNING if "twice" in problem else None
            self.problem("nonexistent-local-time", f"repeat: {problem}", line, soft)
        return aware

    def every(self, step: Interval, until: datetime | None, limit: int | None) -> list[datetime]:
        """The series counted from the post's date; ``limit`` or ``until`` ends it."""
        line = self.f.line("every")
        moments = [self.start]
        cap = min(limit or MAX_OCCURRENCES + 1, MAX_OCCURRENCES + 1)
        for k in range(1, cap):
            try:
                naive = step.step(self.wall, k)
            except (OverflowError, ValueError):
                break
            if naive.year > v.LAST_YEAR:
                break
            moment = self.local(naive, line)
            if until is not None and moment > until:
                break
            moments.append(moment)
        return moments

    def dates(self, node: Node) -> list[tuple[datetime, int]]:
        """The written dates after the post's own, in time order, each with its line."""
        found: dict[datetime, int] = {self.start: self.first_line}
        for raw, line in _sequence(node, self.f, "repeat.dates"):
            moment = self.moment(raw, line, "repeat.dates")
            if moment is None:
                continue
            if moment <= self.start:
                self.problem(
                    "repeat-invalid",
                    f"repeat.dates: {_shown(moment, self.zone)} is not after publish_at"
                    f" {_shown(self.start, self.zone)}, the series' first date",
                    line,
                )
            elif moment in found:
                self.problem(
                    "repeat-invalid",
                    f"repeat.dates: {_shown(moment, self.zone)} is listed twice",
                    line,
                )
            else:
                found[moment] = line
        return sorted(found.items())

    def moment(self, raw: Any, line: int, key: str) -> datetime | None:
        """A date (at the post's time of day) or a date and time, on the brand's clock."""
        try:
            day = v.calendar_date(raw)
        except ValueError:
            day = None
        if day is not None:
            return self.local(datetime.combine(day, self.wall.time()), line)
        try:
            moment, has_offset = v.local_datetime(raw)
        except ValueError:
            self.problem(
                "repeat-invalid",
                f"{key}: '{_text(raw)}' is not a date (YYYY-MM-DD) or a date and time"
                " (YYYY-MM-DD HH:MM)",
                line,
            )
            return None
        return moment if has_offset else self.local(moment, line)


Sets = Mapping[str, tuple[str, ...]]


def post_repeat(
    f: v.Fields, publish_at: datetime | None, timezone: str, sets: Sets
) -> Repeat | None:
    """The post's series, or None when it has no ``repeat`` (or one that cannot be read)."""
    node = f.nodes.get("repeat")
    if node is None or (isinstance(node, ScalarNode) and f.raw("repeat") is None):
        return None
    line = f.line("repeat")
    if isinstance(node, SequenceNode):
        spec = v.Fields(f.doc, None, REPEAT_KEYS, f.findings, f.lines, prefix="repeat.")
        spec.nodes["dates"] = node
        spec.lines["repeat.dates"] = line
    else:
        if not isinstance(node, MappingNode):
            f.findings.append(_usage(line))
            return None
        spec = v.Fields(
            f.doc, node, REPEAT_KEYS, f.findings, f.lines, prefix="repeat.", where="repeat"
        )
    if publish_at is None:
        if "publish_at" not in f:
            message = "repeat: the series starts at the post's publish_at; set publish_at"
            f.findings.append(Finding("repeat-invalid", message, line))
        return None
    reader = _Series(spec, publish_at, timezone, f.line("publish_at"))
    return _series(spec, reader, line, sets)


def _series(spec: v.Fields, reader: _Series, line: int, sets: Sets) -> Repeat | None:
    moments = _moments(spec, reader, line)
    if moments is None:
        return None
    if len(moments) > MAX_OCCURRENCES:
        reader.problem(
            "repeat-too-long",
            f"repeat: the series has more than {MAX_OCCURRENCES} occurrences; only the first"
            f" {MAX_OCCURRENCES} are planned: end it sooner (until, max) or split it",
            line,
        )
        moments = moments[:MAX_OCCURRENCES]
    texts = _texts(spec, sets)
    skipped = _skipped(spec, reader, [m for m, _, _ in moments])
    rotation = len(texts) + 1
    occurrences = tuple(
        Occurrence(k, moment, at, k % rotation, moment in skipped, computed)
        for k, (moment, at, computed) in enumerate(moments)
    )
    every = spec.get("every", v.text, None)
    return Repeat(occurrences, texts, every.strip() if every else None, line)


def _moments(spec: v.Fields, reader: _Series, line: int) -> list[tuple[datetime, int, bool]] | None:
    """(time, line, counted from every?) of each occurrence, or None after a finding."""
    if "every" in spec and "dates" in spec:
        reader.problem("repeat-invalid", "repeat: give every or dates, not both", line)
        return None
    if "dates" in spec:
        for key in ("until", "max"):
            if key in spec:
                reader.problem(
                    "repeat-invalid",
                    f"repeat.{key}: a list of dates ends with its last date; {key} goes with every",
                    spec.line(key),
                )
        written = reader.dates(spec.nodes["dates"])
        return [(m, at, False) for m, at in written]
    if "every" not in spec:
        reader.problem(
            "repeat-invalid", "repeat: say how often (every: 6w) or list the dates", line
        )
        return None
    step = _converted(spec, "every", interval)
    limit = _converted(spec, "max", count)
    until = _until(spec, reader)
    if step is None:
        return None
    if "until" not in spec and "max" not in spec:
        reader.problem(
            "repeat-unbounded",
            "repeat: the series never ends: add until (a date) or max (a number of occurrences)",
            spec.line("every"),
        )
        return None
    computed = reader.every(step, until, limit)
    every_line = spec.line("every")
    return [(m, every_line if k else reader.first_line, k > 0) for k, m in enumerate(computed)]


def _converted(spec: v.Fields, key: str, convert: Any) -> Any:
    """The key's value converted, or None (after a ``repeat-invalid`` finding)."""
    if key not in spec:
        return None
    raw = spec.raw(key)
    try:
        return convert(raw)
    except ValueError as error:
        spec.findings.append(Finding("repeat-invalid", f"repeat.{key}: {error}", spec.line(key)))
        return None


def _until(spec: v.Fields, reader: _Series) -> datetime | None:
    """The series' last moment: a date counts to the end of that day."""
    if "until" not in spec:
        return None
    raw, line = spec.raw("until"), spec.line("until")
    try:
        day = v.calendar_date(raw)
    except ValueError:
        moment = reader.moment(raw, line, "repeat.until")
    else:
        moment = reader.local(datetime.combine(day, time(23, 59, 59)), line)
    if moment is not None and moment < reader.start:
        reader.problem(
            "repeat-invalid",
            f"repeat.until {_shown(moment, reader.zone)} is before publish_at"
            f" {_shown(reader.start, reader.zone)}: the series would be the post alone",
            line,
        )
    return moment


def _skipped(spec: v.Fields, reader: _Series, moments: list[datetime]) -> set[datetime]:
    """The occurrences ``skip`` names: by date (any time that day) or exact date and time."""
    if "skip" not in spec:
        return set()
    zone = ZoneInfo(reader.zone)
    by_day: dict[date, list[datetime]] = {}
    for moment in moments:
        by_day.setdefault(moment.astimezone(zone).date(), []).append(moment)
    skipped: set[datetime] = set()
    for raw, line in _sequence(spec.nodes["skip"], spec, "repeat.skip"):
        try:
            day = v.calendar_date(raw)
        except ValueError:
            moment = reader.moment(raw, line, "repeat.skip")
            found = [moment] if moment in moments else []
            wanted = moment.astimezone(zone).date() if moment else None
        else:
            found, wanted = by_day.get(day, []), day
        if found:
            skipped.update(found)
        elif wanted is not None:
            reader.problem("repeat-skip-unknown", _not_in_series(wanted, by_day), line)
    return skipped


def _not_in_series(day: date, by_day: dict[date, list[datetime]]) -> str:
    days = sorted(by_day)
    before = [d for d in days if d < day][-1:]
    after = [d for d in days if d > day][:1]
    near = " and ".join(str(d) for d in (*before, *after))
    return f"repeat.skip: {day} is not a date of the series (the nearest: {near})"


def _texts(spec: v.Fields, sets: Sets) -> tuple[tuple[TextPart, ...], ...]:
    """``variants``: the further texts, each split into thread parts with their lines."""
    if "variants" not in spec:
        return ()
    texts = []
    for raw, line, node in _items(spec.nodes["variants"], spec, "repeat.variants"):
        if not isinstance(raw, str) or not raw.strip():
            shown = "empty" if isinstance(raw, str) or raw is None else v.describe_value(raw)
            spec.findings.append(
                Finding("repeat-invalid", f"repeat.variants: a text is {shown}", line)
            )
            continue
        block = isinstance(node, ScalarNode) and node.style in ("|", ">")
        parts = split_parts(raw, line + (1 if block else 0))
        texts.append(expand_parts(parts, sets, spec.findings))
    return tuple(texts)


def _sequence(node: Node, f: v.Fields, key: str) -> Iterator[tuple[Any, int]]:
    for raw, line, _ in _items(node, f, key):
        yield raw, line


def _items(node: Node, f: v.Fields, key: str) -> Iterator[tuple[Any, int, Node]]:
    """(value, line, node) of each item of a list; a single value is a list of one."""
    entries = node.value if isinstance(node, SequenceNode) else [node]
    for item in entries:
        line = f.doc.line(item)
        try:
            value = to_python(item, f.doc.offset)
        except ValueProblem as problem:
            f.findings.append(Finding("repeat-invalid", f"{key}: {problem}", line))
            continue
        if isinstance(value, list | dict):
            f.findings.append(
                Finding("repeat-invalid", f"{key}: expected a list of single values", line)
            )
            continue
        yield value, line, item


def _usage(line: int) -> Finding:
    return Finding(
        "repeat-invalid",
        "repeat: write a mapping such as {every: 6w, until: 2027-06-30} or a list of dates",
        line,
    )


def _shown(moment: datetime, zone: str) -> str:
    return f"{moment.astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M}"


def _text(raw: Any) -> str:
    text = str(raw)
    return text if len(text) <= 40 else text[:37] + "..."
