"""The site's model: which pages exist and what each shows, computed once from the project.

``assemble`` is pure: the loaded project, its diagnostics, the rendered images and the
time the build treats as now go in; a ``Site`` comes out. Views read only the ``Site``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from smmplan.check.media import used_media
from smmplan.model import Brand, Diagnostic, Post, Project, Severity
from smmplan.plan import Slot, iso_week, slots, week_range
from smmplan.render.site import urls
from smmplan.render.site.i18n import Lang

if TYPE_CHECKING:
    from smmplan.results.model import BrandResult, CampaignResult, Measured, Results

POSTS_PREFIX = "content/posts/"
MEDIA_PREFIX = "content/media/"


@dataclass(frozen=True)
class CalendarEntry:
    """A card: one post at one moment (brand-local), on the networks going out then."""

    post: Post
    brand: Brand
    local: datetime
    networks: tuple[str, ...]

    @property
    def day(self) -> date:
        return self.local.date()


@dataclass(frozen=True)
class Image:
    """A rendered image as the site links it (``url`` relative to the site root)."""

    url: str
    width: int
    height: int
    network: str | None
    rendition: str
    alt: str | None = None
    source: str | None = None  # the repository-relative file it was rendered from


@dataclass(frozen=True)
class PageDef:
    kind: str
    key: str
    title: str
    src_uri: str
    in_nav: bool = False


@dataclass
class Site:
    project: Project
    now: datetime
    today: date
    lang: Lang
    diagnostics: Sequence[Diagnostic]
    by_path: Mapping[str, list[Diagnostic]]
    post_slugs: Mapping[str, str]
    campaign_slugs: Mapping[str, str]
    brand_slugs: Mapping[str, str]
    entries: Sequence[CalendarEntry]
    by_day: Mapping[date, list[CalendarEntry]]
    weeks: Sequence[str]
    months: Sequence[str]
    home_week: str
    posts_by_path: Mapping[str, Post] = field(default_factory=dict)
    images: Mapping[str, list[Image]] = field(default_factory=dict)
    exports: Mapping[str, list[str]] = field(default_factory=dict)
    directory_urls: bool = True
    memo: dict = field(default_factory=dict)  # pieces of HTML the views reuse across pages
    results: Results | None = None  # what the analytics exports say; None: the repo has none
    measured: Mapping[tuple[str, str], Measured] = field(default_factory=dict)  # (path, network)
    waiting: frozenset[tuple[str, str]] = frozenset()  # past their time, no results yet
    media_slugs: Mapping[str, str] = field(default_factory=dict)  # used media file -> slug
    cards: Any = None  # card_store.CardStore of the build, where cards are kept between builds

    # -- lookups ------------------------------------------------------------------------------

    def url(self, kind: str, key: str = "") -> str:
        return urls.page_url(urls.source(kind, key), self.directory_urls)

    def post_url(self, post: Post) -> str:
        return self.url("post", self.post_slugs[post.path])

    def campaign_url(self, campaign_id: str) -> str | None:
        slug = self.campaign_slugs.get(campaign_id)
        return self.url("campaign", slug) if slug else None

    def brand_url(self, brand_id: str) -> str | None:
        slug = self.brand_slugs.get(brand_id)
        return self.url("brand", slug) if slug else None

    def links_url(self, brand_id: str) -> str | None:
        slug = self.brand_slugs.get(brand_id)
        return self.url("links", slug) if slug else None

    def review_url(self, brand_id: str) -> str | None:
        slug = self.brand_slugs.get(brand_id)
        return self.url("review", slug) if slug else None

    def media_url(self, path: str) -> str | None:
        slug = self.media_slugs.get(path)
        return self.url("media", slug) if slug else None

    def analytics_url(self, brand_id: str) -> str | None:
        slug = self.brand_slugs.get(brand_id)
        return self.url("analytics", slug) if slug and self.results is not None else None

    def campaign_result(self, campaign_id: str) -> CampaignResult | None:
        found = self.results.campaigns if self.results is not None else ()
        return next((c for c in found if c.id == campaign_id), None)

    def brand_result(self, brand_id: str) -> BrandResult | None:
        found = self.results.brands if self.results is not None else ()
        return next((b for b in found if b.id == brand_id), None)

    def went_out(self, post: Post, networks: Iterable[str]) -> bool:
        """Whether an export shows the post published on every one of these networks (it
        counts as published then, whatever its file says)."""
        if self.results is None or post.status in ("published", "cancelled"):
            return False
        chosen = list(networks)
        return bool(chosen) and all((post.path, n) in self.results.went_out for n in chosen)

    def brand_calendar(self, brand_id: str) -> str:
        return urls.BRAND_CALENDAR.format(key=self.brand_slugs[brand_id])

    def problems(self, path: str | None) -> list[Diagnostic]:
        return self.by_path.get(path, []) if path else []

    def thumb(self, post: Post) -> Image | None:
        return next((i for i in self.images.get(post.path, ()) if i.network is None), None)

    def renditions(self, post: Post, network: str) -> list[Image]:
        return [i for i in self.images.get(post.path, ()) if i.network == network]

    def entries_of(
        self, *, brand: str | None = None, campaign: str | None = None
    ) -> list[CalendarEntry]:
        return [
            e
            for e in self.entries
            if (brand is None or e.brand.id == brand)
            and (campaign is None or e.post.campaign == campaign)
        ]

    def week_exports(self, week: str) -> list[str]:
        """Export files to link from a week: those of the week, and the upcoming plan's
        (key "") from the current week on."""
        _, sunday = week_range(week)
        upcoming = self.exports.get("", ()) if sunday >= self.today else ()
        return [*upcoming, *self.exports.get(week, ())]

    # -- pages --------------------------------------------------------------------------------

    def pages(self) -> Iterator[PageDef]:
        t = self.lang.t
        yield PageDef("home", "", t("nav.calendar"), urls.source("home"), in_nav=True)
        yield PageDef("board", "", t("nav.board"), urls.source("board"), in_nav=True)
        yield PageDef("campaigns", "", t("nav.campaigns"), urls.source("campaigns"), in_nav=True)
        yield PageDef("brands", "", t("nav.brands"), urls.source("brands"), in_nav=True)
        yield PageDef("problems", "", t("nav.problems"), urls.source("problems"), in_nav=True)
        for week in self.weeks:
            yield PageDef("week", week, week_title(self.lang, week), urls.source("week", week))
        for month in self.months:
            year, number = (int(x) for x in month.split("-"))
            title = self.lang.month(year, number)
            yield PageDef("month", month, title, urls.source("month", month))
        for campaign in self.project.campaigns.values():
            slug = self.campaign_slugs[campaign.id]
            yield PageDef("campaign", campaign.id, campaign.title, urls.source("campaign", slug))
        for brand in self.project.brands.values():
            slug = self.brand_slugs[brand.id]
            yield PageDef("brand", brand.id, brand.name, urls.source("brand", slug))
        for post in self.project.posts:
            slug = self.post_slugs[post.path]
            yield PageDef("post", post.path, post_title(self.lang, post), urls.source("post", slug))
        if self.results is not None:
            for brand in self.project.brands.values():
                slug = self.brand_slugs[brand.id]
                title = t("analytics.title", brand=brand.name)
                yield PageDef("analytics", brand.id, title, urls.source("analytics", slug))
        for brand in self.project.brands.values():
            slug = self.brand_slugs[brand.id]
            yield PageDef(
                "links", brand.id, t("links.title", brand=brand.name), urls.source("links", slug)
            )
        for brand in self.project.brands.values():
            title = t("review.title", brand=brand.name)
            yield PageDef(
                "review", brand.id, title, urls.source("review", self.brand_slugs[brand.id])
            )
        yield PageDef("media_index", "", t("media.title"), urls.source("media_index"))
        for path, slug in self.media_slugs.items():
            yield PageDef("media", path, path.rsplit("/", 1)[-1], urls.source("media", slug))


def post_title(lang: Lang, post: Post) -> str:
    return post.title or lang.t("post.untitled")


def week_title(lang: Lang, week: str) -> str:
    year, number = week.split("-W")
    return lang.t("week.title", number=int(number), year=year)


def month_of(week: str) -> str:
    """The month a week belongs to: the month of its Thursday (as ISO numbers weeks)."""
    monday, _ = week_range(week)
    return month_key(monday + timedelta(days=3))


def month_key(day: date) -> str:
    """'2026-11' (the year always four digits: strftime writes year 1 as '1')."""
    return f"{day.year:04d}-{day.month:02d}"


def periods(entries: Sequence[CalendarEntry], home: str) -> tuple[list[str], list[str]]:
    """(ISO weeks, months "YYYY-MM") that get a page: those with posts, in order, so that a
    post dated years away from the rest adds two pages, not one per empty week between.
    A plan without dated posts gets the home week and its month."""
    if not entries:
        return [home], [month_of(home)]
    weeks = sorted({e.day.isocalendar()[:2] for e in entries})  # as numbers: year 999 < 2026
    months = sorted({month_key(e.day) for e in entries})
    return [f"{y}-W{w:02d}" for y, w in weeks], months


def group_entries(items: Iterable[Slot]) -> list[CalendarEntry]:
    """One entry per post and brand-local moment, networks in the order the post lists them."""
    grouped: dict[tuple[str, datetime], list[Slot]] = defaultdict(list)
    for slot in items:
        local = slot.local
        if local is not None:
            grouped[(slot.post.path, local)].append(slot)
    keyed = []
    for (_, local), group in grouped.items():
        first = group[0]
        entry = CalendarEntry(
            first.post, first.brand, local, tuple(s.network for s in in_post_order(group))
        )
        keyed.append((entry_key(entry, first.sort_key[1]), entry))
    keyed.sort(key=lambda pair: pair[0])
    return [entry for _, entry in keyed]


def in_post_order(group: Sequence[Slot]) -> list[Slot]:
    """Slots of one post in the order the post lists its networks."""
    order = {v.network: i for i, v in enumerate(group[0].post.variants)}
    return sorted(group, key=lambda s: order.get(s.network, len(order)))


def entry_key(entry: CalendarEntry, timestamp: float | None = None) -> tuple:
    """Day and wall-clock time first (cards sit at their local time), then the real moment
    (``timestamp``: the entry's, when known already)."""
    return (
        entry.local.date(),
        entry.local.time(),
        entry.local.timestamp() if timestamp is None else timestamp,
        entry.brand.name,
        entry.post.title or "",
        entry.post.path,
    )


def home_week(today: date, entries: Sequence[CalendarEntry]) -> str:
    """This week, or the nearest week with posts when this one has none (ties: the later one)."""
    current = iso_week(today)
    if not entries:
        return current
    weeks = {iso_week(e.day) for e in entries}
    if current in weeks:
        return current
    monday, _ = week_range(current)

    def distance(week: str) -> tuple[int, int]:
        other, _ = week_range(week)
        gap = abs((other - monday).days)
        return gap, 0 if other > monday else 1

    return min(sorted(weeks), key=distance)


def local_time(moment: datetime | None, brand: Brand | None) -> datetime | None:
    """A moment on the brand's wall clock (as it is when there is no brand or zone)."""
    if moment is None or brand is None:
        return moment
    try:
        return moment.astimezone(ZoneInfo(brand.timezone))
    except (ValueError, KeyError, OSError):
        return moment


def local_today(project: Project, now: datetime) -> date:
    try:
        zone = ZoneInfo(project.config.timezone)
    except (ValueError, KeyError, OSError):
        zone = ZoneInfo("UTC")
    return now.astimezone(zone).date()


def by_file(diagnostics: Iterable[Diagnostic]) -> dict[str, list[Diagnostic]]:
    grouped: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in diagnostics:
        grouped[d.path].append(d)
    return dict(grouped)


def worst(diagnostics: Iterable[Diagnostic]) -> Severity | None:
    return max((d.severity for d in diagnostics), default=None)


def assemble(
    project: Project,
    diagnostics: Sequence[Diagnostic],
    now: datetime,
    *,
    images: Mapping[str, list[Image]] | None = None,
    exports: Mapping[str, list[str]] | None = None,
    directory_urls: bool = True,
    locale: str | None = None,
    results: Results | None = None,
) -> Site:
    lang = Lang(locale or project.config.locale)
    today = local_today(project, now)
    entries = group_entries(slots(project))
    days: dict[date, list[CalendarEntry]] = defaultdict(list)
    for entry in entries:
        days[entry.day].append(entry)
    home = home_week(today, entries)
    weeks, months = periods(entries, home)
    return Site(
        project=project,
        now=now,
        today=today,
        lang=lang,
        diagnostics=tuple(diagnostics),
        by_path=by_file(diagnostics),
        post_slugs=urls.unique_slugs((p.path for p in project.posts), POSTS_PREFIX),
        campaign_slugs=urls.unique_slugs(project.campaigns),
        brand_slugs=urls.unique_slugs(project.brands),
        entries=entries,
        by_day=dict(days),
        weeks=weeks,
        months=months,
        home_week=home,
        posts_by_path={p.path: p for p in project.posts},
        images=dict(images or {}),
        exports=dict(exports or {}),
        directory_urls=directory_urls,
        results=results,
        measured={(m.path, m.network): m for m in results.posts if m.path} if results else {},
        waiting=frozenset((w.path, w.network) for w in (results.no_results if results else ())),
        media_slugs=urls.media_slugs(used_media(project), MEDIA_PREFIX),
    )
