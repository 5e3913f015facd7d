"""Campaigns against their KPIs: actual, progress, pace, spend and cost per result.

- **Actual** of a KPI: the sum over the campaign's measured posts (``views``, ``reach``,
  ``link_clicks``, ... and ``engagement``), their group rate (``engagement_rate``, see
  ``smmplan.results.figures``), or the GA4 rows of the campaign's UTM campaign
  (``sessions``, ``key_events``, ``revenue``). None, not 0, while no row carries it.
- **Pace** is linear over the campaign's days in its brand's time zone, ``start`` 00:00
  to the end of ``end``: expected = target × the share of that time gone by now (a rate
  KPI is expected at its target all along). ``behind`` below ``BEHIND`` × expected,
  ``ahead`` above ``AHEAD`` × expected, else ``on track``; None before the start, without
  dates, or while none of the campaign's posts has a results row.
- **Spend** comes from Meta Ads Manager rows whose campaign name is the campaign's id or
  title, or else contains one of them (case-insensitive; the longest match wins, a tie
  counts for neither). Rows in another currency than the campaign's budget are left out.
- **Cost per result**: CPM = spend / views × 1000, CPC = spend / link clicks, using the ads
  rows' own delivery where they carry it (``cost_basis`` "ads"), else the campaign's posts
  ("posts"); cost per key event = spend / GA4 key events ("ga4").

Ads and GA4 exports cover a date range: files whose ranges overlap are readings of the
same figures, so the newest wins; files of separate ranges (October, then November) add up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from types import MappingProxyType

from smmplan.metrics_model import KpiProgress, MetricsData, TrafficRow, kpi_metric
from smmplan.model import Brand, Campaign, FileFinding, Finding, Project
from smmplan.results.figures import group
from smmplan.results.index import zone
from smmplan.results.merge import newness
from smmplan.results.model import CampaignResult, Group, Measured
from smmplan.results.utm import utm_campaigns

BEHIND, AHEAD = 0.9, 1.1
RATE_KPIS = frozenset({"engagement_rate"})
TRAFFIC_KPIS = ("sessions", "key_events", "revenue")


def pace(
    target: float,
    actual: float | None,
    campaign: Campaign,
    timezone: str,
    now: datetime,
    rate=False,
) -> tuple[float | None, str | None]:
    """(expected, pace) of a KPI now, as the module docstring says."""
    if actual is None or campaign.start is None or campaign.end is None:
        return None, None
    begin = datetime.combine(campaign.start, time(0), tzinfo=zone(timezone))
    finish = datetime.combine(campaign.end + timedelta(days=1), time(0), tzinfo=zone(timezone))
    if now <= begin or finish <= begin:
        return None, None
    share = min(1.0, (now - begin) / (finish - begin))
    expected = target if rate else target * share
    if actual < BEHIND * expected:
        return expected, "behind"
    if actual > AHEAD * expected:
        return expected, "ahead"
    return expected, "on track"


def ranged(rows: Sequence) -> list:
    """Rows of the files to count: newest first, leaving out files overlapping a newer one."""
    files: dict[tuple[str, str], list] = defaultdict(list)
    for row in rows:
        files[row.snapshot.path, row.snapshot.member or ""].append(row)
    order = sorted(files.values(), key=lambda group_: newness(group_[0]), reverse=True)
    kept: list[tuple[date | None, date | None]] = []
    chosen = []
    for members in order:
        span = _span(members)
        if all(not _overlap(span, other) for other in kept):
            kept.append(span)
            chosen.extend(members)
    return chosen


def _span(rows: Sequence) -> tuple[date | None, date | None]:
    starts, ends = [r.start for r in rows], [r.end for r in rows]
    if None in starts or None in ends:
        return None, None
    return min(starts), max(ends)


def _overlap(a: tuple, b: tuple) -> bool:
    if None in a or None in b:
        return True
    return a[0] <= b[1] and b[0] <= a[1]


def assign_spend(project: Project, data: MetricsData) -> tuple[dict[str, list], list[FileFinding]]:
    """Ads rows by campaign id, as the module docstring says; ambiguous rows as findings."""
    needles = []
    for campaign in project.campaigns.values():
        for text in {campaign.id.casefold(), campaign.title.casefold().strip()}:
            if text:
                needles.append((text, campaign.id))
    owners_of: dict[str, frozenset[str]] = {}  # ads rows repeat their campaign's name
    assigned: dict[str, list] = defaultdict(list)
    findings = []
    for row in data.spend:
        name = (row.campaign or "").casefold().strip()
        if not name:
            continue
        owners = owners_of.get(name)
        if owners is None:
            owners = owners_of[name] = _owners(name, needles)
        if len(owners) == 1:
            assigned[next(iter(owners))].append(row)
        elif len(owners) > 1:
            names = " and ".join(sorted(owners))
            message = f"ads campaign '{row.campaign}' names campaigns {names}: its spend counts for neither"
            findings.append(
                FileFinding(row.snapshot.path, Finding("result-ambiguous", message, row.row))
            )
    return assigned, findings


def _owners(name: str, needles: Sequence[tuple[str, str]]) -> frozenset[str]:
    """The campaigns an ads campaign's name names: exactly, else the longest contained."""
    exact = frozenset(cid for text, cid in needles if text == name)
    if exact:
        return exact
    inside = [(len(text), cid) for text, cid in needles if text in name]
    best = max((n for n, _ in inside), default=0)
    return frozenset(cid for n, cid in inside if n == best)


def _spend(campaign: Campaign, rows: Sequence) -> tuple[float | None, str | None, dict, list]:
    """(spend, currency, ads delivery, findings) from a campaign's ads rows."""
    if not rows:
        return None, campaign.budget_currency, {}, []
    newest = max(rows, key=newness)
    currency = campaign.budget_currency or newest.currency
    findings, same, flagged = [], [], set()
    for row in rows:
        if row.currency and currency and row.currency.upper() != currency.upper():
            if row.snapshot.path not in flagged:
                flagged.add(row.snapshot.path)
                message = f"spend in {row.currency} for campaign '{campaign.id}', whose budget is in {currency}: left out (currencies are never mixed)"
                findings.append(
                    FileFinding(
                        row.snapshot.path, Finding("spend-currency-mismatch", message, row.row)
                    )
                )
            continue
        same.append(row)
    chosen = ranged(same)
    delivery: dict[str, float] = {}
    for row in chosen:
        for metric, value in row.metrics.items():
            delivery[metric] = delivery.get(metric, 0.0) + value
    return (sum(r.amount for r in chosen) if chosen else None), currency, delivery, findings


def traffic_by_campaign(data: MetricsData) -> dict[str, list[TrafficRow]]:
    """GA4 rows by their session campaign, case-folded."""
    grouped: dict[str, list[TrafficRow]] = defaultdict(list)
    for row in data.traffic:
        if row.campaign and row.campaign.strip():
            grouped[row.campaign.strip().casefold()].append(row)
    return grouped


def _traffic(values: Iterable[str], traffic: Mapping[str, list[TrafficRow]]) -> dict[str, float]:
    rows = ranged([r for v in sorted({v.casefold() for v in values}) for r in traffic.get(v, ())])
    totals: dict[str, float] = {}
    for row in rows:
        for name in TRAFFIC_KPIS:
            value = getattr(row, name)
            if value is not None:
                totals[name] = totals.get(name, 0.0) + value
    return totals


def actual_of(
    metric: str, figures: Group, traffic: Mapping[str, float], delivery: Mapping[str, float]
) -> tuple[float | None, str | None]:
    """A KPI's actual and where it comes from: "posts", "ads" or "ga4"."""
    if metric == "engagement":
        return figures.engagement, "posts" if figures.engagement is not None else None
    if metric == "engagement_rate":
        return figures.engagement_rate, "posts" if figures.engagement_rate is not None else None
    if metric in TRAFFIC_KPIS:
        return traffic.get(metric), "ga4" if metric in traffic else None
    if metric in figures.totals:
        return figures.totals[metric], "posts"
    if metric in delivery:  # no post export carries it (Instagram's link clicks): the ads'
        return delivery[metric], "ads"
    return None, None


def kpis(
    campaign: Campaign,
    figures: Group,
    sources: tuple[Mapping[str, float], Mapping[str, float]],
    timezone: str,
    now: datetime,
    has_results: bool,
) -> list[tuple[KpiProgress, str | None]]:
    """Each KPI of the campaign file, in its order, with where its actual comes from
    (``sources``: GA4 totals, ads delivery); one smmplan cannot measure stays unknown (the
    check ``kpi-unknown-metric`` reports it)."""
    out = []
    for position, kpi in enumerate(campaign.kpis):
        line = campaign.lines.get(f"kpis.{position}", campaign.lines.get("kpis", 1))
        metric = kpi_metric(kpi.metric)
        target = kpi.target / 100 if metric in RATE_KPIS and kpi.target > 1 else kpi.target
        actual, basis = None, None
        if metric and has_results:
            actual, basis = actual_of(metric, figures, *sources)
        progress = actual / target if actual is not None and target else None
        expected, state = pace(target, actual, campaign, timezone, now, metric in RATE_KPIS)
        item = KpiProgress(
            campaign.id,
            campaign.path,
            line,
            metric or kpi.metric,
            target,
            actual,
            progress,
            expected,
            state,
        )
        out.append((item, basis))
    return out


def campaign_result(
    project: Project,
    campaign: Campaign,
    measured: Sequence[Measured],
    planned_slots: int,
    ads_rows: Sequence,
    traffic_rows: Mapping[str, list[TrafficRow]],
    now: datetime,
) -> tuple[CampaignResult, list[FileFinding]]:
    """One campaign's figures; ``measured`` are its posts with results."""
    brand = project.brands.get(campaign.brand or "")
    timezone = brand.timezone if brand else project.config.timezone
    utm = campaign_utm(campaign, brand, measured)
    figures = group(campaign.id, measured)
    traffic = _traffic(utm, traffic_rows)
    has_results = bool(measured) or bool(traffic)
    spend, currency, delivery, spend_findings = _spend(campaign, ads_rows)
    progress = kpis(campaign, figures, (traffic, delivery), timezone, now, has_results)
    cost_per, cost_basis = cost_per_result(spend, delivery, figures, traffic)
    totals = {**figures.totals, **traffic}
    if figures.engagement is not None:
        totals["engagement"] = figures.engagement
    result = CampaignResult(
        id=campaign.id,
        path=campaign.path,
        title=campaign.title,
        brand=campaign.brand,
        start=campaign.start,
        end=campaign.end,
        kpis=tuple(item for item, _ in progress),
        kpi_basis=tuple(source for _, source in progress),
        posts=planned_slots,
        measured=len(measured),
        has_results=has_results,
        spend=spend,
        currency=currency,
        budget=campaign.budget_amount,
        cost_per=MappingProxyType(cost_per),
        cost_basis=MappingProxyType(cost_basis),
        totals=MappingProxyType(dict(sorted(totals.items()))),
        utm_campaign=utm,
    )
    return result, spend_findings


def campaign_utm(
    campaign: Campaign, brand: Brand | None, measured: Sequence[Measured]
) -> tuple[str, ...]:
    """The ``utm_campaign`` values the campaign's links carry (its networks, or its posts')."""
    networks = campaign.networks or sorted({m.network for m in measured})
    template = brand.utm if brand else {}
    return utm_campaigns(
        template, campaign=campaign.id, brand=brand.id if brand else "", networks=networks
    )


def cost_per_result(
    spend: float | None, delivery: Mapping[str, float], figures: Group, traffic: Mapping[str, float]
) -> tuple[dict[str, float | None], dict[str, str]]:
    """CPM, CPC and cost per key event, with what each is divided by."""
    costs: dict[str, float | None] = {"cpm": None, "cpc": None, "key_event": None}
    basis: dict[str, str] = {}
    sources = (("cpm", "views", 1000.0), ("cpc", "link_clicks", 1.0))
    if spend is None:
        return costs, basis
    for name, metric, scale in sources:
        if delivery.get(metric):
            basis[name], base = "ads", delivery[metric]
        elif figures.totals.get(metric):
            basis[name], base = "posts", figures.totals[metric]
        else:
            continue
        costs[name] = spend / base * scale
    if traffic.get("key_events"):
        basis["key_event"] = "ga4"
        costs["key_event"] = spend / traffic["key_events"]
    return costs, basis
