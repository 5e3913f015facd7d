"""Which export row is which planned post: by its URL or id first, else by time and text.

For each ``PostRow`` (see ``docs/analytics.md``, "How matching works"):

1. **URL or id.** A post's ``published: {network: URL or id}`` names the post on that
   network; a row whose URL or id has a key in common with it (``smmplan.results.keys``)
   is that post, with confidence 1. Two posts claiming one row: the row's account decides,
   else it is ambiguous.
2. **Account.** The row's account (or the handle in its URL) names the brand: one of the
   brand's ``accounts`` on that network, compared without ``@`` and case, or the brand's
   name (Meta exports give the page's name). An account that is no brand's makes the row
   unplanned and counted in no brand's totals (``result-unknown-account``, once per file
   and account), unless no brand lists an account on that network (then nothing can be
   told from it). A row without an account is tried against every brand.
3. **Time and text.** Among the brand's posts on that network within ``TOLERANCE`` of the
   row's time (naive times are the brand's wall clock; a row dated by day only is tried
   against that whole local day), the one whose text is most alike
   (``smmplan.results.similar``) with a similarity of at least ``MIN_SIMILARITY`` wins;
   confidence is ``0.8 × similarity + 0.2 × closeness in time``. A row without text
   matches only when one post alone is in the window, with a confidence of at most 0.6.
   Two candidates within ``AMBIGUITY_MARGIN`` of each other: ambiguous, no match
   (``result-ambiguous``). Cancelled posts are never candidates here.

A recurring post (``repeat:``) goes out at each occurrence of its series, each a post of
its own on the network: a row is that occurrence nearest its time. By time and text, the
post is a candidate once, at its occurrence nearest the row (within ``TOLERANCE``, as any
post); by URL or id, the occurrence nearest the row's time takes it (the first one when
the row has no time), since ``published:`` names the post, not the date.

Posts are indexed (``smmplan.results.index``) by (network, key) and by brand, network
and time, so a row costs a few dictionary lookups and scores only the handful of posts
within its window.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from types import MappingProxyType
from typing import Any, NamedTuple

from smmplan.load.cache import paused_gc
from smmplan.metrics_model import MetricsData, PostRow
from smmplan.model import FileFinding, Finding, Project
from smmplan.plan import Slot
from smmplan.results.index import (
    TOLERANCE,
    Index,
    PlanKey,
    SlotKey,
    part_of,
    plan_key,
    slot_signatures,
)
from smmplan.results.keys import handle_in_url, looks_like_url, row_keys, same_handle
from smmplan.results.model import Match, Matching, RowMatch, Unmatched
from smmplan.results.similar import Signature, best_similarity, signature

MIN_SIMILARITY = 0.5
AMBIGUITY_MARGIN = 0.05
TEXT_WEIGHT = 0.8
TEXTLESS_WEIGHT = 0.6

_SPAN = TOLERANCE.total_seconds()


class Candidate(NamedTuple):
    """A planned post scored against a row by time and text (a tuple: made by the 100,000)."""

    slot: Slot
    score: float
    similarity: float | None  # None: the row has no text
    seconds: float  # from the row's time
    part: int

    @property
    def delta(self) -> timedelta:
        return timedelta(seconds=self.seconds)


def score(row: PostRow, slot: Slot, seconds: float, text: Signature | None = None) -> Candidate:
    """How well a planned post ``seconds`` away fits a row by time and text (``text``: the
    row's, made once)."""
    closeness = 0.5 if row.published_day_only else max(0.0, 1 - seconds / _SPAN)
    if text is None and row.text:
        text = signature(row.text)
    if text is not None and text.plain:
        similarity, index = best_similarity(text, slot_signatures(slot))
        value = TEXT_WEIGHT * similarity + (1 - TEXT_WEIGHT) * closeness
        return Candidate(slot, value, similarity, seconds, part_of(slot, index))
    return Candidate(slot, TEXTLESS_WEIGHT * closeness, None, seconds, 0)


def acceptable(candidate: Candidate, alone: bool) -> bool:
    if candidate.similarity is None:
        return alone
    return candidate.similarity >= MIN_SIMILARITY


@dataclass
class _Outcome:
    matches: list[RowMatch] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    findings: list[FileFinding] = field(default_factory=list)
    foreign: set[tuple[str, str, str]] = field(default_factory=set)
    decided: dict[tuple, tuple[str, Any]] = field(default_factory=dict)  # see _by_time


def match(project: Project, data: MetricsData) -> Matching:
    """Join every post row of the metrics to a planned slot, or leave it unmatched."""
    with paused_gc():
        index = Index.build(project)
        out = _Outcome()
        for row in data.posts:
            _match_row(index, row, out)
        _adopt(out)
    plan = MappingProxyType(index.slots)
    return Matching(tuple(out.matches), tuple(out.unmatched), tuple(out.findings), plan)


def _adopt(out: _Outcome) -> None:
    """An unmatched row with the URL or id of a matched row is the same post: join it."""
    owner: dict[tuple[str, str], RowMatch] = {}
    for item in out.matches:
        for key in row_keys(item.row.network, item.row.post_id, item.row.url):
            owner.setdefault((item.row.network, key), item)
    if not owner:
        return
    left, adopted = [], set()
    for item in out.unmatched:
        row = item.row
        found = (owner.get((row.network, k)) for k in row_keys(row.network, row.post_id, row.url))
        hit = next((h for h in found if h is not None), None)
        if hit is None:
            left.append(item)
            continue
        reason = f"same post as row {hit.row.row} of {hit.row.snapshot.path}: {hit.match.reason}"
        match_ = Match(hit.match.by, hit.match.confidence, reason, hit.match.part)
        out.matches.append(RowMatch(row, hit.path, hit.network, match_, hit.occurrence))
        adopted.add((row.snapshot.path, row.row))
    out.unmatched = left
    out.findings = [
        f
        for f in out.findings
        if f.finding.rule != "result-ambiguous" or (f.path, f.finding.line) not in adopted
    ]


def _match_row(index: Index, row: PostRow, out: _Outcome) -> None:
    account = row.account or handle_in_url(row.network, row.url)
    known, brand_id = (
        (True, None) if account is None else index.brand_of_account(row.network, account)
    )
    claimed = index.by_published(row)
    if len(claimed) > 1 and brand_id is not None:
        claimed = [k for k in claimed if index.series[k][0].brand.id == brand_id] or claimed
    if len(claimed) == 1:
        out.matches.append(_by_published(index, row, claimed[0]))
        return
    if claimed:
        names = " and ".join(path for path, _ in claimed[:2])
        out.findings.append(
            _finding(
                row,
                "result-ambiguous",
                f"the row's URL or id is recorded in published: of both {names}",
            )
        )
        out.unmatched.append(
            Unmatched(row, brand_id or index.default_brand(row.network), f"recorded by {names}")
        )
        return
    if account is not None and not known:
        _foreign(row, account, out)
        return
    if row.published is None:
        out.unmatched.append(
            Unmatched(
                row,
                brand_id or index.default_brand(row.network),
                "the row has no publishing time and no post records its URL or id",
            )
        )
        return
    brands = [brand_id] if brand_id else index.brand_ids
    _by_time(index, row, brands, brand_id or index.default_brand(row.network), out)


def _by_published(index: Index, row: PostRow, key: SlotKey) -> RowMatch:
    path, network = key
    slot = index.nearest(key, row)
    recorded = slot.post.published[network]
    by = "url" if looks_like_url(recorded) else "id"
    reason = f"{path} records published.{network}: {recorded}"
    return RowMatch(row, path, network, Match(by, 1.0, reason), plan_key(slot)[2])


def _foreign(row: PostRow, account: str, out: _Outcome) -> None:
    out.unmatched.append(Unmatched(row, None, f"account {account} is none of the brands' accounts"))
    seen = (row.snapshot.path, row.network, same_handle(account))
    if seen not in out.foreign:
        out.foreign.add(seen)
        message = (
            f"account {account} on {row.network} is none of the brands' accounts: its rows count"
            f" for no brand (add it to a brand's accounts if it is one)"
        )
        out.findings.append(_finding(row, "result-unknown-account", message))


def _by_time(
    index: Index, row: PostRow, brands: list[str], owner: str | None, out: _Outcome
) -> None:
    # The same post comes back in every snapshot with the same time and text: its rows are
    # scored once (a quarter to a half of the rows of a weekly export history).
    key = (row.network, row.text, row.published, row.published_day_only, tuple(brands))
    decided = out.decided.get(key)
    if decided is None:
        decided = out.decided[key] = _decide(index, row, brands)
    kind, detail = decided
    if kind == "match":
        path, network, occurrence, found = detail
        out.matches.append(RowMatch(row, path, network, found, occurrence))
    elif kind == "ambiguous":
        names, message = detail
        out.findings.append(_finding(row, "result-ambiguous", message))
        out.unmatched.append(Unmatched(row, owner, f"fits {names} equally well"))
    else:
        out.unmatched.append(Unmatched(row, owner, detail))


def _decide(index: Index, row: PostRow, brands: list[str]) -> tuple[str, Any]:
    """("match", (path, network, occurrence, Match)), ("ambiguous", (names, message)) or
    ("none", why)."""
    window = _nearest_occurrences(index.window(row, brands))
    text = signature(row.text) if row.text else None  # cached: a post comes back in each export
    scored = [score(row, slot, seconds, text) for slot, seconds in window]
    if len(scored) > 1:
        scored.sort(key=_rank)
    good = [c for c in scored if acceptable(c, len(scored) == 1)]
    if not good:
        return "none", _why_none(row, scored)
    best = good[0]
    if len(good) > 1 and best.score - good[1].score < AMBIGUITY_MARGIN:
        names = f"{best.slot.post.path} and {good[1].slot.post.path}"
        message = f"the row fits {names} equally well ({best.score:.2f} and {good[1].score:.2f}); record published: on the right one"
        return "ambiguous", (names, message)
    found = Match("time+text", round(best.score, 4), describe(best), best.part)
    path, network, occurrence = plan_key(best.slot)
    return "match", (path, network, occurrence, found)


def _nearest_occurrences(window: list[tuple[Slot, float]]) -> list[tuple[Slot, float]]:
    """Each post once, at its occurrence nearest the row (a post without a series: itself)."""
    nearest: dict[SlotKey, tuple[Slot, float]] = {}
    for slot, seconds in window:
        key = (slot.post.path, slot.network)
        kept = nearest.get(key)
        if kept is None or seconds < kept[1]:
            nearest[key] = (slot, seconds)
    return list(nearest.values()) if len(nearest) < len(window) else window


def _rank(candidate: Candidate) -> tuple[float, str]:
    return -candidate.score, candidate.slot.post.path


def describe(candidate: Candidate) -> str:
    """A candidate's scores in words, for ``reason`` and ``--explain``."""
    hours = candidate.delta.total_seconds() / 3600
    when = f"{hours:.1f} h from its planned time"
    if candidate.similarity is None:
        return f"{when}; the row has no text and no other post is in the window"
    part = f" (thread part {candidate.part + 1})" if candidate.part else ""
    return f"{when}; text similarity {candidate.similarity:.2f}{part}"


def _why_none(row: PostRow, scored: list[Candidate]) -> str:
    if not scored:
        span = (
            "that day"
            if row.published_day_only
            else f"within ±{TOLERANCE.total_seconds() / 3600:.0f} h"
        )
        return f"no planned {row.network} post {span}"
    if scored[0].similarity is None:
        return f"the row has no text and {len(scored)} posts are in the window"
    return f"no planned post's text is alike (best similarity {max(c.similarity or 0 for c in scored):.2f} < {MIN_SIMILARITY})"


def _finding(row: PostRow, rule: str, message: str) -> FileFinding:
    return FileFinding(row.snapshot.path, Finding(rule, message, row.row, network=row.network))


def rows_by_slot(matching: Matching) -> dict[PlanKey, list[RowMatch]]:
    """The matched rows of each slot: (path, network, occurrence index or None)."""
    grouped: dict[PlanKey, list[RowMatch]] = defaultdict(list)
    for item in matching.matched:
        grouped[item.path, item.network, item.occurrence].append(item)
    return grouped
