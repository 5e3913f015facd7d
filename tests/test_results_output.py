"""``smmplan metrics``: the JSON contract against its schema, csv, text, --explain, exit codes.

The command's reading of the metrics folder is replaced by rows built here, so these
tests do not depend on any export format.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import jsonschema
import pytest

import smmplan.cli.metrics as command
from smmplan.metrics_model import MetricsData, Snapshot, SpendRow
from smmplan.model import FileFinding, Finding
from smmplan.results import collect, to_json
from tests.conftest import NOW
from tests.test_results_match import COFFEE, SALE, post, project, row

SCHEMA = json.loads((Path(__file__).parent.parent / "docs/metrics.schema.json").read_text("utf-8"))
WHEN = "2026-11-23T06:00:00+00:00"
DAY = Snapshot("content/metrics/x.csv", "x", date(2026, 11, 22), "file")
CAMPAIGN = (
    "---\ntitle: BF\nstart: 2026-11-20\nend: 2026-11-30\nbudget: {amount: 50, currency: AZN}\n"
    "kpis:\n  - {metric: reach, target: 1000}\n---\nBrief\n"
)


def repo(tmp_path):
    posts = {
        "a": post(
            "A",
            "2026-11-20 10:00",
            "[x, telegram]",
            COFFEE,
            "campaign: bf\npublished: {x: '100'}\ntags: [daily]\n",
        ),
        "b": post("B", "2026-11-21 12:00", "[x]", SALE),
    }
    project(tmp_path, posts)
    (tmp_path / "content/campaigns").mkdir(parents=True, exist_ok=True)
    (tmp_path / "content/campaigns/bf.md").write_text(CAMPAIGN, encoding="utf-8")
    from smmplan.load import load_project

    return load_project(tmp_path)


DATA = MetricsData(
    snapshots=(DAY,),
    posts=(
        row(2, snapshot=DAY, post_id="100", metrics={"views": 900, "reach": 400, "reactions": 20}),
        row(
            3,
            snapshot=DAY,
            published=datetime(2026, 11, 21, 12, 20),
            text=SALE,
            metrics={"views": 300.5},
        ),
        row(
            4,
            snapshot=DAY,
            url="https://x.com/qehveevi/status/9",
            account="@qehveevi",
            text="=HYPERLINK(1)",
            metrics={"views": 7},
        ),
    ),
    spend=(
        SpendRow(
            Snapshot("content/metrics/ads.csv", "meta-ads", date(2026, 11, 22), "file"),
            3,
            "bf",
            12.5,
            "AZN",
        ),
    ),
)


@pytest.fixture
def exports(monkeypatch):
    """``smmplan metrics`` reads DATA instead of the metrics folder."""
    holder = {"data": DATA}
    monkeypatch.setattr(command, "load", lambda project, now: holder["data"])
    return holder


def test_the_json_is_the_documented_contract(tmp_path):
    payload = to_json(collect(repo(tmp_path), DATA, NOW))
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(
        payload
    )
    assert [(p["path"], p["network"], p["match"]) for p in payload["posts"]] == [
        (
            "content/posts/a.md",
            "x",
            {"by": "id", "confidence": 1, "reason": "content/posts/a.md records published.x: 100"},
        ),
        (
            "content/posts/b.md",
            "x",
            {
                "by": "time+text",
                "confidence": 0.9778,
                "reason": "0.3 h from its planned time; text similarity 1.00",
            },
        ),
    ]
    assert payload["posts"][0]["metrics"] == {"reach": 400, "reactions": 20, "views": 900}
    assert payload["posts"][1]["metrics"] == {"views": 300.5}
    (campaign,) = payload["campaigns"]
    assert {k: campaign[k] for k in ("id", "spend", "currency", "cost_per")} == {
        "id": "bf",
        "spend": 12.5,
        "currency": "AZN",
        "cost_per": {"cpm": 13.888889, "cpc": None, "key_event": None},  # 12.5 / 900 × 1000
    }
    assert campaign["kpis"] == [
        {
            "metric": "reach",
            "target": 1000,
            "actual": 400,
            "progress": 0.4,
            "expected": 310.606061,
            "pace": "ahead",
            "line": campaign["kpis"][0]["line"],
            "basis": "posts",
        }
    ]
    assert payload["unplanned"] == [
        {
            "file": "content/metrics/x.csv", "row": 4, "network": "x", "url": "https://x.com/qehveevi/status/9", "id": None,
            "brand": "qehve-evi", "account": "@qehveevi", "published_at": None,
            "reason": "the row has no publishing time and no post records its URL or id",
            "metrics": {"views": 7}, "engagement": None, "engagement_rate": None, "rate_of": None,
            "rows": [{"file": "content/metrics/x.csv", "row": 4}],
        }
    ]  # fmt: skip
    assert payload["no_results"] == [
        {
            "path": "content/posts/a.md",
            "network": "telegram",
            "brand": "qehve-evi",
            "publish_at": "2026-11-20T10:00:00+04:00",
            "status": "approved",
            "occurrence": None,
        }
    ]


def test_the_json_is_the_same_whatever_order_the_rows_come_in(tmp_path):
    p = repo(tmp_path)
    shuffled = MetricsData(posts=tuple(reversed(DATA.posts)), spend=DATA.spend)
    assert to_json(collect(p, DATA, NOW)) == to_json(collect(p, shuffled, NOW))


def test_metrics_json_through_the_command(tmp_path, smmplan, exports):
    repo(tmp_path)
    result = smmplan("--root", str(tmp_path), "--now", WHEN, "metrics", "--format", "json")
    assert result.exit_code == 0
    payload = json.loads(result.output)
    jsonschema.validate(payload, SCHEMA)
    assert payload["diagnostics"] == []
    assert len(payload["posts"]) == 2


def test_metrics_text_summary(tmp_path, smmplan, exports):
    repo(tmp_path)
    result = smmplan("--root", str(tmp_path), "--now", WHEN, "metrics", "--campaign", "bf")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[:4] == [
        "Campaign bf: BF (qehve-evi), 2026-11-20 to 2026-11-30",
        "  1 of 2 planned posts measured",
        "  reach  [########............]   40 %  400 / 1,000  ahead (expected 311 by now)",
        "  spend 12.50 of 50 AZN · CPM 13.89 (posts)",
    ]
    assert "Brand qehve-evi: Qəhvə Evi (Asia/Baku)" in lines
    assert "  top posts: not enough posts (1 of 5)" in lines


def test_metrics_csv_cells_cannot_become_formulas(tmp_path, smmplan, exports):
    repo(tmp_path)
    exports["data"] = MetricsData(
        posts=(
            row(
                4,
                snapshot=DAY,
                url='=HYPERLINK("http://evil")',
                account="@qehveevi",
                metrics={"views": 7},
            ),
        )
    )
    result = smmplan("--root", str(tmp_path), "--now", WHEN, "metrics", "--format", "csv")
    assert result.exit_code == 0
    table = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["kind"], r["url"], r["views"]) for r in table] == [
        ("unplanned", '\'=HYPERLINK("http://evil")', "7")
    ]


def test_explain_names_the_match_and_the_rows_considered(tmp_path, smmplan, exports):
    repo(tmp_path)
    result = smmplan(
        "--root", str(tmp_path), "--now", WHEN, "metrics", "--explain", "content/posts/b.md"
    )
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "content/posts/b.md",
        "  x (planned 2026-11-21 12:00 +0400, approved)",
        "    matched content/metrics/x.csv:3 by time+text, confidence 0.98: 0.3 h from its planned time; text similarity 1.00",
    ]
    result = smmplan(
        "--root", str(tmp_path), "--now", WHEN, "metrics", "--explain", "a", "--format", "json"
    )
    networks = {n["network"]: n for n in json.loads(result.output)["networks"]}
    assert [m["by"] for m in networks["x"]["matched"]] == ["id"]
    assert networks["telegram"]["matched"] == networks["telegram"]["considered"] == []


def test_explain_says_why_a_row_did_not_match(tmp_path, smmplan, exports):
    repo(tmp_path)
    near = row(
        5,
        snapshot=DAY,
        published=datetime(2026, 11, 21, 13, 0),
        text="A completely different caption about tea and cakes",
    )
    exports["data"] = MetricsData(posts=(near,))
    result = smmplan("--root", str(tmp_path), "--now", WHEN, "metrics", "--explain", "b")
    assert result.output.splitlines()[2:] == [
        "    no row matched",
        "    considered content/metrics/x.csv:5: 1.0 h away, text similarity 0.00, score 0.13;"
        " unplanned: no planned post's text is alike (best similarity 0.00 < 0.5)",
    ]


def test_exit_codes(tmp_path, smmplan, exports):
    repo(tmp_path)
    base = ("--root", str(tmp_path), "--now", WHEN, "metrics")
    assert smmplan(*base).exit_code == 0
    for wrong in (
        ("--brand", "qehve"),
        ("--campaign", "nope"),
        ("--from", "30.11.2026"),
        ("--from", "2026-11-30", "--to", "2026-11-01"),
        ("--explain", "nothing.md"),
    ):
        result = smmplan(*base, *wrong)
        assert result.exit_code == 2, wrong
    assert "did you mean 'qehve-evi'" in smmplan(*base, "--brand", "qehve").output
    broken = FileFinding(
        "content/metrics/broken.csv", Finding("invalid-value", "row 3: views is 'lots'", 3)
    )
    exports["data"] = MetricsData(findings=(broken,))
    result = smmplan(*base, "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.output)["diagnostics"] == [
        {"path": "content/metrics/broken.csv", "line": 3, "rule": "invalid-value", "message": "row 3: views is 'lots'",
         "code": "ST04", "severity": "error", "network": None}
    ]  # fmt: skip


def test_no_metrics_folder_is_no_error(tmp_path, smmplan):
    repo(tmp_path)
    result = smmplan("--root", str(tmp_path), "--now", WHEN, "metrics")
    assert result.exit_code == 0
    assert result.output.endswith(
        "No results yet (3):\n"
        "  content/posts/a.md telegram (2026-11-20 10:00 +0400)\n"
        "  content/posts/a.md x (2026-11-20 10:00 +0400)\n"
        "  content/posts/b.md x (2026-11-21 12:00 +0400)\n"
        "No analytics rows: drop the networks' exports into content/metrics/.\n"
    )
