"""A recurring post (``repeat:``) where it meets the rest: the content mix and its bars,
``new``'s free slots, the data exports' ``occurrence`` and the analytics of each
occurrence, down to the campaign's totals."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smmplan.check.mix import brand_mixes
from smmplan.load import load_project
from smmplan.metrics_model import MetricsData, PostRow, Snapshot
from smmplan.model import Occurrence, Repeat
from smmplan.results import collect, csv_rows, explain, match, to_json
from smmplan.workflow.new.slots import next_free_slot, why_no_slot
from tests.conftest import BRAND, NOW, check, write

PILLARS = "pillars: {educate: 40%, entertain: 30%, promote: 20%, community: 10%}\n"


def post(when: str, body: str = "Body", *, extra: str = "", networks: str = "[telegram]") -> str:
    return f"---\ntitle: T\npublish_at: {when}\n{extra}networks: {networks}\n---\n{body}\n"


def repo(tmp_path: Path, posts: dict[str, str], brand: str = BRAND) -> Path:
    files = {"brands/qehve-evi.yml": brand}
    files |= {f"content/posts/{name}.md": text for name, text in posts.items()}
    return write(tmp_path, files)


# -- the content mix -------------------------------------------------------------------------

# Monday 30 November 2026 12:00 in Baku, daily, five dates; the Wednesday skipped: four go out.
DAILY = "pillar: promote\nrepeat: {every: 1d, max: 5, skip: [2026-12-02]}\n"


def mix_repo(tmp_path: Path) -> Path:
    return repo(
        tmp_path,
        {
            "daily": post("2026-11-30 12:00", extra=DAILY),
            "once": post("2026-12-05 12:00", extra="pillar: educate\n"),
        },
        BRAND + PILLARS,
    )


def test_a_series_counts_once_per_occurrence_in_its_week_and_month(tmp_path):
    project = load_project(mix_repo(tmp_path))
    weeks, months = brand_mixes(project, project.brands["qehve-evi"])
    assert [(m.period, dict(m.counts), m.paths) for m in weeks] == [
        (
            "2026-W49",
            {"educate": 1, "entertain": 0, "promote": 4, "community": 0},
            ("content/posts/daily.md", "content/posts/once.md"),
        )
    ]
    assert [(m.period, m.counts["promote"], m.counts["educate"]) for m in months] == [
        ("2026-11", 1, 0),
        ("2026-12", 3, 1),
    ]


def test_content_mix_judges_the_occurrences_and_leaves_the_skipped_one_out(tmp_path):
    found = [
        (d.path, d.line, d.message) for d in check(mix_repo(tmp_path)) if d.rule == "content-mix"
    ]
    assert found == [
        (
            "brands/qehve-evi.yml",
            11,
            "2026-W49: promote 80% (target 20%), educate 20% (target 40%), entertain 0%"
            " (target 30%); 5 posts with a pillar",
        )
    ]


@pytest.fixture(scope="module")
def mix_project(tmp_path_factory):
    return load_project(mix_repo(tmp_path_factory.mktemp("mix")))


@given(
    st.lists(
        st.tuples(st.integers(0, 120), st.integers(0, 23), st.booleans()),
        min_size=1,
        max_size=40,
        unique_by=lambda item: item[:2],
    )
)
def test_the_periods_count_exactly_the_occurrences_that_go_out(mix_project, dates):
    project = mix_project
    daily = next(p for p in project.posts if p.repeat is not None)
    start = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    moments = sorted((start + timedelta(days=d, hours=h), skipped) for d, h, skipped in dates)
    occurrences = tuple(
        Occurrence(k, moment, 1, skipped=skipped) for k, (moment, skipped) in enumerate(moments)
    )
    series = replace(daily, publish_at=moments[0][0], repeat=Repeat(occurrences))
    weeks, months = brand_mixes(replace(project, posts=(series,)), project.brands["qehve-evi"])
    going = [m.astimezone(ZoneInfo("Asia/Baku")) for m, skipped in moments if not skipped]
    assert sum(m.assigned for m in weeks) == sum(m.assigned for m in months) == len(going)
    assert [m.period for m in months] == sorted({f"{m:%Y-%m}" for m in going})
    assert [m.counts["promote"] for m in weeks] == [
        sum(1 for m in going if m.isocalendar()[:2] == week)
        for week in sorted({m.isocalendar()[:2] for m in going})
    ]


def test_the_weeks_mix_bar_shows_each_occurrence(tmp_path):
    from smmplan.render.site.data import assemble
    from smmplan.render.site.views.pillars import brand_bars, week_bars

    site = assemble(load_project(mix_repo(tmp_path)), [], NOW)
    (bar,) = week_bars(site, "2026-W49")
    assert [(p.pillar, p.posts, p.share_text, p.off) for p in bar.parts] == [
        ("educate", 1, "20%", "under"),
        ("entertain", 0, "0%", "under"),
        ("promote", 4, "80%", "over"),
        ("community", 0, "0%", ""),
    ]
    assert (bar.assigned, bar.judged) == (5, True)
    brand = site.project.brands["qehve-evi"]
    assert [(b.period, b.assigned, b.judged) for b in brand_bars(site, brand)] == [
        ("2026-12", 4, False),
        ("2026-11", 1, False),
    ]


# -- new: the next free slot -----------------------------------------------------------------


def test_a_later_occurrence_occupies_its_slot(tmp_path):
    # Weekly at 08:00 from Monday 30 November; min_gap is 3h and Monday's window opens at 08:00.
    series = post("2026-11-30 08:00", extra="repeat: {every: 1w, max: 3}\n")
    project = load_project(repo(tmp_path, {"weekly": series}))
    brand = project.brands["qehve-evi"]
    found = next_free_slot(project, brand, NOW, date(2026, 12, 7))
    assert found is not None and found.isoformat() == "2026-12-07T11:00:00+04:00"
    after = next_free_slot(project, brand, NOW, date(2026, 12, 21))  # past the series' end
    assert after is not None and after.isoformat() == "2026-12-21T08:00:00+04:00"


def test_a_skipped_occurrence_leaves_its_slot_free(tmp_path):
    series = post("2026-11-30 08:00", extra="repeat: {every: 1w, max: 3, skip: [2026-12-07]}\n")
    project = load_project(repo(tmp_path, {"weekly": series}))
    found = next_free_slot(project, project.brands["qehve-evi"], NOW, date(2026, 12, 7))
    assert found is not None and found.isoformat() == "2026-12-07T08:00:00+04:00"


def test_a_day_full_of_occurrences_names_them(tmp_path):
    every_hour = (
        "repeat: [2026-12-07 11:00, 2026-12-07 14:00, 2026-12-07 17:00, 2026-12-07 20:00]\n"
    )
    project = load_project(repo(tmp_path, {"busy": post("2026-12-07 08:00", extra=every_hour)}))
    brand = project.brands["qehve-evi"]
    assert next_free_slot(project, brand, NOW, date(2026, 12, 7)) is None
    assert why_no_slot(project, brand, NOW, date(2026, 12, 7)) == (
        "every time on 2026-12-07 inside the posting windows is less than min_gap 3h from"
        " another post of qehve-evi: content/posts/busy.md at 08:00, content/posts/busy.md"
        " at 11:00, content/posts/busy.md at 14:00 and 2 more"
    )


# -- the data exports' occurrence ------------------------------------------------------------

SERIES = """\
---
title: Evergreen
publish_at: 2026-11-30 10:00
status: approved
approved_by: ilya
networks: [x, telegram]
repeat:
  every: 1w
  max: 4
  skip: [2026-12-14]
  variants: [Second text]
---
First text
"""
ONCE = "---\ntitle: Once\npublish_at: 2026-11-28 12:00\nstatus: approved\napproved_by: ilya\nnetworks: [x]\n---\nHi\n"
SERIES_BRAND = "name: Q\ntimezone: Asia/Baku\naccounts: {x: '@qqq', telegram: qqqqqq}\n"


def series_repo(tmp_path: Path) -> Path:
    files = {"brands/q.yml": SERIES_BRAND, "content/posts/a.md": SERIES, "content/posts/b.md": ONCE}
    return write(tmp_path, files)


def export_file(smmplan, root: Path, fmt: str, out: Path) -> None:
    now = ("--root", str(root), "--now", "2026-11-23T06:00Z")
    result = smmplan(*now, "export", "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output


def test_csv_and_json_name_each_occurrence(tmp_path, smmplan):
    jsonschema = pytest.importorskip("jsonschema")
    from smmplan.render.export.jsonfile import SCHEMA

    root = series_repo(tmp_path / "repo")
    export_file(smmplan, root, "csv", tmp_path / "plan.csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "plan.csv").read_text("utf-8-sig"))))
    assert [(r["post"], r["network"], r["publish_at"][:10], r["occurrence"]) for r in rows] == [
        ("content/posts/b.md", "x", "2026-11-28", ""),
        ("content/posts/a.md", "telegram", "2026-11-30", "1"),
        ("content/posts/a.md", "x", "2026-11-30", "1"),
        ("content/posts/a.md", "telegram", "2026-12-07", "2"),
        ("content/posts/a.md", "x", "2026-12-07", "2"),
        ("content/posts/a.md", "telegram", "2026-12-21", "4"),
        ("content/posts/a.md", "x", "2026-12-21", "4"),
    ]
    assert list(rows[0])[-1] == "occurrence"
    export_file(smmplan, root, "json", tmp_path / "plan.json")
    document = json.loads((tmp_path / "plan.json").read_text("utf-8"))
    jsonschema.validate(document, SCHEMA)
    assert [item["occurrence"] for item in document["items"]] == [None, 1, 1, 2, 2, 4, 4]


def test_the_workbook_types_the_occurrence_as_a_number(tmp_path, smmplan):
    openpyxl = pytest.importorskip("openpyxl")
    root = series_repo(tmp_path / "repo")
    export_file(smmplan, root, "xlsx", tmp_path / "plan.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "plan.xlsx").active
    header = [cell.value for cell in sheet[1]]
    column = header.index("occurrence")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == [None, 1, 1, 2, 2, 4, 4]
    assert {cell.data_type for cell in cells[1:]} == {"n"}


# -- analytics: each occurrence its own results ----------------------------------------------

SNAP = Snapshot("content/metrics/x.csv", "x", date(2026, 12, 22), "file")
LATER = datetime(2026, 12, 25, 6, 0, tzinfo=UTC)
CAMPAIGN = (
    "---\ntitle: Evergreen\nstart: 2026-11-20\nend: 2026-12-31\n"
    "kpis:\n  - {metric: reach, target: 1000}\n---\nBrief\n"
)


def analytics_repo(tmp_path: Path, series: str = SERIES) -> Path:
    series = series.replace("status: approved\n", "status: scheduled\ncampaign: ever\n")
    series = series.replace("networks: [x, telegram]", "networks: [x]\npublished: {x: '100'}")
    files = {
        "brands/q.yml": SERIES_BRAND,
        "content/posts/a.md": series,
        "content/campaigns/ever.md": CAMPAIGN,
    }
    return write(tmp_path, files)


def row(number: int, **fields) -> PostRow:
    return PostRow(SNAP, number, "x", **fields)


ROWS = (
    # the id published: records, posted at its time (the first occurrence)
    row(2, post_id="100", published=datetime(2026, 11, 30, 10, 5), metrics={"reach": 300}),
    # the second occurrence, by time and text (its variant's text), 40 minutes late
    row(
        3,
        url="https://x.com/qqq/status/200",
        published=datetime(2026, 12, 7, 10, 40),
        text="Second text",
        metrics={"reach": 250, "reactions": 12},
    ),
    # the fourth (the third is skipped): the text of the second again
    row(
        4,
        url="https://x.com/qqq/status/400",
        published=datetime(2026, 12, 21, 9, 30),
        text="Second text",
        metrics={"reach": 125.5},
    ),
)


def test_each_occurrence_gets_its_own_rows_and_figures(tmp_path):
    project = load_project(analytics_repo(tmp_path))
    matching = match(project, MetricsData(posts=ROWS))
    assert [(m.row.row, m.path, m.network, m.occurrence, m.match.by) for m in matching.matched] == [
        (2, "content/posts/a.md", "x", 0, "id"),
        (3, "content/posts/a.md", "x", 1, "time+text"),
        (4, "content/posts/a.md", "x", 3, "time+text"),
    ]
    results = collect(project, MetricsData(posts=ROWS), LATER)
    assert [(m.occurrence, m.at.isoformat(), dict(m.metrics)) for m in results.posts] == [
        (0, "2026-11-30T10:00:00+04:00", {"reach": 300.0}),
        (1, "2026-12-07T10:00:00+04:00", {"reach": 250.0, "reactions": 12.0}),
        (3, "2026-12-21T10:00:00+04:00", {"reach": 125.5}),
    ]
    assert results.no_results == ()
    assert results.went_out == frozenset({("content/posts/a.md", "x")})


def test_the_campaign_adds_up_its_occurrences(tmp_path):
    project = load_project(analytics_repo(tmp_path))
    results = collect(project, MetricsData(posts=ROWS), LATER)
    (campaign,) = results.campaigns
    assert (campaign.posts, campaign.measured) == (3, 3)
    assert dict(campaign.totals) == {"engagement": 12.0, "reach": 675.5, "reactions": 12.0}
    assert [(k.metric, k.actual, k.target) for k in campaign.kpis] == [("reach", 675.5, 1000.0)]
    payload = to_json(results)
    assert [(p["occurrence"], p["metrics"]) for p in payload["posts"]] == [
        (1, {"reach": 300}),
        (2, {"reach": 250, "reactions": 12}),
        (4, {"reach": 125.5}),
    ]
    header, rows = csv_rows(results)
    assert [(r[header.index("occurrence")], r[header.index("reach")]) for r in rows] == [
        ("1", "300"),
        ("2", "250"),
        ("4", "125.5"),
    ]


def test_an_occurrence_without_a_row_waits_for_its_results(tmp_path):
    project = load_project(analytics_repo(tmp_path))
    results = collect(project, MetricsData(posts=ROWS[:2]), LATER)
    assert [(w.network, w.occurrence, w.at.isoformat()) for w in results.no_results] == [
        ("x", 3, "2026-12-21T10:00:00+04:00")
    ]
    assert to_json(results)["no_results"][0]["occurrence"] == 4
    (campaign,) = results.campaigns
    assert (campaign.posts, campaign.measured, dict(campaign.totals)) == (
        3,
        2,
        {"engagement": 12.0, "reach": 550.0, "reactions": 12.0},
    )


def test_two_occurrences_in_one_window_the_nearest_takes_the_row(tmp_path):
    # 10:00 and 12:00 the same day, both within the 3-hour window of a row at 11:05 and
    # about as close to it: scored as two posts, they would make the row ambiguous.
    listed = SERIES.split("repeat:")[0] + "repeat: [2026-11-30 12:00]\n---\nFirst text\n"
    project = load_project(analytics_repo(tmp_path, listed))
    between = row(
        5,
        url="https://x.com/qqq/status/5",
        published=datetime(2026, 11, 30, 11, 5),
        text="First text",
        metrics={"reach": 10},
    )
    matching = match(project, MetricsData(posts=(between,)))
    assert [(m.occurrence, m.match.reason) for m in matching.matched] == [
        (1, "0.9 h from its planned time; text similarity 1.00")
    ]
    assert matching.findings == ()
    # by id, the occurrence nearest the row's time; the first one for a row without a time
    by_id = row(6, post_id="100", published=datetime(2026, 11, 30, 12, 10), metrics={"reach": 7})
    untimed = row(7, post_id="100", metrics={"reach": 8})
    found = match(project, MetricsData(posts=(by_id, untimed))).matched
    assert [(m.row.row, m.occurrence) for m in found] == [(6, 1), (7, 0)]


def test_explain_tells_the_occurrences_apart(tmp_path):
    project = load_project(analytics_repo(tmp_path))
    data = MetricsData(posts=ROWS)
    post = project.posts[0]
    explanation = explain(project, data, match(project, data), post)
    assert [
        (s.publish_at.date().isoformat(), [m.row.row for m in s.matched]) for s in explanation.slots
    ] == [
        ("2026-11-30", [2]),
        ("2026-12-07", [3]),
        ("2026-12-21", [4]),
    ]
    first = explanation.slots[0]
    assert [(c.row.row, c.outcome) for c in first.considered] == [(2, "matched here")]
    second = explanation.slots[1]
    assert [(c.row.row, c.outcome) for c in second.considered] == [
        (2, "matched to occurrence 1 (content/posts/a.md records published.x: 100)"),
        (3, "matched here"),
    ]


# -- the post page: each variant previewed ---------------------------------------------------


def series_page(tmp_path: Path, series: str) -> str:
    from smmplan.render.site.data import assemble
    from smmplan.render.site.views import Helpers, environment
    from smmplan.render.site.views.post import page

    root = write(tmp_path, {"brands/q.yml": SERIES_BRAND, "content/posts/a.md": series})
    site = assemble(load_project(root), [], NOW)
    h = Helpers(site, "posts/a/")
    template, context, _ = page(site, "content/posts/a.md", h)
    return environment().get_template(template).render(h=h, **context)


def folded(html: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(the date before it, summary, [(network, text shown)]) of each folded preview."""
    import re

    found = []
    for before, more in re.findall(
        r'<tr id="occurrence-([\d-]+)"[^>]*>(?:(?!<tr id=).)*?<tr class="smm-series__more">(.*?)</details></td></tr>',
        html,
        re.S,
    ):
        summary = re.search(r"<summary>(.*?)</summary>", more)[1]
        sections = re.findall(
            r'<section class="smm-series__preview" data-network="(\w+)">.*?<p class="smm-text">(?:<strong[^>]*>[^<]*</strong> )?(.*?)</p>',
            more,
            re.S,
        )
        found.append((before, summary, sections))
    return found


def test_each_variant_is_previewed_once_on_its_first_date(tmp_path):
    html = series_page(
        tmp_path, SERIES.replace("variants: [Second text]", "variants: [Second text, Third text]")
    )
    assert folded(html) == [
        ("2026-12-07", "variant 1", [("x", "Second text"), ("telegram", "Second text")]),
        # its only date is skipped: previewed there all the same
        ("2026-12-14", "variant 2", [("x", "Third text"), ("telegram", "Third text")]),
    ]
    assert html.count('class="smm-series__more"') == 2


def test_a_network_with_its_own_text_and_a_skipped_first_date(tmp_path):
    own = SERIES.replace("networks: [x, telegram]", "networks:\n  x: {}\n  telegram: {text: Own}")
    skipped = own.replace("skip: [2026-12-14]", "skip: [2026-12-07]").replace("max: 4", "max: 5")
    assert folded(series_page(tmp_path, skipped)) == [
        ("2026-12-21", "variant 1", [("x", "Second text")])
    ]
