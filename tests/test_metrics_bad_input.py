"""Bad analytics exports: each problem is a finding on its file and row, never a traceback.

Unknown files, headers in a language the aliases lack, spreadsheet-damaged IDs, other
encodings, truncated zips, zip bombs, huge CSVs, future dates, negative counts and
garbage cells: the rest of the data is still read and no file is changed.
"""

from __future__ import annotations

import io
import os
import tracemalloc
import zipfile
from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smmplan.load.metrics import sources
from smmplan.metrics_model import MetricsData
from tests.test_metrics_formats import FB_HEADER, FB_ROWS, X_CONTENT, YT_TABLE, load, write

GENERIC = "network,url,date,views,reach,likes\n"


def findings(data: MetricsData) -> list[tuple[str, str, int, str]]:
    return [(f.path, f.finding.rule, f.finding.line, f.finding.message) for f in data.findings]


def test_unknown_file_names_headers_and_nearest_format(tmp_path):
    write(tmp_path, "export.csv", "Kanal,Tarix,Baxışlar\nx,2026-11-01,5\n")
    ((path, rule, line, message),) = findings(load(tmp_path))
    assert (path, rule, line) == ("content/metrics/export.csv", "metrics-unreadable", 1)
    assert "headers seen: 'Kanal', 'Tarix', 'Baxışlar'" in message
    assert "generic CSV" in message


def test_headers_in_a_language_the_aliases_lack(tmp_path):
    header = FB_HEADER.replace('"Post ID"', '"ID do post"').replace('"Page ID"', '"ID da Página"')
    write(tmp_path, "fb.csv", header + "\n" + FB_ROWS)
    data = load(tmp_path)
    assert data.posts == ()
    ((_, rule, _, message),) = findings(data)
    assert rule == "metrics-unreadable"
    assert "Nearest format: meta-facebook" in message
    assert "but not 'Post ID', 'Page ID'" in message
    assert "'ID do post'" in message and "'ID da Página'" in message
    assert 'metrics: {aliases: {meta-facebook: {post_id: ["ID do post"]}}}' in message


def test_damaged_ids_are_refused_never_rounded(tmp_path):
    rows = FB_ROWS.replace("1362248909258331,", "1.36225E+15,", 1)
    write(tmp_path, "fb-2026-10-31.csv", FB_HEADER + "\n" + rows)
    data = load(tmp_path)
    damaged, fine = data.posts
    assert damaged.post_id is None and damaged.url.endswith("pfbid02Xq7hR3kLmN8pQz1")
    assert damaged.metrics["views"] == 4210  # the rest of the row is still used
    assert fine.post_id == "1365512098877402"
    ((_, rule, line, message),) = findings(data)
    assert (rule, line) == ("metrics-bad-value", 2)
    assert "'1.36225E+15'" in message and "Post ID" in message


def test_an_id_saved_as_a_float_past_its_precision(tmp_path):
    write(tmp_path, "x.csv", X_CONTENT.replace("2107715716774148525,", "2107715716774148525.0,", 1))
    data = load(tmp_path)
    assert data.posts[0].post_id == "2107715716774148525"  # recovered from the post's link
    assert "may be rounded" in findings(data)[0][3]


def test_cp1251_file_is_read(tmp_path):
    text = GENERIC + "vk,https://vk.com/wall-1_1,2026-11-10,100,80,5\n"
    text = text.replace("network", "network").replace("\n", ",text\n", 1)
    text = text.replace("5\n", "5,Кофе с халвой\n")
    write(tmp_path, "vk.csv", text, "cp1251")
    (post,) = load(tmp_path).posts
    assert post.text == "Кофе с халвой"


def test_a_file_that_turns_invalid_past_the_sample_is_still_read(tmp_path):
    rows = "".join(f"vk,https://vk.com/wall-1_{i},2026-11-10,{i},1,1,Тест\n" for i in range(4000))
    data = (GENERIC.replace("\n", ",text\n") + rows).encode(
        "utf-8"
    ) + "vk,u,2026-11-10,1,1,1,Кофе\n".encode("cp1251")
    write(tmp_path, "vk.csv", data)
    loaded = load(tmp_path)
    assert len(loaded.posts) == 4001 and loaded.posts[0].text == "Тест"
    assert any("unreadable characters replaced" in f[3] for f in findings(loaded))


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_truncated_zip(tmp_path):
    whole = zip_bytes({"Table data.csv": YT_TABLE.encode()})
    write(tmp_path, "youtube.zip", whole[: len(whole) // 2])
    ((_, rule, line, message),) = findings(load(tmp_path))
    assert (rule, line) == ("metrics-unreadable", 1)
    assert "damaged or truncated zip" in message


def test_corrupt_member_in_a_zip(tmp_path):
    data = bytearray(zip_bytes({"Table data.csv": (YT_TABLE * 50).encode()}))
    middle = data.find(b"Table data.csv") + 40
    data[middle : middle + 20] = b"\xff" * 20
    write(tmp_path, "youtube.zip", bytes(data))
    loaded = load(tmp_path)
    assert [f[1] for f in findings(loaded)] == ["metrics-unreadable"]


def test_zip_bomb_members_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_MEMBER_BYTES", 1 << 20)
    write(tmp_path, "bomb.zip", zip_bytes({"Content.csv": b"0" * (4 << 20)}))
    ((_, rule, _, message),) = findings(load(tmp_path))
    assert rule == "metrics-unreadable" and "zip bomb" in message


def test_zip_without_an_export(tmp_path):
    write(
        tmp_path, "misc.zip", zip_bytes({"notes.csv": b"a,b\n1,2\n", "photo.jpg": b"\xff\xd8\xff"})
    )
    ((_, rule, _, message),) = findings(load(tmp_path))
    assert rule == "metrics-unreadable" and "members: 'notes.csv'" in message


def test_huge_csv_is_streamed_in_bounded_memory(tmp_path):
    path = tmp_path / "content" / "metrics" / "Table data.csv"
    path.parent.mkdir(parents=True)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(YT_TABLE.split("\n", 1)[0] + "\n")
        line = "Total,,,,18342,1201.5473,96,210455,5.31\n"
        handle.writelines(line * 50_000 for _ in range(4))  # about 8 MB of rows to skip
    tracemalloc.start()
    try:
        data = load(tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert data.posts == () and data.findings == ()
    assert peak < 2 << 20, peak  # far below the file's size


def test_a_single_endless_line_is_refused(tmp_path):
    write(tmp_path, "blob.csv", "a," * (1 << 20))
    ((_, rule, _, message),) = findings(load(tmp_path))
    assert rule == "metrics-unreadable" and "longer than" in message


def test_future_dates_and_negative_counts(tmp_path):
    text = (
        GENERIC
        + "vk,https://vk.com/wall-1_1,2026-12-25,100,80,5\n"
        + "vk,https://vk.com/wall-1_2,2026-11-10,-4,80,5\n"
    )
    write(tmp_path, "results-2026-11-20.csv", text)
    data = load(tmp_path, now=datetime(2026, 11, 21, tzinfo=UTC))
    future, negative = data.posts
    assert future.published is None and future.metrics == {
        "views": 100,
        "reach": 80,
        "reactions": 5,
    }
    assert negative.metrics == {"reach": 80, "reactions": 5}
    assert [(rule, line) for _, rule, line, _ in findings(data)] == [
        ("metrics-bad-value", 2),
        ("metrics-bad-value", 3),
    ]
    assert "2026-12-25 is after the file was made (2026-11-20)" in findings(data)[0][3]
    assert "-4 is negative" in findings(data)[1][3]


def test_a_file_dated_after_now(tmp_path):
    write(
        tmp_path,
        "results-2027-03-01.csv",
        GENERIC + "vk,https://vk.com/wall-1_1,2026-11-10,1,1,1\n",
    )
    data = load(tmp_path, now=datetime(2026, 11, 21, tzinfo=UTC))
    assert len(data.posts) == 1
    assert "dated 2027-03-01, after today (2026-11-21)" in findings(data)[0][3]


def test_garbage_cells_and_missing_values(tmp_path):
    text = (
        GENERIC
        + "vk,https://vk.com/wall-1_1,someday,lots,N/A,--\nvk,https://vk.com/wall-1_2,,-,,7\n"
    )
    write(tmp_path, "results-2026-11-20.csv", text)
    data = load(tmp_path)
    garbage, missing = data.posts
    assert garbage.metrics == {} and garbage.published is None
    assert missing.metrics == {"reactions": 7}
    messages = [m for *_, m in findings(data)]
    assert len(messages) == 2
    assert any("'someday' is not a date" in m for m in messages)
    assert any("'lots' is not a number" in m for m in messages)


def test_unknown_network_in_the_generic_csv(tmp_path):
    write(tmp_path, "r.csv", GENERIC + "myspace,https://myspace.com/1,2026-11-10,1,1,1\n")
    data = load(tmp_path)
    assert data.posts == ()
    assert "network 'myspace' is not one smmplan knows" in findings(data)[0][3]


def test_symlink_leaving_the_repository_is_refused(tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text(FB_HEADER + "\n" + FB_ROWS, "utf-8")
    repo = tmp_path / "repo"
    (repo / "content" / "metrics").mkdir(parents=True)
    (repo / "content" / "metrics" / "fb.csv").symlink_to(outside)
    (repo / "content" / "metrics" / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    data = load(repo)
    assert data.posts == ()
    assert sorted((p, rule) for p, rule, _, _ in findings(data)) == [
        ("content/metrics/elsewhere", "metrics-unreadable"),
        ("content/metrics/fb.csv", "metrics-unreadable"),
    ]


def test_damaged_workbooks_and_json(tmp_path):
    write(
        tmp_path, "ads.xlsx", zip_bytes({"[Content_Types].xml": b"<nope", "xl/workbook.xml": b"<"})
    )
    write(tmp_path, "posts.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    write(tmp_path, "result.json", '{"messages": [')
    write(tmp_path, "other.json", '{"items": []}')
    data = load(tmp_path)
    rules = {p.rsplit("/", 1)[1]: (rule, m) for p, rule, _, m in findings(data)}
    assert set(rules) == {"ads.xlsx", "posts.xls", "result.json", "other.json"}
    assert {rule for rule, _ in rules.values()} == {"metrics-unreadable"}
    assert "not a Telegram Desktop export" in rules["other.json"][1]


def test_bad_aliases_and_zones_in_the_settings(tmp_path):
    write(tmp_path, "fb-2026-10-31.csv", FB_HEADER + "\n" + FB_ROWS)
    data = load(
        tmp_path,
        aliases={"facebook": {"id": ["x"]}, "x": {"nope": ["y"]}},
        zones={"x": "Mars/Base"},
    )
    assert len(data.posts) == 2
    assert [(p, rule) for p, rule, _, _ in findings(data)] == [
        ("smmplan.yml", "metrics-unreadable")
    ] * 3


def test_many_bad_rows_are_summarised(tmp_path):
    rows = "".join(f"vk,https://vk.com/wall-1_{i},2026-11-10,x,1,1\n" for i in range(80))
    write(tmp_path, "r.csv", GENERIC + rows)
    data = load(tmp_path)
    assert len(data.posts) == 80 and len(data.findings) == 51
    assert data.findings[-1].finding.message == "30 more such problems not listed"


def test_no_file_is_changed(tmp_path):
    write(tmp_path, "fb-2026-10-31.csv", "\ufeff" + FB_HEADER + "\n" + FB_ROWS)
    write(tmp_path, "junk.bin", os.urandom(2000))
    folder = tmp_path / "content" / "metrics"
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    load(tmp_path)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()} == before
    assert sorted(p.name for p in folder.iterdir()) == ["fb-2026-10-31.csv", "junk.bin"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.binary(max_size=600),
        st.text(max_size=400).map(lambda t: (FB_HEADER + "\n" + t).encode("utf-8", "replace")),
        st.text(alphabet=',;"\n\r0123456789.-ENA/ x', max_size=300).map(
            lambda t: ("network,url,date,views\n" + t).encode()
        ),
    )
)
def test_no_input_makes_a_traceback(tmp_path, data):
    write(tmp_path, "fuzz.csv", data)
    loaded = load(tmp_path)
    assert isinstance(loaded, MetricsData)
    for finding in loaded.findings:
        assert finding.finding.rule in ("metrics-unreadable", "metrics-bad-value")
        assert finding.finding.line >= 1


def test_a_clean_file_has_no_findings_on_reread(tmp_path):
    write(tmp_path, "fb-2026-10-31.csv", FB_HEADER + "\n" + FB_ROWS)
    assert load(tmp_path) == load(tmp_path)
    assert load(tmp_path).snapshots[0].taken == date(2026, 10, 31)
