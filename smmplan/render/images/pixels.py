"""Pixels: open a source safely, decode it, orient it, make it 8-bit sRGB, cut renditions.

Decoding is the expensive part, so a source is decoded only as large as its renditions
need, and once for all the renditions that need the same: each rendition falls in a
:class:`Bucket` decided by the source's size and its own scale alone. JPEG decodes straight
to 1/2, 1/4 or 1/8 size (``draft``, the DCT scaling of libjpeg); what is still more than
``REDUCING_GAP`` times too large is box-reduced (``reduce``); each rendition is then
resampled from its bucket's pixels with BICUBIC, as Pillow's own ``thumbnail`` does (from
pixels less than four times the rendition's size, LANCZOS gave the same SSIM against a
LANCZOS resample of the full decode, 0.9906 against 0.9905 on twenty-four renditions of
12-megapixel photos, for 18 % more CPU time). Colour conversion runs on the reduced image
and alpha is premultiplied once per bucket; each rendition is cut from the picture as
stored and only the cut is turned upright (EXIF orientation), which spares turning a
12-megapixel decode for every sideways phone photo. Because the bucket never depends
on the other renditions of the run, a rendition's bytes depend only on the source's bytes
and the rendition's own parameters: rendered alone or with others, with a cold or a warm
cache, it is the same file.
"""

from __future__ import annotations

import functools
import io
import math
import struct
import zlib
from dataclasses import dataclass

from smmplan.load.media import MAX_PIXELS, too_large_message
from smmplan.locale import phrase
from smmplan.render.images.geometry import SWAPPED, Layout, stored_box

REDUCING_GAP = 2.0  # box-reduce no further than this many times the rendition's size
RESAMPLE_GAP = 3.0  # Pillow's reducing_gap for the final resample ("indistinguishable" at 3)
RESAMPLE_FILTER = "BICUBIC"  # the final resample (see the module's docstring)
BAND_PIXELS = 4_000_000  # source pixels premultiplied at a time by reduce_in_bands
ANIMATION_PIXELS = 60_000_000  # decoded frame pixels an animation may take (frames × size)
ANIMATION_FRAMES = 500
_ANIMATED_FORMATS = {"GIF", "WEBP", "PNG"}  # MPO frames are stereo views, not an animation
#: What Pillow's decoders raise on damaged data.
CORRUPT = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    TypeError,
    struct.error,
    zlib.error,
)


class SourceError(Exception):
    """A source that cannot be rendered; ``rule`` is the check rule it is reported under."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


def open_source(data: bytes):
    """The source opened lazily (header only), or :class:`SourceError`."""
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise SourceError("media-unsupported", too_large_message(None)) from None
    except UnidentifiedImageError:
        raise SourceError(
            "media-missing", phrase("not an image smmplan can read (unknown or corrupt format)")
        ) from None
    except CORRUPT as error:
        raise SourceError(
            "media-missing", phrase("corrupt image ({error})", error=_reason(error))
        ) from None
    width, height = image.size
    if width <= 0 or height <= 0:
        raise SourceError(
            "media-missing",
            phrase("the image has no pixels ({width}×{height})", width=width, height=height),
        )
    if width * height > MAX_PIXELS:
        raise SourceError("media-unsupported", too_large_message((width, height)))
    return image


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def orientation(image) -> int:
    """EXIF orientation 1..8 (Pillow falls back to the XMP ``tiff:Orientation``)."""
    try:
        value = int(image.getexif().get(0x0112, 1))
    except Exception:
        return 1
    return value if 1 <= value <= 8 else 1


def displayed_size(image, turn: int) -> tuple[int, int]:
    width, height = image.size
    return (height, width) if turn in (5, 6, 7, 8) else (width, height)


def is_animated(image) -> bool:
    return image.format in _ANIMATED_FORMATS and getattr(image, "n_frames", 1) > 1


@dataclass(frozen=True)
class Decoded:
    """A source decoded for one bucket: ``image`` is RGB or RGBa (premultiplied alpha, ready
    for resampling), 8-bit sRGB, maybe reduced, still as stored; ``size`` is the full
    source's displayed size, the coordinates layouts are in; ``turn`` the EXIF orientation
    each cut is turned upright by (turning a rendition costs less than turning the decode)."""

    image: object  # PIL.Image.Image
    size: tuple[int, int]
    turn: int = 1


@dataclass(frozen=True, order=True, slots=True)
class Bucket:
    """How the pixels for a rendition are decoded: JPEG DCT scaling (``draft``: 1, 2, 4 or 8),
    then a box reduction (``reduce``; 1: none)."""

    draft: int
    reduce: int


def bucket(image, scale: float) -> Bucket:
    """The bucket of a rendition needing ``scale`` output pixels per source pixel (≤ 1).

    A function of the source's stored size, its format and ``scale`` only, never of the other
    renditions made with it: a rendition's bytes never depend on what else is rendered in
    the same run, or is already in the cache.
    """
    width, height = image.size
    scale = min(1.0, scale)
    draft = 1
    if image.format in ("JPEG", "MPO") and scale <= 0.5:
        fits = min(width // math.ceil(width * scale), height // math.ceil(height * scale))
        draft = next(factor for factor in (8, 4, 2, 1) if fits >= factor)
    decoded = (-(-width // draft), -(-height // draft))  # libjpeg rounds scaled sizes up
    needed = max(1.0, width * scale)
    factor = min(int(decoded[0] / (needed * REDUCING_GAP)), *decoded)
    return Bucket(draft, max(1, factor))


def load(image, draft: int):
    """``image`` (from :func:`open_source`) decoded at 1/``draft`` size and made 8-bit."""
    from PIL import Image

    if draft > 1:
        width, height = image.size
        image.draft(image.mode, (width // draft, height // draft))
    try:
        image.load()
    except Image.DecompressionBombError:
        raise SourceError("media-unsupported", too_large_message(None)) from None
    except CORRUPT as error:
        raise SourceError(
            "media-missing", phrase("corrupt or truncated image ({error})", error=_reason(error))
        ) from None
    return _eight_bit(image)


def prepare(pixels, reduce: int, icc: bytes | None, tag: int, full: tuple[int, int]) -> Decoded:
    """A bucket's pixels from :func:`load`'s: box-reduced, in sRGB, alpha premultiplied once
    (not once per resampling); turned upright by :func:`cut`, one rendition at a time."""
    if reduce >= 2:
        pixels = reduce_in_bands(pixels, reduce)
    elif pixels.mode == "RGBA":
        pixels = pixels.convert("RGBa")
    pixels = to_srgb(pixels, icc)
    if pixels.mode == "RGBA":
        pixels = pixels.convert("RGBa")
    return Decoded(pixels, full, tag)


def reduce_in_bands(pixels, factor: int):
    """``pixels.reduce(factor)`` (RGBA premultiplied first), one band of rows at a time.

    Pillow premultiplies an RGBA image into a full-size copy before reducing it: for a
    picture near the pixel limit that is another 480 MB. Bands whose height is a multiple
    of ``factor`` hold whole blocks of the box filter, so the result is the same, pixel for
    pixel, and the copy is never larger than one band.
    """
    from PIL import Image

    if pixels.mode != "RGBA":
        return pixels.reduce(factor)
    width, height = pixels.size
    band = factor * max(1, BAND_PIXELS // (width * factor))
    out = Image.new("RGBa", (-(-width // factor), -(-height // factor)))
    for top in range(0, height, band):
        strip = pixels.crop((0, top, width, min(height, top + band)))
        out.paste(strip.convert("RGBa").reduce(factor), (0, top // factor))
    return out


def turn(image, orientation_tag: int):
    """``image`` turned and flipped upright for an EXIF orientation."""
    from PIL import Image

    method = {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }.get(orientation_tag)
    return image if method is None else image.transpose(method)


def _eight_bit(image):
    """Modes ``reduce`` and colour management cannot take, made 8-bit (keeping alpha)."""
    mode = image.mode
    if mode.startswith("I;16") or mode == "I":
        wide = image if mode == "I" else image.convert("I")
        high = wide.getextrema()[1]
        if mode != "I" or high > 255:
            wide = wide.point(lambda v: v * (1 / 256))
        return wide.convert("L")
    if mode == "F":
        return image.convert("L")
    if mode == "1":
        return image.convert("L")
    if mode in ("P", "PA"):
        transparent = mode == "PA" or "transparency" in image.info
        return image.convert("RGBA" if transparent else "RGB")
    if mode == "RGBa":
        return image.convert("RGBA")
    if mode == "La":
        return image.convert("LA")
    if mode == "L" and "transparency" in image.info:
        return image.convert("LA")
    if mode == "RGB" and "transparency" in image.info:
        return image.convert("RGBA")
    return image


def to_srgb(image, icc: bytes | None):
    """RGB, RGBA or RGBa (as given) in sRGB: through the embedded ICC profile when it is not
    sRGB already; other modes (L, LA, CMYK, LAB, ...) become RGB or RGBA."""
    if image.mode in ("RGB", "RGBA", "RGBa") and not icc:
        return image
    if image.mode in ("RGBa", "La"):
        image = image.convert("RGBA" if image.mode == "RGBa" else "LA")
    alpha = None
    if image.mode in ("RGBA", "LA"):
        alpha = image.getchannel("A")
        image = image.convert("RGB" if image.mode == "RGBA" else "L")
    converted = None
    if icc or image.mode == "LAB":
        converted = _through_profile(image, icc)
    if converted is None:
        converted = image if image.mode == "RGB" else image.convert("RGB")
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


def _through_profile(image, icc: bytes | None):
    from PIL import ImageCms

    try:
        if icc and _is_srgb(icc) and image.mode == "RGB":
            return image
        transform = _transform(icc, image.mode)
        return ImageCms.applyTransform(image, transform)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None  # a broken profile: treat the pixels as sRGB


@functools.lru_cache(maxsize=64)
def _is_srgb(icc: bytes) -> bool:
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    description = (ImageCms.getProfileDescription(profile) or "").strip().lower()
    return description.startswith("srgb") or description.endswith("srgb")


@functools.lru_cache(maxsize=64)
def _transform(icc: bytes | None, mode: str):
    from PIL import ImageCms

    source = (
        ImageCms.ImageCmsProfile(io.BytesIO(icc)) if icc else ImageCms.createProfile("LAB", 6500)
    )
    return ImageCms.buildTransform(
        source,
        ImageCms.createProfile("sRGB"),
        mode,
        "RGB",
        flags=ImageCms.Flags.NOCACHE,  # the transform is shared between threads
    )


def cut(decoded: Decoded, lay: Layout, background: tuple[int, int, int]):
    """One rendition's pixels (RGB or RGBA) from a decoded source."""
    from PIL import Image

    base, swapped = decoded.image, decoded.turn in SWAPPED
    full = decoded.size[::-1] if swapped else decoded.size  # as stored, like ``base``
    size = lay.size[::-1] if swapped else lay.size
    box = stored_box(lay.box, decoded.size, decoded.turn)
    sx, sy = base.width / full[0], base.height / full[1]
    if sx == sy == 1 and size == (box[2] - box[0], box[3] - box[1]):
        part = base.crop(box)
    else:
        scaled = (box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy)
        resample = Image.Resampling[RESAMPLE_FILTER]
        part = base.resize(size, resample, scaled, RESAMPLE_GAP)
    part = turn(part, decoded.turn)
    if part.mode == "RGBa":
        part = part.convert("RGBA")
    if lay.pads:
        canvas = Image.new("RGB", lay.canvas, background)
        canvas.paste(part, lay.offset, part if part.mode == "RGBA" else None)
        part = canvas
    return part


def settle_alpha(image, keep: bool, background: tuple[int, int, int]):
    """Drop an alpha channel that is opaque everywhere; otherwise keep it (``keep``) or flatten
    the image onto ``background``."""
    from PIL import Image

    if image.mode != "RGBA":
        return image
    if image.getchannel("A").getextrema() == (255, 255):
        return image.convert("RGB")
    if keep:
        return image
    flat = Image.new("RGB", image.size, background)
    flat.paste(image, (0, 0), image)
    return flat


def frames(image, lay: Layout, background: tuple[int, int, int]) -> tuple[list, list[int], int]:
    """An animation's frames cut to a layout: (frames, durations in ms, loop count).

    Raises :class:`SourceError` when the animation is too large to hold.
    """
    from PIL import ImageSequence

    count = getattr(image, "n_frames", 1)
    if count > ANIMATION_FRAMES or count * image.width * image.height > ANIMATION_PIXELS:
        raise SourceError(
            "media-unsupported", phrase("the animation is too large ({count} frames)", count=count)
        )
    tag = orientation(image)
    full = displayed_size(image, tag)
    icc = image.info.get("icc_profile")
    out, durations = [], []
    try:
        for frame in ImageSequence.Iterator(image):
            pixels = turn(to_srgb(frame.convert("RGBA"), icc), tag)
            out.append(cut(Decoded(pixels, full), lay, background))
            durations.append(int(frame.info.get("duration", 100) or 100))
    except CORRUPT as error:
        raise SourceError(
            "media-missing", phrase("corrupt animation ({error})", error=_reason(error))
        ) from None
    return out, durations, int(image.info.get("loop", 0) or 0)
