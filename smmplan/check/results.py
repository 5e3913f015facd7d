"""Results rules: what the networks' analytics exports say about campaigns and their posts.

The results stage (``smmplan.results``) joins the exports in ``content/metrics/`` to the
plan before the checks run; these rules read what it found (``Context.progress``) or
report the problems it met on the way, each at the row of the export file or the line
of the campaign file it is about. Without exports they are silent.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from smmplan.check.registry import Context, Family, Problem, rule
from smmplan.check.structure import _findings
from smmplan.locale import phrase
from smmplan.metrics_model import KPI_ALIASES, KPI_METRICS, KpiProgress, kpi_metric
from smmplan.model import Campaign, Severity
from smmplan.suggest import closest

FAMILY = Family("results", "Results", 6)  # its heading and place in docs/rules.md


@rule("kpi-behind-pace", "RS01", Severity.WARNING, "project")
def kpi_behind_pace(ctx: Context) -> Iterator[Problem]:
    """A running campaign's KPI is behind where a linear pace over its dates puts it today.

    The expected figure is the KPI's target times the share of the campaign's time gone
    by (its brand's days, ``start`` 00:00 to the end of ``end``); an actual below 90 % of
    it is behind. The figures come from the analytics exports in ``content/metrics/``
    (``docs/analytics.md``). Silent before the campaign starts, once it has ended (the
    report shows the final figures), and while none of its posts has come back in an
    export yet. Reported at the KPI in the campaign file; ``ignore: [kpi-behind-pace]``
    in the campaign silences it.
    """
    for item in ctx.progress:
        campaign = ctx.project.campaigns.get(item.campaign)
        if item.pace != "behind" or campaign is None or "kpi-behind-pace" in campaign.ignore:
            continue
        if "RS01" in campaign.ignore or _ended(campaign, ctx):
            continue
        yield Problem(_behind(item, campaign), item.line, path=item.path)


def _ended(campaign: Campaign, ctx: Context) -> bool:
    if campaign.end is None:
        return False
    brand = ctx.project.brands.get(campaign.brand or "")
    zone = ZoneInfo(brand.timezone if brand else ctx.project.config.timezone)
    return ctx.now >= datetime.combine(campaign.end + timedelta(days=1), time(0), tzinfo=zone)


def _figure(metric: str, value: float) -> str:
    if metric.endswith("_rate"):
        return f"{value * 100:.1f} %"
    return f"{value:,.0f}" if abs(value) >= 100 or float(value).is_integer() else f"{value:,.2f}"


def _behind(item: KpiProgress, campaign: Campaign) -> str:
    actual = _figure(item.metric, item.actual or 0.0)
    target = _figure(item.metric, item.target)
    expected = _figure(item.metric, item.expected or 0.0)
    share = (
        phrase(" ({share} of the target)", share=f"{item.progress:.0%}")
        if item.progress is not None
        else ""
    )
    return phrase(
        "{metric} is {actual} of {target}{share}; a linear pace from {start} to {end}"
        " expects {expected} by now",
        metric=item.metric,
        actual=actual,
        target=target,
        share=share,
        start=campaign.start,
        end=campaign.end,
        expected=expected,
    )


@rule("kpi-unknown-metric", "RS02", Severity.WARNING, "file")
def kpi_unknown_metric(item: Any) -> Iterator[Problem]:
    """A campaign's KPI names a metric smmplan cannot measure, so its progress stays unknown.

    KPIs may measure what the exports carry (``views``, ``reach``, ``reactions``,
    ``comments``, ``shares``, ``saves``, ``link_clicks``, ``video_views``, ``follows``),
    ``engagement`` and ``engagement_rate``, and Google Analytics' ``sessions``,
    ``key_events`` and ``revenue``; ``impressions``, ``plays``, ``likes``, ``reposts``,
    ``clicks``, and ``conversions``, ``leads`` or ``signups`` (GA4 key events) are read as
    their names in that list.
    """
    if not isinstance(item, Campaign):
        return
    for position, kpi in enumerate(item.kpis):
        if kpi_metric(kpi.metric) is None:
            line = item.lines.get(f"kpis.{position}", item.lines.get("kpis", 1))
            nearest = closest(kpi.metric.casefold(), [*KPI_METRICS, *KPI_ALIASES])
            hint = (
                phrase(" (did you mean '{name}'?)", name=nearest)
                if nearest
                else phrase("; use one of {metrics}", metrics=", ".join(KPI_METRICS))
            )
            yield Problem(
                phrase(
                    "KPI metric '{metric}' is not one smmplan can measure{hint}",
                    metric=kpi.metric,
                    hint=hint,
                ),
                line,
            )


@rule("result-ambiguous", "RS03", Severity.WARNING, "file")
def result_ambiguous(item: Any) -> Iterator[Problem]:
    """An analytics export row fits two planned posts (or two campaigns) equally well.

    The row then counts for none of them and is listed with the unplanned posts. Record
    where the post went out in its front matter (``published: {x: https://x.com/…}``) to
    settle it; ``smmplan metrics --explain POST`` shows the scores. Reported at the row.
    """
    yield from _findings(item, "result-ambiguous")


@rule("result-unknown-account", "RS04", Severity.WARNING, "file")
def result_unknown_account(item: Any) -> Iterator[Problem]:
    """An analytics export has rows of an account that is none of the brands' ``accounts``.

    Those rows are listed as unplanned and counted in no brand's totals. If the account
    is one of yours, add it to the brand's ``accounts`` (``brands/<brand>.yml``). Reported
    once per file and account, at its first row.
    """
    yield from _findings(item, "result-unknown-account")


@rule("spend-currency-mismatch", "RS05", Severity.WARNING, "file")
def spend_currency_mismatch(item: Any) -> Iterator[Problem]:
    """An ads export spends in another currency than the campaign's budget.

    Currencies are never converted or mixed: that spend is left out of the campaign's
    spend and cost per result. Export the ads report in the budget's currency, or set the
    budget's ``currency`` to the ad account's. Reported once per file, at its first such row.
    """
    yield from _findings(item, "spend-currency-mismatch")


@rule("metrics-unreadable", "RS06", Severity.WARNING, "file")
def metrics_unreadable(item: Any) -> Iterator[Problem]:
    """A file in the metrics folder cannot be used as an analytics export.

    Its format is unknown (the message names the headers seen and the nearest known
    format: export it again with the interface in English, or add the headers as
    aliases under ``metrics: {aliases: …}`` in ``smmplan.yml``), its text is in no
    encoding smmplan reads, a zip is corrupt or truncated or too large once unpacked, or
    the file is a link that leaves the repository. Nothing of it is counted; every other
    export still is. Reported at the file's first line.
    """
    yield from _findings(item, "metrics-unreadable")


@rule("metrics-bad-value", "RS07", Severity.WARNING, "file")
def metrics_bad_value(item: Any) -> Iterator[Problem]:
    """A cell of an analytics export holds a value that cannot be right.

    A count that is negative or not a number, a date in the future, or an ID a
    spreadsheet has rounded (``1.2E+17``: the post cannot be found by it any more, so it
    is refused rather than guessed). That cell is left out; the rest of the row and of
    the file is still used. Reported at the row, counted as the file counts them.
    """
    yield from _findings(item, "metrics-bad-value")
