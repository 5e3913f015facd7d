"""Media rules: files that exist and are readable, counts, formats, sizes, alt text.

They read only what the loader learned from each file's header (``project.media``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from smmplan.check.registry import Context, Family, Problem, rule
from smmplan.load.media import unusable
from smmplan.locale import phrase
from smmplan.memo import ByIdentity
from smmplan.model import Media, MediaInfo, NetworkSpec, Post, Project, Severity, Variant

FAMILY = Family("media", "Media", 3)  # its heading and place in docs/rules.md

LOSS_WORTH_NAMING = 0.05  # crops that remove less than this are not worth a word


def _usable(variant: Variant, ctx: Context) -> Iterator[tuple[Media, MediaInfo]]:
    for item in variant.media:
        info = ctx.project.media.get(item.path) if item.path else None
        if info is not None and info.error is None:
            yield item, info


@rule("media-missing", "MD01", Severity.ERROR, "post")
def media_missing(post: Post, ctx: Context) -> Iterator[Problem]:
    """A media file is absent, unreadable, corrupt or truncated, or lies outside the repository.

    Paths are relative to the post's folder, or to the repository root when they start
    with ``/``. Paths that leave the repository (``../../etc/passwd``, or a symlink
    pointing outside) are refused.
    """
    for network, item in post.all_media():
        outside = item.outside_root or item.path is None
        info = None if item.path is None else ctx.project.media.get(item.path)
        reason = unusable(item.src, outside, info)
        if reason is not None:
            yield Problem(reason, item.line, network=network)


@rule("media-required", "MD02", Severity.ERROR, "variant")
def media_required(
    post: Post, variant: Variant, spec: NetworkSpec, ctx: Context
) -> Iterator[Problem]:
    """The network publishes nothing without a picture or video (Instagram, Pinterest, TikTok, YouTube).

    A network's ``min_media`` (none ships one; a project may set it, e.g. ``networks:
    {instagram: {min_media: 2}}`` for a plan of carousels) asks for at least that many.
    """
    least = max(spec.min_media or 0, 1 if spec.media_required else 0)
    if len(variant.media) >= least or post.status in ("idea", "cancelled"):
        return
    if not variant.media:
        yield Problem(
            phrase("{network} needs an image or a video: add 'media:'", network=spec.name),
            variant.line,
        )
    else:
        line = variant.line_of("media", post.line_of("media", variant.line))
        count, name = len(variant.media), spec.name
        yield Problem(
            phrase(
                "{count} media items; {network} takes at least {least}",
                count=count,
                network=name,
                least=least,
            )
            if count > 1
            else phrase(
                "{count} media item; {network} takes at least {least}",
                count=count,
                network=name,
                least=least,
            ),
            line,
        )


@rule("too-many-media", "MD03", Severity.ERROR, "variant")
def too_many_media(
    post: Post, variant: Variant, spec: NetworkSpec, ctx: Context
) -> Iterator[Problem]:
    """More media items than the network takes in one post (X 4, Instagram carousel 10, ...)."""
    if spec.max_media is not None and len(variant.media) > spec.max_media:
        line = variant.media[spec.max_media].line
        yield Problem(
            phrase(
                "{count} media items; {network} takes at most {most}",
                count=len(variant.media),
                network=spec.name,
                most=spec.max_media,
            ),
            line,
        )


@rule("media-unsupported", "MD04", Severity.ERROR, "variant")
def media_unsupported(
    post: Post, variant: Variant, spec: NetworkSpec, ctx: Context
) -> Iterator[Problem]:
    """The network cannot take this kind of file, or it is too large to render safely.

    Images are converted for each network (a PNG becomes a JPEG for Instagram), so an
    image format is only a problem when it is refused outright. Animations lose all but
    their first frame on networks without GIF support (a warning). Images above the safe
    pixel limit (decompression bombs) are refused. Videos are passed on as they are, so
    they must be a format the network takes (``video_formats``) and within its size limit
    (``max_video_bytes``).
    """
    for item in variant.media:
        info = ctx.project.media.get(item.path) if item.path else None
        if info is None:
            continue
        if info.too_large:
            yield Problem(f"'{item.src}': {info.error}", item.line)
        elif info.kind == "video" and info.format not in spec.video_formats:
            takes = ", ".join(spec.video_formats) or phrase("no video")
            yield Problem(
                phrase(
                    "'{src}': {network} takes {takes}, not {format}",
                    src=item.src,
                    network=spec.name,
                    takes=takes,
                    format=info.format,
                ),
                item.line,
            )
        elif info.kind == "video" and spec.max_video_bytes and info.bytes > spec.max_video_bytes:
            yield Problem(
                phrase(
                    "'{src}' is {size} MB; {network} takes videos up to {most} MB",
                    src=item.src,
                    size=f"{info.bytes / 1e6:,.1f}",
                    network=spec.name,
                    most=f"{spec.max_video_bytes / 1e6:,.0f}",
                ),
                item.line,
            )
        elif info.frames > 1 and "gif" not in spec.formats and info.error is None:
            yield Problem(
                phrase(
                    "'{src}' is animated ({frames} frames); {network} gets its first frame only",
                    src=item.src,
                    frames=info.frames,
                    network=spec.name,
                ),
                item.line,
                severity=Severity.WARNING,
            )


def _needed_in_range(width: int, height: int, rendition) -> float:
    """How much a source would have to grow to fill a rendition that keeps the shapes of
    its ``aspect`` range: whole inside it, cut to the nearest bound outside (``cover``)."""
    low, high = rendition.aspect
    if rendition.fit == "cover":
        width, height = min(width, height * high), min(height, width / low)
    return min(rendition.width / width, rendition.height / height)


@rule("media-too-small", "MD05", Severity.WARNING, "variant")
def media_too_small(
    post: Post, variant: Variant, spec: NetworkSpec, ctx: Context
) -> Iterator[Problem]:
    """An image is smaller than the network's rendition, so it would have to be upscaled.

    smmplan never upscales silently: the rendition keeps the source's size (or is
    padded) and looks soft on high-density screens. Use a larger original.
    """
    rendition = spec.rendition_for(variant.format)
    for item, info in _usable(variant, ctx):
        if info.kind != "image":
            continue
        if rendition and rendition.aspect:
            needed = _needed_in_range(info.width, info.height, rendition)
        elif rendition and rendition.fit == "cover":
            needed = max(rendition.width / info.width, rendition.height / info.height)
        elif rendition:
            needed = min(rendition.width / info.width, rendition.height / info.height)
        else:
            needed = max((spec.min_width or 0) / info.width, (spec.min_height or 0) / info.height)
        if needed > 1.0:
            target = (
                phrase(
                    "{name} rendition {width}×{height}",
                    name=rendition.name,
                    width=rendition.width,
                    height=rendition.height,
                )
                if rendition
                else phrase(
                    "minimum {width}×{height}",
                    width=spec.min_width or 0,
                    height=spec.min_height or 0,
                )
            )
            yield Problem(
                phrase(
                    "'{src}' is {width}×{height}, smaller than {network}'s {target}",
                    src=item.src,
                    width=info.width,
                    height=info.height,
                    network=spec.name,
                    target=target,
                ),
                item.line,
            )


@rule("alt-text-missing", "MD06", Severity.WARNING, "post")
def alt_text_missing(post: Post, ctx: Context) -> Iterator[Problem]:
    """An image has no ``alt`` text.

    Screen-reader users depend on it, Bluesky and Mastodon show it, and search engines
    read it. Write what the picture shows: ``alt: Cup of coffee on a wooden table``.
    """
    for network, item in post.all_media():
        info = ctx.project.media.get(item.path) if item.path else None
        if info is None or info.kind == "video" or info.missing:
            continue  # a file that is not there is reported as media-missing
        if not (item.alt or "").strip():
            yield Problem(
                phrase("'{src}' has no alt text", src=item.src), item.line, network=network
            )


def _within(ratio: float, low: float | None, high: float | None) -> bool:
    return (low is None or ratio >= low - 1e-3) and (high is None or ratio <= high + 1e-3)


@rule("aspect-ratio", "MD07", Severity.WARNING, "variant")
def aspect_ratio(
    post: Post, variant: Variant, spec: NetworkSpec, ctx: Context
) -> Iterator[Problem]:
    """An image's shape is outside what the network shows, so it will be cropped or padded.

    Instagram's feed takes 4:5 to 1.91:1; a 3:1 panorama loses most of its width.
    The message says how much of the picture the rendition removes. Set ``focus`` to
    choose what survives, or give the network its own ``media``.
    """
    rendition = spec.rendition_for(variant.format)
    low, high = spec.min_aspect, spec.max_aspect
    if rendition and not _within(rendition.width / rendition.height, low, high):
        return  # the range is the feed's; a story or reel format has its own shape
    for item, info in _usable(variant, ctx):
        if info.kind != "image":
            continue
        ratio = info.width / info.height
        if _within(ratio, low, high):
            continue
        accepted = (
            phrase("{low}:1 to {high}:1", low=f"{low or 0:.2f}", high=f"{high:.2f}")
            if high
            else phrase("at least {low}:1", low=f"{low:.2f}")
        )
        effect = ""
        if rendition:
            target = rendition.width / rendition.height
            if rendition.aspect:  # a range of shapes: cut or padded to its nearest bound
                target = min(max(ratio, rendition.aspect[0]), rendition.aspect[1])
            kept = min(ratio, target) / max(ratio, target)
            if 1 - kept >= LOSS_WORTH_NAMING:
                effect = phrase(
                    ": the {name} rendition crops away {share} of it"
                    if rendition.fit == "cover"
                    else ": the {name} rendition pads {share} of it",
                    name=rendition.name,
                    share=f"{1 - kept:.0%}",
                )
        yield Problem(
            phrase(
                "'{src}' is {width}×{height} ({ratio}:1); {network} shows {accepted}{effect}",
                src=item.src,
                width=info.width,
                height=info.height,
                ratio=f"{ratio:.2f}",
                network=spec.name,
                accepted=accepted,
                effect=effect,
            ),
            item.line,
        )


def used_media(project: Project) -> set[str]:
    """The repository-relative paths of every file a post (or one of its networks) uses."""
    used: set[str] = set()
    for post in project.posts:
        used.update(post_media_paths(post, project.root))
    return used


_MEDIA_PATHS: ByIdentity[tuple[str, ...]] = ByIdentity()


def post_media_paths(post: Post, root: Path) -> tuple[str, ...]:
    """The repository-relative paths of the files inside ``root`` one post uses, sorted."""

    def make() -> tuple[str, ...]:
        inside = str(root) + os.sep
        found = {str(item.path) for _, item in post.all_media() if item.path is not None}
        return tuple(
            sorted(p[len(inside) :].replace(os.sep, "/") for p in found if p.startswith(inside))
        )

    return _MEDIA_PATHS.get((post, root), make)


@rule("media-unused", "MD08", Severity.WARNING, "project", off_by_default=True)
def media_unused(ctx: Context) -> Iterator[Problem]:
    """A file under ``content/media/`` that no post uses (off by default).

    Turn it on (``rules: {media-unused: warning}``) to keep the media folder to what the
    plan needs: each unused image or video is reported at the file itself. Other files
    there (a ``CREDITS.md``) are not media and are never reported.
    """
    used = used_media(ctx.project)
    for path in ctx.project.media_files:
        if path not in used:
            yield Problem(phrase("'{path}' is used by no post", path=path), 1, path=path)


@rule("media-license-missing", "MD09", Severity.WARNING, "post", off_by_default=True)
def media_license_missing(post: Post, ctx: Context) -> Iterator[Problem]:
    """A media entry names no ``license:`` (off by default).

    For agencies that must prove their right to use each picture: turn it on with
    ``rules: {media-license-missing: error}`` and write the terms on every entry, e.g.
    ``license: CC BY 4.0`` or ``license: stock, order 4711``. The media library page of
    each file shows its credit and licence.
    """
    for network, item in post.all_media():
        if not (item.license or "").strip():
            yield Problem(
                phrase("'{src}' names no license", src=item.src), item.line, network=network
            )
