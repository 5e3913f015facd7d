"""Every export format, byte for byte, on a small plan; hostile text in every format."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from smmplan.check import run
from smmplan.load import load_project
from smmplan.render.export import Export, export, make_selection
from tests.conftest import write

NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # Monday 10:00 in Baku
BRAND = """\
name: Qəhvə Evi
timezone: Asia/Baku
accounts: {x: "@qehveevi", telegram: "qehveevi", instagram: "qehve.evi"}
utm: {source: "{network}", medium: social, campaign: "{campaign}"}
"""
CAMPAIGN = "---\ntitle: Black Friday\nstart: 2026-11-20\nend: 2026-11-30\n---\n"
TEASER = """\
---
title: Teaser
campaign: bf
publish_at: 2026-11-27 10:00
status: approved
approved_by: ilya
tags: [promo]
link: https://example.com/bf?ref=a
networks:
  x: {}
  telegram: {text: "Telegram: https://example.com/bf?ref=a"}
---
Say "hi", friends — 50% off ☕
"""
PHOTO = """\
---
title: Photo
publish_at: 2026-11-28 12:00
status: scheduled
approved_by: ilya
first_comment: "#coffee"
media:
  - {src: cup.jpg, alt: "A cup, on a table"}
networks: [instagram]
---
Fresh roast.
"""
URL = "https://cal.example.org/media/0123abcd.jpg"
URLS = {("content/posts/photo.md", "instagram"): [URL]}
UTM = "utm_source={net}&utm_medium=social&utm_campaign=bf"
BOM = b"\xef\xbb\xbf"


def jpeg(width: int = 1080, height: int = 1350) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def make_plan(root: Path, posts: dict[str, str | bytes], brand: str = BRAND) -> Path:
    files: dict[str, str | bytes] = {"brands/qehve-evi.yml": brand}
    files["content/campaigns/bf.md"] = CAMPAIGN
    files.update({f"content/posts/{name}": text for name, text in posts.items()})
    return write(root, files)


def run_export(
    root: Path, fmt: str, now: datetime = NOW, urls=None, date_order: str = "dmy", **selection
) -> Export:
    project = load_project(root)
    chosen = make_selection(project, now=now, **selection)
    return export(
        project,
        fmt,
        chosen,
        now,
        URLS if urls is None else urls,
        date_order=date_order,
        diagnostics=run(project, now),
    )


def only(result: Export) -> bytes:
    assert len(result.files) == 1, [f.name for f in result.files]
    return result.files[0].data


def rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def plan(tmp_path: Path) -> Path:
    return make_plan(tmp_path, {"teaser.md": TEASER, "photo.md": PHOTO, "cup.jpg": jpeg()})


def test_buffer_header_time_image_and_appended_link(tmp_path):
    root = plan(tmp_path)
    x = run_export(root, "buffer", networks=["x"])
    assert x.files[0].name == "buffer-qehve-evi-x.csv"
    assert (
        only(x)
        == BOM
        + (
            '"Text","Image URL","Tags","Posting Time"\r\n'
            '"Say ""hi"", friends — 50% off ☕\n\nhttps://example.com/bf?ref=a&'
            + UTM.format(net="x")
            + '","","","2026-11-27 10:00"\r\n'
        ).encode()
    )
    insta = run_export(root, "buffer", networks=["instagram"])
    assert (
        only(insta)
        == BOM
        + (
            '"Text","Image URL","Tags","Posting Time"\r\n'
            f'"Fresh roast.","{URL}","","2026-11-28 12:00"\r\n'
        ).encode()
    )
    assert insta.notices == [
        "content/posts/photo.md [instagram]: first comment left out: Buffer's bulk upload"
        " has no place for it; add it in the scheduler"
    ]
    assert "Asia/Baku" in insta.files[0].note


def test_hootsuite_has_no_header_and_both_date_orders(tmp_path):
    root = plan(tmp_path)
    link = "https://example.com/bf?ref=a&" + UTM.format(net="x")
    dmy = run_export(root, "hootsuite", networks=["x"])
    assert (
        only(dmy) == f'"27/11/2026 10:00","Say ""hi"", friends — 50% off ☕","{link}"\r\n'.encode()
    )
    mdy = run_export(root, "hootsuite", networks=["x"], date_order="mdy")
    assert only(mdy).startswith(b'"11/27/2026 10:00",')
    # the link is already in Facebook's own text: it is tagged there, column C stays empty
    facebook = TEASER.replace('telegram: {text: "Telegram:', 'facebook: {text: "Facebook:')
    root = make_plan(tmp_path / "fb", {"teaser.md": facebook})
    result = run_export(root, "hootsuite", networks=["facebook"])
    tagged = "https://example.com/bf?ref=a&" + UTM.format(net="facebook")
    assert only(result) == f'"27/11/2026 10:00","Facebook: {tagged}",""\r\n'.encode()


def test_sprout_columns_link_image_and_tags(tmp_path):
    root = plan(tmp_path)
    result = run_export(root, "sprout", networks=["x"], date_order="mdy")
    link = "https://example.com/bf?ref=a&" + UTM.format(net="x")
    assert (
        only(result)
        == (
            '"date","time_24hr","message_text","link","image_url","tags"\r\n'
            f'"11/27/2026","10:00","Say ""hi"", friends — 50% off ☕","{link}","","promo"\r\n'
        ).encode()
    )
    photo = run_export(root, "sprout", networks=["instagram"])
    assert rows(only(photo)) == [
        ["date", "time_24hr", "message_text", "link", "image_url", "tags"],
        ["28/11/2026", "12:00", "Fresh roast.", "", URL, ""],
    ]
    assert photo.refused == []


PUBLER_HEADER = (
    '"Date - Intl. format or prompt","Text","Link(s) - Separated by comma for FB carousels",'
    '"Media URL(s) - Separated by comma","Title - For the video, pin, PDF ..",'
    '"Label(s) - Separated by comma","Alt text(s) - Separated by ||",'
    '"Comment(s) - Separated by ||","Pin board, FB album, or Google category",'
    '"Post subtype - I.e. story, reel, PDF ..","CTA - For Facebook links or Google",'
    '"Reminder - For stories, reels, shorts, and TikToks"\r\n'
)


def test_publer_twelve_columns_exactly(tmp_path):
    root = plan(tmp_path)
    x = run_export(root, "publer", networks=["x"])
    link = "https://example.com/bf?ref=a&" + UTM.format(net="x")
    assert (
        only(x)
        == BOM
        + (
            PUBLER_HEADER
            + f'"2026-11-27 10:00","Say ""hi"", friends — 50% off ☕","{link}","","","","","","","","",""\r\n'
        ).encode()
    )
    insta = run_export(root, "publer", networks=["instagram"])
    assert (
        only(insta)
        == BOM
        + (
            PUBLER_HEADER
            + f'"2026-11-28 12:00","Fresh roast.","","{URL}","","","A cup, on a table","#coffee","","","",""\r\n'
        ).encode()
    )
    assert len(rows(only(insta))[0]) == 12


def test_publer_carries_thread_parts_as_comments_and_stories(tmp_path):
    thread = TEASER.replace("☕\n", "☕\n---\nPart two\n---\nPart three\n").replace(
        '  telegram: {text: "Telegram: https://example.com/bf?ref=a"}\n', ""
    )
    story = PHOTO.replace("networks: [instagram]", "networks: {instagram: {format: story}}")
    root = make_plan(tmp_path, {"t.md": thread, "photo.md": story, "cup.jpg": jpeg(1080, 1920)})
    x = rows(only(run_export(root, "publer", networks=["x"])))[1]
    assert x[1] == 'Say "hi", friends — 50% off ☕'
    assert x[7] == "Part two||Part three"
    assert x[2] == "https://example.com/bf?ref=a&" + UTM.format(net="x")
    insta = rows(only(run_export(root, "publer", networks=["instagram"])))[1]
    assert insta[9] == "story"


def test_csv_has_every_field(tmp_path):
    root = plan(tmp_path)
    result = run_export(root, "csv")
    table = rows(only(result))
    assert only(result).startswith(BOM + b'"post","slug","title","brand","brand_name","account",')
    assert [r[7] for r in table[1:]] == ["telegram", "x", "instagram"]
    header, x = table[0], dict(zip(table[0], table[2], strict=True))
    assert len(header) == 27
    assert x == {
        "post": "content/posts/teaser.md",
        "slug": "teaser",
        "title": "Teaser",
        "brand": "qehve-evi",
        "brand_name": "Qəhvə Evi",
        "account": "@qehveevi",
        "campaign": "bf",
        "network": "x",
        "network_name": "X (Twitter)",
        "status": "approved",
        "publish_at": "2026-11-27T10:00:00+04:00",
        "timezone": "Asia/Baku",
        "publish_at_utc": "2026-11-27T06:00:00Z",
        "text": 'Say "hi", friends — 50% off ☕',
        "parts": "1",
        "first_comment": "",
        "link": "https://example.com/bf?ref=a&" + UTM.format(net="x"),
        "media": "",
        "media_urls": "",
        "alt_texts": "",
        "network_title": "",
        "format": "",
        "tags": "promo",
        "author": "",
        "approved_by": "ilya",
        "sponsored": "false",
        "occurrence": "",
    }
    photo = dict(zip(header, table[3], strict=True))
    assert (photo["media"], photo["media_urls"], photo["alt_texts"]) == (
        "cup.jpg",
        URL,
        "A cup, on a table",
    )
    assert photo["first_comment"] == "#coffee"
    assert result.notices == []  # machine-readable: '@qehveevi' stays raw, nothing to report


def test_json_document_and_schema(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")

    from smmplan.render.export.jsonfile import SCHEMA

    root = plan(tmp_path)
    document = json.loads(only(run_export(root, "json", networks=["instagram"])))
    jsonschema.validate(document, SCHEMA)
    assert document == {
        "format": "smmplan-export",
        "version": 1,
        "generated_at": "2026-11-23T06:00:00Z",
        "title": "Content calendar",
        "selection": "approved or scheduled posts on instagram after 2026-11-23 06:00 UTC",
        "items": [
            {
                "post": "content/posts/photo.md",
                "slug": "photo",
                "title": "Photo",
                "brand": "qehve-evi",
                "brand_name": "Qəhvə Evi",
                "account": "qehve.evi",
                "campaign": None,
                "network": "instagram",
                "network_name": "Instagram",
                "status": "scheduled",
                "publish_at": "2026-11-28T12:00:00+04:00",
                "timezone": "Asia/Baku",
                "publish_at_utc": "2026-11-28T08:00:00Z",
                "text": "Fresh roast.",
                "parts": ["Fresh roast."],
                "first_comment": "#coffee",
                "link": None,
                "media": [{"src": "cup.jpg", "alt": "A cup, on a table", "url": URL}],
                "network_title": None,
                "format": None,
                "tags": [],
                "author": None,
                "approved_by": "ilya",
                "sponsored": False,
                "occurrence": None,
            }
        ],
        "refused": [],
    }


def test_published_json_schema_is_the_code_schema():
    from smmplan.render.export.jsonfile import SCHEMA

    published = Path(__file__).parent.parent / "docs" / "json-export.schema.json"
    assert json.loads(published.read_text(encoding="utf-8")) == SCHEMA


def test_ics_exact_bytes(tmp_path):
    root = plan(tmp_path)
    data = only(run_export(root, "ics", networks=["x"]))
    assert (
        data
        == (
            "BEGIN:VCALENDAR\r\n"
            "VERSION:2.0\r\n"
            "PRODID:-//smmplan//smmplan//EN\r\n"
            "CALSCALE:GREGORIAN\r\n"
            "METHOD:PUBLISH\r\n"
            "NAME:Content calendar\r\n"
            "X-WR-CALNAME:Content calendar\r\n"
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"
            "X-PUBLISHED-TTL:PT1H\r\n"
            "BEGIN:VEVENT\r\n"
            "SUMMARY:Teaser — X (Twitter)\r\n"
            "DTSTART:20261127T060000Z\r\n"
            "DTEND:20261127T061500Z\r\n"
            "DTSTAMP:20200101T000000Z\r\n"
            "UID:699df61b6e43cd27a75e97ed@smmplan\r\n"
            "SEQUENCE:0\r\n"
            "CATEGORIES:Qəhvə Evi,approved,X (Twitter),promo\r\n"
            "DESCRIPTION:X (Twitter) · Qəhvə Evi · approved\\n2026-11-27 10:00 Asia/\r\n"
            ' Baku\\n\\nSay "hi"\\, friends — 50% off ☕\\n\\nhttps://example.com/bf?ref=a\r\n'
            " &utm_source=x&utm_medium=social&utm_campaign=bf\\n\\ncontent/posts/teaser.md\r\n"
            "STATUS:CONFIRMED\r\n"
            "END:VEVENT\r\n"
            "END:VCALENDAR\r\n"
        ).encode()
    )
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))


HOSTILE_START = '=HYPERLINK("http://evil.example/?a=1,2","click"), "quoted"\nnext 🎉 שלום'
HOSTILE_INSIDE = 'He said "yes, no";\r\nline, =SUM(1) 👍🏽 مرحبا بالعالم \u202eevil\u202c'


def hostile_plan(tmp_path: Path) -> Path:
    def post(text: str, when: str) -> str:
        return (
            "---\ntitle: 'Hostile, \"title\"'\n"
            f"publish_at: {when}\nstatus: approved\napproved_by: ilya\n"
            "networks: [facebook]\n---\n" + text + "\n"
        )

    return make_plan(
        tmp_path,
        {
            "a-start.md": post(HOSTILE_START, "2026-11-27 10:00"),
            "b-inside.md": post(HOSTILE_INSIDE, "2026-11-27 15:00"),
        },
    )


def test_hostile_text_in_scheduler_csvs(tmp_path):
    root = hostile_plan(tmp_path)
    expected_inside = HOSTILE_INSIDE.replace("\r\n", "\n")
    for fmt, column in (("buffer", 0), ("hootsuite", 1), ("sprout", 2), ("publer", 1)):
        result = run_export(root, fmt)
        assert [r.path for r in result.refused] == ["content/posts/a-start.md"], fmt
        assert "begins with '='" in result.refused[0].reason, fmt
        table = rows(only(result))
        assert table[-1][column] == expected_inside, fmt
        assert len(table) == (1 if fmt == "hootsuite" else 2), fmt


def test_hostile_text_in_csv_json_and_ics(tmp_path):
    import icalendar

    root = hostile_plan(tmp_path)
    expected = [HOSTILE_START, HOSTILE_INSIDE.replace("\r\n", "\n")]
    table = rows(only(run_export(root, "csv")))
    header = table[0]
    texts = [dict(zip(header, row, strict=True))["text"] for row in table[1:]]
    assert texts == expected  # raw: plan.csv is for programs
    assert [dict(zip(header, row, strict=True))["title"] for row in table[1:]] == [
        'Hostile, "title"'
    ] * 2
    document = json.loads(only(run_export(root, "json")))
    assert [item["text"] for item in document["items"]] == expected
    calendar = icalendar.Calendar.from_ical(only(run_export(root, "ics")))
    descriptions = [str(event["DESCRIPTION"]) for event in calendar.walk("VEVENT")]
    assert [d.split("\n\n", 1)[1].rsplit("\n\n", 1)[0] for d in descriptions] == expected
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [
        'Hostile, "title" — Facebook'
    ] * 2
