"""``smmplan metrics --format json`` (a contract: ``docs/metrics.schema.json``) and ``csv``.

The JSON keeps the documented keys forever and may gain others; lists are in a fixed
order (posts by path and network, campaigns and brands by id, unplanned posts by file
and row, diagnostics by file, line and rule), figures that are whole numbers are written
as integers and others rounded to 6 decimals, so the same inputs give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from smmplan.metrics_model import METRICS, KpiProgress
from smmplan.model import Diagnostic
from smmplan.results.model import (
    BrandResult,
    CampaignResult,
    Claim,
    Group,
    Measured,
    NoResult,
    Results,
)

VERSION = 1


def number(value: float | None) -> int | float | None:
    if value is None:
        return None
    if float(value).is_integer():
        return int(value)
    return round(value, 6)


def _when(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _figures(values: Mapping[str, float]) -> dict[str, int | float | None]:
    return {name: number(value) for name, value in sorted(values.items())}


def _engagement(item: Measured | Group) -> dict[str, Any]:
    return {
        "engagement": number(item.engagement),
        "engagement_rate": number(item.engagement_rate),
        "rate_of": item.rate_of,
    }


def post_json(item: Measured) -> dict[str, Any]:
    newest = item.first_row
    match = item.match
    return {
        "path": item.path,
        "network": item.network,
        "brand": item.brand,
        "campaign": item.campaign,
        "published_at": _when(item.at),
        "url": item.url,
        "format": item.format,
        "tags": list(item.tags),
        "pillar": item.pillar,
        "match": {
            "by": match.by if match else None,
            "confidence": number(match.confidence) if match else None,
            "reason": match.reason if match else None,
        },
        "metrics": _figures(item.metrics),
        **_engagement(item),
        "engagement_source": item.engagement_source,
        "as_of": newest.snapshot.taken.isoformat(),
        "rows": [{"file": r.snapshot.path, "row": r.row} for r in item.rows],
        "occurrence": _occurrence(item.occurrence),
    }


def _occurrence(index: int | None) -> int | None:
    """A recurring post's place in its series, from 1 (as the exports write it)."""
    return index + 1 if index is not None else None


def unplanned_json(item: Measured) -> dict[str, Any]:
    row = item.first_row
    return {
        "file": row.snapshot.path,
        "row": row.row,
        "network": item.network,
        "url": item.url,
        "id": row.post_id,
        "brand": item.brand,
        "account": row.account,
        "published_at": _when(item.at),
        "reason": item.reason,
        "metrics": _figures(item.metrics),
        **_engagement(item),
        "rows": [{"file": r.snapshot.path, "row": r.row} for r in item.rows],
    }


def kpi_json(kpi: KpiProgress, basis: str | None = None) -> dict[str, Any]:
    return {
        "metric": kpi.metric,
        "target": number(kpi.target),
        "actual": number(kpi.actual),
        "progress": number(kpi.progress),
        "expected": number(kpi.expected),
        "pace": kpi.pace,
        "line": kpi.line,
        "basis": basis,
    }


def campaign_json(item: CampaignResult) -> dict[str, Any]:
    return {
        "id": item.id,
        "path": item.path,
        "title": item.title,
        "brand": item.brand,
        "start": _when(item.start),
        "end": _when(item.end),
        "kpis": [
            kpi_json(k, b)
            for k, b in zip(item.kpis, item.kpi_basis or [None] * len(item.kpis), strict=True)
        ],
        "spend": number(item.spend),
        "currency": item.currency,
        "budget": number(item.budget),
        "cost_per": {name: number(value) for name, value in item.cost_per.items()},
        "cost_basis": dict(sorted(item.cost_basis.items())),
        "posts": item.posts,
        "measured": item.measured,
        "has_results": item.has_results,
        "totals": _figures(item.totals),
        "utm_campaign": list(item.utm_campaign),
    }


def group_json(item: Group) -> dict[str, Any]:
    return {
        "key": item.key,
        "n": item.n,
        "totals": _figures(item.totals),
        **_engagement(item),
        "rate_n": item.rate_n,
        "median_engagement": number(item.median_engagement),
    }


def _ref(item: Measured) -> dict[str, Any]:
    row = item.first_row
    return {
        "path": item.path,
        "file": None if item.planned else row.snapshot.path,
        "row": None if item.planned else row.row,
        "network": item.network,
        "url": item.url,
        "published_at": _when(item.at),
        **_engagement(item),
    }


def claim_json(claim: Claim) -> dict[str, Any]:
    items = [_ref(i) if isinstance(i, Measured) else group_json(i) for i in claim.items]
    return {"status": claim.status, "n": claim.n, "items": items}


def brand_json(item: BrandResult) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name,
        "timezone": item.timezone,
        "posts": {
            "planned": item.planned,
            "unplanned": item.unplanned,
            "no_results": item.no_results,
        },
        "totals": group_json(item.totals),
        "by_week": [group_json(g) for g in item.by_week],
        "by_network": [group_json(g) for g in item.by_network],
        "by_tag": [group_json(g) for g in item.by_tag],
        "by_pillar": [group_json(g) for g in item.by_pillar],
        "by_format": [group_json(g) for g in item.by_format],
        "by_weekday_hour": [group_json(g) for g in item.by_weekday_hour],
        "top": claim_json(item.top),
        "bottom": claim_json(item.bottom),
        "best_times": claim_json(item.best_times),
        "best_days": claim_json(item.best_days),
        "audience": [
            {
                "network": a.network,
                "follows": number(a.follows),
                "followers": number(a.followers),
                "followers_on": _when(a.followers_on),
                "days": a.days,
            }
            for a in item.audience
        ],
    }


def no_result_json(item: NoResult) -> dict[str, Any]:
    return {
        "path": item.path,
        "network": item.network,
        "brand": item.brand,
        "publish_at": item.at.isoformat(),
        "status": item.status,
        "occurrence": _occurrence(item.occurrence),
    }


def diagnostics_json(results: Results, stamped: Sequence[Diagnostic] | None) -> list[dict]:
    """The stamped diagnostics where the check engine gave them, else the raw findings."""
    if stamped is not None:
        return [
            {
                "path": d.path,
                "line": d.line,
                "rule": d.rule,
                "message": d.message,
                "code": d.code,
                "severity": str(d.severity),
                "network": d.network,
            }
            for d in stamped
        ]
    return [
        {
            "path": f.path,
            "line": f.finding.line,
            "rule": f.finding.rule,
            "message": f.finding.message,
            "code": None,
            "severity": str(f.finding.severity) if f.finding.severity is not None else None,
            "network": f.finding.network,
        }
        for f in results.findings
    ]


def to_json(results: Results, diagnostics: Sequence[Diagnostic] | None = None) -> dict[str, Any]:
    """The documented JSON of ``smmplan metrics``; ``diagnostics``: the check engine's stamps."""
    selection = results.selection
    return {
        "version": VERSION,
        "now": results.now.isoformat(),
        "selection": {
            "brands": sorted(selection.brands) if selection.brands is not None else None,
            "campaigns": sorted(selection.campaigns) if selection.campaigns is not None else None,
            "from": _when(selection.start),
            "to": _when(selection.end),
        },
        "posts": [post_json(p) for p in results.posts],
        "campaigns": [campaign_json(c) for c in results.campaigns],
        "unplanned": [unplanned_json(u) for u in results.unplanned],
        "no_results": [no_result_json(n) for n in results.no_results],
        "diagnostics": diagnostics_json(results, diagnostics),
        "brands": [brand_json(b) for b in results.brands],
    }


CSV_HEADER = (
    "kind",
    "path",
    "file",
    "row",
    "network",
    "brand",
    "campaign",
    "published_at",
    "url",
    "format",
    "match_by",
    "confidence",
    *METRICS,
    "engagement",
    "engagement_rate",
    "rate_of",
    "occurrence",
)


def csv_rows(results: Results) -> tuple[tuple[str, ...], list[list[str]]]:
    """One row per measured post (planned, then unplanned), every cell as text."""
    rows = [_csv_row(item) for item in (*results.posts, *results.unplanned)]
    return CSV_HEADER, rows


def _csv_row(item: Measured) -> list[str]:
    row = item.first_row
    values: Iterable[Any] = (
        "planned" if item.planned else "unplanned",
        item.path,
        row.snapshot.path,
        row.row,
        item.network,
        item.brand,
        item.campaign,
        _when(item.at),
        item.url,
        item.format,
        item.match.by if item.match else None,
        number(item.match.confidence) if item.match else None,
        *(number(item.metrics.get(name)) for name in METRICS),
        number(item.engagement),
        number(item.engagement_rate),
        item.rate_of,
        _occurrence(item.occurrence),
    )
    return ["" if value is None else str(value) for value in values]
