"""The cache: outputs named by a hash of what decides their bytes, written atomically.

An output's name is ``sha256(PIPELINE_VERSION, Pillow's version, sha256(source bytes),
target parameters)`` (32 hex digits) plus its extension, so a file that exists is the right file: a rerun with
nothing changed finds every output and decodes nothing, and a changed setting changes
exactly the names it affects. Files are written to a temporary name in the same folder
and moved into place with ``os.replace``, so a reader never sees half a file and two
processes writing the same name write the same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from smmplan.locale import phrase
from smmplan.render.images.pixels import SourceError
from smmplan.render.images.plan import Target

#: Bump when a change to the pipeline changes output bytes: every output is then re-rendered.
PIPELINE_VERSION = "2"  # 2: one decode per scale bucket; renditions in their own shape
EXTENSIONS = {"jpeg": ".jpg", "png": ".png", "gif": ".gif"}
MAX_SOURCE_BYTES = 256 * 1024 * 1024  # a source file larger than this is not read


def read_source(path: Path) -> bytes:
    """A source file's bytes, or :class:`SourceError` (gone, unreadable, far too big)."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_SOURCE_BYTES:
                raise SourceError(
                    "media-unsupported",
                    phrase(
                        "the file is {size} MB, over the {limit} MB smmplan reads",
                        size=f"{size / 2**20:.0f}",
                        limit=MAX_SOURCE_BYTES // 2**20,
                    ),
                )
            return handle.read(MAX_SOURCE_BYTES + 1)
    except FileNotFoundError:
        raise SourceError("media-missing", phrase("file not found")) from None
    except IsADirectoryError:
        raise SourceError("media-missing", phrase("not a file")) from None
    except OSError as error:
        reason = error.strerror or error
        raise SourceError(
            "media-missing", phrase("cannot read it: {reason}", reason=reason)
        ) from None


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def output_key(source_digest: str, target: Target) -> str:
    """The output's name: what decides its bytes, hashed. Pillow's version is part of it
    because another Pillow (another libjpeg, zlib) may encode the same pixels differently."""
    from PIL import __version__ as pillow

    text = f"smmplan-image\n{PIPELINE_VERSION}\n{pillow}\n{source_digest}\n{target.params()}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def existing(out_dir: Path, key: str, names: frozenset[str] | None = None) -> Path | None:
    """The output already rendered for ``key``, if any (``names``: the folder's listing)."""
    for extension in EXTENSIONS.values():
        name = key + extension
        if names is not None:
            if name in names:
                return out_dir / name
        elif (out_dir / name).is_file():
            return out_dir / name
    return None


def listing(out_dir: Path) -> frozenset[str]:
    try:
        return frozenset(entry.name for entry in os.scandir(out_dir) if entry.is_file())
    except OSError:
        return frozenset()


def describe(path: Path) -> tuple[int, int, int] | None:
    """(width, height, bytes) of an output from its header; None when it is unreadable."""
    from PIL import Image

    try:
        size = path.stat().st_size
        with Image.open(path) as image:
            width, height = image.size
    except (OSError, SyntaxError, ValueError):
        return None
    return width, height, size


@contextlib.contextmanager
def atomic(final: Path) -> Iterator[BinaryIO]:
    """A temporary file beside ``final``; on a clean exit it replaces ``final`` in one step.

    The body may write, rewind and rewrite the file; if it raises, the temporary file is
    removed and ``final`` is untouched. There is no fsync: an output damaged by a crash of
    the machine fails :func:`describe` and is rendered again.
    """
    temp = final.with_name(f".{final.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    handle = open(temp, "xb")  # noqa: SIM115 - closed below, before the rename
    try:
        yield handle
        handle.close()
        os.replace(temp, final)
    finally:
        handle.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
