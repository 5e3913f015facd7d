"""Image URLs for exports: the renditions the site publishes at ``<site_url>/media/<file>``.

Exporters take a plain mapping ``(post path, network) -> [URL, ...]`` (in the order of
the post's media), so they can be tested without rendering anything. :func:`urls_from`
builds it from the images renderer's result (the pipeline renders them first).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from smmplan.model import Project
from smmplan.render.export.prepare import ImageUrls

MEDIA_DIR = "media"


def media_url(site_url: str, file_name: str) -> str:
    return f"{site_url.rstrip('/')}/{MEDIA_DIR}/{quote(file_name)}"


def urls_from(images: Iterable[Any], site_url: str, project: Project | None = None) -> ImageUrls:
    """``{(post, network): [URL, ...]}`` from rendered images (``RenderedImage``-like objects).

    Site thumbnails (no network) are skipped. With ``project``, each list follows the
    order of the network's media in the post; otherwise the renderer's order is kept.
    """
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for image in images:
        network = getattr(image, "network", None)
        if not network:
            continue
        post = getattr(image, "post", None)
        path = getattr(post, "path", post)
        source = str(getattr(image, "source", ""))
        url = media_url(site_url, PurePath(str(image.output)).name)
        found.setdefault((str(path), str(network)), []).append((source, url))
    result: dict[tuple[str, str], list[str]] = {}
    for key, items in found.items():
        order = _media_order(project, *key) if project is not None else None
        if order:
            items = sorted(items, key=lambda item: order.get(item[0], len(order)))
        result[key] = [url for _, url in items]
    return result


def _media_order(project: Project, path: str, network: str) -> dict[str, int]:
    post = next((p for p in project.posts if p.path == path), None)
    variant = post.variant(network) if post else None
    if variant is None:
        return {}
    order: dict[str, int] = {}
    for index, item in enumerate(variant.media):
        order.setdefault(item.src, index)
        if item.path is not None:
            order.setdefault(str(item.path), index)
            with contextlib.suppress(ValueError):
                order.setdefault(item.path.relative_to(project.root).as_posix(), index)
    return order
