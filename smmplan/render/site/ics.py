"""Calendar feeds (iCalendar, RFC 5545): the whole plan and one per brand.

One event per post and network. Its UID comes from the post's file and the network only,
so a calendar app that subscribed updates an event when the post moves or changes,
instead of adding a second one. ``icalendar`` writes CRLF line ends and folds long lines.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from smmplan import __version__
from smmplan.plan import Slot
from smmplan.render.site.data import in_post_order

DURATION = timedelta(minutes=15)
STATUS = {
    "idea": "TENTATIVE",
    "draft": "TENTATIVE",
    "review": "TENTATIVE",
    "approved": "CONFIRMED",
    "scheduled": "CONFIRMED",
    "published": "CONFIRMED",
    "cancelled": "CANCELLED",
}


def uid(post_path: str, network: str | None = None, domain: str = "smmplan") -> str:
    """Stable across builds and reschedules: the post's file (and the network, for a
    network that has a time of its own)."""
    key = post_path if network is None else f"{post_path}\n{network}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    return f"{digest}@{domain}"


def domain_of(site_url: str | None) -> str:
    host = urlsplit(site_url or "").hostname
    return host or "smmplan"


def event_uid(group: Sequence[Slot], domain: str) -> str:
    """One event per post and moment. The post's own time keeps the post's UID; networks
    that have their own ``publish_at`` get one of their own (from the first of them)."""
    own = [s for s in group if "publish_at" in s.variant.overrides]
    if len(own) < len(group):
        return uid(group[0].post.path, None, domain)
    return uid(group[0].post.path, own[0].network, domain)


def event(
    group: Sequence[Slot],
    stamp: datetime,
    *,
    domain: str = "smmplan",
    page_url: str | None = None,
) -> Event | None:
    """The event of a post going out on the networks of ``group`` (same post, same moment)."""
    first = group[0]
    moment = first.publish_at
    if moment is None:
        return None
    post = first.post
    start = moment.astimezone(UTC)
    names = ", ".join(s.spec.name for s in group)
    item = Event()
    item.add("uid", event_uid(group, domain))
    item.add("dtstamp", stamp.astimezone(UTC))
    item.add("dtstart", start)
    item.add("dtend", start + DURATION)
    item.add("summary", f"{post.title or post.path} — {names}")
    lines = [first.variant.text.strip(), "", f"{first.brand.name} · {names} · {post.status}"]
    if page_url:
        lines.append(page_url)
    item.add("description", "\n".join(lines).strip())
    item.add("categories", [first.brand.name, post.status, *(s.spec.name for s in group)])
    item.add("status", STATUS.get(post.status, "TENTATIVE"))
    if page_url:
        item.add("url", page_url)
    return item


def groups(items: Iterable[Slot]) -> list[list[Slot]]:
    """Slots of one post at one moment together, in plan order (undated ones dropped)."""
    grouped: dict[tuple[str, datetime], list[Slot]] = {}
    for slot in items:
        if slot.publish_at is not None:
            grouped.setdefault((slot.post.path, slot.publish_at), []).append(slot)
    return [in_post_order(group) for group in grouped.values()]


def events(
    items: Iterable[Slot],
    now: datetime,
    *,
    site_url: str | None = None,
    page_url: Callable[[Slot], str | None] | None = None,
) -> list[tuple[Slot, bytes]]:
    """Each event once, serialised (``icalendar`` folds and escapes), with its first slot."""
    domain = domain_of(site_url)
    result = []
    for group in groups(items):
        item = event(group, now, domain=domain, page_url=page_url(group[0]) if page_url else None)
        if item is not None:
            result.append((group[0], item.to_ical()))
    return result


def calendar(name: str, serialised: Iterable[bytes]) -> bytes:
    """A feed from serialised events: same events, same bytes. ``icalendar`` writes the
    calendar's own lines; the events, serialised once, are shared by every feed."""
    feed = Calendar()
    feed.add("prodid", f"-//smmplan//smmplan {__version__}//EN")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", name)
    feed.add("x-published-ttl", "PT1H")
    head = feed.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    return head[: -len(end)] + b"".join(serialised) + end
