"""The small pieces every calendar page repeats (cards, icons, badges, status pills).

Their markup is in the ``_pieces.html`` macros (autoescaped like every template) but for
the card's, written here (``card_html``, every value escaped); this module gathers each
piece's values and keeps the pieces that repeat verbatim (an icon, a status pill) in the
site's memo: a 5,000-post site prints them tens of thousands of times.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from markupsafe import Markup, escape

from smmplan.model import Brand, Diagnostic, Post
from smmplan.render.site.data import Image
from smmplan.render.site.views.series import occurrence_anchor


@cache
def macros():
    """The ``_pieces.html`` macros, as a module of callables returning ``Markup``."""
    from smmplan.render.site.views import environment

    return environment().get_template("_pieces.html").module


def net_class(network: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c == "-") else "-" for c in network)


def net(h, network: str, label: bool = False) -> Markup:
    key = (network, label)
    cached = h.memo.get(("net", key))
    if cached is None:
        made = macros().net(net_class(network), h.network(network), label)
        cached = h.memo[("net", key)] = made
    return cached


def nets(h, networks: Sequence[str]) -> Markup:
    return Markup("").join(net(h, n) for n in networks)


def badge(h, diagnostics: Sequence[Diagnostic]) -> Markup:
    if not diagnostics:
        return Markup("")
    return macros().badge(h.worst(diagnostics), h.problems_summary(diagnostics), len(diagnostics))


def status(h, value: str) -> Markup:
    cached = h.memo.get(("status", value))
    if cached is None:
        cached = h.memo[("status", value)] = macros().status(value, h.status(value))
    return cached


def post_status(h, post: Post, networks: Sequence[str]) -> Markup:
    """The post's status pill; "published" with a mark when an analytics export shows it
    went out on these networks while its file still says otherwise."""
    if not h.site.went_out(post, networks):
        return status(h, post.status)
    cached = h.memo.get(("measured", post.status))
    if cached is None:
        note = h.t("status.from_results_note", status=h.status(post.status))
        made = macros().measured(status(h, "published"), note, h.t("status.from_results"))
        cached = h.memo[("measured", post.status)] = made
    return cached


def card(
    h,
    post: Post,
    brand: Brand | None,
    local: datetime | None,
    networks: Sequence[str],
    with_date: bool = False,
    image: Image | None = None,
) -> Markup:
    """A post as a card: at a brand-local moment (or undated), on some networks; with the
    site's square thumbnail, or ``image`` (a rendition, shown in its own shape). Kept
    between builds where the build keeps them (``card_store``)."""
    store = h.site.cards
    if store is None:
        return _card(h, post, brand, local, networks, with_date, image)
    return store.card(
        h.here,
        post,
        brand.id if brand is not None else None,
        local,
        networks,
        (with_date, image),
        lambda: _card(h, post, brand, local, networks, with_date, image),
    )


def kept(
    h,
    post: Post,
    brand_id: str | None,
    local: datetime | None,
    networks: Sequence[str],
    shown_as: tuple,
    make: Callable[..., Markup],
    *args: Any,
) -> Markup:
    """``make(*args)``: a piece of this page that shows one post, kept between builds like
    a card (``card_store``). The key holds the post's print, its brand's print (when
    ``brand_id`` is given: pass it when the piece reads the brand), ``local``,
    ``networks`` and ``shown_as``: everything else the piece reads, in a shape ``repr``
    writes the same way every time (a page's ``now`` where the piece depends on it)."""
    store = h.site.cards
    if store is None:
        return make(*args)
    return store.card(h.here, post, brand_id, local, tuple(networks), shown_as, lambda: make(*args))


def _card(
    h,
    post: Post,
    brand: Brand | None,
    local: datetime | None,
    networks: Sequence[str],
    with_date: bool,
    image: Image | None,
) -> Markup:
    from smmplan.render.site.views import filters
    from smmplan.render.site.views.colours import colour_of, style

    thumb = image or h.thumb(post)
    shown = h.shown_status(post, networks)
    values = {
        "shown": shown,
        "data": filters.attributes(filters.item(post, brand, networks, shown)),
        "style": style(colour_of(h.site, brand.id if brand is not None else None)),
        "own_shape": image is not None,
        "path": post.path,
        "date": local.date().isoformat() if local is not None else None,
        "thumb": thumb,
        "thumb_src": h.link(thumb.url) if thumb is not None else None,
        "moment": local.isoformat() if local is not None else None,
        "zone": brand.timezone if brand else "",
        "day": h.lang.day(local.date()) if with_date and local is not None else None,
        "time": h.time(local) if local is not None else None,
        "unscheduled": h.t("board.unscheduled"),
        "badge": badge(h, h.problems(post.path)),
        "href": h.post(post) + occurrence_anchor(post, local),  # a recurring post's date
        "title": h.title(post),
        "language": post.language if post.translations else None,  # translated posts only
        "brand": brand.name if brand is not None else None,
        "status": post_status(h, post, networks),
        "nets": nets(h, networks) if networks else None,
    }
    return card_html(values)


def card_html(c: dict) -> Markup:
    """A card's markup from its values (``card``), every value escaped. Written here rather
    than as a macro: a 5,000-post site prints some 15,000 cards."""
    e = escape
    out = [_card_head(c), '<div class="smm-card__body"><div class="smm-card__top">']
    if c["moment"]:
        day = f"{e(c['day'])}, " if c["day"] else ""
        out.append(
            f'<time class="smm-card__time" datetime="{e(c["moment"])}" title="{e(c["zone"])}">'
            f"{day}{e(c['time'])}</time>"
        )
    else:
        out.append(
            f'<span class="smm-card__time smm-card__time--none">{e(c["unscheduled"])}</span>'
        )
    out.append(
        f'{e(c["badge"])}</div><a class="smm-card__title" href="{e(c["href"])}">'
        f'{e(c["title"])}</a><div class="smm-card__meta">'
    )
    if c["language"]:
        language = c["language"]
        out.append(f'<span class="smm-lang" title="{e(language)}">{e(language.upper())}</span>')
    if c["brand"] is not None:
        out.append(
            '<span class="smm-card__brand"><span class="smm-chip" aria-hidden="true"></span>'
            f"{e(c['brand'])}</span>"
        )
    out.append(f"{e(c['status'])}</div>")
    if c["nets"]:
        out.append(f'<div class="smm-card__nets">{e(c["nets"])}</div>')
    out.append("</div></article>")
    return Markup("".join(out))


def entry_card(h, entry, with_date: bool = False) -> Markup:
    return card(h, entry.post, entry.brand, entry.local, entry.networks, with_date)


def _card_head(c: dict) -> str:
    """The card's ``<article>`` tag and its thumbnail."""
    e = escape
    out = [f'<article class="smm-card smm-card--{e(c["shown"])}" data-post="{e(c["path"])}"']
    if c["date"]:
        out.append(f' data-date="{e(c["date"])}"')
    out += [f' {e(name)}="{e(value)}"' for name, value in c["data"].items()]
    out.append(f' style="{e(c["style"])}">' if c["style"] else ">")
    thumb = c["thumb"]
    if thumb:
        own = " smm-card__thumb--own" if c["own_shape"] else ""
        out.append(
            f'<img class="smm-card__thumb{own}" src="{e(c["thumb_src"])}" alt=""'
            f' width="{e(thumb.width)}" height="{e(thumb.height)}" loading="lazy"'
            ' decoding="async">'
        )
    return "".join(out)
