"""``smmplan move``: reschedule posts by rewriting only their ``publish_at`` values.

``--by 2d`` shifts every ``publish_at`` of a post (the post's own and each network's own
``networks.<n>.publish_at``) by the same amount, so the parts of a post that go out at
different times stay together. ``--to`` sets the post's ``publish_at`` (or, when only
networks carry one, the earliest of those) to the time given and shifts the others by
the same amount. A value keeps its shape: a local time stays a local time of the brand
(shifted on the wall clock, so 10:00 stays 10:00 across a daylight-saving change), a
value with an offset keeps its offset, ``T`` or space, seconds or none, quoting.

The file is edited as text with :mod:`smmplan.workflow.edit`, as ``mark`` does: every
other byte (comments, key order, line endings, a BOM) is copied as it was, and the result
is read back with the project's loader and refused unless only the times changed.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from yaml.nodes import MappingNode, ScalarNode

from smmplan.load import values as v
from smmplan.load.documents import read_markdown
from smmplan.load.posts import Known, load_post
from smmplan.locale import phrase
from smmplan.model import Diagnostic, Post, Project
from smmplan.workflow.edit import EditError, FrontMatterEditor, network_key
from smmplan.workflow.mark import Change, Refusal, find_targets, front_matter_values, known_of
from smmplan.workflow.mark import Plan as _Found

_SHIFT = re.compile(r"([+-])?\s*((?:\d+\s*[wdhm]\s*)+)")
_UNIT = re.compile(r"(\d+)\s*([wdhm])")
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_SHAPE = re.compile(  # how a publish_at is written: date, separator, time, offset
    r"\d{4}-\d{1,2}-\d{1,2}(?P<sep>[Tt ]+)\d{1,2}:\d{2}(?P<sec>:\d{2}(?:\.\d+)?)?"
    r"(?P<space>\s*)(?P<tz>Z|z|[+-]\d{2}(?P<colon>:?)\d{2})?"
)
MAX_SHIFT = timedelta(days=3660)  # ten years: more is a typo


class MoveError(ValueError):
    """A shift or time that cannot be used, or a post that cannot be moved (at ``line``)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Target:
    """Where to move to: a shift, or a moment (a datetime, a day or a time of day)."""

    by: timedelta | None = None
    moment: datetime | None = None  # naive: in the brand's time zone
    day: date | None = None  # --to 2026-12-01: that day, each value's time kept
    clock: time | None = None  # --to 18:00: that time, each value's day kept


@dataclass(frozen=True)
class Moved:
    key: str  # "publish_at" or "networks.x.publish_at"
    before: str
    after: str


@dataclass
class MovePlan:
    changes: list[tuple[Change, tuple[Moved, ...]]] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)  # schedule checks, moved posts


def parse_by(text: str) -> timedelta:
    """``2d``, ``-3h``, ``1w``, ``90m``, ``1d12h``: a signed duration."""
    match = _SHIFT.fullmatch(text.strip().lower())
    if not match:
        raise MoveError(phrase("--by {shift}: write a shift like 2d, -3h, 1w or 90m", shift=text))
    parts = {_UNITS[unit]: 0 for unit in _UNITS}
    for number, unit in _UNIT.findall(match[2]):
        if len(number) > 7:
            raise MoveError(phrase("--by {shift}: too large a shift", shift=text))
        parts[_UNITS[unit]] += int(number)
    shift = timedelta(**parts)
    if shift > MAX_SHIFT:
        raise MoveError(
            phrase("--by {shift}: more than {days} days", shift=text, days=MAX_SHIFT.days)
        )
    return -shift if match[1] == "-" else shift


def parse_to(text: str) -> Target:
    """``2026-12-01 18:00`` (the brand's time), ``2026-12-01T18:00+03:00``, ``2026-12-01``
    (that day, the time kept) or ``18:00`` (that time, the day kept)."""
    raw = text.strip()
    clock = _CLOCK.fullmatch(raw)
    if clock:
        hour, minute = int(clock[1]), int(clock[2])
        if hour > 23 or minute > 59:
            raise MoveError(
                phrase(
                    "--to {when}: {time} is no time of day",
                    when=text,
                    time=f"{hour:02}:{minute:02}",
                )
            )
        return Target(clock=time(hour, minute))
    try:
        return Target(day=v.calendar_date(raw))
    except ValueError:
        pass
    try:
        moment, _ = v.local_datetime(raw)
    except ValueError as error:
        raise MoveError(f"--to {error}") from None
    return Target(moment=moment)


def plan_moves(
    project: Project, now: datetime, paths: Iterable[Path], target: Target, cwd: Path
) -> MovePlan:
    """Every change ``move`` would make, and what the schedule checks say of the result."""
    found = _Found()
    targets = find_targets(project, paths, cwd, found)
    plan = MovePlan(refused=[*found.refused, *found.skipped])
    posts = {post.path: post for post in project.posts}
    known = known_of(project)
    for item in targets:
        post = posts[item.path]
        zone = _zone(project, post)
        try:
            data = item.file.read_bytes()
            change, moved = _move_one(data, post, zone, target, known)
        except (EditError, MoveError) as error:
            line = getattr(error, "line", None)
            plan.refused.append(Refusal(item.path, str(error), line))
            continue
        plan.changes.append((dataclasses.replace(change, file=item.file), moved))
    plan.problems = schedule_problems(project, now, [c for c, _ in plan.changes], known)
    return plan


def _zone(project: Project, post: Post) -> str:
    brand = project.brand_of(post)
    return brand.timezone if brand is not None else project.config.timezone


def _move_one(
    data: bytes, post: Post, zone: str, target: Target, known: Known
) -> tuple[Change, tuple[Moved, ...]]:
    editor = FrontMatterEditor(data)
    nodes = _time_nodes(editor)
    if not nodes:
        raise MoveError(phrase("has no publish_at to move: set one first"))
    values = {key: _read(node, editor) for key, node in nodes}
    anchor_key = nodes[0][0]
    shift = target.by if target.by is not None else _shift_to(values[anchor_key], zone, target)
    moved = []
    for key, node in nodes:
        before = values[key]
        after = _shifted(before, shift)
        try:
            v.check_year(after.year, f"{key} {after:%Y-%m-%d %H:%M}")
        except ValueError as error:
            raise MoveError(str(error), editor.line_of(node)) from None
        text = _written(node.value, after)
        if text != node.value:
            _replace(editor, node, text)
            moved.append(Moved(key, node.value, text))
    result = editor.result()
    expected = {key: _aware(_shifted(values[key], shift), zone) for key, _ in nodes}
    problem = _verify(data, result, post, known, expected)
    if problem is not None:
        raise MoveError(problem)
    return Change(post.path, Path(post.path), data, result, ()), tuple(moved)


def _time_nodes(editor: FrontMatterEditor) -> list[tuple[str, ScalarNode]]:
    """The ``publish_at`` scalars: the post's own first, then each network's, in file order."""
    found: list[tuple[str, ScalarNode]] = []
    for key, value in editor.root.value:
        if not isinstance(key, ScalarNode):
            continue
        if key.value == "publish_at" and isinstance(value, ScalarNode) and value.value:
            found.insert(0, ("publish_at", value))
        elif key.value == "networks" and isinstance(value, MappingNode):
            found.extend(_network_times(value))
    return found


def _network_times(networks: MappingNode) -> list[tuple[str, ScalarNode]]:
    found = []
    for network, override in networks.value:
        for name, item in override.value if isinstance(override, MappingNode) else ():
            if name.value == "publish_at" and isinstance(item, ScalarNode) and item.value:
                found.append((f"networks.{network_key(network.value)}.publish_at", item))
    return found


def _read(node: ScalarNode, editor: FrontMatterEditor) -> datetime:
    try:
        return v.local_datetime(node.value)[0]
    except ValueError as error:
        raise MoveError(f"publish_at: {error}", editor.line_of(node)) from None


def _shift_to(anchor: datetime, zone: str, target: Target) -> timedelta:
    """The shift that takes ``anchor`` (naive: the brand's wall clock) to ``target``."""
    if target.clock is not None:
        return datetime.combine(anchor.date(), target.clock) - anchor.replace(tzinfo=None)
    if target.day is not None:
        return datetime.combine(target.day, anchor.time()) - anchor.replace(tzinfo=None)
    wanted = target.moment
    assert wanted is not None
    if anchor.tzinfo is None:
        local = wanted if wanted.tzinfo is None else wanted.astimezone(ZoneInfo(zone))
        return local.replace(tzinfo=None) - anchor
    aware = wanted if wanted.tzinfo is not None else v.localize(wanted, zone)[0]
    return aware - anchor


def _shifted(moment: datetime, shift: timedelta) -> datetime:
    try:
        return moment + shift  # naive: on the wall clock; with an offset: that offset kept
    except OverflowError:
        raise MoveError(phrase("the new time is outside the years smmplan plans")) from None


def _aware(moment: datetime, zone: str) -> datetime:
    return moment if moment.tzinfo is not None else v.localize(moment, zone)[0]


def _written(raw: str, moment: datetime) -> str:
    """``moment`` in the shape of ``raw``: its separator, seconds and offset style."""
    shape = _SHAPE.fullmatch(raw.strip())
    assert shape is not None  # raw was read by v.local_datetime, which accepts only these
    seconds = shape["sec"] is not None or moment.second != 0
    written = moment.strftime(f"%Y-%m-%d{shape['sep']}%H:%M" + (":%S" if seconds else ""))
    offset = moment.utcoffset()
    if offset is None:
        return written
    if shape["tz"] in ("Z", "z") and offset == timedelta(0):
        return f"{written}{shape['space']}{shape['tz']}"
    minutes = int(offset.total_seconds()) // 60
    sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
    colon = ":" if shape["colon"] or shape["tz"] in ("Z", "z") else ""
    return f"{written}{shape['space']}{sign}{minutes // 60:02}{colon}{minutes % 60:02}"


def _without_times(values: dict) -> dict:
    rest = {k: item for k, item in values.items() if k != "publish_at"}
    if isinstance(rest.get("networks"), dict):
        rest["networks"] = {
            name: {k: x for k, x in item.items() if k != "publish_at"}
            if isinstance(item, dict)
            else item
            for name, item in rest["networks"].items()
        }
    return rest


def _verify(
    before: bytes, after: bytes, post: Post, known: Known, expected: dict[str, datetime]
) -> str | None:
    """Why ``after`` is not ``before`` with only its times moved as meant, or None."""
    old, new = front_matter_values(before), front_matter_values(after)
    if old is None or new is None:
        return "cannot check the edit: the front matter does not read back"
    if _without_times(old) != _without_times(new):
        return "the edit would change other keys"
    if read_markdown(after).body != read_markdown(before).body:
        return "the edit would change the text"
    again = load_post(known.root / post.path, post.path, after, known)
    times = {"publish_at": again.publish_at}
    times |= {f"networks.{x.network}.publish_at": x.publish_at for x in again.variants}
    wrong = [key for key, moment in expected.items() if times.get(key) != moment]
    if wrong:
        return phrase("the result would not read as the time meant for {field}", field=wrong[0])
    return None


def _replace(editor: FrontMatterEditor, node: ScalarNode, text: str) -> None:
    """The value's own characters replaced, in its own quoting (a plain date-time stays
    plain: the loader reads it as text)."""
    quote = node.style if node.style in ("'", '"') else ""
    editor._replace(node, f"{quote}{text}{quote}")


def schedule_problems(
    project: Project, now: datetime, changes: list[Change], known: Known
) -> list[Diagnostic]:
    """The schedule checks' findings about the moved posts, in the plan as moved."""
    from smmplan.check import RULES, run

    if not changes:
        return []
    moved = {c.path: load_post(project.root / c.path, c.path, c.after, known) for c in changes}
    posts = tuple(moved.get(post.path, post) for post in project.posts)
    after = dataclasses.replace(project, posts=posts)
    found = run(after, now, only=moved)
    return [d for d in found if RULES[d.rule].family == "schedule" and d.path in moved]
