"""The immutable model of a content repository.

Loading (``smmplan.load``) turns files into these objects; checks (``smmplan.check``) and
renderers read them and never touch the files again. Every object that came from a file
knows where: its repository-relative ``path`` and the ``lines`` of its keys, so a
diagnostic can point at the exact line a reviewer has to change.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import IntEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

EMPTY: Mapping[str, Any] = MappingProxyType({})


def _empty() -> Mapping[str, Any]:
    return EMPTY


STATUSES = ("idea", "draft", "review", "approved", "scheduled", "published", "cancelled")
APPROVED_STATUSES = frozenset({"approved", "scheduled", "published"})
CAMPAIGN_GOALS = ("awareness", "engagement", "traffic", "leads", "sales")


class Severity(IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem noticed while loading, to be reported by the structure rule named ``rule``."""

    rule: str
    message: str
    line: int = 1
    column: int = 1
    network: str | None = None
    severity: Severity | None = None  # None: the rule's configured severity


@dataclass(frozen=True, slots=True)
class FileFinding:
    """A finding in a file that holds no model object of its own (a picture, an analytics
    export): ``finding.line`` is the post's line for a picture, the data row for an export."""

    path: str  # repository-relative, with "/"
    finding: Finding


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One reported problem, stamped by the check engine with the rule's code and severity."""

    path: str
    line: int
    column: int
    rule: str
    code: str
    severity: Severity
    message: str
    network: str | None = None

    def sort_key(self) -> tuple:
        return (
            self.path,
            self.line,
            self.column,
            self.rule,
            self.network or "",
            self.message,
            self.severity,
        )


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact about a network comes from."""

    value: Any
    source: str
    verified: date | None = None
    confidence: str = "strong"  # strong | weak
    note: str = ""


@dataclass(frozen=True, slots=True)
class Rendition:
    name: str
    width: int
    height: int
    fit: str = "cover"  # cover | contain
    # (lowest, highest) width / height shown as it is, within width × height; None: fixed shape
    aspect: tuple[float, float] | None = None


class HandleRule(NamedTuple):
    """What an account name on a network looks like (``handle:`` in its data file)."""

    pattern: str  # a regular expression the whole handle matches, its leading "@" removed
    says: str  # the same rule in words, for messages: "1-15 letters, digits or _"


@dataclass(frozen=True)
class NetworkSpec:
    """What one network accepts. Loaded from ``smmplan/networks/data/<id>.yml``."""

    id: str
    name: str
    counting: str  # twitter-weighted | graphemes | mastodon | threads | utf8-bytes | utf16 | ...
    text_limit: int
    unit: str  # "weighted characters", "graphemes", "bytes", ...
    url_length: int | None = None
    threads: bool = False  # does a "---" in the body make a thread of separate posts?
    caption_limit: int | None = None  # limit for text that accompanies media (Telegram)
    fold_at: int | None = None  # characters shown before "more"
    title_limit: int | None = None
    title_required: bool = False
    hashtag_limit: int | None = None
    mention_limit: int | None = None
    media_required: bool = False
    max_media: int | None = None
    min_media: int | None = None
    formats: tuple[str, ...] = ("jpeg", "png")  # image formats
    max_bytes: int | None = None  # per image
    video_formats: tuple[str, ...] = ()
    max_video_bytes: int | None = None
    video_only: bool = False  # is every post a video (YouTube)? exports need one then
    min_aspect: float | None = None  # width / height
    max_aspect: float | None = None
    min_width: int | None = None
    min_height: int | None = None
    renditions: Mapping[str, Rendition] = field(default_factory=_empty)
    default_rendition: str | None = None
    post_formats: Mapping[str, str] = field(
        default_factory=_empty
    )  # post `format` -> rendition name
    captionless_formats: tuple[str, ...] = ()  # post formats that show no text (a story)
    first_comment: bool = False
    handle: HandleRule | None = None  # what the brand's account name may be
    # Presentation: how smmplan names and shows the network (no source needed).
    aliases: tuple[str, ...] = ()  # other names people write ("twitter"), for suggestions
    icon: str | None = None  # Font Awesome brand icon, as mkdocs-material ships it
    color: str | None = None  # "#rrggbb"; None: the text colour
    display_order: int | None = None  # place where networks are shown together; None: last
    sources: Mapping[str, Source] = field(
        default_factory=_empty
    )  # field name -> where its value comes from

    def rendition_for(self, post_format: str | None) -> Rendition | None:
        name = self.post_formats.get(post_format or "", self.default_rendition)
        return self.renditions.get(name) if name else None

    def shows_text(self, post_format: str | None) -> bool:
        """Does a post in ``post_format`` show its text? An Instagram story shows none."""
        return post_format not in self.captionless_formats

    def limit_for(self, has_media: bool) -> int:
        """The text limit: less under media where the network has a caption limit (Telegram)."""
        if has_media and self.caption_limit:
            return min(self.text_limit, self.caption_limit)
        return self.text_limit

    def counted_parts(self, parts: tuple[TextPart, ...]) -> tuple[TextPart, ...]:
        """The texts this network counts and publishes one by one: each part of a thread where
        the network threads, else the whole text as one part (at the first part's line).

        No parts, no texts: an empty post counts nothing.
        """
        if self.threads and len(parts) > 1:
            return parts
        if not parts:
            return ()
        return (TextPart("\n\n".join(part.text for part in parts), parts[0].line),)


@dataclass(frozen=True, slots=True)
class PostingWindow:
    weekdays: frozenset[int]  # 0 = Monday
    start: time
    end: time  # may be earlier than start: the window runs past midnight
    line: int = 1


@dataclass(frozen=True)
class Brand:
    id: str
    path: str | None  # None for the implicit brand of a repository without brands/
    name: str
    timezone: str
    locale: str = "en"
    accounts: Mapping[str, str] = field(default_factory=_empty)
    disclosure: tuple[str, ...] = ()
    banned_words: tuple[str, ...] = ()
    min_gap: timedelta | None = None
    windows: tuple[PostingWindow, ...] = ()
    blackout: tuple[date, ...] = ()
    limits: Mapping[str, Mapping[str, int]] = field(
        default_factory=_empty
    )  # network -> {hashtags: 2, text: 200, ...}
    hashtag_sets: Mapping[str, tuple[str, ...]] = field(default_factory=_empty)
    utm: Mapping[str, str] = field(default_factory=_empty)
    colors: Mapping[str, str] = field(default_factory=_empty)
    colour: str | None = None  # "#rrggbb" on the site (validated); None: the default palette
    networks: Mapping[str, Mapping[str, Any]] = field(
        default_factory=_empty
    )  # per-brand network spec overrides
    pillars: Mapping[str, float] = field(default_factory=_empty)  # pillar -> target share, %
    pillar_tolerance: float = 10.0  # percentage points a period may stray from a target
    approvers: tuple[str, ...] = ()  # who may sign a post off; none: anyone
    approvers_from_codeowners: bool = False  # ``approvers: codeowners``
    languages: tuple[str, ...] = ()  # the languages its posts go out in, the first one primary
    language_accounts: Mapping[str, Mapping[str, str]] = field(
        default_factory=_empty
    )  # network -> language -> handle, where it has one account per language
    language_banned_words: Mapping[str, tuple[str, ...]] = field(
        default_factory=_empty
    )  # language -> words banned in its posts only (``banned_words`` for every language)
    lines: Mapping[str, int] = field(default_factory=_empty)
    findings: tuple[Finding, ...] = ()

    def account(self, network: str, language: str | None = None) -> str | None:
        """Its handle on ``network`` for a post in ``language``: that language's account
        where it has one per language there, else its one account (None: no account)."""
        by_language = self.language_accounts.get(network)
        if by_language is not None:
            return by_language.get(language or (self.languages or ("",))[0])
        return self.accounts.get(network)


@dataclass(frozen=True, slots=True)
class CodeOwnersRule:
    """One line of a CODEOWNERS file: a path pattern and its owners as written."""

    pattern: str
    owners: tuple[str, ...]  # "@ilya", "@org/team", "someone@example.com"
    line: int


@dataclass(frozen=True, slots=True)
class Kpi:
    metric: str
    target: float


@dataclass(frozen=True)
class Campaign:
    id: str  # the file's slug
    path: str
    title: str
    brand: str | None
    start: date | None
    end: date | None
    goal: str | None = None
    networks: tuple[str, ...] = ()
    owner: str | None = None
    budget_amount: float | None = None
    budget_currency: str | None = None
    kpis: tuple[Kpi, ...] = ()
    body: str = ""
    body_line: int = 1
    lines: Mapping[str, int] = field(default_factory=_empty)
    findings: tuple[Finding, ...] = ()
    ignore: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Media:
    src: str  # as written
    path: Path | None  # resolved absolute path, None when it leaves the repository
    line: int
    alt: str | None = None
    focus: tuple[float, float] | None = None
    outside_root: bool = False
    credit: str | None = None  # who made it, as it must be credited
    license: str | None = None  # the terms it may be used under (a name, URL or contract)


@dataclass(frozen=True, slots=True)
class MediaInfo:
    """What a media file's header says; ``error`` explains why it cannot be used."""

    kind: str  # image | video | unknown
    format: str | None = None  # jpeg, png, gif, webp, tiff, mpo, heic, avif, mp4, mov
    width: int = 0  # as displayed: EXIF orientation applied
    height: int = 0
    bytes: int = 0
    frames: int = 1
    has_alpha: bool = False
    error: str | None = None  # unreadable, corrupt, truncated, too large ...
    missing: bool = False
    too_large: bool = False  # over the pixel limit: refused rather than decoded


@dataclass(frozen=True, slots=True)
class TextPart:
    """A part of a post's text; a thread has several. ``line`` is its first line in the file."""

    text: str
    line: int


@dataclass(frozen=True)
class Variant:
    """A post as it goes to one network, with that network's overrides applied."""

    network: str
    parts: tuple[TextPart, ...]
    publish_at: datetime | None
    media: tuple[Media, ...]
    title: str | None = None
    first_comment: str | None = None
    link: str | None = None
    format: str | None = None
    disabled: bool = False
    line: int = 1  # the line naming this network
    lines: Mapping[str, int] = field(default_factory=_empty)  # override key -> line
    overrides: frozenset[str] = frozenset()  # the keys this network sets itself ("text", ...)

    @property
    def text(self) -> str:
        return "\n\n".join(part.text for part in self.parts)

    def line_of(self, key: str, default: int) -> int:
        return self.lines.get(key, default)


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One date of a repeating post's series (``repeat:``), in the order of the series."""

    index: int  # 0: the post's own publish_at
    publish_at: datetime  # aware; the brand's wall-clock time kept across DST changes
    line: int  # where it comes from: publish_at, repeat.every or an item of the dates
    text: int = 0  # the text it goes out with: 0 the body, n the n-th of repeat.variants
    skipped: bool = False  # named in repeat.skip: listed, never published
    computed: bool = False  # counted from ``every`` rather than written as a date


@dataclass(frozen=True)
class Repeat:
    """A post's ``repeat:``: every occurrence of its series (skipped ones too) and the
    texts that rotate through them."""

    occurrences: tuple[Occurrence, ...]
    texts: tuple[tuple[TextPart, ...], ...] = ()  # repeat.variants, split into thread parts
    every: str | None = None  # as written ("6w"); None for a list of dates
    line: int = 1

    @property
    def active(self) -> tuple[Occurrence, ...]:
        """The occurrences that go out: the series without its skipped dates."""
        return tuple(o for o in self.occurrences if not o.skipped)


@dataclass(frozen=True)
class Post:
    path: str  # repository-relative, with "/"
    slug: str
    title: str | None
    brand: str | None
    campaign: str | None = None
    publish_at: datetime | None = None  # aware; None when absent or invalid
    status: str = "draft"
    author: str | None = None
    approved_by: str | None = None
    review_by: datetime | None = None  # aware; when the review is due
    tags: tuple[str, ...] = ()
    pillar: str | None = None  # one of its brand's content pillars
    sponsored: bool = False
    link: str | None = None
    first_comment: str | None = None
    media: tuple[Media, ...] = ()
    networks: tuple[str, ...] = ()
    variants: tuple[Variant, ...] = ()
    published: Mapping[str, str] = field(default_factory=_empty)  # network -> post URL or id
    ignore: frozenset[str] = frozenset()
    repeat: Repeat | None = None  # a recurring post's series; None: it goes out once
    language: str | None = None  # one of its brand's languages (None: the brand has none)
    translation_id: str | None = None  # its slug without the language: shared by its translations
    translations: tuple[str, ...] = ()  # the languages its translations exist in, its own too
    parts: tuple[TextPart, ...] = ()
    body_line: int = 1
    lines: Mapping[str, int] = field(
        default_factory=_empty
    )  # front matter key ("networks.x.text" nested) -> line
    findings: tuple[Finding, ...] = ()

    def line_of(self, key: str, default: int | None = None) -> int:
        return self.lines.get(key, default if default is not None else 1)

    @property
    def text(self) -> str:
        return "\n\n".join(part.text for part in self.parts)

    def variant(self, network: str) -> Variant | None:
        return next((v for v in self.variants if v.network == network), None)

    def all_media(self) -> Iterator[tuple[str | None, Media]]:
        """Each media item once: the post's (network None), then those a network lists itself."""
        for item in self.media:
            yield None, item
        for variant in self.variants:
            if "media" in variant.overrides:
                for item in variant.media:
                    yield variant.network, item


@dataclass(frozen=True)
class Config:
    """``smmplan.yml``: every key has a default."""

    path: str | None = None
    locale: str = "en"
    timezone: str = "UTC"
    site_url: str | None = None
    title: str = "Content calendar"
    rules: Mapping[str, str | Mapping[str, str]] = field(
        default_factory=_empty
    )  # rule name or code -> "off" | "warning" | ..., or {stage: level} from that stage on
    networks: Mapping[str, Mapping[str, Any]] = field(
        default_factory=_empty
    )  # project-wide network spec overrides
    metrics_folder: str = "content/metrics"  # the networks' analytics exports
    metrics_aliases: Mapping[str, Mapping[str, tuple[str, ...]]] = field(
        default_factory=_empty
    )  # export format -> column -> extra header texts
    ci_install: str | None = None  # the pip requirement `smmplan init` writes into CI
    lines: Mapping[str, int] = field(default_factory=_empty)
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class Project:
    root: Path
    config: Config
    brands: Mapping[str, Brand]
    campaigns: Mapping[str, Campaign]
    posts: tuple[Post, ...]
    networks: Mapping[str, NetworkSpec]  # after the project's overrides
    brand_networks: Mapping[tuple[str, str], NetworkSpec] = field(default_factory=_empty)
    media: Mapping[Path, MediaInfo] = field(
        default_factory=_empty
    )  # header of every referenced file
    media_files: tuple[str, ...] = ()  # repository-relative media files under content/media/
    codeowners: tuple[CodeOwnersRule, ...] = ()  # read when a brand's approvers name it
    codeowners_path: str | None = None
    files: int = 0  # files read

    def spec(self, network: str, brand: str | None = None) -> NetworkSpec | None:
        """The network's spec as it applies to a brand (brand limits tighten the network's)."""
        if brand is not None:
            tightened = self.brand_networks.get((brand, network))
            if tightened is not None:
                return tightened
        return self.networks.get(network)

    def brand_of(self, post: Post) -> Brand | None:
        if post.brand is None and len(self.brands) == 1:
            return next(iter(self.brands.values()))
        return self.brands.get(post.brand) if post.brand else None
