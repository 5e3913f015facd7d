"""The site's images: rendered by the pipeline into its persistent cache (named by
content hash), listed per post here, and linked into the site's ``media/``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from smmplan.memo import ByIdentity
from smmplan.model import Project
from smmplan.render.site.data import Image

SITE_FOLDER = "media"


@dataclass
class SiteImages:
    images: dict[str, list[Image]] = field(default_factory=dict)  # post path -> its images
    files: dict[str, Path] = field(default_factory=dict)  # site path -> file in the cache


def _alt_texts(project: Project) -> dict[tuple[str, str], str]:
    """(post path, resolved source file) -> alt text, from the post and its networks."""
    alts: dict[tuple[str, str], str] = {}
    for post in project.posts:
        for source, alt in _ALTS.get((post,), partial(_post_alts, post)):
            alts.setdefault((post.path, source), alt)
    return alts


_ALTS: ByIdentity[list[tuple[str, str]]] = ByIdentity()
_RESOLVED: ByIdentity[tuple[str, Path, str, str | None]] = ByIdentity()
"""What is worked out of one post or one rendition alone, kept while it is the same
object: ``serve`` lists every picture again after each edit."""


def _post_alts(post) -> list[tuple[str, str]]:
    items = [*post.media, *(m for v in post.variants for m in v.media)]
    return [(str(item.path), item.alt) for item in items if item.path is not None and item.alt]


def _in_repo(source: str, project: Project) -> str | None:
    """The source file's repository-relative path (None when unknown or outside)."""
    path = Path(source)
    if not source or not path.is_absolute() or not path.is_relative_to(project.root):
        return None
    return path.relative_to(project.root).as_posix()


def _post_path(value: Any) -> str:
    return value.path if hasattr(value, "path") else str(value)


def _output(value: Any, cache: Path, root: Path) -> Path:
    path = Path(value)
    if path.is_absolute():
        return path
    for base in (cache, root):
        if (base / path).exists():
            return base / path
    return root / path


def _site_path(value: Any, cache: Path, root: Path) -> tuple[str, Path]:
    """(the image's path in the site, its file) for a rendered output path."""
    output = _output(value, cache, root)
    try:
        name = output.relative_to(cache).as_posix()
    except ValueError:
        name = output.name
    return f"{SITE_FOLDER}/{name}", output


def collect(project: Project, rendered: Iterable[Any], cache: Path) -> SiteImages:
    """Site paths and per-post image lists from ``RenderedImage`` records (pure but for
    resolving relative output paths)."""
    alts = _alt_texts(project)
    media = SiteImages()
    # A picture shared by many posts is one file and one source: resolved once each.
    resolved: dict[tuple, tuple[str, Path, str, str | None]] = {}

    def resolve(item) -> tuple[str, Path, str, str | None]:
        value = (item.output, item.source)
        if value not in resolved:
            resolved[value] = _resolve(item, cache, project)
        return resolved[value]

    for item in rendered:
        site_path, output, source, origin = _RESOLVED.get(
            (item, cache, project.root), partial(resolve, item)
        )
        media.files[site_path] = output
        post = _post_path(item.post)
        alt = alts.get((post, source))
        size = int(item.width), int(item.height)
        media.images.setdefault(post, []).append(
            Image(site_path, *size, item.network, item.rendition, alt, origin)
        )
    for images in media.images.values():
        images.sort(key=lambda i: (i.network is not None, i.network or "", i.rendition, i.url))
    return media


def _resolve(item: Any, cache: Path, project: Project) -> tuple[str, Path, str, str | None]:
    """(site path, file in the cache, source file, its repository path) of a rendition."""
    site_path, output = _site_path(item.output, cache, project.root)
    source = str(Path(item.source)) if item.source is not None else ""
    return site_path, output, source, _in_repo(source, project)


def link_into(files: dict[str, Path], site_dir: Path) -> None:
    """Hard-link (or copy, across file systems) each cached image into the built site."""
    for site_path, source in sorted(files.items()):
        target = site_dir / site_path
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
