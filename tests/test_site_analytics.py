"""Results on the calendar site: KPI bars and pace on campaign pages, the brand's Analytics
page (charts as inline SVG, each with its data table and sample size), a post's results
per network, and posts an export shows went out counted as published on every page.

The results are made by the results stage itself (``smmplan.results.collect``) from rows
written here, so the pages are checked against what a real build shows.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType

import pytest

from smmplan.load import load_project
from smmplan.metrics_model import AccountRow, MetricsData, PostRow, Snapshot, SpendRow
from smmplan.render import charts
from smmplan.render.site.data import assemble
from smmplan.render.site.i18n import Lang
from smmplan.render.site.views import render
from smmplan.render.site.views.results import change, count, kpi_row, percent
from smmplan.results import collect
from smmplan.results.model import Results, ResultsFilter
from tests.conftest import write

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
HOSTILE_TAG = "<img src=x onerror=window.__pwned=3>"
POSTS = 12  # measured November posts of the brand


def _post(day: int, hour: int, network: str, tag: str, extra: str = "") -> str:
    return (
        f"---\ntitle: Post {day} {network}\nbrand: kofe\ncampaign: push\n"
        f"publish_at: 2026-11-{day:02d} {hour:02d}:00\nstatus: approved\napproved_by: ana\n"
        f"tags: [{tag}]\nnetworks: [{network}]\n"
        f"published: {{{network}: 'https://{network}.example/kofe/{day}'}}\n{extra}---\n"
        f"Coffee news of day {day}.\n"
    )


def analytics_repo() -> dict[str, str]:
    """A brand with a month of measured posts, a campaign with a hostile title, one post past
    its time without results, one still to come, and October for comparisons."""
    files = {
        "smmplan.yml": "title: Northwind Social\nlocale: en\ntimezone: UTC\n",
        "brands/kofe.yml": (
            "name: Kofe House\ntimezone: Asia/Baku\nlocale: en\n"
            'accounts: {x: "@kofe", instagram: "@kofe"}\n'
        ),
        "brands/dom.yml": "name: Dom Kofe\ntimezone: Europe/Moscow\nlocale: ru\n",
        "content/campaigns/push.md": (
            f"---\ntitle: '{HOSTILE}'\nbrand: kofe\nstart: 2026-11-01\nend: 2026-11-30\n"
            "goal: traffic\nnetworks: [x, instagram]\nbudget: {amount: 500, currency: AZN}\n"
            "kpis:\n  - {metric: views, target: 20000}\n  - {metric: link_clicks, target: 300}\n"
            "  - {metric: engagement_rate, target: 5}\n---\nThe brief.\n"
        ),
        "content/campaigns/later.md": (
            "---\ntitle: Later\nbrand: kofe\nstart: 2026-12-01\nend: 2026-12-20\n"
            "kpis:\n  - {metric: reach, target: 1000}\n---\n"
        ),
    }
    for i in range(POSTS):
        network = "x" if i % 2 else "instagram"
        day, hour = 2 + i, 9 + (i % 3)
        files[f"content/posts/2026/11/p{day:02d}.md"] = _post(
            day, hour, network, ("coffee", "promo")[i % 3 == 0]
        )
    first = files["content/posts/2026/11/p02.md"]
    files["content/posts/2026/11/p02.md"] = first.replace(
        "tags: [promo]", f"tags: [promo, '{HOSTILE_TAG}']"
    )
    files["content/posts/2026/11/waiting.md"] = (
        "---\ntitle: Still waiting\nbrand: kofe\ncampaign: push\npublish_at: 2026-11-20 18:00\n"
        "status: approved\napproved_by: ana\nnetworks: [x]\n---\nNo row for me.\n"
    )
    files["content/posts/2026/11/soon.md"] = (
        "---\ntitle: Coming soon\nbrand: kofe\npublish_at: 2026-11-25 10:00\nstatus: approved\n"
        "approved_by: ana\nnetworks: [x]\n---\nLater this month.\n"
    )
    for day in (6, 13):
        files[f"content/posts/2026/10/o{day}.md"] = (
            _post(day, 10, "x", "coffee")
            .replace("2026-11-", "2026-10-")
            .replace("campaign: push\n", "")
            .replace(f"/kofe/{day}'", f"/kofe/oct{day}'")
        )
    return files


def rows() -> MetricsData:
    """Rows for the November posts (two snapshots of one of them), October's, an unplanned
    post, Ads Manager spend and follower counts."""
    nov = Snapshot("content/metrics/posts-2026-11-20.csv", "generic", date(2026, 11, 20), "name")
    old = Snapshot("content/metrics/posts-2026-11-10.csv", "generic", date(2026, 11, 10), "name")
    oct_ = Snapshot("content/metrics/posts-2026-10-31.csv", "generic", date(2026, 10, 31), "name")
    posts = []
    for i in range(POSTS):
        network = "x" if i % 2 else "instagram"
        day = 2 + i
        figures = {"views": 1000.0 + 100 * i, "reactions": 20.0 + 5 * i, "comments": 2.0 + i}
        figures["link_clicks"] = 10.0 + i
        if network == "instagram":
            figures["reach"] = 800.0 + 50 * i
        url = f"https://{network}.example/kofe/{day}"
        posts.append(PostRow(nov, i + 2, network, url=url, metrics=MappingProxyType(figures)))
    first = "https://instagram.example/kofe/2"
    posts.append(PostRow(old, 2, "instagram", url=first, metrics=MappingProxyType({"views": 5.0})))
    for n, day in enumerate((6, 13)):
        url = f"https://x.example/kofe/oct{day}"
        posts.append(
            PostRow(
                oct_,
                n + 2,
                "x",
                url=url,
                metrics=MappingProxyType({"views": 500.0, "reactions": 10.0}),
            )
        )
    unplanned = PostRow(
        nov, 40, "x", url="https://x.example/kofe/999", account="@kofe",
        published=datetime(2026, 11, 15, 8, 0, tzinfo=UTC), text="A post nobody planned",
        metrics=MappingProxyType({"views": 300.0, "reactions": 4.0}),
    )  # fmt: skip
    ads = Snapshot("content/metrics/ads-2026-11.csv", "meta-ads", date(2026, 11, 20), "file")
    spend = SpendRow(
        ads, 2, "push", 150.0, "AZN", date(2026, 11, 1), date(2026, 11, 20),
        MappingProxyType({"views": 30000.0, "link_clicks": 250.0}),
    )  # fmt: skip
    followers = [
        AccountRow(nov, 50 + d, "instagram", date(2026, 11, d), "followers", 1000.0 + d, "@kofe")
        for d in (1, 20)
    ]
    shots = (oct_, old, nov, ads)
    return MetricsData(shots, (*posts, unplanned), (spend,), (), tuple(followers))


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("analytics"), analytics_repo())


def measured(root: Path, selection: ResultsFilter | None = None, now: datetime = NOW) -> Results:
    return collect(load_project(root), rows(), now, selection)


def page_html(root: Path, kind: str, key: str, results: Results | None, locale: str = "en") -> str:
    project = load_project(root)
    site = assemble(project, [], NOW, results=results, locale=locale)
    definition = next(p for p in site.pages() if p.kind == kind and p.key == key)
    from smmplan.render.site import urls

    return render(site, definition, urls.page_url(definition.src_uri)).html


@pytest.fixture(scope="module")
def results(repo) -> Results:
    return measured(repo)


# -- charts and numbers -----------------------------------------------------------------------


def test_progress_bar_width_and_pace_marker():
    svg = charts.progress_bar("Views: 8,000 of 20,000", 0.4, 0.6)
    assert '<rect class="smm-chart__bar" x="0" y="2" width="40" height="8"' in svg
    assert '<line class="smm-chart__marker" x1="60" y1="0" x2="60" y2="12"' in svg
    assert 'role="img" aria-label="Views: 8,000 of 20,000"' in svg
    assert "<title>Views: 8,000 of 20,000</title>" in svg
    over = charts.progress_bar("t", 1.7, None)
    assert 'width="100" height="8" fill="#5c6bc0"' in over and "smm-chart__marker" not in over
    assert "smm-chart__bar" not in charts.progress_bar("t", None, None)


def test_bar_chart_scales_to_the_largest_value_and_escapes_labels():
    svg = charts.bar_chart(
        "By <tag>", [charts.Bar("<b>x</b>", 50, "50"), charts.Bar("y", 100, "100")]
    )
    widths = re.findall(r'class="smm-chart__bar" x="170" y="[\d.]+" width="([\d.]+)"', svg)
    assert widths == ["175", "350"]
    assert "<b>" not in svg and "&lt;b&gt;x&lt;/b&gt;" in svg
    assert 'aria-label="By &lt;tag&gt;"' in svg


def test_a_missing_figure_draws_no_bar_and_says_so():
    svg = charts.column_chart("Weeks", [charts.Bar("W45", None, "—"), charts.Bar("W46", 10, "10")])
    assert svg.count('class="smm-chart__bar"') == 1 and ">—</text>" in svg


def test_heat_levels():
    assert [charts.heat_level(v, 100) for v in (0, 1, 20, 21, 60, 99, 100)] == [0, 0, 0, 1, 2, 4, 4]


def test_numbers_follow_the_language():
    en, ru, az = Lang("en"), Lang("ru"), Lang("az")
    assert (count(en, 12345.6), count(ru, 12345.6), count(az, 12345.6)) == (
        "12,346",
        "12\xa0346",
        "12.346",
    )
    assert (percent(en, 0.0455), percent(ru, 0.0455)) == ("4.6%", "4,6\xa0%")
    assert count(en, None) == "—"
    assert change(en, 120, 100) == "+20.0%" and change(en, 90, 100) == "−10.0%"
    assert change(en, 90, None) is None and change(en, 90, 0) is None


def test_kpi_row_has_the_bar_the_percent_and_the_pace(results):
    push = next(c for c in results.campaigns if c.id == "push")
    views = kpi_row(Lang("en"), push.kpis[0])
    # 12 posts: 1000 + 100 i views each; the newer snapshot of the first post wins over 5 views.
    assert push.kpis[0].actual == sum(1000.0 + 100 * i for i in range(POSTS)) == 18600
    assert (views.actual, views.target, views.percent) == ("18,600", "20,000", "93.0%")
    assert views.width == 93.0 and views.pace == "ahead" and views.pace_label == "ahead"
    # 20 of 30 days of November gone at noon UTC on the 21st (16:00 in Baku): 20.67 / 30.
    assert views.marker == 68.9 and views.expected == "13,778"
    assert 'width="93" height="8"' in views.bar and 'x1="68.9"' in views.bar


# -- campaign pages ---------------------------------------------------------------------------


def test_campaign_page_has_each_kpi_as_a_bar_with_its_pace(repo, results):
    html = page_html(repo, "campaign", "push", results)
    kpis = re.findall(r'<li class="smm-kpi smm-kpi--([a-z-]+)" data-metric="(\w+)">', html)
    assert kpis == [("ahead", "views"), ("on-track", "link_clicks"), ("behind", "engagement_rate")]
    bars = re.findall(r'class="smm-chart__bar" x="0" y="2" width="([\d.]+)"', html)
    assert bars == ["93", "62", "71"]
    markers = re.findall(r'class="smm-chart__marker" x1="([\d.]+)"', html)
    assert markers == ["68.9", "68.9", "100"]  # a rate is expected at its target all along
    assert (
        '<span class="smm-kpi__figures"><strong class="smm-kpi__actual">186</strong> / '
        '<span class="smm-kpi__target">300</span> · <span class="smm-kpi__percent">62.0%</span>'
        '</span>\n<span class="smm-pace smm-pace--on-track">on track</span>'
    ) in html
    assert "A linear pace puts it at 207 by now (the marker)." in html
    assert "A rate is expected at its target all along: 5.0% (the marker)." in html
    assert '<p class="smm-muted">12 of 13 posts have results</p>' in html


def test_campaign_page_has_spend_budget_and_cost_per_result_with_their_basis(repo, results):
    html = page_html(repo, "campaign", "push", results)
    assert "<div><dt>Spend</dt><dd>AZN150.00</dd></div>" in html
    assert "<div><dt>Budget used</dt><dd>30.0% of AZN500.00</dd></div>" in html
    # Ads Manager delivered 30,000 views and 250 clicks for 150 AZN.
    assert (
        '<div class="smm-cost smm-cost--cpm"><dt>CPM (per 1,000 views)</dt><dd><strong>AZN5.00'
        '</strong> <span class="smm-muted">based on the Ads Manager delivery</span></dd></div>'
    ) in html
    assert "<dt>CPC (per link click)</dt><dd><strong>AZN0.60</strong>" in html
    assert "smm-cost--key_event" not in html  # no GA4 export: no cost per key event
    assert '<tr><th scope="row">Views</th><td class="smm-num">18,600</td></tr>' in html
    assert '<a href="../../brands/kofe/analytics/">Analytics</a>' in html


def test_a_campaign_without_results_says_so(repo, results):
    html = page_html(repo, "campaign", "later", results)
    assert "No results yet: no analytics export has a row for any of this campaign" in html
    assert '<li class="smm-kpi smm-kpi--none" data-metric="reach">' in html
    assert '<span class="smm-pace smm-pace--none">no pace yet</span>' in html
    assert "smm-chart__bar" not in html and "smm-chart__marker" not in html
    assert '<dd><span class="smm-muted">no spend recorded</span></dd>' in html


def test_a_hostile_campaign_title_is_text_everywhere(repo, results):
    escaped = "&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror="
    for kind, key in (
        ("campaign", "push"),
        ("analytics", "kofe"),
        ("post", "content/posts/2026/11/p02.md"),
        ("campaigns", ""),
    ):
        html = page_html(repo, kind, key, results)
        assert "<script" not in html and "<img src=x" not in html, kind
    assert escaped in page_html(repo, "campaign", "push", results)
    analytics = page_html(repo, "analytics", "kofe", results)
    assert "&lt;img src=x onerror=window.__pwned=3&gt;" in analytics  # the hostile tag


def test_without_exports_no_page_changes_and_none_is_added(repo):
    project = load_project(repo)
    site = assemble(project, [], NOW)
    assert not any(p.kind == "analytics" for p in site.pages())
    campaign = page_html(repo, "campaign", "push", None)
    assert 'id="results"' not in campaign and "smm-kpi-bars" not in campaign
    post = page_html(repo, "post", "content/posts/2026/11/p02.md", None)
    assert 'id="results"' not in post and "from analytics" not in post
    assert "Analytics" not in page_html(repo, "brand", "kofe", None)


# -- the Analytics page -----------------------------------------------------------------------


def test_analytics_pages_exist_per_brand_and_are_linked(repo, results):
    site = assemble(load_project(repo), [], NOW, results=results)
    pages = {(p.key, p.src_uri, p.title) for p in site.pages() if p.kind == "analytics"}
    assert pages == {
        ("kofe", "brands/kofe/analytics.md", "Analytics: Kofe House"),
        ("dom", "brands/dom/analytics.md", "Analytics: Dom Kofe"),
    }
    assert site.analytics_url("kofe") == "brands/kofe/analytics/"
    brand = page_html(repo, "brand", "kofe", results)
    assert '<a class="smm-analytics-link" href="analytics/">Analytics</a>' in brand
    brands = page_html(repo, "brands", "", results)
    assert '<a class="smm-analytics-link" href="kofe/analytics/">Analytics</a>' in brands


def figure_of(html: str, anchor: str) -> str:
    found = re.search(rf'<figure class="smm-figure" id="{anchor}">.*?</figure>', html, re.S)
    assert found, anchor
    return found.group(0)


def test_every_chart_is_an_svg_with_its_sample_size_and_a_data_table(repo, results):
    html = page_html(repo, "analytics", "kofe", results)
    for anchor, caption in (
        ("by-week", "Engagement by week (n = 15)"),
        ("by-network", "Engagement by network (n = 15)"),
        ("by-tag", "Engagement by pillar (n = 14)"),
        ("by-format", "Engagement by format (n = 15)"),
        ("heatmap", "Median engagement by weekday and hour, Asia/Baku time (n = 15)"),
        ("best-times", "Best posting hours (n = 15)"),
    ):
        figure = figure_of(html, anchor)
        assert f"<figcaption>{caption}</figcaption>" in figure, anchor
        assert '<svg class="smm-chart ' in figure and f'role="img" aria-label="{caption}"' in figure
        assert '<table class="smm-data">' in figure and "<thead>" in figure
    network = figure_of(html, "by-network")
    assert (
        '<tr><th scope="row">Instagram</th><td class="smm-num">6</td><td class="smm-num">9,000</td>'
        '<td class="smm-num">6,300</td><td class="smm-num">312</td><td>5.0% of reach</td></tr>'
    ) in network
    assert '<th scope="row">X (Twitter)</th><td class="smm-num">9</td>' in network  # + unplanned


def test_heatmap_is_in_the_brands_time_zone(repo, results):
    figure = figure_of(page_html(repo, "analytics", "kofe", results), "heatmap")
    # Post 2 goes out Monday 2 November at 09:00 in Baku (05:00 UTC).
    assert '<tr><th scope="row">Mon 09:00</th><td class="smm-num">1</td>' in figure
    assert figure.count('class="smm-chart__heat ') == 13 and figure.count("smm-chart__empty") == 155


def test_claims_need_five_posts(repo, results):
    html = page_html(repo, "analytics", "kofe", results)
    days = figure_of(html, "best-days")
    assert "Not enough posts: no weekday has 5 posts or more yet (n = 15 in all)" in days
    assert "<svg" not in days and "<table" not in days
    hours = figure_of(html, "best-times")
    assert '<tr><th scope="row">10:00</th><td class="smm-num">6</td>' in hours
    few = measured(repo, ResultsFilter(start=date(2026, 11, 2), end=date(2026, 11, 4)))
    small = page_html(repo, "analytics", "kofe", few)
    assert "Not enough posts (n = 3, fewer than 5): no claim is made." in figure_of(small, "top")


def test_top_posts_link_to_their_page_and_the_live_post(repo, results):
    top = figure_of(page_html(repo, "analytics", "kofe", results), "top")
    assert (
        '<tr><th scope="row" class="smm-num">1</th><td><a href="../../../posts/p13/">Post 13 x</a>'
        '</td><td>X (Twitter)</td><td>Nov 13, 2026</td><td class="smm-num">88</td>'
        '<td>4.2% of views</td><td><a class="smm-live" href="https://x.example/kofe/13"'
        ' rel="noopener nofollow">Open the live post</a></td></tr>'
    ) in top
    assert top.count("<tr>") == 6  # the header and five posts


def test_analytics_page_lists_waiting_and_unplanned_posts(repo, results):
    html = page_html(repo, "analytics", "kofe", results)
    assert '<th scope="row"><a href="../../../posts/waiting/">Still waiting</a></th>' in html
    assert "<td>A post nobody planned</td>" in html
    assert "<dt>Posts with results</dt><dd>15</dd>" in html
    assert (
        '<th scope="row">Instagram</th><td class="smm-num">—</td><td class="smm-num">1,020</td>'
        in html
    )


def test_a_brand_without_results_says_so(repo, results):
    html = page_html(repo, "analytics", "dom", results)
    assert "No results yet: no analytics export has a row for this brand" in html
    assert "<svg" not in html


def test_analytics_in_the_sites_language(repo, results):
    html = page_html(repo, "analytics", "kofe", results, locale="ru")
    assert "<h1>Аналитика: Kofe House</h1>" in html
    assert "<figcaption>Вовлечённость по соцсетям (n = 15)</figcaption>" in html
    assert '<td class="smm-num">9\xa0000</td>' in html and "5,0\xa0% от охвата" in html


# -- post pages and "published everywhere" ---------------------------------------------------


def test_post_page_shows_results_per_network(repo, results):
    html = page_html(repo, "post", "content/posts/2026/11/p02.md", results)
    section = re.search(
        r'<section class="smm-post-result" data-network="instagram">.*?</section>', html, re.S
    )
    assert section
    part = section.group(0)
    # The newer snapshot (20 Nov) wins over the older one (10 Nov: 5 views).
    assert '<tr><th scope="row">Views</th><td class="smm-num">1,000</td></tr>' in part
    assert '<tr><th scope="row">Reach</th><td class="smm-num">800</td></tr>' in part
    assert (
        '<td class="smm-num">22 <span class="smm-muted">(reactions + comments + shares + saves)'
        "</span></td>"
    ) in part
    assert '<td class="smm-num">2.8% of reach</td>' in part
    assert "As of Nov 20, 2026: content/metrics/posts-2026-11-20.csv, row 2" in part
    assert "matched by the post&#39;s URL, confidence 100.0%" in part
    assert (
        '<a class="smm-live" href="https://instagram.example/kofe/2" rel="noopener nofollow">'
        in part
    )
    waiting = page_html(repo, "post", "content/posts/2026/11/waiting.md", results)
    assert '<p class="smm-empty">No results yet</p>' in waiting
    soon = page_html(repo, "post", "content/posts/2026/11/soon.md", results)
    assert 'id="results"' not in soon


def test_a_post_an_export_shows_counts_as_published_everywhere(repo, results):
    path = "content/posts/2026/11/p02.md"
    assert "status: approved" in (repo / path).read_text()
    board = page_html(repo, "board", "", results)
    counts = dict(re.findall(r'data-status="(\w+)">.*?smm-board__count">(\d+)<', board, re.S))
    assert (counts["published"], counts["approved"]) == ("14", "2")
    mark = '<span class="smm-status smm-status--published">Published</span><span class="smm-from-results"'
    week = page_html(repo, "week", "2026-W45", results)
    card = re.search(
        rf'<article class="smm-card smm-card--(\w+)" data-post="{path}".*?</article>', week, re.S
    )
    assert card and card.group(1) == "published" and mark in card.group(0)
    post = page_html(repo, "post", path, results)
    assert mark in post and "<td>Published · from analytics</td>" in post
    waiting = page_html(repo, "post", "content/posts/2026/11/waiting.md", results)
    assert "smm-from-results" not in waiting and "smm-status--approved" in waiting
    plain = page_html(repo, "week", "2026-W45", None)
    assert 'smm-card--approved" data-post="content/posts/2026/11/p02.md"' in plain
    assert (repo / path).read_text() == analytics_repo()[path]  # the file is untouched
