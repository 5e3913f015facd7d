"""A brand's results as charts with their data tables: over time, by network, by pillar,
by format, a weekday × hour heatmap, top and bottom posts, best posting times.

``figures`` is shared by the site's Analytics page and the client report; ``page`` is the
site's page (``brands/<brand>/analytics/``). Every chart says its sample size; a claim the
results stage refused (fewer than 5 posts) says "not enough posts (n < 5)" instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup

from smmplan.model import Project
from smmplan.render.charts import Bar, Table, bar_chart, column_chart, figure, heatmap
from smmplan.render.site.i18n import Lang
from smmplan.render.site.views.results import (
    NONE,
    count,
    link,
    live_link,
    metric_label,
    rate_text,
)
from smmplan.results.brands import MIN_POSTS, WEEKDAYS
from smmplan.results.model import BrandResult, Claim, Group, Measured, NoResult

HEADLINE = ("views", "reach", "link_clicks", "follows")


@dataclass(frozen=True)
class Present:
    """What turns results into words: the language, the plan (titles, network names) and
    where a post's page is (``post_link``: path -> URL, None where there is no page)."""

    lang: Lang
    project: Project
    post_link: Callable[[str], str | None] = lambda path: None

    def network(self, network: str) -> str:
        spec = self.project.networks.get(network)
        return spec.name if spec else network

    @cached_property
    def titles(self) -> dict[str, str | None]:
        return {post.path: post.title for post in self.project.posts}

    def title(self, path: str) -> str:
        return self.titles.get(path) or self.lang.t("post.untitled")

    def n(self, n: int) -> str:
        return self.lang.t("chart.n", n=self.lang.number(n))

    def not_enough(self, n: int) -> str:
        return self.lang.t("chart.not_enough", n=self.lang.number(n), min=MIN_POSTS)


def week_label(lang: Lang, week: str) -> str:
    return lang.t("week.number", number=int(week.split("-W")[1]))


def format_label(lang: Lang, key: str) -> str:
    name = f"format.{key}"
    text = lang.t(name)
    return key if text == name else text


def group_table(p: Present, head: str, groups: Sequence[Group], names: Sequence[str]) -> Table:
    t, lang = p.lang.t, p.lang
    rows = tuple(
        (
            name,
            lang.number(g.n),
            count(lang, g.totals.get("views")),
            count(lang, g.totals.get("reach")),
            count(lang, g.engagement),
            rate_text(lang, g.engagement_rate, g.rate_of),
        )
        for g, name in zip(groups, names, strict=True)
    )
    columns = (head, t("chart.posts"), *(metric_label(lang, m) for m in ("views", "reach")))
    return Table(
        (*columns, t("metric.engagement"), t("metric.engagement_rate")),
        rows,
        frozenset({1, 2, 3, 4}),
    )


def breakdown(
    p: Present,
    anchor: str,
    title: str,
    head: str,
    groups: Sequence[Group],
    names: Sequence[str],
    n: int,
) -> Markup:
    """Engagement per group as bars (columns for weeks), with the groups' table; the caption
    gives the posts behind the chart (a post counts under each of its tags, so the groups'
    own ``n`` in the table may add up to more)."""
    lang = p.lang
    caption = f"{title} ({p.n(n)})"
    bars = [
        Bar(name, g.engagement, count(lang, g.engagement))
        for g, name in zip(groups, names, strict=True)
    ]
    if not groups:
        return figure(caption, None, Table((), ()), lang.t("chart.no_data"), anchor)
    chart = (column_chart if anchor == "by-week" else bar_chart)(caption, bars)
    return figure(caption, chart, group_table(p, head, groups, names), anchor=anchor)


def heat(p: Present, brand: BrandResult) -> Markup:
    """Median engagement per weekday and local hour; the table lists the slots with posts."""
    lang, t = p.lang, p.lang.t
    names = lang.weekdays()
    hours = [f"{h:02d}" for h in range(24)]
    cells, rows = {}, []
    for g in brand.by_weekday_hour:
        day, hour = WEEKDAYS.index(g.key[:3]), int(g.key[4:])
        value = g.median_engagement
        shown = t("chart.cell", median=count(lang, value), n=lang.number(g.n))
        cells[day, hour] = (value or 0.0, shown)
        rows.append((f"{names[day]} {hour:02d}:00", lang.number(g.n), count(lang, value)))
    total = sum(g.n for g in brand.by_weekday_hour)
    caption = f"{t('analytics.heatmap', zone=brand.timezone)} ({p.n(total)})"
    if not rows:
        return figure(caption, None, Table((), ()), t("chart.no_data"), "heatmap")
    table = Table(
        (t("chart.slot"), t("chart.posts"), t("chart.median")), tuple(rows), frozenset({1, 2})
    )
    return figure(caption, heatmap(caption, names, hours, cells), table, anchor="heatmap")


def best(
    p: Present, claim: Claim, anchor: str, title: str, unit: str, name: Callable[[str], str]
) -> Markup:
    """The best hours or weekdays by median engagement, or why there are none: too few posts
    in all, or none of the hours (weekdays) has ``MIN_POSTS`` of them yet."""
    lang, t = p.lang, p.lang.t
    caption = f"{title} ({p.n(claim.n)})"
    if claim.status != "ok":
        note = p.not_enough(claim.n)
        if claim.n >= MIN_POSTS:
            note = t("chart.not_enough_each", unit=t(unit), min=MIN_POSTS, n=lang.number(claim.n))
        return figure(caption, None, Table((), ()), note, anchor)
    groups: list[Group] = list(claim.items)
    bars = [Bar(name(g.key), g.median_engagement, count(lang, g.median_engagement)) for g in groups]
    rows = tuple((name(g.key), lang.number(g.n), count(lang, g.median_engagement)) for g in groups)
    table = Table((t("chart.when"), t("chart.posts"), t("chart.median")), rows, frozenset({1, 2}))
    return figure(caption, bar_chart(caption, bars), table, anchor=anchor)


def post_cell(p: Present, item: Measured) -> Markup:
    if item.path is not None:
        return link(p.post_link(item.path), p.title(item.path))
    return Markup(p.lang.t("analytics.unplanned_post"))


def posts_table(p: Present, items: Sequence[Measured]) -> Table:
    lang, t = p.lang, p.lang.t
    rows = tuple(
        (
            lang.number(i + 1),
            post_cell(p, item),
            p.network(item.network),
            lang.date(item.at.date()) if item.at else NONE,
            count(lang, item.engagement),
            rate_text(lang, item.engagement_rate, item.rate_of),
            live_link(lang, item.url),
        )
        for i, item in enumerate(items)
    )
    head = ("#", t("chart.post"), t("chart.network"), t("chart.date"), t("metric.engagement"))
    return Table(
        (*head, t("metric.engagement_rate"), t("results.live_post")), rows, frozenset({0, 4})
    )


def ranking(p: Present, claim: Claim, anchor: str, title: str) -> Markup:
    caption = f"{title} ({p.n(claim.n)})"
    if claim.status != "ok":
        return figure(caption, None, Table((), ()), p.not_enough(claim.n), anchor)
    return figure(caption, None, posts_table(p, claim.items), anchor=anchor)


def figures(
    p: Present, brand: BrandResult, *, tagged: int | None = None, bottom: bool = True
) -> list[Markup]:
    """Every chart of a brand's results, in reading order; ``tagged`` is how many of its
    posts have a tag (the posts behind the pillar chart; default: all of them).

    The pillar chart groups by the posts' ``pillar:`` where the brand declares pillars
    (each post under one pillar), else by their tags."""
    lang, t = p.lang, p.lang.t
    n = brand.totals.n
    pillars = (
        ("tag", brand.by_pillar, str, sum(g.n for g in brand.by_pillar))
        if brand.by_pillar
        else ("tag", brand.by_tag, str, n if tagged is None else tagged)
    )
    breakdowns = (  # name (its anchor, caption and column), groups, their labels, posts behind
        ("week", brand.by_week, lambda k: week_label(lang, k), sum(g.n for g in brand.by_week)),
        ("network", brand.by_network, p.network, n),
        pillars,
        ("format", brand.by_format, lambda k: format_label(lang, k), n),
    )
    out = [
        breakdown(
            p,
            f"by-{name}",
            t(f"analytics.by_{name}"),
            t(f"chart.{name}"),
            groups,
            [label(g.key) for g in groups],
            posts,
        )
        for name, groups, label, posts in breakdowns
    ]
    out += [
        heat(p, brand),
        best(
            p,
            brand.best_times,
            "best-times",
            t("analytics.best_times"),
            "chart.unit_hour",
            lambda k: f"{k}:00",
        ),
        best(
            p,
            brand.best_days,
            "best-days",
            t("analytics.best_days"),
            "chart.unit_day",
            lambda k: _day(lang, k),
        ),
        ranking(p, brand.top, "top", t("analytics.top")),
    ]
    if bottom:
        out.append(ranking(p, brand.bottom, "bottom", t("analytics.bottom")))
    return out


def _day(lang: Lang, key: str) -> str:
    return lang.weekdays("wide")[WEEKDAYS.index(key)]


def headline(p: Present, brand: BrandResult) -> list[tuple[str, str]]:
    """(label, value) of a brand's totals: posts, engagement, rate, then the headline metrics."""
    lang, t = p.lang, p.lang.t
    totals = brand.totals
    rows = [
        (t("analytics.posts"), lang.number(totals.n)),
        (t("metric.engagement"), count(lang, totals.engagement)),
        (t("metric.engagement_rate"), rate_text(lang, totals.engagement_rate, totals.rate_of)),
    ]
    rows += [(metric_label(lang, m), count(lang, totals.totals.get(m))) for m in HEADLINE]
    return rows


def audience(p: Present, brand: BrandResult) -> Table:
    lang, t = p.lang, p.lang.t
    rows = tuple(
        (
            p.network(a.network),
            count(lang, a.follows),
            count(lang, a.followers),
            lang.date(a.followers_on) if a.followers_on else NONE,
        )
        for a in brand.audience
    )
    head = (t("chart.network"), t("audience.follows"), t("audience.followers"), t("chart.date"))
    return Table(head, rows, frozenset({1, 2}))


def waiting_table(p: Present, items: Sequence[NoResult]) -> Table:
    """Planned posts past their time that no export shows yet."""
    lang, t = p.lang, p.lang.t
    rows = tuple(
        (link(p.post_link(w.path), p.title(w.path)), p.network(w.network), lang.date(w.at.date()))
        for w in items
    )
    return Table((t("chart.post"), t("chart.network"), t("chart.date")), rows)


def unplanned_table(p: Present, items: Sequence[Measured]) -> Table:
    """Posts the exports show that the plan does not have."""
    lang, t = p.lang, p.lang.t
    rows = tuple(
        (
            p.network(m.network),
            lang.date(m.at.date()) if m.at else NONE,
            (m.first_row.text or "")[:80] or NONE,
            count(lang, m.engagement),
            live_link(lang, m.url),
        )
        for m in items
    )
    head = (t("chart.network"), t("chart.date"), t("chart.text"), t("metric.engagement"))
    return Table((*head, t("results.live_post")), rows, frozenset({3}))
