"""The plan: every post × network as a ``Slot`` in time, the view renderers share.

The site, the exports, ``calendar``, ``diff`` and the results stage all read the project
through these slots, so they agree on what goes out where and when (local time of the
brand), and on the UTM parameters a slot's link carries (``utm_parameters``), which the
exports write and the results stage looks for in Google Analytics.

A recurring post (``repeat:``) has a slot per network and occurrence of its series, each
with the occurrence's time and text (``occurrence_variant``), so every reader sees each
occurrence as a post of its own; skipped occurrences have none.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from smmplan.load.values import check_year
from smmplan.memo import ByIdentity
from smmplan.model import STATUSES, Brand, NetworkSpec, Occurrence, Post, Project, Variant

DEFAULT_EXPORT_STATUSES = ("approved", "scheduled")


@dataclass(frozen=True)
class Slot:
    """One post on one network (at one occurrence of its series, for a recurring post)."""

    post: Post
    variant: Variant  # as it goes out then: a recurring post's time and text of the occurrence
    spec: NetworkSpec
    brand: Brand
    occurrence: Occurrence | None = None  # None: the post does not repeat

    @property
    def network(self) -> str:
        return self.variant.network

    @property
    def publish_at(self) -> datetime | None:
        return self.variant.publish_at

    @cached_property  # a slot is immutable; a zone conversion is not cheap
    def local(self) -> datetime | None:
        """The publishing time on the brand's wall clock."""
        moment = self.variant.publish_at
        return moment.astimezone(ZoneInfo(self.brand.timezone)) if moment else None

    @cached_property
    def sort_key(self) -> tuple:
        moment = self.variant.publish_at
        index = self.occurrence.index if self.occurrence is not None else 0
        return (
            moment is None,
            moment.timestamp() if moment else 0.0,
            self.post.path,
            self.network,
            index,
        )


def slots(
    project: Project,
    *,
    statuses: Collection[str] | None = None,
    brands: Collection[str] | None = None,
    networks: Collection[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[Slot]:
    """Slots sorted by time (undated last), filtered; ``start``/``end`` are local dates, inclusive."""
    result = []
    for post in project.posts:
        if statuses is not None and post.status not in statuses:
            continue
        brand = project.brand_of(post)
        if brand is None or (brands is not None and brand.id not in brands):
            continue
        for slot in post_slots(project, post, brand):
            if networks is not None and slot.network not in networks:
                continue
            if start is not None or end is not None:
                local = slot.local
                if local is None:
                    continue
                if (start and local.date() < start) or (end and local.date() > end):
                    continue
            result.append(slot)
    return sorted(result, key=lambda s: s.sort_key)


_SLOTS: ByIdentity[list[Slot]] = ByIdentity()
"""The slots of an unchanged post are the same objects from one ``slots`` call to the
next (``serve`` asks for them after every edit), local times and sort keys computed once."""


def post_slots(project: Project, post: Post, brand: Brand) -> list[Slot]:
    """Every slot of one post of the brand, in the order of its networks."""

    def make() -> list[Slot]:
        found = []
        for variant in post.variants:
            spec = project.spec(variant.network, brand.id)
            if variant.disabled or spec is None:
                continue
            for shown, occurrence in occurrence_variants(post, variant):
                found.append(Slot(post, shown, spec, brand, occurrence))
        return found

    return _SLOTS.get((post, brand, project.networks, project.brand_networks), make)


def occurrence_variants(
    post: Post, variant: Variant
) -> Iterator[tuple[Variant, Occurrence | None]]:
    """The variant at each occurrence that goes out; a post that does not repeat: itself."""
    if post.repeat is None or post.publish_at is None:
        yield variant, None
        return
    for occurrence in post.repeat.active:
        yield occurrence_variant(post, variant, occurrence), occurrence


def occurrence_variant(post: Post, variant: Variant, occurrence: Occurrence) -> Variant:
    """The variant as it goes out at one occurrence: a network's own time moves with the
    series (it keeps its distance to the post's time) and, unless the network has a text
    of its own, the text is the occurrence's (the body or one of ``repeat.variants``)."""
    if post.repeat is None or post.publish_at is None:
        return variant
    shift = occurrence.publish_at - post.publish_at
    moment = variant.publish_at + shift if variant.publish_at is not None else None
    parts = variant.parts
    if occurrence.text and "text" not in variant.overrides:
        parts = post.repeat.texts[occurrence.text - 1]
    if moment == variant.publish_at and parts is variant.parts:
        return variant
    return replace(variant, publish_at=moment, parts=parts)


def unscheduled(
    project: Project,
    *,
    statuses: Collection[str] | None = None,
    brands: Collection[str] | None = None,
    tags: Collection[str] | None = None,
) -> list[Post]:
    """Posts a calendar shows on no day, or not on every network, sorted by path.

    A post is unscheduled when a network it goes to has no valid ``publish_at``, when it
    goes to no network, or when its brand is unknown (it has no slot then). Cancelled
    posts are left out unless ``statuses`` asks for them. ``tags``: any of them.
    """
    wanted = statuses if statuses is not None else [s for s in STATUSES if s != "cancelled"]
    found = []
    for post in project.posts:
        if post.status not in wanted or (brands is not None and post.brand not in brands):
            continue
        if tags is not None and not set(post.tags) & set(tags):
            continue
        enabled = [v for v in post.variants if not v.disabled]
        if any(v.publish_at is None for v in enabled) or not _dated(project, post):
            found.append(post)
    return sorted(found, key=lambda post: post.path)


def _dated(project: Project, post: Post) -> bool:
    """Whether the post has a slot with a time (a calendar shows it on some day)."""
    brand = project.brand_of(post)
    if brand is None:
        return False
    return any(slot.publish_at is not None for slot in post_slots(project, post, brand))


def iso_week(day: date) -> str:
    """'2026-W48'."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_range(week: str) -> tuple[date, date]:
    """Monday and Sunday of an ISO week written '2026-W48'."""
    try:
        year, number = week.upper().split("-W")
        if len(year) != 4 or len(number) > 2:
            raise ValueError(week)
        monday = date.fromisocalendar(int(year), int(number), 1)
    except ValueError:
        raise ValueError(f"'{week}' is not an ISO week; write it like 2026-W48") from None
    check_year(monday.year, week)
    return monday, monday + timedelta(days=6)


def weeks_between(first: date, last: date) -> list[str]:
    """Every ISO week from the one holding ``first`` to the one holding ``last``."""
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        weeks.append(iso_week(monday))
        if monday > date.max - timedelta(days=7):  # the last week Python's calendar has
            break
        monday += timedelta(days=7)
    return weeks


def by_day(items: Iterable[Slot]) -> dict[date, list[Slot]]:
    grouped: dict[date, list[Slot]] = {}
    for slot in items:
        local = slot.local
        if local is not None:
            grouped.setdefault(local.date(), []).append(slot)
    return grouped


_UTM_PLACEHOLDER = re.compile(r"\{(network|campaign|brand)\}")


def utm_parameters(
    template: Mapping[str, str], *, network: str, campaign: str | None, brand: str
) -> list[tuple[str, str]]:
    """``[("utm_source", "x"), ...]`` in the template's order, empty values left out."""
    values = {"network": network, "campaign": campaign or "", "brand": brand}
    result = []
    for key, raw in template.items():
        name = key if key.startswith("utm_") else f"utm_{key}"
        value = _UTM_PLACEHOLDER.sub(lambda m: values[m[1]], str(raw)).strip()
        if value:
            result.append((name, value))
    return result
