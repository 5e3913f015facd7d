"""The iCalendar writer (RFC 5545) for both calendars: ``export --format ics`` (``plan.ics``)
and the site's feeds (``calendar.ics``, one per brand; see ``render/site/ics.py``).

One event per post and moment. The networks that go out at the post's own time share
one event, whose UID comes from the post's file alone; a network with its own
``publish_at`` gets an event of its own, whose UID adds the network. So a UID never
depends on the time, the text or which networks were selected: when a post moves, the
subscriber's event moves, and ``plan.ics`` and ``calendar.ics`` name the same event alike.
A recurring post's later occurrences are events of their own: the post's UID with the
occurrence's date (``docs/format.md``, "Recurring posts").

``LAST-MODIFIED`` and ``DTSTAMP`` are when the post's file last changed in git
(:mod:`smmplan.load.revisions`); ``SEQUENCE`` counts the whole minutes from 2020-01-01 UTC
to that moment, so each commit that moves a post raises it. Without git history both
are the fixed moment 2020-01-01 and ``SEQUENCE`` is 0: the same files, the same bytes.
``docs/calendars.md`` explains the choice and its limits.

``DTSTART`` is in UTC, so no ``VTIMEZONE`` is needed; each event lasts 15 minutes. Text
is escaped and lines folded as ``icalendar`` does it (the calendar's own lines by the
library, each event's by :mod:`~smmplan.render.export.ical_lines`, which writes the same
bytes much faster); control characters are dropped and a summary is one line.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote, urlsplit

from smmplan.plan import Slot
from smmplan.render.export import ical_lines
from smmplan.render.export.base import FormatOutput, Options, OutFile
from smmplan.render.export.prepare import DATA, Row

NAME = "ics"
CAPS = DATA
IMAGES = "none"
FILE = "plan.ics"
NOTE = "times in UTC; calendar apps show them in your own time zone"
DURATION = timedelta(minutes=15)
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)  # SEQUENCE 0, and the stamp of unknown history
PRODID = "-//smmplan//smmplan//EN"
STATUS = {
    "idea": "TENTATIVE",
    "draft": "TENTATIVE",
    "review": "TENTATIVE",
    "approved": "CONFIRMED",
    "scheduled": "CONFIRMED",
    "published": "CONFIRMED",
    "cancelled": "CANCELLED",
}
# C0 controls but tab and line feed, DEL and C1: RFC 5545 TEXT has no way to carry them.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
Item = TypeVar("Item")


def clean(value: str, *, one_line: bool = False) -> str:
    """``value`` as iCalendar text can hold it: CR LF and CR become LF, controls go."""
    text = _CONTROLS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return " ".join(text.split()) if one_line else text


def uid(post_path: str, network: str | None = None, domain: str = "smmplan") -> str:
    """Stable across builds and reschedules: the post's file, and the network for a
    network that has a time of its own."""
    key = post_path if network is None else f"{post_path}\n{network}"
    return f"{hashlib.sha256(key.encode()).hexdigest()[:24]}@{domain}"


def slot_uid(slot: Slot, domain: str = "smmplan") -> str:
    """The slot's event; a recurring post's later occurrence adds its local date to the
    post's UID (``…-20261208@…``), so each occurrence is an event of its own."""
    own = "publish_at" in slot.variant.overrides
    key = uid(slot.post.path, slot.network if own else None, domain)
    occurrence = slot.occurrence
    if occurrence is None or occurrence.index == 0:
        return key
    digest, _, host = key.partition("@")
    return f"{digest}-{slot_day(slot):%Y%m%d}@{host}"


def slot_day(slot: Slot) -> datetime:
    """When the slot's occurrence of its series goes out, on the brand's wall clock."""
    from zoneinfo import ZoneInfo

    moment = slot.occurrence.publish_at if slot.occurrence else slot.publish_at
    return moment.astimezone(ZoneInfo(slot.brand.timezone))  # type: ignore[union-attr]


def domain_of(site_url: str | None) -> str:
    """The UIDs' domain: the site's host name, so two sites' events never collide."""
    return urlsplit(site_url or "").hostname or "smmplan"


def sequence(modified: datetime | None) -> int:
    if modified is None:
        return 0
    return max(0, int((modified - EPOCH).total_seconds()) // 60)


def grouped(items: Iterable[Item], slot_of: Callable[[Item], Slot]) -> list[list[Item]]:
    """Items of one event together (same UID), in the order given; undated ones dropped.
    Within an event, networks follow the order the post lists them."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        slot = slot_of(item)
        if slot.publish_at is not None:
            groups.setdefault(slot_uid(slot), []).append(item)
    result = []
    for group in groups.values():
        order = {v.network: i for i, v in enumerate(slot_of(group[0]).post.variants)}
        result.append(sorted(group, key=lambda item: order.get(slot_of(item).network, -1)))
    return result


def event(
    group: Sequence[Slot],
    *,
    description: str,
    modified: datetime | None,
    domain: str = "smmplan",
    url: str | None = None,
) -> bytes:
    """The event of ``group`` (slots of one post at one moment), serialised (by
    :mod:`~smmplan.render.export.ical_lines`: the library's bytes, faster)."""
    first = group[0]
    post = first.post
    start = first.publish_at.astimezone(UTC)  # type: ignore[union-attr]  # grouped() drops undated
    names = ", ".join(s.spec.name for s in group)
    stamp = modified.astimezone(UTC) if modified else EPOCH
    categories = [first.brand.name, post.status, *(s.spec.name for s in group), *post.tags]
    return ical_lines.event(
        ical_lines.EventLines(
            uid=slot_uid(first, domain),
            stamp=stamp,
            modified=stamp if modified else None,
            sequence=sequence(modified),
            start=start,
            end=start + DURATION,
            summary=clean(f"{post.title or post.slug} — {names}", one_line=True),
            description=clean(description),
            categories=[clean(c, one_line=True) for c in categories],
            status=STATUS.get(post.status, "TENTATIVE"),
            url=url or None,
        )
    )


def calendar(name: str, events: Iterable[bytes]) -> bytes:
    """A calendar of serialised events: same events, same bytes. ``icalendar`` writes the
    calendar's own lines (the name escaped like any text); events serialised once can be
    shared by several calendars."""
    import icalendar

    title = icalendar.vText(clean(name, one_line=True))
    feed = icalendar.Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("name", title)
    feed.add("x-wr-calname", title)
    feed.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    feed.add("x-published-ttl", icalendar.vDuration(timedelta(hours=1)))
    head = feed.to_ical()
    end = b"END:VCALENDAR\r\n"
    return head[: -len(end)] + b"".join(events) + end


def revisions(root: Path | None, paths: Iterable[str]) -> Mapping[str, datetime]:
    """When each post file last changed (empty without a root or git history)."""
    from smmplan.load.revisions import last_changes

    return last_changes(root, paths) if root is not None else {}


# -- export --format ics ------------------------------------------------------------------


def description(rows: Sequence[Row]) -> str:
    """What the person publishing needs: where, when, each distinct text, link, file."""
    first = rows[0]
    slot = first.slot
    names = ", ".join(row.slot.spec.name for row in rows)
    lines = [
        f"{names} · {slot.brand.name} · {slot.post.status}",
        f"{first.local:%Y-%m-%d %H:%M} {slot.brand.timezone}",
    ]
    texts: dict[str, list[str]] = {}
    for row in rows:
        texts.setdefault("\n---\n".join(row.parts), []).append(row.slot.spec.name)
    for text, networks in texts.items():
        lines += ["", f"{', '.join(networks)}:\n{text}" if len(texts) > 1 else text]
    if first.first_comment:
        lines += ["", f"First comment: {first.first_comment}"]
    if first.link and not first.link_in_text:
        lines += ["", first.link]
    lines += ["", slot.post.path]
    return "\n".join(lines)


def render(rows: list[Row], options: Options) -> FormatOutput:
    domain = domain_of(options.site_url)
    changed = revisions(options.root, {row.slot.post.path for row in rows})
    base = options.site_url.rstrip("/") if options.site_url else None
    events = []
    for group in grouped(rows, lambda row: row.slot):
        post = group[0].slot.post
        url = f"{base}/posts/{quote(post.slug)}/" if base else None
        events.append(
            event(
                [row.slot for row in group],
                description=description(group),
                modified=changed.get(post.path),
                domain=domain,
                url=url,
            )
        )
    return FormatOutput(
        files=[
            OutFile(
                name=FILE,
                data=calendar(options.title, events),
                rows=len(rows),
                note=NOTE,
            )
        ]
    )
