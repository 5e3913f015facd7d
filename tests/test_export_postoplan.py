"""Postoplan's CSV import: date formats, 100 posts per file, networks, media, escaping."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smmplan.render.export import postoplan
from tests.test_export_formats import URL, jpeg, make_plan, only, rows, run_export
from tests.test_export_rules import post, reasons

HEADER = '"Date","Message","Media URL"\r\n'
PHOTO_URL = ("content/posts/p.md", "vk")


def test_one_file_per_account_in_both_date_formats(tmp_path):
    root = make_plan(tmp_path, {"p.md": post("Salam, dostlar!", networks="[vk, telegram]")})
    dmy = run_export(root, "postoplan")
    assert [f.name for f in dmy.files] == [
        "postoplan-qehve-evi-telegram.csv",
        "postoplan-qehve-evi-vk.csv",
    ]
    assert dmy.files[1].data == (HEADER + '"27.11.2026 10:00","Salam, dostlar!",""\r\n').encode()
    assert dmy.files[1].note == (
        "dates dd.mm.yyyy hh:mm in Asia/Baku: set the Postoplan account to this time zone"
    )
    mdy = run_export(root, "postoplan", networks=["vk"], date_order="mdy")
    assert only(mdy) == (HEADER + '"11/27/2026 10:00","Salam, dostlar!",""\r\n').encode()
    assert not only(mdy).startswith(b"\xef\xbb\xbf")  # no BOM


def test_the_link_goes_into_the_message(tmp_path):
    root = make_plan(
        tmp_path, {"p.md": post("Yeni menyu", networks="[vk]", link="https://e.com/m")}
    )
    assert rows(only(run_export(root, "postoplan"))) == [
        ["Date", "Message", "Media URL"],
        ["27.11.2026 10:00", "Yeni menyu\n\nhttps://e.com/m?utm_source=vk&utm_medium=social", ""],
    ]


def test_one_image_as_its_public_url(tmp_path):
    files = {"a.jpg": jpeg(), "p.md": post(networks="[vk]", media="[a.jpg]")}
    root = make_plan(tmp_path, files)
    result = run_export(root, "postoplan", urls={PHOTO_URL: [URL]})
    assert rows(only(result))[1] == ["27.11.2026 10:00", "Hello", URL]
    gif = run_export(root, "postoplan", urls={PHOTO_URL: ["https://c.example/media/a.gif"]})
    assert reasons(gif) == {
        "p.md:vk": "its image is not a .jpg or .png file, the only kinds Postoplan fetches"
    }
    assert gif.files == []


def test_more_than_one_image_threads_and_other_networks_are_refused(tmp_path):
    files = {
        "a.jpg": jpeg(),
        "b.jpg": jpeg(),
        "two.md": post(networks="[vk]", media="[a.jpg, b.jpg]"),
        "x.md": post("Hi", networks="[x]"),
        "thread.md": post("One\n---\nTwo", networks="[x, telegram]"),
    }
    urls = {("content/posts/two.md", "vk"): [URL, URL]}
    result = run_export(make_plan(tmp_path, files), "postoplan", urls=urls)
    assert reasons(result) == {
        "two.md:vk": "has 2 images; Postoplan's CSV import carries 1 image",
        "x.md:x": "Postoplan does not publish to X (Twitter):"
        " use buffer, hootsuite, sprout, publer, csv or json",
        "thread.md:x": "Postoplan does not publish to X (Twitter):"
        " use buffer, hootsuite, sprout, publer, csv or json",
    }
    # Telegram takes no threads: its text is one part, and Postoplan exports it
    assert rows(only(result))[1] == ["27.11.2026 10:00", "One\n\nTwo", ""]


def test_more_than_100_posts_are_split_into_files_of_100(tmp_path):
    assert postoplan.MAX_ROWS == 100  # read from data/schedulers.yml
    start = datetime(2026, 11, 24)
    posts = {
        f"p{n:03d}.md": post(
            f"Post {n}", when=f"{start + timedelta(hours=n):%Y-%m-%d %H:%M}", networks="[vk]"
        )
        for n in range(205)
    }
    result = run_export(make_plan(tmp_path, posts), "postoplan")
    assert [(f.name, f.rows) for f in result.files] == [
        ("postoplan-qehve-evi-vk.csv", 100),
        ("postoplan-qehve-evi-vk-2.csv", 100),
        ("postoplan-qehve-evi-vk-3.csv", 5),
    ]
    assert result.refused == []
    second = rows(result.files[1].data)
    assert second[0] == ["Date", "Message", "Media URL"]
    assert (second[1][1], second[-1][1]) == ("Post 100", "Post 199")
    assert result.files[2].note.endswith("(file 3 of 3)")
    assert len(rows(result.files[0].data)) == 101


def test_a_message_or_media_url_that_a_spreadsheet_would_run_is_refused(tmp_path):
    files = {
        "f.md": post('=HYPERLINK("http://evil")', networks="[vk]"),
        "a.jpg": jpeg(),
        "p.md": post("Fine", networks="[vk]", media="[a.jpg]"),
    }
    urls = {PHOTO_URL: ["=cmd|' /C calc'!A0/media/a.jpg"]}
    result = run_export(make_plan(tmp_path, files), "postoplan", urls=urls)
    assert reasons(result) == {
        "f.md:vk": "'Message' begins with '=', which a spreadsheet runs as a formula;"
        " start the text with another character",
        "p.md:vk": "'Media URL' begins with '=', which a spreadsheet runs as a formula;"
        " links and site_url in smmplan.yml must start with https://",
    }


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60))
def test_any_message_round_trips_or_is_refused(tmp_path_factory, text):
    """Whatever the text, the Message cell reads back as it, or the post is refused."""
    text = text.strip() or "x"
    body = post("Text", networks="{vk: {text: " + repr_yaml(text) + "}}")
    exported = run_export(make_plan(tmp_path_factory.mktemp("p"), {"p.md": body}), "postoplan")
    if exported.refused:
        assert exported.refused[0].reason.startswith(("'Message' begins with", "has errors"))
        return
    assert rows(only(exported))[1][1] == text.replace("\r\n", "\n").replace("\r", "\n")


def repr_yaml(text: str) -> str:
    """``text`` as a double-quoted YAML scalar."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
