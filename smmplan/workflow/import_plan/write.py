"""Post files from drafts: their text, their place, and writing them without overwriting.

The front matter is what ``smmplan new`` writes (``title`` quoted, ``brand`` when the
repository has brand files, ``publish_at`` on the brand's wall clock, ``status``,
``tags``, ``networks`` as a flow list) with the fields a plan adds in between, always in
this order: title, brand, campaign, publish_at, status, approved_by, author, sponsored,
link, first_comment, tags, media, networks. Free text is quoted as a JSON string, which
YAML reads back unchanged whatever it holds.

Place: a ``plan.csv`` row's own ``post`` path when it is a Markdown file under
``content/posts/``; otherwise ``content/posts/YYYY/MM/<slug>.md`` (the local month of
``publish_at``, the slug from the title), as ``smmplan new`` names files. A name that is
taken, on disk or earlier in the same import, gets ``-2``, ``-3`` …; a ``post`` path that
exists is skipped. A file is written to a temporary sibling and linked into place, which
fails rather than replace a file created meanwhile.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from smmplan.load import POSTS_DIR
from smmplan.model import Project
from smmplan.workflow.import_plan.assemble import Draft
from smmplan.workflow.slug import slugify
from smmplan.workflow.writing import create


class Taken(Exception):
    """The file exists already: it is never replaced."""


def quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _when(moment: datetime, zone: str) -> str:
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%Y-%m-%d %H:%M:%S}" if local.second else f"{local:%Y-%m-%d %H:%M}"


def _media(items: Iterable[tuple[str, str]]) -> str:
    return (
        "["
        + ", ".join(
            f"{{src: {quote(src)}, alt: {quote(alt)}}}" if alt else f"{{src: {quote(src)}}}"
            for src, alt in items
        )
        + "]"
    )


def _override(key: str, value: object, zone: str) -> str:
    if key == "publish_at" and isinstance(value, datetime):
        return f"{key}: {_when(value, zone)}"
    if key == "media":
        return f"{key}: {_media(value)}"  # type: ignore[arg-type]
    return f"{key}: {quote(str(value))}"


def _networks(draft: Draft) -> list[str]:
    zone = draft.brand.timezone
    if not any(draft.networks.values()):
        return [f"networks: [{', '.join(draft.networks)}]"]
    lines = ["networks:"]
    for network, overrides in draft.networks.items():
        inner = ", ".join(_override(key, value, zone) for key, value in overrides.items())
        lines.append(f"  {network}: {{{inner}}}")
    return lines


def _optional(draft: Draft) -> list[str]:
    lines = []
    for key in ("approved_by", "author"):
        if getattr(draft, key):
            lines.append(f"{key}: {quote(getattr(draft, key))}")
    if draft.sponsored:
        lines.append("sponsored: true")
    for key in ("link", "first_comment"):
        if getattr(draft, key):
            lines.append(f"{key}: {quote(getattr(draft, key))}")
    return lines


def post_text(draft: Draft, project: Project, media: tuple[tuple[str, str], ...]) -> str:
    """The post file's text."""
    brand = draft.brand
    lines = ["---", f"title: {quote(draft.title)}"]
    if len(project.brands) > 1 or brand.path is not None:
        lines.append(f"brand: {brand.id}")
    if draft.campaign:
        lines.append(f"campaign: {draft.campaign}")
    lines.append(f"publish_at: {_when(draft.moment, brand.timezone)}")
    lines.append(f"status: {draft.status}")
    lines += _optional(draft)
    lines.append(f"tags: [{', '.join(quote(t) for t in draft.tags)}]")
    if media:
        lines.append(f"media: {_media(media)}")
    lines += _networks(draft)
    lines += ["---", draft.body, ""]
    return "\n".join(lines)


def own_path(draft: Draft) -> str | None:
    """A ``plan.csv`` row's ``post`` path, when it is a safe place for a post."""
    if not draft.post:
        return None
    path = PurePosixPath(draft.post)
    clean = posixpath.normpath(draft.post)
    if (
        path.is_absolute()
        or clean != draft.post
        or ".." in path.parts
        or path.suffix != ".md"
        or not draft.post.startswith(f"{POSTS_DIR}/")
        or "\\" in draft.post
    ):
        return None
    return draft.post


def rooted_media(draft: Draft, moved: bool) -> tuple[tuple[str, str], ...]:
    """Media paths as they resolve from the new file: relative ones made root-relative
    when the post does not go where it came from."""
    if not moved or not draft.post:
        return draft.media
    folder = posixpath.dirname(draft.post)
    return tuple(
        (src if src.startswith("/") else "/" + posixpath.normpath(f"{folder}/{src}"), alt)
        for src, alt in draft.media
    )


def place(draft: Draft, project: Project, planned: set[str]) -> tuple[str | None, bool]:
    """The file's repository-relative path (None: its own path is taken) and whether the
    post moved from the path its row named."""
    own = own_path(draft)
    if own is not None:
        if own in planned or (project.root / own).exists():
            return None, False
        return own, False
    local = draft.moment.astimezone(ZoneInfo(draft.brand.timezone))
    folder = f"{POSTS_DIR}/{local:%Y}/{local:%m}"
    slug = slugify(draft.title)
    name, number = f"{folder}/{slug}.md", 2
    while name in planned or (project.root / name).exists():
        name, number = f"{folder}/{slug}-{number}.md", number + 1
    return name, draft.post is not None


def write_new(path: Path, text: str) -> None:
    """Create ``path`` with ``text`` (see :mod:`smmplan.workflow.writing`); raise
    :class:`Taken` if it exists."""
    try:
        create(path, text)
    except FileExistsError:
        raise Taken(str(path)) from None
