"""The plan looked up the ways export rows need: by URL/id key, by time, by account.

``Index.build`` visits every slot once; a row then costs a few dictionary lookups
(posts by (network, key), and by (brand, network, 3-hour bucket) of their planned
instant) and the comparison of the handful of posts near its time. Account handles are
compared without ``@`` and case; a handle two brands claim belongs to neither.

A recurring post (``repeat:``) has a slot per occurrence: the plan is keyed by
:data:`PlanKey`, (path, network, occurrence index) with None for a post that goes out
once, and ``series`` lists the occurrences of each (path, network).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from smmplan.metrics_model import PostRow
from smmplan.model import Project
from smmplan.plan import Slot, slots
from smmplan.results.keys import keys, row_keys, same_handle
from smmplan.results.similar import Signature

TOLERANCE = timedelta(hours=3)
NOT_CANDIDATES = frozenset({"cancelled"})

SlotKey = tuple[str, str]  # (post path, network)
PlanKey = tuple[str, str, int | None]  # (post path, network, occurrence index or None)


def plan_key(slot: Slot) -> PlanKey:
    """The slot's key in the plan: a recurring post's occurrences each have their own."""
    occurrence = slot.occurrence.index if slot.occurrence is not None else None
    return (slot.post.path, slot.network, occurrence)


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def slot_texts(slot: Slot) -> tuple[str, ...]:
    """The texts a row is compared with: the whole text, each thread part, the titles."""
    variant, post = slot.variant, slot.post
    parts = tuple(p.text for p in variant.parts) if len(variant.parts) > 1 else ()
    titles = tuple(t for t in (variant.title, post.title) if t)
    return (variant.text, *parts, *titles)


@lru_cache(maxsize=65536)
def _signatures(texts: tuple[str, ...]) -> tuple[Signature, ...]:
    return tuple(Signature(text) for text in texts)


_KEPT: dict[int, tuple[Slot, tuple[Signature, ...]]] = {}


def slot_signatures(slot: Slot) -> tuple[Signature, ...]:
    """:func:`slot_texts` ready to compare (made once per slot and kept)."""
    kept = _KEPT.get(id(slot))
    if kept is None or kept[0] is not slot:
        if len(_KEPT) > 65536:
            _KEPT.clear()
        kept = _KEPT[id(slot)] = (slot, _signatures(slot_texts(slot)))
    return kept[1]


def part_of(slot: Slot, index: int) -> int:
    """The thread part a text of :func:`slot_texts` belongs to (0 for the whole or a title)."""
    parts = len(slot.variant.parts) if len(slot.variant.parts) > 1 else 0
    return index - 1 if 1 <= index <= parts else 0


@dataclass
class Index:
    """The plan, looked up by URL/id key, by brand and local day, and by account."""

    project: Project
    by_key: dict[tuple[str, str], list[SlotKey]] = field(default_factory=dict)
    by_day: dict[tuple[str, str, date], list[tuple[Slot, float]]] = field(default_factory=dict)
    by_time: dict[tuple[str, str, int], list[tuple[Slot, float]]] = field(default_factory=dict)
    zones: dict[str, ZoneInfo] = field(default_factory=dict)
    slots: dict[PlanKey, Slot] = field(default_factory=dict)
    series: dict[SlotKey, list[Slot]] = field(default_factory=dict)  # in time order
    handles: dict[tuple[str, str], str | None] = field(default_factory=dict)
    names: dict[str, str | None] = field(default_factory=dict)
    networks_listed: set[str] = field(default_factory=set)  # where some brand lists an account
    brand_ids: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, project: Project) -> Index:
        index = cls(project)
        for slot in slots(project):
            key = (slot.post.path, slot.network)
            index.slots[plan_key(slot)] = slot
            occurrences = index.series.setdefault(key, [])
            occurrences.append(slot)
            published = slot.post.published.get(slot.network) if len(occurrences) == 1 else None
            for found in keys(slot.network, published):
                index.by_key.setdefault((slot.network, found), []).append(key)
            local = slot.local
            if local is not None and slot.post.status not in NOT_CANDIDATES:
                at = local.timestamp()
                day = (slot.brand.id, slot.network, local.date())
                index.by_day.setdefault(day, []).append((slot, at))
                bucket = (slot.brand.id, slot.network, int(at // _SPAN))
                index.by_time.setdefault(bucket, []).append((slot, at))
        index.learn_accounts()
        return index

    @classmethod
    def accounts_only(cls, project: Project) -> Index:
        """An index that knows only who owns which account (for account-level rows)."""
        index = cls(project)
        index.learn_accounts()
        return index

    def learn_accounts(self) -> None:
        self.brand_ids = sorted(self.project.brands)
        self.zones = {b.id: zone(b.timezone) for b in self.project.brands.values()}
        for brand in self.project.brands.values():
            for network, handle in brand.accounts.items():
                _claim(self.handles, (network, same_handle(handle)), brand.id)
                self.networks_listed.add(network)
            for network, by_language in brand.language_accounts.items():  # one per language
                for handle in by_language.values():
                    _claim(self.handles, (network, same_handle(handle)), brand.id)
            _claim(self.names, same_handle(brand.name), brand.id)
        for brand in self.project.brands.values():  # a handle used on another network
            for handle in brand.accounts.values():
                _claim(self.names, same_handle(handle), brand.id)

    def brand_of_account(self, network: str, account: str) -> tuple[bool, str | None]:
        """(known, brand id): whether the account may be a brand's, and whose (None: any).

        Where no brand lists an account on the network, nothing can be told from it."""
        handle = same_handle(account)
        if (network, handle) in self.handles:
            return True, self.handles[network, handle]
        if handle in self.names:
            return True, self.names[handle]
        if network not in self.networks_listed:
            return True, None
        return False, None

    def default_brand(self, network: str) -> str | None:
        """The brand a row without an account counts for: the only one there could be."""
        brands = self.project.brands
        if len(brands) == 1:
            return next(iter(brands))
        owners = [b.id for b in brands.values() if network in b.accounts]
        return owners[0] if len(owners) == 1 else None

    def by_published(self, row: PostRow) -> list[SlotKey]:
        found: list[SlotKey] = []
        for key in row_keys(row.network, row.post_id, row.url):
            for slot_key in self.by_key.get((row.network, key), ()):
                if slot_key not in found:
                    found.append(slot_key)
        return found

    def nearest(self, key: SlotKey, row: PostRow) -> Slot:
        """The occurrence of (path, network) nearest the row's time; the first one when the
        row has no time (a post that goes out once: its only slot)."""
        occurrences = self.series[key]
        if len(occurrences) == 1 or row.published is None:
            return occurrences[0]
        place = self.zones[occurrences[0].brand.id]
        at = localise(row.published, place).timestamp()
        timed = [(abs(s.publish_at.timestamp() - at), s) for s in occurrences if s.publish_at]
        return min(timed, key=lambda pair: pair[0])[1] if timed else occurrences[0]

    def window(self, row: PostRow, brand_ids: Iterable[str]) -> list[tuple[Slot, float]]:
        """Planned posts of those brands on the row's network around the row's time, with
        how many seconds away each is."""
        if row.published_day_only:
            return self._day(row, brand_ids)
        found = []
        moment = row.published
        aware = moment.tzinfo is not None  # type: ignore[union-attr]
        for brand_id in brand_ids:
            at = moment.timestamp() if aware else instant(moment, self.zones[brand_id])  # type: ignore[union-attr, arg-type]
            bucket = int(at // _SPAN)
            for near in (bucket - 1, bucket, bucket + 1):
                for slot, planned in self.by_time.get((brand_id, row.network, near), ()):
                    seconds = abs(planned - at)
                    if seconds <= _SPAN:
                        found.append((slot, seconds))
        return found

    def _day(self, row: PostRow, brand_ids: Iterable[str]) -> list[tuple[Slot, float]]:
        """A row dated by day only: every post of that local day."""
        found = []
        for brand_id in brand_ids:
            place = self.zones[brand_id]
            moment = localise(row.published, place)  # type: ignore[arg-type]
            at = moment.timestamp()
            day = moment.astimezone(place).date()
            for slot, planned in self.by_day.get((brand_id, row.network, day), ()):
                found.append((slot, abs(planned - at)))
        return found


_SPAN = TOLERANCE.total_seconds()
_EPOCH = datetime(1970, 1, 1)


def instant(wall: datetime, place: ZoneInfo) -> float:
    """A naive wall-clock time in a zone as a POSIX timestamp (what ``replace(tzinfo=place)
    .timestamp()`` gives, a few times faster: this runs once per export row)."""
    return (wall - _EPOCH).total_seconds() - place.utcoffset(wall).total_seconds()  # type: ignore[union-attr]


def _claim(table: dict, key: object, brand_id: str) -> None:
    """Record who owns a handle; two brands claiming one leaves it to neither."""
    if key in table and table[key] != brand_id:
        table[key] = None
    else:
        table[key] = brand_id


def localise(moment: datetime, timezone: str | ZoneInfo) -> datetime:
    """An export time as an aware one: naive times are the brand's wall clock."""
    if moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=zone(timezone) if isinstance(timezone, str) else timezone)
