"""What a reader works with while it reads one table: where the records and findings go.

A reader never raises for bad data: it calls ``problem`` (a ``metrics-bad-value``
finding on the row) and goes on. A file with thousands of bad cells is summarised
after ``MAX_FINDINGS`` findings per rule rather than flooding the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from smmplan.metrics_model import AccountRow, PostRow, Snapshot, SpendRow, TrafficRow
from smmplan.model import FileFinding, Finding

BAD_VALUE = "metrics-bad-value"
UNREADABLE = "metrics-unreadable"
MAX_FINDINGS = 50


@dataclass
class Sink:
    """Everything read so far, in file then row order."""

    snapshots: list[Snapshot] = field(default_factory=list)
    posts: list[PostRow] = field(default_factory=list)
    spend: list[SpendRow] = field(default_factory=list)
    traffic: list[TrafficRow] = field(default_factory=list)
    accounts: list[AccountRow] = field(default_factory=list)
    findings: list[FileFinding] = field(default_factory=list)


@dataclass
class FileContext:
    """One file being read: its path, its fallback date, and where results go."""

    rel: str
    sink: Sink
    fallback: tuple[date, str]  # (day, taken_from) from its name, git or modification time
    member: str | None = None
    zones: Mapping[str, tzinfo] = field(default_factory=dict)
    now: datetime | None = None
    name: str = ""  # the file's (or member's) name, for the few formats that need a hint
    _counts: dict[str, int] = field(default_factory=dict)

    def problem(self, line: int, message: str, rule: str = BAD_VALUE) -> None:
        """Report a problem on a row (line 1 for the whole file), up to ``MAX_FINDINGS`` per rule."""
        count = self._counts.get(rule, 0) + 1
        self._counts[rule] = count
        if count <= MAX_FINDINGS:
            where = f"{self.member}: " if self.member else ""
            self.sink.findings.append(FileFinding(self.rel, Finding(rule, where + message, line)))

    def close(self) -> None:
        """Say how many problems were not listed, if any."""
        for rule, count in self._counts.items():
            if count > MAX_FINDINGS:
                extra = count - MAX_FINDINGS
                self.sink.findings.append(
                    FileFinding(
                        self.rel, Finding(rule, f"{extra} more such problems not listed", 1)
                    )
                )

    @property
    def ref_day(self) -> date:
        """The fallback day, for dates written without a year."""
        return self.fallback[0]

    def snapshot(self, format_id: str, stated: date | None = None) -> Snapshot:
        """The table's snapshot, dated by the file when it says (``stated``), else the fallback."""
        taken, source = (stated, "file") if stated is not None else self.fallback
        found = Snapshot(self.rel, format_id, taken, source, self.member)
        self.sink.snapshots.append(found)
        if self.now is not None and taken > self.now.date() + timedelta(days=1):
            self.problem(1, f"the file is dated {taken}, after today ({self.now.date()})")
        return found

    def zone(self, format_id: str) -> tzinfo | None:
        """The zone a project gives this format's times written without an offset, if any."""
        return self.zones.get(format_id)

    def future(self, moment: date, snapshot: Snapshot) -> bool:
        """Whether a post date lies after the day its file was made (with a day of slack)."""
        return moment > snapshot.taken + timedelta(days=1)
