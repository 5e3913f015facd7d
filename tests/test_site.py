"""The calendar site's pure parts: URLs, language, previews, the site model, cards, feeds."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import icalendar
import pytest

from smmplan.load import load_project
from smmplan.model import Severity
from smmplan.networks import load_builtin
from smmplan.plan import slots
from smmplan.render.site import ics, urls
from smmplan.render.site.build import SiteError, check_out_dir
from smmplan.render.site.data import assemble, home_week, periods
from smmplan.render.site.i18n import LANGUAGES, Lang, material_language, own_keys
from smmplan.render.site.preview import Piece, pieces, preview_text, preview_variant
from smmplan.render.site.views.brand import weekday_ranges
from smmplan.render.site.views.campaign import brief_html, coverage, position
from smmplan.render.site.views.post import pieces_html, safe_url
from tests.conftest import write

SPECS = load_builtin()
NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)

# -- URLs -------------------------------------------------------------------------------------


def test_slugs_are_file_names_and_folders_only_break_ties():
    paths = [
        "content/posts/2026/11/teaser.md",
        "content/posts/2027/11/teaser.md",
        "content/posts/x/index.md",
        "content/posts/a/Кофе Утро.md",
        "content/posts/b.md",
    ]
    assert urls.unique_slugs(paths, "content/posts/") == {
        "content/posts/2026/11/teaser.md": "2026-11-teaser",
        "content/posts/2027/11/teaser.md": "2027-11-teaser",
        "content/posts/x/index.md": "x-index",
        "content/posts/a/Кофе Утро.md": "кофе-утро",
        "content/posts/b.md": "b",
    }
    assert urls.unique_slugs(["index", "a.b"]) == {"a.b": "a.b", "index": "index-2"}


@pytest.mark.parametrize(
    ("target", "here", "link"),
    [
        ("posts/a/", "", "posts/a/"),
        ("posts/a/", "week/2026-W48/", "../../posts/a/"),
        ("", "week/2026-W48/", "../../"),
        ("", "", "./"),
        ("brands/x/calendar.ics", "brands/x/", "calendar.ics"),
        ("week/b/", "week/a/", "../b/"),
        ("posts/a.html", "week/x.html", "../posts/a.html"),
        ("board/", "board/", "./"),
    ],
)
def test_relative_links(target, here, link):
    assert urls.relative_url(target, here) == link


def test_page_urls_follow_use_directory_urls():
    assert urls.page_url("index.md") == ""
    assert urls.page_url("campaigns/index.md") == "campaigns/"
    assert urls.page_url("week/2026-W48.md") == "week/2026-W48/"
    assert urls.page_url("week/2026-W48.md", directory_urls=False) == "week/2026-W48.html"


# -- language ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_translates_every_string(language):
    assert own_keys(language) == own_keys("en")


def test_plural_forms_and_dates_follow_the_language():
    ru = Lang("ru")
    assert [ru.n("count.problems", n) for n in (1, 3, 5)] == [
        "1 проблема",
        "3 проблемы",
        "5 проблем",
    ]
    assert ru.weekdays()[0] == "пн"
    assert Lang("az").month(2026, 11) == "noyabr 2026"
    assert Lang("tl").weekdays() == ["Lun", "Mar", "Miy", "Huw", "Biy", "Sab", "Lin"]
    assert Lang("en").time(datetime(2026, 1, 1, 14, 5)) == "2:05\u202fPM"
    assert Lang("ru").time(time(14, 5)) == "14:05"
    assert Lang("en").duration(timedelta(minutes=90)) == "1 hour 30 minutes"
    assert Lang("xx").t("nav.board") == "Board"  # unknown language: English


def test_material_language_is_the_closest_one_material_ships():
    available = frozenset({"en", "ru", "az", "tl", "pt-BR"})
    assert material_language("ru", available) == "ru"
    assert material_language("az_Latn", available) == "az"
    assert material_language("pt-BR", available) == "pt-BR"
    assert material_language("xx", available) == "en"


# -- previews ---------------------------------------------------------------------------------


def test_pieces_split_at_entities_fold_and_cut():
    text = "Hi #kofe and @ilya see https://example.com/x ok"
    assert pieces(text, fold=10, cut=30) == (
        Piece("Hi "),
        Piece("#kofe", "hashtag"),
        Piece(" a"),
        Piece("", "fold", "folded"),
        Piece("nd ", None, "folded"),
        Piece("@ilya", "mention", "folded"),
        Piece(" see ", None, "folded"),
        Piece("https:/", "url", "folded"),
        Piece("", "cut", "over"),
        Piece("/example.com/x", "url", "over"),
        Piece(" ok", None, "over"),
    )
    assert pieces("plain") == (Piece("plain"),)
    assert pieces("") == ()


def test_preview_counts_with_the_network_rule_and_marks_the_limit():
    text = "Hi https://example.com/a " + "b" * 260
    shown = preview_text(text, SPECS["x"], 280)
    assert (shown.count, shown.limit, shown.over) == (23 + 4 + 260, 280, 7)
    assert shown.pieces[-2:] == (Piece("", "cut", "over"), Piece("b" * 7, None, "over"))
    facebook = preview_text("a" * 100 + " more text here", SPECS["facebook"], 63206)
    assert facebook.pieces == (
        Piece("a" * 100 + " more text"),
        Piece("", "fold", "folded"),
        Piece(" here", None, "folded"),
    )


def test_threads_are_counted_per_part_and_telegram_captions_are_shorter(tmp_path):
    root = write(
        tmp_path,
        {
            "content/posts/t.md": "---\ntitle: T\npublish_at: 2026-11-27 10:00\n"
            "networks: [x, facebook, telegram]\nmedia: [{src: p.png, alt: x}]\n---\nOne\n---\nTwo\n",
            "content/posts/p.png": b"",
        },
    )
    post = load_project(root).posts[0]
    assert [p.count for p in preview_variant(post.variant("x"), SPECS["x"])] == [3, 3]
    assert [p.count for p in preview_variant(post.variant("facebook"), SPECS["facebook"])] == [8]
    telegram = preview_variant(post.variant("telegram"), SPECS["telegram"])
    assert telegram[0].limit == 1024


def test_text_html_escapes_and_marks():
    html = pieces_html(
        (
            Piece("<b>"),
            Piece("#a", "hashtag"),
            Piece("", "fold", "folded"),
            Piece("&", None, "folded"),
        ),
        "… more",
        'fold "here"',
        "cut",
    )
    assert html == (
        '&lt;b&gt;<span class="smm-tag">#a</span>'
        '<span class="smm-fold" title="fold &#34;here&#34;">… more</span>'
        '<span class="smm-folded">&amp;</span>'
    )


def test_only_web_links_are_clickable():
    assert safe_url(" https://a.example/x ") == "https://a.example/x"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,x") is None


# -- campaign and brand pieces ----------------------------------------------------------------


def test_brief_markdown_has_no_raw_html_and_no_script_links():
    html = brief_html("# Top\n\n<script>x()</script> [a](javascript:x()) [b](https://ok.example)")
    assert html == (
        "<h3>Top</h3>\n<p>&lt;script&gt;x()&lt;/script&gt; [a](javascript:x())"
        ' <a href="https://ok.example">b</a></p>\n'
    )


def test_timeline_positions_and_network_coverage():
    assert position(datetime(2026, 11, 21, 12), date(2026, 11, 20), date(2026, 11, 21)) == 75.0
    assert position(datetime(2026, 11, 25), date(2026, 11, 20), date(2026, 11, 21)) == 100.0

    class E:
        def __init__(self, *networks):
            self.networks = networks

    assert coverage(("x", "linkedin"), [E("x"), E("x", "facebook")]) == [
        ("x", 2, "ok"),
        ("linkedin", 0, "empty"),
        ("facebook", 1, "extra"),
    ]


def test_weekday_ranges():
    names = Lang("en").weekdays()
    assert weekday_ranges({0, 1, 2, 3, 4}, names) == "Mon–Fri"
    assert weekday_ranges({5, 6}, names) == "Sat, Sun"
    assert weekday_ranges({0, 2, 3, 4, 6}, names) == "Mon, Wed–Fri, Sun"


# -- the site model ---------------------------------------------------------------------------

TWO_ZONES = {
    "brands/manila.yml": "name: Manila\ntimezone: Asia/Manila\n",
    "brands/la.yml": "name: LA\ntimezone: America/Los_Angeles\n",
    "content/posts/m.md": "---\ntitle: M\nbrand: manila\npublish_at: 2026-11-23 01:00\n"
    "networks: {x: {}, facebook: {publish_at: 2026-11-24 09:00}, linkedin: {}}\n---\nHi\n",
    "content/posts/l.md": "---\ntitle: L\nbrand: la\npublish_at: 2026-11-29 22:00\n"
    "networks: [x]\n---\nHi\n",
}


def test_cards_sit_on_the_brands_local_day_one_per_moment(tmp_path):
    project = load_project(write(tmp_path, TWO_ZONES))
    site = assemble(project, [], NOW)
    assert [(e.post.title, e.day, e.networks) for e in site.entries] == [
        ("M", date(2026, 11, 23), ("x", "linkedin")),
        ("M", date(2026, 11, 24), ("facebook",)),
        ("L", date(2026, 11, 29), ("x",)),
    ]
    assert site.weeks == ["2026-W48"] and site.months == ["2026-11"]
    assert site.home_week == "2026-W48"


def test_home_is_this_week_or_the_nearest_with_posts(tmp_path):
    project = load_project(write(tmp_path, TWO_ZONES))
    entries = assemble(project, [], NOW).entries
    assert home_week(date(2026, 11, 25), entries) == "2026-W48"
    assert home_week(date(2027, 3, 1), entries) == "2026-W48"
    assert home_week(date(2026, 1, 1), entries) == "2026-W48"
    assert home_week(date(2026, 1, 1), []) == "2026-W01"


def test_only_weeks_and_months_with_posts_get_pages(tmp_path):
    far = TWO_ZONES["content/posts/l.md"].replace("2026-11-29 22:00", "1996-03-04 10:00")
    project = load_project(write(tmp_path, {**TWO_ZONES, "content/posts/far.md": far}))
    site = assemble(project, [], NOW)
    assert site.weeks == ["1996-W10", "2026-W48"]
    assert site.months == ["1996-03", "2026-11"]
    kinds = [p.kind for p in site.pages()]
    assert (kinds.count("week"), kinds.count("month")) == (2, 2)


def test_years_before_1000_sort_as_numbers_and_months_keep_four_digits():
    from types import SimpleNamespace

    days = [date(2026, 11, 30), date(999, 6, 1), date(2026, 12, 1), date(1, 1, 1)]
    weeks, months = periods([SimpleNamespace(day=d) for d in days], "2026-W48")
    assert weeks == ["1-W01", "999-W22", "2026-W49"]
    assert months == ["0001-01", "0999-06", "2026-11", "2026-12"]


def test_week_navigation_skips_to_the_nearest_week_with_posts(tmp_path):
    from smmplan.render.site.views import Helpers
    from smmplan.render.site.views.calendar import week_context

    later = TWO_ZONES["content/posts/l.md"].replace("2026-11-29 22:00", "2027-02-03 10:00")
    project = load_project(write(tmp_path, {**TWO_ZONES, "content/posts/l.md": later}))
    site = assemble(project, [], NOW)
    context = week_context(site, "2026-W48", Helpers(site, "week/2026-W48/"))
    assert (context["previous"], context["next"]) == (None, "../2027-W05/")
    assert context["months"] == [("November 2026", "../../month/2026-11/")]


def test_a_plan_without_dated_posts_has_its_home_week_and_month(tmp_path):
    project = load_project(
        write(tmp_path, {k: v for k, v in TWO_ZONES.items() if "posts" not in k})
    )
    site = assemble(project, [], NOW)
    assert (site.weeks, site.months) == (["2026-W48"], ["2026-11"])


def test_cards_escape_everything(tmp_path):
    files = {
        **TWO_ZONES,
        "content/posts/l.md": TWO_ZONES["content/posts/l.md"].replace(
            "title: L", 'title: "<img src=x onerror=alert(1)>"'
        ),
    }
    project = load_project(write(tmp_path, files))
    site = assemble(project, [], NOW)
    from smmplan.render.site.views import Helpers

    h = Helpers(site, "week/2026-W48/")
    entry = next(e for e in site.entries if e.brand.id == "la")
    card = h.entry_card(entry)
    assert "&lt;img src=x onerror=alert(1)&gt;" in card and "<img src=x" not in card
    assert 'href="../../posts/l/"' in card


# -- feeds ------------------------------------------------------------------------------------


def test_event_uids_survive_a_reschedule_and_differ_per_post(tmp_path):
    root = write(tmp_path, TWO_ZONES)

    def uids() -> dict[tuple[str, str], bytes]:
        events = ics.events(slots(load_project(root)))
        return {(s.post.slug, s.network): e.split(b"UID:")[1][:24] for s, e in events}

    before = uids()
    post = root / "content/posts/l.md"
    post.write_text(post.read_text().replace("2026-11-29 22:00", "2026-12-01 08:00"))
    assert uids() == before
    # M on x and linkedin (the post's own time), M on facebook (its own time), L on x
    assert sorted(before) == [("l", "x"), ("m", "facebook"), ("m", "x")]
    assert len(set(before.values())) == 3
    assert before[("m", "x")] == ics.uid("content/posts/m.md").encode()[:24]


def test_feed_is_valid_and_deterministic(tmp_path):
    project = load_project(write(tmp_path, TWO_ZONES))
    events = ics.events(slots(project), site_url="https://cal.example.org/")
    feed = ics.calendar("Plan", (e for _, e in events))
    assert feed == ics.calendar("Plan", (e for _, e in events))
    parsed = icalendar.Calendar.from_ical(feed)
    assert str(parsed["X-WR-CALNAME"]) == "Plan"
    assert [str(e["UID"]).endswith("@cal.example.org") for e in parsed.walk("VEVENT")] == [True] * 3
    assert {str(e["STATUS"]) for e in parsed.walk("VEVENT")} == {"TENTATIVE"}  # drafts


# -- output folder ----------------------------------------------------------------------------


def test_output_folders_that_would_destroy_something_are_refused(tmp_path):
    root = write(tmp_path / "repo", {"content/posts/a.md": "x"})
    for bad in (root, tmp_path, root / "content" / "site", root / "site"):
        with pytest.raises(SiteError):
            check_out_dir(bad, root)
    check_out_dir(root / "public", root)  # does not exist yet: fine
    (root / "public").mkdir()
    (root / "public" / "index.html").write_text("old site")
    check_out_dir(root / "public", root)


def test_diagnostics_are_grouped_by_file(tmp_path):
    from smmplan.model import Diagnostic

    project = load_project(write(tmp_path, TWO_ZONES))
    d = Diagnostic("content/posts/m.md", 3, 1, "rule", "X1", Severity.ERROR, "bad", "x")
    site = assemble(project, [d], NOW)
    assert site.problems("content/posts/m.md") == [d]
    assert site.problems("content/posts/l.md") == []
    assert replace(d, network=None) not in site.problems("content/posts/m.md")
    assert Path(site.url("post", "m")) == Path("posts/m")
