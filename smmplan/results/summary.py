"""``smmplan metrics`` in the terminal: campaigns with KPI bars and pace, then each brand.

Plain text, one idea per line, numbers with thousands separators; nothing here decides a
figure, it only shows what ``Results`` holds (and says "not enough posts" where a claim
has fewer than five behind it).
"""

from __future__ import annotations

from collections.abc import Iterator

from smmplan.results.brands import MIN_POSTS
from smmplan.results.explain import Explanation
from smmplan.results.index import TOLERANCE
from smmplan.results.model import BrandResult, CampaignResult, Claim, Group, Measured, Results

BAR = 20
SHOWN = ("views", "reach", "link_clicks", "video_views", "follows")


def figure(value: float | None, metric: str = "") -> str:
    if value is None:
        return "—"
    if metric.endswith("_rate"):
        return f"{value * 100:.1f} %"
    if float(value).is_integer() or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def bar(progress: float | None) -> str:
    if progress is None:
        return "[" + " " * BAR + "]"
    filled = max(0, min(BAR, round(progress * BAR)))
    return "[" + "#" * filled + "." * (BAR - filled) + "]"


def campaign_lines(item: CampaignResult) -> Iterator[str]:
    dates = f"{item.start} to {item.end}" if item.start and item.end else "no dates"
    yield f"Campaign {item.id}: {item.title} ({item.brand or 'no brand'}), {dates}"
    yield f"  {item.measured} of {item.posts} planned posts measured"
    width = max((len(k.metric) for k in item.kpis), default=0)
    for kpi, basis in zip(item.kpis, item.kpi_basis or [None] * len(item.kpis), strict=True):
        if kpi.actual is None:
            state = "no results yet" if not item.has_results else "no export carries it"
            yield f"  {kpi.metric:<{width}}  {bar(None)}  {state} (target {figure(kpi.target, kpi.metric)})"
            continue
        share = f"{kpi.progress * 100:4.0f} %" if kpi.progress is not None else "   —"
        pace = ""
        if kpi.pace is not None:
            pace = f"  {kpi.pace} (expected {figure(kpi.expected, kpi.metric)} by now)"
        yield (
            f"  {kpi.metric:<{width}}  {bar(kpi.progress)} {share}  "
            f"{figure(kpi.actual, kpi.metric)} / {figure(kpi.target, kpi.metric)}"
            f"{f' ({basis})' if basis in ('ads', 'ga4') else ''}{pace}"
        )
    if item.spend is not None or item.budget is not None:
        yield "  " + spend_line(item)


def spend_line(item: CampaignResult) -> str:
    currency = f" {item.currency}" if item.currency else ""
    if item.spend is None:
        return f"budget {figure(item.budget)}{currency}; no spend in the ads exports"
    budget = f" of {figure(item.budget)}" if item.budget is not None else ""
    costs = [
        f"{name.upper() if name != 'key_event' else 'per key event'} {figure(value)}"
        f" ({item.cost_basis.get(name, '')})"
        for name, value in item.cost_per.items()
        if value is not None
    ]
    return f"spend {figure(item.spend)}{budget}{currency}" + "".join(f" · {c}" for c in costs)


def group_line(item: Group) -> str:
    parts = [f"{item.n} post{'s' if item.n != 1 else ''}"]
    parts += [f"{name} {figure(item.totals[name])}" for name in SHOWN if name in item.totals]
    if item.engagement is not None:
        parts.append(f"engagement {figure(item.engagement)}")
    if item.engagement_rate is not None:
        parts.append(
            f"rate {figure(item.engagement_rate, '_rate')} of {item.rate_of} (n={item.rate_n})"
        )
    return " · ".join(parts)


def _post_name(item: Measured) -> str:
    if item.planned:
        return f"{item.path} {item.network}"
    row = item.first_row
    return f"{row.snapshot.path}:{row.row} {item.network} (unplanned)"


def claim_lines(title: str, claim: Claim, within: str = "") -> Iterator[str]:
    """A ranking or best times; ``within``: the groups a claim needs 5 posts in ("hour")."""
    if claim.status != "ok":
        if within and claim.n >= MIN_POSTS:
            why = f"no {within} has {MIN_POSTS} posts yet ({claim.n} posts in all)"
        else:
            why = f"not enough posts ({claim.n} of {MIN_POSTS})"
        yield f"  {title}: {why}"
        return
    yield f"  {title} (of {claim.n}):"
    for position, item in enumerate(claim.items, 1):
        if isinstance(item, Measured):
            yield f"    {position}. {_post_name(item)} · engagement {figure(item.engagement)}"
        else:
            median = figure(item.median_engagement)
            yield f"    {position}. {item.key} · median engagement {median} (n={item.n})"


def brand_lines(item: BrandResult) -> Iterator[str]:
    yield f"Brand {item.id}: {item.name} ({item.timezone})"
    yield f"  {item.planned} planned and {item.unplanned} unplanned posts measured; {item.no_results} with no results yet"
    yield f"  total: {group_line(item.totals)}"
    for group in item.by_network:
        yield f"  {group.key}: {group_line(group)}"
    if item.by_format:
        yield "  by format: " + ", ".join(f"{g.key} {g.n}" for g in item.by_format)
    if item.by_tag:
        yield "  by tag: " + ", ".join(f"{g.key} {g.n}" for g in item.by_tag)
    if item.by_pillar:
        yield "  by pillar: " + ", ".join(f"{g.key} {g.n}" for g in item.by_pillar)
    yield from claim_lines("top posts", item.top)
    yield from claim_lines("bottom posts", item.bottom)
    yield from claim_lines("best hours", item.best_times, "hour")
    yield from claim_lines("best weekdays", item.best_days, "weekday")
    for audience in item.audience:
        if audience.follows is None and audience.followers is None:
            continue
        yield (
            f"  audience on {audience.network}: {figure(audience.follows)} follows gained,"
            f" {figure(audience.followers)} followers ({audience.followers_on or 'no count'})"
        )


def summary(results: Results) -> str:
    """The whole terminal summary."""
    lines: list[str] = []
    for campaign in results.campaigns:
        lines += [*campaign_lines(campaign), ""]
    for brand in results.brands:
        lines += [*brand_lines(brand), ""]
    if results.no_results:
        lines.append(f"No results yet ({len(results.no_results)}):")
        lines += [f"  {w.path} {w.network} ({w.at:%Y-%m-%d %H:%M %z})" for w in results.no_results]
    if results.unplanned:
        lines.append(f"Unplanned posts ({len(results.unplanned)}):")
        lines += [
            f"  {_post_name(u)}: {u.url or u.first_row.post_id or ''} — {u.reason}"
            for u in results.unplanned
        ]
    if not results.posts and not results.unplanned:
        lines.append("No analytics rows: drop the networks' exports into content/metrics/.")
    return "\n".join(lines).rstrip() + "\n"


def explanation_text(explanation: Explanation) -> str:
    """``--explain``: per network, the rows matched and every row considered."""
    lines = [explanation.path]
    if not explanation.slots:
        lines.append("  no network slot: the post goes nowhere (no networks, or all disabled)")
    for slot in explanation.slots:
        when = f"{slot.publish_at:%Y-%m-%d %H:%M %z}" if slot.publish_at else "no time"
        recorded = f", published: {slot.published}" if slot.published else ""
        lines.append(f"  {slot.network} (planned {when}, {slot.status}{recorded})")
        for item in slot.matched:
            row, match = item.row, item.match
            lines.append(
                f"    matched {row.snapshot.path}:{row.row} by {match.by},"
                f" confidence {match.confidence:.2f}: {match.reason}"
            )
        if not slot.matched:
            lines.append("    no row matched")
        for seen in slot.considered:
            if seen.outcome == "matched here":
                continue
            lines.append(
                f"    considered {seen.row.snapshot.path}:{seen.row.row}: {_scores(seen)}; {seen.outcome}"
            )
        if not slot.considered:
            hours = TOLERANCE.total_seconds() / 3600
            lines.append(
                f"    no row on {slot.network} has its URL/id or a time within ±{hours:.0f} h"
            )
    return "\n".join(lines) + "\n"


def _scores(seen) -> str:
    if seen.by_key:
        return "its URL/id is the one recorded"
    candidate = seen.candidate
    hours = candidate.delta.total_seconds() / 3600
    if candidate.similarity is None:
        return f"{hours:.1f} h away, no text, score {candidate.score:.2f}"
    return f"{hours:.1f} h away, text similarity {candidate.similarity:.2f}, score {candidate.score:.2f}"
