"""Which slots an export covers: brands, networks, a window of local dates, statuses."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from smmplan.model import STATUSES, Project
from smmplan.networks import aliases
from smmplan.plan import DEFAULT_EXPORT_STATUSES, Slot, slots, week_range
from smmplan.suggest import did_you_mean


class SelectionError(ValueError):
    """A filter names something that does not exist, or a window that cannot be."""


@dataclass(frozen=True)
class ExportFilter:
    """What to export. ``None`` means "no limit of that kind".

    ``start``/``end`` are local dates of each brand (inclusive). Without a window only
    upcoming slots are taken (``after``): a scheduler cannot take the past.
    """

    brands: tuple[str, ...] | None = None
    networks: tuple[str, ...] | None = None
    statuses: tuple[str, ...] = DEFAULT_EXPORT_STATUSES
    start: date | None = None
    end: date | None = None
    week: str | None = None
    after: datetime | None = None

    def describe(self) -> str:
        """'approved or scheduled posts of brand x on instagram in 2026-W48' for messages."""
        words = [" or ".join(self.statuses) + " posts"]
        if self.brands:
            words.append(f"of {_names('brand', self.brands)}")
        if self.networks:
            words.append(f"on {', '.join(self.networks)}")
        if self.week:
            words.append(f"in {self.week} ({self.start} to {self.end})")
        elif self.start or self.end:
            words.append(f"from {self.start or 'the beginning'} to {self.end or 'the end'}")
        elif self.after is not None:
            words.append(f"after {self.after:%Y-%m-%d %H:%M %Z}".rstrip())
        return " ".join(words)


def _names(kind: str, names: Collection[str]) -> str:
    return f"{kind}{'s' if len(names) > 1 else ''} {', '.join(names)}"


def _option_date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise SelectionError(f"{option} {value}: write a date as YYYY-MM-DD") from None


def make_selection(
    project: Project,
    *,
    brands: Collection[str] = (),
    networks: Collection[str] = (),
    statuses: Collection[str] = (),
    week: str | None = None,
    start: str | None = None,
    end: str | None = None,
    now: datetime | None = None,
) -> ExportFilter:
    """A checked selection from command-line values; raises ``SelectionError``."""
    _check_names(project, brands, networks, statuses)
    first, last, week = _window(week, start, end)
    windowless = first is None and last is None
    return ExportFilter(
        brands=tuple(dict.fromkeys(brands)) or None,
        networks=tuple(dict.fromkeys(networks)) or None,
        statuses=tuple(dict.fromkeys(statuses)) or DEFAULT_EXPORT_STATUSES,
        start=first,
        end=last,
        week=week,
        after=now if windowless else None,
    )


def _check_names(
    project: Project, brands: Collection[str], networks: Collection[str], statuses: Collection[str]
) -> None:
    for brand in brands:
        if brand not in project.brands:
            known = ", ".join(sorted(project.brands))
            raise SelectionError(
                f"--brand {brand}: no such brand{did_you_mean(brand, project.brands)}"
                f" (brands: {known})"
            )
    for network in networks:
        if network not in project.networks:
            hint = did_you_mean(network, project.networks, aliases(project.networks))
            raise SelectionError(
                f"--network {network}: unknown network{hint}"
                f" (networks: {', '.join(sorted(project.networks))})"
            )
    for status in statuses:
        if status not in STATUSES:
            raise SelectionError(
                f"--status {status}: not a status{did_you_mean(status, STATUSES)}"
                f" (statuses: {', '.join(STATUSES)})"
            )


def _window(
    week: str | None, start: str | None, end: str | None
) -> tuple[date | None, date | None, str | None]:
    """(first day, last day, the week as YYYY-Www) of ``--week`` or ``--from``/``--to``."""
    first = last = None
    if week and (start or end):
        raise SelectionError("give either --week or --from/--to, not both")
    if week:
        try:
            first, last = week_range(week)
        except ValueError as error:
            raise SelectionError(f"--week: {error}") from None
        week = f"{first.isocalendar()[0]}-W{first.isocalendar()[1]:02d}"
    if start:
        first = _option_date(start, "--from")
    if end:
        last = _option_date(end, "--to")
    if first and last and last < first:
        raise SelectionError(f"--to {last} is before --from {first}")
    return first, last, week


def select(project: Project, selection: ExportFilter) -> list[Slot]:
    """The selected slots, sorted by time (undated last: they are refused, never exported)."""
    found = slots(
        project,
        statuses=selection.statuses,
        brands=selection.brands,
        networks=selection.networks,
        start=selection.start,
        end=selection.end,
    )
    result = []
    for slot in found:
        moment = slot.publish_at
        if moment is not None and selection.after is not None and moment < selection.after:
            continue
        result.append(slot)
    return result


# The former name, until smmplan/render/export/__init__.py imports ExportFilter.
