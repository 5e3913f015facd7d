"""``smmplan metrics --explain POST``: why each export row of a post matched, or why none did.

For each network of the post: the rows matched to it with their reason, and every row
that could have been it (its URL or id, or a time within the window) with its scores
and what became of it (matched to this post, to another one, or left unplanned, and why).
A recurring post is explained occurrence by occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from smmplan.metrics_model import MetricsData, PostRow
from smmplan.model import Post, Project
from smmplan.plan import Slot, slots
from smmplan.results.index import TOLERANCE, Index, localise, plan_key
from smmplan.results.keys import handle_in_url, keys, row_keys
from smmplan.results.match import Candidate, acceptable, score
from smmplan.results.model import Matching, RowMatch


@dataclass(frozen=True, slots=True)
class Considered:
    """A row that could have been the post, with its scores and its fate."""

    row: PostRow
    by_key: bool  # its URL or id is the one the post records
    candidate: Candidate | None  # its time-and-text score, when within the window
    accepted: bool  # whether the score alone is good enough
    outcome: str  # "matched here", "matched to <path>", "unplanned: <why>"


@dataclass(frozen=True)
class SlotExplanation:
    network: str
    publish_at: datetime | None
    status: str
    published: str | None
    matched: tuple[RowMatch, ...]
    considered: tuple[Considered, ...]


@dataclass(frozen=True)
class Explanation:
    path: str
    slots: tuple[SlotExplanation, ...]


def find_post(project: Project, name: str) -> Post | None:
    """A post by its repository path, its path without ``.md``, or its slug."""
    name = name.replace("\\", "/").strip().removeprefix("./")
    for post in project.posts:
        if name in (post.path, post.path.removesuffix(".md"), post.slug):
            return post
    return None


def explain(project: Project, data: MetricsData, matching: Matching, post: Post) -> Explanation:
    """The matching of one post, row by row, as the module docstring says."""
    fate = {(m.row.snapshot.path, m.row.row, m.row.snapshot.member): m for m in matching.matched}
    left = {(u.row.snapshot.path, u.row.row, u.row.snapshot.member): u for u in matching.unmatched}
    index = Index.accounts_only(project)
    explained = []
    for slot in (s for s in slots(project) if s.post.path == post.path):
        key = plan_key(slot)
        own = tuple(m for m in matching.matched if (m.path, m.network, m.occurrence) == key)
        considered = []
        for row in data.posts:
            if row.network != slot.network:
                continue
            item = _consider(index, slot, row, fate, left)
            if item is not None:
                considered.append(item)
        explained.append(
            SlotExplanation(
                slot.network,
                slot.publish_at,
                post.status,
                post.published.get(slot.network),
                own,
                tuple(considered),
            )
        )
    return Explanation(post.path, tuple(explained))


def _consider(index: Index, slot: Slot, row: PostRow, fate: dict, left: dict) -> Considered | None:
    by_key = bool(
        keys(slot.network, slot.post.published.get(slot.network))
        & row_keys(row.network, row.post_id, row.url)
    )
    candidate = None
    if row.published is not None and slot.publish_at is not None:
        moment = localise(row.published, slot.brand.timezone)
        delta = abs(slot.publish_at - moment)
        same_day = moment.astimezone(slot.local.tzinfo).date() == slot.local.date()  # type: ignore[union-attr]
        if delta <= TOLERANCE or (row.published_day_only and same_day):
            candidate = score(row, slot, delta.total_seconds())
    if not by_key and candidate is None:
        return None
    where = (row.snapshot.path, row.row, row.snapshot.member)
    outcome = _outcome(index, slot, row, fate.get(where), left.get(where))
    accepted = by_key or (candidate is not None and acceptable(candidate, alone=True))
    return Considered(row, by_key, candidate, accepted, outcome)


def _outcome(index: Index, slot: Slot, row: PostRow, matched, unmatched) -> str:
    if matched is not None:
        key = (matched.path, matched.network, matched.occurrence)
        if key == plan_key(slot):
            return "matched here"
        if key[:2] == (slot.post.path, slot.network) and matched.occurrence is not None:
            return f"matched to occurrence {matched.occurrence + 1} ({matched.match.reason})"
        return f"matched to {matched.path} ({matched.match.reason})"
    account = row.account or handle_in_url(row.network, row.url)
    if account is not None:
        known, owner = index.brand_of_account(row.network, account)
        if known and owner not in (None, slot.brand.id):
            return (
                f"unplanned: account {account} is brand {owner}'s, this post is {slot.brand.id}'s"
            )
    return f"unplanned: {unmatched.reason}" if unmatched is not None else "unplanned"
