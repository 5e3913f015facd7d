"""A recurring post everywhere it shows: the site's cards and post page, the terminal
calendar, the iCalendar feed, the exports, ``diff`` and ``move``."""

from __future__ import annotations

import csv
import io
import json
import re

from smmplan.load import load_project
from smmplan.plan import slots
from smmplan.render.export import ical
from smmplan.render.site import ics
from smmplan.render.site.data import assemble
from smmplan.render.site.views import Helpers, environment
from smmplan.render.site.views.lists import board_columns
from smmplan.render.site.views.post import page
from smmplan.workflow.diff import compare
from smmplan.workflow.diff_report import diff_json, diff_markdown
from tests.conftest import NOW, write

SERIES = """\
---
title: Evergreen
publish_at: 2026-11-30 10:00
status: approved
approved_by: ilya
networks: [x, telegram]
repeat:
  every: 1w
  max: 4
  skip: [2026-12-14]
  variants: [Second text]
---
First text
"""


def repo(tmp_path, post: str = SERIES):
    (tmp_path / "content/posts").mkdir(parents=True, exist_ok=True)
    brand = "name: Q\ntimezone: Asia/Baku\naccounts: {x: '@qqq', telegram: qqqqqq}\n"
    return write(tmp_path, {"brands/q.yml": brand, "content/posts/a.md": post})


def test_each_occurrence_is_a_card_linking_to_its_date_on_the_post_page(tmp_path):
    site = assemble(load_project(repo(tmp_path)), [], NOW)
    h = Helpers(site, "week/2026-W49/")
    cards = [h.entry_card(entry) for entry in site.entries]
    assert [re.search(r'href="([^"]+)"', str(card))[1] for card in cards] == [
        "../../posts/a/#occurrence-2026-11-30",
        "../../posts/a/#occurrence-2026-12-07",
        "../../posts/a/#occurrence-2026-12-21",
    ]
    assert site.weeks == ["2026-W49", "2026-W50", "2026-W52"]
    (approved,) = [cards for status, cards in board_columns(site) if status == "approved"]
    assert [card.local.date().isoformat() for card in approved] == [
        "2026-11-30",
        "2026-12-07",
        "2026-12-21",
    ]


def test_the_post_page_lists_the_series_with_skipped_dates_struck_through(tmp_path):
    site = assemble(load_project(repo(tmp_path)), [], NOW)
    h = Helpers(site, "posts/a/")
    template, context, toc = page(site, "content/posts/a.md", h)
    html = environment().get_template(template).render(h=h, **context)
    rows = re.findall(r'<tr id="(occurrence-[\d-]+)" class="([^"]+)">(.*?)</tr>', html, re.S)
    assert [(anchor, kind) for anchor, kind, _ in rows] == [
        ("occurrence-2026-11-30", "smm-series__row"),
        ("occurrence-2026-12-07", "smm-series__row"),
        ("occurrence-2026-12-14", "smm-series__row smm-series__row--skipped"),
        ("occurrence-2026-12-21", "smm-series__row"),
    ]
    texts = [re.sub(r"<[^>]+>", "", cells).split("\n")[-2] for _, _, cells in rows]
    assert texts == ["the post&#39;s text", "variant 1", "the post&#39;s text", "variant 1"]
    assert "<del>" in rows[2][2] and "<strong>skipped</strong>" in rows[2][2]
    assert "series" in [item["id"] for item in toc]


def test_terminal_calendar_marks_each_date_of_the_series(tmp_path, smmplan):
    root = repo(tmp_path)
    result = smmplan(
        "--root", str(root), "--now", "2026-11-23T06:00Z", "calendar", "--week", "2026-W50"
    )
    assert result.exit_code == 0, result.output
    assert "Evergreen (2/4)" in result.output
    skipped = smmplan("--root", str(root), "calendar", "--week", "2026-W51")
    assert "2026-W51" in skipped.output and "no posts" in skipped.output


def test_each_occurrence_is_an_event_with_a_uid_of_its_own(tmp_path):
    project = load_project(repo(tmp_path))
    events = ics.events(slots(project))
    uids = [re.search(rb"UID:(\S+)", event)[1].decode() for _, event in events]
    base = ical.uid("content/posts/a.md")
    digest = base.split("@")[0]
    assert uids == [base, f"{digest}-20261207@smmplan", f"{digest}-20261221@smmplan"]
    starts = [re.search(rb"DTSTART:(\S+)", event)[1] for _, event in events]
    assert starts == [b"20261130T060000Z", b"20261207T060000Z", b"20261221T060000Z"]


def test_exports_write_a_row_per_occurrence_with_its_text(tmp_path, smmplan):
    root = repo(tmp_path)
    out = tmp_path / "plan.csv"
    now = ("--root", str(root), "--now", "2026-11-23T06:00Z")
    assert smmplan(*now, "export", "--format", "csv", "-o", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert [(r["network"], r["publish_at"], r["text"]) for r in rows] == [
        ("telegram", "2026-11-30T10:00:00+04:00", "First text"),
        ("x", "2026-11-30T10:00:00+04:00", "First text"),
        ("telegram", "2026-12-07T10:00:00+04:00", "Second text"),
        ("x", "2026-12-07T10:00:00+04:00", "Second text"),
        ("telegram", "2026-12-21T10:00:00+04:00", "Second text"),
        ("x", "2026-12-21T10:00:00+04:00", "Second text"),
    ]
    plan = tmp_path / "plan.json"
    assert smmplan(*now, "export", "--format", "json", "-o", str(plan)).exit_code == 0
    items = json.loads(plan.read_text("utf-8"))["items"]
    assert [item["publish_at_utc"] for item in items][::2] == [
        "2026-11-30T06:00:00Z",
        "2026-12-07T06:00:00Z",
        "2026-12-21T06:00:00Z",
    ]


def _diff(tmp_path, before: str, after: str):
    old = load_project(repo(tmp_path / "old", before))
    new = load_project(repo(tmp_path / "new", after))
    return compare(old, new, "main", [], [])


def test_diff_lists_the_dates_a_series_gained_and_lost(tmp_path):
    after = SERIES.replace("max: 4", "max: 5").replace("[2026-12-14]", "[2026-12-07]")
    diff = _diff(tmp_path, SERIES, after)
    ((_, gained, lost),) = diff.occurrences
    assert [m.isoformat() for m in gained] == [
        "2026-12-14T10:00:00+04:00",
        "2026-12-28T10:00:00+04:00",
    ]
    assert [m.isoformat() for m in lost] == ["2026-12-07T10:00:00+04:00"]
    assert json.loads(diff_json(diff, NOW))["occurrences"] == [
        {
            "post": "content/posts/a.md",
            "title": "Evergreen",
            "added": ["2026-12-14T10:00:00+04:00", "2026-12-28T10:00:00+04:00"],
            "removed": ["2026-12-07T10:00:00+04:00"],
        }
    ]
    markdown = diff_markdown(diff)
    assert "**1 series changed**" in markdown
    assert (
        "| Evergreen<br>`content/posts/a.md` | Mon 14 Dec 2026 10:00<br>Mon 28 Dec 2026 10:00"
        " | Mon 07 Dec 2026 10:00 |"
    ) in markdown


def test_a_series_that_only_moved_is_shown_as_moved(tmp_path):
    moved = SERIES.replace("2026-11-30 10:00", "2026-12-01 10:00")
    moved = moved.replace("[2026-12-14]", "[2026-12-15]")
    diff = _diff(tmp_path, SERIES, moved)
    assert diff.occurrences == []
    assert [(net, old.isoformat(), new.isoformat()) for _, net, old, new in diff.moved] == [
        (None, "2026-11-30T10:00:00+04:00", "2026-12-01T10:00:00+04:00")
    ]
    once = SERIES.split("repeat:")[0] + "---\nFirst text\n"
    became = _diff(tmp_path / "2", once, SERIES)
    assert [[m.date().isoformat() for m in gained] for _, gained, _ in became.occurrences] == [
        ["2026-12-07", "2026-12-21"]
    ]


def test_move_takes_the_series_along_and_reports_a_skip_left_behind(tmp_path, smmplan):
    root = repo(tmp_path)
    path = root / "content/posts/a.md"
    result = smmplan(
        "--root", str(root), "--now", "2026-11-23T06:00Z", "move", str(path), "--by", "1d"
    )
    assert result.exit_code == 0, result.output
    assert path.read_text() == SERIES.replace("2026-11-30 10:00", "2026-12-01 10:00")
    assert (
        "content/posts/a.md:10:1: error: repeat.skip: 2026-12-14 is not" in result.stderr
        and "[repeat-skip-unknown]" in result.stderr
    )
    (post,) = load_project(root).posts
    assert [o.publish_at.date().isoformat() for o in post.repeat.active] == [
        "2026-12-01",
        "2026-12-08",
        "2026-12-15",
        "2026-12-22",
    ]


def test_the_sites_feed_links_each_event_to_its_date_on_the_post_page(tmp_path):
    from smmplan.render.site.ics import feeds

    site = assemble(load_project(repo(tmp_path)), [], NOW)
    feed = feeds(site, "https://cal.example.org/")["calendar.ics"].decode()
    unfolded = feed.replace("\r\n ", "")
    links = re.findall(r"https://cal\.example\.org/posts/a/#occurrence-[\d-]+", unfolded)
    assert sorted(set(links)) == [
        "https://cal.example.org/posts/a/#occurrence-2026-11-30",
        "https://cal.example.org/posts/a/#occurrence-2026-12-07",
        "https://cal.example.org/posts/a/#occurrence-2026-12-21",
    ]
