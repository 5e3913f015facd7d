"""From slots to export rows: final texts and links, and the refusals every format shares.

A slot is refused (left out, with the reason) when the scheduler would reject it or
publish something else than the post says: the scheduler does not publish to its network
(``data/schedulers.yml``), it has errors (``smmplan check``), it has no time, it needs a
video, a post type, a thread or more images than the format carries,
its images have no public URL, or its text no longer fits once the link is added.
A format that shows no text (an Instagram story: ``captionless_formats``) goes to a
scheduler with an empty caption, and the export's notices say so; data exports keep
the text as planned.
Each format describes what it carries in a :class:`Capabilities`; formats add their own
rules (time grid, spacing, row limits) on the rows that pass.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from smmplan import text as counting
from smmplan.model import Diagnostic, Project, Severity
from smmplan.plan import Slot
from smmplan.render.export.lengths import Lengths
from smmplan.render.export.safe import describe_trigger, formula_trigger
from smmplan.render.export.schedulers import not_published, scheduler
from smmplan.render.export.utm import tag_in_text, utm_parameters, with_utm

ImageUrls = Mapping[tuple[str, str], Sequence[str]]  # (post path, network) -> URLs
SUBTYPES = frozenset({"story", "reel", "short", "video"})
VIDEO_FORMATS = frozenset({"reel", "short", "video"})
EVERYTHING = frozenset(SUBTYPES)


@dataclass(frozen=True)
class Capabilities:
    """What one export format can carry."""

    label: str  # "Buffer's bulk upload", for messages
    threads: bool = False  # separate thread parts
    max_images: int | None = None  # None: any number, 0: none
    video: bool = False
    link_column: bool = True  # False: a link missing from the text is appended to it
    first_comment: bool = False
    subtypes: frozenset[str] = frozenset()  # post formats it can express (story ...)
    needs_image_urls: bool = False  # a post with images needs their public URLs
    counts_link: bool = True  # the scheduler publishes a link column with the text
    scheduler: str | None = None  # its entry in schedulers.yml; None: every network


# One post on one network, field by field, in the order the csv and json exports give them.
PLAN_FIELDS = (
    "post",
    "slug",
    "title",
    "brand",
    "brand_name",
    "account",
    "campaign",
    "network",
    "network_name",
    "status",
    "publish_at",
    "timezone",
    "publish_at_utc",
    "text",
    "parts",
    "first_comment",
    "link",
    "media",
    "network_title",
    "format",
    "tags",
    "author",
    "approved_by",
    "sponsored",
    "occurrence",
)

DATA = Capabilities(
    "a data export",
    threads=True,
    video=True,
    first_comment=True,
    subtypes=EVERYTHING,
    counts_link=False,
)


@dataclass(frozen=True)
class Row:
    """One slot ready to write: texts with UTM links, image URLs in media order."""

    slot: Slot
    parts: tuple[str, ...]  # one part unless the network threads and the format carries it
    link: str | None
    link_in_text: bool
    first_comment: str | None
    images: tuple[str, ...]
    alts: tuple[str, ...]
    title: str | None

    @property
    def text(self) -> str:
        return "\n\n".join(self.parts)

    @property
    def local(self) -> datetime:
        return self.slot.local  # type: ignore[return-value]  # rows always have a time


@dataclass(frozen=True)
class Refusal:
    path: str
    network: str
    brand: str
    when: datetime | None
    reason: str
    at_line: int = 1  # the line naming the network in the post file

    def line(self) -> str:
        return f"left out: {self.path}:{self.at_line} [{self.network}]: {self.reason}"


@dataclass
class PreparedRows:
    """The rows a format receives, and what was refused or left out on the way."""

    rows: list[Row] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def occurrence_number(slot: Slot) -> int | None:
    """A recurring post's place in its series, from 1 (skipped dates counted, as
    ``smmplan calendar`` marks them); None for a post that goes out once."""
    return slot.occurrence.index + 1 if slot.occurrence is not None else None


def inherited(slot: Slot, key: str) -> str | None:
    """A variant's ``link``, ``first_comment`` or ``title``, else the post's own.

    (A network listed as ``networks: [x]`` gets a variant without them.)
    """
    own = getattr(slot.variant, key)
    return own if own is not None else getattr(slot.post, key)


def refusal(slot: Slot, reason: str) -> Refusal:
    return Refusal(
        slot.post.path, slot.network, slot.brand.id, slot.local, reason, slot.variant.line
    )


def error_index(project: Project, diagnostics: Iterable[Diagnostic]) -> dict[str, list[Diagnostic]]:
    """Errors by file path (posts, brands and smmplan.yml)."""
    index: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        if d.severity >= Severity.ERROR:
            index.setdefault(d.path, []).append(d)
    return index


def _errors_of(slot: Slot, project: Project, errors: Mapping[str, list[Diagnostic]]) -> str | None:
    own = [d for d in errors.get(slot.post.path, ()) if d.network in (None, slot.network)]
    if own:
        first = own[0]
        more = f" (and {len(own) - 1} more)" if len(own) > 1 else ""
        return f"has errors: {first.message} [{first.rule}]{more}; see 'smmplan check'"
    for path in (slot.brand.path, project.config.path):
        if path and errors.get(path):
            return f"{path} has errors; see 'smmplan check'"
    return None


def needs_video(slot: Slot, project: Project) -> bool:
    if slot.spec.video_only or (slot.variant.format or "") in VIDEO_FORMATS:
        return True
    for item in slot.variant.media:
        info = project.media.get(item.path) if item.path else None
        if info is not None and info.kind == "video":
            return True
    return False


def fits(
    slot: Slot, parts: Sequence[str], has_media: bool, lengths: Lengths | None = None
) -> str | None:
    """Why the final text is too long for the network, or None (``lengths``: the lengths
    kept from the last run)."""
    spec = slot.spec
    limit = spec.limit_for(has_media)
    for number, part in enumerate(parts, 1):
        if lengths is not None:
            length = lengths.count(part, spec.counting, spec.url_length)
        else:
            length = counting.count(part, spec.counting, url_length=spec.url_length)
        if length > limit:
            which = f"part {number} of the thread" if len(parts) > 1 else "the text"
            return (
                f"with the link and its UTM parameters, {which} is {length} of {limit}"
                f" {spec.unit} on {spec.name}"
            )
    return None


def prepare(
    project: Project,
    slots: Iterable[Slot],
    caps: Capabilities,
    diagnostics: Iterable[Diagnostic],
    image_urls: ImageUrls,
    lengths: Lengths | None = None,
) -> PreparedRows:
    errors = error_index(project, diagnostics)
    result = PreparedRows()
    for slot in slots:
        reason = _refuse(slot, project, caps, errors, image_urls)
        if reason:
            result.refused.append(refusal(slot, reason))
            continue
        row, problem = _row(slot, caps, image_urls, lengths)
        if problem:
            result.refused.append(refusal(slot, problem))
            continue
        shown = _captionless_notice(slot, caps)
        if shown and shown not in result.notices:  # once for all of a series' occurrences
            result.notices.append(shown)
        if inherited(slot, "first_comment") and not caps.first_comment:
            result.notices.append(
                f"{slot.post.path} [{slot.network}]: first comment left out:"
                f" {caps.label} has no place for it; add it in the scheduler"
            )
        elif row.first_comment and caps is not DATA and not slot.spec.first_comment:
            result.notices.append(
                f"{slot.post.path} [{slot.network}]: first comment left out:"
                f" {slot.spec.name} takes no first comment"
            )
            row = dataclasses.replace(row, first_comment=None)
        result.rows.append(row)
    return result


def sends_text(slot: Slot, caps: Capabilities) -> bool:
    """Whether the row carries the post's text: not to a scheduler for a captionless format."""
    return caps is DATA or slot.spec.shows_text(slot.variant.format)


def _captionless_notice(slot: Slot, caps: Capabilities) -> str | None:
    if sends_text(slot, caps) or not slot.variant.text.strip():
        return None
    return (
        f"{slot.post.path} [{slot.network}]: text left out: {slot.spec.name}'s"
        f" {slot.variant.format} shows no text, so the caption is empty (put the words"
        " in the picture)"
    )


def _refuse(
    slot: Slot,
    project: Project,
    caps: Capabilities,
    errors: Mapping[str, list[Diagnostic]],
    image_urls: ImageUrls,
) -> str | None:
    variant, spec = slot.variant, slot.spec
    if caps.scheduler and not scheduler(caps.scheduler).publishes_to(slot.network):
        return not_published(caps.scheduler, slot.network, spec.name)
    if slot.publish_at is None:
        return "has no publish_at: a scheduler needs a time"
    problem = _errors_of(slot, project, errors)
    if problem:
        return problem
    if needs_video(slot, project) and not caps.video:
        return f"needs a video on {spec.name}; {caps.label} cannot carry one"
    subtype = variant.format if variant.format in SUBTYPES else None
    if subtype and subtype not in caps.subtypes:
        return f"is a {subtype} on {spec.name}; {caps.label} cannot mark a post as one"
    posts = len(spec.counted_parts(variant.parts))
    if posts > 1 and not caps.threads:
        return f"is a thread of {posts} parts on {spec.name}; {caps.label} carries a single text"
    count = len(variant.media)
    if caps.max_images is not None and count > caps.max_images:
        if caps.max_images == 0:
            return f"has {_images(count)}; {caps.label} has no column for media"
        return f"has {_images(count)}; {caps.label} carries {_images(caps.max_images)}"
    if caps.needs_image_urls and count and len(_urls(slot, image_urls)) != count:
        return (
            "its images have no public URL (set site_url in smmplan.yml and let smmplan"
            " render them); a scheduler fetches images from the web"
        )
    return None


def _images(count: int) -> str:
    return f"{count} image{'' if count == 1 else 's'}"


def _urls(slot: Slot, image_urls: ImageUrls) -> tuple[str, ...]:
    return tuple(image_urls.get((slot.post.path, slot.network), ()))


def _row(
    slot: Slot, caps: Capabilities, image_urls: ImageUrls, lengths: Lengths | None
) -> tuple[Row, str | None]:
    variant, spec, post = slot.variant, slot.spec, slot.post
    params = utm_parameters(
        slot.brand.utm, network=slot.network, campaign=post.campaign, brand=slot.brand.id
    )
    raw_parts = [p.text for p in spec.counted_parts(variant.parts)] if caps.threads else []
    if not raw_parts and not (spec.threads and caps.threads):
        raw_parts = [variant.text]  # one text ("" when empty) unless thread parts are carried
    if not sends_text(slot, caps):
        raw_parts = [""]  # the network publishes no caption for this format
    raw_link = inherited(slot, "link")
    link = with_utm(raw_link, params) if raw_link else None
    parts, in_text = list(raw_parts), False
    if raw_link and link:
        for index, part in enumerate(parts):
            parts[index], found = tag_in_text(part, raw_link, link)
            in_text = in_text or found
    changed = parts != raw_parts
    if link and not in_text and not caps.link_column and sends_text(slot, caps):
        parts[-1] = f"{parts[-1]}\n\n{link}" if parts[-1] else link
        changed = True
    counted = list(parts)
    if link and not in_text and caps.link_column and caps.counts_link:
        counted[-1] = f"{counted[-1]}\n\n{link}"
        changed = True
    urls = _urls(slot, image_urls)
    images = urls if len(urls) == len(variant.media) else ()
    row = Row(
        slot=slot,
        parts=tuple(parts),
        link=link,
        link_in_text=in_text,
        first_comment=inherited(slot, "first_comment") if caps.first_comment else None,
        images=images,
        alts=tuple(item.alt or "" for item in variant.media),
        title=inherited(slot, "title"),
    )
    problem = fits(slot, counted, bool(variant.media), lengths) if changed else None
    return row, problem


def formula_problem(cells: Mapping[str, str], urls: Collection[str] = ()) -> str | None:
    """Why a scheduler CSV cannot take these cells as they are, or None.

    ``cells`` are every cell of the row a spreadsheet would show, by column; ``urls`` names
    the columns holding addresses built from a post's ``link`` or from ``site_url``.
    """
    for column, cell in cells.items():
        char = formula_trigger(cell or "")
        if not char:
            continue
        if column in urls:
            return (
                f"'{column}' begins with {describe_trigger(char)}, which a spreadsheet runs as"
                " a formula; links and site_url in smmplan.yml must start with https://"
            )
        return (
            f"'{column}' begins with {describe_trigger(char)}, which a spreadsheet runs as"
            " a formula; start the text with another character"
        )
    return None
