"""A campaign's page: brief, dates, goal, KPIs and budget, its posts on a timeline."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache

from markdown_it import MarkdownIt
from markupsafe import Markup

from smmplan.render.site.data import CalendarEntry, Site


@cache
def _markdown() -> MarkdownIt:
    # Raw HTML off: '<script>' in a brief is text. markdown-it refuses javascript:, vbscript:,
    # file: and data: (but images) link targets on its own.
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def brief_html(markdown: str) -> Markup:
    """The brief as HTML: Markdown, but no raw HTML and no script links."""
    html = _markdown().render(markdown)
    # The brief's headings sit below the page's own h2 sections: its top level becomes h3.
    top = min((n for n in range(1, 7) if f"<h{n}>" in html), default=3)
    shift = 3 - top
    if shift > 0:
        for level in range(6, 0, -1):
            new = min(level + shift, 6)
            html = html.replace(f"<h{level}>", f"<h{new}>").replace(f"</h{level}>", f"</h{new}>")
    return Markup(html)


def span(
    start: date | None, end: date | None, entries: list[CalendarEntry]
) -> tuple[date, date] | None:
    """The days the timeline covers: the campaign's dates, widened to take every post."""
    days = [e.day for e in entries]
    first = min([d for d in (start, *days) if d is not None], default=None)
    last = max([d for d in (end, *days) if d is not None], default=None)
    if first is None or last is None:
        return None
    return first, max(last, first)


def position(moment: datetime, first: date, last: date) -> float:
    """Where a local moment sits between the start of ``first`` and the end of ``last``, in %."""
    origin = datetime.combine(first, time())
    total = (datetime.combine(last, time()) + timedelta(days=1) - origin).total_seconds()
    offset = (moment.replace(tzinfo=None) - origin).total_seconds()
    return round(max(0.0, min(100.0, 100 * offset / total)), 2)


def coverage(planned: tuple[str, ...], entries: list[CalendarEntry]) -> list[tuple[str, int, str]]:
    """(network, posts on it, state) with state 'ok', 'empty' (planned, none) or 'extra'."""
    counts: dict[str, int] = {}
    for entry in entries:
        for network in entry.networks:
            counts[network] = counts.get(network, 0) + 1
    rows = [(n, counts.get(n, 0), "ok" if counts.get(n) else "empty") for n in planned]
    rows += [(n, counts[n], "extra") for n in sorted(counts) if n not in planned]
    return rows


def results_context(site: Site, campaign_id: str, brand_id: str | None, h) -> dict:
    """The campaign's KPI bars, spend and costs (None when the repository has no exports)."""
    from smmplan.render.site.views.results import campaign_view

    result = site.campaign_result(campaign_id)
    if site.results is None or result is None:
        return {"results": None, "analytics": None}
    url = site.analytics_url(brand_id) if brand_id else None
    return {
        "results": campaign_view(site.lang, result),
        "analytics": h.link(url) if url is not None else None,
    }


def page(site: Site, key: str, h) -> tuple[str, dict, list]:
    from smmplan.render.site.views import search_html, toc_item

    campaign = site.project.campaigns[key]
    lang, t = site.lang, site.lang.t
    entries = site.entries_of(campaign=campaign.id)
    covered = span(campaign.start, campaign.end, entries)
    timeline = []
    if covered is not None:
        first, last = covered
        timeline = [(entry, position(entry.local, first, last)) for entry in entries]
    dated = {e.post.path for e in entries}
    undated = [p for p in site.project.posts if p.campaign == campaign.id and p.path not in dated]
    context = {
        "campaign": campaign,
        "title": campaign.title,
        "brief": brief_html(campaign.body) if campaign.body.strip() else None,
        "dates": " – ".join(lang.date(d) for d in (campaign.start, campaign.end) if d),
        "budget": lang.money(campaign.budget_amount, campaign.budget_currency)
        if campaign.budget_amount is not None
        else None,
        "kpis": [(k.metric, lang.number(k.target)) for k in campaign.kpis],
        "coverage": coverage(campaign.networks, entries),
        "timeline": timeline,
        "span": [lang.date(d) for d in covered] if covered else [],
        "undated": undated,
        "problems": site.problems(campaign.path),
        **results_context(site, campaign.id, campaign.brand, h),
        "search": search_html(
            campaign.title,
            campaign.body,
            facts=[
                h.brand_name(campaign.brand),
                t(f"goal.{campaign.goal}") if campaign.goal else "",
            ],
        ),
    }
    toc = [
        *([toc_item("results", t("results.title"), 2)] if context["results"] else []),
        toc_item("timeline", t("campaign.timeline"), 2),
        toc_item("brief", t("campaign.brief"), 2),
    ]
    return "campaign.html", context, toc
