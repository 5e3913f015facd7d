"""``import``: a content plan kept in a spreadsheet (or an export) into post files."""

from __future__ import annotations

import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from smmplan.cli import EXIT_OK, EXIT_PROBLEMS, State, UsageError, cli, pass_state, say, spoken
from smmplan.locale import phrase

# smmplan.workflow.import_plan.FORMAT_NAMES (a test keeps them equal), written out so that
# building the command line does not load the importer.
IMPORT_FORMATS = ("generic", "buffer", "publer", "hootsuite", "sprout", "postoplan", "csv")
TITLE_WIDTH = 48


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--brand", metavar="BRAND", help="The brand of every row without a brand column.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(IMPORT_FORMATS),
    help="The file's format (default: recognised by its header, and said).",
)
@click.option(
    "--network",
    "-n",
    "networks",
    multiple=True,
    metavar="NET",
    help="The network of every row (repeatable; default: the row's, the file name's, or the"
    " brand's accounts).",
)
@click.option(
    "--status",
    default="draft",
    show_default=True,
    type=click.Choice(["idea", "draft", "review"]),
    help="The status of rows without a status column.",
)
@click.option(
    "--date-order",
    type=click.Choice(["dmy", "mdy"]),
    default="dmy",
    show_default=True,
    help="Dates with slashes: dd/mm/yyyy or mm/dd/yyyy (dots are always day first).",
)
@click.option("--write", "write", is_flag=True, help="Write the files (default: only show them).")
@pass_state
def import_plan(
    state: State,
    file: Path,
    brand: str | None,
    fmt: str | None,
    networks: tuple[str, ...],
    status: str,
    date_order: str,
    write: bool,
) -> None:
    """Turn the rows of FILE (.csv or .xlsx) into post files in the brand's folders.

    Shows what it would write (file, date, networks, title, status) and writes with
    --write; never replaces a file. A row that cannot be read is named with its file and
    row number and the other rows go on. Times without an offset are the brand's local
    time. Exit code 0: every row imported; 1: some rows were not; 2: usage error.
    """
    from smmplan.workflow.import_plan import ImportRequestError, Request, plan_import

    if not file.is_file():
        raise UsageError(phrase("{file}: no such file", file=file))
    if file.suffix.lower() not in (".csv", ".xlsx"):
        raise UsageError(phrase("{file}: import reads .csv and .xlsx files", file=file))
    project = state.project()
    request = Request(file, str(file), brand, fmt, networks, status, date_order)
    try:
        plan = plan_import(project, request)
    except ImportRequestError as error:
        raise UsageError(str(error)) from None
    _describe(plan, state.quiet)
    problems = list(plan.problems)
    count = len(plan.planned)
    if write and plan.planned:
        count = _write(project, plan, problems)
    for line in problems:
        click.echo(spoken(line), err=True)
    if not state.quiet:
        _summary(count, write, problems)
    sys.exit(EXIT_PROBLEMS if problems else EXIT_OK)


def _write(project, plan, problems: list[str]) -> int:
    """Write the planned files; how many were written (the others are added to problems)."""
    from smmplan.workflow.import_plan import write_import

    written, failed = write_import(project, plan)
    problems += failed
    return len(written)


def _describe(plan, quiet: bool) -> None:
    if plan.format is not None and not quiet:
        how = phrase("recognised by its header") if plan.detected else phrase("as asked")
        say(phrase("format: {format} ({how})", format=plan.format, how=how), err=True)
        for brand, zone in sorted(plan.zones.items()):
            say(
                phrase(
                    "times without an offset are read in {zone} (brand {brand})",
                    zone=zone,
                    brand=brand,
                ),
                err=True,
            )
    for note in plan.notes:
        click.echo(f"note: {spoken(note)}", err=True)
    if plan.planned:
        click.echo(_table(plan.planned))


def _table(planned) -> str:
    words = (phrase("file"), phrase("date"), phrase("networks"), phrase("title"), phrase("status"))
    header = tuple(map(spoken, words))
    rows = [header]
    for item in planned:
        draft = item.draft
        local = draft.moment.astimezone(ZoneInfo(draft.brand.timezone))
        title = (
            draft.title if len(draft.title) <= TITLE_WIDTH else draft.title[: TITLE_WIDTH - 1] + "…"
        )
        rows.append(
            (
                item.relative,
                f"{local:%Y-%m-%d %H:%M}",
                ",".join(draft.networks),
                title,
                draft.status,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def _summary(count: int, write: bool, problems: list[str]) -> None:
    posts = (
        phrase("{count} post", count=count) if count == 1 else phrase("{count} posts", count=count)
    )
    found = len(problems)
    skipped = ""
    if problems:
        skipped = (
            phrase("; {count} problem", count=found)
            if found == 1
            else phrase("; {count} problems", count=found)
        )
    if write and count:
        say(phrase("import: {posts} written{skipped}", posts=posts, skipped=skipped), err=True)
    elif count:
        say(
            phrase(
                "import: {posts} to write{skipped}; run again with --write to write them",
                posts=posts,
                skipped=skipped,
            ),
            err=True,
        )
    else:
        say(phrase("import: nothing to write{skipped}", skipped=skipped), err=True)
