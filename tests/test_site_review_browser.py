"""The "Waiting for review" page in a real browser (Debian's chromium): a brand's posts in
review, oldest first (earliest review_by, then earliest publish_at), each with the preview
of its networks, linked from the brand page and the board, and no script from a post runs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import write
from tests.test_site_browser import CHROMIUM, Watched, browser, serving  # noqa: F401 - fixture
from tests.test_site_build import build

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
)

HOSTILE = "<script>window.__pwned=1</script>{{ 7*7 }}"


def post(title: str, brand: str, front: str, body: str) -> str:
    return f"---\ntitle: {title}\nbrand: {brand}\nnetworks: [telegram]\n{front}---\n{body}\n"


REPO = {
    "smmplan.yml": "title: Review\nlocale: en\ntimezone: UTC\n",
    "brands/kofe.yml": "name: Kofe\ntimezone: UTC\nlocale: en\napprovers: [ana]\n",
    "brands/tea.yml": "name: Tea\ntimezone: UTC\nlocale: en\n",
    "brands/zen.yml": "name: Zen\ntimezone: UTC\nlocale: en\n",
    "content/posts/late.md": post(
        "Late review",
        "kofe",
        "status: review\nreview_by: 2026-11-24\npublish_at: 2026-12-05 10:00\n",
        "Overdue text #kofe",
    ),
    "content/posts/soon.md": post(
        "Due soon",
        "kofe",
        "status: review\nreview_by: 2026-11-27 10:00\npublish_at: 2026-11-28 10:00\n",
        "Soon text",
    ),
    "content/posts/dated.md": post(
        "No due date",
        "kofe",
        "status: review\npublish_at: 2026-11-26 10:00\n",
        f"Dated text {HOSTILE}",
    ),
    "content/posts/undated.md": post("Undated", "kofe", "status: review\n", "Undated text"),
    "content/posts/draft.md": post(
        "Still a draft", "kofe", "status: draft\nreview_by: 2026-11-20\n", "Draft text"
    ),
    "content/posts/tea.md": post(
        "Tea in review", "tea", "status: review\npublish_at: 2026-11-26 10:00\n", "Tea text"
    ),
}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory) -> Iterator[str]:
    root = write(tmp_path_factory.mktemp("repo"), REPO)
    result = build(root)  # now: 2026-11-25 09:00 UTC
    assert result.exit_code == 0, result.output
    with serving(root / "public") as url:
        yield url


def test_the_review_page_lists_posts_oldest_first_with_previews(browser, site_url):  # noqa: F811
    watched = Watched(browser)
    page = watched.open(site_url + "brands/kofe/review/")
    assert page.locator("h1").first.inner_text() == "Kofe: waiting for review"
    titles = page.eval_on_selector_all(
        ".smm-review__title a", "links => links.map(a => a.textContent)"
    )
    assert titles == ["Late review", "Due soon", "No due date", "Undated"]
    texts = page.eval_on_selector_all(
        ".smm-review__item .smm-preview[data-network=telegram] .smm-text",
        "texts => texts.map(t => t.textContent)",
    )
    assert texts == ["Overdue text #kofe", "Soon text", f"Dated text {HOSTILE}", "Undated text"]
    overdue = page.eval_on_selector_all(
        ".smm-review__item--overdue", "items => items.map(i => i.dataset.post)"
    )
    assert overdue == ["content/posts/late.md"]
    dues = page.eval_on_selector_all(
        ".smm-review__due", "times => times.map(t => t.getAttribute('datetime'))"
    )
    assert dues == ["2026-11-25T00:00:00+00:00", "2026-11-27T10:00:00+00:00"]
    assert watched.errors == [] and watched.pwned() is None


def test_the_brand_page_and_the_board_link_to_it(browser, site_url):  # noqa: F811
    watched = Watched(browser)
    page = watched.open(site_url + "brands/kofe/")
    page.click(".smm-review-link")
    page.wait_for_load_state("load")
    assert page.url == site_url + "brands/kofe/review/"
    page = watched.open(site_url + "board/")
    names = page.eval_on_selector_all(
        ".smm-review-links a", "links => links.map(a => [a.textContent, a.href])"
    )
    assert names == [
        ["Kofe", site_url + "brands/kofe/review/"],
        ["Tea", site_url + "brands/tea/review/"],
        ["Zen", site_url + "brands/zen/review/"],
    ]
    page = watched.open(site_url + "brands/tea/review/")
    titles = page.eval_on_selector_all(
        ".smm-review__title a", "links => links.map(a => a.textContent)"
    )
    assert titles == ["Tea in review"]
    page = watched.open(site_url + "brands/zen/review/")
    assert page.locator(".smm-empty").inner_text() == "Nothing is waiting for review."
    assert watched.errors == []
