"""The small pieces every calendar page repeats (cards, icons, badges, status pills).

Their markup is in the ``_pieces.html`` macros (autoescaped like every template); this
module gathers each piece's values and keeps the pieces that repeat verbatim (an icon, a
status pill) in the site's memo: a 5,000-post site prints them tens of thousands of times.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache

from markupsafe import Markup

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
    site's square thumbnail, or ``image`` (a rendition, shown in its own shape)."""
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
    return macros().card(values)


def entry_card(h, entry, with_date: bool = False) -> Markup:
    return card(h, entry.post, entry.brand, entry.local, entry.networks, with_date)
