"""Results as people read them: figures formatted in the language, KPI bars with their pace,
spend and cost per result, a post's results per network.

Shared by the site's pages and the client report (``smmplan.render.client_report``):
pure functions of ``smmplan.results`` objects and a ``Lang``; nothing here knows where
the HTML goes. Numbers go through babel in the language's locale; a figure no export
carried is shown as "—", never as 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from babel import Locale, numbers
from markupsafe import Markup

from smmplan.metrics_model import METRICS, KpiProgress
from smmplan.render.charts import progress_bar
from smmplan.render.site.i18n import Lang
from smmplan.render.site.views.cards import macros
from smmplan.results.model import CampaignResult, Measured

NONE = "—"
RATES = frozenset({"engagement_rate"})
MONEY = frozenset({"revenue"})
COSTS = ("cpm", "cpc", "key_event")


# -- numbers ----------------------------------------------------------------------------------


def count(lang: Lang, value: float | None) -> str:
    """A count as a whole number ('12,346'); "—" when no export had it."""
    if value is None:
        return NONE
    return numbers.format_decimal(round(value), locale=lang.locale)


def decimal(lang: Lang, value: float | None, digits: int = 2) -> str:
    if value is None:
        return NONE
    pattern = "#,##0." + "#" * digits if digits else "#,##0"
    return numbers.format_decimal(value, format=pattern, locale=lang.locale)


def percent(lang: Lang, fraction: float | None) -> str:
    """'12.3%' / '12,3 %': one decimal, in the language's own way."""
    if fraction is None:
        return NONE
    return _percent_pattern(str(lang.locale)).apply(fraction, lang.locale)


@cache
def _percent_pattern(locale: str) -> numbers.NumberPattern:
    """The language's own percent pattern (its spacing, its sign's place), one decimal."""
    pattern = numbers.parse_pattern(Locale.parse(locale).percent_formats[None].pattern)
    pattern.frac_prec = (1, 1)
    return pattern


def money(lang: Lang, amount: float | None, currency: str | None) -> str:
    if amount is None:
        return NONE
    return lang.money(round(amount, 2), currency)


def figure_text(lang: Lang, metric: str, value: float | None) -> str:
    """A metric's value as shown: a rate in percent, revenue with decimals, else a count."""
    if metric in RATES:
        return percent(lang, value)
    if metric in MONEY:
        return decimal(lang, value)
    return count(lang, value)


def change(lang: Lang, now: float | None, before: float | None) -> str | None:
    """'+12.5%' / '−3.0%' against the previous period; None where there is nothing to compare."""
    if now is None or not before:
        return None
    share = (now - before) / before
    text = percent(lang, abs(share))
    return ("+" if share >= 0 else "−") + text


def metric_label(lang: Lang, metric: str) -> str:
    key = f"metric.{metric}"
    text = lang.t(key)
    return metric if text == key else text


def rate_text(lang: Lang, rate: float | None, rate_of: str | None) -> str:
    """'4.2% of reach': the rate with its denominator named."""
    if rate is None or rate_of is None:
        return NONE
    return lang.t(f"results.rate_of_{rate_of}", rate=percent(lang, rate))


# -- campaigns --------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiRow:
    """One KPI as a bar: reached (``width``, % of the bar) and expected by now (``marker``)."""

    metric: str
    label: str
    target: str
    actual: str
    percent: str
    width: float
    marker: float | None
    expected: str
    note: str  # where a linear pace puts it now, in words ("" without a pace)
    pace: str  # "ahead" | "on track" | "behind" | "none"
    pace_label: str
    bar: Markup


def kpi_row(lang: Lang, kpi: KpiProgress) -> KpiRow:
    t = lang.t
    label = metric_label(lang, kpi.metric)
    share = kpi.progress
    expected_share = kpi.expected / kpi.target if kpi.expected is not None and kpi.target else None
    width = round(min(max(share or 0.0, 0.0), 1.0) * 100, 1)
    marker = (
        round(min(max(expected_share, 0.0), 1.0) * 100, 1) if expected_share is not None else None
    )
    actual = figure_text(lang, kpi.metric, kpi.actual)
    target = figure_text(lang, kpi.metric, kpi.target)
    pace = kpi.pace or "none"
    expected = figure_text(lang, kpi.metric, kpi.expected) if kpi.expected is not None else ""
    title = t("kpi.bar", metric=label, actual=actual, target=target, percent=percent(lang, share))
    return KpiRow(
        metric=kpi.metric,
        label=label,
        target=target,
        actual=actual,
        percent=percent(lang, share) if share is not None else "",
        width=width,
        marker=marker,
        expected=expected,
        note=t("kpi.expected_rate" if kpi.metric in RATES else "kpi.expected", value=expected)
        if expected
        else "",
        pace=pace.replace(" ", "-"),
        pace_label=t(f"pace.{pace}"),
        bar=progress_bar(title, share, expected_share),
    )


@dataclass(frozen=True)
class Cost:
    name: str
    label: str
    value: str
    basis: str  # what the cost is divided by, in words


@dataclass(frozen=True)
class CampaignView:
    """A campaign's results as a page or the report shows them."""

    has_results: bool
    measured: str  # "4 of 6 posts have results"
    kpis: tuple[KpiRow, ...]
    spend: str | None
    budget: str | None
    budget_used: str | None
    costs: tuple[Cost, ...]
    totals: tuple[tuple[str, str], ...]


def costs(lang: Lang, result: CampaignResult) -> tuple[Cost, ...]:
    """CPM, CPC and cost per key event, each with what it rests on; only those with a base."""
    t = lang.t
    out = []
    for name in COSTS:
        basis = result.cost_basis.get(name)
        if basis is None:
            continue
        value = result.cost_per.get(name)
        shown = money(lang, value, result.currency) if value is not None else t("cost.no_spend")
        out.append(Cost(name, t(f"cost.{name}"), shown, t(f"cost.basis.{basis}")))
    return tuple(out)


def campaign_view(lang: Lang, result: CampaignResult) -> CampaignView:
    used = None
    if result.budget is not None:
        budget = money(lang, result.budget, result.currency)
        used = lang.t("campaign.of_budget", budget=budget)
        if result.spend is not None and result.budget:
            share = percent(lang, result.spend / result.budget)
            used = lang.t("campaign.budget_share", share=share, budget=budget)
    totals = tuple(
        (metric_label(lang, metric), figure_text(lang, metric, value))
        for metric, value in _ordered(result.totals)
    )
    return CampaignView(
        has_results=result.has_results,
        measured=lang.t(
            "campaign.measured",
            measured=lang.number(result.measured),
            posts=lang.number(result.posts),
        ),
        kpis=tuple(kpi_row(lang, kpi) for kpi in result.kpis),
        spend=money(lang, result.spend, result.currency) if result.spend is not None else None,
        budget=money(lang, result.budget, result.currency) if result.budget is not None else None,
        budget_used=used,
        costs=costs(lang, result),
        totals=totals,
    )


def _ordered(figures: Mapping[str, float]) -> list[tuple[str, float]]:
    order = {
        m: i for i, m in enumerate((*METRICS, "engagement", "sessions", "key_events", "revenue"))
    }
    return sorted(figures.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


# -- a post on a network ----------------------------------------------------------------------


@dataclass(frozen=True)
class PostResult:
    """One network's results of a planned post."""

    network: str
    figures: tuple[tuple[str, str], ...]
    engagement: str
    engagement_source: str
    rate: str
    snapshot: str  # "30 Nov 2026 · content/metrics/x.csv, row 4"
    url: str | None  # the live post, when it is a web link
    url_text: str | None
    match: str  # "by the post's URL, 100%"
    reason: str


def web_url(url: str | None) -> str | None:
    """A link worth making clickable: http(s) only, never javascript: or data:."""
    if url and url.strip().lower().startswith(("https://", "http://")):
        return url.strip()
    return None


def snapshot_text(lang: Lang, item: Measured) -> str:
    row = item.first_row
    shot = row.snapshot
    where = f"{shot.path} ({shot.member})" if shot.member else shot.path
    return lang.t("results.snapshot", date=lang.date(shot.taken), file=where, row=row.row)


def post_result(lang: Lang, item: Measured) -> PostResult:
    t = lang.t
    figures = tuple(
        (metric_label(lang, m), count(lang, v)) for m, v in _ordered(item.metrics) if m in METRICS
    )
    match = item.match
    matched = (
        t("match.line", by=t(f"match.{match.by}"), confidence=percent(lang, match.confidence))
        if match
        else ""
    )
    source = t(f"engagement.{item.engagement_source}") if item.engagement_source else ""
    return PostResult(
        network=item.network,
        figures=figures,
        engagement=count(lang, item.engagement),
        engagement_source=source,
        rate=rate_text(lang, item.engagement_rate, item.rate_of),
        snapshot=snapshot_text(lang, item),
        url=web_url(item.url),
        url_text=item.url,
        match=matched,
        reason=match.reason if match else item.reason,
    )


def link(url: str | None, text: str, css: str = "") -> Markup:
    """An escaped link, or the escaped text alone when there is no URL."""
    return macros().link(url, text, css)


def live_link(lang: Lang, url: str | None) -> Markup:
    """A link to the post on the network (opens the network's page), or nothing."""
    target = web_url(url)
    if target is None:
        return Markup("")
    return macros().live_link(target, lang.t("results.live"))
