"""Recurring posts (``repeat:``): the series as loaded, the slots every reader sees, the
checks at each occurrence, and the parsers' properties."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smmplan.load import load_project
from smmplan.load.repeat import MAX_OCCURRENCES, Interval, interval
from smmplan.pipeline import check_project
from smmplan.plan import slots
from tests.conftest import NOW, write

BERLIN = "name: B\ntimezone: Europe/Berlin\naccounts: {x: '@bbb', telegram: bbbbbb}\n"


def project_with(tmp_path, post: str, brand: str = BERLIN, **more: str):
    files = {"brands/b.yml": brand, "content/posts/a.md": post, **more}
    return load_project(write(tmp_path, files))


def post_text(front: str, body: str = "Body") -> str:
    return f"---\ntitle: T\n{front}---\n{body}\n"


def slot_rows(project) -> list[tuple[str, str, str, int | None]]:
    return [
        (
            s.network,
            s.local.isoformat(),
            s.variant.text,
            s.occurrence.index if s.occurrence else None,
        )
        for s in slots(project)
    ]


def test_weekly_series_keeps_the_wall_clock_across_both_dst_changes(tmp_path):
    front = "publish_at: 2026-10-18 10:00\nnetworks: [x]\nrepeat: {every: 1w, max: 3}\n"
    spring = "publish_at: 2027-03-21 10:00\nnetworks: [x]\nrepeat: {every: 1w, max: 2}\n"
    project = project_with(tmp_path, post_text(front), **{"content/posts/b.md": post_text(spring)})
    assert [row[1] for row in slot_rows(project)] == [
        "2026-10-18T10:00:00+02:00",
        "2026-10-25T10:00:00+01:00",  # the clocks went back that night
        "2026-11-01T10:00:00+01:00",
        "2027-03-21T10:00:00+01:00",
        "2027-03-28T10:00:00+02:00",  # and forward again
    ]
    # the October series has gone by NOW: reported once, at its last date (on every's line)
    found = [(d.path, d.line, d.rule, d.message) for d in check_project(project, NOW)]
    assert found == [
        (
            "content/posts/a.md",
            5,
            "publish-in-past",
            "the series' last occurrence, publish_at 2026-11-01 10:00 +0100 is 21 days in the"
            " past and the post is still draft",
        )
    ]


def test_monthly_series_takes_the_last_day_of_shorter_months(tmp_path):
    front = "publish_at: 2027-01-31 18:00\nnetworks: [x]\nrepeat: {every: 1 month, max: 4}\n"
    project = project_with(tmp_path, post_text(front))
    assert [row[1][:10] for row in slot_rows(project)] == [
        "2027-01-31",
        "2027-02-28",
        "2027-03-31",
        "2027-04-30",
    ]


def test_texts_rotate_and_a_skipped_date_keeps_its_place(tmp_path):
    front = (
        "publish_at: 2026-12-01 09:00\nnetworks: [x, telegram]\nrepeat:\n  every: 1w\n"
        "  until: 2026-12-29\n  skip: [2026-12-15]\n  variants: [Second, Third]\n"
    )
    project = project_with(tmp_path, post_text(front, "First"))
    series = project.posts[0].repeat
    assert [(o.index, o.text, o.skipped) for o in series.occurrences] == [
        (0, 0, False),
        (1, 1, False),
        (2, 2, True),
        (3, 0, False),
        (4, 1, False),
    ]
    assert [(r[0], r[1][:10], r[2]) for r in slot_rows(project)] == [
        ("telegram", "2026-12-01", "First"),
        ("x", "2026-12-01", "First"),
        ("telegram", "2026-12-08", "Second"),
        ("x", "2026-12-08", "Second"),
        ("telegram", "2026-12-22", "First"),
        ("x", "2026-12-22", "First"),
        ("telegram", "2026-12-29", "Second"),
        ("x", "2026-12-29", "Second"),
    ]


def test_listed_dates_take_the_posts_time_and_a_network_keeps_its_distance(tmp_path):
    front = (
        "publish_at: 2026-12-01 09:00\nnetworks:\n  x: {}\n"
        "  telegram: {publish_at: 2026-12-01 11:30, text: Own}\n"
        "repeat: [2026-12-10, 2026-12-05 18:00+00:00]\n"
    )
    project = project_with(tmp_path, post_text(front))
    assert slot_rows(project) == [
        ("x", "2026-12-01T09:00:00+01:00", "Body", 0),
        ("telegram", "2026-12-01T11:30:00+01:00", "Own", 0),
        ("x", "2026-12-05T19:00:00+01:00", "Body", 1),
        ("telegram", "2026-12-05T21:30:00+01:00", "Own", 1),
        ("x", "2026-12-10T09:00:00+01:00", "Body", 2),
        ("telegram", "2026-12-10T11:30:00+01:00", "Own", 2),
    ]
    assert [o.line for o in project.posts[0].repeat.occurrences] == [3, 7, 7]


def test_problems_that_do_not_depend_on_the_date_are_reported_once(tmp_path):
    front = (
        "publish_at: 2026-12-01 09:00\nmedia: [gone.jpg]\nnetworks: [x]\n"
        "repeat:\n  every: 1w\n  max: 5\n  variants:\n    - Fine\n    - |\n      TODO {{a}}\n"
    )
    project = project_with(tmp_path, post_text(front, "Also TODO"))
    found = [(d.line, d.rule, d.message) for d in check_project(project, NOW)]
    assert found == [
        (4, "media-missing", "'gone.jpg': file not found"),
        (12, "placeholder-text", "placeholder 'TODO' left in the text"),
        (14, "placeholder-text", "placeholder 'TODO' left in the text"),
    ]


def test_a_variant_text_is_counted_on_its_own_lines(tmp_path):
    long = "a" * 281
    front = (
        "publish_at: 2026-12-01 09:00\nnetworks: [x]\nrepeat:\n  every: 1w\n  max: 2\n"
        f"  variants:\n    - |\n      Fine\n      ---\n      {long}\n"
    )
    project = project_with(tmp_path, post_text(front))
    found = [(d.line, d.rule, d.network) for d in check_project(project, NOW)]
    assert found == [(12, "text-too-long", "x")]  # the variant's second thread part


def test_schedule_problems_at_each_occurrence_name_its_date(tmp_path):
    brand = BERLIN + "posting:\n  windows: {mon-fri: '08:00-20:00'}\n  blackout: [2026-12-24]\n"
    front = "publish_at: 2026-12-10 09:00\nnetworks: [x]\nrepeat:\n  every: 1w\n  max: 3\n"
    project = project_with(tmp_path, post_text(front), brand)
    found = [(d.line, d.rule, d.message) for d in check_project(project, NOW)]
    assert found == [
        (6, "blackout-date", "2026-12-24 is a blackout date for B (occurrence 2026-12-24)"),
    ]


def test_occurrences_conflict_with_other_posts_but_not_each_other(tmp_path):
    brand = BERLIN + "posting:\n  min_gap: 3h\n"
    front = "publish_at: 2026-12-01 09:00\nnetworks: [x]\nrepeat: [2026-12-01 10:00]\n"
    other = post_text("publish_at: 2026-12-01 11:00\nnetworks: [x]\n")
    project = project_with(tmp_path, post_text(front), brand, **{"content/posts/b.md": other})
    found = [(d.path, d.line, d.rule, d.message) for d in check_project(project, NOW)]
    assert found == [
        (
            "content/posts/b.md",
            3,
            "schedule-conflict",
            "1h after content/posts/a.md (occurrence 2026-12-01) on x; b keeps 3h between posts",
        )
    ]


def test_a_series_far_from_the_brands_other_posts_is_no_typo(tmp_path):
    front = "publish_at: 2026-12-01 09:00\nnetworks: [x]\nrepeat: {every: 1m, max: 20}\n"
    other = post_text("publish_at: 2026-12-02 11:00\nnetworks: [x]\n")
    project = project_with(tmp_path, post_text(front), **{"content/posts/b.md": other})
    assert [d.rule for d in check_project(project, NOW)] == []


@pytest.mark.parametrize(
    ("repeat", "line", "rule", "message"),
    [
        ("{every: 9999w, max: 366}", 5, None, None),  # the years run out: no crash
        ("{every: 1w, max: true}", 5, "repeat-invalid", "repeat.max: expected a whole number"),
        ("{every: [1w], max: 2}", 5, "repeat-invalid", "repeat.every: expected text"),
        ("{every: 1w, max: 2, skip: [[2026-12-08]]}", 5, "repeat-invalid", "repeat.skip:"),
        ("{every: 1w, max: 2, variants: [{a: 1}]}", 5, "repeat-invalid", "repeat.variants:"),
        ("{evry: 1w}", 5, "unknown-field", "unknown key 'repeat.evry' (did you mean 'every'?)"),
        ("6w", 5, "repeat-invalid", "repeat: write a mapping such as {every: 6w"),
        ("[2026-12-08, soon]", 5, "repeat-invalid", "repeat.dates: 'soon' is not a date"),
        ("{every: 1w, until: someday}", 5, "repeat-invalid", "repeat.until: 'someday'"),
    ],
)
def test_bad_series_are_reported_never_raised(tmp_path, repeat, line, rule, message):
    front = f"publish_at: 2026-12-01 09:00\nnetworks: [x]\nrepeat: {repeat}\n"
    project = project_with(tmp_path, post_text(front))
    found = [d for d in check_project(project, NOW) if d.rule.startswith(("repeat", "unknown"))]
    if rule is None:
        assert found == []
        assert len(project.posts[0].repeat.occurrences) < MAX_OCCURRENCES
        return
    assert (line, rule) in [(d.line, d.rule) for d in found]
    assert any(d.message.startswith(message) for d in found if d.rule == rule)


UNITS = {"d": "days", "days": "days", "w": "weeks", "week": "weeks", "m": "months"}


@given(st.integers(1, 9999), st.sampled_from(sorted(UNITS)), st.sampled_from(["", " "]))
def test_intervals_read_any_count_and_unit(number, unit, space):
    assert interval(f"{number}{space}{unit.upper()}") == Interval(number, UNITS[unit])


@given(st.text(max_size=12))
def test_interval_refuses_or_reads_every_text(raw):
    try:
        step = interval(raw)
    except ValueError as error:
        assert "interval" in str(error) or "no step" in str(error)
    else:
        assert step.count >= 1 and step.unit in ("days", "weeks", "months")


@given(
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31)),
    st.sampled_from(["1d", "2w", "1m", "3m"]),
    st.integers(1, 30),
)
def test_every_series_keeps_its_time_of_day_and_its_length(start, every, most):
    step = interval(every)
    wall = start.replace(second=0, microsecond=0)
    moments = [step.step(wall, k) for k in range(most)]
    assert all(m.time() == wall.time() for m in moments)
    assert moments == sorted(set(moments))
    if step.unit == "months":
        assert all(m.day == wall.day or m.day >= 28 for m in moments)


def test_repeat_in_the_post_schema():
    from jsonschema import Draft202012Validator

    from smmplan.workflow.schema import schema

    validator = Draft202012Validator(schema("post")["properties"]["repeat"])
    good = [
        {"every": "6w", "until": "2027-06-30", "max": 6, "skip": ["2027-01-04"]},
        {"dates": ["2026-12-07", "2027-01-11 18:00"], "variants": ["Again"]},
        ["2026-12-07"],
    ]
    bad = [{"every": "6h", "max": 2}, {"every": "1w", "max": 0}, {"evry": "1w"}, "6w"]
    assert [validator.is_valid(value) for value in good] == [True, True, True]
    assert [validator.is_valid(value) for value in bad] == [False, False, False, False]


def test_a_running_series_is_not_in_the_past_until_its_last_date(tmp_path):
    front = (
        "publish_at: 2026-12-01 09:00\nstatus: scheduled\napproved_by: ilya\nnetworks: [x]\n"
        "repeat: {every: 2w, max: 3}\n"
    )
    project = project_with(tmp_path, post_text(front))
    assert [o.publish_at.date() for o in project.posts[0].repeat.occurrences] == [
        date(2026, 12, 1),
        date(2026, 12, 15),
        date(2026, 12, 29),
    ]
    running = datetime(2026, 12, 20, tzinfo=UTC)
    assert [d.rule for d in check_project(project, running)] == []
    over = datetime(2027, 1, 2, tzinfo=UTC)
    found = [(d.line, d.rule, str(d.severity)) for d in check_project(project, over)]
    assert found == [(7, "publish-in-past", "error")]


@settings(max_examples=40, deadline=None)
@given(
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31)),
    st.sampled_from(["1d", "3d", "1w", "2w", "1m"]),
    st.integers(1, 40),
)
def test_a_loaded_series_has_max_dates_at_the_posts_wall_clock_time(start, every, most):
    start = start.replace(hour=10, minute=start.minute, second=0, microsecond=0)
    front = f"publish_at: {start:%Y-%m-%d %H:%M}\nnetworks: [x]\nrepeat: {{every: {every}, max: {most}}}\n"
    with tempfile.TemporaryDirectory() as folder:
        project = project_with(Path(folder), post_text(front))
    occurrences = project.posts[0].repeat.occurrences
    walls = [o.publish_at.astimezone(ZoneInfo("Europe/Berlin")) for o in occurrences]
    assert len(occurrences) == most
    assert {(w.hour, w.minute) for w in walls} == {(10, start.minute)}
    assert [o.publish_at for o in occurrences] == sorted({o.publish_at for o in occurrences})
    assert [o.computed for o in occurrences] == [False] + [True] * (most - 1)
