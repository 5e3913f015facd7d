"""The numbers: measured posts, "no results yet", campaigns and brands, from a matching.

``analyse`` is pure (project + metrics + matching + now in, ``Results`` out). A
``ResultsFilter`` narrows what is reported (brands, campaigns, local dates) but never what
is matched, so a row means the same post in every report; campaigns keep their own
dates (a KPI counts all of the campaign's posts whatever ``--from``/``--to`` say).
A recurring post's occurrences are measured, awaited and counted one by one, so a
campaign's totals add up every occurrence's figures.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime

from smmplan.load.cache import paused_gc
from smmplan.metrics_model import AccountRow, MetricsData
from smmplan.model import Project
from smmplan.plan import slots
from smmplan.results.brands import brand_result
from smmplan.results.campaigns import assign_spend, campaign_result, traffic_by_campaign
from smmplan.results.index import Index, plan_key, zone
from smmplan.results.match import rows_by_slot
from smmplan.results.merge import planned, unplanned
from smmplan.results.model import Matching, Measured, NoResult, Results, ResultsFilter

AWAITED = frozenset({"approved", "scheduled", "published"})
COUNTED = frozenset({"idea", "cancelled"})  # statuses whose slots a campaign does not count


def analyse(
    project: Project,
    data: MetricsData,
    matching: Matching,
    now: datetime,
    selection: ResultsFilter | None = None,
) -> Results:
    """Every figure the site, the report and ``smmplan metrics`` show."""
    with paused_gc():
        return _analyse(project, data, matching, now, selection or ResultsFilter())


def _analyse(
    project: Project, data: MetricsData, matching: Matching, now: datetime, selection: ResultsFilter
) -> Results:
    plan = matching.plan or {plan_key(s): s for s in slots(project)}
    matched = rows_by_slot(matching)
    measured = [planned(plan[key], rows) for key, rows in sorted(matched.items()) if key in plan]
    zones = {"": project.config.timezone}
    zones.update({brand.id: brand.timezone for brand in project.brands.values()})
    extra = unplanned(matching.unmatched, zones)
    waiting = no_results(plan.values(), matched, now)
    campaigns, found = _campaigns(project, data, measured, plan.values(), now, selection)
    posts = [m for m in measured if _chosen(m, project, selection)]
    if selection.campaigns is not None:
        extra = []
    else:
        extra = [m for m in extra if _chosen(m, project, selection)]
    waiting = [w for w in waiting if _waiting_chosen(w, plan, project, selection)]
    brands = _brands(project, data, posts + extra, waiting, selection)
    findings = sorted(
        [*data.findings, *matching.findings, *found],
        key=lambda f: (f.path, f.finding.line, f.finding.rule, f.finding.message),
    )
    return Results(
        now=now,
        posts=tuple(posts),
        unplanned=tuple(extra),
        no_results=tuple(waiting),
        campaigns=tuple(campaigns),
        brands=tuple(brands),
        findings=tuple(findings),
        went_out=matching.went_out(),
        selection=selection,
    )


def no_results(plan, matched, now: datetime) -> list[NoResult]:
    """Planned slots past their time that no export row shows, by (path, network) and time."""
    waiting = [
        NoResult(s.post.path, s.network, s.brand.id, s.publish_at, s.post.status, plan_key(s)[2])
        for s in plan
        if s.post.status in AWAITED
        and s.publish_at is not None
        and s.publish_at < now
        and plan_key(s) not in matched
    ]
    return sorted(waiting, key=lambda w: (w.path, w.network, w.at))


def _in_range(moment: datetime | None, timezone: str, selection: ResultsFilter) -> bool:
    if selection.start is None and selection.end is None:
        return True
    if moment is None:
        return False
    day = moment.astimezone(zone(timezone)).date()
    return not (
        (selection.start and day < selection.start) or (selection.end and day > selection.end)
    )


def _chosen(item: Measured, project: Project, selection: ResultsFilter) -> bool:
    if selection.brands is not None and item.brand not in selection.brands:
        return False
    if selection.campaigns is not None and item.campaign not in selection.campaigns:
        return False
    brand = project.brands.get(item.brand or "")
    timezone = brand.timezone if brand else project.config.timezone
    return _in_range(item.at, timezone, selection)


def _waiting_chosen(item: NoResult, plan, project: Project, selection: ResultsFilter) -> bool:
    slot = plan[item.path, item.network, item.occurrence]
    if selection.brands is not None and item.brand not in selection.brands:
        return False
    if selection.campaigns is not None and slot.post.campaign not in selection.campaigns:
        return False
    return _in_range(item.at, slot.brand.timezone, selection)


def _campaigns(project, data, measured, plan, now, selection):
    spend, findings = assign_spend(project, data)
    by_campaign: dict[str | None, list[Measured]] = defaultdict(list)
    for item in measured:
        by_campaign[item.campaign].append(item)
    counts = Counter(s.post.campaign for s in plan if s.post.status not in COUNTED)
    traffic = traffic_by_campaign(data)
    results = []
    for campaign_id in sorted(project.campaigns):
        campaign = project.campaigns[campaign_id]
        if selection.campaigns is not None and campaign_id not in selection.campaigns:
            continue
        if selection.brands is not None and campaign.brand not in selection.brands:
            continue
        own, count = by_campaign.get(campaign_id, []), counts.get(campaign_id, 0)
        result, found = campaign_result(
            project, campaign, own, count, spend.get(campaign_id, ()), traffic, now
        )
        results.append(result)
        findings.extend(found)
    return results, findings


def _brands(project, data, items: Sequence[Measured], waiting, selection):
    index = Index.accounts_only(project)
    accounts: dict[str, list[AccountRow]] = {}
    for row in data.accounts:
        owner = None
        if row.account:
            _, owner = index.brand_of_account(row.network, row.account)
        else:
            owner = index.default_brand(row.network)
        if owner is not None:
            accounts.setdefault(owner, []).append(row)
    by_brand: dict[str | None, list[Measured]] = defaultdict(list)
    for item in items:
        by_brand[item.brand].append(item)
    late_by = Counter(w.brand for w in waiting)
    out = []
    for brand_id in sorted(project.brands):
        if selection.brands is not None and brand_id not in selection.brands:
            continue
        own = by_brand.get(brand_id, [])
        brand = project.brands[brand_id]
        rows = accounts.get(brand_id, []) if selection.campaigns is None else []
        late = late_by.get(brand_id, 0)
        out.append(brand_result(brand, own, rows, selection, late))
    return out


def went_out(matching: Matching) -> frozenset[tuple[str, str]]:
    """(post path, network) of every slot an export row shows as published."""
    return matching.went_out()
