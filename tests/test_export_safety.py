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
        "buffer-qehve-evi-telegram.csv",
        "buffer-qehve-evi-x.csv",
        "hootsuite-qehve-evi-telegram.csv",
        "hootsuite-qehve-evi-x.csv",
        "index.json",
        "plan.csv",
        "plan.ics",
        "plan.json",
        "publer-qehve-evi-instagram.csv",
        "publer-qehve-evi-telegram.csv",
        "publer-qehve-evi-x.csv",
        "sprout-qehve-evi-telegram.csv",
        "sprout-qehve-evi-x.csv",
    ]
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    write_all(load_project(root), out, NOW, URLS)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    manifest = json.loads(first["index.json"])
    assert manifest["refused"] == [
        {
            "format": fmt,
            "post": "content/posts/photo.md",
            "network": "instagram",
            "reason": f"has 1 image; {label} has no column for media",
        }
        for fmt, label in (
            ("hootsuite", "Hootsuite's bulk composer"),
            ("sprout", "Sprout Social's bulk scheduler"),
        )
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
