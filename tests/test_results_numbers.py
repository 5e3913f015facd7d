"""The figures: snapshots not sums, KPI arithmetic and pace, spend and cost per result,
brand breakdowns with the five-post rule, and "no results yet"."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from smmplan.metrics_model import AccountRow, MetricsData, Snapshot, SpendRow, TrafficRow
from smmplan.results import ResultsFilter, collect
from tests.conftest import NOW
from tests.test_results_match import COFFEE, SALE, post, project, row

CAMPAIGN = (
    "---\ntitle: Black Friday 2026\nstart: 2026-11-20\nend: 2026-11-30\n"
    "budget: {amount: 500, currency: AZN}\nkpis:\n"
    "  - {metric: reach, target: 1000}\n"
    "  - {metric: link_clicks, target: 100}\n"
    "  - {metric: engagement_rate, target: 5}\n"
    "  - {metric: key_events, target: 20}\n"
    "  - {metric: impressions, target: 2000}\n"
    "  - {metric: happiness, target: 3}\n"
    "---\nBrief\n"
)
ID = "published: {x: '%s'}\n"


def shot(name: str, taken: date, source: str = "file", fmt: str = "generic") -> Snapshot:
    return Snapshot(f"content/metrics/{name}", fmt, taken, source)


def one_post(tmp_path, extra: str = ""):
    return project(
        tmp_path, {"a": post("A", "2026-11-20 10:00", "[x]", COFFEE, ID % "100" + extra)}
    )


def figures(tmp_path, *rows):
    results = collect(one_post(tmp_path), MetricsData(posts=rows), NOW)
    (measured,) = results.posts
    return measured


# --- snapshots, not sums -------------------------------------------------------------------


def test_the_newest_snapshot_counts_even_when_a_count_went_down(tmp_path):
    old, new = shot("a.csv", date(2026, 11, 21)), shot("b.csv", date(2026, 11, 22))
    measured = figures(
        tmp_path,
        row(2, snapshot=new, post_id="100", metrics={"views": 180, "reactions": 9}),
        row(2, snapshot=old, post_id="100", metrics={"views": 200, "reactions": 7}),
    )
    assert dict(measured.metrics) == {"views": 180, "reactions": 9}
    assert [r.snapshot.path for r in measured.rows] == [
        "content/metrics/b.csv",
        "content/metrics/a.csv",
    ]


def test_overlapping_exports_in_two_formats_never_double_count(tmp_path):
    meta = shot("meta.csv", date(2026, 11, 30), fmt="meta-facebook")
    generic = shot("generic.csv", date(2026, 11, 28))
    measured = figures(
        tmp_path,
        row(2, snapshot=generic, post_id="100", metrics={"views": 900, "link_clicks": 31}),
        row(9, snapshot=meta, post_id="100", metrics={"views": 1000, "reach": 700}),
    )
    # views from the newer Meta file; link_clicks only the generic one has
    assert dict(measured.metrics) == {"views": 1000, "reach": 700, "link_clicks": 31}


def test_on_the_same_day_a_date_the_file_states_beats_a_modification_time(tmp_path):
    day = date(2026, 11, 22)
    measured = figures(
        tmp_path,
        row(2, snapshot=shot("stated.csv", day, "file"), post_id="100", metrics={"views": 10}),
        row(2, snapshot=shot("touched.csv", day, "mtime"), post_id="100", metrics={"views": 99}),
    )
    assert measured.metrics["views"] == 10


def test_engagement_is_the_networks_total_or_the_sum_and_names_its_denominator(tmp_path):
    day = shot("a.csv", date(2026, 11, 22))
    summed = figures(
        tmp_path,
        row(
            2,
            snapshot=day,
            post_id="100",
            metrics={
                "reach": 400,
                "views": 900,
                "reactions": 30,
                "comments": 6,
                "shares": 3,
                "saves": 1,
            },
        ),
    )
    assert (summed.engagement, summed.engagement_source) == (40, "sum")
    assert (summed.engagement_rate, summed.rate_of) == (0.1, "reach")


def test_the_networks_own_engagement_total_wins_and_views_are_the_fallback(tmp_path):
    day = shot("a.csv", date(2026, 11, 22))
    own = figures(
        tmp_path,
        row(
            2,
            snapshot=day,
            post_id="100",
            metrics={"views": 800, "engagements": 60, "reactions": 30},
        ),
    )
    assert (own.engagement, own.engagement_source, own.engagement_rate, own.rate_of) == (
        60,
        "network",
        0.075,
        "views",
    )


# --- campaigns -------------------------------------------------------------------------------


def campaign_project(tmp_path, posts: int = 2):
    files = {
        f"p{i}": post(
            f"P{i}",
            f"2026-11-2{i} 12:00",
            "[x]",
            f"{SALE} {i}",
            ID % f"20{i}" + "campaign: black-friday\n",
        )
        for i in range(posts)
    }
    p = project(tmp_path, files)
    (tmp_path / "content/campaigns").mkdir(parents=True, exist_ok=True)
    (tmp_path / "content/campaigns/black-friday.md").write_text(CAMPAIGN, encoding="utf-8")
    from smmplan.load import load_project

    return load_project(p.root)


DAY = shot("x.csv", date(2026, 11, 22))


def kpis_of(results) -> dict:
    (campaign,) = results.campaigns
    return {k.metric: (k.target, k.actual, k.progress, k.expected, k.pace) for k in campaign.kpis}


def test_kpis_actual_progress_and_pace_on_fixed_dates(tmp_path):
    p = campaign_project(tmp_path)
    rows = (
        row(
            2,
            snapshot=DAY,
            post_id="200",
            metrics={"reach": 150, "views": 400, "reactions": 12, "link_clicks": 10},
        ),
        row(
            3,
            snapshot=DAY,
            post_id="201",
            metrics={"reach": 100, "views": 300, "reactions": 3, "link_clicks": 30},
        ),
    )
    traffic = (
        TrafficRow(
            shot("ga4.csv", date(2026, 11, 22), fmt="ga4"),
            11,
            "black-friday",
            "x",
            "social",
            180,
            6,
        ),
    )
    results = collect(p, MetricsData(posts=rows, traffic=traffic), NOW)
    # 2026-11-20 00:00 to 2026-12-01 00:00 in Baku is 264 h; now (10:00 on the 23rd) is 82 h in
    share = 82 / 264
    got = kpis_of(results)
    assert got["reach"] == (1000, 250, 0.25, pytest.approx(1000 * share), "behind")
    assert got["link_clicks"] == (100, 40, 0.4, pytest.approx(100 * share), "ahead")
    assert got["engagement_rate"] == (0.05, 0.06, pytest.approx(1.2), 0.05, "ahead")  # 15 / 250
    assert got["key_events"] == (20, 6, 0.3, pytest.approx(20 * share), "on track")
    assert got["views"] == (2000, 700, 0.35, pytest.approx(2000 * share), "ahead")  # impressions
    assert got["happiness"] == (3, None, None, None, None)
    assert results.findings == ()  # an unknown KPI metric is the check kpi-unknown-metric's
    (campaign,) = results.campaigns
    assert (campaign.posts, campaign.measured, campaign.has_results) == (2, 2, True)


def test_no_pace_without_results_or_before_the_start(tmp_path):
    p = campaign_project(tmp_path)
    assert {k[4] for k in kpis_of(collect(p, MetricsData(), NOW)).values()} == {None}
    rows = (row(2, snapshot=DAY, post_id="200", metrics={"reach": 10}),)
    before = datetime(2026, 11, 19, 12, 0, tzinfo=UTC)
    assert kpis_of(collect(p, MetricsData(posts=rows), before))["reach"][3:] == (None, None)


def test_after_the_end_the_whole_target_is_expected(tmp_path):
    p = campaign_project(tmp_path)
    rows = (row(2, snapshot=DAY, post_id="200", metrics={"reach": 950}),)
    later = datetime(2026, 12, 5, tzinfo=UTC)
    assert kpis_of(collect(p, MetricsData(posts=rows), later))["reach"] == (
        1000,
        950,
        0.95,
        1000,
        "on track",
    )


def ads(
    campaign: str,
    amount: float,
    file: str,
    taken: date,
    start=None,
    end=None,
    currency="AZN",
    **metrics,
):
    return SpendRow(
        shot(file, taken, fmt="meta-ads"), 3, campaign, amount, currency, start, end, metrics
    )


def test_spend_and_cost_per_result(tmp_path):
    p = campaign_project(tmp_path)
    oct_, nov = (date(2026, 10, 1), date(2026, 10, 31)), (date(2026, 11, 1), date(2026, 11, 30))
    spend_rows = (
        ads(
            "Black Friday 2026 — Reels",
            120.5,
            "ads-nov.csv",
            date(2026, 11, 22),
            *nov,
            views=40000,
            link_clicks=300,
        ),
        ads(
            "black-friday carousel",
            79.5,
            "ads-nov.csv",
            date(2026, 11, 22),
            *nov,
            views=10000,
            link_clicks=100,
        ),
        ads(
            "black-friday carousel",
            50,
            "ads-oct.csv",
            date(2026, 11, 1),
            *oct_,
            views=5000,
            link_clicks=100,
        ),
        ads(
            "black-friday carousel", 70, "ads-nov-early.csv", date(2026, 11, 10), *nov
        ),  # an older reading of November
        ads("black-friday usd", 99, "ads-usd.csv", date(2026, 11, 22), *nov, currency="USD"),
        ads("summer sale", 10, "ads-nov.csv", date(2026, 11, 22), *nov),
    )
    traffic = (
        TrafficRow(
            shot("ga4.csv", date(2026, 11, 22), fmt="ga4"),
            11,
            "black-friday",
            "x",
            "social",
            180,
            10,
        ),
    )
    results = collect(p, MetricsData(spend=spend_rows, traffic=traffic), NOW)
    (campaign,) = results.campaigns
    assert (campaign.spend, campaign.currency, campaign.budget) == (250, "AZN", 500)
    assert dict(campaign.cost_per) == {"cpm": 250 / 55000 * 1000, "cpc": 0.5, "key_event": 25}
    assert dict(campaign.cost_basis) == {"cpm": "ads", "cpc": "ads", "key_event": "ga4"}
    mismatch = [f for f in results.findings if f.finding.rule == "spend-currency-mismatch"]
    assert [f.path for f in mismatch] == ["content/metrics/ads-usd.csv"]


def test_a_kpi_no_post_export_carries_is_read_from_the_ads_delivery(tmp_path):
    p = campaign_project(tmp_path)
    rows = (row(2, snapshot=DAY, post_id="200", metrics={"reach": 300}),)  # no link clicks
    spend_rows = (
        ads("black-friday", 20, "ads.csv", date(2026, 11, 22), views=9000, link_clicks=45),
    )
    (campaign,) = collect(p, MetricsData(posts=rows, spend=spend_rows), NOW).campaigns
    actuals = [
        (k.metric, k.actual, basis)
        for k, basis in zip(campaign.kpis, campaign.kpi_basis, strict=True)
    ]
    got = {metric: (actual, basis) for metric, actual, basis in actuals}
    assert got["reach"] == (300, "posts")  # the posts' own figure wins where they carry one
    assert got["link_clicks"] == (45, "ads")
    assert got["views"] == (9000, "ads")  # impressions: none of the posts has views


def test_cost_per_result_falls_back_on_the_posts(tmp_path):
    p = campaign_project(tmp_path)
    rows = (row(2, snapshot=DAY, post_id="200", metrics={"views": 8000, "link_clicks": 40}),)
    spend_rows = (ads("black-friday", 20, "ads.csv", date(2026, 11, 22)),)
    (campaign,) = collect(p, MetricsData(posts=rows, spend=spend_rows), NOW).campaigns
    assert dict(campaign.cost_per) == {"cpm": 2.5, "cpc": 0.5, "key_event": None}
    assert dict(campaign.cost_basis) == {"cpm": "posts", "cpc": "posts"}


def test_the_longest_name_in_an_ads_campaign_wins_and_a_tie_counts_for_neither(tmp_path):
    p = campaign_project(tmp_path)
    for name in ("Black", "Friday", "Sales"):
        path = tmp_path / f"content/campaigns/{name.lower()}.md"
        path.write_text(f"---\ntitle: {name}\n---\nx\n", encoding="utf-8")
    from smmplan.load import load_project

    rows = (
        ads("Black Friday ads", 5, "a.csv", date(2026, 11, 22)),
        ads("Black Sales", 7, "b.csv", date(2026, 11, 22)),
    )
    results = collect(load_project(p.root), MetricsData(spend=rows), NOW)
    spent = {c.id: c.spend for c in results.campaigns}
    assert spent == {"black": None, "black-friday": None, "friday": 5, "sales": None}
    (finding,) = [f for f in results.findings if f.finding.rule == "result-ambiguous"]
    assert finding.path == "content/metrics/b.csv"
    assert finding.finding.message == (
        "ads campaign 'Black Sales' names campaigns black and sales: its spend counts for neither"
    )


# --- brands --------------------------------------------------------------------------------


def brand_project(tmp_path, count: int):
    files = {
        f"p{i}": post(
            f"P{i}",
            f"2026-11-{10 + i} {9 if i % 2 else 18}:00",
            "[x]",
            COFFEE,
            ID % f"30{i}" + f"tags: [{'promo' if i < 3 else 'daily'}]\n",
        )
        for i in range(count)
    }
    return project(tmp_path, files)


def brand_rows(count: int):
    return tuple(
        row(
            i + 2,
            snapshot=DAY,
            post_id=f"30{i}",
            metrics={"views": 1000, "reactions": 10 * (i + 1)},
        )
        for i in range(count)
    )


def test_breakdowns_carry_their_sample_size_and_claims_need_five_posts(tmp_path):
    p = brand_project(tmp_path, 4)
    (brand,) = collect(p, MetricsData(posts=brand_rows(4)), NOW).brands
    assert [(g.key, g.n, g.engagement) for g in brand.by_tag] == [
        ("daily", 1, 40),
        ("promo", 3, 60),
    ]
    assert [(g.key, g.n) for g in brand.by_week] == [("2026-W46", 4)]
    assert [(g.key, g.n) for g in brand.by_weekday_hour] == [
        ("tue 18", 1),
        ("wed 09", 1),
        ("thu 18", 1),
        ("fri 09", 1),
    ]
    assert (brand.top.status, brand.top.n, brand.top.items) == ("not enough posts", 4, ())
    assert brand.best_times.status == "not enough posts"
    assert (brand.totals.engagement, brand.totals.engagement_rate, brand.totals.rate_of) == (
        100,
        0.025,
        "views",
    )


def test_top_bottom_and_best_times_from_five_posts_on(tmp_path):
    p = brand_project(tmp_path, 10)
    (brand,) = collect(p, MetricsData(posts=brand_rows(10)), NOW).brands
    assert [i.path for i in brand.top.items] == [f"content/posts/p{i}.md" for i in (9, 8, 7, 6, 5)]
    assert [i.path for i in brand.bottom.items] == [
        f"content/posts/p{i}.md" for i in (0, 1, 2, 3, 4)
    ]
    # 09:00 holds the odd posts (engagement 20, 40, ... 100: median 60), 18:00 the even (median 50)
    assert [(g.key, g.n, g.median_engagement) for g in brand.best_times.items] == [
        ("09", 5, 60),
        ("18", 5, 50),
    ]


def test_unplanned_posts_count_in_the_brand_totals(tmp_path):
    p = brand_project(tmp_path, 1)
    stray = row(
        9,
        snapshot=DAY,
        post_id="999",
        account="@qehveevi",
        published=datetime(2026, 11, 12, 9),
        text="Something else entirely today",
        metrics={"views": 50},
    )
    results = collect(p, MetricsData(posts=(*brand_rows(1), stray)), NOW)
    (brand,) = results.brands
    assert (brand.planned, brand.unplanned, brand.totals.totals["views"]) == (1, 1, 1050)
    assert [(u.first_row.row, u.brand) for u in results.unplanned] == [(9, "qehve-evi")]


def test_selection_narrows_the_report_not_the_matching(tmp_path):
    p = brand_project(tmp_path, 4)
    chosen = ResultsFilter(start=date(2026, 11, 11), end=date(2026, 11, 12))
    results = collect(p, MetricsData(posts=brand_rows(4)), NOW, chosen)
    assert [m.path for m in results.posts] == ["content/posts/p1.md", "content/posts/p2.md"]
    assert len(results.went_out) == 4


def test_audience_growth_from_account_rows(tmp_path):
    p = brand_project(tmp_path, 1)
    old, new = (
        shot("followers-1.csv", date(2026, 11, 20)),
        shot("followers-2.csv", date(2026, 11, 22)),
    )
    accounts = (
        AccountRow(old, 2, "x", date(2026, 11, 19), "follows", 3),
        AccountRow(new, 2, "x", date(2026, 11, 19), "follows", 4),  # X revised the day
        AccountRow(new, 3, "x", date(2026, 11, 20), "follows", 2),
        AccountRow(new, 4, "x", date(2026, 11, 20), "followers", 1200),
    )
    (brand,) = collect(p, MetricsData(accounts=accounts), NOW).brands
    (x,) = brand.audience
    assert (x.network, x.follows, x.followers, x.followers_on, x.days) == (
        "x",
        6,
        1200,
        date(2026, 11, 20),
        2,
    )


# --- no results yet -------------------------------------------------------------------------


def test_no_results_yet_lists_awaited_slots_past_their_time(tmp_path):
    posts = {
        "a": post("A", "2026-11-20 10:00", "[x, telegram]", COFFEE, ID % "100"),
        "draft": post("D", "2026-11-20 10:00", "[x]", COFFEE).replace("approved", "draft"),
        "later": post("L", "2026-11-30 10:00", "[x]", COFFEE),
        "published": post("P", "2026-11-19 10:00", "[telegram]", SALE).replace(
            "approved", "published"
        ),
    }
    results = collect(
        project(tmp_path, posts), MetricsData(posts=(row(2, snapshot=DAY, post_id="100"),)), NOW
    )
    assert [(w.path, w.network, w.status) for w in results.no_results] == [
        ("content/posts/a.md", "telegram", "approved"),
        ("content/posts/published.md", "telegram", "published"),
    ]
