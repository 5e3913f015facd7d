"""The results rules: ``kpi-behind-pace`` from ``Context.progress``, ``publish-in-past``
silenced by ``Context.went_out``, and the results stage's findings stamped as rules."""

from __future__ import annotations

from datetime import UTC, date, datetime

from smmplan.check import run, stamp
from smmplan.metrics_model import MetricsData, Snapshot
from smmplan.results import collect
from tests.conftest import NOW
from tests.test_results_match import COFFEE, SALE, post, project, row

CAMPAIGN = (
    "---\ntitle: Black Friday 2026\nstart: 2026-11-20\nend: 2026-11-30\n{ignore}"
    "kpis:\n  - {{metric: reach, target: 1000}}\n  - {{metric: link_clicks, target: 100}}\n---\nBrief\n"
)
DAY = Snapshot("content/metrics/x.csv", "x", date(2026, 11, 22), "file")


def campaign_repo(tmp_path, ignore: str = ""):
    files = {
        "a": post("A", "2026-11-21 12:00", "[x]", SALE, "campaign: bf\npublished: {x: '501'}\n"),
    }
    project(tmp_path, files)
    path = tmp_path / "content/campaigns/bf.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CAMPAIGN.format(ignore=ignore), encoding="utf-8")
    from smmplan.load import load_project

    return load_project(tmp_path)


def behind(tmp_path, now=NOW, ignore: str = "", reach: float = 200, rows=True):
    p = campaign_repo(tmp_path, ignore)
    data = MetricsData(
        posts=(row(2, snapshot=DAY, post_id="501", metrics={"reach": reach, "link_clicks": 50}),)
        if rows
        else ()
    )
    results = collect(p, data, now)
    found = run(p, now, went_out=results.went_out, progress=results.progress)
    return p, [d for d in found if d.rule == "kpi-behind-pace"]


def test_kpi_behind_pace_warns_at_the_kpi(tmp_path):
    p, found = behind(tmp_path)
    line = p.campaigns["bf"].lines.get("kpis.0", p.campaigns["bf"].lines["kpis"])
    assert [(d.path, d.line, d.code, str(d.severity)) for d in found] == [
        ("content/campaigns/bf.md", line, "RS01", "warning")
    ]
    assert found[0].message == (
        "reach is 200 of 1,000 (20% of the target); a linear pace from 2026-11-20 to 2026-11-30"
        " expects 311 by now"
    )


def test_kpi_behind_pace_is_silent_on_track_without_results_after_the_end_or_ignored(tmp_path):
    assert behind(tmp_path / "a", reach=300)[1] == []
    assert behind(tmp_path / "b", rows=False)[1] == []
    assert behind(tmp_path / "c", now=datetime(2026, 12, 2, tzinfo=UTC))[1] == []
    assert behind(tmp_path / "d", ignore="ignore: [kpi-behind-pace]\n")[1] == []


def test_publish_in_past_skips_slots_an_export_shows_as_published(tmp_path):
    posts = {
        "a": post("A", "2026-11-20 10:00", "[x, telegram]", COFFEE, "published: {x: '77'}\n"),
        "b": post("B", "2026-11-20 14:00", "[x]", SALE),
    }
    p = project(tmp_path, posts)
    rows = (
        row(2, snapshot=DAY, post_id="77"),
        row(3, snapshot=DAY, published=datetime(2026, 11, 20, 14, 5), text=SALE),
    )
    results = collect(p, MetricsData(posts=rows), NOW)
    assert results.went_out == {("content/posts/a.md", "x"), ("content/posts/b.md", "x")}
    late = [d for d in run(p, NOW, went_out=results.went_out) if d.rule == "publish-in-past"]
    assert [d.path for d in late] == ["content/posts/a.md"]  # telegram has not come back yet
    everything = {
        ("content/posts/a.md", "x"),
        ("content/posts/a.md", "telegram"),
        ("content/posts/b.md", "x"),
    }
    assert [
        d for d in run(p, NOW, went_out=frozenset(everything)) if d.rule == "publish-in-past"
    ] == []
    assert len([d for d in run(p, NOW) if d.rule == "publish-in-past"]) == 2


def test_a_per_network_time_is_silenced_for_that_network_only(tmp_path):
    body = post(
        "A", "2026-11-20 10:00", "\n  x: {publish_at: 2026-11-20 12:00}\n  telegram: {}", COFFEE
    )
    p = project(tmp_path, {"a": body})
    late = run(p, NOW, went_out=frozenset({("content/posts/a.md", "x")}))
    assert [(d.rule, d.network) for d in late if d.rule == "publish-in-past"] == [
        ("publish-in-past", None)
    ]


def test_the_stages_findings_are_stamped_as_results_rules(tmp_path):
    p = campaign_repo(tmp_path)
    rows = (
        row(2, snapshot=DAY, account="@stranger", published=datetime(2026, 11, 21, 12), text=SALE),
        row(3, snapshot=DAY, account="@stranger", published=datetime(2026, 11, 21, 13), text=SALE),
    )
    results = collect(p, MetricsData(posts=rows), NOW)
    stamped = stamp(p, results.findings)
    assert [(d.path, d.line, d.rule, d.code, str(d.severity)) for d in stamped] == [
        ("content/metrics/x.csv", 2, "result-unknown-account", "RS04", "warning"),
    ]
    (tmp_path / "smmplan.yml").write_text(
        "rules: {result-unknown-account: off}\n", encoding="utf-8"
    )
    from smmplan.load import load_project

    assert stamp(load_project(tmp_path), results.findings) == []


def test_an_unknown_kpi_metric_is_named_with_a_suggestion(tmp_path):
    p = campaign_repo(tmp_path)
    path = tmp_path / "content/campaigns/bf.md"
    path.write_text(
        CAMPAIGN.format(ignore="").replace("link_clicks", "link_click"), encoding="utf-8"
    )
    from smmplan.load import load_project

    p = load_project(tmp_path)
    (found,) = [d for d in run(p, NOW) if d.rule == "kpi-unknown-metric"]
    assert (
        found.message
        == "KPI metric 'link_click' is not one smmplan can measure (did you mean 'link_clicks'?)"
    )
