"""The calendar views: the home page (this week), week pages and month grids.

Posts without a valid publish time are on no day; they are listed in an "Unscheduled"
lane above the days on the home page and the home week's page, above the grid on that
week's month page, and above the columns of the board, so nothing planned disappears.
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from smmplan.model import Brand, Post
from smmplan.plan import iso_week, unscheduled, week_range
from smmplan.render.site import urls
from smmplan.render.site.data import CalendarEntry, Site, month_key, month_of, week_title
from smmplan.render.site.i18n import Lang
from smmplan.render.site.views import filters
from smmplan.render.site.views.colours import colour_of, style
from smmplan.render.site.views.pillars import week_bars


@dataclass(frozen=True)
class LaneCard:
    """A post in the unscheduled lane: its brand and the networks it goes to."""

    post: Post
    brand: Brand | None
    networks: tuple[str, ...]


def unscheduled_lane(site: Site) -> list[LaneCard]:
    """The posts the days do not show (no valid ``publish_at``), by path; built once a site."""
    cached = site.memo.get("unscheduled lane")
    if cached is None:
        cached = site.memo["unscheduled lane"] = [
            LaneCard(
                post,
                site.project.brand_of(post),
                tuple(v.network for v in post.variants if not v.disabled),
            )
            for post in unscheduled(site.project)
        ]
    return cached


@dataclass(frozen=True)
class Day:
    day: date
    weekday: str
    label: str
    entries: tuple[CalendarEntry, ...]
    today: bool
    in_month: bool = True

    @property
    def iso(self) -> str:
        return self.day.isoformat()


def days_of_week(site: Site, week: str) -> list[Day]:
    """The seven days of a week, Monday first, each with its cards (brand-local days)."""
    monday, _ = week_range(week)
    lang = site.lang
    result = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        result.append(
            Day(
                day,
                lang.weekday(day),
                lang.day(day),
                tuple(site.by_day.get(day, ())),
                day == site.today,
            )
        )
    return result


def week_span(lang: Lang, week: str) -> str:
    """The week itself, Monday to Sunday ('Mon, Nov 16 – Sun, Nov 22, 2026'), in the
    site's language: not the span of the posts in it."""
    from babel import dates

    monday, sunday = week_range(week)
    return dates.format_interval(monday, sunday, "yMMMEd", locale=lang.locale)


def lane_items(h, lane: list[LaneCard]) -> list[filters.Item]:
    return [
        filters.item(c.post, c.brand, c.networks, h.shown_status(c.post, c.networks)) for c in lane
    ]


def entry_item(h, entry: CalendarEntry) -> filters.Item:
    shown = h.shown_status(entry.post, entry.networks)
    return filters.item(entry.post, entry.brand, entry.networks, shown)


def neighbours(items: list[str] | tuple[str, ...], item: str) -> tuple[str | None, str | None]:
    try:
        index = items.index(item)
    except ValueError:
        return None, None
    before = items[index - 1] if index > 0 else None
    after = items[index + 1] if index + 1 < len(items) else None
    return before, after


def zones(site: Site, week: str) -> list[tuple[str, str, str]]:
    """(brand, time zone, UTC offset that week) of the brands with posts in the week."""
    monday, _ = week_range(week)
    names = {}
    for day in (monday + timedelta(days=i) for i in range(7)):
        for entry in site.by_day.get(day, ()):
            names[entry.brand.id] = entry.brand
    result = []
    for brand in sorted(names.values(), key=lambda b: b.name):
        try:
            offset = entry_offset(brand.timezone, monday)
        except (ValueError, KeyError, OSError):
            offset = ""
        result.append((brand.name, brand.timezone, offset))
    return result


def entry_offset(zone: str, day: date) -> str:
    text = datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(zone)).strftime("%z")
    return f"UTC{text[:3]}:{text[3:]}"


def week_context(site: Site, week: str, h) -> dict:
    lang = site.lang
    monday, sunday = week_range(week)
    before, after = neighbours(site.weeks, week)
    months = []
    for month in dict.fromkeys((month_key(monday), month_key(sunday))):
        if month in site.months:
            year, number = (int(x) for x in month.split("-"))
            months.append((lang.month(year, number), h.page("month", month)))
    exports = [(name.rsplit("/", 1)[-1], h.link(name)) for name in site.week_exports(week)]
    days = days_of_week(site, week)
    lane = unscheduled_lane(site) if week == site.home_week else []
    items = [entry_item(h, e) for day in days for e in day.entries] + lane_items(h, lane)
    return {
        "week": week,
        "title": week_title(lang, week),
        "range": week_span(lang, week),
        "days": days,
        "previous": h.page("week", before) if before else None,
        "next": h.page("week", after) if after else None,
        "this_week": h.page("home"),
        "months": months,
        "zones": zones(site, week),
        "exports": exports,
        "calendar": h.link(urls.CALENDAR),
        "note": None,
        "unscheduled": lane,
        "mix": week_bars(site, week),
        "filters": filters.bar(h, items),
    }


def week(site: Site, key: str, h) -> tuple[str, dict, list]:
    return "week.html", week_context(site, key, h), []


def home(site: Site, key: str, h) -> tuple[str, dict, list]:
    context = week_context(site, site.home_week, h)
    current = iso_week(site.today)
    if current != site.home_week:
        context["note"] = site.lang.t("week.nearest", week=current)
    return "week.html", context, []


def month_weeks(site: Site, month: str) -> list[tuple[str, list[Day]]]:
    """Rows of the month grid: (ISO week, its seven days), days of other months dimmed."""
    year, number = (int(x) for x in month.split("-"))
    lang = site.lang
    rows = []
    for week_days in _calendar.Calendar(0).monthdatescalendar(year, number):
        row = [
            Day(
                day,
                lang.weekday(day),
                str(day.day),
                tuple(site.by_day.get(day, ())),
                day == site.today,
                day.month == number,
            )
            for day in week_days
        ]
        rows.append((iso_week(week_days[0]), row))
    return rows


def month(site: Site, key: str, h) -> tuple[str, dict, list]:
    lang = site.lang
    year, number = (int(x) for x in key.split("-"))
    before, after = neighbours(site.months, key)
    rows = [
        (week, int(week.split("-W")[1]), h.week(week), days)
        for week, days in month_weeks(site, key)
    ]
    lane = unscheduled_lane(site) if month_of(site.home_week) == key else []
    items = [entry_item(h, e) for *_, days in rows for day in days for e in day.entries]
    context = {
        "title": lang.month(year, number),
        "weekdays": lang.weekdays(),
        "rows": rows,
        "previous": h.page("month", before) if before else None,
        "next": h.page("month", after) if after else None,
        "this_week": h.page("home"),
        "current": month_of(site.home_week) == key,
        "unscheduled": lane,
        "filters": filters.bar(h, items + lane_items(h, lane)),
        "filter_data": lambda entry: filters.attributes(entry_item(h, entry)),
        "entry_style": lambda entry: style(colour_of(site, entry.brand.id)),
    }
    return "month.html", context, []
