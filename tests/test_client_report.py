"""``smmplan report``: a brand's month as one standalone HTML file, in the brand's locale,
that prints as a clean A4 document; usage errors exit 2 and write nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from smmplan.cli import cli
from smmplan.load import load_project
from smmplan.render import client_report
from smmplan.render.client_report import Month
from smmplan.results import collect
from smmplan.results.model import ResultsFilter
from tests.conftest import write
from tests.test_site_analytics import HOSTILE, NOW, analytics_repo, rows


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("report"), analytics_repo())


def month_results(root: Path, month: Month, brand: str = "kofe", campaign: str | None = None):
    campaigns = frozenset({campaign}) if campaign else None
    selection = ResultsFilter(frozenset({brand}), campaigns, month.first, month.last)
    return collect(load_project(root), rows(), NOW, selection)


def report(root: Path, brand: str = "kofe", month: str = "2026-11", **options) -> str:
    period = Month.parse(month)
    project = load_project(root)
    now = month_results(root, period, brand, options.get("campaign"))
    before = month_results(root, period.previous, brand, options.get("campaign"))
    content = client_report.render(
        project, project.brands[brand], period, now, before, options.get("campaign")
    )
    return content.decode("utf-8")


def test_months_are_parsed_strictly():
    november = Month.parse("2026-11")
    assert (november.first.isoformat(), november.last.isoformat()) == ("2026-11-01", "2026-11-30")
    assert str(Month.parse("2026-01").previous) == "2025-12"
    assert Month.parse("2028-02").last.day == 29
    for bad in ("2026-13", "2026-1", "11-2026", "2026/11", "november", ""):
        with pytest.raises(ValueError, match="write it like 2026-11"):
            Month.parse(bad)


def test_report_is_one_standalone_page(repo):
    html = report(repo)
    assert html.startswith('<!doctype html>\n<html lang="en">')
    assert "<title>Kofe House · Monthly report · November 2026</title>" in html
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert not re.search(r"<[^>]*\ssrc=", html)  # the hostile title is text
    assert re.findall(r'href="(https?://[^"]+)"', html) == [
        f"https://{n}.example/kofe/{d}" for n, d in (("x", 13), ("instagram", 12), ("x", 11))
    ] + [f"https://{n}.example/kofe/{d}" for n, d in (("instagram", 10), ("x", 9))] + [
        "https://x.example/kofe/999"
    ]  # the live posts: the top five, then the unplanned one
    assert "@page { size: A4;" in html and "break-before: page" in html
    assert ".screen-only { display: none !important; }" in html


def test_report_sections_in_order(repo):
    html = report(repo)
    ids = re.findall(r'<section class="sheet[^"]*" id="([\w-]+)">', html)
    assert ids == ["cover", "headline", "campaigns", "details", "posts", "method"]
    assert '<p class="cover__period">Nov 1, 2026 – Nov 30, 2026 · Asia/Baku</p>' in html
    assert '<p class="cover__as-of">figures as of Nov 20, 2026</p>' in html
    assert '<p class="cover__by">Prepared by Northwind Social</p>' in html


def test_headline_figures_change_against_the_previous_month(repo):
    html = report(repo)
    # November: 12 planned + 1 unplanned post; October: 2 posts of 500 views and 10 reactions.
    assert (
        '<tr><th scope="row">Posts with results</th><td class="num">13</td><td class="num">2</td>'
        '<td class="num up">+550.0%</td></tr>'
    ) in html
    assert (
        '<tr><th scope="row">Views</th><td class="num">18,900</td><td class="num">1,000</td>'
        '<td class="num up">+1,790.0%</td></tr>'
    ) in html
    assert '<tr><th scope="row">Reach</th><td class="num">6,300</td><td class="num">—</td>' in html
    assert '<th scope="col" class="num">October 2026</th>' in html


def test_campaigns_with_kpi_bars_pace_and_spend(repo):
    html = report(repo)
    campaigns = re.search(r'<section class="sheet" id="campaigns">.*?</section>', html, re.S)
    assert campaigns
    part = campaigns.group(0)
    assert part.count('<article class="campaign">') == 1  # "later" runs in December
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in part and HOSTILE not in part
    assert re.findall(r'<li class="kpi kpi--([a-z-]+)">', part) == ["ahead", "on-track", "behind"]
    assert re.findall(r'class="smm-chart__bar" x="0" y="2" width="([\d.]+)"', part) == [
        "93",
        "62",
        "71",
    ]
    assert "Pace as of Nov 21, 2026" in part
    assert "<div><dt>Spend</dt><dd>AZN150.00</dd></div>" in part
    assert "<dt>CPM (per 1,000 views)</dt><dd><strong>AZN5.00</strong>" in part


def test_details_have_charts_with_tables_and_top_posts_but_no_bottom(repo):
    html = report(repo)
    for anchor in ("by-week", "by-network", "by-tag", "by-format", "heatmap", "best-times", "top"):
        assert f'<figure class="smm-figure" id="{anchor}">' in html, anchor
    assert 'id="bottom"' not in html
    assert html.count('<svg class="smm-chart smm-chart--') == 8  # 3 KPI bars, 5 charts


def test_unplanned_and_waiting_posts(repo):
    html = report(repo)
    assert "<td>A post nobody planned</td>" in html
    assert '<th scope="row">Still waiting</th><td>X (Twitter)</td><td>Nov 20, 2026</td>' in html


def test_same_input_same_bytes(repo):
    assert report(repo) == report(repo)


def test_report_in_the_brands_locale(repo):
    html = report(repo, brand="dom")
    assert '<html lang="ru">' in html and "<title>Dom Kofe · Отчёт за месяц · ноябрь 2026" in html
    assert "Результатов за этот месяц пока нет" in html
    assert 'id="details"' not in html


def test_a_campaign_report_keeps_to_the_campaign(repo):
    html = report(repo, campaign="push")
    assert '<p class="cover__campaign">Campaign: &lt;script&gt;' in html
    assert "A post nobody planned" not in html  # unplanned posts belong to no campaign


# -- the command ------------------------------------------------------------------------------


def run(root: Path, *args: str):
    return CliRunner().invoke(
        cli,
        ["--root", str(root), "--now", NOW.isoformat(), "report", *args],
        catch_exceptions=False,
    )


@pytest.fixture
def measured(monkeypatch):
    """``measure`` as the pipeline has it, on the rows of ``tests.test_site_analytics``."""
    from smmplan import pipeline

    def measure(project, now, selection=None):
        return collect(project, rows(), now, selection)

    monkeypatch.setattr(pipeline, "measure", measure)


def test_command_writes_the_default_file_atomically(repo, measured):
    result = run(repo, "--brand", "kofe", "--month", "2026-11")
    assert result.exit_code == 0, result.output
    target = repo / "reports" / "kofe-2026-11.html"
    assert target.read_text("utf-8") == report(repo)
    assert sorted(p.name for p in target.parent.iterdir()) == ["kofe-2026-11.html"]
    first = target.read_bytes()
    assert run(repo, "--brand", "kofe", "--month", "2026-11").exit_code == 0
    assert target.read_bytes() == first


def test_command_out_and_campaign(repo, measured, tmp_path):
    out = tmp_path / "deep" / "push.html"
    result = run(
        repo, "--brand", "kofe", "--month", "2026-11", "--campaign", "push", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8") == report(repo, campaign="push")


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ("--brand", "kofee", "--month", "2026-11"),
            "--brand kofee: no such brand (did you mean 'kofe'?)",
        ),
        (
            ("--brand", "kofe", "--month", "2026-13"),
            "--month: '2026-13' is not a month; write it like 2026-11",
        ),
        (("--brand", "kofe", "--month", "11/2026"), "write it like 2026-11"),
        (
            ("--brand", "kofe", "--month", "2026-11", "--campaign", "nope"),
            "--campaign nope: no such campaign",
        ),
        (
            ("--brand", "dom", "--month", "2026-11", "--campaign", "push"),
            "a campaign of brand 'kofe'",
        ),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(repo, measured, tmp_path, args, message):
    out = tmp_path / "r.html"
    result = run(repo, *args, "--out", str(out))
    assert result.exit_code == 2 and message in result.output
    assert not out.exists()


def test_a_repository_without_exports_gets_a_report_saying_so(repo, tmp_path):
    out = tmp_path / "none.html"
    result = run(repo, "--brand", "kofe", "--month", "2026-11", "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert "No results for this month yet" in html and "No campaign of this brand" in html
