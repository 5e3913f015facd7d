"""``build_all``: every format's files for ``smmplan build``, each equal to what ``export``
makes of that format alone; the data formats' files and ``index.json`` made when read."""

from __future__ import annotations

import json
from pathlib import Path

from smmplan.check import run
from smmplan.load import load_project
from smmplan.render import export as exports
from smmplan.render.export import FORMATS, build_all, export, workbook
from tests.test_export_formats import NOW, PHOTO, TEASER, URLS, jpeg, make_plan

EXAMPLE = Path(__file__).resolve().parents[1]


def one_format_at_a_time(project, diagnostics) -> dict[str, bytes]:
    """What ``build_all`` gives, made format by format with ``export``."""
    selection = exports.ExportFilter(after=NOW)
    files, listed, refused, notices = {}, [], [], []
    for fmt in FORMATS:
        result = export(project, fmt, selection, NOW, URLS, diagnostics=diagnostics)
        for item in result.files:
            if item.rows or fmt in exports.ALWAYS:
                files[item.name] = item.data
                entry = {"format": fmt, "file": item.name, "rows": item.rows}
                entry |= {"brand": item.brand, "network": item.network, "note": item.note}
                listed.append(entry)
        refused += [
            {"format": fmt, "post": r.path, "line": r.at_line, "network": r.network}
            | {"reason": r.reason}
            for r in result.refused
        ]
        notices += [f"{fmt}: {n}" for n in result.notices]
    index = {"version": 1, "generated_at": "2026-11-23T06:00:00Z"}
    index |= {"selection": selection.describe(), "files": listed}
    index |= {"refused": refused, "notices": notices}
    files["index.json"] = (json.dumps(index, ensure_ascii=False, indent=2) + "\n").encode()
    return files


def test_every_file_equals_its_format_made_alone(tmp_path) -> None:
    bad = TEASER.replace("title: Teaser", "title: Bad").replace("x: {}", "x: {text: '=1+1'}")
    root = make_plan(
        tmp_path, {"teaser.md": TEASER, "photo.md": PHOTO, "bad.md": bad, "cup.jpg": jpeg()}
    )
    project = load_project(root)
    diagnostics = run(project, NOW)
    made = build_all(project, NOW, URLS, diagnostics)
    expected = one_format_at_a_time(project, diagnostics)
    assert list(made) == list(expected)
    assert {name: made[name] for name in made} == expected
    assert json.loads(made["index.json"])["refused"]  # something was left out, and listed


def test_the_example_plans_files_equal_their_formats_made_alone() -> None:
    project = load_project(EXAMPLE)
    diagnostics = run(project, NOW)
    made = build_all(project, NOW, URLS, diagnostics)
    assert dict(made.items()) == one_format_at_a_time(project, diagnostics)


def test_the_data_files_are_made_when_first_read(tmp_path, monkeypatch) -> None:
    root = make_plan(tmp_path, {"teaser.md": TEASER, "photo.md": PHOTO, "cup.jpg": jpeg()})
    project = load_project(root)
    calls = []
    render = workbook.render
    monkeypatch.setattr(workbook, "render", lambda *args: calls.append(1) or render(*args))
    made = build_all(project, NOW, URLS, run(project, NOW))
    assert "plan.xlsx" in made and "index.json" in made and calls == []
    assert made["plan.xlsx"][:2] == b"PK" and calls == [1]
    assert made["plan.xlsx"] is made["plan.xlsx"] and calls == [1]  # made once
    assert json.loads(made["index.json"])["files"][0]["file"] == "buffer-qehve-evi-instagram.csv"
    assert calls == [1]
