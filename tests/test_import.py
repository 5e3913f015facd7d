"""``smmplan import``: the files written, byte for byte; the table; every bad row named."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from smmplan.cli.importing import IMPORT_FORMATS
from smmplan.load import load_project
from smmplan.render.export import publer, spreadsheet, sprout
from smmplan.render.export.schedulers import scheduler
from smmplan.workflow.import_plan import FORMAT_NAMES, Request, plan_import, source
from smmplan.workflow.import_plan.columns import formats, layout_for
from smmplan.workflow.import_plan.dates import parse_moment
from smmplan.workflow.import_plan.rows import Context, RowError, read_row
from tests.conftest import write

NOW = "2026-11-23T06:00:00+00:00"
BRAND = """\
name: Qəhvə Evi
timezone: Asia/Baku
accounts: {x: "@qehveevi", telegram: "qehveevi"}
"""
CAMPAIGN = "---\ntitle: Black Friday\nstart: 2026-11-20\nend: 2026-11-30\n---\n"


def project_root(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    write(root, {"brands/qehve-evi.yml": BRAND, "content/campaigns/bf.md": CAMPAIGN})
    (root / "content" / "posts").mkdir(parents=True)
    return root


def run(smmplan, root: Path, *args: str):
    return smmplan("--root", str(root), "--now", NOW, "import", *args)


def posts(root: Path) -> dict[str, str]:
    folder = root / "content" / "posts"
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*.md"))
    }


GENERIC = (
    "Дата,Время,Заголовок,Текст,Сети,Статус,Кампания,Теги\r\n"
    '27.11.2026,10:00,Qara Cümə — tizer,"Bu cümə: 50% endirim ☕\n---\nİkinci hissə",'
    '"x, Telegram",review,bf,"promo, friday"\r\n'
)


def test_a_localized_plan_becomes_posts_exactly(tmp_path, smmplan, monkeypatch):
    root = project_root(tmp_path)
    (tmp_path / "plan.csv").write_text(GENERIC, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run(smmplan, root, "plan.csv", "--write")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "file                                      date              networks    title"
        "              status\n"
        "content/posts/2026/11/qara-cume-tizer.md  2026-11-27 10:00  x,telegram  Qara Cümə"
        " — tizer  review\n"
    )
    assert result.stderr == (
        "format: generic (recognised by its header)\n"
        "times without an offset are read in Asia/Baku (brand qehve-evi)\n"
        "import: 1 post written\n"
    )
    assert posts(root) == {
        "content/posts/2026/11/qara-cume-tizer.md": "---\n"
        'title: "Qara Cümə — tizer"\n'
        "brand: qehve-evi\n"
        "campaign: bf\n"
        "publish_at: 2026-11-27 10:00\n"
        "status: review\n"
        'tags: ["promo", "friday"]\n'
        "networks: [x, telegram]\n"
        "---\n"
        "Bu cümə: 50% endirim ☕\n"
        "---\n"
        "İkinci hissə\n"
    }
    check = smmplan("--root", str(root), "--now", NOW, "check")
    assert check.exit_code == 0, check.output


def test_the_front_matter_is_what_new_writes_for_the_same_fields(tmp_path, smmplan):
    root = project_root(tmp_path)
    created = smmplan(
        "--root",
        str(root),
        "--now",
        NOW,
        "new",
        "post",
        "Səhər qəhvəsi",
        "--date",
        "2026-11-28 09:30",
    )
    assert created.exit_code == 0, created.output
    new_file = root / "content/posts/2026/11/seher-qehvesi.md"
    made_by_new = new_file.read_text(encoding="utf-8")
    new_file.unlink()
    (tmp_path / "plan.csv").write_text(
        "Tarix,Başlıq,Mətn\n28.11.2026 09:30,Səhər qəhvəsi,Sabahınız xeyir!\n", encoding="utf-8"
    )
    assert run(smmplan, root, str(tmp_path / "plan.csv"), "--write").exit_code == 0
    imported = new_file.read_text(encoding="utf-8")
    assert imported.split("---\n")[1] == made_by_new.split("---\n")[1]
    assert imported.endswith("---\nSabahınız xeyir!\n")


def test_azerbaijani_and_tagalog_headers_and_a_separate_time(tmp_path):
    table = layout_for(["Tarix", "Saat", "Mətn", "Şəbəkələr"], None)
    assert (table.format.id, dict(table.fields)) == (
        "generic",
        {"date": 0, "time": 1, "text": 2, "networks": 3},
    )
    tagalog = layout_for(["PETSA", "Oras", "Teksto", "Plataporma", "Katayuan"], None)
    assert dict(tagalog.fields) == {"date": 0, "time": 1, "text": 2, "networks": 3, "status": 4}


BAD = (
    "Date,Text,Networks,Campaign,Status\n"
    "27.11.2026 10:00,Good row,x,,\n"
    "31.02.2026 10:00,Bad date,x,,\n"
    "28.11.2026 10:00,Unknown network,twiter,,\n"
    "28.11.2026 11:00,,x,,\n"
    ",,,,\n"
    '29.11.2026 10:00,=HYPERLINK("https://evil"),x,,\n'
    "29.11.2026 12:00,Unknown campaign,x,cyber-monday,\n"
    "29.11.2026 13:00,Bad status,x,,publsihed\n"
    "29.11.2026 14:00,Caf\xe9,x,,\n"
    "someday,No date,x,,\n"
    "30.11.2026 10:00,Second good row,telegram,,\n"
    ",,,,\n"
)


def test_each_bad_row_is_named_and_the_others_are_imported(tmp_path, smmplan, monkeypatch):
    root = project_root(tmp_path)
    (tmp_path / "plan.csv").write_bytes(BAD.encode("latin-1"))
    monkeypatch.chdir(tmp_path)
    result = run(smmplan, root, "plan.csv", "--write")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "format: generic (recognised by its header)",
        "times without an offset are read in Asia/Baku (brand qehve-evi)",
        "plan.csv:3: date: '31.02.2026 10:00' is not a real date and time (day is out of range"
        " for month); the row is not imported",
        "plan.csv:4: unknown network 'twiter' (did you mean 'x'?); the row is not imported",
        "plan.csv:5: the text is empty; the row is not imported",
        "plan.csv:6: the row is empty (a blank or merged row); skipped",
        'plan.csv:7: the text cell holds a formula (=HYPERLINK("https://evil")): save the sheet'
        " with values; the row is not imported",
        "plan.csv:8: unknown campaign 'cyber-monday'; the row is not imported",
        "plan.csv:9: unknown status 'publsihed' (did you mean 'published'?); the row is not"
        " imported",
        "plan.csv:10: the row is not UTF-8 text: save the file as CSV UTF-8; the row is not"
        " imported",
        "plan.csv:11: date: 'someday' is not a date smmplan reads; write YYYY-MM-DD HH:MM,"
        " dd.mm.yyyy hh:mm or dd/mm/yyyy hh:mm; the row is not imported",
        "import: 2 posts written; 9 problems",
    ]
    assert sorted(posts(root)) == [
        "content/posts/2026/11/good-row.md",
        "content/posts/2026/11/second-good-row.md",
    ]


def test_a_quoted_cell_over_several_lines_keeps_the_row_number_of_its_start(tmp_path):
    root = project_root(tmp_path)
    (tmp_path / "p.csv").write_text(
        'Date,Text\n27.11.2026 10:00,"one\ntwo\nthree"\nnever,x\n', encoding="utf-8"
    )
    plan = plan_import(load_project(root), Request(tmp_path / "p.csv", "p.csv"))
    assert plan.problems == [
        "p.csv:5: date: 'never' is not a date smmplan reads; write YYYY-MM-DD HH:MM,"
        " dd.mm.yyyy hh:mm or dd/mm/yyyy hh:mm; the row is not imported"
    ]
    assert plan.planned[0].draft.body == "one\ntwo\nthree"


def test_preview_writes_nothing_and_existing_files_are_never_replaced(tmp_path, smmplan):
    root = project_root(tmp_path)
    taken = root / "content/posts/2026/11/good-row.md"
    write(root, {"content/posts/2026/11/good-row.md": "mine\n"})
    (tmp_path / "p.csv").write_text(
        "Date,Text\n27.11.2026 10:00,Good row\n27.11.2026 15:00,Good row\n", encoding="utf-8"
    )
    preview = run(smmplan, root, str(tmp_path / "p.csv"))
    assert preview.exit_code == 0
    assert "import: 2 posts to write; run again with --write to write them\n" in preview.stderr
    assert sorted(posts(root)) == ["content/posts/2026/11/good-row.md"]
    assert run(smmplan, root, str(tmp_path / "p.csv"), "--write").exit_code == 0
    assert taken.read_text(encoding="utf-8") == "mine\n"
    assert sorted(posts(root)) == [
        "content/posts/2026/11/good-row-2.md",
        "content/posts/2026/11/good-row-3.md",
        "content/posts/2026/11/good-row.md",
    ]


def test_a_plan_csv_row_whose_post_exists_is_skipped(tmp_path, smmplan, monkeypatch):
    root = project_root(tmp_path)
    write(root, {"content/posts/teaser.md": "mine\n"})
    header = ",".join(f'"{h}"' for h in spreadsheet.HEADER)
    cells = dict.fromkeys(spreadsheet.HEADER, "")
    cells |= {"post": "content/posts/teaser.md", "title": "Teaser", "brand": "qehve-evi"}
    cells |= {"network": "x", "status": "draft", "publish_at": "2026-11-27T10:00:00+04:00"}
    cells |= {"text": "Hi", "sponsored": "false"}
    row = ",".join(f'"{cells[h]}"' for h in spreadsheet.HEADER)
    (tmp_path / "plan.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run(smmplan, root, "plan.csv", "--write")
    assert result.exit_code == 1
    assert "plan.csv:2: content/posts/teaser.md already exists; not overwritten, skipped\n" in (
        result.stderr
    )
    assert (root / "content/posts/teaser.md").read_text(encoding="utf-8") == "mine\n"


def test_a_scheduler_file_is_recognised_and_its_channel_read_from_its_name(tmp_path, smmplan):
    root = project_root(tmp_path)
    target = tmp_path / "publer-qehve-evi-telegram.csv"
    cells = ["2026-11-27 10:00", "Salam", *[""] * 10]
    header = ",".join(f'"{h}"' for h in publer.HEADER)
    target.write_text(f"\ufeff{header}\r\n" + ",".join(f'"{c}"' for c in cells), encoding="utf-8")
    result = run(smmplan, root, str(target), "--write")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("format: publer (recognised by its header)\n")
    assert posts(root) == {
        "content/posts/2026/11/salam.md": "---\n"
        'title: "Salam"\n'
        "brand: qehve-evi\n"
        "publish_at: 2026-11-27 10:00\n"
        "status: draft\n"
        "tags: []\n"
        "networks: [telegram]\n"
        "---\n"
        "Salam\n"
    }


def test_image_urls_are_named_as_not_read_back(tmp_path):
    root = project_root(tmp_path)
    target = tmp_path / "buffer-qehve-evi-x.csv"
    target.write_text(
        '"Text","Image URL","Tags","Posting Time"\r\n'
        '"Hi","https://cal.example.org/media/ab.jpg","","2026-11-27 10:00"\r\n',
        encoding="utf-8",
    )
    plan = plan_import(load_project(root), Request(target, "b.csv"))
    assert plan.notes == [
        "b.csv:2: image URLs are not read back (they point to renditions, not to your media"
        " files): add the media to the post"
    ]
    assert plan.planned[0].draft.networks == {"x": {}}


def test_a_wrong_format_or_an_unknown_header_is_one_message(tmp_path):
    root = project_root(tmp_path)
    target = tmp_path / "p.csv"
    target.write_text("Foo,Bar\n1,2\n", encoding="utf-8")
    project = load_project(root)
    assert plan_import(project, Request(target, "p.csv")).problems == [
        "p.csv:1: has no header smmplan recognises: an export's own header, or a plan with the"
        " columns date: 'date', 'publish at', 'publish_at', 'publish date' ...; text: 'text',"
        " 'post', 'caption', 'copy' ... (see docs/import.md)"
    ]
    assert plan_import(project, Request(target, "p.csv", format="postoplan")).problems == [
        "p.csv:1: is not a postoplan file: its header must be Date, Message, Media URL"
    ]


def test_usage_errors_exit_2(tmp_path, smmplan):
    root = project_root(tmp_path)
    (tmp_path / "p.csv").write_text(GENERIC, encoding="utf-8")
    (tmp_path / "p.txt").write_text(GENERIC, encoding="utf-8")
    unknown = run(smmplan, root, str(tmp_path / "p.csv"), "--brand", "qehve")
    assert unknown.exit_code == 2
    assert "--brand qehve: no such brand (did you mean 'qehve-evi'?)" in unknown.stderr
    assert run(smmplan, root, str(tmp_path / "p.txt")).exit_code == 2
    assert run(smmplan, root, str(tmp_path / "none.csv")).exit_code == 2


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_xlsx_typed_cells_and_formulas(tmp_path):
    root = project_root(tmp_path)
    target = _workbook(
        tmp_path / "plan.xlsx",
        [
            ["Petsa", "Teksto", "Network"],
            [datetime(2026, 11, 27, 10, 0), "Magandang umaga", "x"],
            [datetime(2026, 11, 27, 12, 0), '=CONCAT("a", "b")', "x"],
            [None, None, None],
            ["2026-11-28T09:00:00Z", 42, "telegram"],
        ],
    )
    plan = plan_import(load_project(root), Request(target, "plan.xlsx"))
    assert plan.problems == [
        'plan.xlsx:3: a cell holds a formula (=CONCAT("a", "b")): save the sheet with values;'
        " the row is not imported",
        "plan.xlsx:4: the row is empty (a blank or merged row); skipped",
    ]
    assert [(p.relative, p.draft.moment.isoformat(), p.draft.body) for p in plan.planned] == [
        (
            "content/posts/2026/11/magandang-umaga.md",
            "2026-11-27T10:00:00+04:00",
            "Magandang umaga",
        ),
        ("content/posts/2026/11/42.md", "2026-11-28T13:00:00+04:00", "42"),
    ]


def test_a_file_that_is_not_a_workbook(tmp_path):
    root = project_root(tmp_path)
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"Date,Text\n")
    assert plan_import(load_project(root), Request(target, "plan.xlsx")).problems == [
        "plan.xlsx: is not an .xlsx workbook (not a zip archive); save it from the spreadsheet"
        " as .xlsx"
    ]


def test_a_sheet_declaring_an_absurd_size_is_not_read(tmp_path):
    root = project_root(tmp_path)
    target = _workbook(tmp_path / "plan.xlsx", [["Date", "Text"], ["2026-11-27 10:00", "Hi"]])
    with zipfile.ZipFile(target) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = members[sheet].replace(b'ref="A1:B2"', b'ref="A1:XFD1048576"')
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    assert plan_import(load_project(root), Request(target, "plan.xlsx")).problems == [
        "plan.xlsx: declares a sheet of 1,048,576 rows and 16,384 columns, more than the 10,001"
        " rows and 200 columns read"
    ]


def test_a_zip_bomb_stays_packed(tmp_path, monkeypatch):
    root = project_root(tmp_path)
    target = _workbook(tmp_path / "plan.xlsx", [["Date", "Text"], ["2026-11-27 10:00", "Hi"]])
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * 2_000_000)
    monkeypatch.setattr(source, "MAX_UNPACKED", 1_000_000)
    problems = plan_import(load_project(root), Request(target, "plan.xlsx")).problems
    assert len(problems) == 1
    assert problems[0].startswith("plan.xlsx: would unpack to 2,0")
    assert problems[0].endswith(" bytes, more than the 1,000,000 read")


def test_huge_files_and_too_many_rows(tmp_path, monkeypatch):
    root = project_root(tmp_path)
    project = load_project(root)
    target = tmp_path / "p.csv"
    target.write_text("Date,Text\n" + "27.11.2026 10:00,Hi\n" * 4, encoding="utf-8")
    monkeypatch.setattr(source, "MAX_ROWS", 3)
    plan = plan_import(project, Request(target, "p.csv"))
    assert plan.problems == ["p.csv:4: more than 3 rows: this row and later ones are not read"]
    assert len(plan.planned) == 2
    monkeypatch.setattr(source, "MAX_BYTES", 10)
    size = target.stat().st_size
    assert plan_import(project, Request(target, "p.csv")).problems == [
        f"p.csv: is {size:,} bytes, more than the 10 read"
    ]


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2026-11-27 10:00", "dmy", "2026-11-27T10:00:00"),
        ("2026-11-27T10:00:00+04:00", "dmy", "2026-11-27T10:00:00+04:00"),
        ("2026-11-27T06:00:00Z", "dmy", "2026-11-27T06:00:00+00:00"),
        ("2026-11-27", "dmy", "2026-11-27T00:00:00"),
        ("27.11.2026 10:00", "mdy", "2026-11-27T10:00:00"),
        ("05/11/2026 09:05", "dmy", "2026-11-05T09:05:00"),
        ("11/05/2026 09:05", "mdy", "2026-11-05T09:05:00"),
        ("11/27/2026", "mdy", "2026-11-27T00:00:00"),
    ],
)
def test_dates_the_exports_write_and_the_common_ones(text, order, expected):
    moment, problem = parse_moment(text, order)
    assert problem is None
    assert moment is not None and moment.isoformat() == expected


def test_a_spreadsheet_date_cell_and_a_year_out_of_range():
    assert parse_moment(datetime(2026, 11, 27, 10, 0, tzinfo=UTC), "dmy")[0] == datetime(
        2026, 11, 27, 10, 0, tzinfo=UTC
    )
    assert parse_moment("27.11.9026 10:00", "dmy") == (
        None,
        "'27.11.9026 10:00': the year 9026 is outside 1900 to 2999",
    )


def test_the_import_formats_follow_the_exports():
    assert IMPORT_FORMATS == FORMAT_NAMES
    assert set(FORMAT_NAMES) == set(formats())
    specs = formats()
    assert tuple(specs["csv"].header) == spreadsheet.HEADER
    assert tuple(specs["publer"].header) == publer.HEADER
    assert tuple(specs["sprout"].header) == sprout.HEADER
    assert tuple(specs["postoplan"].header) == scheduler("postoplan").columns
    assert tuple(specs["buffer"].header) == tuple(scheduler("buffer").extra["pinterest_columns"])


_CELLS = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.datetimes(),
    st.sampled_from(["27.11.2026 10:00", "2026-11-27", "x, telegram", "=1+1", "bf", "draft"]),
)


@pytest.fixture(scope="module")
def one_brand(tmp_path_factory):
    return load_project(project_root(tmp_path_factory.mktemp("import")))


@given(cells=st.lists(_CELLS, max_size=8), fmt=st.sampled_from(sorted(FORMAT_NAMES)))
def test_any_cells_give_a_record_or_a_row_error(one_brand, cells, fmt):
    project = one_brand
    spec = formats()[fmt]
    names = list(spec.header) or list(spec.positions) or ["date", "time", "text", "networks"]
    layout = layout_for(names, fmt) if fmt != "hootsuite" else None
    if layout is None:
        layout = layout_for(["27/11/2026 10:00", "text", ""], "hootsuite")
    context = Context(project, layout, project.brands["qehve-evi"], (), "dmy", "draft")
    try:
        record = read_row(2, cells, context)
    except RowError as error:
        assert str(error)
    else:
        assert record.moment.tzinfo is not None and record.networks


@given(st.text(max_size=60), st.sampled_from(["dmy", "mdy"]))
def test_any_date_text_parses_or_says_why(text, order):
    moment, problem = parse_moment(text, order)
    assert (moment is None) != (problem is None)


@given(data=st.binary(max_size=300))
def test_any_csv_bytes_give_posts_or_messages(one_brand, tmp_path_factory, data):
    target = tmp_path_factory.getbasetemp() / "any.csv"
    target.write_bytes(b"Date,Text,Networks\n" + data)
    plan = plan_import(one_brand, Request(target, "any.csv"))
    assert all(line.startswith("any.csv:") for line in plan.problems)
    assert all(item.text.startswith('---\ntitle: "') for item in plan.planned)


def test_merged_cells_leave_the_rows_below_without_a_date(tmp_path):
    root = project_root(tmp_path)
    book = Workbook()
    sheet = book.active
    for row in [["Date", "Text"], [datetime(2026, 11, 27, 10, 0), "One"], [None, "Two"]]:
        sheet.append(row)
    sheet.merge_cells("A2:A3")
    book.save(tmp_path / "plan.xlsx")
    plan = plan_import(load_project(root), Request(tmp_path / "plan.xlsx", "plan.xlsx"))
    assert plan.problems == [
        "plan.xlsx:3: date: the cell is empty (a merged cell keeps its value in its first row"
        " only); the row is not imported"
    ]
    assert [item.draft.body for item in plan.planned] == ["One"]


def test_network_option_and_a_second_postoplan_file(tmp_path):
    root = project_root(tmp_path)
    project = load_project(root)
    target = tmp_path / "postoplan-qehve-evi-telegram-2.csv"
    target.write_text(
        '"Date","Message","Media URL"\r\n"11/27/2026 10:00","Salam",""\r\n', encoding="utf-8"
    )
    named = plan_import(project, Request(target, "p.csv", date_order="mdy"))
    assert named.planned[0].draft.networks == {"telegram": {}}
    assert named.planned[0].draft.moment.isoformat() == "2026-11-27T10:00:00+04:00"
    chosen = plan_import(project, Request(target, "p.csv", networks=("vkontakte", "tg")))
    assert chosen.planned == []
    assert chosen.problems == [
        "p.csv:2: date: '11/27/2026 10:00' is not a real date and time (month must be in"
        " 1..12); the row is not imported"
    ]
    both = plan_import(
        project, Request(target, "p.csv", networks=("vkontakte", "tg"), date_order="mdy")
    )
    assert both.planned[0].draft.networks == {"vk": {}, "telegram": {}}


def test_a_huge_cell_or_a_control_character_spoils_only_its_row(tmp_path):
    root = project_root(tmp_path)
    target = tmp_path / "p.csv"
    target.write_bytes(
        b"Date,Text\n27.11.2026 10:00,"
        + b"a" * 200_000
        + b"\n27.11.2026 11:00,a\x00b\n28.11.2026 10:00,ok\n"
    )
    plan = plan_import(load_project(root), Request(target, "p.csv"))
    assert plan.problems == [
        "p.csv:2: a cell holds 200,000 characters, more than 100,000; the row is not imported",
        "p.csv:3: a cell holds the control character U+0000; the row is not imported",
    ]
    assert [item.relative for item in plan.planned] == ["content/posts/2026/11/ok.md"]
