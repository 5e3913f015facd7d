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

from smmplan.model import EMPTY, Finding

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

SNAPSHOT_SOURCES = ("file", "name", "git", "mtime")
"""Where a snapshot's date comes from, most trusted first."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One export file: what it is and the day its figures are as of."""

    path: str  # repository-relative, with "/"
    format: str  # format id: "meta-facebook", "x", "youtube", "generic", ...
    taken: date
    taken_from: str  # one of SNAPSHOT_SOURCES
    member: str | None = None  # the file inside a zip, where it came from one


@dataclass(frozen=True, slots=True)
class PostRow:
    """One post's figures in one export file."""

    snapshot: Snapshot
    row: int  # 1-based row in the file (the line of a CSV, the row of a sheet)
    network: str  # smmplan network id
    post_id: str | None = None  # always text: IDs are never numbers
    url: str | None = None
    account: str | None = None  # handle or account name as the file gives it
    published: datetime | None = None  # aware when the file (or the brand's zone) says so
    text: str | None = None
    kind: str | None = None  # the network's post type, normalised: feed, reel, story, video, ...
    metrics: Mapping[str, float] = field(default_factory=lambda: EMPTY)


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


@dataclass(frozen=True, slots=True)
class AccountRow:
    """An account-level daily figure (followers, page views) for audience growth."""

    snapshot: Snapshot
    row: int
    network: str
    day: date
    metric: str  # "followers", "follows", "views", ...
    value: float
    account: str | None = None


@dataclass(frozen=True, slots=True)
class FileFinding:
    """A problem in one export file: ``finding.line`` is the data row (1 for the file)."""

    path: str
    finding: Finding


@dataclass(frozen=True)
class MetricsData:
    """Everything read from the metrics folder, in file then row order."""

    snapshots: tuple[Snapshot, ...] = ()
    posts: tuple[PostRow, ...] = ()
    spend: tuple[SpendRow, ...] = ()
    traffic: tuple[TrafficRow, ...] = ()
    accounts: tuple[AccountRow, ...] = ()
    findings: tuple[FileFinding, ...] = ()
