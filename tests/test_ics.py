"""The iCalendar writer shared by ``plan.ics`` and the site's feeds: exact bytes, UIDs
that survive a move, SEQUENCE and LAST-MODIFIED from git, hostile names and titles."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
from hypothesis import given
from hypothesis import strategies as st

from smmplan.check import run
from smmplan.load import load_project
from smmplan.load.revisions import last_changes
from smmplan.plan import slots
from smmplan.render.export import export, ical, make_selection
from smmplan.render.site import ics
from tests.conftest import write

NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
SETTINGS = "title: Kofe plan\nsite_url: https://cal.example.org/\n"
BRAND = "name: Qəhvə Evi\ntimezone: Asia/Baku\n"
TEASER = """\
---
title: Teaser
publish_at: 2026-11-27 10:00
status: approved
approved_by: ilya
tags: [promo]
networks:
  x: {}
  telegram: {text: "Telegram text"}
  facebook: {publish_at: 2026-11-27 12:00}
---
Say hi, friends
"""
TEASER_PATH = "content/posts/teaser.md"


def plan(root: Path, teaser: str = TEASER, settings: str = SETTINGS, brand: str = BRAND) -> Path:
    return write(
        root,
        {"smmplan.yml": settings, "brands/qehve-evi.yml": brand, TEASER_PATH: teaser},
    )


def plan_ics(root: Path) -> bytes:
    project = load_project(root)
    selection = make_selection(project, now=NOW)
    result = export(project, "ics", selection, NOW, {}, diagnostics=run(project, NOW))
    assert result.refused == []
    [file] = result.files
    return file.data


def feed_ics(root: Path) -> bytes:
    project = load_project(root)
    events = ics.events(slots(project), root=project.root, site_url="https://cal.example.org/")
    return ics.calendar(project.config.title, (data for _, data in events))


def events_of(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def git(root: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args]
    subprocess.run(command, cwd=root, env=env, check=True, capture_output=True)


def commit_all(root: Path, when: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "plan", when=when)


def test_plan_ics_exact_bytes_without_git_history(tmp_path):
    data = plan_ics(plan(tmp_path))
    assert (
        data
        == (
            "BEGIN:VCALENDAR\r\n"
            "VERSION:2.0\r\n"
            "PRODID:-//smmplan//smmplan//EN\r\n"
            "CALSCALE:GREGORIAN\r\n"
            "METHOD:PUBLISH\r\n"
            "NAME:Kofe plan\r\n"
            "X-WR-CALNAME:Kofe plan\r\n"
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"
            "X-PUBLISHED-TTL:PT1H\r\n"
            "BEGIN:VEVENT\r\n"
            "SUMMARY:Teaser — X (Twitter)\\, Telegram\r\n"
            "DTSTART:20261127T060000Z\r\n"
            "DTEND:20261127T061500Z\r\n"
            "DTSTAMP:20200101T000000Z\r\n"
            "UID:699df61b6e43cd27a75e97ed@cal.example.org\r\n"
            "SEQUENCE:0\r\n"
            "CATEGORIES:Qəhvə Evi,approved,X (Twitter),Telegram,promo\r\n"
            "DESCRIPTION:X (Twitter)\\, Telegram · Qəhvə Evi · approved\\n2026-11-27 \r\n"
            " 10:00 Asia/Baku\\n\\nX (Twitter):\\nSay hi\\, friends\\n\\nTelegram:\\nTelegram t\r\n"
            " ext\\n\\ncontent/posts/teaser.md\r\n"
            "STATUS:CONFIRMED\r\n"
            "URL:https://cal.example.org/posts/teaser/\r\n"
            "END:VEVENT\r\n"
            "BEGIN:VEVENT\r\n"
            "SUMMARY:Teaser — Facebook\r\n"
            "DTSTART:20261127T080000Z\r\n"
            "DTEND:20261127T081500Z\r\n"
            "DTSTAMP:20200101T000000Z\r\n"
            "UID:98576f61b340ea5104a452f0@cal.example.org\r\n"
            "SEQUENCE:0\r\n"
            "CATEGORIES:Qəhvə Evi,approved,Facebook,promo\r\n"
            "DESCRIPTION:Facebook · Qəhvə Evi · approved\\n2026-11-27 12:00 Asia/Bak\r\n"
            " u\\n\\nSay hi\\, friends\\n\\ncontent/posts/teaser.md\r\n"
            "STATUS:CONFIRMED\r\n"
            "URL:https://cal.example.org/posts/teaser/\r\n"
            "END:VEVENT\r\n"
            "END:VCALENDAR\r\n"
        ).encode()
    )
    assert (
        ical.uid(TEASER_PATH, None, "cal.example.org") == "699df61b6e43cd27a75e97ed@cal.example.org"
    )
    assert plan_ics(tmp_path) == data


def test_a_moved_post_keeps_its_uid_and_gets_a_higher_sequence(tmp_path):
    root = plan(tmp_path)
    git(root, "init", "-q")
    commit_all(root, "2026-11-01T10:00:00+00:00")
    before = {str(e["UID"]): e for e in events_of(plan_ics(root))}
    post = root / TEASER_PATH
    post.write_text(TEASER.replace("2026-11-27 10:00", "2026-11-29 09:00"), encoding="utf-8")
    commit_all(root, "2026-11-02T10:30:00+00:00")
    after = {str(e["UID"]): e for e in events_of(plan_ics(root))}

    assert sorted(after) == sorted(before)
    moved = "699df61b6e43cd27a75e97ed@cal.example.org"
    assert before[moved]["DTSTART"].dt == datetime(2026, 11, 27, 6, 0, tzinfo=UTC)
    assert after[moved]["DTSTART"].dt == datetime(2026, 11, 29, 5, 0, tzinfo=UTC)
    # whole minutes from 2020-01-01 to each commit
    assert before[moved]["SEQUENCE"] == 3_594_840
    assert after[moved]["SEQUENCE"] == 3_594_840 + 24 * 60 + 30
    assert after[moved]["LAST-MODIFIED"].dt == datetime(2026, 11, 2, 10, 30, tzinfo=UTC)
    assert after[moved]["DTSTAMP"].dt == datetime(2026, 11, 2, 10, 30, tzinfo=UTC)


def test_an_uncommitted_move_counts_one_minute_after_the_last_commit(tmp_path):
    root = plan(tmp_path)
    git(root, "init", "-q")
    commit_all(root, "2026-11-01T10:00:00+00:00")
    committed = [e["SEQUENCE"] for e in events_of(plan_ics(root))]
    post = root / TEASER_PATH
    post.write_text(TEASER.replace("2026-11-27 10:00", "2026-11-29 09:00"), encoding="utf-8")
    edited = plan_ics(root)
    assert [e["SEQUENCE"] for e in events_of(edited)] == [s + 1 for s in committed]
    assert plan_ics(root) == edited  # the same working tree, the same bytes


def test_site_feed_and_export_name_each_event_alike(tmp_path):
    root = plan(tmp_path)
    git(root, "init", "-q")
    commit_all(root, "2026-11-01T10:00:00+00:00")

    def fields(data: bytes) -> list[tuple]:
        return [
            (
                str(e["UID"]),
                e["SEQUENCE"],
                e["DTSTART"].dt,
                e["LAST-MODIFIED"].dt,
                str(e["SUMMARY"]),
            )
            for e in events_of(data)
        ]

    exported, feed = fields(plan_ics(root)), fields(feed_ics(root))
    assert exported == feed
    assert len(exported) == 2


def test_last_changes_outside_a_repository_is_empty(tmp_path):
    root = plan(tmp_path)
    assert last_changes(root, [TEASER_PATH]) == {}
    git(root, "init", "-q")
    assert last_changes(root, [TEASER_PATH]) == {}  # a repository without commits


HOSTILE_TITLE = "Black, Friday; 50% \\off\r\nsecond line\x1b[31m\x00"
HOSTILE_SETTINGS = 'title: "Plan, ours; a\\\\b\\nnext \\e[0m"\n'
HOSTILE_BRAND = 'name: "Qəhvə,\\nEvi; \\\\ \\0"\ntimezone: Asia/Baku\n'


def test_hostile_titles_and_names_are_escaped_and_parse_back(tmp_path):
    teaser = TEASER.replace(
        "title: Teaser", 'title: "Black, Friday; 50% \\\\off\\r\\nsecond line\\e[31m\\0"'
    )
    root = plan(tmp_path, teaser, HOSTILE_SETTINGS, HOSTILE_BRAND)
    assert load_project(root).posts[0].title == HOSTILE_TITLE
    for data in (plan_ics(root), feed_ics(root)):
        assert b"\x1b" not in data and b"\x00" not in data
        calendar = icalendar.Calendar.from_ical(data)
        # icalendar reads a calendar's name back as an unknown value, still escaped
        assert b"\r\nNAME:Plan\\, ours\\; a\\\\b next [0m\r\n" in data
        assert b"\r\nX-WR-CALNAME:Plan\\, ours\\; a\\\\b next [0m\r\n" in data
        summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
        assert summaries == [
            "Black, Friday; 50% \\off second line[31m — X (Twitter), Telegram",
            "Black, Friday; 50% \\off second line[31m — Facebook",
        ]
        categories = calendar.walk("VEVENT")[0]["CATEGORIES"].cats
        assert categories[0] == "Qəhvə, Evi; \\"
    brand_feed = ics.calendar("Qəhvə,\nEvi;\x00", [])
    assert "X-WR-CALNAME:Qəhvə\\, Evi\\;\r\n".encode() in brand_feed


@given(st.text())
def test_any_text_round_trips_as_its_clean_form(value):
    expected = ical.clean(value)
    assert not any(ord(c) < 32 and c not in "\t\n" for c in expected)
    item = icalendar.Event()
    item.add("description", icalendar.vText(expected))
    parsed = icalendar.Event.from_ical(item.to_ical())
    assert str(parsed["DESCRIPTION"]) == expected
    name = ical.clean(value, one_line=True)
    feed = ical.calendar(value, [])
    unfolded = feed.replace(b"\r\n ", b"")
    assert b"\r\nX-WR-CALNAME:" + icalendar.vText(name).to_ical() + b"\r\n" in unfolded
    assert (
        icalendar.Calendar.from_ical(feed)["X-WR-CALNAME"].to_ical()
        == icalendar.vText(name).to_ical()
    )
    assert "\n" not in name and "\r" not in name


@given(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2080, 1, 1)),
    st.timedeltas(min_value=timedelta(minutes=1), max_value=timedelta(days=3650)),
)
def test_a_later_change_never_has_a_lower_sequence(moment, later):
    first = moment.replace(tzinfo=UTC)
    assert ical.sequence(first + later) > ical.sequence(first)
    assert ical.sequence(first + later) < 2**31  # calendar apps read it as a 32-bit integer
