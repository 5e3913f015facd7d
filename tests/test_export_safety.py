"""Safe files: formula neutralising, RFC 4180 round trips, atomic and repeatable writes."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smmplan.load import load_project
from smmplan.pipeline import write_exports as write_all
from smmplan.render.export.safe import (
    FORMULA_START,
    WriteError,
    csv_bytes,
    formula_trigger,
    neutralise,
    write_files,
)
from tests.test_export_formats import NOW, URLS, plan

cells = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


def read_back(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text, newline="")))


@given(st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=4), st.booleans())
def test_any_text_round_trips_to_the_intended_cell(table, bom):
    intended = [[neutralise(cell) for cell in row] for row in table]
    data = csv_bytes(["a", "b"], intended, bom=bom)
    assert read_back(data) == [["a", "b"], *intended]
    assert data.startswith(b"\xef\xbb\xbf") == bom


@given(cells)
def test_neutralised_cells_never_start_a_formula(cell):
    safe = neutralise(cell)
    assert formula_trigger(safe) is None
    assert safe in (cell, "'" + cell)
    assert (safe != cell) == cell.startswith(FORMULA_START)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1", "'+1"),
        ("-20% today", "'-20% today"),
        ("@brand thanks", "'@brand thanks"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a = b", "a = b"),
        ("#ad", "#ad"),
        ("", ""),
    ],
)
def test_neutralise_examples(cell, expected):
    assert neutralise(cell) == expected


def test_rfc4180_quoting_and_crlf():
    assert csv_bytes(["h"], [['say "hi", ok\nline']]) == b'"h"\r\n"say ""hi"", ok\nline"\r\n'


def test_write_files_is_all_or_nothing(tmp_path):
    good = tmp_path / "a.csv"
    missing = tmp_path / "no-such-folder" / "b.csv"
    with pytest.raises(WriteError, match="cannot write"):
        write_files({good: b"a", missing: b"b"})
    assert sorted(os.listdir(tmp_path)) == []
    write_files({good: b"one"})
    before = good.stat().st_mtime_ns
    write_files({good: b"one"})  # same bytes: not rewritten
    assert good.stat().st_mtime_ns == before
    write_files({good: b"two"})
    assert good.read_bytes() == b"two"
    assert sorted(os.listdir(tmp_path)) == ["a.csv"]


def test_write_all_writes_every_format_and_reruns_byte_identical(tmp_path):
    root = plan(tmp_path / "repo")
    out = tmp_path / "site" / "exports"
    project = load_project(root)
    written = write_all(project, out, NOW, URLS)
    names = sorted(p.name for p in written)
    assert names == [
        "buffer-qehve-evi-instagram.csv",
        "buffer-qehve-evi-x.csv",
        "hootsuite-qehve-evi-x.csv",
        "index.json",
        "plan.csv",
        "plan.ics",
        "plan.json",
        "plan.xlsx",
        "postoplan-qehve-evi-telegram.csv",
        "publer-qehve-evi-instagram.csv",
        "publer-qehve-evi-telegram.csv",
        "publer-qehve-evi-x.csv",
        "sprout-qehve-evi-instagram.csv",
        "sprout-qehve-evi-x.csv",
    ]
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    write_all(load_project(root), out, NOW, URLS)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    manifest = json.loads(first["index.json"])
    others = "use publer, postoplan, csv or json"
    not_postoplan = "use buffer, hootsuite, sprout, publer, csv or json"
    teaser, photo = "content/posts/teaser.md", "content/posts/photo.md"
    assert [
        (r["format"], r["post"], r["line"], r["network"], r["reason"]) for r in manifest["refused"]
    ] == [
        ("buffer", teaser, 11, "telegram", f"Buffer does not publish to Telegram: {others}"),
        ("hootsuite", teaser, 11, "telegram", f"Hootsuite does not publish to Telegram: {others}"),
        (
            "hootsuite",
            photo,
            9,
            "instagram",
            "has 1 image; Hootsuite's bulk composer has no column for media",
        ),
        ("sprout", teaser, 11, "telegram", f"Sprout Social does not publish to Telegram: {others}"),
        (
            "postoplan",
            teaser,
            10,
            "x",
            f"Postoplan does not publish to X (Twitter): {not_postoplan}",
        ),
        (
            "postoplan",
            photo,
            9,
            "instagram",
            f"Postoplan does not publish to Instagram: {not_postoplan}",
        ),
    ]
    buffer_x = next(f for f in manifest["files"] if f["file"] == "buffer-qehve-evi-x.csv")
    assert buffer_x == {
        "format": "buffer",
        "file": "buffer-qehve-evi-x.csv",
        "rows": 1,
        "brand": "qehve-evi",
        "network": "x",
        "note": "Posting Time in Asia/Baku: set the Buffer channel to this time zone",
    }


def test_write_all_removes_the_files_of_a_previous_run(tmp_path):
    root = plan(tmp_path / "repo")
    out = tmp_path / "exports"
    write_all(load_project(root), out, NOW, URLS)
    (out / "mine.txt").write_text("not ours")
    (root / "content/posts/photo.md").unlink()
    write_all(load_project(root), out, NOW, URLS)
    assert not (out / "buffer-qehve-evi-instagram.csv").exists()
    assert (out / "mine.txt").exists()


@pytest.mark.parametrize("site_url", ["=cmd|' /C calc'!A0", "+1", "@SUM(1)", "-2+3"])
def test_a_hostile_site_url_never_puts_a_formula_in_a_media_url_cell(tmp_path, site_url):
    from smmplan.render.export.images import media_url
    from tests.test_export_formats import jpeg, make_plan, run_export
    from tests.test_export_rules import post, reasons

    files = {
        "a.jpg": jpeg(),
        "p.md": post("Fresh roast", networks="[instagram]", media="[a.jpg]"),
        "v.md": post("Salam", networks="[vk]", media="[a.jpg]"),
    }
    root = make_plan(tmp_path, files)
    url = media_url(site_url, "0123abcd.jpg")
    urls = {("content/posts/p.md", "instagram"): [url], ("content/posts/v.md", "vk"): [url]}
    for fmt, column, post_name in (
        ("buffer", "Image URL", "p.md:instagram"),
        ("sprout", "image_url", "p.md:instagram"),
        ("publer", "Media URL(s) - Separated by comma", "p.md:instagram"),
        ("postoplan", "Media URL", "v.md:vk"),
    ):
        result = run_export(root, fmt, urls=urls)
        assert reasons(result)[post_name] == (
            f"'{column}' begins with '{site_url[0]}', which a spreadsheet runs as a formula;"
            " links and site_url in smmplan.yml must start with https://"
        ), fmt
        for item in result.files:
            assert site_url.encode() not in item.data, fmt
