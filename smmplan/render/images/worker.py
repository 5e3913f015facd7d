"""One source, all its renditions: read once, hash, reuse the cache, else decode once and cut.

:func:`render_source` runs on a worker thread (Pillow releases the GIL while it decodes,
resamples and encodes to a file) and never raises for a bad source: its problem comes
back as a :class:`SourceError` in the :class:`SourceOutcome`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from dataclasses import dataclass
from pathlib import Path

from smmplan.locale import phrase
from smmplan.model import Severity
from smmplan.render.images import pixels
from smmplan.render.images.budget import MemoryBudget, estimate
from smmplan.render.images.cache import describe, digest, existing, output_key, read_source
from smmplan.render.images.encode import (
    JPEG_QUALITY_FLOOR,
    OverBudget,
    save,
    save_animation,
)
from smmplan.render.images.geometry import Layout, layout
from smmplan.render.images.pixels import SourceError
from smmplan.render.images.plan import SourceJob, Target
from smmplan.render.images.spread import SpareThreads, share

STILL_INSTEAD = phrase(
    "'{src}' is animated, but as an animation it is too large for {network}:"
    " its first frame is used",
    src="{src}",  # filled per use of the source (``_collect``)
    network="{network}",
)


class OutputError(OSError):
    """The output folder cannot be written (permissions, full disk): not the source's fault."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one target. ``problem``: (rule, severity, message template)."""

    target: Target
    output: Path | None
    width: int = 0
    height: int = 0
    bytes: int = 0
    cached: bool = False
    problem: tuple[str, Severity, str] | None = None


@dataclass(frozen=True, slots=True)
class SourceOutcome:
    outcomes: dict[Target, Outcome]
    error: SourceError | None = None


def render_source(
    job: SourceJob,
    out_dir: Path,
    names: frozenset[str] | None,
    budget: MemoryBudget | None = None,
    spare: SpareThreads | None = None,
) -> SourceOutcome:
    """Every target of ``job``: from the cache when its file exists, rendered otherwise
    (the decode waiting for room in ``budget``, when given; its renditions shared with
    the ``spare`` threads that are free)."""
    try:
        data = read_source(job.path)
    except SourceError as error:
        return SourceOutcome({}, error)
    source_digest = digest(data)
    keys = {target: output_key(source_digest, target) for target in job.targets}
    outcomes: dict[Target, Outcome] = {}
    missing: list[Target] = []
    for target, key in keys.items():
        found = existing(out_dir, key, names)
        described = describe(found) if found is not None else None
        if found is None or described is None:
            missing.append(target)
            continue
        problem = _still_problem() if target.gif and found.suffix != ".gif" else None
        outcomes[target] = Outcome(target, found, *described, cached=True, problem=problem)
    if not missing:
        return SourceOutcome(outcomes)
    room = budget.hold(estimate(job)) if budget is not None else contextlib.nullcontext()
    try:
        with room:
            _render(data, missing, {t: out_dir / keys[t] for t in missing}, outcomes, spare)
    except SourceError as error:
        return SourceOutcome(outcomes, error)
    except MemoryError:
        return SourceOutcome(
            outcomes, SourceError("media-unsupported", phrase("not enough memory"))
        )
    return SourceOutcome(outcomes)


def _still_problem() -> tuple[str, Severity, str]:
    return ("media-unsupported", Severity.WARNING, STILL_INSTEAD)


def _render(
    data: bytes,
    targets: list[Target],
    bases: dict[Target, Path],
    outcomes: dict[Target, Outcome],
    spare: SpareThreads | None = None,
) -> None:
    with pixels.open_source(data) as image:
        full = pixels.displayed_size(image, pixels.orientation(image))
        layouts = {t: layout(full, (t.width, t.height), t.fit, t.focus, t.aspect) for t in targets}
        stills = list(targets)
        warned: set[Target] = set()
        if pixels.is_animated(image):
            for target in [t for t in targets if t.gif]:
                if _animate(data, target, layouts[target], bases[target], outcomes):
                    stills.remove(target)
                else:
                    warned.add(target)
        groups: dict[pixels.Bucket, list[Target]] = {}
        for target in stills:
            groups.setdefault(pixels.bucket(image, layouts[target].scale), []).append(target)
    # Pillow decodes a whole PNG to look for EXIF that may follow its pixels: let that
    # decode go before the buckets decode again, or the process holds two at once.
    del image
    _render_stills(data, groups, full, layouts, bases, outcomes, warned, spare)


def _render_stills(
    data: bytes,
    groups: dict[pixels.Bucket, list[Target]],
    full: tuple[int, int],
    layouts: dict[Target, Layout],
    bases: dict[Target, Path],
    outcomes: dict[Target, Outcome],
    warned: set[Target],
    spare: SpareThreads | None = None,
) -> None:
    """Decode once per bucket (one JPEG load per draft scale) and cut its targets from it,
    on this thread and the free ``spare`` ones."""
    memo: dict[tuple, tuple[int, Path | None]] = {}
    loaded, draft, icc, tag = None, 0, None, 1
    for key in sorted(groups, reverse=True):  # the smallest decode first
        if key.draft != draft:
            loaded = None  # let the previous decode go before the next one is made
            with pixels.open_source(data) as image:
                loaded, draft = pixels.load(image, key.draft), key.draft
                icc, tag = image.info.get("icc_profile"), pixels.orientation(image)
        decoded = pixels.prepare(loaded, key.reduce, icc, tag, full)
        shapes: dict[Target, list[Target]] = {}  # differing only in their byte limit: one cut
        for target in groups[key]:
            shapes.setdefault(dataclasses.replace(target, max_bytes=None), []).append(target)
        made = functools.partial(_cut_and_encode, decoded, layouts, bases, outcomes, memo, warned)
        share(list(shapes.values()), made, spare)
        del decoded, made


def _cut_and_encode(
    decoded: pixels.Decoded,
    layouts: dict[Target, Layout],
    bases: dict[Target, Path],
    outcomes: dict[Target, Outcome],
    memo: dict,
    warned: set[Target],
    targets: list[Target],
) -> None:
    """One cut for ``targets`` (the same shape), encoded for each. Threads running this at
    once touch distinct keys of ``outcomes`` and ``memo`` (keyed by shape)."""
    first = targets[0]
    part = pixels.cut(decoded, layouts[first], first.background)
    part = pixels.settle_alpha(part, first.png, first.background)
    for target in targets:
        problem = _still_problem() if target in warned else None
        outcomes[target] = _encoded(part, target, bases[target], memo, problem)


def _encoded(
    part, target: Target, base: Path, memo: dict, problem: tuple[str, Severity, str] | None
) -> Outcome:
    """``part`` written for ``target`` within its byte limit, or the problem why not."""
    try:
        path, size = _write(lambda: save(part, target, base, memo))
    except OverBudget as over:
        template = phrase(  # src, rendition and network are filled per use (``_collect``)
            "'{src}': the {rendition} rendition for {network} is still {size} at JPEG quality"
            " {quality}, over the limit of {limit}",
            src="{src}",
            rendition="{rendition}",
            network="{network}",
            size=_megabytes(over.smallest),
            quality=JPEG_QUALITY_FLOOR,
            limit=_megabytes(target.max_bytes or 0),
        )
        return Outcome(target, None, problem=("media-unsupported", Severity.ERROR, template))
    return Outcome(target, path, part.width, part.height, size, problem=problem)


def _animate(
    data: bytes, target: Target, lay: Layout, base: Path, outcomes: dict[Target, Outcome]
) -> bool:
    """Render an animation as GIF; False when it is too large (the caller uses a still)."""
    with pixels.open_source(data) as image:
        try:
            frames, durations, loop = pixels.frames(image, lay, target.background)
        except SourceError as error:
            if error.rule == "media-unsupported":
                return False
            raise
    try:
        path, size = _write(lambda: save_animation(frames, durations, loop, target, base))
    except OverBudget:
        return False
    width, height = frames[0].size
    outcomes[target] = Outcome(target, path, width, height, size)
    return True


def _write(action):
    try:
        return action()
    except OverBudget:
        raise
    except OSError as error:
        reason = error.strerror or error
        raise OutputError(phrase("cannot write renditions: {reason}", reason=reason)) from None


def _megabytes(size: int) -> str:
    if size >= 100_000:
        return f"{size / 1_000_000:.2f} MB"
    return phrase("{count} bytes", count=f"{size:,}")
