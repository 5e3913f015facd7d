"""Loading: front matter with line numbers, encodings, references, times, and hostile input."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smmplan.load import RootNotFound, find_root, load_project
from smmplan.load.documents import items, read_markdown, split_parts
from smmplan.load.values import localize
from tests.conftest import POST, check, found


def post_file(front: str, body: str = "Text of the post.\n") -> str:
    return f"---\n{front}---\n{body}"


def test_key_and_body_lines_are_kept(repo):
    root = repo({"content/posts/a.md": POST})
    post = load_project(root).posts[0]
    assert post.lines["title"] == 2
    assert post.lines["networks"] == 6
    assert post.body_line == 8
    assert post.parts[0].line == 8
    assert post.parts[0].text == "Good morning! Fresh coffee is ready."
    assert post.publish_at == datetime(2026, 11, 27, 6, 0, tzinfo=UTC)


def test_bom_and_crlf_give_the_same_post_and_lines(repo):
    crlf = ("\ufeff" + POST).replace("\n", "\r\n").encode("utf-8")
    root = repo({"content/posts/a.md": POST, "content/posts/b.md": crlf})
    first, second = load_project(root).posts
    assert (first.lines, first.parts, first.publish_at) == (
        second.lines,
        second.parts,
        second.publish_at,
    )
    assert found(root, "front-matter-invalid") == []


def test_thread_parts_keep_their_lines():
    parts = split_parts("\nFirst part\nline two\n---\nSecond\n\n---\n\nThird\n", 9)
    assert [(p.text, p.line) for p in parts] == [
        ("First part\nline two", 10),
        ("Second", 13),
        ("Third", 17),
    ]


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"", 1, "file is empty"),
        (b"   \n\n", 1, "file is empty"),
        (b"title: no fences\n", 1, "no front matter"),
        (b"---\ntitle: never closed\nstatus: draft\n", 1, "never closed"),
        (b"---\ntitle: ok\nstatus: [draft\n---\nbody\n", 4, "YAML syntax error"),
        (b"---\ntitle: a\n  bad: indent\n---\n", 3, "YAML syntax error"),
        (b"---\n- a list\n- not a mapping\n---\n", 2, "not a list"),
        (b"---\njust text\n---\n", 2, "not a single value"),
        (b"---\ntitle: caf\xe9\n---\n", 2, "not UTF-8"),
        (b"---\ntitle: A\ntitle: B\nnetworks: [x]\n---\nbody\n", 3, "duplicate key 'title'"),
    ],
)
def test_malformed_files_are_reported_with_their_line(repo, content, line, message):
    root = repo({"content/posts/bad.md": content, "content/posts/good.md": POST})
    diagnostics = [d for d in check(root) if d.path.endswith("bad.md")]
    assert [(d.rule, d.line) for d in diagnostics] == [("front-matter-invalid", line)]
    assert message in diagnostics[0].message
    # the good post is still loaded and checked
    assert [p.slug for p in load_project(root).posts] == ["bad", "good"]


def test_billion_laughs_is_refused_quickly(repo):
    lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev = chr(ord("a") + n - 1)
        name = chr(ord("a") + n)
        lines.append(f"{name}: &{name} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    lines.append("title: *j")
    root = repo({"content/posts/bomb.md": "\n".join(lines) + "\nnetworks: [x]\n---\nbody\n"})
    invalid = [d for d in check(root) if d.rule == "invalid-value"]
    assert [(d.line, d.message) for d in invalid] == [
        (12, "title: YAML aliases expand to more than 20000 values: refused")
    ]


def test_python_tags_are_not_executed(repo, tmp_path):
    marker = tmp_path / "pwned"
    root = repo(
        {
            "content/posts/evil.md": post_file(
                f"title: !!python/object/apply:os.system ['touch {marker}']\nnetworks: [x]\n"
            )
        }
    )
    problems = found(root, "invalid-value")
    assert problems == [("content/posts/evil.md", 2, "invalid-value")]
    assert not marker.exists()


def test_unknown_key_suggests_the_known_one(repo):
    root = repo(
        {"content/posts/a.md": post_file("title: T\npubish_at: 2026-11-27 10:00\nnetworks: [x]\n")}
    )
    diagnostics = check(root)
    unknown = [d for d in diagnostics if d.rule == "unknown-field"]
    assert [(d.line, d.message) for d in unknown] == [
        (3, "unknown key 'pubish_at' (did you mean 'publish_at'?)")
    ]


@pytest.mark.parametrize(
    ("front", "line", "text"),
    [
        ("publish_at: 2026-13-45 10:00\n", 3, "not a real date"),
        ("publish_at: 2026-11-27 25:00\n", 3, "impossible time"),
        ("publish_at: tomorrow\n", 3, "not a date and time"),
        ("status: aproved\n", 3, "did you mean 'approved'"),
        ("sponsored: maybe\n", 3, "expected true or false"),
        ("tags: {a: 1}\n", 3, "expected a list"),
        ("media: [{src: a.jpg, focus: [2, 0.5]}]\n", 3, "must lie between 0 and 1"),
        ("media: [https://example.com/a.jpg]\n", 3, "is a URL"),
        ("networks: {x: [1, 2]}\n", 3, "must be a mapping"),
        ("networks: [x, x]\n", 3, "listed twice"),
    ],
)
def test_invalid_values_name_the_key_line(repo, front, line, text):
    root = repo(
        {
            "content/posts/a.md": post_file(
                f"title: T\n{front}" + ("" if "networks" in front else "networks: [x]\n")
            )
        }
    )
    diagnostics = [d for d in check(root) if d.rule == "invalid-value"]
    assert [d.line for d in diagnostics] == [line]
    assert text in diagnostics[0].message


def test_unknown_references(repo):
    root = repo(
        {
            "content/posts/a.md": post_file(
                "title: T\nbrand: qehve-ev\ncampaign: nope\nnetworks: [twitter, x]\n"
            ),
        }
    )
    diagnostics = [d for d in check(root) if d.rule == "unknown-reference"]
    assert [(d.line, d.message) for d in diagnostics] == [
        (3, "brand 'qehve-ev' has no file brands/qehve-ev.yml (did you mean 'qehve-evi'?)"),
        (4, "campaign 'nope' has no file content/campaigns/nope.md"),
        (5, "unknown network 'twitter' (did you mean 'x'?)"),
    ]


def test_unknown_time_zone_in_brand(repo):
    root = repo(brand="name: B\ntimezone: Mars/Olympus_Mons\n")
    diagnostics = check(root)
    assert [(d.path, d.line, d.rule) for d in diagnostics] == [
        ("brands/qehve-evi.yml", 2, "invalid-value")
    ]
    assert "unknown time zone 'Mars/Olympus_Mons'" in diagnostics[0].message


def test_media_paths_cannot_leave_the_repository(repo, tmp_path):
    outside = tmp_path.parent / "secret.jpg"
    outside.write_bytes(b"not for you")
    root = repo(
        {
            "content/posts/a.md": post_file(
                "title: T\nnetworks: [x]\nmedia:\n  - src: ../../../../etc/passwd\n    alt: x\n  - src: link.jpg\n    alt: y\n"
            )
        }
    )
    os.symlink(outside, root / "content/posts/link.jpg")
    post = load_project(root).posts[0]
    assert [(m.src, m.path, m.outside_root) for m in post.media] == [
        ("../../../../etc/passwd", None, True),
        ("link.jpg", None, True),
    ]
    assert found(root, "media-missing") == [
        ("content/posts/a.md", 5, "media-missing"),
        ("content/posts/a.md", 7, "media-missing"),
    ]


def test_root_relative_media_paths(repo):
    root = repo(
        {
            "content/posts/2026/a.md": post_file(
                "title: T\nnetworks: [x]\nmedia: [/content/media/a.jpg]\n"
            )
        }
    )
    media = load_project(root).posts[0].media[0]
    assert media.path == (root / "content/media/a.jpg").resolve()


def test_dst_gap_and_fold():
    _, problem = localize(datetime(2026, 3, 29, 2, 30), "Europe/Berlin")
    assert "does not exist in Europe/Berlin" in problem
    fold, problem = localize(datetime(2026, 10, 25, 2, 30), "Europe/Berlin")
    assert "happens twice" in problem
    assert fold.utcoffset().total_seconds() == 7200
    plain, problem = localize(datetime(2026, 11, 27, 10, 0), "Asia/Baku")
    assert problem is None and plain.utcoffset().total_seconds() == 4 * 3600


def test_offsets_are_honoured(repo):
    root = repo(
        {
            "content/posts/a.md": post_file(
                "title: T\npublish_at: 2026-11-28T09:00:00+04:00\nnetworks: [x]\n"
            )
        }
    )
    assert load_project(root).posts[0].publish_at.astimezone(UTC) == datetime(
        2026, 11, 28, 5, 0, tzinfo=UTC
    )


def test_root_discovery(tmp_path):
    (tmp_path / "content" / "posts" / "2026").mkdir(parents=True)
    assert find_root(tmp_path / "content" / "posts" / "2026") == tmp_path.resolve()
    with pytest.raises(RootNotFound):
        find_root(Path("/"))


def test_repository_without_brands_uses_an_implicit_brand(repo):
    root = repo(
        {
            "content/posts/a.md": post_file(
                "title: T\npublish_at: 2026-11-27 10:00\nnetworks: [x]\n"
            )
        },
        brand=None,
    )
    project = load_project(root)
    assert list(project.brands) == ["default"]
    assert project.posts[0].brand == "default"
    assert project.posts[0].publish_at.tzinfo is not None


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_never_crash_the_splitter(data):
    doc = read_markdown(b"---\n" + data)
    assert all(finding.line >= 1 for finding in doc.findings)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_front_matter_never_crashes(text):
    doc = read_markdown(f"---\n{text}\n---\nbody\n".encode())
    for finding in doc.findings:
        assert finding.line >= 1


def test_every_form_of_networks_inherits_the_post_fields(repo):
    front = (
        "title: T\nlink: https://example.com/a\nfirst_comment: hi\npublish_at: 2026-11-27 10:00\n"
    )
    root = repo(
        {
            "content/posts/list.md": post_file(front + "networks: [x]\n"),
            "content/posts/map.md": post_file(front + "networks:\n  x: {}\n"),
            "content/posts/null.md": post_file(front + "networks:\n  x:\n"),
        }
    )
    variants = [post.variants[0] for post in load_project(root).posts]
    assert {
        (v.title, v.link, v.first_comment, v.publish_at.astimezone(UTC).hour) for v in variants
    } == {("T", "https://example.com/a", "hi", 6)}


SIMPLE_KEYS = ["title", "author", "approved_by", "link", "first_comment", "status", "campaign"]


@settings(max_examples=150, deadline=None)
@given(
    st.permutations(SIMPLE_KEYS).flatmap(
        lambda keys: st.tuples(
            st.just(keys),
            st.lists(st.integers(0, 2), min_size=len(keys), max_size=len(keys)),
            st.booleans(),
        )
    ),
    st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc", "Zl", "Zp"]), max_size=30),
)
def test_every_key_keeps_its_exact_line(layout, value):
    keys, gaps, crlf = layout
    lines, expected = ["---"], {}
    for key, gap in zip(keys, gaps, strict=True):
        lines += ["# a comment"] * gap + [""] * (gap // 2)
        expected[key] = len(lines) + 1
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines += ["---", "Body"]
    newline = "\r\n" if crlf else "\n"
    doc = read_markdown(newline.join(lines).encode("utf-8"))
    assert doc.findings == ()
    found = {key: line for key, line, _ in items(doc.root, doc.offset)}
    assert found == expected
    assert doc.body_line == len(lines)


def test_hashtag_sets_expand_in_texts_and_first_comments(repo):
    brand = "name: Q\ntimezone: Asia/Baku\nhashtag_sets: {coffee: ['#coffee', '#qəhvə']}\n"
    front = "title: T\nfirst_comment: 'More: #{coffee}'\nnetworks:\n  telegram: {}\n  x: {text: 'Short #{coffee}'}\n"
    root = repo(
        {"content/posts/a.md": post_file(front, "Fresh beans!\n#{coffee} #beans\n")}, brand=brand
    )
    post = load_project(root).posts[0]
    assert post.parts[0].text == "Fresh beans!\n#coffee #qəhvə #beans"
    assert post.first_comment == "More: #coffee #qəhvə"
    assert post.variant("x").text == "Short #coffee #qəhvə"
    assert post.variant("telegram").first_comment == "More: #coffee #qəhvə"
    assert post.findings == ()


def test_a_variant_knows_the_keys_it_overrides(repo):
    front = (
        "title: T\nlink: https://example.com/a\nnetworks:\n  x: {text: Own, link: ''}\n"
        "  telegram: {}\n  bluesky:\n  mastodon: {txet: typo}\n"
    )
    post = load_project(repo({"content/posts/a.md": post_file(front)})).posts[0]
    assert {v.network: v.overrides for v in post.variants} == {
        "x": frozenset({"text", "link"}),
        "telegram": frozenset(),
        "bluesky": frozenset(),
        "mastodon": frozenset(),  # an unknown key overrides nothing
    }
    assert post.variant("x").lines == {"text": 5, "link": 5}


def test_published_urls_and_ids_are_kept_as_text_with_their_lines(repo):
    front = (
        "title: T\nstatus: published\npublish_at: 2026-11-20 10:00\nnetworks: [x, instagram]\n"
        "published:\n  x: https://x.com/qehveevi/status/1861234567890123456\n"
        '  Instagram: "17912345678901234"\n'
    )
    post = load_project(repo({"content/posts/a.md": post_file(front)})).posts[0]
    assert post.published == {
        "x": "https://x.com/qehveevi/status/1861234567890123456",
        "instagram": "17912345678901234",
    }
    assert (post.lines["published"], post.lines["published.x"]) == (6, 7)
    assert post.lines["published.instagram"] == 8
    assert post.findings == ()


@pytest.mark.parametrize(
    ("published", "rule", "line", "message"),
    [
        (
            "published:\n  x: 1861234567890123456\n",
            "invalid-value",
            5,
            "published.x: 1861234567890123456 is read as a number, and a long id loses its"
            ' last digits that way: quote it, e.g. "1861234567890123456"',
        ),
        ("published: {x: 1.8612345E+18}\n", "invalid-value", 4, 'quote it, e.g. "1.8612345E+18"'),
        (
            "published: {twiter: https://x.com/a/status/1}\n",
            "unknown-reference",
            4,
            "published: unknown network 'twiter' (did you mean 'x'?)",
        ),
        (
            "published: https://x.com/a/status/1\n",
            "invalid-value",
            4,
            "published: write a mapping of network to the published post's URL or id",
        ),
        (
            "published: {x: [a, b]}\n",
            "invalid-value",
            4,
            "expected the post's URL or id, got a list",
        ),
        (
            "published: {x: '  '}\n",
            "invalid-value",
            4,
            "published.x: expected the post's URL or id",
        ),
        ("published: {x: a, X: b}\n", "invalid-value", 4, "network 'x' is listed twice"),
    ],
)
def test_bad_published_values_are_refused_on_their_line(repo, published, rule, line, message):
    front = "title: T\nnetworks: [x]\n" + published
    root = repo({"content/posts/a.md": post_file(front)})
    problems = [d for d in check(root) if d.rule in ("invalid-value", "unknown-reference")]
    assert [(d.rule, d.line) for d in problems] == [(rule, line)]
    assert message in problems[0].message
    kept = {"x": "a"} if "listed twice" in message else {}  # the first of two stays
    assert load_project(root).posts[0].published == kept


def test_an_empty_published_key_is_no_problem(repo):
    root = repo({"content/posts/a.md": post_file("title: T\nnetworks: [x]\npublished:\n")})
    post = load_project(root).posts[0]
    assert (post.published, post.findings) == ({}, ())
