"""Refusals: what each scheduler would reject is left out with its reason; UTM and selection."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from smmplan.load import load_project
from smmplan.render.export import SelectionError, make_selection
from smmplan.render.export import hootsuite as hootsuite_format
from smmplan.render.export.utm import tag_in_text, utm_parameters, with_utm
from tests.test_export_formats import NOW, jpeg, make_plan, only, rows, run_export


def post(
    text: str = "Hello", when: str = "2026-11-27 10:00", networks: str = "[x]", **extra
) -> str:
    keys = "".join(f"{key}: {value}\n" for key, value in extra.items())
    return (
        f"---\ntitle: T\npublish_at: {when}\nstatus: approved\napproved_by: ilya\n{keys}"
        f"networks: {networks}\n---\n{text}\n"
    )


def reasons(result) -> dict[str, str]:
    return {f"{r.path.rsplit('/', 1)[-1]}:{r.network}": r.reason for r in result.refused}


def test_posts_with_errors_are_refused_in_every_format(tmp_path):
    root = make_plan(tmp_path, {"long.md": post("a" * 290), "ok.md": post(when="2026-11-27 15:00")})
    for fmt in ("buffer", "hootsuite", "sprout", "publer", "csv", "json", "ics"):
        result = run_export(root, fmt)
        assert reasons(result) == {
            "long.md:x": "has errors: text is 290 of 280 weighted characters on X (Twitter)"
            " (10 over) [text-too-long]; see 'smmplan check'"
        }, fmt
        assert result.exported == 1, fmt


def test_what_a_format_cannot_carry(tmp_path):
    media = "\n  - {src: a.jpg, alt: A}\n  - {src: b.jpg, alt: B}"
    root = make_plan(
        tmp_path,
        {
            "a.jpg": jpeg(1600, 900),
            "b.jpg": jpeg(1600, 900),
            "thread.md": post("One\n---\nTwo"),
            "video.md": post(networks="{youtube: {title: Vlog}}", media="[a.jpg]"),
            "two.md": post(when="2026-11-28 10:00", networks="[facebook]", media=media),
            "story.md": post(
                when="2026-11-28 14:00", networks="{instagram: {format: story}}", media="[a.jpg]"
            ),
        },
    )
    urls = {
        ("content/posts/two.md", "facebook"): [
            "https://c.example/1.jpg",
            "https://c.example/2.jpg",
        ],
        ("content/posts/story.md", "instagram"): ["https://c.example/3.jpg"],
        ("content/posts/video.md", "youtube"): ["https://c.example/4.jpg"],
    }
    buffer = reasons(run_export(root, "buffer", urls=urls))
    assert buffer == {
        "thread.md:x": "is a thread of 2 parts on X (Twitter); Buffer's bulk upload carries a"
        " single text",
        "video.md:youtube": "needs a video on YouTube; Buffer's bulk upload cannot carry one",
        "two.md:facebook": "has 2 images; Buffer's bulk upload carries 1 image",
        "story.md:instagram": "is a story on Instagram; Buffer's bulk upload cannot mark a post"
        " as one",
    }
    hootsuite = reasons(run_export(root, "hootsuite", urls=urls))
    assert hootsuite["two.md:facebook"] == (
        "has 2 images; Hootsuite's bulk composer has no column for media"
    )
    publer = run_export(root, "publer", urls=urls)
    assert reasons(publer) == {
        "video.md:youtube": "needs a video on YouTube; Publer's bulk uploader cannot carry one"
    }
    facebook = next(f for f in publer.files if f.network == "facebook")
    assert rows(facebook.data)[1][3] == "https://c.example/1.jpg,https://c.example/2.jpg"
    assert rows(facebook.data)[1][6] == "A||B"
    assert run_export(root, "json", urls=urls).refused == []


def test_images_need_public_urls(tmp_path):
    root = make_plan(
        tmp_path, {"a.jpg": jpeg(), "p.md": post(networks="[instagram]", media="[a.jpg]")}
    )
    result = run_export(root, "buffer", urls={})
    assert "its images have no public URL" in reasons(result)["p.md:instagram"]
    document = rows(only(run_export(root, "csv", urls={})))
    assert document[1][17:19] == ["a.jpg", ""]


def test_link_that_no_longer_fits_is_refused(tmp_path):
    text = "a" * 260
    root = make_plan(tmp_path, {"p.md": post(text, link="https://example.com/x")})
    assert reasons(run_export(root, "buffer")) == {
        "p.md:x": "with the link and its UTM parameters, the text is 285 of 280 weighted"
        " characters on X (Twitter)"
    }
    assert run_export(root, "json").refused == []


def test_hootsuite_grid_margin_and_duplicates(tmp_path):
    root = make_plan(
        tmp_path,
        {
            "a-grid.md": post("One", when="2026-11-27 10:03"),
            "b-soon.md": post("Two", when="2026-11-23 10:05"),
            "c-first.md": post("Same", when="2026-11-27 12:00"),
            "d-again.md": post("Same", when="2026-11-27 18:00"),
        },
    )
    result = run_export(root, "hootsuite")
    assert reasons(result) == {
        "a-grid.md:x": "10:03:00 is off Hootsuite's 5-minute grid; move it to 10:00 or 10:05",
        "b-soon.md:x": "Hootsuite takes only times at least 10 minutes after the upload"
        " (now is 2026-11-23 10:00)",
        "d-again.md:x": "the same message as content/posts/c-first.md: Hootsuite refuses duplicates",
    }
    assert only(result) == b'"27/11/2026 12:00","Same",""\r\n'


def test_hootsuite_row_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(hootsuite_format, "MAX_ROWS", 2)
    posts = {f"p{n}.md": post(f"Text {n}", when=f"2026-11-27 1{n}:00") for n in range(3)}
    result = run_export(make_plan(tmp_path, posts), "hootsuite")
    assert reasons(result) == {
        "p2.md:x": "Hootsuite takes at most 2 posts per file; export a shorter window (--week)"
    }


def test_buffer_row_limit(tmp_path):
    start = datetime(2026, 11, 24)
    posts = {
        f"p{n:03d}.md": post(f"Text {n}", when=f"{start + timedelta(hours=n):%Y-%m-%d %H:%M}")
        for n in range(101)
    }
    result = run_export(make_plan(tmp_path, posts), "buffer")
    assert result.exported == 100
    assert [r.reason for r in result.refused] == [
        "Buffer's bulk upload takes at most 100 posts per file; export a shorter window (--week)"
    ]


def test_sprout_ten_minutes_apart_and_ahead(tmp_path):
    root = make_plan(
        tmp_path,
        {
            "a.md": post("A", when="2026-11-23 10:09"),
            "b.md": post("B", when="2026-11-27 10:00"),
            "c.md": post("C", when="2026-11-27 10:05"),
            "d.md": post("D", when="2026-11-27 10:15"),
        },
    )
    result = run_export(root, "sprout")
    assert reasons(result) == {
        "a.md:x": "Sprout Social takes only times at least 10 minutes after the upload"
        " (now is 2026-11-23 10:00)",
        "c.md:x": "less than 10 minutes after content/posts/b.md (10:00); Sprout Social needs"
        " 10 minutes between messages",
    }
    assert [row[2] for row in rows(only(result))[1:]] == ["B", "D"]


def test_publer_separator_inside_a_value(tmp_path):
    root = make_plan(tmp_path, {"p.md": post(networks="[facebook]", first_comment='"a || b"')})
    assert reasons(run_export(root, "publer")) == {
        "p.md:facebook": "a comment or thread part contains '||', Publer's separator in that column"
    }


def test_a_brand_with_errors_refuses_its_posts(tmp_path):
    broken = "name: X\ntimezone: Asia/Baku\nposting: {min_gap: soon}\n"
    root = make_plan(tmp_path, {"p.md": post()}, brand=broken)
    assert reasons(run_export(root, "json")) == {
        "p.md:x": "brands/qehve-evi.yml has errors; see 'smmplan check'"
    }


def test_utm_template_keeps_existing_parameters_and_fragment():
    params = utm_parameters(
        {"source": "{network}", "medium": "social", "campaign": "{campaign}", "content": "{brand}"},
        network="x",
        campaign=None,
        brand="qəhvə evi",
    )
    assert params == [("utm_source", "x"), ("utm_medium", "social"), ("utm_content", "qəhvə evi")]
    assert (
        with_utm("https://a.example/p?b=2&a=1&utm_medium=mail#top", params)
        == "https://a.example/p?b=2&a=1&utm_medium=mail&utm_source=x"
        "&utm_content=q%C9%99hv%C9%99%20evi#top"
    )
    assert with_utm("mailto:hi@a.example", params) == "mailto:hi@a.example"
    assert with_utm("not a url", params) == "not a url"
    assert with_utm("https://a.example/", []) == "https://a.example/"


def test_links_are_tagged_only_where_they_stand_alone():
    link, tagged = "https://a.example/x", "https://a.example/x?utm_source=x"
    text = f"See {link}. Not {link}/y, {link}.html or {link}?q=1 — but ({link})!"
    result, found = tag_in_text(text, link, tagged)
    assert found
    assert result == (f"See {tagged}. Not {link}/y, {link}.html or {link}?q=1 — but ({tagged})!")


def test_selection_checks_names_and_windows(tmp_path):
    root = make_plan(tmp_path, {"p.md": post()})
    project = load_project(root)
    with pytest.raises(
        SelectionError, match=r"--brand qehve: no such brand \(did you mean 'qehve-evi'"
    ):
        make_selection(project, brands=["qehve"])
    with pytest.raises(SelectionError, match="--network twiter: unknown network"):
        make_selection(project, networks=["twiter"])
    with pytest.raises(SelectionError, match="--status aproved: not a status"):
        make_selection(project, statuses=["aproved"])
    with pytest.raises(SelectionError, match="either --week or --from/--to"):
        make_selection(project, week="2026-W48", start="2026-11-23")
    with pytest.raises(SelectionError, match="--to 2026-11-01 is before --from 2026-11-23"):
        make_selection(project, start="2026-11-23", end="2026-11-01")
    with pytest.raises(SelectionError, match="not an ISO week"):
        make_selection(project, week="48")
    week = make_selection(project, week="2026-w48", now=NOW)
    assert (week.start.isoformat(), week.end.isoformat(), week.after) == (
        "2026-11-23",
        "2026-11-29",
        None,
    )
    assert make_selection(project, now=NOW).after == NOW


def test_past_posts_in_an_explicit_week_are_refused(tmp_path):
    root = make_plan(tmp_path, {"p.md": post(when="2026-11-23 09:00")})
    assert run_export(root, "json").selected == 0  # upcoming only by default
    result = run_export(root, "json", week="2026-W48")
    assert (
        "has errors: publish_at 2026-11-23 09:00 +0400 is 1h in the past"
        in reasons(result)["p.md:x"]
    )


def test_first_comment_only_where_the_network_takes_one(tmp_path):
    root = make_plan(tmp_path, {"p.md": post(networks="[telegram, facebook]", first_comment="Hi")})
    result = run_export(root, "publer")
    assert result.notices == [
        "content/posts/p.md [telegram]: first comment left out: Telegram takes no first comment"
    ]
    comments = {f.network: rows(f.data)[1][7] for f in result.files}
    assert comments == {"telegram": "", "facebook": "Hi"}


def test_buffer_fetches_only_jpeg_and_png(tmp_path):
    root = make_plan(
        tmp_path, {"a.jpg": jpeg(), "p.md": post(networks="[instagram]", media="[a.jpg]")}
    )
    urls = {("content/posts/p.md", "instagram"): ["https://c.example/media/abc.gif"]}
    assert reasons(run_export(root, "buffer", urls=urls)) == {
        "p.md:instagram": "its image is not a .jpg or .png file, the only kinds Buffer fetches"
    }
