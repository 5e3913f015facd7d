"""The content lines of an event (RFC 5545), written directly: the same bytes as the
``icalendar`` library's ``Event.to_ical()`` for the properties smmplan's events have.

Why not the library, as everywhere else: a full site build serialises every event of the
plan (``plan.ics`` and the site's feeds), and ``icalendar`` spends about 3 ms on each
(building typed property objects, then escaping and folding them one character at a
time): at 5,000 posts that was an eighth of the whole build. Writing the dozen lines of an
event ourselves takes a few microseconds. The calendar's own lines (``ical.calendar``),
written a few times per build, still come from the library.

What the library does and this module does the same way:

- properties in its order for an event: ``SUMMARY``, ``DTSTART``, ``DTEND``, ``DTSTAMP``,
  ``UID``, ``SEQUENCE`` first, then the others alphabetically;
- TEXT escaping (§3.3.11): the two characters ``\\N`` read as a line break, then ``\\``,
  ``;`` and ``,`` escaped, CR LF, LF and a lone CR written as ``\\n``;
- folding (§3.1): a line break and a space before the character that would make a line
  reach 75 octets, except that an escape's ``\\`` (or a ``^``) ending a line moves to the
  next one with what it escapes;
- UTC times as ``YYYYMMDDTHHMMSSZ`` (no fraction), an INTEGER checked against its 32-bit
  range, a URI as it is (a line break in it is refused).

``tests/test_ical_writer.py`` compares this writer with the library on generated events
whose texts hold every character class that matters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

LIMIT = 75  # octets a folded line stays below
FOLD = b"\r\n "
INTEGER_RANGE = (-(2**31), 2**31 - 1)


@dataclass(frozen=True)
class EventLines:
    """What an event says, in plain values (text not yet escaped, times in UTC)."""

    uid: str
    stamp: datetime
    sequence: int
    start: datetime
    end: datetime
    summary: str
    description: str
    categories: Sequence[str]
    status: str
    modified: datetime | None = None
    url: str | None = None


def text(value: str) -> str:
    """``value`` as a TEXT value (the replacements in this order, as the library does)."""
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def utc(moment: datetime) -> str:
    """A DATE-TIME in UTC form (``moment`` is in UTC)."""
    return (
        f"{moment.year:04}{moment.month:02}{moment.day:02}"
        f"T{moment.hour:02}{moment.minute:02}{moment.second:02}Z"
    )


def integer(value: int) -> str:
    low, high = INTEGER_RANGE
    if not low <= value <= high:
        raise ValueError(f"Integer {value} is outside the RFC 5545 range [{low}, {high}]")
    return str(value)


def uri(value: str) -> str:
    if "\r" in value or "\n" in value:
        raise ValueError(f"A URI value may not contain CR or LF characters: {value!r}")
    return value


def fold(line: str) -> bytes:
    """``line`` in UTF-8, folded: each piece the longest run of whole characters below
    :data:`LIMIT` octets, less an escaping ``\\`` or ``^`` at its end."""
    data = line.encode("utf-8")
    if len(data) < LIMIT:
        return data
    pieces, begin = [], 0
    while len(data) - begin >= LIMIT:
        cut = begin + LIMIT - 1
        while data[cut] & 0xC0 == 0x80:  # inside a character: cut before it
            cut -= 1
        if data[cut - 1] in b"\\^":  # (a piece holds 18 characters or more)
            cut -= 1
        pieces.append(data[begin:cut])
        begin = cut
    pieces.append(data[begin:])
    return FOLD.join(pieces)


def event(lines: EventLines) -> bytes:
    """The ``VEVENT`` component, CR LF after each line."""
    found = [
        "BEGIN:VEVENT",
        f"SUMMARY:{text(lines.summary)}",
        f"DTSTART:{utc(lines.start)}",
        f"DTEND:{utc(lines.end)}",
        f"DTSTAMP:{utc(lines.stamp)}",
        f"UID:{text(lines.uid)}",
        f"SEQUENCE:{integer(lines.sequence)}",
        f"CATEGORIES:{','.join(text(c) for c in lines.categories)}",
        f"DESCRIPTION:{text(lines.description)}",
    ]
    if lines.modified is not None:
        found.append(f"LAST-MODIFIED:{utc(lines.modified)}")
    found.append(f"STATUS:{text(lines.status)}")
    if lines.url:
        found.append(f"URL:{uri(lines.url)}")
    found.append("END:VEVENT")
    return b"".join(fold(line) + b"\r\n" for line in found)
