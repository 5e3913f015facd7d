"""What the results stage produces: measured posts, campaigns against their KPIs, brand figures.

Everything here is immutable and computed from the project, the metrics read from
``content/metrics/`` and the time taken as now; nothing is read from disk. Figures are
floats as the exports gave them; a metric no export carried is absent, never zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from smmplan.metrics_model import FileFinding, KpiProgress, PostRow
from smmplan.model import EMPTY
from smmplan.plan import Slot

MATCH_KINDS = ("url", "id", "time+text")


@dataclass(frozen=True, slots=True)
class Match:
    """Why an export row is a planned post on a network."""

    by: str  # one of MATCH_KINDS
    confidence: float  # 1.0 for url and id; 0..1 for time+text
    reason: str
    part: int = 0  # the thread part the row is (0: the first, or the whole post)


@dataclass(frozen=True, slots=True)
class RowMatch:
    """One export row joined to a (post path, network) slot."""

    row: PostRow
    path: str
    network: str
    match: Match
    occurrence: int | None = None  # a recurring post's occurrence (its index); None: no series


@dataclass(frozen=True, slots=True)
class Unmatched:
    """An export row that is no planned post, with the brand whose totals it counts in."""

    row: PostRow
    brand: str | None  # None: the row's account is no brand's
    reason: str


@dataclass(frozen=True)
class Matching:
    """Every export row either joined to a slot or left unmatched, with the findings."""

    matched: tuple[RowMatch, ...] = ()
    unmatched: tuple[Unmatched, ...] = ()
    findings: tuple[FileFinding, ...] = ()
    # every slot by (path, network, occurrence index or None): see smmplan.results.index
    plan: Mapping[tuple[str, str, int | None], Slot] = field(default_factory=lambda: EMPTY)

    def went_out(self) -> frozenset[tuple[str, str]]:
        """(post path, network) of every slot an export row shows as published."""
        return frozenset((m.path, m.network) for m in self.matched)


@dataclass(frozen=True)
class Measured:
    """One post on one network with its figures: a planned slot, or an unplanned post."""

    network: str
    brand: str | None
    metrics: Mapping[str, float]  # newest snapshot per metric; absent when no file had it
    rows: tuple[PostRow, ...]  # the rows the figures come from, newest first
    at: datetime | None  # the planned time; for an unplanned post, the row's
    path: str | None = None  # the planned post's file; None for an unplanned post
    campaign: str | None = None
    tags: tuple[str, ...] = ()
    pillar: str | None = None  # the post's content pillar
    format: str = "post"  # feed, reel, story, thread, video, ... (see smmplan.results.merge)
    match: Match | None = None  # None for an unplanned post
    url: str | None = None  # the live post, as published: or the export gave it
    reason: str = ""  # why an unplanned post matched nothing
    engagement: float | None = None
    engagement_source: str | None = None  # "network" (its own total) | "sum"
    engagement_rate: float | None = None  # a fraction
    rate_of: str | None = None  # the denominator: "reach" | "views"
    occurrence: int | None = None  # a recurring post's occurrence (its index); None: no series

    @property
    def planned(self) -> bool:
        return self.path is not None

    @property
    def first_row(self) -> PostRow:
        """The newest row, which names the post in listings."""
        return self.rows[0]


@dataclass(frozen=True, slots=True)
class NoResult:
    """A planned post past its time on a network that no export row shows yet."""

    path: str
    network: str
    brand: str
    at: datetime
    status: str
    occurrence: int | None = None  # a recurring post's occurrence (its index); None: no series


@dataclass(frozen=True)
class Group:
    """Figures of a set of measured posts; ``n`` is how many there are."""

    key: str
    n: int
    totals: Mapping[str, float] = field(default_factory=lambda: EMPTY)
    engagement: float | None = None
    engagement_rate: float | None = None
    rate_of: str | None = None
    rate_n: int = 0  # posts behind the rate (those with engagement and the denominator)
    median_engagement: float | None = None


@dataclass(frozen=True)
class Claim:
    """A ranking or a best time: ``items`` is empty and ``status`` says so below ``MIN_POSTS``."""

    status: str  # "ok" | "not enough posts"
    n: int
    items: tuple = ()


@dataclass(frozen=True)
class BrandResult:
    """A brand's results in the selected range: totals, breakdowns, rankings, audience."""

    id: str
    name: str
    timezone: str
    totals: Group
    planned: int  # measured planned posts
    unplanned: int
    by_week: tuple[Group, ...] = ()
    by_network: tuple[Group, ...] = ()
    by_tag: tuple[Group, ...] = ()
    by_pillar: tuple[Group, ...] = ()  # in the brand's order of pillars; none without pillars
    by_format: tuple[Group, ...] = ()
    by_weekday_hour: tuple[Group, ...] = ()  # key "mon 09"
    top: Claim = Claim("not enough posts", 0)
    bottom: Claim = Claim("not enough posts", 0)
    best_times: Claim = Claim("not enough posts", 0)  # items: Group per local hour
    best_days: Claim = Claim("not enough posts", 0)  # items: Group per weekday
    audience: tuple[Audience, ...] = ()
    no_results: int = 0


@dataclass(frozen=True, slots=True)
class Audience:
    """Account-level growth on one network: follows gained, and the last follower count."""

    network: str
    follows: float | None
    followers: float | None
    followers_on: date | None
    days: int


@dataclass(frozen=True)
class CampaignResult:
    """A campaign against its KPIs, with its spend and cost per result."""

    id: str
    path: str
    title: str
    brand: str | None
    start: date | None
    end: date | None
    kpis: tuple[KpiProgress, ...]
    posts: int  # planned slots of the campaign
    measured: int  # of which an export has figures
    has_results: bool
    spend: float | None = None
    currency: str | None = None
    budget: float | None = None
    cost_per: Mapping[str, float | None] = field(default_factory=lambda: EMPTY)
    cost_basis: Mapping[str, str] = field(default_factory=lambda: EMPTY)  # "ads" | "posts" | "ga4"
    totals: Mapping[str, float] = field(default_factory=lambda: EMPTY)  # every metric's actual
    utm_campaign: tuple[str, ...] = ()
    kpi_basis: tuple[str | None, ...] = ()  # per KPI: "posts" | "ads" | "ga4" | None


@dataclass(frozen=True)
class ResultsFilter:
    """What a report covers; matching always looks at everything."""

    brands: frozenset[str] | None = None
    campaigns: frozenset[str] | None = None
    start: date | None = None  # local dates of each brand, inclusive
    end: date | None = None


@dataclass(frozen=True)
class Results:
    """The results stage's whole answer, ready for the site, the report and ``smmplan metrics``."""

    now: datetime
    posts: tuple[Measured, ...] = ()  # planned and measured, by (path, network)
    unplanned: tuple[Measured, ...] = ()  # by (file, row) of their newest row
    no_results: tuple[NoResult, ...] = ()  # by (path, network)
    campaigns: tuple[CampaignResult, ...] = ()  # by id
    brands: tuple[BrandResult, ...] = ()  # by id
    findings: tuple[FileFinding, ...] = ()  # the files' and the stage's, sorted
    went_out: frozenset[tuple[str, str]] = frozenset()
    selection: ResultsFilter = ResultsFilter()

    @property
    def progress(self) -> tuple[KpiProgress, ...]:
        """Every KPI of every campaign, for ``Context.progress``."""
        return tuple(kpi for campaign in self.campaigns for kpi in campaign.kpis)
