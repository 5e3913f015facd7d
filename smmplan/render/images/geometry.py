"""Where a rendition's pixels come from: crop boxes, scales and padding. Pure arithmetic.

Coordinates are those of the source *as displayed* (EXIF orientation applied), in
pixels of the full-size source; the pixel code scales them to whatever size the
decoder produced.
"""

from __future__ import annotations

from dataclasses import dataclass

CENTRE = (0.5, 0.5)
SWAPPED = frozenset({5, 6, 7, 8})  # EXIF orientations stored with width and height swapped


@dataclass(frozen=True, slots=True)
class Layout:
    """How one rendition is cut from a source.

    ``box`` is the part of the source used (left, top, right, bottom; right/bottom
    exclusive), ``size`` the size it is resampled to, ``canvas`` the output's size and
    ``offset`` where the resampled part goes on the canvas (``canvas == size`` unless the
    rendition pads).
    """

    box: tuple[int, int, int, int]
    size: tuple[int, int]
    canvas: tuple[int, int]
    offset: tuple[int, int] = (0, 0)

    @property
    def scale(self) -> float:
        """Output pixels per source pixel (at most 1: smmplan never upscales)."""
        return self.size[0] / (self.box[2] - self.box[0])

    @property
    def pads(self) -> bool:
        return self.canvas != self.size


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def cover_box(
    source: tuple[int, int], aspect: float, focus: tuple[float, float] | None = None
) -> tuple[int, int, int, int]:
    """The largest box of the given aspect (width / height) inside the source.

    It is centred on the focus point (0..1 from the top-left; the centre when None) and
    pushed back inside the source where the focus is near an edge, so it always contains
    the focus point.
    """
    width, height = source
    if width / height > aspect:
        box_w, box_h = _clamp(round(height * aspect), 1, width), height
    else:
        box_w, box_h = width, _clamp(round(width / aspect), 1, height)
    fx, fy = focus or CENTRE
    left = _clamp(round(fx * width - box_w / 2), 0, width - box_w)
    top = _clamp(round(fy * height - box_h / 2), 0, height - box_h)
    return left, top, left + box_w, top + box_h


def layout(
    source: tuple[int, int],
    target: tuple[int, int],
    fit: str,
    focus: tuple[float, float] | None = None,
    aspect: tuple[float, float] | None = None,
) -> Layout:
    """How a ``target``-sized rendition with ``fit`` (cover | contain) is made from ``source``.

    ``cover`` crops to the target's shape around the focus point and scales down to the
    target; ``contain`` scales the whole source down to fit inside the target and pads the
    rest. Neither upscales: a smaller source keeps its own size (``cover``: the output is
    the crop itself, smaller than the target; ``contain``: it is centred on the full canvas).

    With an ``aspect`` range (lowest, highest width / height) the target is a bound, not a
    shape: see :func:`ranged_layout`.
    """
    if aspect is not None:
        return ranged_layout(source, target, fit, aspect, focus)
    width, height = source
    target_w, target_h = target
    if fit == "contain":
        scale = min(1.0, target_w / width, target_h / height)
        size = (
            _clamp(round(width * scale), 1, target_w),
            _clamp(round(height * scale), 1, target_h),
        )
        offset = ((target_w - size[0]) // 2, (target_h - size[1]) // 2)
        return Layout((0, 0, width, height), size, (target_w, target_h), offset)
    box = cover_box(source, target_w / target_h, focus)
    box_w, box_h = box[2] - box[0], box[3] - box[1]
    if box_w >= target_w and box_h >= target_h:
        size = (target_w, target_h)  # exact, even where rounding made the box a pixel off
    else:
        scale = min(1.0, target_w / box_w, target_h / box_h)
        size = (
            _clamp(round(box_w * scale), 1, target_w),
            _clamp(round(box_h * scale), 1, target_h),
        )
    return Layout(box, size, size)


def within(source: tuple[int, int], aspect: tuple[float, float]) -> bool:
    """Is the source's shape (width / height) inside the range?"""
    return aspect[0] <= source[0] / source[1] <= aspect[1]


def largest_of_shape(bound: tuple[int, int], ratio: float) -> tuple[int, int]:
    """The largest size of the given width / height that fits inside ``bound``."""
    bound_w, bound_h = bound
    if bound_w / bound_h > ratio:
        return _clamp(round(bound_h * ratio), 1, bound_w), bound_h
    return bound_w, _clamp(round(bound_w / ratio), 1, bound_h)


def ranged_layout(
    source: tuple[int, int],
    bound: tuple[int, int],
    fit: str,
    aspect: tuple[float, float],
    focus: tuple[float, float] | None = None,
) -> Layout:
    """A rendition that takes a range of shapes: a source inside ``aspect`` keeps its own
    shape, whole, scaled down to fit ``bound``; a source outside it gets the nearest bound's
    shape, cropped around the focus point (``cover``) or padded (``contain``: on the smallest
    canvas of that shape that holds it). Nothing is upscaled.
    """
    width, height = source
    if within(source, aspect):
        scale = min(1.0, bound[0] / width, bound[1] / height)
        size = (
            _clamp(round(width * scale), 1, bound[0]),
            _clamp(round(height * scale), 1, bound[1]),
        )
        return Layout((0, 0, width, height), size, size)
    ratio = min(max(width / height, aspect[0]), aspect[1])
    shaped = largest_of_shape(bound, ratio)
    if fit != "contain":
        return layout(source, shaped, "cover", focus)
    inner = layout(source, shaped, "contain")
    size_w, size_h = inner.size
    canvas = (
        min(shaped[0], max(size_w, round(size_h * ratio))),
        min(shaped[1], max(size_h, round(size_w / ratio))),
    )
    offset = ((canvas[0] - size_w) // 2, (canvas[1] - size_h) // 2)
    return Layout(inner.box, inner.size, canvas, offset)


def stored_box(
    box: tuple[int, int, int, int], displayed: tuple[int, int], orientation: int
) -> tuple[int, int, int, int]:
    """``box``, given in the upright picture of size ``displayed``, in the picture as stored
    for an EXIF ``orientation``: where to cut before turning only the cut upright."""
    left, top, right, bottom = box
    width, height = displayed
    return {
        2: (width - right, top, width - left, bottom),
        3: (width - right, height - bottom, width - left, height - top),
        4: (left, height - bottom, right, height - top),
        5: (top, left, bottom, right),
        6: (top, width - right, bottom, width - left),
        7: (height - bottom, width - right, height - top, width - left),
        8: (height - bottom, left, height - top, right),
    }.get(orientation, box)
