"""The event writer (``smmplan.render.export.ical_lines``) against the ``icalendar``
library it replaces on the hot path: the same bytes for generated events whose texts hold
what escaping and folding care about (backslashes, ``\\N``, separators, line breaks of
every kind, ``^``, multi-byte characters at fold boundaries)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smmplan.render.export import ical_lines
from smmplan.render.export.ical_lines import EventLines

SYNTAX = ["\\", "\\N", "N", "n", ";", ",", ":", '"', "^", "\r", "\n", "\r\n", "\t", " ", "a"]
WIDE = [
    "é",
    "ə",
    "€",
    "—",
    "☕",
    "😀",
    "🧑\u200d🧑\u200d🧒",
    "🇦🇿",
    "e\u0301",
    "\u2028",
    "\x7f",
    "\xa0",
]
HOSTILE = st.sampled_from([*SYNTAX, *WIDE])
TEXTS = st.one_of(
    st.lists(HOSTILE, max_size=120).map("".join),
    st.text(max_size=300),
    st.integers(min_value=60, max_value=90)
    .flatmap(lambda n: st.tuples(st.just("x" * n), st.lists(HOSTILE, max_size=6).map("".join)))
    .map("".join),
)
MOMENTS = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
)


@st.composite
def events(draw) -> EventLines:
    start = draw(MOMENTS)
    stamp = draw(MOMENTS)
    return EventLines(
        uid=draw(st.one_of(TEXTS, st.just("c400d00485f0d607092b7b6c@plan.example.org"))),
        stamp=stamp,
        modified=draw(st.one_of(st.none(), st.just(stamp))),
        sequence=draw(st.integers(min_value=0, max_value=2**31 - 1)),
        start=start,
        end=start + timedelta(minutes=15) if start.year < 9999 else start,
        summary=draw(TEXTS),
        description=draw(TEXTS),
        categories=draw(st.lists(TEXTS, min_size=1, max_size=6)),
        status=draw(st.sampled_from(["TENTATIVE", "CONFIRMED", "CANCELLED"]) | TEXTS),
        url=draw(st.one_of(st.none(), st.text(max_size=150).filter(_no_break))),
    )


def _no_break(value: str) -> bool:
    return "\r" not in value and "\n" not in value


def library(lines: EventLines) -> bytes:
    """The event as ``icalendar`` serialises it (what ``ical.event`` used to do)."""
    item = icalendar.Event()
    item.add("uid", lines.uid)
    item.add("dtstamp", lines.stamp)
    if lines.modified is not None:
        item.add("last-modified", lines.modified)
    item.add("sequence", lines.sequence)
    item.add("dtstart", lines.start)
    item.add("dtend", lines.end)
    item.add("summary", icalendar.vText(lines.summary))
    item.add("description", icalendar.vText(lines.description))
    item.add("categories", list(lines.categories))
    item.add("status", lines.status)
    if lines.url:
        item.add("url", lines.url)
    return item.to_ical()


@settings(max_examples=400, deadline=None)
@given(events())
def test_the_writer_gives_the_librarys_bytes(lines: EventLines) -> None:
    assert ical_lines.event(lines) == library(lines)


@settings(max_examples=300, deadline=None)
@given(st.lists(HOSTILE, max_size=200).map("".join))
def test_a_long_line_folds_where_the_library_folds_it(value: str) -> None:
    line = "DESCRIPTION:" + ical_lines.text(value)
    expected = icalendar.Event()
    expected.add("description", icalendar.vText(value))
    body = expected.to_ical().decode("utf-8").split("\r\n")[1:-2]
    assert ical_lines.fold(line).decode("utf-8").split("\r\n") == body


def test_an_event_as_written() -> None:
    start = datetime(2026, 1, 5, 4, 0, tzinfo=UTC)
    lines = EventLines(
        uid="c400d00485f0d607092b7b6c@plan.example.org",
        stamp=datetime(2020, 1, 1, tzinfo=UTC),
        sequence=0,
        start=start,
        end=start + timedelta(minutes=15),
        summary="Post 0: kofe, chai; \\N — Instagram, Pinterest, Threads, Bluesky",
        description="Bakının ən gözəl mənzərələri\n\n#ka\\rvan",
        categories=["Karvan & Co", "approved", "a,b"],
        status="CONFIRMED",
        url="https://plan.example.org/team/posts/post-00000/",
    )
    assert ical_lines.event(lines) == (
        b"BEGIN:VEVENT\r\n"
        b"SUMMARY:Post 0: kofe\\, chai\\; \\n \xe2\x80\x94 Instagram\\, Pinterest\\, Threads\\, Blu\r\n"
        b" esky\r\n"
        b"DTSTART:20260105T040000Z\r\n"
        b"DTEND:20260105T041500Z\r\n"
        b"DTSTAMP:20200101T000000Z\r\n"
        b"UID:c400d00485f0d607092b7b6c@plan.example.org\r\n"
        b"SEQUENCE:0\r\n"
        b"CATEGORIES:Karvan & Co,approved,a\\,b\r\n"
        b"DESCRIPTION:Bak\xc4\xb1n\xc4\xb1n \xc9\x99n g\xc3\xb6z\xc9\x99l m\xc9\x99nz\xc9\x99r"
        b"\xc9\x99l\xc9\x99ri\\n\\n#ka\\\\rvan\r\n"
        b"STATUS:CONFIRMED\r\n"
        b"URL:https://plan.example.org/team/posts/post-00000/\r\n"
        b"END:VEVENT\r\n"
    )
    assert ical_lines.event(lines) == library(lines)


def test_an_escape_is_not_split_by_a_fold() -> None:
    line = "DESCRIPTION:" + ical_lines.text("x" * 61 + ",y")
    assert ical_lines.fold(line) == b"DESCRIPTION:" + b"x" * 61 + b"\r\n \\,y"
    assert ical_lines.fold("A" * 74 + "é") == b"A" * 74 + "\r\n é".encode()
    assert ical_lines.fold("A" * 73 + "é") == b"A" * 73 + "\r\n é".encode()  # 75 octets
    assert ical_lines.fold("A" * 72 + "é") == ("A" * 72 + "é").encode()
    assert ical_lines.fold("A" * 73 + "\\^" + "B" * 3) == b"A" * 73 + b"\r\n \\^BBB"


def test_what_the_library_refuses_is_refused() -> None:
    start = datetime(2026, 1, 5, tzinfo=UTC)
    good = EventLines("u", start, 0, start, start, "s", "d", ["c"], "CONFIRMED")
    with pytest.raises(ValueError, match="outside the RFC 5545 range"):
        ical_lines.event(EventLines(**{**vars(good), "sequence": 2**31}))
    with pytest.raises(ValueError, match="may not contain CR or LF"):
        ical_lines.event(EventLines(**{**vars(good), "url": "https://a.example/\nb"}))
    with pytest.raises(ValueError):
        library(EventLines(**{**vars(good), "sequence": 2**31}))
    with pytest.raises(ValueError):
        library(EventLines(**{**vars(good), "url": "https://a.example/\nb"}))
