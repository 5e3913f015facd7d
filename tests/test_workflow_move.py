"""``smmplan move``: only the publish_at values change, byte for byte elsewhere."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smmplan.load import load_project
from smmplan.workflow.move import MoveError, Target, parse_by, parse_to

NOW = "2026-11-23T06:00:00+00:00"
CRLF_POST = (
    "\ufeff---\r\n"
    "title: 'Morning coffee'   # internal\r\n"
    "brand: qehve-evi\r\n"
    "publish_at: 2026-11-27 10:00  # Friday\r\n"
    "status: draft\r\n"
    "networks:\r\n"
    '  x: {publish_at: "2026-11-27T12:30+04:00"}\r\n'
    "  telegram:\r\n"
    "    publish_at: 2026-11-27 11:00:00\r\n"
    "---\r\n"
    "Good morning!\r\n"
    "\r\n"
    "publish_at: 2026-11-27 10:00 in the text stays\r\n"
).encode()
PLAIN = "---\ntitle: T\npublish_at: {at}\nstatus: draft\nnetworks: [x]\n---\nHi\n"


def moved(data: bytes, *pairs: tuple[str, str]) -> bytes:
    """``data`` with each front-matter value replaced once, in order."""
    text = data.decode("utf-8")
    for old, new in pairs:
        assert text.count(old) >= 1
        text = text.replace(old, new, 1)
    return text.encode("utf-8")


@pytest.fixture
def post_file(repo):
    root = repo({"content/posts/a.md": CRLF_POST})
    return root, root / "content" / "posts" / "a.md"


def run_move(smmplan, root, *args):
    return smmplan("--root", str(root), "--now", NOW, "move", *args)


def test_by_moves_every_publish_at_and_keeps_every_other_byte(smmplan, post_file):
    root, path = post_file
    result = run_move(smmplan, root, str(path), "--by", "2d")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == moved(
        CRLF_POST,
        ("publish_at: 2026-11-27 10:00  #", "publish_at: 2026-11-29 10:00  #"),
        ('"2026-11-27T12:30+04:00"', '"2026-11-29T12:30+04:00"'),
        ("publish_at: 2026-11-27 11:00:00", "publish_at: 2026-11-29 11:00:00"),
    )
    assert result.stdout == (
        "moved content/posts/a.md: publish_at 2026-11-27 10:00 -> 2026-11-29 10:00;"
        " networks.x.publish_at 2026-11-27T12:30+04:00 -> 2026-11-29T12:30+04:00;"
        " networks.telegram.publish_at 2026-11-27 11:00:00 -> 2026-11-29 11:00:00\n"
    )
    assert result.stderr == "1 post moved; 0 schedule problems\n"


def test_the_moved_file_reads_as_the_times_meant(smmplan, post_file):
    root, path = post_file
    assert run_move(smmplan, root, str(path), "--by", "-3h").exit_code == 0
    (post,) = load_project(root).posts
    times = {v.network: v.publish_at.astimezone(UTC) for v in post.variants}
    assert post.publish_at.astimezone(UTC) == datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
    assert times == {
        "x": datetime(2026, 11, 27, 5, 30, tzinfo=UTC),
        "telegram": datetime(2026, 11, 27, 4, 0, tzinfo=UTC),
    }


def test_to_with_an_offset_writes_the_brands_local_time_and_keeps_networks_together(
    smmplan, post_file
):
    root, path = post_file
    result = run_move(smmplan, root, str(path), "--to", "2026-12-01T18:00+03:00")
    assert result.exit_code == 0
    assert path.read_bytes() == moved(
        CRLF_POST,
        ("publish_at: 2026-11-27 10:00  #", "publish_at: 2026-12-01 19:00  #"),
        ('"2026-11-27T12:30+04:00"', '"2026-12-01T21:30+04:00"'),
        ("publish_at: 2026-11-27 11:00:00", "publish_at: 2026-12-01 20:00:00"),
    )
    assert result.stderr.splitlines() == [
        "content/posts/a.md:7:1: warning: Tue 21:30 Asia/Baku is outside Qəhvə Evi's posting"
        " windows (Tuesday: 08:00-21:00) [outside-posting-window x]",
        "1 post moved; 1 schedule problem",
    ]


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("18:00", "2026-11-27 18:00"),  # the day kept
        ("2026-12-02", "2026-12-02 10:00"),  # the time kept
        ("2026-12-02 09:15", "2026-12-02 09:15"),  # the brand's local time
        ("2026-12-02T05:15Z", "2026-12-02 09:15"),
    ],
)
def test_to_a_time_a_day_or_a_moment(repo, smmplan, when, expected):
    root = repo({"content/posts/a.md": PLAIN.format(at="2026-11-27 10:00")})
    path = root / "content/posts/a.md"
    result = run_move(smmplan, root, str(path), "--to", when)
    assert result.exit_code == 0, result.output
    assert path.read_text() == PLAIN.format(at=expected)


@pytest.mark.parametrize(
    ("written", "by", "expected"),
    [
        ("2026-11-27T10:00:00Z", "1d", "2026-11-28T10:00:00Z"),
        ("2026-11-27 10:00 +0400", "90m", "2026-11-27 11:30 +0400"),
        ("2026-11-27t10:00-05:00", "-1w", "2026-11-20t10:00-05:00"),
        ("'2026-11-27 10:00'", "1d12h", "'2026-11-28 22:00'"),
        ('"2026-11-27 10:00"', "30m", '"2026-11-27 10:30"'),
    ],
)
def test_a_value_keeps_its_shape(repo, smmplan, written, by, expected):
    root = repo({"content/posts/a.md": PLAIN.format(at=written)})
    path = root / "content/posts/a.md"
    assert smmplan("--root", str(root), "--now", NOW, "move", str(path), "--by", by).exit_code == 0
    assert path.read_text() == PLAIN.format(at=expected)


def test_local_times_move_on_the_wall_clock_across_daylight_saving(repo, smmplan):
    brand = "name: Kaffee\ntimezone: Europe/Berlin\n"
    root = repo({"content/posts/a.md": PLAIN.format(at="2026-10-24 10:00")}, brand=brand)
    path = root / "content/posts/a.md"
    assert (
        smmplan("--root", str(root), "--now", NOW, "move", str(path), "--by", "1d").exit_code == 0
    )
    assert path.read_text() == PLAIN.format(at="2026-10-25 10:00")
    (post,) = load_project(root).posts
    assert post.publish_at.astimezone(UTC) == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)


def test_dry_run_prints_the_diff_and_writes_nothing(repo, smmplan):
    root = repo({"content/posts/a.md": PLAIN.format(at="2026-11-27 10:00")})
    path = root / "content/posts/a.md"
    result = run_move(smmplan, root, str(path), "--by", "2d", "--dry-run")
    assert result.exit_code == 0
    assert path.read_text() == PLAIN.format(at="2026-11-27 10:00")
    assert result.stdout == (
        "--- a/content/posts/a.md\n+++ b/content/posts/a.md\n@@ -1,6 +1,6 @@\n ---\n"
        " title: T\n-publish_at: 2026-11-27 10:00\n+publish_at: 2026-11-29 10:00\n"
        " status: draft\n networks: [x]\n ---\n"
    )
    assert result.stderr.splitlines()[-1] == (
        "1 post to move (run again without --dry-run to change the files); 0 schedule problems"
    )


def test_schedule_checks_run_on_the_result_and_the_move_still_happens(repo, smmplan):
    files = {
        "content/posts/a.md": PLAIN.format(at="2026-11-27 10:00"),
        "content/posts/b.md": PLAIN.format(at="2026-12-30 12:00"),
    }
    root = repo(files)
    result = run_move(smmplan, root, str(root / "content/posts/a.md"), "--to", "2026-12-31 12:30")
    assert result.exit_code == 0
    assert (root / "content/posts/a.md").read_text() == PLAIN.format(at="2026-12-31 12:30")
    problems = [line.split(": ", 2)[0:2] for line in result.stderr.splitlines()[:-1]]
    assert problems == [["content/posts/a.md:3:1", "error"]]
    assert "[blackout-date]" in result.stderr
    nearby = run_move(smmplan, root, str(root / "content/posts/a.md"), "--to", "2026-12-30 13:00")
    assert "[schedule-conflict x]" in nearby.stderr and "content/posts/a.md:3:1" in nearby.stderr


def test_a_folder_moves_every_post_in_it(repo, smmplan):
    files = {f"content/posts/2026/11/{n}.md": PLAIN.format(at=f"2026-11-2{n} 10:00") for n in "78"}
    root = repo(files)
    result = run_move(smmplan, root, str(root / "content/posts/2026/11"), "--by", "1w")
    assert result.exit_code == 0
    assert [(root / name).read_text() for name in sorted(files)] == [
        PLAIN.format(at="2026-12-04 10:00"),
        PLAIN.format(at="2026-12-05 10:00"),
    ]


def test_a_post_without_publish_at_and_paths_that_are_no_posts_are_named(repo, smmplan):
    unscheduled = "---\ntitle: T\nstatus: idea\n---\nLater\n"
    root = repo({"content/posts/a.md": unscheduled, "content/posts/b.md": PLAIN.format(at="x")})
    named = (
        "content/posts/a.md",
        "content/posts/b.md",
        "brands/qehve-evi.yml",
        "content/posts/none.md",
    )
    result = run_move(smmplan, root, *(str(root / name) for name in named), "--by", "1d")
    assert result.exit_code == 1
    assert (root / "content/posts/a.md").read_text() == unscheduled
    assert result.stderr.splitlines() == [
        "brands/qehve-evi.yml: not a post: posts are Markdown files under content/posts/",
        f"{root / 'content/posts/none.md'}: no such file or folder",
        "content/posts/a.md: has no publish_at to move: set one first",
        "content/posts/b.md:3: publish_at: 'x' is not a date and time: write it as"
        " YYYY-MM-DD HH:MM (local time of the brand) or with an offset, e.g."
        " 2026-11-27 10:00+04:00",
        "0 posts moved; 0 schedule problems; 4 not moved",
    ]


def test_a_broken_front_matter_is_refused_without_a_traceback(repo, smmplan):
    broken = "---\ntitle: [unclosed\npublish_at: 2026-11-27 10:00\n---\nHi\n"
    root = repo({"content/posts/a.md": broken})
    result = run_move(smmplan, root, str(root / "content/posts/a.md"), "--by", "1d")
    assert result.exit_code == 1
    assert (root / "content/posts/a.md").read_text() == broken
    assert result.stderr.startswith("content/posts/a.md:")
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["content/posts/a.md"], "give one of --by SHIFT"),
        (["content/posts/a.md", "--by", "1d", "--to", "18:00"], "give one of --by SHIFT"),
        (["--by", "1d"], "name the posts to move"),
        (["content/posts/a.md", "--by", "2 days"], "--by 2 days: write a shift like 2d"),
        (["content/posts/a.md", "--to", "25:00"], "--to 25:00: 25:00 is no time of day"),
        (["content/posts/a.md", "--to", "tomorrow"], "--to 'tomorrow' is not a date and time"),
        (["content/posts/a.md", "--by", "99999w"], "--by 99999w: more than 3660 days"),
    ],
)
def test_usage_errors_exit_2_with_a_message(repo, smmplan, args, message):
    root = repo({"content/posts/a.md": PLAIN.format(at="2026-11-27 10:00")})
    result = run_move(smmplan, root, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_moving_out_of_the_planned_years_is_refused(repo, smmplan):
    root = repo({"content/posts/a.md": PLAIN.format(at="2999-12-30 10:00")})
    result = run_move(smmplan, root, str(root / "content/posts/a.md"), "--by", "1w")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "content/posts/a.md:3: 'publish_at 3000-01-06 10:00': the year 3000 is outside"
        " the years smmplan plans, 1900 to 2999"
    )
    assert (root / "content/posts/a.md").read_text() == PLAIN.format(at="2999-12-30 10:00")


def test_the_same_move_gives_the_same_bytes_and_leaves_no_temporary_file(smmplan, post_file):
    root, path = post_file
    assert run_move(smmplan, root, str(path), "--by", "5h").exit_code == 0
    first = path.read_bytes()
    path.write_bytes(CRLF_POST)
    assert run_move(smmplan, root, str(path), "--by", "5h").exit_code == 0
    assert path.read_bytes() == first != CRLF_POST
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.md"]


@pytest.mark.parametrize(
    ("text", "shift"),
    [
        ("2d", timedelta(days=2)),
        ("-3h", timedelta(hours=-3)),
        ("1w", timedelta(weeks=1)),
        ("90m", timedelta(minutes=90)),
        ("+1d12h", timedelta(days=1, hours=12)),
        (" 1W 2D ", timedelta(days=9)),
    ],
)
def test_parse_by(text, shift):
    assert parse_by(text) == shift


@pytest.mark.parametrize("text", ["", "2", "d", "2x", "1.5h", "--2d", "2d-1h"])
def test_parse_by_refuses_what_is_no_shift(text):
    with pytest.raises(MoveError):
        parse_by(text)


@given(
    st.sampled_from(["", "-", "+"]),
    st.integers(0, 99),
    st.integers(0, 99),
    st.integers(0, 99),
    st.integers(0, 9999),
)
def test_parse_by_adds_up_its_parts(sign, weeks, days, hours, minutes):
    text = f"{sign}{weeks}w{days}d{hours}h{minutes}m"
    shift = timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes)
    assert parse_by(text) == (-shift if sign == "-" else shift)


@given(st.text(max_size=12))
def test_parse_by_and_parse_to_never_fail_otherwise(text):
    for parse in (parse_by, parse_to):
        try:
            parse(text)
        except MoveError as error:
            assert str(error).startswith(("--by", "--to"))


def test_parse_to():
    assert parse_to("18:00") == Target(clock=time(18, 0))
    assert parse_to("2026-12-01") == Target(day=datetime(2026, 12, 1).date())
    assert parse_to("2026-12-01 18:00") == Target(moment=datetime(2026, 12, 1, 18, 0))
    aware = parse_to("2026-12-01T18:00+03:00").moment
    assert aware is not None and aware.utcoffset() == timedelta(hours=3)


def test_an_empty_network_time_is_left_alone_and_the_post_time_moves(repo, smmplan):
    text = "---\ntitle: T\npublish_at: 2026-11-27 10:00\nnetworks:\n  x: {publish_at: }\n---\nHi\n"
    root = repo({"content/posts/a.md": text})
    path = root / "content/posts/a.md"
    result = run_move(smmplan, root, str(path), "--by", "1h")
    assert result.exit_code == 0, result.output
    assert path.read_text() == text.replace("10:00", "11:00")
