"""A brand's results: totals and breakdowns, rankings and best times, audience growth.

Breakdowns (each group with its ``n``): by ISO week, network, tag (a post counts under
each of its tags; untagged posts under none), format, and weekday × hour, all on the
brand's wall clock: a planned post at its planned time, an unplanned one at the time its
export gives (one dated by day only is left out of the hour breakdowns).

Claims need ``MIN_POSTS`` posts: the top and bottom posts (by engagement, at most
``TOP`` each and never the same post in both) and the best posting hours and weekdays
(the groups of at least ``MIN_POSTS`` posts with the highest median engagement, at most
``BEST``). Below that a claim says "not enough posts" instead of guessing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from smmplan.metrics_model import AccountRow
from smmplan.model import Brand
from smmplan.plan import iso_week
from smmplan.results.figures import group
from smmplan.results.index import zone
from smmplan.results.merge import newness
from smmplan.results.model import Audience, BrandResult, Claim, Group, Measured, ResultsFilter

MIN_POSTS = 5
TOP = 5
BEST = 3
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NOT_ENOUGH = "not enough posts"


def timed(item: Measured) -> bool:
    """Whether the post's time of day is known (not a day-only export date)."""
    return item.at is not None and (item.planned or not item.first_row.published_day_only)


def breakdown(items: Iterable[Measured], keys: Callable[[Measured], Iterable[str]]) -> list[Group]:
    grouped: dict[str, list[Measured]] = defaultdict(list)
    for item in items:
        for key in keys(item):
            grouped[key].append(item)
    return [group(key, members) for key, members in grouped.items()]


def by_pillar(items: Sequence[Measured], brand: Brand) -> tuple[Group, ...]:
    """Each pillar of the brand that measured posts name, in the brand's order."""
    groups = {g.key: g for g in breakdown(items, lambda i: [i.pillar] if i.pillar else [])}
    return tuple(groups[name] for name in brand.pillars if name in groups)


def by_time(items: Sequence[Measured], brand: Brand) -> dict[str, list[Group]]:
    """The breakdowns that depend on the wall clock (each post's local time found once)."""
    grouped: dict[str, dict[str, list[Measured]]] = {
        name: defaultdict(list) for name in ("week", "weekday_hour", "hour", "day")
    }
    place = zone(brand.timezone)
    for item in items:
        if item.at is None:
            continue
        moment = item.at.astimezone(place)
        weekday = WEEKDAYS[moment.weekday()]
        grouped["week"][iso_week(moment.date())].append(item)
        grouped["day"][weekday].append(item)
        if timed(item):
            grouped["weekday_hour"][f"{weekday} {moment.hour:02d}"].append(item)
            grouped["hour"][f"{moment.hour:02d}"].append(item)
    made = {
        name: [group(key, members) for key, members in groups.items()]
        for name, groups in grouped.items()
    }
    order = {day: number for number, day in enumerate(WEEKDAYS)}
    made["week"].sort(key=lambda g: g.key)
    made["weekday_hour"].sort(key=lambda g: (order[g.key[:3]], g.key[4:]))
    return made


def ranking(items: Sequence[Measured]) -> tuple[Claim, Claim]:
    """(top, bottom) posts by engagement, as the module docstring says."""
    ranked = sorted(
        (i for i in items if i.engagement is not None),
        key=lambda i: (
            -i.engagement,
            i.path or i.first_row.snapshot.path,
            i.network,
            i.first_row.row,
        ),  # type: ignore[operator]
    )
    if len(ranked) < MIN_POSTS:
        return Claim(NOT_ENOUGH, len(ranked)), Claim(NOT_ENOUGH, len(ranked))
    size = min(TOP, len(ranked) // 2)
    return (
        Claim("ok", len(ranked), tuple(ranked[:size])),
        Claim("ok", len(ranked), tuple(reversed(ranked[-size:]))),
    )


def best(groups: Sequence[Group], n: int) -> Claim:
    """The groups of at least MIN_POSTS posts with the highest median engagement."""
    able = [g for g in groups if g.n >= MIN_POSTS and g.median_engagement is not None]
    if not able:
        return Claim(NOT_ENOUGH, n)
    able.sort(key=lambda g: (-g.median_engagement, g.key))  # type: ignore[operator]
    return Claim("ok", n, tuple(able[:BEST]))


def audience(rows: Sequence[AccountRow], start: date | None, end: date | None) -> list[Audience]:
    """Follows gained and the last follower count per network: newest snapshot per day."""
    newest: dict[tuple[str, str, date], AccountRow] = {}
    for row in sorted(rows, key=newness):
        if (start and row.day < start) or (end and row.day > end):
            continue
        newest[row.network, row.metric, row.day] = row
    networks = sorted({network for network, _, _ in newest})
    out = []
    for network in networks:
        follows = [r for (n, m, _), r in newest.items() if n == network and m == "follows"]
        counts = sorted(
            (r for (n, m, _), r in newest.items() if n == network and m == "followers"),
            key=lambda r: r.day,
        )
        days = {d for (n, _, d) in newest if n == network}
        out.append(
            Audience(
                network,
                sum(r.value for r in follows) if follows else None,
                counts[-1].value if counts else None,
                counts[-1].day if counts else None,
                len(days),
            )
        )
    return out


def brand_result(
    brand: Brand,
    items: Sequence[Measured],
    accounts: Sequence[AccountRow],
    selection: ResultsFilter,
    no_results: int,
) -> BrandResult:
    """Every figure of one brand over the selected posts."""
    clock = by_time(items, brand)
    top, bottom = ranking(items)
    timed_items = [i for i in items if timed(i) and i.engagement is not None]
    dated = [i for i in items if i.at is not None and i.engagement is not None]
    return BrandResult(
        id=brand.id,
        name=brand.name,
        timezone=brand.timezone,
        totals=group(brand.id, items),
        planned=sum(1 for i in items if i.planned),
        unplanned=sum(1 for i in items if not i.planned),
        by_week=tuple(clock["week"]),
        by_network=tuple(sorted(breakdown(items, lambda i: [i.network]), key=lambda g: g.key)),
        by_tag=tuple(sorted(breakdown(items, lambda i: i.tags), key=lambda g: g.key)),
        by_pillar=by_pillar(items, brand),
        by_format=tuple(sorted(breakdown(items, lambda i: [i.format]), key=lambda g: g.key)),
        by_weekday_hour=tuple(clock["weekday_hour"]),
        top=top,
        bottom=bottom,
        best_times=best(clock["hour"], len(timed_items)),
        best_days=best(clock["day"], len(dated)),
        audience=tuple(audience(accounts, selection.start, selection.end)),
        no_results=no_results,
    )
