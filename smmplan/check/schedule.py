"""Schedule rules: times in the past, too close together, outside windows, campaigns and blackouts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from smmplan.check.registry import Context, Family, Problem, rule
from smmplan.check.structure import _findings
from smmplan.model import Brand, Post, PostingWindow, Project, Severity

FAMILY = Family("schedule", "Schedule", 4)  # its heading and place in docs/rules.md

NOT_SCHEDULED = frozenset({"idea", "cancelled"})
DONE = frozenset({"published", "cancelled"})


def publish_times(post: Post) -> Iterator[tuple[str | None, datetime, int]]:
    """(network, time, line) for each distinct publishing time of a post."""
    if post.publish_at is not None and (
        not post.variants
        or any("publish_at" not in v.overrides for v in post.variants if not v.disabled)
    ):
        yield None, post.publish_at, post.line_of("publish_at")
    for variant in post.variants:
        if (
            "publish_at" in variant.overrides
            and variant.publish_at is not None
            and not variant.disabled
        ):
            yield variant.network, variant.publish_at, variant.lines["publish_at"]


def _local(moment: datetime, brand: Brand) -> datetime:
    return moment.astimezone(ZoneInfo(brand.timezone))


def duration_text(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours}h {minutes:02d}m"
    return f"{hours}h" if hours else f"{minutes}m"


@rule("publish-in-past", "SC01", Severity.ERROR, "post")
def publish_in_past(post: Post, ctx: Context) -> Iterator[Problem]:
    """A post that is not published yet has a publishing time that has already gone.

    An error for ``approved`` and ``scheduled`` posts (they would be missed), a warning
    for earlier stages. ``--now`` or ``SMMPLAN_NOW`` set the time checks treat as now.
    A post that an analytics export in ``content/metrics/`` shows on a network counts
    as published there, whatever its ``status`` still says.
    """
    if post.status in DONE or post.status == "idea":
        return
    soft = None if post.status in ("approved", "scheduled") else Severity.WARNING
    for network, moment, line in publish_times(post):
        if moment < ctx.now and not _went_out(post, network, ctx):
            ago = (
                duration_text(ctx.now - moment)
                if ctx.now - moment < timedelta(days=2)
                else (f"{(ctx.now - moment).days} days")
            )
            yield Problem(
                f"publish_at {moment:%Y-%m-%d %H:%M %z} is {ago} in the past and the post is"
                f" still {post.status}",
                line,
                network=network,
                severity=soft,
            )


def _went_out(post: Post, network: str | None, ctx: Context) -> bool:
    """Whether an export shows the post out on every network a publishing time is for."""
    if not ctx.went_out:
        return False
    if network is not None:
        return (post.path, network) in ctx.went_out
    covered = [
        v.network for v in post.variants if not v.disabled and "publish_at" not in v.overrides
    ]
    return bool(covered) and all((post.path, name) in ctx.went_out for name in covered)


@dataclass(frozen=True, slots=True)
class ScheduleEntry:
    """What rules across posts need to know of one post on one network: small, picklable."""

    brand: str
    network: str
    at: datetime
    path: str
    status: str
    line: int
    ignore: frozenset[str] = frozenset()


def schedule_entries(project: Project) -> Iterator[ScheduleEntry]:
    for post in project.posts:
        brand = project.brand_of(post)
        if post.status in NOT_SCHEDULED or brand is None:
            continue
        for variant in post.variants:
            if variant.publish_at is not None and not variant.disabled:
                line = variant.lines.get("publish_at", post.line_of("publish_at"))
                yield ScheduleEntry(
                    brand.id,
                    variant.network,
                    variant.publish_at,
                    post.path,
                    post.status,
                    line,
                    post.ignore,
                )


@rule("schedule-conflict", "SC02", Severity.WARNING, "project")
def schedule_conflict(ctx: Context) -> Iterator[Problem]:
    """Two posts of one brand on one network are closer than the brand's ``min_gap``.

    Posting twice within an hour splits the audience's attention and some networks
    throttle it. The later post is reported and the earlier one named; published posts
    count as neighbours but are not reported themselves.
    """
    lanes: dict[tuple[str, str], list[ScheduleEntry]] = defaultdict(list)
    for entry in ctx.schedule:
        brand = ctx.project.brands.get(entry.brand)
        if brand is not None and brand.min_gap:
            lanes[entry.brand, entry.network].append(entry)
    for (brand_id, network), entries in sorted(lanes.items()):
        gap = ctx.project.brands[brand_id].min_gap
        entries.sort(key=lambda entry: (entry.at, entry.path))
        for first, second in pairwise(entries):
            if (
                second.at - first.at < gap
                and second.status != "published"
                and first.path != second.path
            ):
                when = (
                    f"{duration_text(second.at - first.at)} after"
                    if second.at > first.at
                    else "at the same time as"
                )
                yield Problem(
                    f"{when} {first.path} on {network};"
                    f" {brand_id} keeps {duration_text(gap)} between posts",
                    second.line,
                    network=network,
                    path=second.path,
                    related=(first.path,),
                )


def _in_window(local: datetime, window: PostingWindow) -> bool:
    moment, day = local.time(), local.weekday()
    if window.start <= window.end:
        return day in window.weekdays and window.start <= moment <= window.end
    yesterday = (day - 1) % 7
    return (day in window.weekdays and moment >= window.start) or (
        yesterday in window.weekdays and moment <= window.end
    )


def _clock(value: time) -> str:
    return value.strftime("%H:%M")


@rule("outside-posting-window", "SC03", Severity.WARNING, "post")
def outside_posting_window(post: Post, ctx: Context) -> Iterator[Problem]:
    """The post goes out outside the brand's posting windows (``posting.windows``).

    Windows are local to the brand's time zone, per weekday, e.g. ``{mon-fri:
    "08:00-21:00", sat-sun: "10:00-18:00"}``; a window like ``22:00-02:00`` runs past
    midnight.
    """
    brand = ctx.project.brand_of(post)
    if brand is None or not brand.windows or post.status in DONE or post.status == "idea":
        return
    for network, moment, line in publish_times(post):
        local = _local(moment, brand)
        if not any(_in_window(local, w) for w in brand.windows):
            today = [w for w in brand.windows if local.weekday() in w.weekdays]
            allowed = ", ".join(f"{_clock(w.start)}-{_clock(w.end)}" for w in today) or "no window"
            yield Problem(
                f"{local:%a %H:%M} {brand.timezone} is outside {brand.name}'s posting windows"
                f" ({local:%A}: {allowed})",
                line,
                network=network,
            )


@rule("blackout-date", "SC04", Severity.ERROR, "post")
def blackout_date(post: Post, ctx: Context) -> Iterator[Problem]:
    """The post falls on one of the brand's blackout dates (``posting.blackout``), in its time zone."""
    brand = ctx.project.brand_of(post)
    if brand is None or not brand.blackout or post.status in DONE:
        return
    blackout = set(brand.blackout)
    for network, moment, line in publish_times(post):
        day = _local(moment, brand).date()
        if day in blackout:
            yield Problem(f"{day} is a blackout date for {brand.name}", line, network=network)


@rule("outside-campaign", "SC05", Severity.WARNING, "post")
def outside_campaign(post: Post, ctx: Context) -> Iterator[Problem]:
    """A campaign post is dated outside the campaign, or goes where the campaign does not.

    The campaign's ``start`` and ``end`` are whole days in the brand's time zone; a
    campaign that lists ``networks`` or belongs to another brand is named too.
    """
    campaign = ctx.project.campaigns.get(post.campaign or "")
    brand = ctx.project.brand_of(post)
    if campaign is None or post.status in ("cancelled",):
        return
    line = post.line_of("campaign")
    if campaign.brand and post.brand and campaign.brand != post.brand:
        yield Problem(
            f"campaign '{campaign.id}' belongs to brand {campaign.brand}, not {post.brand}", line
        )
    if campaign.networks:
        for name in post.networks:
            if name not in campaign.networks:
                yield Problem(
                    f"campaign '{campaign.id}' runs on {', '.join(campaign.networks)}, not {name}",
                    line,
                    network=name,
                )
    if brand is None:
        return
    for network, moment, moment_line in publish_times(post):
        day = _local(moment, brand).date()
        if (campaign.start and day < campaign.start) or (campaign.end and day > campaign.end):
            yield Problem(
                f"{day} is outside campaign '{campaign.id}' ({campaign.start} to {campaign.end})",
                moment_line,
                network=network,
            )


@rule("nonexistent-local-time", "SC06", Severity.ERROR, "file")
def nonexistent_local_time(item: Any) -> Iterator[Problem]:
    """A local time that the clocks skip (daylight saving gap), or pass twice (a warning).

    ``2026-03-29 02:30`` does not exist in Europe/Berlin; ``2026-10-25 02:30`` happens
    twice there, so smmplan takes the first and warns. Write an explicit offset
    (``2026-10-25 02:30+01:00``) to choose.
    """
    yield from _findings(item, "nonexistent-local-time")
