"""Schedule rules: times in the past, too close together, outside windows, campaigns and blackouts.

A recurring post (``repeat:``) is checked at each occurrence that goes out, with the
occurrence's date in the message and its line (``repeat.every`` or the date's item);
the post's own date keeps the line of ``publish_at``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from functools import partial
from itertools import pairwise
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from smmplan.check.registry import Context, Family, Problem, rule
from smmplan.check.structure import _findings
from smmplan.locale import phrase
from smmplan.memo import ByIdentity
from smmplan.model import Brand, Occurrence, Post, PostingWindow, Project, Severity
from smmplan.plan import occurrence_variants

FAMILY = Family("schedule", "Schedule", 4)  # its heading and place in docs/rules.md

NOT_SCHEDULED = frozenset({"idea", "cancelled"})
DONE = frozenset({"published", "cancelled"})


class Moment(NamedTuple):
    """A publishing time of a post: on every network it shares the post's time (network
    None) or on one network with a time of its own."""

    network: str | None
    at: datetime
    line: int
    label: str = ""  # " (occurrence 2026-12-08)" for a recurring post's later dates


def publish_times(post: Post, brand: Brand | None = None) -> Iterator[Moment]:
    """Each distinct publishing time of a post, at every occurrence that goes out."""
    own = list(_own_times(post))
    if post.repeat is None or post.publish_at is None:
        yield from (Moment(*item) for item in own)
        return
    for occurrence in post.repeat.active:
        shift = occurrence.publish_at - post.publish_at
        label = occurrence_label(occurrence, brand)
        for network, moment, line in own:
            where = line if occurrence.index == 0 else occurrence.line
            yield Moment(network, moment + shift, where, label)


def occurrence_label(occurrence: Occurrence | None, brand: Brand | None) -> str:
    """`` (occurrence 2026-12-08)``, the local date; empty for the post's own date."""
    if occurrence is None or occurrence.index == 0:
        return ""
    zone = ZoneInfo(brand.timezone) if brand is not None else None
    day = f"{occurrence.publish_at.astimezone(zone):%Y-%m-%d}"
    return phrase(" (occurrence {day})", day=day)


def _own_times(post: Post) -> Iterator[tuple[str | None, datetime, int]]:
    """(network, time, line) for each distinct publishing time the file writes."""
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


@rule("publish-in-past", "SC01", Severity.ERROR, "post", uses_now=True)
def publish_in_past(post: Post, ctx: Context) -> Iterator[Problem]:
    """A post that is not published yet has a publishing time that has already gone.

    An error for ``approved`` and ``scheduled`` posts (they would be missed), a warning
    for earlier stages. ``--now`` or ``SMMPLAN_NOW`` set the time checks treat as now.
    A post that an analytics export in ``content/metrics/`` shows on a network counts
    as published there, whatever its ``status`` still says. A recurring post keeps its
    status while its series runs: it is reported once its last occurrence has gone.
    """
    if post.status in DONE or post.status == "idea":
        return
    soft = None if post.status in ("approved", "scheduled") else Severity.WARNING
    times = list(publish_times(post, ctx.project.brand_of(post)))
    if post.repeat is not None:
        times = _series_end(times, ctx.now)
    for network, moment, line, _ in times:
        if moment < ctx.now and not _went_out(post, network, ctx):
            ago = (
                duration_text(ctx.now - moment)
                if ctx.now - moment < timedelta(days=2)
                else phrase("{days} days", days=(ctx.now - moment).days)
            )
            what = phrase("the series' last occurrence, ") if post.repeat is not None else ""
            yield Problem(
                phrase(
                    "{what}publish_at {moment} is {ago} in the past and the post is still {status}",
                    what=what,
                    moment=f"{moment:%Y-%m-%d %H:%M %z}",
                    ago=ago,
                    status=post.status,
                ),
                line,
                network=network,
                severity=soft,
            )


def _series_end(times: list[Moment], now: datetime) -> list[Moment]:
    """The last occurrence's times once every occurrence has gone; else none."""
    if not times or any(m.at >= now for m in times):
        return []
    last = max(m.at for m in times)
    return [m for m in times if m.at == last]


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


class ScheduleEntry(NamedTuple):
    """What rules across posts need to know of one post on one network: small, picklable.

    A named tuple, as the check cache keeps each as a plain tuple of these fields and a
    cached check makes tens of thousands of them again: ``tuple.__new__`` does that in a
    tenth of the time a frozen dataclass's ``__init__`` takes."""

    brand: str
    network: str
    at: datetime
    path: str
    status: str
    line: int
    ignore: frozenset[str] = frozenset()
    account: str | None = None  # the brand's handle it goes to (one per language, or its one)
    label: str = ""  # " (occurrence 2026-12-08)": a recurring post's later date
    computed: bool = False  # a date counted by repeat.every, not written in the file


def schedule_entries(project: Project) -> Iterator[ScheduleEntry]:
    """Each post on each network at each occurrence that goes out."""
    for post in project.posts:
        brand = project.brand_of(post)
        if post.status in NOT_SCHEDULED or brand is None:
            continue
        yield from _SCHEDULED.get((post, brand), partial(_post_entries, post, brand))


_SCHEDULED: ByIdentity[list[ScheduleEntry]] = ByIdentity()
"""An unchanged post's entries, from one run of the rules across posts to the next (serve)."""


def _post_entries(post: Post, brand: Brand) -> list[ScheduleEntry]:
    found = []
    for variant in post.variants:
        if variant.publish_at is None or variant.disabled:
            continue
        written = variant.lines.get("publish_at", post.line_of("publish_at"))
        account = brand.account(variant.network, post.language)
        for shown, occurrence in occurrence_variants(post, variant):
            later = occurrence is not None and occurrence.index > 0
            entry = ScheduleEntry(
                brand.id,
                variant.network,
                shown.publish_at,  # type: ignore[arg-type]  # moved with the series
                post.path,
                post.status,
                occurrence.line if later else written,  # type: ignore[union-attr]
                post.ignore,
                account,
                occurrence_label(occurrence, brand),
                bool(occurrence and occurrence.computed),
            )
            found.append(entry)
    return found


@rule("schedule-conflict", "SC02", Severity.WARNING, "project")
def schedule_conflict(ctx: Context) -> Iterator[Problem]:
    """Two posts of one brand on one network are closer than the brand's ``min_gap``.

    Posting twice within an hour splits the audience's attention and some networks
    throttle it. The later post is reported and the earlier one named; published posts
    count as neighbours but are not reported themselves. Where a brand has an account
    per language, each account keeps its own gap: the Azerbaijani and the Russian
    version of a post may go out at once, two Russian posts may not.
    """
    lanes: dict[tuple[str, str, str], list[ScheduleEntry]] = defaultdict(list)
    for entry in ctx.schedule:
        brand = ctx.project.brands.get(entry.brand)
        if brand is not None and brand.min_gap:
            lanes[entry.brand, entry.network, entry.account or ""].append(entry)
    for (brand_id, network, _), entries in sorted(lanes.items()):
        gap = ctx.project.brands[brand_id].min_gap
        entries.sort(key=lambda entry: (entry.at, entry.path))
        for first, second in pairwise(entries):
            if (
                second.at - first.at < gap
                and second.status != "published"
                and first.path != second.path
            ):
                when = (
                    phrase("{gap} after", gap=duration_text(second.at - first.at))
                    if second.at > first.at
                    else phrase("at the same time as")
                )
                yield Problem(
                    phrase(
                        "{when} {other}{other_label} on {network};"
                        " {brand} keeps {gap} between posts{label}",
                        when=when,
                        other=first.path,
                        other_label=first.label,
                        network=network,
                        brand=brand_id,
                        gap=duration_text(gap),
                        label=second.label,
                    ),
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
    for network, moment, line, label in publish_times(post, brand):
        local = _local(moment, brand)
        if not any(_in_window(local, w) for w in brand.windows):
            today = [w for w in brand.windows if local.weekday() in w.weekdays]
            allowed = ", ".join(f"{_clock(w.start)}-{_clock(w.end)}" for w in today) or phrase(
                "no window"
            )
            yield Problem(
                phrase(
                    "{moment} {zone} is outside {brand}'s posting windows ({day}: {allowed}){label}",
                    moment=f"{local:%a %H:%M}",
                    zone=brand.timezone,
                    brand=brand.name,
                    day=f"{local:%A}",
                    allowed=allowed,
                    label=label,
                ),
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
    for network, moment, line, label in publish_times(post, brand):
        day = _local(moment, brand).date()
        if day in blackout:
            yield Problem(
                phrase(
                    "{day} is a blackout date for {brand}{label}",
                    day=day,
                    brand=brand.name,
                    label=label,
                ),
                line,
                network=network,
            )


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
            phrase(
                "campaign '{campaign}' belongs to brand {brand}, not {own}",
                campaign=campaign.id,
                brand=campaign.brand,
                own=post.brand,
            ),
            line,
        )
    if campaign.networks:
        for name in post.networks:
            if name not in campaign.networks:
                yield Problem(
                    phrase(
                        "campaign '{campaign}' runs on {networks}, not {network}",
                        campaign=campaign.id,
                        networks=", ".join(campaign.networks),
                        network=name,
                    ),
                    line,
                    network=name,
                )
    if brand is None:
        return
    for network, moment, moment_line, label in publish_times(post, brand):
        day = _local(moment, brand).date()
        if (campaign.start and day < campaign.start) or (campaign.end and day > campaign.end):
            yield Problem(
                phrase(
                    "{day} is outside campaign '{campaign}' ({start} to {end}){label}",
                    day=day,
                    campaign=campaign.id,
                    start=campaign.start,
                    end=campaign.end,
                    label=label,
                ),
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
