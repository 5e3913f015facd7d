"""A hostile repository's site in a real browser: every text field of settings, brands,
campaigns and posts holds script payloads, and no page runs any of them.

Every built page is opened in Debian's chromium; a dialog handler records any ``alert()``,
and ``window.__pwned`` (which every payload would set) must stay undefined. The payloads
are shown as text where the field is shown. Skipped without ``/usr/bin/chromium``.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.conftest import write
from tests.test_site_browser import CHROMIUM, Watched, browser, serving  # noqa: F401 - fixture
from tests.test_site_build import build

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")

SCRIPT = "<script>alert(1);window.__pwned=1</script>"
IMG = '<img src=x onerror="alert(2);window.__pwned=1">'
QUOTE = '"><script>alert(3);window.__pwned=1</script>'
APOSTROPHE = "'><svg onload=alert(4);window.__pwned=1>"
JINJA = "{{ 7*7 }}{% raw %}"

TITLE = f"Plan {SCRIPT}{IMG}"
BRAND_NAME = f"Cafe {QUOTE}{IMG}"
CAMPAIGN = f"Launch {APOSTROPHE}{SCRIPT}"
POST_TITLE = f"Post {QUOTE}{JINJA}"
ALT = f"Alt {QUOTE}{APOSTROPHE}"
TAG = f"tag {IMG}"


def quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def picture() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1200, 900), "#a0522d").save(out, "JPEG")
    return out.getvalue()


def hostile_repository(folder: Path) -> Path:
    post = (
        f"---\ntitle: {quoted(POST_TITLE)}\nbrand: cafe\ncampaign: launch\n"
        f"publish_at: 2026-11-26 10:00\nstatus: draft\ntags: [{quoted(TAG)}]\n"
        f"author: {quoted(IMG)}\nmedia:\n  - src: /content/media/a.jpg\n    alt: {quoted(ALT)}\n"
        "networks: [x, instagram, facebook]\n---\n"
        f"Text {SCRIPT} {IMG} #tag @cafe https://example.org/{QUOTE}\n"
    )
    files: dict[str, str | bytes] = {
        "smmplan.yml": (
            f"title: {quoted(TITLE)}\nlocale: en\ntimezone: UTC\n"
            f"site_url: {quoted('https://x.org/' + QUOTE)}\n"
        ),
        "brands/cafe.yml": (
            f"name: {quoted(BRAND_NAME)}\ntimezone: UTC\n"
            f"accounts: {{x: {quoted('@cafe' + IMG)}, instagram: {quoted(QUOTE)}}}\n"
            f"disclosure: [{quoted(SCRIPT)}]\nbanned_words: [{quoted(IMG)}]\n"
        ),
        "content/campaigns/launch.md": (
            f"---\ntitle: {quoted(CAMPAIGN)}\nbrand: cafe\nstart: 2026-11-20\nend: 2026-11-30\n"
            f"owner: {quoted(SCRIPT)}\nbudget: {{amount: 5, currency: {quoted(IMG)}}}\n"
            f"kpis:\n  - {{metric: {quoted(IMG)}, target: 5}}\n---\n"
            f"Brief {SCRIPT} [x](javascript:alert(5)) {IMG}\n"
        ),
        "content/posts/hostile.md": post,
        "content/posts/other.md": post.replace("2026-11-26 10:00", "2026-12-02 10:00"),
        "content/media/a.jpg": picture(),
    }
    return write(folder, files)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = hostile_repository(tmp_path_factory.mktemp("hostile"))
    result = build(root)
    assert result.exit_code == 0, result.output
    return root / "public"


def page_urls(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html")
    )


def test_no_page_of_a_hostile_repository_runs_a_script(browser, hostile_site):  # noqa: F811
    urls = page_urls(hostile_site)
    assert urls == [
        "", "404.html", "about/", "board/", "brands/", "brands/cafe/", "brands/cafe/review/", "campaigns/",
        "campaigns/launch/", "links/cafe/", "media/", "media/a-jpg/",
        "month/2026-11/", "month/2026-12/", "posts/hostile/",
        "posts/other/", "problems/", "week/2026-W48/", "week/2026-W49/",
    ]  # fmt: skip
    watched = Watched(browser)
    with serving(hostile_site) as base:
        for url in urls:
            watched.open(base + url)
            watched.page.wait_for_timeout(50)
            assert watched.pwned() is None, url
    assert watched.dialogs == []


def test_the_payloads_are_shown_as_text(browser, hostile_site):  # noqa: F811
    watched = Watched(browser)
    with serving(hostile_site) as base:
        page = watched.open(base)
        assert page.title().endswith(f" - {TITLE}")
        assert page.locator(".md-header__topic").first.inner_text() == TITLE
        page = watched.open(base + "posts/hostile/")
        assert page.locator("h1").first.inner_text() == POST_TITLE
        alts = page.eval_on_selector_all("img[alt^='Alt ']", "i => i.map(x => x.alt)")
        assert alts and set(alts) == {ALT}
        body = page.locator("body").inner_text()
        assert SCRIPT in body and IMG in body and TAG in body
        page = watched.open(base + "brands/cafe/")
        heading = page.locator("h1").first.inner_text()
        assert heading == f"{BRAND_NAME} 2"  # the badge: both hostile handles are invalid
        page = watched.open(base + "campaigns/launch/")
        assert page.locator("h1").first.inner_text().startswith(CAMPAIGN)  # then its badge
        assert page.locator("a[href^='javascript:']").count() == 0
        problems = watched.open(base + "problems/").locator("body").inner_text()
        assert "site_url" in problems
        assert watched.pwned() is None and watched.dialogs == []
