"""The number, ID and date parsers of the analytics loader, property-tested.

Whatever way an export writes a number (thousands separators, no-break or thin
spaces, decimal commas, a float for a count), it reads as the number it is; IDs stay
text and a spreadsheet-damaged one is refused; every date style the reference lists
reads as the same day; a date without a year lands on or before the file's day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smmplan.load.metrics.dates import (
    BadDate,
    DateReader,
    from_ms,
    linkedin_id_for_time,
    linkedin_id_ms,
    tiktok_id_for_time,
    tiktok_id_ms,
    x_id_for_time,
    x_id_ms,
)
from smmplan.load.metrics.numbers import BadNumber, DamagedId, parse_id, parse_number
from smmplan.load.metrics.snapshots import name_date

counts = st.integers(min_value=0, max_value=10**12)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
moments = st.datetimes(
    min_value=datetime(2015, 1, 1), max_value=datetime(2060, 1, 1), timezones=st.just(UTC)
).map(lambda m: m.replace(microsecond=m.microsecond // 1000 * 1000))
SPACES = ["\u00a0", "\u202f", "\u2009", " "]
MONTHS = "January February March April May June July August September October November December"


@given(counts)
def test_plain_digits(n):
    assert parse_number(str(n)) == n and isinstance(parse_number(str(n)), int)


@given(counts, st.sampled_from([",", ".", *SPACES]))
def test_thousands_separators(n, separator):
    written = f"{n:,}".replace(",", separator)
    if separator == "." and written.count(".") == 1:
        return  # "1.234" alone is a decimal point, as in every export the reference lists
    assert parse_number(written) == n


@given(st.integers(0, 10**9), st.integers(1, 9999))
def test_decimal_comma_and_point(whole, fraction):
    text = f"{whole}.{fraction:04}"
    assert parse_number(text) == pytest.approx(float(text))
    if len(str(fraction).rstrip("0")) != 3 or whole == 0:
        assert parse_number(text.replace(".", ",")) == pytest.approx(float(text))


@given(st.integers(0, 10**9), st.sampled_from([".", ","]))
def test_thousands_and_decimals_together(n, decimal):
    thousands = "." if decimal == "," else ","
    text = f"{n:,}".replace(",", thousands) + decimal + "25"
    assert parse_number(text) == pytest.approx(n + 0.25)


@given(counts)
def test_float_written_counts_are_integers(n):
    assert parse_number(f"{n}.0") == n and isinstance(parse_number(f"{n}.0"), int)


@pytest.mark.parametrize("text", ["", " ", "N/A", "n/a", "--", "-", "—", '""'])
def test_missing_is_none_not_zero(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["abc", "1.2.3,4,5x", "inf", "nan", "1e", "+-3", "12 apples"])
def test_garbage_is_refused(text):
    with pytest.raises(BadNumber):
        parse_number(text)


def test_signs_and_percent():
    assert parse_number("−12") == -12 and parse_number("1,26%") == pytest.approx(1.26)


@given(st.integers(min_value=0, max_value=2**64).map(str))
def test_ids_stay_text(text):
    assert parse_id(text) == text and parse_id(f"  {text} ") == text


@given(st.integers(min_value=10**15, max_value=10**19))
def test_scientific_ids_are_refused(n):
    with pytest.raises(DamagedId):
        parse_id(f"{n:.2E}")
    with pytest.raises(DamagedId):
        parse_id(f"{n}.0")


@pytest.mark.parametrize(
    ("text", "expected"), [(" -Xk3pQ9vR2s", "-Xk3pQ9vR2s"), ("N/A", None), ("123.0", "123")]
)
def test_ids_trimmed_missing_or_exact(text, expected):
    assert parse_id(text) == expected


@given(days)
def test_every_date_style_reads_the_same_day(day):
    reader = DateReader("mdy")
    month = MONTHS.split()[day.month - 1]
    styles = [
        day.strftime("%m/%d/%Y"),  # Meta, LinkedIn
        f"{day:%a}, {month[:3]} {day.day}, {day.year}",  # X
        f"{month[:3]} {day.day}, {day.year}",  # YouTube
        f"{month[:3]} {day.day} {day.year}",  # YouTube without the comma
        day.strftime("%Y%m%d"),  # GA4
        day.isoformat(),
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.day}.{day.month:02}.{day.year}",
    ]
    for text in styles:
        assert reader(text) == day, text


@given(moments)
def test_date_and_time_styles(moment):
    naive = moment.replace(tzinfo=None, second=0, microsecond=0)
    reader = DateReader("mdy")
    assert reader(naive.strftime("%m/%d/%Y %H:%M")) == naive
    assert reader(naive.isoformat()) == naive
    assert reader(naive.strftime("%Y-%m-%d %H:%M +0000")) == naive.replace(tzinfo=UTC)


@given(days, st.integers(0, 364))
def test_a_date_without_a_year_is_on_or_before_the_files_day(ref, back):
    day = ref - timedelta(days=back)
    if (day.month, day.day) == (2, 29):
        return
    month = MONTHS.split()[day.month - 1]
    found = DateReader("mdy", ref)(f"{month} {day.day}")
    assert found == day or (
        found <= ref + timedelta(days=1) and found.replace(year=day.year) == day
    )
    assert ref - timedelta(days=366) < found <= ref + timedelta(days=1)


@pytest.mark.parametrize(
    "text", ["9 октября", "10月9日", "9 tháng Mười", "October 9", "9 tháng 10", "9 de outubro"]
)
def test_localized_dates_without_a_year(text):
    assert DateReader("mdy", date(2026, 10, 20))(text) == date(2026, 10, 9)


@pytest.mark.parametrize("text", ["someday", "13/45/2026", "Oct 7 26 27", "2026-02-30"])
def test_bad_dates(text):
    with pytest.raises(BadDate):
        DateReader("mdy", date(2026, 1, 1))(text)


@given(moments, st.integers(0, 4000))
def test_snowflake_times_round_trip(moment, sequence):
    ms = (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)
    assert x_id_ms(x_id_for_time(moment, sequence)) == ms
    assert linkedin_id_ms(linkedin_id_for_time(moment, sequence)) == ms
    assert tiktok_id_ms(tiktok_id_for_time(moment, sequence)) == ms // 1000 * 1000
    assert from_ms(ms) == moment


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (["fb-posts-2026-11-30.csv"], date(2026, 11, 30)),
        (["account_analytics_content_2026-10-01_2026-10-31.csv"], date(2026, 10, 31)),
        (["Ads-Oct-1-2026-Oct-31-2026.csv"], date(2026, 10, 31)),
        (["tweet_activity_metrics_a_20231001_20231031_en.csv"], date(2023, 10, 31)),
        (["result.json", "ChatExport_2026-11-21"], date(2026, 11, 21)),
        (["result.json", "telegram"], None),
        (["v2026-13-45.csv"], None),
    ],
)
def test_dates_in_names(parts, expected):
    assert name_date(parts) == expected
