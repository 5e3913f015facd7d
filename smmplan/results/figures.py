"""Engagement, engagement rate and the totals of a group of posts.

- **Engagement** of a post is the network's own total where its export gives one
  (``engagements``: Meta's "Reactions, Comments and Shares", X's "Engagements",
  LinkedIn's, Hootsuite's), else ``reactions + comments + shares + saves`` over those the
  export has. ``engagement_source`` says which ("network" or "sum"); no component at all
  leaves it unknown (None), never zero.
- **Engagement rate** is engagement divided by reach, or by views where the export has no
  reach (X, TikTok, YouTube); ``rate_of`` names the denominator. A fraction: 0.05 is 5 %.
- A **group**'s rate is Σ engagement / Σ denominator over its posts that have both, with
  the denominator the group's posts have most (reach wins a tie), so reach-based and
  view-based rates are never mixed; ``rate_n`` says how many posts it rests on.

Totals add per-post figures up: the total reach of ten posts is the sum of their reach,
not the number of distinct people (no export says that).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from statistics import median
from types import MappingProxyType

from smmplan.results.model import Group, Measured

ENGAGEMENT_PARTS = ("reactions", "comments", "shares", "saves")
DENOMINATORS = ("reach", "views")


def engagement(metrics: dict | MappingProxyType) -> tuple[float | None, str | None]:
    """(engagement, source) of one post's figures."""
    if "engagements" in metrics:
        return metrics["engagements"], "network"
    present = [metrics[name] for name in ENGAGEMENT_PARTS if name in metrics]
    return (sum(present), "sum") if present else (None, None)


def rate(metrics, value: float | None) -> tuple[float | None, str | None]:
    """(engagement rate, denominator) of one post."""
    if value is None:
        return None, None
    for name in DENOMINATORS:
        base = metrics.get(name)
        if base:
            return value / base, name
    return None, None


def with_engagement(item: Measured) -> Measured:
    value, source = engagement(item.metrics)
    share, base = rate(item.metrics, value)
    return replace(
        item, engagement=value, engagement_source=source, engagement_rate=share, rate_of=base
    )


def group(key: str, items: Sequence[Measured]) -> Group:
    """The figures of a set of posts."""
    totals: dict[str, float] = {}
    for item in items:
        for metric, value in item.metrics.items():
            totals[metric] = totals.get(metric, 0.0) + value
    engaged = [i.engagement for i in items if i.engagement is not None]
    share, base, rate_n = group_rate(items)
    return Group(
        key=key,
        n=len(items),
        totals=MappingProxyType(dict(sorted(totals.items()))),
        engagement=sum(engaged) if engaged else None,
        engagement_rate=share,
        rate_of=base,
        rate_n=rate_n,
        median_engagement=median(engaged) if engaged else None,
    )


def group_rate(items: Iterable[Measured]) -> tuple[float | None, str | None, int]:
    """(rate, denominator, posts) of a group, as the module docstring says."""
    counts = {name: 0 for name in DENOMINATORS}
    usable = [i for i in items if i.engagement is not None]
    for item in usable:
        for name in DENOMINATORS:
            if item.metrics.get(name):
                counts[name] += 1
    base = max(DENOMINATORS, key=lambda name: (counts[name], name == "reach"))
    chosen = [i for i in usable if i.metrics.get(base)]
    if not chosen:
        return None, None, 0
    total = sum(i.metrics[base] for i in chosen)
    return sum(i.engagement for i in chosen) / total, base, len(chosen)  # type: ignore[misc]
