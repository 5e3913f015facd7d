"""The results stage: what the networks' own exports say about the plan.

Pure functions of the project, the metrics read from ``content/metrics/``
(``smmplan.metrics_model.MetricsData``) and the time taken as now:

- :func:`match` joins each export row to a planned (post, network) slot, or leaves it
  unplanned (``smmplan.results.match``);
- :func:`analyse` turns a matching into figures: measured posts, "no results yet",
  campaigns against their KPIs, brand breakdowns (``Results``);
- :func:`collect` does both; ``Results.went_out`` and ``Results.progress`` are what the
  checks need (``Context.went_out``, ``Context.progress``);
- :func:`to_json` is the documented JSON of ``smmplan metrics``; :func:`explain` says why
  a post's rows matched, or why none did.

This package imports the model, ``smmplan.plan`` and nothing of checks or rendering.
"""

from __future__ import annotations

from datetime import datetime

from smmplan.metrics_model import KpiProgress, MetricsData
from smmplan.model import Project
from smmplan.results.analyse import analyse, went_out
from smmplan.results.explain import Explanation, explain
from smmplan.results.match import match
from smmplan.results.model import (
    BrandResult,
    CampaignResult,
    Group,
    Match,
    Matching,
    Measured,
    NoResult,
    Results,
    ResultsFilter,
)
from smmplan.results.output import csv_rows, to_json


def collect(
    project: Project, data: MetricsData, now: datetime, selection: ResultsFilter | None = None
) -> Results:
    """Match every row, then analyse what the selection covers."""
    return analyse(project, data, match(project, data), now, selection or ResultsFilter())


def progress(results: Results) -> tuple[KpiProgress, ...]:
    """Every campaign's KPI progress, for ``Context.progress``."""
    return results.progress


__all__ = [
    "BrandResult",
    "CampaignResult",
    "Explanation",
    "Group",
    "Match",
    "Matching",
    "Measured",
    "NoResult",
    "Results",
    "ResultsFilter",
    "analyse",
    "collect",
    "csv_rows",
    "explain",
    "match",
    "progress",
    "to_json",
    "went_out",
]
