"""``plan.xlsx``: typed cells that round-trip through openpyxl, hostile strings stay strings,
the same bytes for the same plan."""

from __future__ import annotations

import io
import json
import time
import zipfile
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smmplan.render.export.spreadsheet import HEADER
from smmplan.render.export.workbook import MAX_CELL, _fit, openpyxl_bytes, table_bytes
from tests.test_export_formats import (
    HOSTILE_START,
    hostile_plan,
    make_plan,
    only,
    plan,
    rows,
    run_export,
)
from tests.test_export_postoplan import repr_yaml
from tests.test_export_rules import post

openpyxl = pytest.importorskip("openpyxl")


def sheet_of(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def expected_from_csv(line: dict[str, str]) -> list:
    """What plan.xlsx must hold for a plan.csv row: the same values, typed."""
    typed: list = [line[name] or None for name in HEADER]
    local = datetime.fromisoformat(line["publish_at"])
    utc = datetime.fromisoformat(line["publish_at_utc"].replace("Z", "+00:00"))
    typed[HEADER.index("publish_at")] = local.replace(tzinfo=None)
    typed[HEADER.index("publish_at_utc")] = utc.replace(tzinfo=None)
    typed[HEADER.index("parts")] = int(line["parts"])
    typed[HEADER.index("sponsored")] = line["sponsored"] == "true"
    return typed


def test_every_value_and_type_round_trips(tmp_path):
    root = plan(tmp_path)
    table = rows(only(run_export(root, "csv")))
    result = run_export(root, "xlsx")
    assert [f.name for f in result.files] == ["plan.xlsx"] and result.files[0].rows == 3
    sheet = sheet_of(only(result))
    assert sheet.title == "plan"
    got = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert got[0] == list(HEADER)
    assert got[1:] == [
        expected_from_csv(dict(zip(table[0], line, strict=True))) for line in table[1:]
    ]
    x = [cell for cell in sheet[3]]
    types = {HEADER[i]: cell.data_type for i, cell in enumerate(x) if cell.value is not None}
    assert (
        types["account"] == "s" and sheet.cell(3, HEADER.index("account") + 1).value == "@qehveevi"
    )
    assert (types["publish_at"], types["publish_at_utc"], types["parts"]) == ("d", "d", "n")
    assert types["sponsored"] == "b"
    assert sheet.cell(3, HEADER.index("publish_at") + 1).number_format == "yyyy-mm-dd hh:mm"
    assert sheet.freeze_panes == "A2"
    assert result.notices == []


def test_hostile_strings_stay_strings(tmp_path):
    sheet = sheet_of(only(run_export(hostile_plan(tmp_path), "xlsx")))
    text = sheet.cell(2, HEADER.index("text") + 1)
    assert (text.value, text.data_type) == (HOSTILE_START, "s")
    with zipfile.ZipFile(io.BytesIO(only(run_export(hostile_plan(tmp_path), "xlsx")))) as archive:
        worksheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in worksheet  # not one formula in the file


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.one_of(
        st.sampled_from(["=1+1", "+1", "-2", "@handle", "=cmd|' /C calc'!A0", "07", "1e5", "TRUE"]),
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40),
    )
)
def test_any_text_reads_back_as_the_same_string(tmp_path_factory, text):
    body = post("Text", networks="{telegram: {text: " + repr_yaml(text) + "}}")
    root = make_plan(tmp_path_factory.mktemp("w"), {"p.md": body})
    items = json.loads(only(run_export(root, "json")))["items"]
    if not items:
        return  # a text the plan itself rejects (empty once trimmed, errors)
    workbook = run_export(root, "xlsx")
    cell = sheet_of(only(workbook)).cell(2, HEADER.index("text") + 1)
    assert (cell.value, cell.data_type) == (items[0]["text"], "s")
    assert workbook.notices == []


def test_what_a_cell_cannot_hold_is_replaced_and_reported():
    changed: list[str] = []
    assert _fit("a\x00b\x1fc\td\ne", "p.md [x] text", changed) == "a\ufffdb\ufffdc\td\ne"
    assert _fit("y" * (MAX_CELL + 5), "p.md [x] text", changed) == "y" * MAX_CELL
    assert _fit("fine", "p.md [x] text", changed) == "fine"
    assert changed == [
        "p.md [x] text had control characters, shown as \ufffd",
        "p.md [x] text was cut to 32,767 characters",
    ]


def test_same_plan_same_bytes_whatever_the_clock(tmp_path, monkeypatch):
    root = plan(tmp_path)
    monkeypatch.setattr(time, "time", lambda: 1_700_000_000.0)
    first = only(run_export(root, "xlsx"))
    monkeypatch.setattr(time, "time", lambda: 1_800_000_000.0)
    second = only(run_export(root, "xlsx"))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "<dcterms:created" in core and "2000-01-01T00:00:00Z" in core
    assert "<dcterms:modified" in core and core.count("2000-01-01T00:00:00Z") == 2


def test_an_empty_plan_is_a_header_row(tmp_path):
    from smmplan.render.export.base import Options
    from smmplan.render.export.workbook import render

    out = render([], Options(now=datetime(2026, 11, 23)))
    sheet = sheet_of(out.files[0].data)
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [list(HEADER)]
    assert out.files[0].rows == 0


CELL_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)
CELL = st.one_of(
    st.none(),
    CELL_TEXT.map(lambda text: _fit(text, "cell", [])).filter(bool),
    st.sampled_from([" lead", "trail ", " both ", "a&b<c>d", "]]>", "\r\n", "x\ry", "\t"]),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31)),
)


ROW = st.tuples(CELL_TEXT, st.lists(CELL, min_size=len(HEADER) - 1, max_size=len(HEADER) - 1))


@settings(max_examples=60, deadline=None)
@given(st.lists(ROW, max_size=6))
def test_rows_written_here_are_the_bytes_openpyxl_writes(rows_):
    table = [[_fit(post, "post", []), *rest] for post, rest in rows_]  # a row names its post
    assert table_bytes(table) == openpyxl_bytes(table)


def test_a_plan_of_many_rows_is_the_bytes_openpyxl_writes(tmp_path):
    moment = datetime(2026, 11, 27, 10, 30)
    head = [None, "x & y", "x & y", "x & y", None, "x & y", "x & y", "x & y", "draft", moment]
    link = "https://example.org/?a=1&b=2"
    table = [
        [f"content/posts/p{n}.md", *head, "Asia/Baku", moment, f" text <{n}>", n, None, link]
        + [None] * 8
        + [n % 2 == 0, n]
        for n in range(300)
    ]
    assert len(table[0]) == len(HEADER)
    data = table_bytes(table)
    assert data == openpyxl_bytes(table)
    sheet = sheet_of(data)
    assert sheet.max_row == 301 and sheet.auto_filter.ref == "A1:AA301"
    assert sheet.cell(301, 1).value == "content/posts/p299.md"
    assert (
        sheet.cell(301, 11).value == moment
        and sheet.cell(301, 11).number_format == "yyyy-mm-dd hh:mm"
    )
