"""What a preview needs to look like the network's own post: who posts it (the brand's
name, its handle there, an avatar with its initial in the brand's colour), how the
network lays out its pictures (X's grid of one to four, Instagram's single picture in the
rendition's crop), the caption cut where the network folds it, and the link card that
Facebook and Telegram show for a post's link (its title and domain, from the plan
alone: nothing is fetched).

Pure: the post, its variant and its renditions in, plain data out; ``views.look_html``
prints it, escaped like everything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup

from smmplan.model import Brand, Post, Variant
from smmplan.render.site.data import Image
from smmplan.render.site.preview import SHOWN, Piece, TextPreview
from smmplan.render.site.views.colours import colour_of, style

LOOKS = ("x", "instagram", "facebook", "telegram")  # networks with a look of their own
GRID_MAX = {"x": 4, "instagram": 1}  # pictures shown at once; the rest are counted
LINK_CARDS = ("facebook", "telegram")  # networks that show a card for a post's link


@dataclass(frozen=True)
class Identity:
    name: str
    handle: str | None
    initial: str
    style: str | None  # the brand's colour for the avatar (views/colours.py)


@dataclass(frozen=True)
class LinkCard:
    url: str
    title: str
    domain: str


@dataclass(frozen=True)
class Caption:
    """A text folded behind "more": what shows, and the rest (HTML, escaped)."""

    shown: Markup
    rest: Markup


@dataclass(frozen=True)
class Look:
    kind: str  # a network of LOOKS, or "generic"
    identity: Identity
    images: tuple[Image, ...]  # the pictures the layout shows
    hidden: int  # pictures beyond them (X shows four)
    link: LinkCard | None

    @property
    def grid(self) -> int:
        return len(self.images)


def initial(name: str) -> str:
    """The avatar's letter: the name's first letter or digit, upper-case ('?' if none)."""
    import regex

    match = regex.search(r"(?=[\p{L}\p{N}])\X", name)
    return match.group(0).upper() if match else "?"


def identity(site, brand: Brand | None, account: str | None) -> Identity:
    name = brand.name if brand is not None else site.project.config.title
    colour = colour_of(site, brand.id if brand is not None else None)
    return Identity(name, account, initial(name), style(colour))


def domain(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def link_card(kind: str, post: Post, variant: Variant, images, safe_url) -> LinkCard | None:
    """The card a network shows for the post's link: only where it shows one, and only
    when the post has no pictures (a photo post shows the photo instead)."""
    url = safe_url(variant.link or post.link)
    if kind not in LINK_CARDS or url is None or images:
        return None
    host = domain(url)
    return LinkCard(url, post.title or host, host)


def look(site, post: Post, variant: Variant, account: str | None, images, safe_url) -> Look:
    brand = site.project.brand_of(post)
    kind = variant.network if variant.network in LOOKS else "generic"
    limit = GRID_MAX.get(kind, len(images))
    shown = tuple(images[:limit])
    return Look(
        kind,
        identity(site, brand, account),
        shown,
        len(images) - len(shown),
        link_card(kind, post, variant, images, safe_url),
    )


def caption(text: TextPreview, render) -> Caption | None:
    """The text split at the network's fold ("… more"), or None when it shows whole.

    ``render(pieces)`` turns pieces into escaped HTML (views.post.pieces_html)."""
    kinds = [p.kind for p in text.pieces]
    if "fold" not in kinds:
        return None
    at = kinds.index("fold")
    before: tuple[Piece, ...] = text.pieces[:at]
    after = tuple(p for p in text.pieces[at + 1 :])
    if not all(p.state == SHOWN for p in before):
        return None
    return Caption(render(before), render(after))
