"""The small pieces every calendar page repeats (cards, icons, badges, status pills), as
Python rather than Jinja macros: a 5,000-post site prints them tens of thousands of times.
Every value is escaped with ``markupsafe.escape``; the result is ``Markup``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from markupsafe import Markup, escape

from smmplan.model import Brand, Diagnostic, Post


def net_class(network: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c == "-") else "-" for c in network)


def net(h, network: str, label: bool = False) -> Markup:
    key = (network, label)
    cached = h.memo.get(("net", key))
    if cached is None:
        name = escape(h.network(network))
        html = (
            f'<span class="smm-net smm-net--{net_class(network)}" role="img"'
            f' aria-label="{name}" title="{name}"></span>'
        )
        if label:
            html += f'<span class="smm-net__name">{name}</span>'
        cached = h.memo[("net", key)] = Markup(html)
    return cached


def nets(h, networks: Sequence[str]) -> Markup:
    return Markup("".join(net(h, n) for n in networks))


def badge(h, diagnostics: Sequence[Diagnostic]) -> Markup:
    if not diagnostics:
        return Markup("")
    return Markup(
        f'<span class="smm-badge smm-badge--{h.worst(diagnostics)}"'
        f' title="{escape(h.problems_summary(diagnostics))}">{len(diagnostics)}</span>'
    )


def status(h, value: str) -> Markup:
    cached = h.memo.get(("status", value))
    if cached is None:
        cached = h.memo[("status", value)] = Markup(
            f'<span class="smm-status smm-status--{escape(value)}">{escape(h.status(value))}</span>'
        )
    return cached


def post_status(h, post: Post, networks: Sequence[str]) -> Markup:
    """The post's status pill; "published" with a mark when an analytics export shows it
    went out on these networks while its file still says otherwise."""
    if not h.site.went_out(post, networks):
        return status(h, post.status)
    cached = h.memo.get(("measured", post.status))
    if cached is None:
        note = h.t("status.from_results_note", status=h.status(post.status))
        cached = h.memo[("measured", post.status)] = Markup(
            f'{status(h, "published")}<span class="smm-from-results" title="{escape(note)}">'
            f"{escape(h.t('status.from_results'))}</span>"
        )
    return cached


def card(
    h,
    post: Post,
    brand: Brand | None,
    local: datetime | None,
    networks: Sequence[str],
    with_date: bool = False,
) -> Markup:
    """A post as a card: at a brand-local moment (or undated), on some networks."""
    shown = h.shown_status(post, networks)
    out = [f'<article class="smm-card smm-card--{escape(shown)}" data-post="{escape(post.path)}"']
    if local is not None:
        out.append(f' data-date="{local.date().isoformat()}"')
    out.append(">")
    thumb = h.thumb(post)
    if thumb is not None:
        out.append(
            f'<img class="smm-card__thumb" src="{escape(h.link(thumb.url))}" alt=""'
            f' width="{thumb.width}" height="{thumb.height}" loading="lazy" decoding="async">'
        )
    out.append('<div class="smm-card__body"><div class="smm-card__top">')
    if local is not None:
        zone = escape(brand.timezone) if brand else ""
        day = f"{escape(h.lang.day(local.date()))}, " if with_date else ""
        out.append(
            f'<time class="smm-card__time" datetime="{local.isoformat()}" title="{zone}">'
            f"{day}{escape(h.time(local))}</time>"
        )
    else:
        out.append(
            f'<span class="smm-card__time smm-card__time--none">{escape(h.t("board.unscheduled"))}</span>'
        )
    out.append(badge(h, h.problems(post.path)))
    out.append(
        f'</div><a class="smm-card__title" href="{escape(h.post(post))}">{escape(h.title(post))}</a>'
        '<div class="smm-card__meta">'
    )
    if brand is not None:
        out.append(f'<span class="smm-card__brand">{escape(brand.name)}</span>')
    out.append(post_status(h, post, networks))
    out.append("</div>")
    if networks:
        out.append(f'<div class="smm-card__nets">{nets(h, networks)}</div>')
    out.append("</div></article>")
    return Markup("".join(out))


def entry_card(h, entry, with_date: bool = False) -> Markup:
    return card(h, entry.post, entry.brand, entry.local, entry.networks, with_date)
