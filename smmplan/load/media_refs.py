"""A post's media items: paths resolved inside the repository, alt text, focus point,
credit and licence."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from smmplan.load import values as v
from smmplan.load.documents import Document
from smmplan.load.files import walk
from smmplan.load.media import HEIF_SUFFIXES, VIDEO_SUFFIXES
from smmplan.locale import phrase
from smmplan.model import Finding, Media

MEDIA_KEYS = ("src", "alt", "focus", "credit", "license")
MAX_PATH_LENGTH = 4096  # PATH_MAX on Linux
LIBRARY_DIR = "content/media"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".mpo", ".bmp")
LIBRARY_SUFFIXES = (*IMAGE_SUFFIXES, *HEIF_SUFFIXES, *VIDEO_SUFFIXES)


def library_files(root: Path) -> tuple[str, ...]:
    """The images and videos under ``content/media/``, repository-relative, sorted (suffix in
    lower or upper case; other files there, such as a CREDITS.md, are not media)."""
    suffixes = {*LIBRARY_SUFFIXES, *(s.upper() for s in LIBRARY_SUFFIXES)}
    found, _ = walk(root / LIBRARY_DIR, root, sorted(suffixes))
    return tuple(sorted(path.relative_to(root).as_posix() for path in found))


def media_list(
    f: v.Fields, key: str, here: Path, root: Path, findings: list[Finding], doc: Document
) -> tuple[Media, ...]:
    node = f.nodes.get(key)
    if node is None:
        return ()
    entries = node.value if isinstance(node, SequenceNode) else [node]
    result: list[Media] = []
    for entry in entries:
        item = _media(entry, f.prefix + key, here, root, findings, doc)
        if item is not None:
            result.append(item)
    return tuple(result)


def _media(
    node: Node, key: str, here: Path, root: Path, findings: list[Finding], doc: Document
) -> Media | None:
    line = doc.line(node)
    if isinstance(node, ScalarNode):
        src, alt, focus, credit, license_ = node.value, None, None, None, None
    elif isinstance(node, MappingNode):
        fields = v.Fields(doc, node, MEDIA_KEYS, findings, {}, prefix=f"{key}[].")
        if "src" not in fields:
            fields.require("src", "each media item needs the path of its file")
            return None
        src = fields.get("src", v.text, "")
        alt = fields.get("alt", v.text, None)
        focus = fields.get("focus", _focus, None)
        credit = fields.get("credit", v.text, None)
        license_ = fields.get("license", v.text, None)
    else:
        findings.append(
            Finding(
                "invalid-value",
                phrase("{field}: an item must be a path or a mapping", field=key),
                line,
            )
        )
        return None
    src = str(src).strip()
    refusal = _refused_path(src, key)
    if refusal is not None:
        findings.append(Finding("invalid-value", refusal, line))
        return None
    resolved, outside = resolve_inside(src, here, root)
    return Media(
        src=src,
        path=resolved,
        line=line,
        alt=alt,
        focus=focus,
        outside_root=outside,
        credit=credit,
        license=license_,
    )


def _refused_path(src: str, key: str) -> str | None:
    """Why the media path ``src`` (of the field ``key``) is refused; None when it is not."""
    if not src:
        return phrase("{field}: empty media path", field=key)
    if "\x00" in src or len(src) > MAX_PATH_LENGTH:
        return phrase(
            "{field}: a media path holds a NUL byte or is over {limit} characters long: refused",
            field=key,
            limit=MAX_PATH_LENGTH,
        )
    if "://" in src:
        return phrase(
            "{field}: '{src}' is a URL; media must be a file in the repository",
            field=key,
            src=src,
        )
    return None


@functools.lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def resolve_inside(src: str, here: Path, root: Path) -> tuple[Path | None, bool]:
    """A media path: relative to the post's folder, or to the root when it starts with '/'.

    Symlinks are followed; a path that ends up outside the repository resolves to None.
    Real folders are cached (thousands of posts share a few media folders); a path with
    '..' or a file that is itself a link is resolved in full.
    """
    base = str(root) if src.startswith("/") else str(here)
    joined = os.path.join(base, src.lstrip("/"))
    folder, name = os.path.split(joined)
    if ".." in src.replace("\\", "/").split("/") or os.path.islink(joined):
        real = os.path.realpath(joined)
    else:
        real = os.path.join(_real_folder(folder), name)
    real_root = _real_folder(str(root))
    if real != real_root and not real.startswith(real_root + os.sep):
        return None, True
    return _shared_path(real), False


@functools.lru_cache(maxsize=65536)
def _shared_path(real: str) -> Path:
    """One ``Path`` per media file: posts sharing a picture share the object, so that each
    look-up of it in ``Project.media`` (several per post and network) is found by identity
    instead of comparing two paths part by part."""
    return Path(real)


def _focus(value: Any) -> tuple[float, float]:
    if not isinstance(value, list) or len(value) != 2:
        raise ValueError(phrase("focus is two numbers from 0 to 1, e.g. [0.5, 0.35]"))
    x, y = (v.number(n) for n in value)
    if not (0 <= x <= 1 and 0 <= y <= 1):
        raise ValueError(
            phrase("focus [{x}, {y}] must lie between 0 and 1 (left/top to right/bottom)", x=x, y=y)
        )
    return x, y
