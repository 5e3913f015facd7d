"""The network lookalikes on a post's page, in a real browser (Debian's chromium): who
posts (name, handle, avatar initial in the brand's colour), X's grid for one to four
pictures, Instagram's picture in the rendition's crop with the caption folded after the
network's 125 characters, Facebook's and Telegram's link cards with title and domain,
Telegram's bubble. Skipped without ``/usr/bin/chromium``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PIL import Image as Picture

from tests.conftest import write
from tests.test_site_browser import CHROMIUM, Watched, browser, serving  # noqa: F401 - fixture
from tests.test_site_build import build

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")

CAPTION = "Spring is here. " * 15  # 240 characters: Instagram folds after 125
BRAND = (
    "name: élan bakery\ntimezone: UTC\ncolour: '#F0E442'\n"
    "accounts: {x: '@elan_bakery', instagram: elanbakery, facebook: ElanBakery,"
    " telegram: '@elanbakery'}\n"
)


def media(count: int) -> str:
    return "media:\n" + "".join(f"  - {{src: p{n}.jpg, alt: Picture {n}}}\n" for n in range(count))


def post(slug: str, network: str, extra: str, text: str = "Fresh bread.") -> str:
    return (
        f"---\ntitle: {slug}\nbrand: elan\nstatus: draft\npublish_at: 2026-11-26 10:00\n"
        f"networks: [{network}]\n{extra}---\n{text}\n"
    )


PREVIEW_REPO = {
    "smmplan.yml": "title: Previews\nlocale: en\ntimezone: UTC\n",
    "brands/elan.yml": BRAND,
    **{f"content/posts/x{n}/x{n}.md": post(f"Grid {n}", "x", media(n)) for n in range(1, 5)},
    "content/posts/ig/ig.md": post("Crop", "instagram", media(1), CAPTION.strip()),
    "content/posts/fb/fb.md": post(
        "Spring menu", "facebook", "link: https://www.example.org/spring?from=fb\n"
    ),
    "content/posts/tg/tg.md": (
        "---\nbrand: elan\nstatus: draft\npublish_at: 2026-11-26 10:00\nnetworks: [telegram]\n"
        "link: https://shop.example.com/a\n---\nOrder now.\n"
    ),
}


@pytest.fixture(scope="module")
def preview_url(tmp_path_factory) -> Iterator[str]:
    root = write(tmp_path_factory.mktemp("repo"), PREVIEW_REPO)
    for folder in ("x1", "x2", "x3", "x4", "ig"):
        for n in range(4):
            Picture.new("RGB", (800, 600), (40 * n, 90, 160)).save(
                root / f"content/posts/{folder}/p{n}.jpg"
            )
    result = build(root)
    assert result.exit_code == 0, result.output
    with serving(root / "public") as url:
        yield url


def identity(page, network: str) -> dict:
    look = page.locator(f".smm-preview[data-network={network}] .smm-look").first
    return look.evaluate(
        """l => {
          const avatar = l.querySelector('.smm-avatar');
          const style = getComputedStyle(avatar);
          return {look: l.dataset.look, name: l.querySelector('.smm-look__name').textContent,
                  handle: l.querySelector('.smm-look__handle').textContent,
                  initial: avatar.textContent, background: style.backgroundColor,
                  colour: style.color};
        }"""
    )


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_x_shows_one_to_four_pictures_in_its_grid(browser, preview_url, count):  # noqa: F811
    watched = Watched(browser, viewport={"width": 1280, "height": 900})
    page = watched.open(preview_url + f"posts/x{count}/")
    assert identity(page, "x") == {
        "look": "x",
        "name": "élan bakery",
        "handle": "@elan_bakery",
        "initial": "É",
        "background": "rgb(240, 228, 66)",
        "colour": "rgb(0, 0, 0)",  # black reads better than white on yellow
    }
    grid = page.locator(".smm-preview[data-network=x] .smm-x-grid")
    assert grid.get_attribute("class") == f"smm-x-grid smm-x-grid--{count}"
    cells = grid.locator(".smm-x-grid__cell")
    assert cells.count() == count
    boxes = [cells.nth(i).bounding_box() for i in range(count)]
    columns = sorted({round(b["x"]) for b in boxes})
    assert len(columns) == (1 if count == 1 else 2)
    if count == 3:  # one tall picture on the left, two stacked on the right
        assert round(boxes[0]["height"]) > round(boxes[1]["height"]) * 1.8
    if count == 4:
        assert len({round(b["y"]) for b in boxes}) == 2
    assert watched.errors == []


def test_instagram_keeps_the_crop_and_folds_the_caption(browser, preview_url):  # noqa: F811
    watched = Watched(browser, viewport={"width": 1280, "height": 900})
    page = watched.open(preview_url + "posts/ig/")
    assert identity(page, "instagram")["handle"] == "elanbakery"
    preview = page.locator(".smm-preview[data-network=instagram]")
    picture = preview.locator(".smm-ig-media__image")
    width, height = (int(picture.get_attribute(a)) for a in ("width", "height"))
    box = picture.bounding_box()
    assert box is not None and abs(box["width"] / box["height"] - width / height) < 0.02
    text = CAPTION.strip()
    assert preview.locator(".smm-caption__shown").inner_text() == text[:125]
    assert preview.locator(".smm-caption .smm-fold").inner_text() == "… more"
    rest = preview.locator(".smm-caption__rest")
    assert not rest.is_visible()
    preview.locator(".smm-caption summary").click()
    assert rest.is_visible() and rest.inner_text() == text[125:]
    assert not preview.locator(".smm-caption .smm-fold").is_visible()
    assert watched.errors == []


def test_facebook_shows_the_link_card(browser, preview_url):  # noqa: F811
    watched = Watched(browser)
    page = watched.open(preview_url + "posts/fb/")
    assert identity(page, "facebook")["handle"] == "ElanBakery"
    card = page.locator(".smm-preview[data-network=facebook] .smm-link-card")
    assert card.count() == 1
    assert card.locator(".smm-link-card__title").inner_text() == "Spring menu"
    assert card.locator(".smm-link-card__domain").inner_text().lower() == "example.org"
    assert card.get_attribute("href") == "https://www.example.org/spring?from=fb"
    assert watched.errors == []


def test_telegram_shows_a_bubble_with_the_link_card(browser, preview_url):  # noqa: F811
    watched = Watched(browser)
    page = watched.open(preview_url + "posts/tg/")
    assert identity(page, "telegram")["name"] == "élan bakery"
    look = page.locator(".smm-preview[data-network=telegram] .smm-look--telegram")
    bubble = look.locator(".smm-bubble")
    assert bubble.count() == 1
    assert bubble.locator(".smm-text").inner_text() == "Order now."
    card = bubble.locator(".smm-link-card")
    assert card.locator(".smm-link-card__title").inner_text() == "shop.example.com"  # no title
    assert card.locator(".smm-link-card__domain").inner_text() == "shop.example.com"
    assert bubble.locator(".smm-look__time--bubble").inner_text() == "10:00\u202fAM"
    radius = bubble.evaluate("b => getComputedStyle(b).borderBottomLeftRadius")
    assert radius == "4px"  # the bubble's tail corner
    outside, inside = look.evaluate(
        "l => [getComputedStyle(l).backgroundColor,"
        " getComputedStyle(l.querySelector('.smm-bubble')).backgroundColor]"
    )
    assert outside != inside
    assert watched.errors == []
