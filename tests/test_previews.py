"""The lookalike previews' data (views.lookalike) and their HTML on a post's page: the
avatar's initial, the link card's title and domain (and when a network shows none), the
grid sizes per network, the caption cut at the fold; hostile text stays text."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from smmplan.load import load_project
from smmplan.render.site import urls
from smmplan.render.site.data import Image, assemble
from smmplan.render.site.preview import Piece, TextPreview
from smmplan.render.site.views import render
from smmplan.render.site.views.lookalike import caption, domain, initial
from smmplan.render.site.views.post import pieces_html, safe_url
from tests.conftest import write

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
HOSTILE = '<img src=x onerror="window.__pwned=1">'


def test_the_initial_is_the_first_letter_or_digit_upper_case():
    assert initial("élan bakery") == "É"
    assert initial("  «Кофе на кухне»") == "К"
    assert initial("9 lives") == "9"
    assert initial("🍞 bread") == "B"
    assert initial("e\u0301clair") == "E\u0301"  # a letter and its combining accent
    assert initial("<>!") == "?"


@given(st.text(max_size=30))
def test_an_initial_is_one_upper_case_grapheme_of_the_name_or_a_question_mark(name):
    letter = initial(name)
    assert letter == "?" or (letter.upper() == letter and letter.casefold() in name.casefold())


def test_the_domain_is_the_host_without_www():
    assert domain("https://www.Example.org:8443/a?b=1") == "example.org"
    assert domain("https://shop.example.com") == "shop.example.com"
    assert domain("http://xn--80ak6aa92e.com/") == "xn--80ak6aa92e.com"


def text(*pieces: Piece) -> TextPreview:
    return TextPreview(pieces, 10, 100, "characters")


def test_a_caption_splits_at_the_fold():
    folded = text(
        Piece("Hello "),
        Piece("#tag", "hashtag"),
        Piece("", "fold", "folded"),
        Piece(" <rest>", None, "folded"),
    )
    split = caption(folded, lambda p: pieces_html(p, "… more", "fold", "cut"))
    assert split is not None
    assert split.shown == 'Hello <span class="smm-tag">#tag</span>'
    assert split.rest == '<span class="smm-folded"> &lt;rest&gt;</span>'
    assert caption(text(Piece("Whole")), str) is None


POSTS = {
    "smmplan.yml": "title: Plan\nlocale: en\ntimezone: UTC\n",
    "brands/kofe.yml": (
        "name: Kofe\ntimezone: UTC\n"
        f"accounts: {{x: '@kofe', facebook: '{HOSTILE}', telegram: '@kofe'}}\n"
    ),
    "content/posts/a.md": (
        f"---\ntitle: '{HOSTILE}'\nbrand: kofe\npublish_at: 2026-11-26 10:00\n"
        "link: 'https://www.example.org/x?a=<b>'\nnetworks: [x, facebook, telegram, vk]\n---\nHi\n"
    ),
    "content/posts/b.md": (
        "---\ntitle: Bad link\nbrand: kofe\npublish_at: 2026-11-26 11:00\n"
        "link: 'javascript:alert(1)'\nnetworks: [facebook]\n---\nHi\n"
    ),
}


def image(n: int, network: str) -> Image:
    return Image(f"media/{network}{n}.jpg", 1200, 675, network, "landscape", f"Alt {n}")


def post_page(tmp_path, images) -> dict[str, str]:
    root = write(tmp_path, POSTS)
    site = assemble(load_project(root), [], NOW, images=images)
    pages = {}
    for definition in site.pages():
        if definition.kind == "post":
            here = urls.page_url(definition.src_uri)
            pages[definition.key] = render(site, definition, here).html
    return pages


def section(html: str, network: str) -> str:
    match = re.search(
        rf'<section class="smm-preview[^"]*" id="net-{network}".*?</section>', html, re.S
    )
    assert match is not None, network
    return match.group(0)


def test_link_cards_show_title_and_domain_where_the_network_shows_them(tmp_path):
    pages = post_page(tmp_path, {})
    html = pages["content/posts/a.md"]
    card = (
        '<a class="smm-link-card" href="https://www.example.org/x?a=&lt;b&gt;" rel="nofollow noopener">'
        '<span class="smm-link-card__domain">example.org</span>'
        '<span class="smm-link-card__title">&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;</span></a>'
    )
    assert section(html, "facebook").count(card) == 1
    assert section(html, "telegram").count(card) == 1
    assert "smm-link-card" not in section(html, "x") + section(html, "vk")
    assert "smm-link-card" not in pages["content/posts/b.md"]  # javascript: is never a link
    assert (
        '<span class="smm-look__handle">&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;</span>'
        in section(html, "facebook")
    )
    assert HOSTILE not in html


def test_grids_hold_what_each_network_shows_at_once(tmp_path):
    images = {
        "content/posts/a.md": [image(n, net) for net in ("x", "facebook", "vk") for n in range(6)]
    }
    html = post_page(tmp_path, images)["content/posts/a.md"]
    x = section(html, "x")
    assert x.count('<figure class="smm-x-grid__cell">') == 4
    assert '<div class="smm-x-grid smm-x-grid--4" data-cells="4">' in x
    assert '<p class="smm-look__hidden">+2</p>' in x
    facebook = section(html, "facebook")
    assert facebook.count('class="smm-look__image"') == 6
    assert '<div class="smm-look__media smm-look__media--4">' in facebook
    assert "smm-link-card" not in facebook  # a post with pictures shows them, not the card
    assert section(html, "x").count('<span class="smm-avatar" aria-hidden="true">K</span>') == 1
    assert (
        section(html, "x").count('<span class="smm-renditions__item">landscape · 1200×675</span>')
        == 6
    )


def test_a_link_is_safe_only_over_http():
    assert safe_url(" https://a.example/ ") == "https://a.example/"
    assert safe_url("JavaScript:alert(1)") is None
