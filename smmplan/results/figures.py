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

from collections.abc import Sequence
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


def engagement_fields(metrics) -> dict:
    """``Measured``'s engagement fields for a post's figures."""
    value, source = engagement(metrics)
    share, base = rate(metrics, value)
    return {
        "engagement": value,
        "engagement_source": source,
        "engagement_rate": share,
        "rate_of": base,
    }


def group(key: str, items: Sequence[Measured]) -> Group:
    """The figures of a set of posts (one pass over them: groups are made by the thousand)."""
    totals: dict[str, float] = {}
    engaged: list[float] = []
    sums = {name: [0, 0.0, 0.0] for name in DENOMINATORS}  # posts, engagement, denominator
    for item in items:
        metrics = item.metrics
        for metric, value in metrics.items():
            totals[metric] = totals.get(metric, 0.0) + value
        value = item.engagement
        if value is None:
            continue
        engaged.append(value)
        for name in DENOMINATORS:
            base = metrics.get(name)
            if base:
                tally = sums[name]
                tally[0] += 1
                tally[1] += value
                tally[2] += base
    chosen = max(DENOMINATORS, key=lambda name: (sums[name][0], name == "reach"))
    posts, engagement_sum, base_sum = sums[chosen]
    return Group(
        key=key,
        n=len(items),
        totals=MappingProxyType(dict(sorted(totals.items()))),
        engagement=sum(engaged) if engaged else None,
        engagement_rate=engagement_sum / base_sum if posts else None,
        rate_of=chosen if posts else None,
        rate_n=posts,
        median_engagement=median(engaged) if engaged else None,
    )
