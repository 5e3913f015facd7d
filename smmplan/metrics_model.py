"""The immutable model of the networks' analytics exports, as read from ``content/metrics/``.

Loading (``smmplan.load.metrics``) turns each export file into these records, each
knowing its file and data row so a problem or a figure can be traced back to it; the
results stage (``smmplan.results``) joins them to the plan. Nothing here is summed or
matched yet: a record says what one row of one file said, on the day the file was made.

Metric names are one vocabulary across networks (``METRICS``); each format's own column
names map onto it in ``smmplan/load/metrics/formats/<format>.yml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from smmplan.model import EMPTY, FileFinding

METRICS = (
    "views",  # impressions / views / plays: times the post was shown
    "reach",  # unique accounts that saw it
    "reactions",  # likes, reactions, hearts
    "comments",
    "shares",  # shares, reposts, retweets, forwards
    "saves",
    "link_clicks",
    "video_views",
    "follows",  # follows gained from the post
    "engagements",  # the network's own engagement total, where it reports one
)
"""Per-post figures, lifetime totals on the snapshot day."""

RATES = (
    "ctr",  # clicks / impressions as the network computes it
    "engagement_rate",  # the network's own engagement rate
    "key_event_rate",  # GA4: sessions with a key event / sessions
)
"""Rates a file reports itself, in ``rates`` (never in ``metrics``: they do not add up).
Always fractions, whatever the file wrote: 0.0126 is 1.26 %."""

KPI_METRICS = (
    *METRICS,
    "engagement",  # reactions + comments + shares + saves, or the network's own total
    "engagement_rate",  # engagement / reach (or views), a fraction: 0.05 is 5 %
    "sessions",  # Google Analytics 4, by the UTM campaign smmplan writes
    "key_events",
    "revenue",
)
"""What a campaign's ``kpis:`` may measure."""

KPI_ALIASES = {
    "impressions": "views",
    "plays": "video_views",
    "likes": "reactions",
    "reposts": "shares",
    "retweets": "shares",
    "clicks": "link_clicks",
    "conversions": "key_events",
    "leads": "key_events",  # a lead-generation campaign's sign-ups are GA4 key events
    "signups": "key_events",
    "sign_ups": "key_events",
    "engagements": "engagement",
}
"""Other names a KPI may be written with, and the metric they mean."""


def kpi_metric(name: str) -> str | None:
    """The ``KPI_METRICS`` name a campaign KPI's ``metric`` means, or None if none."""
    name = name.strip().casefold().replace(" ", "_").replace("-", "_")
    name = KPI_ALIASES.get(name, name)
    return name if name in KPI_METRICS else None


SNAPSHOT_SOURCES = ("file", "name", "git", "mtime")
"""Where a snapshot's date comes from, most trusted first."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One export file: what it is and the day its figures are as of."""

    path: str  # repository-relative, with "/"
    format: str  # format id: "meta-facebook", "x", "youtube", "generic", ...
    taken: date
    taken_from: str  # one of SNAPSHOT_SOURCES
    member: str | None = None  # the file inside a zip, or the sheet of a workbook


class PostRow(NamedTuple):
    """One post's figures in one export file.

    A named tuple rather than a frozen dataclass: a metrics folder yields hundreds of
    thousands of these, and a tuple is made several times faster and is a third of the
    size, while staying immutable with the same fields, defaults and attribute access
    (``row._replace(...)`` stands in for ``dataclasses.replace``).
    """

    snapshot: Snapshot
    row: int  # 1-based row in the file (the line of a CSV, the row of a sheet)
    network: str  # smmplan network id
    post_id: str | None = None  # always text: IDs are never numbers
    url: str | None = None
    account: str | None = None  # handle or account name as the file gives it
    published: datetime | None = None  # aware when the file (or the brand's zone) says so
    text: str | None = None
    kind: str | None = None  # the network's post type, normalised: feed, reel, story, video, ...
    metrics: Mapping[str, float] = EMPTY
    published_day_only: bool = False  # the file gives a date only: ``published`` is its midnight
    rates: Mapping[str, float] = EMPTY  # RATES, as fractions


@dataclass(frozen=True, slots=True)
class SpendRow:
    """Paid promotion: one row of an ads export (Meta Ads Manager)."""

    snapshot: Snapshot
    row: int
    campaign: str  # the ads campaign's name, as typed in Ads Manager
    amount: float
    currency: str | None
    start: date | None = None
    end: date | None = None
    metrics: Mapping[str, float] = field(default_factory=lambda: EMPTY)  # views, reach, link_clicks
    ad_set: str | None = None
    ad: str | None = None  # ad names repeat: ``ad_id`` is the key
    ad_id: str | None = None
    rates: Mapping[str, float] = field(default_factory=lambda: EMPTY)  # ctr, as a fraction


@dataclass(frozen=True, slots=True)
class TrafficRow:
    """Site traffic by UTM campaign/source/medium (Google Analytics 4)."""

    snapshot: Snapshot
    row: int
    campaign: str | None
    source: str | None
    medium: str | None
    sessions: float | None = None
    key_events: float | None = None
    revenue: float | None = None
    start: date | None = None
    end: date | None = None
    rates: Mapping[str, float] = field(default_factory=lambda: EMPTY)  # engagement_rate, ...


class AccountRow(NamedTuple):
    """An account-level daily figure (followers, page views) for audience growth.

    A named tuple for the same reason as ``PostRow``: daily series are long.
    """

    snapshot: Snapshot
    row: int
    network: str
    day: date
    metric: str  # "followers", "follows", "views", ...
    value: float
    account: str | None = None


@dataclass(frozen=True)
class MetricsData:
    """Everything read from the metrics folder, in file then row order."""

    snapshots: tuple[Snapshot, ...] = ()
    posts: tuple[PostRow, ...] = ()
    spend: tuple[SpendRow, ...] = ()
    traffic: tuple[TrafficRow, ...] = ()
    accounts: tuple[AccountRow, ...] = ()
    findings: tuple[FileFinding, ...] = ()


PACES = ("ahead", "on track", "behind")


@dataclass(frozen=True, slots=True)
class KpiProgress:
    """One KPI of one campaign: what it has reached against its target, and its pace.

    ``expected`` is where a linear pace over the campaign's dates puts the metric today;
    ``pace`` compares ``actual`` with it (None before the campaign starts, or while no
    results row has come back for any of its posts).
    """

    campaign: str  # campaign id
    path: str  # the campaign's file
    line: int  # the line of this KPI in the file
    metric: str
    target: float
    actual: float | None
    progress: float | None  # actual / target
    expected: float | None
    pace: str | None  # one of PACES, or None
