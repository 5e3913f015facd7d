"""When a new post goes out: the brand's next free slot, and why a day asked for has none.

A free slot is the first time on a half-hour grid, at least an hour from now, inside the
brand's posting windows (10:00 on any day when it has none), not on a blackout date and
at least ``min_gap`` (default 1h) away from the brand's other posts, every occurrence of
a recurring post (``repeat:``) included: each one occupies its slot, skipped ones do not.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from smmplan.load.values import WEEKDAYS, check_year, localize
from smmplan.locale import phrase
from smmplan.model import Brand, Campaign, PostingWindow, Project
from smmplan.plan import occurrence_variants
from smmplan.workflow.new.files import NewError

GRID = timedelta(minutes=30)
DEFAULT_GAP = timedelta(hours=1)
DEFAULT_TIME = time(10, 0)
SEARCH_DAYS = 90
DAY_NAMES = (
    phrase("Monday"),
    phrase("Tuesday"),
    phrase("Wednesday"),
    phrase("Thursday"),
    phrase("Friday"),
    phrase("Saturday"),
    phrase("Sunday"),
)


def _inside(window: PostingWindow, local: datetime) -> bool:
    clock, weekday = local.time(), local.weekday()
    if window.start <= window.end:
        return weekday in window.weekdays and window.start <= clock < window.end
    return (weekday in window.weekdays and clock >= window.start) or (
        (weekday - 1) % 7 in window.weekdays and clock < window.end
    )


def allowed(brand: Brand, local: datetime) -> bool:
    if local.date() in brand.blackout:
        return False
    if not brand.windows:
        return local.time() == DEFAULT_TIME
    return any(_inside(window, local) for window in brand.windows)


def _taken(project: Project, brand: Brand) -> list[tuple[datetime, str]]:
    """(time, path) of every network's post of the brand, at each occurrence of a series."""
    return [
        (shown.publish_at, post.path)
        for post in project.posts
        if project.brand_of(post) is brand and post.status != "cancelled"
        for variant in post.variants
        if not variant.disabled
        for shown, _ in occurrence_variants(post, variant)
        if shown.publish_at is not None
    ]


def next_free_slot(
    project: Project, brand: Brand, now: datetime, day: date | None = None
) -> datetime | None:
    """The brand's first free time (aware, brand zone) from ``now + 1h`` or on ``day``."""
    zone = ZoneInfo(brand.timezone)
    gap = brand.min_gap or DEFAULT_GAP
    taken = [moment for moment, _ in _taken(project, brand)]
    earliest = now + timedelta(hours=1)
    if day is not None:
        naive, stop = datetime.combine(day, time(0, 0)), datetime.combine(day, time(23, 59))
    else:
        naive = earliest.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
        naive += timedelta(minutes=(-naive.minute) % 30)
        stop = naive + timedelta(days=SEARCH_DAYS)
    while naive <= stop:
        moment, problem = localize(naive, brand.timezone)
        if (
            problem is None
            and moment >= earliest
            and allowed(brand, naive)
            and all(abs(moment - other) >= gap for other in taken)
        ):
            return moment
        naive += GRID
    return None


def parse_when(value: str | None) -> tuple[date | None, datetime | None]:
    """``--date``: a day (find the free slot that day) or a day and a time (use it)."""
    if not value:
        return None, None
    text = value.strip().replace("T", " ")
    try:
        moment = datetime.fromisoformat(text) if " " in text else None
        day = date.fromisoformat(text) if moment is None else None
    except ValueError:
        raise NewError(
            phrase("--date {when}: write YYYY-MM-DD or 'YYYY-MM-DD HH:MM'", when=value)
        ) from None
    try:
        check_year((moment or day).year, value)  # type: ignore[union-attr]
    except ValueError as error:
        raise NewError(f"--date {error}") from None
    return day, moment


def windows_text(brand: Brand) -> str:
    """``mon-fri 08:00-21:00, sat-sun 10:00-18:00``: the windows as a brand file writes them."""
    return ", ".join(
        f"{_days_text(window.weekdays)} {window.start:%H:%M}-{window.end:%H:%M}"
        for window in brand.windows
    )


def _days_text(days: frozenset[int]) -> str:
    ordered = sorted(days)
    if len(ordered) >= 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{WEEKDAYS[ordered[0]]}-{WEEKDAYS[ordered[-1]]}"
    return ",".join(WEEKDAYS[day] for day in ordered)


def _file(brand: Brand) -> str:
    return brand.path or "smmplan.yml"


def why_no_slot(project: Project, brand: Brand, now: datetime, day: date) -> str:
    """Why ``day`` has no free slot for ``brand``: the first reason that applies."""
    zone = ZoneInfo(brand.timezone)
    local_now = now.astimezone(zone)
    if day < local_now.date():
        return phrase(
            "{day} is in the past (today is {today} in {zone})",
            day=day,
            today=f"{local_now:%Y-%m-%d}",
            zone=brand.timezone,
        )
    if day in brand.blackout:
        return phrase(
            "{day} is a blackout date of {brand} ({file})",
            day=day,
            brand=brand.id,
            file=_file(brand),
        )
    start, end = datetime.combine(day, time(0, 0)), datetime.combine(day, time(23, 30))
    grid = [start + GRID * step for step in range(int((end - start) / GRID) + 1)]
    inside = [naive for naive in grid if allowed(brand, naive)]
    if not inside:
        return phrase(
            "{day} is a {weekday}, outside the posting windows of {brand} ({windows} in {file})",
            day=day,
            weekday=DAY_NAMES[day.weekday()],
            brand=brand.id,
            windows=windows_text(brand),
            file=_file(brand),
        )
    later = [n for n in inside if n.replace(tzinfo=zone) >= now + timedelta(hours=1)]
    if not later:
        return phrase(
            "the posting windows of {day} are over: it is {time} in {zone}"
            " and a new post needs at least an hour",
            day=day,
            time=f"{local_now:%H:%M}",
            zone=brand.timezone,
        )
    return _crowded(project, brand, day)


def _crowded(project: Project, brand: Brand, day: date) -> str:
    zone = ZoneInfo(brand.timezone)
    gap = brand.min_gap or DEFAULT_GAP
    near = sorted(
        {
            (moment.astimezone(zone), path)
            for moment, path in _taken(project, brand)
            if abs(moment.astimezone(zone).date() - day) <= timedelta(days=1)
        }
    )
    shown = ", ".join(f"{path} at {moment:%H:%M}" for moment, path in near[:3])
    more = phrase(" and {count} more", count=len(near) - 3) if len(near) > 3 else ""
    hours = f"{gap.total_seconds() / 3600:g}h"
    return phrase(
        "every time on {day} inside the posting windows is less than min_gap {gap}"
        " from another post of {brand}: {posts}{more}",
        day=day,
        gap=hours,
        brand=brand.id,
        posts=shown,
        more=more,
    )


def time_problems(
    brand: Brand, now: datetime, moment: datetime, campaign: Campaign | None
) -> tuple[str | None, list[str]]:
    """What is wrong with an exact ``--date`` time: the refusal (or None) and warnings."""
    local = moment.astimezone(ZoneInfo(brand.timezone))
    local_now = now.astimezone(local.tzinfo)
    if moment < now:
        past = phrase(
            "{time} is in the past (it is {now})",
            time=f"{local:%Y-%m-%d %H:%M}",
            now=f"{local_now:%Y-%m-%d %H:%M}",
        )
        return past, []
    if local.date() in brand.blackout:
        blackout = phrase(
            "{day} is a blackout date of {brand} ({file})",
            day=f"{local:%Y-%m-%d}",
            brand=brand.id,
            file=_file(brand),
        )
        return blackout, []
    warnings = []
    naive = local.replace(tzinfo=None)
    if brand.windows and not any(_inside(window, naive) for window in brand.windows):
        warnings.append(
            phrase(
                "{time} on a {weekday} is outside the posting windows of {brand} ({windows})",
                time=f"{local:%H:%M}",
                weekday=DAY_NAMES[local.weekday()],
                brand=brand.id,
                windows=windows_text(brand),
            )
        )
    warnings.extend(campaign_problems(campaign, local.date()))
    return None, warnings


def campaign_problems(campaign: Campaign | None, day: date) -> list[str]:
    if campaign is None or campaign.start is None or campaign.end is None:
        return []
    if campaign.start <= day <= campaign.end:
        return []
    return [
        phrase(
            "{day} is outside campaign {campaign} ({start} to {end})",
            day=day,
            campaign=campaign.id,
            start=campaign.start,
            end=campaign.end,
        )
    ]
