"""A brand's page: its accounts and posting rules, its plan by week, its calendar feed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import time

from markupsafe import Markup

from smmplan.plan import iso_week
from smmplan.render.site.data import CalendarEntry, Image, Site
from smmplan.render.site.views import cards
from smmplan.render.site.views.calendar import week_span
from smmplan.render.site.views.colours import colour_of, style
from smmplan.render.site.views.languages import account_items
from smmplan.render.site.views.links import smallest_image
from smmplan.render.site.views.pillars import brand_bars


def weekday_ranges(days: Iterable[int], names: Sequence[str]) -> str:
    """'Mon–Fri, Sun' for {0, 1, 2, 3, 4, 6}: consecutive days (Monday = 0) joined by a dash."""
    ordered = sorted(set(days))
    runs: list[list[int]] = []
    for day in ordered:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) == 1:
            parts.append(names[run[0]])
        elif len(run) == 2:
            parts.append(f"{names[run[0]]}, {names[run[1]]}")
        else:
            parts.append(f"{names[run[0]]}–{names[run[-1]]}")
    return ", ".join(parts)


def clock(moment: time) -> str:
    return f"{moment:%H:%M}"


def by_week(entries: Sequence[CalendarEntry]) -> list[tuple[str, list[CalendarEntry]]]:
    weeks: dict[str, list[CalendarEntry]] = {}
    for entry in entries:
        weeks.setdefault(iso_week(entry.day), []).append(entry)
    return list(weeks.items())


def own_shape(site: Site, entry: CalendarEntry) -> Image | None:
    """The smallest sharp rendition for the entry's networks, in the shape the network
    gets (the site's thumbnail is a square crop); None when the post has no picture."""
    return smallest_image([i for n in entry.networks for i in site.renditions(entry.post, n)])


def brand_card(site: Site, h, entry: CalendarEntry) -> Markup:
    image = own_shape(site, entry)
    return cards.card(h, entry.post, entry.brand, entry.local, entry.networks, True, image)


def look(site: Site, h, brand_id: str) -> dict:
    """The page's brand colour, its cards and its week headings (``brand.html``)."""
    return {
        "card": lambda entry: brand_card(site, h, entry),
        "span": lambda week: week_span(site.lang, week),
        "style": style(colour_of(site, brand_id)),
    }


def page(site: Site, key: str, h) -> tuple[str, dict, list]:
    from smmplan.render.site.views import search_html, toc_item

    brand = site.project.brands[key]
    lang, t = site.lang, site.lang.t
    names = lang.weekdays()
    entries = site.entries_of(brand=brand.id)
    upcoming = [e for e in entries if e.day >= site.today]
    earlier = [e for e in entries if e.day < site.today]
    campaigns = sorted(
        (c for c in site.project.campaigns.values() if c.brand == brand.id), key=lambda c: c.title
    )
    context = {
        "brand": brand,
        "title": brand.name,
        "language": lang.language_name(brand.locale),
        "accounts": account_items(brand),
        "windows": [
            (weekday_ranges(w.weekdays, names), f"{clock(w.start)}–{clock(w.end)}")
            for w in brand.windows
        ],
        "min_gap": lang.duration(brand.min_gap) if brand.min_gap else None,
        "blackout": [lang.date(d) for d in brand.blackout],
        "upcoming": by_week(upcoming),
        "earlier": by_week(earlier),
        "earlier_posts": len({e.post.path for e in earlier}),
        "campaigns": campaigns,
        "mix": brand_bars(site, brand),
        **look(site, h, brand.id),
        "calendar": h.link(site.brand_calendar(brand.id)),
        "analytics": h.analytics(brand.id),
        "problems": site.problems(brand.path),
        "search": search_html(
            brand.name, facts=[brand.timezone, *brand.accounts.values(), *brand.disclosure]
        ),
    }
    toc = [
        *([toc_item("mix", t("pillars.title"), 2)] if context["mix"] else []),
        toc_item("upcoming", t("brand.upcoming"), 2),
        toc_item("earlier", t("brand.earlier"), 2),
    ]
    return "brand.html", context, toc
