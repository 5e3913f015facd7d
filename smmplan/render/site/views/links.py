"""A brand's link-in-bio page: its latest posts that went out, each a tap to its link.

The page a brand puts in its Instagram or TikTok bio, served by the site itself (no
third-party service, no script). "Latest" is the :data:`SHOWN` most recent posts of the
brand that carry a web link and are public by the build's time (``published``, ``scheduled``
with its time passed, or shown as published by an analytics export), newest first.
Each link carries the brand's UTM template with ``{network}`` as :data:`UTM_NETWORK`, so
the analytics tell visits from the bio page apart from those from the posts themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from smmplan.model import Brand, Post
from smmplan.plan import utm_parameters
from smmplan.render.site.data import Image, Site, local_time, post_title
from smmplan.render.site.views.languages import account_items
from smmplan.render.site.views.post import safe_url

SHOWN = 12  # a phone screen or two of cards: the bio page is a menu, not an archive
UTM_NETWORK = "link-in-bio"  # what {network} becomes in the brand's UTM template
THUMB_PIXELS = 240  # the card shows 120 CSS px: the smallest rendition sharp at 2x density


@dataclass(frozen=True)
class BioLink:
    post: Post
    title: str
    url: str  # the post's link, UTM-tagged
    moment: datetime | None  # brand-local publishing time
    image: Image | None


def post_link(post: Post) -> str | None:
    """The post's link, or else the first of its networks' own links (in network order)."""
    if post.link:
        return post.link
    return next((v.link for v in post.variants if v.link and not v.disabled), None)


def is_public(site: Site, post: Post) -> bool:
    """Whether the post is out by the build's time (its file, or an analytics export, says so)."""
    if post.status == "published":
        return True
    if post.status == "scheduled" and post.publish_at is not None:
        return post.publish_at <= site.now
    return site.went_out(post, [v.network for v in post.variants if not v.disabled])


def smallest_image(images: list[Image]) -> Image | None:
    """The smallest rendition with both sides at least :data:`THUMB_PIXELS` (else the largest)."""
    if not images:
        return None
    by_area = sorted(images, key=lambda i: (i.width * i.height, i.url))
    sharp = [i for i in by_area if min(i.width, i.height) >= THUMB_PIXELS]
    return sharp[0] if sharp else by_area[-1]


def tagged(brand: Brand, post: Post, link: str) -> str:
    from smmplan.render.export.utm import with_utm

    params = utm_parameters(brand.utm, network=UTM_NETWORK, campaign=post.campaign, brand=brand.id)
    return with_utm(link, params)


def _newest_first(item: BioLink) -> tuple:
    moment = item.post.publish_at
    return (moment is None, -moment.timestamp() if moment else 0.0, item.post.path)


def latest(site: Site, brand: Brand) -> list[BioLink]:
    """The brand's bio links: newest first (undated posts last), by path on a tie."""
    chosen = []
    for post in site.project.posts:
        link = safe_url(post_link(post))
        if site.project.brand_of(post) is not brand or not link or not is_public(site, post):
            continue
        chosen.append(
            BioLink(
                post,
                post_title(site.lang, post),
                tagged(brand, post, link),
                local_time(post.publish_at, brand),
                smallest_image(site.images.get(post.path, [])),
            )
        )
    chosen.sort(key=_newest_first)
    return chosen[:SHOWN]


def page(site: Site, key: str, h) -> tuple[str, dict, list]:
    from smmplan.render.site.views import search_html

    brand = site.project.brands[key]
    title = site.lang.t("links.title", brand=brand.name)
    context = {
        "brand": brand,
        "title": title,
        "links": latest(site, brand),
        "accounts": account_items(brand),
        "search": search_html(title, facts=[brand.name]),
    }
    return "links.html", context, []
