"""Nothing disappears: posts without a valid ``publish_at`` are listed in an "Unscheduled"
lane on the home page, the home week's page, its month and the board, with their problems.
"""

from __future__ import annotations

import re
from pathlib import Path

from smmplan.load import load_project
from smmplan.plan import unscheduled
from tests.test_site_build import build

DATED = "publish_at: 2026-11-25 10:00\n"
PLAN = {
    "content/posts/dated.md": (
        f"---\ntitle: Dated\nbrand: qehve-evi\n{DATED}status: draft\nnetworks: [telegram]\n"
        "---\nHello\n"
    ),
    "content/posts/later.md": (
        "---\ntitle: Later\nbrand: qehve-evi\npublish_at: 2026-12-09 10:00\nstatus: draft\n"
        "networks: [telegram]\n---\nLater\n"
    ),
    "content/posts/no-date.md": (
        "---\ntitle: No date\nbrand: qehve-evi\nstatus: draft\ntags: [poll]\n"
        "networks: [telegram]\n---\nHello\n"
    ),
    "content/posts/bad-date.md": (
        "---\ntitle: Bad date\nbrand: qehve-evi\npublish_at: 2026-11-31 10:00\nstatus: review\n"
        "networks: [telegram]\n---\nHello\n"
    ),
    "content/posts/half.md": (
        f"---\ntitle: Half\nbrand: qehve-evi\nstatus: draft\ntags: [poll, promo]\n"
        f"networks:\n  telegram: {{{DATED.strip()}}}\n  vk: {{}}\n---\nHello\n"
    ),
    "content/posts/gone.md": (
        "---\ntitle: Gone\nbrand: qehve-evi\nstatus: cancelled\nnetworks: [telegram]\n---\nHi\n"
    ),
    "content/posts/nowhere.md": "---\ntitle: Nowhere\nbrand: qehve-evi\nstatus: idea\n---\n",
}
LANE = [
    "content/posts/bad-date.md",
    "content/posts/half.md",
    "content/posts/no-date.md",
    "content/posts/nowhere.md",
]


def _paths(posts) -> list[str]:
    return [post.path for post in posts]


def test_posts_on_no_day_or_not_on_every_network_are_unscheduled(repo):
    project = load_project(repo(PLAN))
    assert _paths(unscheduled(project)) == LANE
    assert _paths(unscheduled(project, statuses=["cancelled"])) == ["content/posts/gone.md"]
    assert _paths(unscheduled(project, statuses=["review", "idea"])) == [
        "content/posts/bad-date.md",
        "content/posts/nowhere.md",
    ]
    assert _paths(unscheduled(project, tags=["poll"])) == [
        "content/posts/half.md",
        "content/posts/no-date.md",
    ]
    assert _paths(unscheduled(project, brands=["qehve-evi"])) == LANE
    assert unscheduled(project, brands=["other"]) == []


def _lane(html: str) -> list[str]:
    """The posts of a page's unscheduled lane, in order."""
    match = re.search(r'<section class="smm-unscheduled".*?</section>', html, re.S)
    if match is None:
        return []
    return re.findall(r'class="smm-unscheduled__item" data-post="([^"]+)"', match.group())


def _page(root: Path, url: str) -> str:
    return (root / "public" / url / "index.html").read_text(encoding="utf-8")


def test_the_lane_is_on_the_home_week_its_month_and_the_board(repo):
    root = repo(PLAN)
    assert build(root).exit_code == 0
    for url in ("", "week/2026-W48", "month/2026-11", "board"):
        html = _page(root, url)
        assert _lane(html) == LANE, url
        assert html.count('<h2 class="smm-unscheduled__head" id="smm-unscheduled-head">') == 1
        assert 'Unscheduled <span class="smm-board__count">4</span>' in html, url
    assert _lane(_page(root, "week/2026-W50")) == []
    assert _lane(_page(root, "month/2026-12")) == []


def test_each_unscheduled_post_shows_its_problems(repo):
    root = repo(PLAN)
    assert build(root).exit_code == 0
    lane = re.search(r'<section class="smm-unscheduled".*?</section>', _page(root, "board"), re.S)
    item = lane.group().split('data-post="content/posts/bad-date.md"', 1)[1].split("</li>", 1)[0]
    assert "publish_at: &#39;2026-11-31 10:00&#39; is not a real date" in item
    assert '<span class="smm-problem__rule">invalid-value</span>' in item


def test_no_lane_when_every_post_has_its_day(repo):
    root = repo({"content/posts/dated.md": PLAN["content/posts/dated.md"]})
    assert build(root).exit_code == 0
    for url in ("", "week/2026-W48", "month/2026-11", "board"):
        assert "smm-unscheduled" not in _page(root, url), url


def test_the_lane_builds_to_the_same_bytes(repo, tmp_path):
    root = repo(PLAN)
    assert build(root).exit_code == 0
    first = {url: _page(root, url) for url in ("", "month/2026-11", "board")}
    assert build(root).exit_code == 0
    assert {url: _page(root, url) for url in first} == first
