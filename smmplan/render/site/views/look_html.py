"""The look-alike preview (``views.lookalike``) as HTML: who posts it, each bubble of the
thread with the text at the network's fold, the pictures in the network's layout, the
link card, and the renditions line under it.

Written in Python rather than as template macros: a 5,000-post site prints some 16,000
previews, and a macro call per piece (the avatar, each picture, the text, the card) cost
more than the markup itself. Every value is escaped here (``escape``), as the templates'
autoescaping does; the markup is the one ``tests/test_site_markup.py`` pins.
"""

from __future__ import annotations

from markupsafe import Markup, escape

MEDIA_FIRST = ("instagram", "telegram")  # networks showing the pictures above the text


def lookalike(p, h) -> Markup:
    """The preview ``p`` (a ``views.post.NetworkPreview``) as its network shows it."""
    look = p.look
    kind = escape(look.kind)
    label = escape(h.t("post.lookalike", network=h.network(p.variant.network)))
    style = f' style="{escape(look.identity.style)}"' if look.identity.style else ""
    out = [f'<div class="smm-look smm-look--{kind}" data-look="{kind}" role="group"']
    out.append(f' aria-label="{label}"{style}>\n')
    if p.not_shown:
        out.append(f'<p class="smm-note smm-not-shown__reason">{escape(p.not_shown)}</p>')
    for number, bubble in enumerate(p.bubbles, 1):
        out.append(_bubble(p, h, bubble, number))
    out.append("</div>\n")
    if p.images:
        items = "".join(
            f'<span class="smm-renditions__item">{escape(i.rendition)} · '
            f"{escape(i.width)}×{escape(i.height)}</span>"
            for i in p.images
        )
        out.append(f'<p class="smm-renditions">{items}</p>\n')
    return Markup("".join(out))


def _bubble(p, h, bubble, number: int) -> str:
    look, first = p.look, number == 1
    over = " smm-bubble--over" if bubble.over else ""
    not_shown = " smm-bubble--not-shown" if p.not_shown else ""
    out = [f'<div class="smm-bubble{over}{not_shown}">\n', _who(look, p, h), "\n"]
    if p.thread:
        part = h.t("post.part", n=number, total=len(p.bubbles))
        out.append(f'<p class="smm-bubble__part">{escape(part)}</p>')
    if first and look.kind in MEDIA_FIRST:
        out.append(_media(look, h))
    out += (_text(bubble, p, look, h), "\n")
    if first and look.kind not in MEDIA_FIRST:
        out.append(_media(look, h))
    if first and look.link:
        out.append(_link_card(look.link))
    if look.kind == "telegram" and p.local:
        moment, clock = escape(p.local.isoformat()), escape(h.time(p.local))
        out.append(
            f'<time class="smm-look__time smm-look__time--bubble" datetime="{moment}">'
            f"{clock}</time>"
        )
    count_over = " smm-count--over" if bubble.over else ""
    out.append(f'<p class="smm-count{count_over}">{escape(bubble.count)}</p>\n</div>\n')
    return "".join(out)


def _who(look, p, h) -> str:
    who = look.identity
    out = [
        f'<div class="smm-look__who"><span class="smm-avatar" aria-hidden="true">'
        f'{escape(who.initial)}</span>\n<span class="smm-look__names">'
        f'<span class="smm-look__name">{escape(who.name)}</span>'
    ]
    if who.handle:
        out.append(f' <span class="smm-look__handle">{escape(who.handle)}</span>')
    out.append("</span>")
    if p.local and look.kind != "telegram":
        moment, clock = escape(p.local.isoformat()), escape(h.time(p.local))
        out.append(f' <time class="smm-look__time" datetime="{moment}">{clock}</time>')
    out.append("</div>")
    return "".join(out)


def _picture(image, h, css: str) -> str:
    return (
        f'<img src="{escape(h.link(image.url))}" alt="{escape(image.alt or "")}"'
        f' class="{css}" width="{escape(image.width)}" height="{escape(image.height)}"'
        ' loading="lazy" decoding="async">'
    )


def _media(look, h) -> str:
    images = look.images
    if not images:
        return ""
    if look.kind == "x":
        cells = "".join(
            f'<figure class="smm-x-grid__cell">{_picture(i, h, "smm-x-grid__image")}</figure>'
            for i in images
        )
        grid = escape(look.grid)
        out = f'<div class="smm-x-grid smm-x-grid--{grid}" data-cells="{grid}">{cells}</div>\n'
    elif look.kind == "instagram":
        first = images[0]
        count = (
            f'<span class="smm-ig-media__count">1/{escape(look.hidden + 1)}</span>'
            if look.hidden
            else ""
        )
        out = (
            f'<figure class="smm-ig-media" style="aspect-ratio: {escape(first.width)} / '
            f'{escape(first.height)}">{_picture(first, h, "smm-ig-media__image")}'
            f"{count}</figure>\n"
        )
    else:
        pictures = "".join(_picture(i, h, "smm-look__image") for i in images)
        size = escape(min(look.grid, 4))
        out = f'<div class="smm-look__media smm-look__media--{size}">{pictures}</div>\n'
    if look.hidden and look.kind != "instagram":
        out += f'<p class="smm-look__hidden">+{escape(look.hidden)}</p>'
    return out


def _link_card(link) -> str:
    return (
        f'<a class="smm-link-card" href="{escape(link.url)}" rel="nofollow noopener">'
        f'<span class="smm-link-card__domain">{escape(link.domain)}</span>'
        f'<span class="smm-link-card__title">{escape(link.title)}</span></a>'
    )


def _user(look) -> str:
    """Instagram's caption opens with the account's name."""
    who = look.identity
    return f'<strong class="smm-look__user">{escape(who.handle or who.name)}</strong> '


def _text(bubble, p, look, h) -> str:
    if p.not_shown:
        return (
            f'<p class="smm-text"><del class="smm-not-shown" title="{escape(p.not_shown)}">'
            f"{escape(bubble.html)}</del></p>\n"
        )
    instagram = look.kind == "instagram"
    if bubble.caption:
        user = _user(look) if instagram else ""
        shown, rest = escape(bubble.caption.shown), escape(bubble.caption.rest)
        fold, more = escape(h.t("post.fold")), escape(h.t("post.more"))
        return (
            f'<details class="smm-caption"><summary>{user}'
            f'<span class="smm-text smm-caption__shown">{shown}</span>'
            f'<span class="smm-fold" title="{fold}">{more}</span></summary>'
            f'<p class="smm-text smm-caption__rest">{rest}</p></details>\n'
        )
    user = _user(look) if instagram and bubble.html else ""
    if bubble.html:
        return f'<p class="smm-text">{user}{escape(bubble.html)}</p>'
    return f'<p class="smm-text">{user}<span class="smm-muted">{escape(h.t("post.no_text"))}</span></p>'
