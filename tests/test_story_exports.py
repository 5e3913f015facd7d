"""A format that shows no caption (an Instagram story, ``captionless_formats``) goes to a
scheduler with an empty caption, and the export says so; the data exports keep the text
as planned, and schedulers that cannot mark a story refuse it."""

from __future__ import annotations

import csv
import io
import json

import pytest

from smmplan.load import load_project
from smmplan.render.export import build_all
from tests.test_export_formats import (
    BOM,
    NOW,
    PHOTO,
    PUBLER_HEADER,
    URL,
    jpeg,
    make_plan,
    only,
    run_export,
)

STORY = PHOTO.replace("networks: [instagram]", "networks: {instagram: {format: story}}")
FEED = PHOTO.replace("title: Photo", "title: Feed").replace("2026-11-28 12:00", "2026-11-29 12:00")
NOTICE = (
    "content/posts/photo.md [instagram]: text left out: Instagram's story shows no text,"
    " so the caption is empty (put the words in the picture)"
)
URLS = {
    ("content/posts/photo.md", "instagram"): [URL],
    ("content/posts/feed.md", "instagram"): [URL],
}


def story_plan(tmp_path, story: str = STORY):
    files = {"photo.md": story, "feed.md": FEED, "cup.jpg": jpeg(1080, 1920)}
    return make_plan(tmp_path, files)


def test_publer_sends_the_story_without_its_caption_and_says_so(tmp_path):
    result = run_export(story_plan(tmp_path), "publer", urls=URLS, networks=["instagram"])
    assert (
        only(result)
        == BOM
        + (
            PUBLER_HEADER
            + f'"2026-11-28 12:00","","","{URL}","","","A cup, on a table","#coffee","","story","",""\r\n'
            + f'"2026-11-29 12:00","Fresh roast.","","{URL}","","","A cup, on a table","#coffee","","","",""\r\n'
        ).encode()
    )
    assert result.notices == [NOTICE]
    assert result.refused == []


def test_a_story_with_no_text_has_nothing_to_report(tmp_path):
    silent = STORY.replace("---\nFresh roast.\n", "---\n")
    result = run_export(story_plan(tmp_path, silent), "publer", urls=URLS, networks=["instagram"])
    assert [line.split(",")[1] for line in only(result).decode("utf-8-sig").splitlines()[1:]] == [
        '""',
        '"Fresh roast."',
    ]
    assert result.notices == []


def test_a_recurring_story_is_reported_once(tmp_path):
    series = STORY.replace("networks:", "repeat: {every: 1d, max: 3}\nnetworks:")
    result = run_export(story_plan(tmp_path, series), "publer", urls=URLS, networks=["instagram"])
    lines = only(result).decode("utf-8-sig").splitlines()[1:]
    assert [line.split(",")[:2] for line in lines] == [
        ['"2026-11-28 12:00"', '""'],
        ['"2026-11-29 12:00"', '"Fresh roast."'],  # feed.md sorts before photo.md
        ['"2026-11-29 12:00"', '""'],
        ['"2026-11-30 12:00"', '""'],
    ]
    assert result.notices == [NOTICE]


@pytest.mark.parametrize(
    ("fmt", "label"),
    [
        ("buffer", "Buffer's bulk upload"),
        ("hootsuite", "Hootsuite's bulk composer"),
        ("sprout", "Sprout Social's bulk scheduler"),
    ],
)
def test_schedulers_that_cannot_mark_a_story_refuse_it(tmp_path, fmt, label):
    result = run_export(story_plan(tmp_path), fmt, urls=URLS, networks=["instagram"])
    story = [(r.path, r.reason) for r in result.refused if r.path == "content/posts/photo.md"]
    assert story == [
        ("content/posts/photo.md", f"is a story on Instagram; {label} cannot mark a post as one")
    ]
    assert NOTICE not in result.notices
    written = b"".join(f.data for f in result.files).decode("utf-8-sig")
    assert written.count("Fresh roast.") == len(result.files)  # the feed post's row alone


def test_the_data_exports_keep_the_planned_text(tmp_path):
    root = story_plan(tmp_path)
    table = csv.DictReader(
        io.StringIO(only(run_export(root, "csv", urls=URLS)).decode("utf-8-sig"))
    )
    assert [(r["post"], r["format"], r["text"]) for r in table] == [
        ("content/posts/photo.md", "story", "Fresh roast."),
        ("content/posts/feed.md", "", "Fresh roast."),
    ]
    document = json.loads(only(run_export(root, "json", urls=URLS)))
    assert [item["text"] for item in document["items"]] == ["Fresh roast.", "Fresh roast."]
    assert run_export(root, "csv", urls=URLS).notices == []


def test_builds_index_lists_the_notice(tmp_path):
    project = load_project(story_plan(tmp_path))
    index = json.loads(build_all(project, NOW, URLS, [])["index.json"])
    assert [n for n in index["notices"] if "text left out" in n] == [f"publer: {NOTICE}"]
