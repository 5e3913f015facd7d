"""The calendar's look without a browser: brand colours (``colour:`` validated with file
and line, the default palette in brand order, readable text on them), the filter bar's
facets and each card's data, week headings that name the week in every language, brand
pages with thumbnails in their own shape."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smmplan.load import load_project
from smmplan.load.settings import css_hex
from smmplan.render.site import urls
from smmplan.render.site.data import Image, assemble
from smmplan.render.site.i18n import Lang
from smmplan.render.site.views import render
from smmplan.render.site.views.calendar import week_span
from smmplan.render.site.views.colours import PALETTE, brand_colours, contrast, style, text_on
from tests.conftest import check, write

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)


def colour_of(tmp_path, line: str) -> tuple[str | None, list[tuple[str, int, str, str]]]:
    root = write(tmp_path, {"brands/kofe.yml": f"name: Kofe\ntimezone: UTC\n{line}\n"})
    (root / "content/posts").mkdir(parents=True, exist_ok=True)
    project = load_project(root)
    problems = [
        (d.path, d.line, d.rule, d.message) for d in check(root) if d.path == "brands/kofe.yml"
    ]
    return project.brands["kofe"].colour, problems


@pytest.mark.parametrize(
    ("line", "colour"),
    [
        ('colour: "#1F6FEB"', "#1f6feb"),
        ("colour: '#fa0'", "#ffaa00"),
        ('color: "#123456"', "#123456"),  # the other spelling
        ("", None),
    ],
)
def test_a_brand_colour_is_read_as_rrggbb(tmp_path, line, colour):
    assert colour_of(tmp_path, line) == (colour, [])


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            'colour: "red; } body { display: none"',
            "colour: 'red; } body { display: none' is not a CSS hex colour: write it like #1f6feb or #fff",
        ),
        (
            'colour: "#12345g"',
            "colour: '#12345g' is not a CSS hex colour: write it like #1f6feb or #fff",
        ),
        ("colour: #1f6feb", 'colour: empty: quote the colour, like colour: "#1f6feb"'),
        (
            'colour: "#111"\ncolor: "#222"',
            "write the brand's colour once: colour or color, not both",
        ),
    ],
)
def test_a_bad_colour_is_an_error_with_its_line(tmp_path, line, message):
    colour, problems = colour_of(tmp_path, line)
    assert colour in (None, "#111111")
    assert problems == [("brands/kofe.yml", 3 + line.count("\n"), "invalid-value", message)]


@given(st.text(max_size=12))
def test_only_hex_colours_pass(word):
    try:
        colour = css_hex(word)
    except ValueError:
        return
    assert re.fullmatch(r"#[0-9a-f]{6}", colour)


def test_brands_without_a_colour_take_the_palette_in_id_order(tmp_path):
    root = write(
        tmp_path,
        {
            "brands/c.yml": "name: C\ntimezone: UTC\n",
            "brands/a.yml": "name: A\ntimezone: UTC\n",
            "brands/b.yml": "name: B\ntimezone: UTC\ncolour: '#010203'\n",
            "content/posts/.keep": "",
        },
    )
    assert brand_colours(load_project(root)) == {"a": PALETTE[0], "b": "#010203", "c": PALETTE[1]}


def test_text_on_a_colour_is_the_more_readable_of_black_and_white():
    assert text_on("#f0e442") == "#000000" and text_on("#0072b2") == "#ffffff"
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    for colour in PALETTE:
        assert contrast(colour, text_on(colour)) >= 4.5
    assert style("#0072b2") == "--smm-brand:#0072b2;--smm-on-brand:#ffffff"
    assert style("red;}") is None


@pytest.mark.parametrize(
    ("locale", "span"),
    [
        ("en", "Mon, Nov 16 – Sun, Nov 22, 2026"),
        ("ru", "пн, 16 нояб. — вс, 22 нояб. 2026 г."),
        ("az", "B.e., 16 noy – B., 22 noy 2026"),
        ("tl", "Lun, Nob 16 – Lin, Nob 22, 2026"),
    ],
)
def test_a_week_heading_is_the_week_monday_to_sunday(locale, span):
    assert plain(week_span(Lang(locale), "2026-W47")) == span


def test_a_week_across_the_year_names_both_years():
    assert plain(week_span(Lang("en"), "2026-W53")) == "Mon, Dec 28, 2026 – Sun, Jan 3, 2027"


def plain(text: str) -> str:
    """CLDR's thin and no-break spaces as plain ones, to write the expected text."""
    return re.sub("[\u2009\u202f\xa0]", " ", text)


LOOK = {
    "smmplan.yml": "title: Plan\nlocale: en\ntimezone: UTC\n",
    "brands/kofe.yml": "name: Kofe\ntimezone: UTC\ncolour: '#123456'\n",
    "brands/tea.yml": "name: Tea\ntimezone: UTC\n",
    "content/posts/a.md": (
        "---\ntitle: A\nbrand: kofe\nstatus: draft\npublish_at: 2026-11-25 10:00\n"
        "tags: ['x\"y', bread]\nnetworks: [x, instagram]\nmedia: [{src: a.jpg, alt: A}]\n---\nHi\n"
    ),
    "content/posts/b.md": (
        "---\ntitle: B\nbrand: tea\nstatus: approved\npublish_at: 2026-11-27 10:00\n"
        "networks: [x]\n---\nHi\n"
    ),
}
IMAGES = {
    "content/posts/a.md": [
        Image("media/thumb.jpg", 480, 480, None, "thumb"),
        Image("media/x.jpg", 1600, 900, "x", "landscape"),
        Image("media/ig.jpg", 1080, 1350, "instagram", "portrait"),
    ]
}


def page_of(tmp_path, kind: str, key: str = "") -> str:
    site = assemble(load_project(write(tmp_path, LOOK)), [], NOW, images=IMAGES)
    definition = next(d for d in site.pages() if d.kind == kind and d.key == key)
    return render(site, definition, urls.page_url(definition.src_uri)).html


def test_cards_carry_their_filter_data_escaped(tmp_path):
    week = page_of(tmp_path, "week", "2026-W48")
    card = re.search(r'<article class="smm-card smm-card--draft"[^>]*>', week).group(0)
    assert card == (
        '<article class="smm-card smm-card--draft" data-post="content/posts/a.md"'
        ' data-date="2026-11-25" data-brand="kofe" data-network="[&#34;x&#34;, &#34;instagram&#34;]"'
        ' data-status="draft" data-campaign="" data-tags="[&#34;x\\&#34;y&#34;, &#34;bread&#34;]"'
        ' style="--smm-brand:#123456;--smm-on-brand:#ffffff">'
    )


def test_the_bar_offers_what_would_hide_a_post(tmp_path):
    week = page_of(tmp_path, "week", "2026-W48")
    bar = re.search(r'<div class="smm-filters".*?smm-filters__end', week, re.S).group(0)
    facets = re.findall(r'data-facet="(\w+)" data-value="([^"]*)"', bar)
    # Both posts are on X and neither has a campaign: those choices would hide nothing.
    assert facets == [
        ("brand", "kofe"),
        ("brand", "tea"),
        ("network", "instagram"),
        ("network", "x"),
        ("status", "draft"),
        ("status", "approved"),
        ("tag", "bread"),
        ("tag", "x&#34;y"),
    ]
    assert bar.startswith('<div class="smm-filters" role="search" aria-label="Filter the calendar"')
    assert " hidden>" in bar.split("\n")[0]
    assert '<span class="smm-filter__count">1</span>' in bar
    assert '<button type="button" class="smm-filters__clear">Show all</button>' in week


def test_the_brand_page_shows_pictures_in_their_own_shape_and_weeks_whole(tmp_path):
    brand = page_of(tmp_path, "brand", "kofe")
    thumbs = re.findall(
        r'<img class="smm-card__thumb[^"]*" src="([^"]+)"[^>]*width="(\d+)" height="(\d+)"', brand
    )
    assert thumbs == [("../../media/x.jpg", "1600", "900")]  # the smallest sharp rendition
    assert 'class="smm-card__thumb smm-card__thumb--own"' in brand
    assert (
        '<span class="smm-muted smm-brand-week__span">Mon, Nov 23 – Sun, Nov 29, 2026</span>'
        in plain(brand)
    )
    week = page_of(tmp_path, "week", "2026-W48")
    assert '<img class="smm-card__thumb" src="../../media/thumb.jpg"' in week  # the square


@given(st.text(alphabet="#0123456789abcdefABCDEFgx ;", max_size=9))
def test_the_brand_schema_accepts_exactly_what_the_loader_does(word):
    from smmplan.workflow.schema import schema

    properties = schema("brand")["properties"]
    for key in ("colour", "color"):
        matched = re.fullmatch(properties[key]["pattern"], word) is not None
        try:
            css_hex(word)
            accepted = True
        except ValueError:
            accepted = False
        assert matched == accepted, (key, word)
