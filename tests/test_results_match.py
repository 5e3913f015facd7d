"""Which export row is which planned post: URL, id, time + text, ambiguous, none, accounts.

The rows are built here as the metrics readers produce them (``smmplan.metrics_model``),
so these tests do not depend on any export format.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from smmplan.load import load_project
from smmplan.metrics_model import MetricsData, PostRow, Snapshot
from smmplan.model import Project
from smmplan.results import collect, match
from smmplan.results.keys import handle_in_url, keys
from smmplan.results.similar import similarity
from tests.conftest import BRAND, NOW, write

ACCOUNTS = 'accounts: {x: "@QehveEvi", instagram: "qehve.evi", telegram: "@qehveevi"}\n'
OTHER = 'name: Çay Evi\ntimezone: Asia/Baku\naccounts: {x: "@cayevi"}\n'
SNAP = Snapshot("content/metrics/x.csv", "x", date(2026, 11, 22), "file")


def post(title: str, when: str, networks: str, body: str, extra: str = "") -> str:
    """A post file; ``extra`` is added to the front matter."""
    return (
        f"---\ntitle: {title}\npublish_at: {when}\nstatus: approved\napproved_by: ilya\n"
        f"networks: {networks}\n{extra}---\n{body}\n"
    )


def project(tmp_path: Path, posts: dict[str, str], brands: dict[str, str] | None = None) -> Project:
    brands = brands or {"qehve-evi": BRAND + ACCOUNTS}
    files = {f"brands/{name}.yml": text for name, text in brands.items()}
    files |= {f"content/posts/{name}.md": text for name, text in posts.items()}
    write(tmp_path, files)
    return load_project(tmp_path)


def row(number: int, network: str = "x", snapshot: Snapshot = SNAP, **fields) -> PostRow:
    return PostRow(snapshot, number, network, **fields)


def one(project_: Project, *rows: PostRow):
    """The matching of the rows."""
    return match(project_, MetricsData(posts=rows))


COFFEE = "Fresh coffee is ready: come in from the cold and warm up with us"
SALE = "Black Friday: every bag of beans is 20% off until Sunday"


# --- URL and id keys --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("network", "a", "b"),
    [
        (
            "x",
            "https://twitter.com/QehveEvi/status/2107715716774148525",
            "x.com/i/web/status/2107715716774148525?s=20",
        ),
        ("x", "https://x.com/qehveevi/status/2107715716774148525", "2107715716774148525"),
        (
            "instagram",
            "https://www.instagram.com/p/DPq3xYkNa1B/",
            "https://instagram.com/reel/DPq3xYkNa1B?igsh=x1",
        ),
        (
            "facebook",
            "https://www.facebook.com/reel/1365512098877402",
            "104512345678901_1365512098877402",
        ),
        (
            "linkedin",
            "https://www.linkedin.com/feed/update/urn:li:activity:7513500914025080707/",
            "7513500914025080707",
        ),
        (
            "youtube",
            "https://youtu.be/dQ1wA8zT5cY",
            "https://www.youtube.com/watch?v=dQ1wA8zT5cY&t=3",
        ),
        ("youtube", "https://youtube.com/shorts/dQ1wA8zT5cY", "dQ1wA8zT5cY"),
        (
            "tiktok",
            "https://www.tiktok.com/@qehveevi/video/7692848353387979856",
            "7692848353387979856",
        ),
        ("telegram", "https://t.me/qehveevi/412", "t.me/qehveevi/412/"),
        ("vk", "https://vk.com/wall-123_456", "wall-123_456"),
        ("generic", "HTTPS://Example.COM/post/1/#top", "example.com/post/1"),
    ],
)
def test_the_same_post_has_a_key_in_common(network, a, b):
    assert keys(network, a) & keys(network, b)


def test_ids_keep_their_case_and_different_posts_differ():
    assert not keys("instagram", "instagram.com/p/DPq3xYkNa1B") & keys(
        "instagram", "instagram.com/p/dpq3xykna1b"
    )
    assert not keys("x", "x.com/a/status/1") & keys("x", "x.com/a/status/2")
    assert keys("x", "  ") == frozenset()


def test_handles_inside_urls():
    assert handle_in_url("x", "https://twitter.com/QehveEvi/status/1") == "QehveEvi"
    assert handle_in_url("tiktok", "https://www.tiktok.com/@qehveevi/video/1") == "@qehveevi"
    assert handle_in_url("x", "https://x.com/i/web/status/1") is None


def test_similarity_ignores_case_urls_hashtags_and_stylised_letters():
    assert (
        similarity(
            "𝐁𝐥𝐚𝐜𝐤 FRIDAY: every bag of beans is 20% off until Sunday https://t.co/x #bf", SALE
        )
        == 1.0
    )
    assert similarity("Good morning", COFFEE) < 0.5
    cut = "Fresh coffee is ready: come in from the cold"  # a caption cut short by the export
    assert similarity(cut, COFFEE) == pytest.approx(0.9)


# --- matching paths ------------------------------------------------------------------------


def test_by_url_recorded_in_published(tmp_path):
    p = project(
        tmp_path,
        {
            "a": post(
                "A",
                "2026-11-20 10:00",
                "[x]",
                COFFEE,
                "published: {x: https://twitter.com/QehveEvi/status/2107}\n",
            )
        },
    )
    got = one(
        p,
        row(
            2,
            url="https://x.com/i/web/status/2107?s=20",
            published=datetime(2026, 11, 1, 9, 0),
            text="other",
        ),
    )
    (item,) = got.matched
    assert (item.path, item.network, item.match.by, item.match.confidence) == (
        "content/posts/a.md",
        "x",
        "url",
        1.0,
    )
    assert (
        item.match.reason
        == "content/posts/a.md records published.x: https://twitter.com/QehveEvi/status/2107"
    )
    assert got.went_out() == {("content/posts/a.md", "x")}


def test_by_id_recorded_in_published(tmp_path):
    p = project(
        tmp_path,
        {
            "a": post(
                "A", "2026-11-20 10:00", "[telegram]", COFFEE, "published: {telegram: '412'}\n"
            )
        },
    )
    got = one(p, row(7, "telegram", post_id="412"))
    assert [(m.match.by, m.match.confidence) for m in got.matched] == [("id", 1.0)]


def test_instagram_reel_url_matches_the_p_url(tmp_path):
    p = project(
        tmp_path,
        {
            "a": post(
                "A",
                "2026-11-20 10:00",
                "[instagram]",
                COFFEE,
                "published: {instagram: 'https://www.instagram.com/p/DPq3xYkNa1B/'}\n",
            )
        },
    )
    got = one(
        p,
        row(
            3,
            "instagram",
            post_id="18073621495123456",
            url="https://www.instagram.com/reel/DPq3xYkNa1B/",
        ),
    )
    assert [m.match.by for m in got.matched] == ["url"]


def test_by_time_and_text_with_exact_confidence(tmp_path):
    p = project(
        tmp_path,
        {
            "a": post("A", "2026-11-21 12:00", "[x]", SALE),
            "b": post("B", "2026-11-21 13:00", "[x]", COFFEE),
        },
    )
    got = one(
        p,
        row(
            3,
            published=datetime(2026, 11, 21, 11, 30),
            text=SALE + " https://t.co/x",
            account="@qehveevi",
        ),
    )
    (item,) = got.matched
    assert item.path == "content/posts/a.md"
    # similarity 1, 0.5 h of the 3 h tolerance: 0.8 × 1 + 0.2 × (1 − 0.5 / 3)
    assert item.match.by == "time+text" and item.match.confidence == 0.9667
    assert item.match.reason == "0.5 h from its planned time; text similarity 1.00"


def test_aware_row_times_are_compared_as_instants(tmp_path):
    p = project(tmp_path, {"a": post("A", "2026-11-21 12:00", "[x]", SALE)})
    utc = datetime.fromisoformat("2026-11-21T08:00:00+00:00")  # 12:00 in Baku
    (item,) = one(p, row(3, published=utc, text=SALE)).matched
    assert item.match.confidence == 1.0


def test_two_posts_equally_likely_is_ambiguous(tmp_path):
    p = project(
        tmp_path,
        {
            "a": post("A", "2026-11-21 12:00", "[x]", SALE),
            "b": post("B", "2026-11-21 12:00", "[x, telegram]", SALE),
        },
    )
    got = one(p, row(4, published=datetime(2026, 11, 21, 12, 0), text=SALE))
    assert got.matched == ()
    (left,) = got.unmatched
    assert left.reason == "fits content/posts/a.md and content/posts/b.md equally well"
    (finding,) = got.findings
    assert (finding.path, finding.finding.line, finding.finding.rule) == (
        "content/metrics/x.csv",
        4,
        "result-ambiguous",
    )


def test_no_match_when_the_text_differs_or_nothing_is_near(tmp_path):
    p = project(tmp_path, {"a": post("A", "2026-11-21 12:00", "[x]", SALE)})
    got = one(
        p,
        row(
            5,
            published=datetime(2026, 11, 21, 12, 30),
            text="Our new barista started today, say hello to Aysel",
        ),
        row(6, published=datetime(2026, 11, 21, 16, 0), text=SALE),
        row(7, text=SALE),
    )
    assert got.matched == ()
    assert [u.reason for u in got.unmatched] == [
        "no planned post's text is alike (best similarity 0.00 < 0.5)",
        "no planned x post within ±3 h",
        "the row has no publishing time and no post records its URL or id",
    ]
    assert {u.brand for u in got.unmatched} == {"qehve-evi"}  # still the brand's posts


def test_a_row_of_another_brand_is_matched_against_that_brand_only(tmp_path):
    brands = {"qehve-evi": BRAND + ACCOUNTS, "cay-evi": OTHER}
    posts = {
        "a": post("A", "2026-11-21 12:00", "[x]", SALE, "brand: qehve-evi\n"),
        "b": post("B", "2026-11-21 12:00", "[x]", SALE, "brand: cay-evi\n"),
    }
    p = project(tmp_path, posts, brands)
    got = one(
        p,
        row(2, published=datetime(2026, 11, 21, 12, 0), text=SALE, account="CayEvi"),
        row(
            3,
            url="https://x.com/QEHVEEVI/status/9",
            published=datetime(2026, 11, 21, 12, 0),
            text=SALE,
        ),
    )
    assert [(m.row.row, m.path) for m in got.matched] == [
        (2, "content/posts/b.md"),
        (3, "content/posts/a.md"),
    ]


def test_an_account_of_no_brand_is_unplanned_with_one_finding_per_file(tmp_path):
    p = project(tmp_path, {"a": post("A", "2026-11-21 12:00", "[x]", SALE)})
    got = one(
        p,
        row(2, published=datetime(2026, 11, 21, 12, 0), text=SALE, account="@someone_else"),
        row(3, published=datetime(2026, 11, 21, 13, 0), text="more", account="@Someone_Else"),
    )
    assert got.matched == ()
    assert [u.brand for u in got.unmatched] == [None, None]
    assert [(f.finding.rule, f.finding.line) for f in got.findings] == [
        ("result-unknown-account", 2)
    ]


def test_a_row_without_text_matches_only_a_lone_post(tmp_path):
    p = project(
        tmp_path,
        {
            "a": post("A", "2026-11-21 12:00", "[x]", SALE),
            "b": post("B", "2026-11-21 18:00", "[x]", COFFEE),
        },
    )
    got = one(
        p,
        row(2, published=datetime(2026, 11, 21, 13, 30)),
        row(3, published=datetime(2026, 11, 21, 15, 0)),
    )
    (item,) = got.matched  # 13:30 has only a.md within 3 h; 15:00 has both
    assert (item.row.row, item.path, item.match.confidence) == (2, "content/posts/a.md", 0.3)
    assert [u.reason for u in got.unmatched] == [
        "the row has no text and 2 posts are in the window"
    ]


def test_a_row_dated_by_day_only_is_tried_against_the_whole_local_day(tmp_path):
    p = project(tmp_path, {"a": post("A", "2026-11-21 19:00", "[x]", SALE)})
    day = row(2, published=datetime(2026, 11, 21), published_day_only=True, text=SALE)
    (item,) = one(p, day).matched
    assert item.match.confidence == 0.9  # 0.8 × 1 + 0.2 × 0.5: the time of day is unknown


def test_cancelled_posts_are_never_matched_by_time(tmp_path):
    cancelled = post("A", "2026-11-21 12:00", "[x]", SALE).replace("approved", "cancelled")
    p = project(tmp_path, {"a": cancelled})
    assert one(p, row(2, published=datetime(2026, 11, 21, 12, 0), text=SALE)).matched == ()


def test_thread_parts_are_matched_to_their_thread(tmp_path):
    thread = "Black Friday starts now at every one of our cafes\n---\nAnd the beans are twenty percent off all weekend long"
    p = project(tmp_path, {"t": post("T", "2026-11-21 12:00", "[x]", thread)})
    got = one(
        p,
        row(
            2,
            published=datetime(2026, 11, 21, 12, 0),
            text="Black Friday starts now at every one of our cafes",
            metrics={"views": 100},
        ),
        row(
            3,
            published=datetime(2026, 11, 21, 12, 1),
            text="And the beans are twenty percent off all weekend long",
            metrics={"views": 40},
        ),
    )
    assert [m.match.part for m in got.matched] == [0, 1]
    (measured,) = collect(p, MetricsData(posts=tuple(m.row for m in got.matched)), NOW).posts
    assert measured.metrics["views"] == 140 and measured.format == "thread"


def test_a_later_export_of_a_matched_post_joins_it_by_id(tmp_path):
    p = project(tmp_path, {"a": post("A", "2026-11-21 12:00", "[x]", SALE)})
    newer = Snapshot("content/metrics/x-later.csv", "x", date(2026, 11, 23), "file")
    got = one(
        p,
        row(2, post_id="77", published=datetime(2026, 11, 21, 12, 0), text=SALE),
        row(5, snapshot=newer, post_id="77"),  # no time or text: the id says it is the same post
    )
    assert [(m.row.row, m.path) for m in got.matched] == [
        (2, "content/posts/a.md"),
        (5, "content/posts/a.md"),
    ]
    assert got.matched[1].match.reason.startswith("same post as row 2 of content/metrics/x.csv")


def test_two_posts_recording_one_url_are_ambiguous(tmp_path):
    url = "published: {x: 'https://x.com/qehveevi/status/5'}\n"
    p = project(
        tmp_path,
        {
            "a": post("A", "2026-11-21 12:00", "[x]", SALE, url),
            "b": post("B", "2026-11-22 12:00", "[x]", COFFEE, url),
        },
    )
    got = one(p, row(2, post_id="5"))
    assert got.matched == ()
    assert [f.finding.rule for f in got.findings] == ["result-ambiguous"]


@pytest.mark.parametrize("zone_name", ["Asia/Baku", "Europe/Berlin", "America/New_York"])
def test_the_fast_wall_clock_conversion_is_exact_across_daylight_saving(zone_name):
    from zoneinfo import ZoneInfo

    from smmplan.results.index import instant

    place = ZoneInfo(zone_name)
    for moment in (
        datetime(2026, 3, 29, 2, 30),  # Berlin's gap
        datetime(2026, 10, 25, 2, 30),  # Berlin's fold
        datetime(2026, 3, 8, 2, 30),  # New York's gap
        datetime(2026, 11, 1, 1, 30),  # New York's fold
        datetime(2026, 7, 1, 12, 0),
    ):
        assert instant(moment, place) == moment.replace(tzinfo=place).timestamp()


def test_urls_named_by_their_query_never_meet_on_their_path():
    one = keys("youtube", "https://www.youtube.com/watch?v=abcdef123")
    other = keys("youtube", "https://youtube.com/watch?v=zzzzzz999&t=42")
    assert one == {"id:abcdef123"} and other == {"id:zzzzzz999"}
    assert keys("facebook", "https://www.facebook.com/permalink.php?story_fbid=123&id=9") == {
        "id:123"
    }
    assert keys("vk", "https://example.org/post?id=7&utm_source=x&igsh=1") == {
        "url:example.org/post?id=7"
    }
    assert keys("vk", "https://example.org/post?utm_source=x") == {"url:example.org/post"}


def test_the_same_row_in_each_snapshot_is_decided_alike_and_reported_at_each_row(tmp_path):
    p = project(
        tmp_path,
        {
            "a": post("A", "2026-11-21 12:00", "[x]", SALE),
            "b": post("B", "2026-11-21 12:00", "[x, telegram]", SALE),
            "c": post("C", "2026-11-22 09:00", "[x]", COFFEE),
        },
    )
    later = Snapshot("content/metrics/x-later.csv", "x", date(2026, 11, 29), "file")
    at, other = datetime(2026, 11, 21, 12, 0), datetime(2026, 11, 22, 9, 5)
    got = one(
        p,
        row(2, published=at, text=SALE),
        row(3, published=other, text=COFFEE),
        row(7, snapshot=later, published=at, text=SALE),
        row(8, snapshot=later, published=other, text=COFFEE),
    )
    assert [(m.row.snapshot.path, m.row.row, m.path) for m in got.matched] == [
        ("content/metrics/x.csv", 3, "content/posts/c.md"),
        ("content/metrics/x-later.csv", 8, "content/posts/c.md"),
    ]
    assert got.matched[0].match == got.matched[1].match
    assert [(f.path, f.finding.line, f.finding.rule) for f in got.findings] == [
        ("content/metrics/x.csv", 2, "result-ambiguous"),
        ("content/metrics/x-later.csv", 7, "result-ambiguous"),
    ]
