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
from smmplan.results.model import Results, Selection
from tests.conftest import write

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
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


def measured(root: Path, selection: Selection | None = None, now: datetime = NOW) -> Results:
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
