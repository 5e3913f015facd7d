"""``ics``: the selected slots as an iCalendar file (RFC 5545), one event per post and network.

* ``DTSTART`` in UTC (``Z``), so no ``VTIMEZONE`` is needed and every calendar shows the
  slot in its viewer's own zone; the brand's local time is in the description.
* Each event lasts 15 minutes (``DURATION:PT15M``) so calendar apps can show it.
* ``UID`` is stable per post file and network, so re-imports update events instead of
  duplicating them. ``DTSTAMP`` is the export's "now" (UTC), so a rerun with the same
  ``--now`` is byte-identical.
* ``STATUS``: ``CONFIRMED`` from ``approved`` on (as in the site's calendar feed),
  ``CANCELLED`` for cancelled posts, ``TENTATIVE`` before approval. ``CATEGORIES``: brand, network, status, then the tags.
* Lines end with CRLF and are folded at 75 octets without splitting a UTF-8 character;
  text is escaped (``\\``, ``;``, ``,``, newlines): done by the ``icalendar`` package.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, timedelta
from urllib.parse import quote

from smmplan.render.export.base import FormatOutput, Options, OutFile
from smmplan.render.export.prepare import DATA, Row

NAME = "ics"
CAPS = DATA
IMAGES = "none"
FILE = "plan.ics"
DURATION = timedelta(minutes=15)
PRODID = "-//smmplan//smmplan export//EN"
_STATUS = {
    "approved": "CONFIRMED",
    "scheduled": "CONFIRMED",
    "published": "CONFIRMED",
    "cancelled": "CANCELLED",
}


def row_uid(row: Row) -> str:
    digest = hashlib.sha256(f"{row.slot.post.path}\n{row.slot.network}".encode()).hexdigest()
    return f"{digest[:24]}-{row.slot.network}@smmplan"


def description(row: Row) -> str:
    slot = row.slot
    lines = [
        f"{slot.spec.name} · {slot.brand.name} · {slot.post.status}",
        f"{row.local:%Y-%m-%d %H:%M} {slot.brand.timezone}",
        "",
        "\n---\n".join(row.parts),
    ]
    if row.first_comment:
        lines += ["", f"First comment: {row.first_comment}"]
    if row.link and not row.link_in_text:
        lines += ["", row.link]
    lines += ["", slot.post.path]
    return "\n".join(lines)


def render(rows: list[Row], options: Options) -> FormatOutput:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", options.title)
    stamp = options.now.astimezone(UTC).replace(microsecond=0)
    for row in rows:
        slot = row.slot
        event = icalendar.Event()
        event.add("uid", row_uid(row))
        event.add("dtstamp", stamp)
        event.add("dtstart", slot.publish_at.astimezone(UTC))  # type: ignore[union-attr]
        event.add("duration", DURATION)
        event.add("summary", f"[{slot.spec.name}] {slot.post.title or slot.post.slug}")
        event.add("description", description(row))
        event.add("status", _STATUS.get(slot.post.status, "TENTATIVE"))
        event.add(
            "categories", [slot.brand.name, slot.spec.name, slot.post.status, *slot.post.tags]
        )
        if options.site_url:
            base = options.site_url.rstrip("/")
            event.add("url", f"{base}/posts/{quote(slot.post.slug)}/")
        calendar.add_component(event)
    return FormatOutput(
        files=[
            OutFile(
                name=FILE,
                data=calendar.to_ical(),
                rows=len(rows),
                note="times in UTC; calendar apps show them in your own time zone",
            )
        ]
    )
