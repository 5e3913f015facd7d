"""The markup smmplan writes in Python rather than in templates, byte for byte: the
look-alike preview (views.look_html: each network's layout of pictures, a thread's parts,
a caption folded behind "more", a text the network does not show, Telegram's time in the
bubble), a text's pieces (views.post.pieces_html) and a post's card (views.cards); every
value escaped."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from smmplan.render.site.data import Image
from smmplan.render.site.preview import FOLDED, OVER, Piece
from smmplan.render.site.views.cards import card_html
from smmplan.render.site.views.look_html import lookalike
from smmplan.render.site.views.lookalike import Caption, Identity, LinkCard, Look
from smmplan.render.site.views.post import Bubble, pieces_html

HOSTILE = '<b a="1">&'
MOMENT = datetime(2026, 11, 26, 10, 5, tzinfo=UTC)


class Helpers:
    """What the look-alike asks of the views' helpers: words, times and links."""

    def t(self, key: str, **values) -> str:
        return key + "".join(f"|{k}={v}" for k, v in sorted(values.items()))

    def network(self, network: str) -> str:
        return network.upper()

    def time(self, moment: datetime) -> str:
        return f"{moment:%H:%M}"

    def link(self, url: str) -> str:
        return "../../" + url


def image(n: int, alt: str | None = None) -> Image:
    return Image(f"media/{n}.jpg", 100 + n, 50, "x", f"r{n}", alt, None)


def preview(kind: str, bubbles, shown=(), hidden=0, link=None, **given) -> SimpleNamespace:
    """A network preview with the pictures its layout ``shown``, ``hidden`` more."""
    identity = Identity(HOSTILE, given.pop("handle", "@kofe"), "K", given.pop("style", None))
    values = {"not_shown": None, "local": MOMENT, "images": [], **given}
    return SimpleNamespace(
        look=Look(kind, identity, tuple(shown), hidden, link),
        variant=SimpleNamespace(network=kind),
        bubbles=list(bubbles),
        thread=len(bubbles) > 1,
        **values,
    )


WHO = (
    '<div class="smm-look__who"><span class="smm-avatar" aria-hidden="true">K</span>\n'
    '<span class="smm-look__names"><span class="smm-look__name">&lt;b a=&#34;1&#34;&gt;'
    '&amp;</span> <span class="smm-look__handle">@kofe</span></span>'
)
WHEN = ' <time class="smm-look__time" datetime="2026-11-26T10:05:00+00:00">10:05</time></div>'


def test_an_x_thread_shows_each_part_with_the_pictures_in_the_first():
    bubbles = [Bubble(Markup("One"), "1/280", False), Bubble(Markup("Two"), "2/280", True)]
    html = lookalike(preview("x", bubbles, [image(1), image(2)], hidden=3), Helpers())
    assert html == (
        '<div class="smm-look smm-look--x" data-look="x" role="group"'
        ' aria-label="post.lookalike|network=X">\n'
        f'<div class="smm-bubble">\n{WHO}{WHEN}\n'
        '<p class="smm-bubble__part">post.part|n=1|total=2</p>'
        '<p class="smm-text">One</p>\n'
        '<div class="smm-x-grid smm-x-grid--2" data-cells="2">'
        '<figure class="smm-x-grid__cell"><img src="../../media/1.jpg" alt=""'
        ' class="smm-x-grid__image" width="101" height="50" loading="lazy" decoding="async">'
        '</figure><figure class="smm-x-grid__cell"><img src="../../media/2.jpg" alt=""'
        ' class="smm-x-grid__image" width="102" height="50" loading="lazy" decoding="async">'
        '</figure></div>\n<p class="smm-look__hidden">+3</p>'
        '<p class="smm-count">1/280</p>\n</div>\n'
        f'<div class="smm-bubble smm-bubble--over">\n{WHO}{WHEN}\n'
        '<p class="smm-bubble__part">post.part|n=2|total=2</p>'
        '<p class="smm-text">Two</p>\n'
        '<p class="smm-count smm-count--over">2/280</p>\n</div>\n</div>\n'
    )


def test_instagram_shows_its_one_picture_first_and_a_caption_folded_behind_more():
    folded = Bubble(Markup("all"), "9/2200", False, Caption(Markup("Sh&lt;"), Markup("rest")))
    given = {"images": [image(1), image(2)], "style": "--c: red"}
    html = lookalike(preview("instagram", [folded], [image(1, HOSTILE)], 1, **given), Helpers())
    assert html == (
        '<div class="smm-look smm-look--instagram" data-look="instagram" role="group"'
        ' aria-label="post.lookalike|network=INSTAGRAM" style="--c: red">\n'
        f'<div class="smm-bubble">\n{WHO}{WHEN}\n'
        '<figure class="smm-ig-media" style="aspect-ratio: 101 / 50">'
        '<img src="../../media/1.jpg" alt="&lt;b a=&#34;1&#34;&gt;&amp;"'
        ' class="smm-ig-media__image" width="101" height="50" loading="lazy" decoding="async">'
        '<span class="smm-ig-media__count">1/2</span></figure>\n'
        '<details class="smm-caption"><summary><strong class="smm-look__user">@kofe</strong> '
        '<span class="smm-text smm-caption__shown">Sh&lt;</span>'
        '<span class="smm-fold" title="post.fold">post.more</span></summary>'
        '<p class="smm-text smm-caption__rest">rest</p></details>\n\n'
        '<p class="smm-count">9/2200</p>\n</div>\n</div>\n'
        '<p class="smm-renditions"><span class="smm-renditions__item">r1 · 101×50</span>'
        '<span class="smm-renditions__item">r2 · 102×50</span></p>\n'
    )


def test_telegram_shows_a_link_card_and_its_time_inside_the_bubble():
    card = LinkCard("https://example.org/?a=<b>", HOSTILE, "example.org")
    html = lookalike(
        preview("telegram", [Bubble(Markup(""), "0/4096", False)], link=card), Helpers()
    )
    assert html == (
        '<div class="smm-look smm-look--telegram" data-look="telegram" role="group"'
        ' aria-label="post.lookalike|network=TELEGRAM">\n'
        f'<div class="smm-bubble">\n{WHO}</div>\n'
        '<p class="smm-text"><span class="smm-muted">post.no_text</span></p>\n'
        '<a class="smm-link-card" href="https://example.org/?a=&lt;b&gt;" rel="nofollow noopener">'
        '<span class="smm-link-card__domain">example.org</span>'
        '<span class="smm-link-card__title">&lt;b a=&#34;1&#34;&gt;&amp;</span></a>'
        '<time class="smm-look__time smm-look__time--bubble" datetime="2026-11-26T10:05:00+00:00">'
        '10:05</time><p class="smm-count">0/4096</p>\n</div>\n</div>\n'
    )


def test_a_text_the_network_does_not_show_is_struck_through_with_the_reason():
    bubbles = [Bubble(Markup("Hi"), "2/2200", False)]
    given = {"not_shown": HOSTILE, "local": None, "handle": None}
    html = lookalike(preview("generic", bubbles, [image(1)] * 5, **given), Helpers())
    picture = (
        '<img src="../../media/1.jpg" alt="" class="smm-look__image" width="101" height="50"'
        ' loading="lazy" decoding="async">'
    )
    assert html == (
        '<div class="smm-look smm-look--generic" data-look="generic" role="group"'
        ' aria-label="post.lookalike|network=GENERIC">\n'
        '<p class="smm-note smm-not-shown__reason">&lt;b a=&#34;1&#34;&gt;&amp;</p>'
        '<div class="smm-bubble smm-bubble--not-shown">\n'
        '<div class="smm-look__who"><span class="smm-avatar" aria-hidden="true">K</span>\n'
        '<span class="smm-look__names"><span class="smm-look__name">&lt;b a=&#34;1&#34;&gt;'
        "&amp;</span></span></div>\n"
        '<p class="smm-text"><del class="smm-not-shown" title="&lt;b a=&#34;1&#34;&gt;&amp;">'
        "Hi</del></p>\n\n"
        f'<div class="smm-look__media smm-look__media--4">{picture * 5}</div>\n'
        '<p class="smm-count">2/2200</p>\n</div>\n</div>\n'
    )


def test_pieces_are_spans_with_the_fold_and_the_cut_marked():
    pieces = (
        Piece("Hi <you> "),
        Piece("#tag", "hashtag"),
        Piece("", "fold", FOLDED),
        Piece(" @me", "mention", FOLDED),
        Piece("", "cut", OVER),
        Piece(" late", None, OVER),
    )
    assert pieces_html(pieces, "… more", 'fold "note"', "<cut>") == (
        'Hi &lt;you&gt; <span class="smm-tag">#tag</span>'
        '<span class="smm-fold" title="fold &#34;note&#34;">… more</span>'
        '<span class="smm-mention smm-folded"> @me</span>'
        '<span class="smm-cut" title="&lt;cut&gt;" role="separator"></span>'
        '<span class="smm-over"> late</span>'
    )


@given(st.lists(st.tuples(st.text(max_size=8), st.sampled_from([None, "url", "hashtag"]))))
def test_plain_pieces_print_their_text_escaped_and_in_order(drawn):
    pieces = [Piece(text, kind) for text, kind in drawn]
    html = str(pieces_html(pieces, "more", "fold", "cut"))
    shown = "".join(
        str(escape(t))
        if k is None
        else f'<span class="smm-{"url" if k == "url" else "tag"}">{escape(t)}</span>'
        for t, k in drawn
    )
    assert html == shown


def card_values(**changed) -> dict:
    values = {
        "shown": "draft",
        "path": "content/posts/a.md",
        "date": "2026-11-26",
        "data": {"data-brand": "kofe", "data-tags": '["a&b"]'},
        "style": "--c: red",
        "own_shape": True,
        "thumb": image(1),
        "thumb_src": "../media/1.jpg?a=<b>",
        "moment": "2026-11-26T10:05:00+00:00",
        "zone": "UTC",
        "day": "Thu",
        "time": "10:05",
        "unscheduled": "Not scheduled",
        "badge": Markup('<span class="smm-badge">1</span>'),
        "href": "../posts/a/",
        "title": HOSTILE,
        "language": "ru",
        "brand": HOSTILE,
        "status": Markup('<span class="smm-status">Draft</span>'),
        "nets": Markup('<span class="smm-net"></span>'),
    }
    return {**values, **changed}


def test_a_card_prints_every_value_escaped_and_its_pieces_as_they_are():
    assert card_html(card_values()) == (
        '<article class="smm-card smm-card--draft" data-post="content/posts/a.md"'
        ' data-date="2026-11-26" data-brand="kofe" data-tags="[&#34;a&amp;b&#34;]"'
        ' style="--c: red"><img class="smm-card__thumb smm-card__thumb--own"'
        ' src="../media/1.jpg?a=&lt;b&gt;" alt="" width="101" height="50" loading="lazy"'
        ' decoding="async"><div class="smm-card__body"><div class="smm-card__top">'
        '<time class="smm-card__time" datetime="2026-11-26T10:05:00+00:00" title="UTC">'
        'Thu, 10:05</time><span class="smm-badge">1</span></div>'
        '<a class="smm-card__title" href="../posts/a/">&lt;b a=&#34;1&#34;&gt;&amp;</a>'
        '<div class="smm-card__meta"><span class="smm-lang" title="ru">RU</span>'
        '<span class="smm-card__brand"><span class="smm-chip" aria-hidden="true"></span>'
        '&lt;b a=&#34;1&#34;&gt;&amp;</span><span class="smm-status">Draft</span></div>'
        '<div class="smm-card__nets"><span class="smm-net"></span></div></div></article>'
    )


def test_an_undated_card_without_a_picture_brand_or_networks():
    bare = {"date": None, "data": {}, "style": None, "thumb": None, "moment": None}
    bare |= {"language": None, "brand": None, "nets": None, "badge": Markup("")}
    assert card_html(card_values(**bare)) == (
        '<article class="smm-card smm-card--draft" data-post="content/posts/a.md">'
        '<div class="smm-card__body"><div class="smm-card__top">'
        '<span class="smm-card__time smm-card__time--none">Not scheduled</span></div>'
        '<a class="smm-card__title" href="../posts/a/">&lt;b a=&#34;1&#34;&gt;&amp;</a>'
        '<div class="smm-card__meta"><span class="smm-status">Draft</span></div>'
        "</div></article>"
    )
