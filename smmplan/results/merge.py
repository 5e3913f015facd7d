"""Snapshots, not sums: one post's figures from every row that is that post.

Per-post figures in an export are lifetime totals on the day the file was made, so two
exports of one post are two readings of one counter: per metric the newest snapshot
counts, even where a count went down, and nothing is added up across files. This holds
across formats too (a Meta export and a generic CSV of the same post). "Newest" is the
snapshot's date, then how that date is known (the file's own date before a date in its
name, then git, then the modification time), then the file's path and row, so the
choice never depends on the order files were read in.

The parts of a thread are separate posts on the network: their rows are merged per part
and the parts added up. Unplanned rows are grouped into posts by their URL/id keys (rows
that share a key are one post) before the same merge.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

from smmplan.metrics_model import SNAPSHOT_SOURCES, PostRow
from smmplan.plan import Slot
from smmplan.results.figures import engagement_fields
from smmplan.results.index import localise
from smmplan.results.keys import row_keys
from smmplan.results.model import Measured, RowMatch, Unmatched


def newness(row: PostRow) -> tuple:
    """Sort key: the newest reading of a post sorts last."""
    shot = row.snapshot
    trust = len(SNAPSHOT_SOURCES) - SNAPSHOT_SOURCES.index(shot.taken_from)
    return (shot.taken, trust, shot.path, shot.member or "", row.row)


def newest_per_metric(rows: Iterable[PostRow]) -> dict[str, float]:
    """Each metric from the newest row that has it."""
    figures: dict[str, float] = {}
    for row in sorted(rows, key=newness):
        figures.update(row.metrics)
    return figures


def merge_parts(ordered: Sequence[RowMatch]) -> dict[str, float]:
    """Newest per metric within each thread part, then the parts added up (``ordered``:
    oldest row first)."""
    parts: dict[int, dict[str, float]] = {}
    for item in ordered:
        parts.setdefault(item.match.part, {}).update(item.row.metrics)
    if len(parts) == 1:
        return next(iter(parts.values()))
    total: dict[str, float] = {}
    for part in sorted(parts):
        for metric, value in parts[part].items():
            total[metric] = total.get(metric, 0.0) + value
    return total


def planned(slot: Slot, matches: Sequence[RowMatch]) -> Measured:
    """A planned slot's figures from the rows matched to it."""
    ordered = sorted(matches, key=lambda m: newness(m.row))
    newest_first = ordered[::-1]
    rows = tuple(m.row for m in newest_first)
    best = max(newest_first, key=lambda m: m.match.confidence)  # the newest of equals
    post = slot.post
    url = post.published.get(slot.network) or next((r.url for r in rows if r.url), None)
    metrics = merge_parts(ordered)
    return Measured(
        network=slot.network,
        brand=slot.brand.id,
        metrics=MappingProxyType(metrics),
        rows=rows,
        at=slot.publish_at,
        path=post.path,
        campaign=post.campaign,
        tags=post.tags,
        pillar=post.pillar,
        format=slot_format(slot, rows),
        match=best.match,
        url=url,
        occurrence=slot.occurrence.index if slot.occurrence is not None else None,
        **engagement_fields(metrics),
    )


def slot_format(slot: Slot, rows: Sequence[PostRow]) -> str:
    """The variant's ``format``; else ``thread`` for a threaded post; else the row's kind."""
    if slot.variant.format:
        return slot.variant.format
    if len(slot.variant.parts) > 1 and slot.spec.threads:
        return "thread"
    return next((r.kind for r in rows if r.kind), "post")


def unplanned(items: Sequence[Unmatched], timezones: Mapping[str, str]) -> list[Measured]:
    """Unmatched rows grouped into network posts (rows sharing a URL/id key are one).

    ``timezones``: brand id -> zone, and ``""`` -> the project's zone for rows of no brand.
    """
    groups = _group(items)
    result = []
    for members in groups:
        rows = tuple(sorted((m.row for m in members), key=newness, reverse=True))
        newest = next(m for m in members if m.row is rows[0])
        brand = newest.brand
        moment = next((r.published for r in rows if r.published is not None), None)
        if moment is not None:
            moment = localise(moment, timezones.get(brand or "", timezones[""]))
        metrics = newest_per_metric(rows)
        measured = Measured(
            network=rows[0].network,
            brand=brand,
            metrics=MappingProxyType(metrics),
            rows=rows,
            at=moment,
            format=next((r.kind for r in rows if r.kind), "post"),
            url=next((r.url for r in rows if r.url), None),
            reason=newest.reason,
            **engagement_fields(metrics),
        )
        result.append(measured)
    return sorted(result, key=lambda m: (m.first_row.snapshot.path, m.first_row.row))


def _group(items: Sequence[Unmatched]) -> list[list[Unmatched]]:
    """Union of rows that share a key (per network); a row without a key stays alone."""
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[str, str], int] = {}
    for position, item in enumerate(items):
        for key in row_keys(item.row.network, item.row.post_id, item.row.url):
            other = owner.setdefault((item.row.network, key), position)
            if other != position:
                parent[root(position)] = root(other)
    groups: dict[int, list[Unmatched]] = {}
    for position, item in enumerate(items):
        groups.setdefault(root(position), []).append(item)
    return list(groups.values())
