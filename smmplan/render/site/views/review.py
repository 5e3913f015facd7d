"""A brand's "Waiting for review" page: its posts in ``review``, oldest first, each previewed.

The plan does not record when a post entered review, so "oldest" is read from what it
does record: the earliest ``review_by`` first (posts without one after those with one),
then the earliest ``publish_at`` (undated posts last), then the file's path. Each post
shows the preview of every network it goes to, as its own page does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from smmplan.model import Post
from smmplan.render.site.data import Site, local_time
from smmplan.render.site.views.post import NetworkPreview, enabled, network_preview

WAITING = "review"  # the status whose posts wait for someone to approve them


@dataclass(frozen=True)
class WaitingPost:
    post: Post
    title: str
    review_by: datetime | None  # brand-local
    publish_at: datetime | None  # brand-local
    overdue: bool
    site: Site = field(repr=False, compare=False)

    @cached_property
    def previews(self) -> list[NetworkPreview]:
        """Made when the item is printed: a build that keeps the item makes none."""
        site, post = self.site, self.post
        problems = site.problems(post.path)
        networks = set(enabled(post))
        return [
            network_preview(site, post, variant, problems)
            for variant in post.variants
            if variant.network in networks
        ]


def oldest_first(post: Post) -> tuple:
    """Earliest ``review_by``, then earliest ``publish_at``; missing ones last; then path."""
    due, out = post.review_by, post.publish_at
    return (
        due is None,
        due.timestamp() if due else 0.0,
        out is None,
        out.timestamp() if out else 0.0,
        post.path,
    )


def waiting(site: Site, brand_id: str, h) -> list[WaitingPost]:
    """The brand's posts in review, oldest first, with their previews."""
    brand = site.project.brands[brand_id]
    posts = [
        p for p in site.project.posts if p.status == WAITING and site.project.brand_of(p) is brand
    ]
    shown = []
    for post in sorted(posts, key=oldest_first):
        shown.append(
            WaitingPost(
                post=post,
                title=h.title(post),
                review_by=local_time(post.review_by, brand),
                publish_at=local_time(post.publish_at, brand),
                overdue=post.review_by is not None and post.review_by < site.now,
                site=site,
            )
        )
    return shown


def page(site: Site, key: str, h) -> tuple[str, dict, list]:
    from smmplan.render.site.views import search_html

    brand = site.project.brands[key]
    title = site.lang.t("review.title", brand=brand.name)
    posts = waiting(site, key, h)
    context = {
        "brand": brand,
        "title": title,
        "posts": posts,
        "search": search_html(title, facts=[brand.name, *(item.title for item in posts)]),
    }
    return "review.html", context, []
