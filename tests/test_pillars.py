"""Content pillars: the share parser, brand and post keys, ``content-mix`` by week and
month, the mix bars on the site and the results by pillar."""

from __future__ import annotations

import math
import re
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smmplan.check.mix import brand_mixes
from smmplan.load import load_project
from smmplan.load.pillars import percent_text, pillars, share
from smmplan.results.brands import by_pillar
from smmplan.results.model import Measured
from tests.conftest import BRAND, found, write
from tests.test_site_build import build, html_of

PILLARS = "pillars: {educate: 40%, entertain: 30%, promote: 20%, community: 10%}\n"
WITH_PILLARS = BRAND + PILLARS  # the pillars on line 11


def post(day: str, pillar: str | None, *, status: str = "draft", at: str = "12:00") -> str:
    named = f"pillar: {pillar}\n" if pillar else ""
    return (
        f"---\ntitle: T\npublish_at: 2026-{day} {at}\nstatus: {status}\n{named}"
        "networks: [telegram]\n---\nBody\n"
    )


def posts(*items: tuple[str, str | None]) -> dict[str, str]:
    return {f"content/posts/p{n}.md": post(day, pillar) for n, (day, pillar) in enumerate(items)}


def messages(root: Path, rule: str) -> list[tuple[str, int, str]]:
    from tests.conftest import check

    return [(d.path, d.line, d.message) for d in check(root) if d.rule == rule]


# -- the share parser ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [("40%", 40.0), (40, 40.0), ("40", 40.0), ("12.5 %", 12.5), (0, 0.0), (100, 100.0)],
)
def test_a_share_is_a_percentage(written, value):
    assert share(written) == value


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("forty", "'forty' is not a percentage: write it like 40%"),
        ("150%", "'150%' is not a percentage between 0% and 100%"),
        (-5, "'-5' is not a percentage between 0% and 100%"),
        ("-5%", "'-5%' is not a percentage: write it like 40%"),
        (True, "expected a percentage like 40%, got true (a yes/no value)"),
        (math.inf, "'inf' is not a percentage between 0% and 100%"),
        ({"a": 1}, "expected a percentage like 40%, got a mapping"),
    ],
)
def test_a_share_that_is_not_a_percentage(written, message):
    with pytest.raises(ValueError) as error:
        share(written)
    assert str(error.value) == message


@given(st.integers(0, 1000))
def test_shares_in_tenths_read_back_as_written(tenths):
    number = tenths / 10
    text = percent_text(number)
    assert share(text) == number
    assert share(text.removesuffix("%")) == number
    assert share(number) == number


@given(st.text(max_size=12))
def test_any_text_is_a_share_in_range_or_a_value_error(text):
    try:
        value = share(text)
    except ValueError:
        return
    assert 0 <= value <= 100


@given(st.lists(st.integers(1, 100), min_size=1, max_size=8))
def test_shares_are_accepted_exactly_when_they_add_up_to_100(weights):
    written = {f"p{n}": f"{w}%" for n, w in enumerate(weights)}
    if abs(sum(weights) - 100) <= 1:
        assert pillars(written) == {f"p{n}": float(w) for n, w in enumerate(weights)}
    else:
        with pytest.raises(ValueError, match=f"add up to {sum(weights)}%, not 100%"):
            pillars(written)


# -- brands and posts ------------------------------------------------------------------------


def test_a_brand_reads_its_pillars_and_tolerance(repo):
    root = repo(brand=WITH_PILLARS + "pillar_tolerance: 15\n")
    brand = load_project(root).brands["qehve-evi"]
    assert dict(brand.pillars) == {"educate": 40, "entertain": 30, "promote": 20, "community": 10}
    assert (brand.pillar_tolerance, brand.lines["pillars"]) == (15.0, 11)
    assert load_project(repo(brand=WITH_PILLARS)).brands["qehve-evi"].pillar_tolerance == 10.0


def test_shares_that_do_not_add_up_are_an_error_at_the_line(repo):
    root = repo(brand=BRAND + "pillars:\n  educate: 40%\n  promote: 50%\n")
    assert messages(root, "invalid-value") == [
        ("brands/qehve-evi.yml", 11, "pillars: the shares add up to 90%, not 100%")
    ]


def test_a_bad_pillar_name_and_a_bad_tolerance(repo):
    root = repo(brand=BRAND + "pillars: {Educate: 100%}\npillar_tolerance: lots\n")
    assert messages(root, "invalid-value") == [
        (
            "brands/qehve-evi.yml",
            11,
            "pillars: 'Educate' is not a pillar name: lower-case letters, digits, - or _",
        ),
        (
            "brands/qehve-evi.yml",
            12,
            "pillar_tolerance: 'lots' is not a percentage: write it like 40%",
        ),
    ]


def test_an_unknown_pillar_suggests_the_closest(repo):
    root = repo({"content/posts/a.md": post("11-24", "promo")}, brand=WITH_PILLARS)
    assert messages(root, "unknown-reference") == [
        (
            "content/posts/a.md",
            5,
            "pillar 'promo' is not one of Qəhvə Evi's pillars"
            " (educate, entertain, promote, community) (did you mean 'promote'?)",
        )
    ]
    assert load_project(root).posts[0].pillar is None


def test_a_post_without_a_pillar_is_fine_at_every_stage(repo):
    root = repo({"content/posts/a.md": post("11-24", None, status="review")}, brand=WITH_PILLARS)
    assert [d for d in found(root) if d[2] in ("unknown-reference", "content-mix")] == []


# -- content-mix -----------------------------------------------------------------------------


def test_a_week_and_a_month_heavy_on_promotion(repo):
    week = [("11-24", "promote"), ("11-25", "promote"), ("11-26", "promote")]
    root = repo(posts(*week, ("11-27", "educate"), ("11-28", "entertain")), brand=WITH_PILLARS)
    tail = "promote 60% (target 20%), educate 20% (target 40%); 5 posts with a pillar"
    assert messages(root, "content-mix") == [
        ("brands/qehve-evi.yml", 11, f"2026-11: {tail}"),
        ("brands/qehve-evi.yml", 11, f"2026-W48: {tail}"),
    ]


def test_posts_without_a_pillar_are_left_out_of_the_shares(repo):
    items = [("11-24", "educate"), ("11-24", None), ("11-25", "educate"), ("11-25", None)]
    items += [("11-26", "entertain"), ("11-27", "entertain"), ("11-28", "promote")]
    root = repo(posts(*items), brand=WITH_PILLARS)
    assert messages(root, "content-mix") == []
    brand = load_project(root).brands["qehve-evi"]
    weeks, months = brand_mixes(load_project(root), brand)
    assert [(m.period, dict(m.counts), m.unassigned) for m in weeks] == [
        ("2026-W48", {"educate": 2, "entertain": 2, "promote": 1, "community": 0}, 2)
    ]
    assert [m.period for m in months] == ["2026-11"]


def test_periods_follow_the_brand_time_zone(repo):
    # 01:00 on Monday 30 November in Baku is still Sunday 29 (week 48) in UTC.
    late = post("11-30T01:00:00+04:00", "promote").replace(" 12:00", "")
    files = {"content/posts/late.md": late, **posts(("11-24", "educate"))}
    project = load_project(repo(files, brand=WITH_PILLARS))
    weeks, _ = brand_mixes(project, project.brands["qehve-evi"])
    assert [(m.period, m.assigned) for m in weeks] == [("2026-W48", 1), ("2026-W49", 1)]


def test_ideas_cancelled_posts_and_other_brands_are_not_counted(repo):
    files = {
        "brands/other.yml": "name: Other\ntimezone: UTC\n" + PILLARS,
        "content/posts/a.md": post("11-24", "promote", status="idea").replace(
            "title: T\n", "title: T\nbrand: qehve-evi\n"
        ),
        "content/posts/b.md": post("11-24", "promote", status="cancelled").replace(
            "title: T\n", "title: T\nbrand: qehve-evi\n"
        ),
        "content/posts/c.md": post("11-24", "promote").replace(
            "title: T\n", "title: T\nbrand: other\n"
        ),
    }
    project = load_project(repo(files, brand=WITH_PILLARS))
    assert brand_mixes(project, project.brands["qehve-evi"]) == ([], [])
    weeks, _ = brand_mixes(project, project.brands["other"])
    assert [(m.period, dict(m.counts)) for m in weeks] == [
        ("2026-W48", {"educate": 0, "entertain": 0, "promote": 1, "community": 0})
    ]


def test_a_post_timed_per_network_counts_once_at_its_earliest_time(repo):
    text = (
        "---\ntitle: T\npillar: educate\nnetworks:\n  telegram: {publish_at: 2026-12-01 12:00}\n"
        "  x: {publish_at: 2026-11-29 12:00}\n---\nBody\n"
    )
    project = load_project(repo({"content/posts/a.md": text}, brand=WITH_PILLARS))
    weeks, months = brand_mixes(project, project.brands["qehve-evi"])
    assert [(m.period, m.assigned) for m in (*weeks, *months)] == [("2026-W48", 1), ("2026-11", 1)]


# -- the site and the results ----------------------------------------------------------------

SITE = {
    "smmplan.yml": "title: Plan\nlocale: en\ntimezone: UTC\n",
    "brands/qehve-evi.yml": BRAND.replace("Qəhvə Evi", "Qəhvə <b>Evi</b>") + PILLARS,
    **posts(("11-24", "promote"), ("11-25", "promote"), ("11-26", "promote")),
    "content/posts/q3.md": post("11-27", "educate"),
    "content/posts/q4.md": post("11-28", "entertain", at="16:00"),
    "content/posts/q5.md": post("11-26", None, at="17:00"),
}
WEEK_ROWS = (
    '<tr class="smm-mix__pillar smm-mix__pillar--under"><th scope="row"><span class="smm-mix__key'
    ' smm-mix__part--0"></span>educate</th><td>1</td><td>20% <strong>under target</strong></td>'
    "<td>40%</td></tr>\n"
    '<tr class="smm-mix__pillar"><th scope="row"><span class="smm-mix__key smm-mix__part--1"></span>'
    "entertain</th><td>1</td><td>20%</td><td>30%</td></tr>\n"
    '<tr class="smm-mix__pillar smm-mix__pillar--over"><th scope="row"><span class="smm-mix__key'
    ' smm-mix__part--2"></span>promote</th><td>3</td><td>60% <strong>over target</strong></td>'
    "<td>20%</td></tr>\n"
    '<tr class="smm-mix__pillar"><th scope="row"><span class="smm-mix__key smm-mix__part--3"></span>'
    "community</th><td>0</td><td>0%</td><td>10%</td></tr>\n"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = write(tmp_path_factory.mktemp("repo"), SITE)
    result = build(root)
    assert result.exit_code == 0, result.output
    return root / "public"


def test_the_week_page_shows_the_mix_against_the_targets(site):
    html = html_of(site, "week/2026-W48")
    assert html.count('<figure class="smm-mix"') == 1
    assert "Content mix of Qəhvə &lt;b&gt;Evi&lt;/b&gt;, 2026-W48</figcaption>" in html
    assert WEEK_ROWS in html
    assert (
        '<span class="smm-mix__part smm-mix__part--2" style="width: 60%" title="promote 60%">'
        "promote 60%</span>"
    ) in html
    assert (
        '<p class="smm-mix__note">A share may stray 10% from its target.'
        " 1 post names no pillar and is not counted.</p>"
    ) in html


def test_the_brand_page_shows_the_mix_month_by_month(site):
    html = html_of(site, "brands/qehve-evi")
    assert '<h2 id="mix">Content mix</h2>' in html
    assert 'data-period="2026-11"' in html and WEEK_ROWS in html


def test_results_by_pillar_follow_the_brand_order(repo):
    brand = load_project(repo(brand=WITH_PILLARS)).brands["qehve-evi"]

    def measured(pillar: str | None) -> Measured:
        return Measured("x", "qehve-evi", MappingProxyType({"likes": 2.0}), (), None, pillar=pillar)

    items = [measured("promote"), measured(None), measured("educate"), measured("promote")]
    groups = by_pillar(items, brand)
    assert [(g.key, g.n, dict(g.totals)) for g in groups] == [
        ("educate", 1, {"likes": 2.0}),
        ("promote", 2, {"likes": 4.0}),
    ]


def test_the_analytics_chart_by_pillar_uses_pillar_where_the_brand_has_pillars(tmp_path):
    from tests.test_site_analytics import analytics_repo, measured, page_html

    files = analytics_repo()
    files["brands/kofe.yml"] += "pillars: {educate: 50%, promote: 50%}\n"
    for name in [n for n in files if n.startswith("content/posts/2026/11/p")][:5]:
        pillar = "promote" if "tags: [promo" in files[name] else "educate"
        files[name] = files[name].replace("networks:", f"pillar: {pillar}\nnetworks:", 1)
    root = write(tmp_path, files)
    html = page_html(root, "analytics", "kofe", measured(root))
    chart = html.split('id="by-tag"', 1)[1].split("</figure>", 1)[0]
    assert "<figcaption>Engagement by pillar (n = 5)</figcaption>" in chart
    assert re.findall(r'<th scope="row">([^<]+)</th><td class="smm-num">(\d+)</td>', chart) == [
        ("educate", "3"),
        ("promote", "2"),
    ]


def test_the_metrics_json_breaks_results_down_by_pillar(tmp_path):
    import jsonschema

    from smmplan.results.output import to_json
    from tests.test_results_output import SCHEMA
    from tests.test_site_analytics import analytics_repo, measured

    files = analytics_repo()
    files["brands/kofe.yml"] += "pillars: {educate: 50%, promote: 50%}\n"
    name = "content/posts/2026/11/p02.md"
    files[name] = files[name].replace("networks:", "pillar: promote\nnetworks:", 1)
    payload = to_json(measured(write(tmp_path, files)))
    jsonschema.Draft202012Validator(SCHEMA).validate(payload)
    kofe = next(b for b in payload["brands"] if b["id"] == "kofe")
    assert [(g["key"], g["n"]) for g in kofe["by_pillar"]] == [("promote", 1)]
    pillars_of_posts = {p["path"]: p["pillar"] for p in payload["posts"] if p["pillar"]}
    assert pillars_of_posts == {name: "promote"}


def test_the_brand_and_post_schemas_know_pillars():
    import jsonschema

    from smmplan.workflow.schema import schema

    brand, post_schema = schema("brand"), schema("post")
    good = {"name": "Q", "timezone": "UTC", "pillars": {"educate": "40%", "promote": 60}}
    jsonschema.validate({**good, "pillar_tolerance": "5%"}, brand)
    for pillars_written in ({"educate": "40 percent"}, {"Educate": 40}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({**good, "pillars": pillars_written}, brand)
    jsonschema.validate({"title": "T", "pillar": "educate"}, post_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "T", "pillar": ["educate"]}, post_schema)
