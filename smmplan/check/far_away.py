"""A post dated far from the rest of its brand's plan: most often a typo in the year.

Part of the schedule family (its rules and this one share a heading in docs/rules.md).
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from smmplan.check.registry import Context, Problem, rule
from smmplan.check.schedule import FAMILY, ScheduleEntry
from smmplan.locale import phrase
from smmplan.model import Severity

__all__ = ["FAMILY", "FAR_AWAY", "publish_far_away"]

FAR_AWAY = timedelta(days=365)
"""More than this from the brand's nearest other post is reported."""


@rule("publish-far-away", "SC10", Severity.WARNING, "project")
def publish_far_away(ctx: Context) -> Iterator[Problem]:
    """A post is more than a year away from every other post of its brand.

    A plan is a run of posts weeks or days apart; a post alone in another year is most
    often a typo in its year (``1996`` for ``2026``), which would put it in no one's week
    and stretch the calendar across decades. The post's every publishing time is
    compared with the nearest time of any other post of the same brand (on any network);
    a brand with a single dated post is never reported. Published posts count as
    neighbours but are not reported themselves; ideas and cancelled posts are left out.
    Of a recurring post only the dates its file writes count: those ``repeat.every``
    counts on from them are no typos.
    """
    by_brand: dict[str, list[ScheduleEntry]] = defaultdict(list)
    for entry in ctx.schedule:
        if not entry.computed:
            by_brand[entry.brand].append(entry)
    for brand_id, entries in sorted(by_brand.items()):
        moments = sorted({(e.at, e.path, e.line, e.status) for e in entries})
        brand = ctx.project.brands.get(brand_id)
        name = brand.name if brand is not None else brand_id
        zone = brand.timezone if brand is not None else "UTC"
        for index, (at, path, line, status) in enumerate(moments):
            nearest = _nearest_other(moments, index)
            if nearest is None or status == "published":
                continue
            other_at, other_path = nearest
            gap = abs(other_at - at)
            if gap > FAR_AWAY:
                yield Problem(
                    phrase(
                        "dated {day}, {days} days from {brand}'s nearest other post"
                        " ({other}, {other_day}): is the year right?",
                        day=_day(at, zone),
                        days=f"{gap.days:,}",
                        brand=name,
                        other=other_path,
                        other_day=_day(other_at, zone),
                    ),
                    line,
                    path=path,
                    related=(other_path,),
                )


def _nearest_other(moments: list[tuple], index: int) -> tuple[datetime, str] | None:
    """(time, path) of the nearest moment, in sorted ``moments``, of another post."""
    at, path = moments[index][0], moments[index][1]
    best: tuple[datetime, str] | None = None
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(moments) and moments[other][1] == path:
            other += step
        if 0 <= other < len(moments):
            candidate = (moments[other][0], moments[other][1])
            if best is None or abs(candidate[0] - at) < abs(best[0] - at):
                best = candidate
    return best


def _day(moment: datetime, zone: str) -> str:
    with contextlib.suppress(ValueError, KeyError, OSError, OverflowError):
        moment = moment.astimezone(ZoneInfo(zone))
    return moment.date().isoformat()
