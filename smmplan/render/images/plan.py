"""Which picture goes to which rendition, for which post: image jobs from a project. Pure.

One :class:`SourceJob` per distinct source file holds every :class:`Target` (an output
file's recipe) made from it and every :class:`Use` (a line of the manifest: a post shows
a target on a network). Problems the headers already reveal (missing files, paths out of
the repository, decompression bombs) become findings here, with the same rule and
message ``check`` gives (:func:`smmplan.load.media.unusable`), so ``build`` can merge both
lists without duplicates.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from smmplan.load.media import unusable
from smmplan.model import FileFinding, Finding, Media, MediaInfo, Post, Project
from smmplan.render.images.geometry import within

THUMB_NAME = "thumb"
THUMB_SIZE = 480
WHITE = (255, 255, 255)


@dataclass(frozen=True, slots=True)
class Target:
    """Everything that decides the bytes of one output file, given the source's bytes.

    Fields that cannot change the output are normalised by :func:`target` (no focus for
    ``contain`` or for a source shown whole in its own shape, no background for an opaque
    ``cover``, no PNG/GIF choice for an opaque or still source), so that changing an
    irrelevant setting re-renders nothing.
    """

    width: int
    height: int
    fit: str  # cover | contain
    focus: tuple[float, float] | None
    background: tuple[int, int, int]
    png: bool  # transparency may be kept as PNG
    gif: bool  # animation may be kept as GIF
    max_bytes: int | None
    aspect: tuple[float, float] | None = None  # shapes kept as they are (width × height: a bound)

    def params(self) -> str:
        """The canonical text hashed into the output's name."""
        focus = None if self.focus is None else [round(f, 4) for f in self.focus]
        fields = [self.width, self.height, self.fit, focus, list(self.background)]
        shapes = None if self.aspect is None else list(self.aspect)
        text = [*fields, self.png, self.gif, self.max_bytes, shapes]
        return json.dumps(text, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class Use:
    """A post shows a target: one line of the manifest."""

    post: str  # repository-relative post path
    network: str | None  # None for the site thumbnail
    rendition: str
    target: Target
    src: str  # the media item as written, for messages
    line: int  # the media item's line
    network_name: str = ""  # for messages: "Instagram"
    scope: str | None = None  # the network whose own media list names the item, if any


@dataclass(frozen=True)
class SourceJob:
    path: Path
    info: MediaInfo
    targets: tuple[Target, ...]
    uses: tuple[Use, ...]


@functools.lru_cache(maxsize=256)
def parse_color(value: str | None) -> tuple[int, int, int]:
    """A brand colour ("#f4efe9", "#fff", "white", "rgb(...)") as RGB; white when unreadable."""
    if not value:
        return WHITE
    from PIL import ImageColor

    try:
        rgb = ImageColor.getrgb(str(value).strip())
    except ValueError:
        return WHITE
    return (rgb[0], rgb[1], rgb[2])


def target(
    width: int,
    height: int,
    fit: str,
    focus: tuple[float, float] | None,
    background: tuple[int, int, int],
    info: MediaInfo,
    formats: Collection[str] = ("jpeg",),
    max_bytes: int | None = None,
    aspect: tuple[float, float] | None = None,
) -> Target:
    """A :class:`Target` with the settings that cannot matter for this source normalised away.

    A source whose shape is inside ``aspect`` is shown whole: crop or pad, focus and padding
    colour cannot matter, so a network that would pad and one that would crop share a file.
    """
    known = info.width > 0 and info.height > 0
    if aspect is not None and known and within((info.width, info.height), aspect):
        fit, focus = "cover", None
    contain = fit == "contain"
    focus = None if contain else (focus or (0.5, 0.5))
    if not (contain or info.has_alpha):
        background = WHITE
    png = info.has_alpha and "png" in formats
    gif = info.frames > 1 and "gif" in formats
    return Target(width, height, fit, focus, background, png, gif, max_bytes, aspect)


def plan(
    project: Project,
    *,
    statuses: Collection[str] | None = None,
    thumbnails: bool = False,
    info_of=None,
) -> tuple[list[SourceJob], list[FileFinding]]:
    """Jobs (one per source, the most work first: file size × outputs, a fair proxy for
    decoding and encoding time) and the problems found in headers.

    ``info_of(path)`` returns a file's header (default: ``project.media``).
    """
    planner = _Planner(project, info_of or project.media.get)
    for post in project.posts:
        if statuses is None or post.status in statuses:
            planner.add_post(post, thumbnails)
    jobs = [
        SourceJob(
            path, planner.infos[path], tuple(dict.fromkeys(u.target for u in found)), tuple(found)
        )
        for path, found in planner.uses.items()
    ]
    jobs.sort(key=lambda job: (-job.info.bytes * len(job.targets), str(job.path)))
    return jobs, list(planner.findings)


class _Planner:
    """Collects uses per source file and header findings, each once, in post order."""

    def __init__(self, project: Project, info_of) -> None:
        self.project, self.info_of = project, info_of
        self.uses: dict[Path, dict[Use, None]] = {}
        self.infos: dict[Path, MediaInfo] = {}
        self.findings: dict[FileFinding, None] = {}

    def refuse(self, post: Post, line: int, network: str | None, rule: str, message: str) -> None:
        self.findings[FileFinding(post.path, Finding(rule, message, line, 1, network))] = None

    def usable(self, post: Post, network: str | None, item: Media) -> MediaInfo | None:
        outside = item.outside_root or item.path is None
        info = None if outside else self.info_of(item.path)
        reason = unusable(item.src, outside, info)
        if reason is not None:
            self.refuse(post, item.line, network, "media-missing", reason)
            return None
        if info is None or info.kind == "video" or info.error is not None:
            return None
        self.infos[item.path] = info
        return info

    def add_post(self, post: Post, thumbnails: bool) -> None:
        brand = self.project.brand_of(post)
        background = parse_color((brand.colors if brand else {}).get("background"))
        checked = {
            (network, item): self.usable(post, network, item) for network, item in post.all_media()
        }
        good = {item: info for (_, item), info in checked.items() if info is not None}
        if thumbnails:
            for (scope, item), info in checked.items():
                if info is not None:
                    thumb = target(
                        THUMB_SIZE, THUMB_SIZE, "cover", item.focus, background, info, ("jpeg",)
                    )
                    self.use(
                        item,
                        Use(post.path, None, THUMB_NAME, thumb, item.src, item.line, "", scope),
                    )
        for variant in post.variants:
            spec = self.project.spec(variant.network, post.brand)
            if spec is not None and not variant.disabled:
                self.add_variant(post, variant, spec, good, background)

    def add_variant(self, post: Post, variant, spec, good: dict, background) -> None:
        rendition = spec.rendition_for(variant.format)
        scope = variant.network if "media" in variant.overrides else None
        for item in variant.media:
            header = self.info_of(item.path) if item.path else None
            if header is not None and header.too_large:
                message = f"'{item.src}': {header.error}"
                self.refuse(post, item.line, variant.network, "media-unsupported", message)
            info = good.get(item)
            if info is None or rendition is None:
                continue
            recipe = target(
                rendition.width,
                rendition.height,
                rendition.fit,
                item.focus,
                background,
                info,
                spec.formats,
                spec.max_bytes,
                rendition.aspect,
            )
            self.use(
                item,
                Use(
                    post.path,
                    spec.id,
                    rendition.name,
                    recipe,
                    item.src,
                    item.line,
                    spec.name,
                    scope,
                ),
            )

    def use(self, item: Media, use: Use) -> None:
        self.uses.setdefault(item.path, {})[use] = None
