"""Encoding: files every network accepts, within its byte limit, with no metadata but sRGB.

- JPEG: baseline, 4:2:0, quality 85; over the network's byte limit the quality drops by 5
  at a time, now with Huffman tables fitted to the image, down to
  :data:`JPEG_QUALITY_FLOOR` (60), below which photos show blocking: a rendition that
  still does not fit is an error, not a worse file. Measured on a 1600×900 photo:
  fitted Huffman tables save 2.6 % of the bytes for 2.8× the encoding time (so only when
  the bytes matter); progressive saves 4 % more but encodes 2.5× slower again and some
  schedulers re-encode or reject it, so baseline it is.
- PNG: only for an image with real transparency going to a network that takes PNG (zlib
  level 1, see :data:`PNG_LEVEL`); over the limit it is tried as a 256-colour PNG, then flattened onto the brand
  background as JPEG.
- GIF: only for an animation going to a network that takes GIF.

Nothing from the source is copied: no EXIF (so no GPS), XMP, IPTC, comments or
thumbnails. JPEG and PNG carry one sRGB ICC profile, made once and stamped with a fixed
date so the same pixels always give the same bytes.
"""

from __future__ import annotations

import dataclasses
import functools
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path

from smmplan.render.images.cache import EXTENSIONS, atomic
from smmplan.render.images.plan import Target

JPEG_QUALITY = 85
JPEG_QUALITY_FLOOR = 60
JPEG_QUALITY_STEP = 5
QUALITIES = tuple(range(JPEG_QUALITY, JPEG_QUALITY_FLOOR - 1, -JPEG_QUALITY_STEP))
PNG_LEVEL = 1  # zlib level: 4× faster than the default 6 for ~20 % more bytes (Pillow's PNG
# encoder holds the GIL, so PNG time is not shared between threads)
_PROFILE_DATE = struct.pack(">6H", 2026, 1, 1, 0, 0, 0)


class OverBudget(Exception):
    """No attempt fits the byte limit; ``smallest`` is the best that was reached."""

    def __init__(self, smallest: int) -> None:
        super().__init__(smallest)
        self.smallest = smallest


@dataclass(frozen=True, slots=True)
class Attempt:
    format: str  # jpeg | png | gif
    quality: int | None = None  # JPEG quality
    colors: int | None = None  # PNG palette size (None: full colour)
    flatten: bool = False  # an RGBA image flattened onto the background for JPEG
    optimize: bool = False  # JPEG: Huffman tables fitted to the image


@functools.cache
def srgb_profile() -> bytes:
    """A compact sRGB ICC profile with a fixed creation date (deterministic bytes)."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = _PROFILE_DATE
    data[84:100] = bytes(16)  # no profile ID: it would hash the date we just replaced
    return bytes(data)


def attempts(mode: str) -> list[Attempt]:
    """What to try, best first, for an RGB or RGBA image."""
    jpeg = [
        Attempt("jpeg", q, flatten=mode == "RGBA", optimize=q < JPEG_QUALITY) for q in QUALITIES
    ]
    if mode == "RGBA":
        return [Attempt("png"), Attempt("png", colors=256), *jpeg]
    return jpeg


def _encode(image, attempt: Attempt, background: tuple[int, int, int], handle) -> int:
    """Write one attempt into ``handle`` (from its start); its size in bytes."""
    from PIL import Image

    handle.seek(0)
    handle.truncate()
    if attempt.flatten:
        flat = Image.new("RGB", image.size, background)
        flat.paste(image, (0, 0), image)
        image = flat
    if attempt.colors:
        image = image.quantize(attempt.colors, Image.Quantize.FASTOCTREE)
    image.info = {}  # resize and convert carry comment/xmp/exif along; none of it goes out
    if attempt.format == "jpeg":
        image.save(
            handle,
            "JPEG",
            quality=attempt.quality,
            optimize=attempt.optimize,
            progressive=False,
            subsampling="4:2:0",
            icc_profile=srgb_profile(),
        )
    else:
        image.save(handle, "PNG", compress_level=PNG_LEVEL, icc_profile=srgb_profile())
    handle.flush()
    return handle.tell()


def save(
    image, target: Target, base: Path, memo: dict[tuple, tuple[int, Path | None]]
) -> tuple[Path, int]:
    """Write ``image`` (RGB, or RGBA to keep transparency) as ``base`` + extension within
    ``target.max_bytes``; (path, bytes). Raises :class:`OverBudget`.

    ``memo`` is shared by the targets of one source: a target that differs from an earlier
    one only in its byte limit reuses that one's file instead of encoding it again.
    """
    shape = dataclasses.replace(target, max_bytes=None)
    limit = target.max_bytes
    smallest = None
    for attempt in attempts(image.mode):
        final = base.with_suffix(EXTENSIONS[attempt.format])
        known = memo.get((shape, attempt))
        if known is not None:
            size, done = known
            if limit is not None and size > limit:
                smallest = size if smallest is None else min(smallest, size)
                continue
            if done is not None:
                with atomic(final) as handle, open(done, "rb") as source:
                    shutil.copyfileobj(source, handle)
                return final, size
        try:
            with atomic(final) as handle:
                size = _encode(image, attempt, target.background, handle)
                if limit is not None and size > limit:
                    raise OverBudget(size)
        except OverBudget:
            memo[(shape, attempt)] = (size, None)
            smallest = size if smallest is None else min(smallest, size)
            continue
        memo[(shape, attempt)] = (size, final)
        return final, size
    raise OverBudget(smallest or 0)


def save_animation(frames: list, durations: list[int], loop: int, target: Target, base: Path):
    """Write an animated GIF; (path, bytes). Raises :class:`OverBudget`."""
    final = base.with_suffix(EXTENSIONS["gif"])
    with atomic(final) as handle:
        for frame in frames:
            frame.info = {}
        frames[0].save(
            handle,
            "GIF",
            save_all=True,
            append_images=frames[1:],
            duration=durations,
            loop=loop,
            disposal=2,
            optimize=False,
        )
        size = handle.tell()
        if target.max_bytes is not None and size > target.max_bytes:
            raise OverBudget(size)
    return final, size
