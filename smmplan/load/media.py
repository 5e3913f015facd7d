"""Media headers: size, format, frames and orientation, without decoding any pixels.

``check`` needs to know whether a file exists, what it is and how big it is; decoding a
12-megapixel photo to learn that would be a hundred times slower, so only headers are
read here (Pillow opens lazily). Truncation is detected from the file's last bytes.
"""

from __future__ import annotations

import functools
import os
import warnings
from pathlib import Path

from smmplan.load.files import check_file
from smmplan.locale import phrase
from smmplan.model import MediaInfo

MAX_PIXELS = 120_000_000  # a 108-megapixel phone photo passes; a 30,000 px square does not
VIDEO_SUFFIXES = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov", ".webm": "webm"}
_ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
_ENDINGS = {"jpeg": (b"\xff\xd9",), "mpo": (b"\xff\xd9",), "png": (b"IEND",), "gif": (b";",)}


HEIF_SUFFIXES = {".heic", ".heif", ".hif", ".avif"}


@functools.cache
def register_openers() -> bool:
    """Teach Pillow HEIC/HEIF (pillow-heif, when installed); True when HEIC can be read.

    Phones send HEIC. Registering costs ~20 ms, so it happens once, when the first such
    file is met. It also silences Pillow's DecompressionBombWarning: smmplan enforces
    its own, lower pixel limit (MAX_PIXELS).
    """
    from PIL import Image

    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
    try:
        import pillow_heif
    except ImportError:
        return False
    pillow_heif.register_heif_opener(thumbnails=False)
    return True


def read_media(path: Path, root: Path | None = None) -> MediaInfo:
    """The header of the media file at ``path`` (already resolved inside the repository);
    with ``root``, the file is also refused unless ``check_file`` accepts it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return MediaInfo("unknown", error=phrase("file not found"), missing=True)
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return MediaInfo(
            "unknown", error=phrase("cannot read it: {reason}", reason=reason), missing=True
        )
    if not path.is_file():
        return MediaInfo("unknown", error=phrase("not a file"), missing=True)
    if root is not None:
        _, refusal = check_file(path, root, "media")
        if refusal is not None:
            return MediaInfo("unknown", error=refusal.reason, missing=True)
    video = VIDEO_SUFFIXES.get(path.suffix.lower())
    if video:
        return MediaInfo("video", video, bytes=size)
    if size == 0:
        return MediaInfo("unknown", bytes=0, error="the file is empty")
    if path.suffix.lower() in HEIF_SUFFIXES:
        register_openers()
    return _image_header(path, size)


def _image_header(path: Path, size: int) -> MediaInfo:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                fmt = (image.format or "").lower()
                frames = getattr(image, "n_frames", 1) if fmt in ("gif", "webp", "png") else 1
                orientation = _orientation(image)
                alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    except Image.DecompressionBombError:
        return MediaInfo("image", bytes=size, error=too_large_message(None), too_large=True)
    except UnidentifiedImageError:
        return MediaInfo(
            "unknown",
            bytes=size,
            error=phrase("not an image smmplan can read (unknown or corrupt format)"),
        )
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        return MediaInfo(
            "unknown", bytes=size, error=phrase("corrupt or truncated image ({error})", error=error)
        )
    if width <= 0 or height <= 0:
        return MediaInfo(
            "image",
            fmt,
            bytes=size,
            error=phrase("the image has no pixels ({width}×{height})", width=width, height=height),
        )
    if width * height > MAX_PIXELS:
        return MediaInfo(
            "image",
            fmt,
            width,
            height,
            size,
            error=too_large_message((width, height)),
            too_large=True,
        )
    if orientation in _ROTATED:
        width, height = height, width
    complete = _complete(path, fmt, size)
    error = None if complete else phrase("the file is truncated (its end is missing)")
    return MediaInfo("image", fmt, width, height, size, frames, alpha, error)


def too_large_message(size: tuple[int, int] | None) -> str:
    limit = MAX_PIXELS // 1_000_000
    if size is None:
        return phrase(
            "the image is far larger than the {limit} megapixels smmplan renders safely: refused",
            limit=limit,
        )
    width, height = size
    return phrase(
        "the image is {width}×{height} ({megapixels} megapixels), over the {limit} megapixels"
        " smmplan renders safely",
        width=width,
        height=height,
        megapixels=f"{width * height / 1e6:.0f}",
        limit=limit,
    )


def _orientation(image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))
    except Exception:
        return 1


def _complete(path: Path, fmt: str, size: int) -> bool:
    endings = _ENDINGS.get(fmt)
    if not endings:
        return True
    with open(path, "rb") as handle:
        handle.seek(max(0, size - 1024), os.SEEK_SET)
        tail = handle.read()
    return any(marker in tail for marker in endings)


def unusable(src: str, outside_root: bool, info: MediaInfo | None) -> str | None:
    """Why a media item cannot be used at all (the ``media-missing`` message), or None.

    One place for both ``check`` and the images renderer: a path that leaves the
    repository is refused; a file whose header could not be read is named with the
    reason (a picture too large to decode safely is ``media-unsupported`` instead)."""
    if outside_root:
        return phrase("'{src}' points outside the repository: refused", src=src)
    if info is not None and info.error is not None and not info.too_large:
        return phrase("'{src}': {problem}", src=src, problem=info.error)
    return None
