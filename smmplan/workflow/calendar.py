"""``smmplan calendar``: one week of the plan as a table in the terminal.

Rows are posts grouped by day (each brand's local date and time), with their networks
and status; a post whose networks go out at different times gets a row per time.
Built for 80 columns: long titles wrap, nothing is cut off.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from smmplan.model import Diagnostic, Project, Severity
from smmplan.plan import Slot, iso_week, slots, week_range

STATUS_STYLES = {
    "idea": "dim",
    "draft": "yellow",
    "review": "magenta",
    "approved": "green",
    "scheduled": "bold green",
    "published": "blue",
    "cancelled": "dim strike",
}


@dataclass(frozen=True)
class Line:
    day: date
    time: str
    title: str
    brand: str
    networks: tuple[str, ...]
    status: str
    errors: int


def week_lines(
    project: Project,
    week: str,
    diagnostics: Collection[Diagnostic] = (),
    brands: Collection[str] | None = None,
) -> list[Line]:
    first, last = week_range(week)
    errors: dict[str, int] = {}
    for d in diagnostics:
        if d.severity >= Severity.ERROR:
            errors[d.path] = errors.get(d.path, 0) + 1
    grouped: dict[tuple, list[Slot]] = {}
    for slot in slots(project, brands=brands, start=first, end=last):
        local = slot.local
        assert local is not None  # slots in a window have a time
        grouped.setdefault((local.replace(second=0, microsecond=0), slot.post.path), []).append(
            slot
        )
    lines = []
    for (local, path), found in grouped.items():
        post = found[0].post
        lines.append(
            Line(
                day=local.date(),
                time=f"{local:%H:%M}",
                title=post.title or post.slug,
                brand=found[0].brand.name,
                networks=tuple(s.network for s in found),
                status=post.status,
                errors=errors.get(path, 0),
            )
        )
    return sorted(lines, key=lambda line: (line.day, line.time, line.title))


def current_week(now: datetime) -> str:
    return iso_week(now.date())


def render(project: Project, week: str, lines: list[Line], console: Console) -> None:
    first, last = week_range(week)
    heading = f"{week}: {first:%a %d %b} to {last:%a %d %b %Y}"
    if not lines:
        console.print(f"{heading}: no posts.")
        return
    several = len({line.brand for line in lines}) > 1
    table = Table(
        title=heading,
        box=box.SIMPLE_HEAD,
        expand=False,
        show_lines=False,
        pad_edge=False,
        title_justify="left",
    )
    table.add_column("Day", no_wrap=True)
    table.add_column("Time", no_wrap=True)
    table.add_column("Post", ratio=3, overflow="fold")
    table.add_column("Networks", ratio=2, overflow="fold")
    table.add_column("Status", no_wrap=True)
    shown_day = None
    for line in lines:
        day = f"{line.day:%a %d}" if line.day != shown_day else ""
        if line.day != shown_day and shown_day is not None:
            table.add_section()
        shown_day = line.day
        post = Text(line.title)
        if several:
            post.append(f"\n{line.brand}", style="dim")
        if line.errors:
            post.append(f"  ! {line.errors} error{'s' if line.errors > 1 else ''}", style="red")
        table.add_row(
            day,
            line.time,
            post,
            ", ".join(line.networks),
            Text(line.status, style=STATUS_STYLES.get(line.status, "")),
        )
    console.print(table)
    console.print(
        f"{len(lines)} post{'s' if len(lines) != 1 else ''}; times are each brand's local time.",
        style="dim",
    )
