"""Where each page of the site lives: source URIs, URLs, slugs and relative links.

Pure functions; they follow MkDocs' own rules (``use_directory_urls``) so that the links
the views write resolve exactly where MkDocs writes the pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

import regex

RESERVED = frozenset({"index"})
_UNSAFE = regex.compile(r"[^\w.-]+")

SOURCES = {
    "home": "index.md",
    "week": "week/{key}.md",
    "month": "month/{key}.md",
    "board": "board.md",
    "problems": "problems.md",
    "campaigns": "campaigns/index.md",
    "campaign": "campaigns/{key}.md",
    "brands": "brands/index.md",
    "brand": "brands/{key}.md",
    "analytics": "brands/{key}/analytics.md",
    "review": "brands/{key}/review.md",
    "post": "posts/{key}.md",
    "links": "links/{key}.md",
    "media_index": "media/index.md",
    "media": "media/{key}.md",
}
"""Page kind -> source URI of the (generated) Markdown file; ``{key}`` is the page's key."""


def joined(base: str, url: str) -> tuple[str, str]:
    """``urljoin(base, url)`` and its path, as MkDocs gives a page's canonical and absolute
    URL; for a plain relative ``url`` (a generated page's) by appending it to the join of
    ``base`` with a one-letter path, computed once per ``base``."""
    if not _plain_relative(url):
        canonical = urljoin(base, url)
        return canonical, urlsplit(canonical).path
    prefix, path = _joined_prefix(base)
    return prefix + url, path + url


def _plain_relative(url: str) -> bool:
    """Neither a scheme, a query, a fragment, an absolute or empty path, empty segments
    (which ``urljoin`` drops), dot segments (which it resolves) nor spaces and control
    characters (which it strips)."""
    if not url or url[0] == "/" or "//" in url or any(c in ":?#\\" or c <= " " for c in url):
        return False
    return not any(segment in (".", "..") for segment in url.split("/"))


@lru_cache(maxsize=8)
def _joined_prefix(base: str) -> tuple[str, str]:
    canonical = urljoin(base, "x")
    return canonical[:-1], urlsplit(canonical).path[:-1]


CALENDAR = "calendar.ics"
BRAND_CALENDAR = "brands/{key}/calendar.ics"
ASSETS = "assets/smmplan"


def source(kind: str, key: str = "") -> str:
    return SOURCES[kind].format(key=key)


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a Markdown source: 'posts/a.md' -> 'posts/a/' (or 'posts/a.html')."""
    stem = src_uri.rsplit(".", 1)[0]
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


def relative_url(target: str, here: str) -> str:
    """Link from the page at URL ``here`` to the site path ``target`` ('' is the home page)."""
    folders = here.split("/")[:-1]  # 'week/2026-W48/' -> ['week', '2026-W48']; 'a.html' -> []
    parts = target.split("/")
    common = 0
    while common < len(folders) and common < len(parts) - 1 and folders[common] == parts[common]:
        common += 1
    rel = "../" * (len(folders) - common) + "/".join(parts[common:])
    return rel or "./"


def url_slug(text: str) -> str:
    """A URL-safe, lower-case form of a file name (letters of any script are kept)."""
    slug = _UNSAFE.sub("-", text.casefold()).strip("-.")
    return slug or "untitled"


def unique_slugs(paths: Iterable[str], prefix: str = "") -> dict[str, str]:
    """path -> slug: the file's name; files sharing a name get their folders prepended
    (the last few answers are kept: ``serve`` asks again after every edit).

    ``content/posts/2026/11/teaser.md`` is ``teaser`` unless another file is also called
    ``teaser``, then ``2026-11-teaser``. ``prefix`` is dropped from paths before that.
    Names MkDocs uses for section pages (``index``) are never used as they are.
    """
    return dict(_unique_slugs(tuple(sorted(set(paths))), prefix))


@lru_cache(maxsize=8)
def _unique_slugs(paths: tuple[str, ...], prefix: str) -> dict[str, str]:
    parts: dict[str, list[str]] = {}
    for path in paths:
        rel = path[len(prefix) :] if prefix and path.startswith(prefix) else path
        pure = PurePosixPath(rel)
        pieces = (pure.with_suffix("") if pure.suffix == ".md" else pure).parts or ("untitled",)
        parts[path] = [url_slug(piece) for piece in pieces]
    depth = dict.fromkeys(parts, 1)

    def current() -> dict[str, str]:
        return {p: "-".join(parts[p][-depth[p] :]) for p in parts}

    while True:
        groups: dict[str, list[str]] = defaultdict(list)
        for path, slug in current().items():
            groups[slug].append(path)
        changed = False
        for slug, members in groups.items():
            if len(members) > 1 or slug in RESERVED:
                for path in members:
                    if depth[path] < len(parts[path]):
                        depth[path] += 1
                        changed = True
        if not changed:
            break
    result: dict[str, str] = {}
    taken: set[str] = set(RESERVED)
    for path, slug in current().items():
        final, n = slug, 2
        while final in taken:
            final, n = f"{slug}-{n}", n + 1
        taken.add(final)
        result[path] = final
    return result


def media_slugs(paths: Iterable[str], prefix: str) -> dict[str, str]:
    """path -> slug of a media file's page: as :func:`unique_slugs`, with the file's type
    kept as a word ('kofe/cup.jpg' -> 'cup-jpg'), so a photo and a video of one name differ
    and the page's folder never looks like a picture file."""
    dashed: dict[str, str] = {}
    for path in sorted(set(paths)):
        stem, dot, suffix = path.rpartition(".")
        key = f"{stem}-{suffix}" if dot and "/" not in suffix else path
        n = 2
        while key in dashed:  # 'a.jpg' and a file named 'a-jpg'
            key, n = f"{path}-{n}", n + 1
        dashed[key] = path
    return {dashed[key]: slug for key, slug in unique_slugs(dashed, prefix).items()}
