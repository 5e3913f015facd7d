"""The link-in-bio page and the media library in a real browser (Debian's chromium): the bio
page fits a 390 px phone screen without sideways scrolling, with no script needed, and a
media page lists the posts that use its file."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PIL import Image

from tests.conftest import write
from tests.test_site_browser import CHROMIUM, Watched, browser, serving  # noqa: F401 - fixture
from tests.test_site_build import build

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
)

LONG = "Veryveryverylongwordwithoutanyspacesthatmustwrapinsteadofscrolling" * 2
REPO = {
    "smmplan.yml": "title: Bio\nlocale: en\ntimezone: UTC\n",
    "brands/kofe.yml": (
        "name: Kofe\ntimezone: UTC\nlocale: en\naccounts: {instagram: '@kofe.na.kuhne.long'}\n"
        "utm: {source: '{network}', medium: social}\n"
    ),
    "content/posts/cup.md": (
        "---\ntitle: Morning cup\nbrand: kofe\nstatus: published\npublish_at: 2026-11-20 09:00\n"
        "approved_by: ana\nlink: https://kofe.example/cup\nnetworks: [telegram]\n"
        "media: [{src: /content/media/cup.jpg, alt: A cup, credit: Ana, license: CC0 1.0}]\n"
        "---\nCoffee.\n"
    ),
    "content/posts/long.md": (
        f"---\ntitle: {LONG}\nbrand: kofe\nstatus: published\npublish_at: 2026-11-21 09:00\n"
        "approved_by: ana\nlink: https://kofe.example/long\nnetworks: [telegram]\n"
        "media: [{src: /content/media/cup.jpg, alt: A cup}]\n---\nCoffee.\n"
    ),
}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory) -> Iterator[str]:
    root = write(tmp_path_factory.mktemp("repo"), REPO)
    (root / "content/media").mkdir(parents=True)
    Image.new("RGB", (1600, 1200), "#a0522d").save(root / "content/media/cup.jpg")
    result = build(root)
    assert result.exit_code == 0, result.output
    with serving(root / "public") as url:
        yield url


def test_the_bio_page_fits_a_phone_without_sideways_scroll(browser, site_url):  # noqa: F811
    watched = Watched(browser, viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = watched.open(site_url + "links/kofe/")
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths == [390, 390]
    hrefs = page.eval_on_selector_all(".smm-bio__link", "links => links.map(a => a.href)")
    assert hrefs == [
        "https://kofe.example/long?utm_source=link-in-bio&utm_medium=social",
        "https://kofe.example/cup?utm_source=link-in-bio&utm_medium=social",
    ]
    sizes = page.eval_on_selector_all(
        ".smm-bio__image", "images => images.map(i => [i.complete && i.naturalWidth > 0])"
    )
    assert sizes == [[True], [True]]
    box = page.locator(".smm-bio__link").first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert watched.errors == []


def test_the_media_page_lists_its_posts(browser, site_url):  # noqa: F811
    watched = Watched(browser)
    page = watched.open(site_url + "media/cup-jpg/")
    titles = page.eval_on_selector_all(
        ".smm-media__uses tbody tr td:nth-child(2) a", "links => links.map(a => a.textContent)"
    )
    assert titles == ["Morning cup", LONG]
    assert page.locator(".smm-facts").inner_text().count("CC0 1.0") == 1
    page.locator(".smm-media__uses a", has_text="Morning cup").click()
    page.wait_for_load_state("load")
    assert page.url == site_url + "posts/cup/"
    index = watched.open(site_url + "media/")
    assert index.eval_on_selector_all(
        ".smm-media__index tr[data-media]", "rows => rows.map(r => r.dataset.media)"
    ) == ["content/media/cup.jpg"]
    assert watched.errors == []
