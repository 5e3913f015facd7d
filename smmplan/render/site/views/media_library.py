"""The media library: a page per image or video the plan uses, and their index.

Each page shows what the file is, the renditions the build made of it (per network, with
their sizes), the posts that use it and when, the alt texts they give it, and the
``credit:`` and ``license:`` their media entries name. Files under ``content/media/``
that no post uses have no page: the ``media-unused`` rule lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from smmplan.model import Media, MediaInfo, Post
from smmplan.render.site.data import Image, Site, local_time


@dataclass(frozen=True)
class Use:
    """One media entry of one post: the post, the network that lists it (None: the post's
    own ``media:``), its brand-local time."""

    post: Post
    network: str | None
    moment: datetime | None
    item: Media


@dataclass(frozen=True)
class Entry:
    path: str
    info: MediaInfo | None
    uses: list[Use]
    credits: list[str]
    licenses: list[str]
    alts: list[str]


def _distinct(values) -> list[str]:
    seen: list[str] = []
    for value in values:
        text = (value or "").strip()
        if text and text not in seen:
            seen.append(text)
    return seen


def _in_time_order(use: Use) -> tuple:
    moment = use.post.publish_at
    return (moment is None, moment.timestamp() if moment else 0.0, use.post.path, use.item.line)


def uses_of(site: Site) -> dict[str, list[Use]]:
    """Media file path -> its uses, in publishing order (undated last), by path on a tie."""
    project = site.project
    found: dict[str, list[Use]] = {path: [] for path in site.media_slugs}
    for post in project.posts:
        brand = project.brand_of(post)
        for network, item in post.all_media():
            if item.path is None or not item.path.is_relative_to(project.root):
                continue
            path = item.path.relative_to(project.root).as_posix()
            if path in found:
                moment = local_time(post.publish_at, brand)
                found[path].append(Use(post, network, moment, item))
    for uses in found.values():
        uses.sort(key=_in_time_order)
    return found


def entries(site: Site) -> dict[str, Entry]:
    """Every used media file by path (sorted); computed once per build."""
    cached = site.memo.get("media-library")
    if cached is None:
        cached = site.memo["media-library"] = {
            path: _entry(site, path, uses) for path, uses in sorted(uses_of(site).items())
        }
    return cached


def _entry(site: Site, path: str, uses: list[Use]) -> Entry:
    items = [u.item for u in uses]
    return Entry(
        path=path,
        info=site.project.media.get(site.project.root / path),
        uses=uses,
        credits=_distinct(i.credit for i in items),
        licenses=_distinct(i.license for i in items),
        alts=_distinct(i.alt for i in items),
    )


def renditions(site: Site, path: str) -> list[Image]:
    """The images the build rendered from the file, each once: the site's thumbnail first,
    then by network and rendition."""
    by_source = site.memo.get("media-renditions")
    if by_source is None:
        by_source = site.memo["media-renditions"] = _renditions_by_source(site)
    return by_source.get(path, [])


def _renditions_by_source(site: Site) -> dict[str, list[Image]]:
    unique: dict[str, dict[str, Image]] = {}
    for images in site.images.values():
        for image in images:
            if image.source is not None:
                unique.setdefault(image.source, {}).setdefault(image.url, image)
    return {source: sorted(found.values(), key=_thumb_first) for source, found in unique.items()}


def _thumb_first(image: Image) -> tuple:
    return (image.network is not None, image.network or "", image.rendition, image.url)


def page(site: Site, key: str, h) -> tuple[str, dict, list]:
    from smmplan.render.site.views import search_html, toc_item

    entry = entries(site)[key]
    t = site.lang.t
    name = key.rsplit("/", 1)[-1]
    context = {
        "title": name,
        "entry": entry,
        "renditions": renditions(site, key),
        "search": search_html(name, *entry.alts, facts=[*entry.credits, *entry.licenses]),
    }
    toc = [
        toc_item("renditions", t("media.renditions")),
        toc_item("posts", t("media.posts")),
    ]
    return "media.html", context, toc


def index(site: Site, key: str, h) -> tuple[str, dict, list]:
    from smmplan.render.site.views import search_html

    title = site.lang.t("media.title")
    context = {
        "title": title,
        "rows": [(e, next(iter(renditions(site, e.path)), None)) for e in entries(site).values()],
        "search": search_html(title),
    }
    return "media_index.html", context, []
