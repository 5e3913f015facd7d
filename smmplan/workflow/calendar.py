"""``smmplan calendar``: one week of the plan as a table in the terminal.

Rows are posts grouped by day (each brand's local date and time), with their networks,
status and problems (errors and warnings, counted per post as the site's badges count
them); a post whose networks go out at different times gets a row per time. Posts without
a valid ``publish_at`` are on no day: they are listed and counted under the table.
Built for 80 columns: long titles wrap, nothing is cut off. Titles are printed through
:func:`smmplan.report.printable`, so a control character in a file cannot act on the
terminal. Its words follow the command line's language (headings, counts, day and month
names, through the catalogs and Babel); statuses and network names stay the names the
files use.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from smmplan.locale.language import Words
from smmplan.model import Diagnostic, Post, Project, Severity
from smmplan.plan import Slot, iso_week, slots, unscheduled, week_range
from smmplan.report import printable

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
class Filters:
    """What ``calendar`` shows: None lets everything through; tags match any of them."""

    brands: Collection[str] | None = None
    statuses: Collection[str] | None = None
    tags: Collection[str] | None = None

    def keeps_tags(self, post: Post) -> bool:
        return self.tags is None or bool(set(post.tags) & set(self.tags))


@dataclass(frozen=True)
class Counts:
    """A post's problems: errors and warnings, as the site's badge counts them."""

    errors: int = 0
    warnings: int = 0

    def summary(self, words: Words | None = None) -> str:
        words = words or Words("en")
        parts = [words.n("cli.errors", self.errors)] if self.errors else []
        if self.warnings:
            parts.append(words.n("cli.warnings", self.warnings))
        return ", ".join(parts)


@dataclass(frozen=True)
class Line:
    day: date
    time: str
    title: str
    brand: str
    networks: tuple[str, ...]
    status: str
    problems: Counts = Counts()
    language: str | None = None  # a translated post's language: "ru"


@dataclass(frozen=True)
class Unscheduled:
    """A post on no day: its path, title, status and problems."""

    path: str
    title: str
    status: str
    problems: Counts


_BABEL_LOCALES = {"tl": "fil"}  # CLDR files Tagalog under Filipino


def _day_text(words: Words, day: date, english: str, pattern: str) -> str:
    """``day`` as strftime's ``english`` gives it in English, else as Babel's ``pattern``."""
    if words.language == "en":
        return format(day, english)
    from babel.dates import format_date

    return format_date(day, pattern, locale=_BABEL_LOCALES.get(words.language, words.language))


def problem_counts(diagnostics: Collection[Diagnostic]) -> dict[str, Counts]:
    """Errors and warnings per file path."""
    tally: dict[str, list[int]] = {}
    for d in diagnostics:
        if d.path is None or d.severity not in (Severity.ERROR, Severity.WARNING):
            continue
        counts = tally.setdefault(d.path, [0, 0])
        counts[0 if d.severity >= Severity.ERROR else 1] += 1
    return {path: Counts(*counts) for path, counts in tally.items()}


def _title(post: Post) -> str:
    return printable(post.title or post.slug)


def _occurrence_mark(slot: Slot) -> str:
    """`` (3/6)``: which date of its series a recurring post's slot is; else empty."""
    if slot.occurrence is None or slot.post.repeat is None:
        return ""
    return f" ({slot.occurrence.index + 1}/{len(slot.post.repeat.occurrences)})"


def week_lines(
    project: Project,
    week: str,
    diagnostics: Collection[Diagnostic] = (),
    filters: Filters = Filters(),
) -> list[Line]:
    first, last = week_range(week)
    counts = problem_counts(diagnostics)
    grouped: dict[tuple, list[Slot]] = {}
    found = slots(project, brands=filters.brands, statuses=filters.statuses, start=first, end=last)
    for slot in found:
        if not filters.keeps_tags(slot.post):
            continue
        local = slot.local
        assert local is not None  # slots in a window have a time
        key = (local.replace(second=0, microsecond=0), slot.post.path)
        grouped.setdefault(key, []).append(slot)
    lines = []
    for (local, path), same in grouped.items():
        post = same[0].post
        lines.append(
            Line(
                day=local.date(),
                time=f"{local:%H:%M}",
                title=_title(post) + _occurrence_mark(same[0]),
                brand=printable(same[0].brand.name),
                networks=tuple(s.network for s in same),
                status=post.status,
                problems=counts.get(path, Counts()),
                language=post.language if post.translations else None,
            )
        )
    return sorted(lines, key=lambda line: (line.day, line.time, line.title))


def unscheduled_posts(
    project: Project, diagnostics: Collection[Diagnostic] = (), filters: Filters = Filters()
) -> list[Unscheduled]:
    """The posts ``week_lines`` cannot place on a day, with their problems, by path."""
    counts = problem_counts(diagnostics)
    posts = unscheduled(
        project, statuses=filters.statuses, brands=filters.brands, tags=filters.tags
    )
    return [
        Unscheduled(printable(p.path), _title(p), p.status, counts.get(p.path, Counts()))
        for p in posts
    ]


def current_week(now: datetime) -> str:
    return iso_week(now.date())


def _table(heading: str, lines: list[Line], words: Words) -> Table:
    table = Table(
        title=heading,
        box=box.SIMPLE_HEAD,
        expand=False,
        show_lines=False,
        pad_edge=False,
        title_justify="left",
    )
    table.add_column(words.t("calendar.day"), no_wrap=True)
    table.add_column(words.t("calendar.time"), no_wrap=True)
    table.add_column(words.t("calendar.post"), ratio=3, overflow="fold")
    table.add_column(words.t("calendar.networks"), ratio=2, overflow="fold")
    table.add_column(words.t("calendar.status"), no_wrap=True)
    several = len({line.brand for line in lines}) > 1
    shown_day = None
    for line in lines:
        day = _day_text(words, line.day, "%a %d", "EEE d") if line.day != shown_day else ""
        if line.day != shown_day and shown_day is not None:
            table.add_section()
        shown_day = line.day
        post = Text(line.title)
        if line.language:
            post.append(f" [{printable(line.language)}]", style="cyan")
        if several:
            post.append(f"\n{line.brand}", style="dim")
        if line.problems.summary():
            style = "red" if line.problems.errors else "yellow"
            post.append(f"  ! {line.problems.summary(words)}", style=style)
        status = Text(line.status, style=STATUS_STYLES.get(line.status, ""))
        table.add_row(day, line.time, post, ", ".join(line.networks), status)
    return table


def render_unscheduled(
    posts: list[Unscheduled], console: Console, words: Words | None = None
) -> None:
    """The count of posts on no day, then each one: path, title, status and problems."""
    if not posts:
        return
    words = words or Words("en")
    console.print(words.t("calendar.unscheduled", posts=words.n("cli.posts", len(posts))))
    for post in posts:
        row = Text(f"  {post.path}  {post.title}  ")
        row.append(post.status, style=STATUS_STYLES.get(post.status, ""))
        if post.problems.summary():
            style = "red" if post.problems.errors else "yellow"
            row.append(f"  ! {post.problems.summary(words)}", style=style)
        console.print(row, overflow="fold")


def render(
    project: Project,
    week: str,
    lines: list[Line],
    console: Console,
    waiting: list[Unscheduled] | None = None,
    language: str = "en",
) -> None:
    words = Words(language)
    first, last = week_range(week)
    heading = words.t(
        "calendar.heading",
        week=week,
        first=_day_text(words, first, "%a %d %b", "EEE d MMM"),
        last=_day_text(words, last, "%a %d %b %Y", "EEE d MMM y"),
    )
    if not lines:
        console.print(words.t("calendar.empty", heading=heading))
    else:
        console.print(_table(heading, lines, words))
        footer = words.t("calendar.footer", posts=words.n("cli.posts", len(lines)))
        console.print(footer, style="dim")
    render_unscheduled(waiting or [], console, words)
