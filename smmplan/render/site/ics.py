"""The site's calendar feeds: ``calendar.ics`` for the whole plan and one per brand.

The events are written by the export's iCalendar writer (:mod:`smmplan.render.export.ical`),
so a feed and ``plan.ics`` give a post the same UID, ``SEQUENCE`` and ``LAST-MODIFIED``;
what is the site's own is the description (the post's text and its page's address).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from smmplan.plan import Slot
from smmplan.render.export import ical

calendar = ical.calendar
uid = ical.uid


def _description(group: list[Slot], page_url: str | None) -> str:
    first = group[0]
    names = ", ".join(s.spec.name for s in group)
    lines = [first.variant.text.strip(), "", f"{first.brand.name} · {names} · {first.post.status}"]
    if page_url:
        lines.append(page_url)
    return "\n".join(lines).strip()


def events(
    items: Iterable[Slot],
    *,
    root: Path | None = None,
    site_url: str | None = None,
    page_url: Callable[[Slot], str | None] | None = None,
) -> list[tuple[Slot, bytes]]:
    """Each event once, serialised, with its first slot (to sort events into brand feeds).
    ``root`` is the content repository whose git history dates the events."""
    chosen = list(items)
    domain = ical.domain_of(site_url)
    changed = ical.revisions(root, {slot.post.path for slot in chosen})
    result = []
    for group in ical.grouped(chosen, lambda slot: slot):
        url = page_url(group[0]) if page_url else None
        data = ical.event(
            group,
            description=_description(group, url),
            modified=changed.get(group[0].post.path),
            domain=domain,
            url=url,
        )
        result.append((group[0], data))
    return result
