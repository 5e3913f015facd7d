"""``export``: scheduler files (Buffer, Hootsuite, Sprout Social, Publer, Postoplan) and
csv/xlsx/json/ics."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from smmplan.cli import EXIT_OK, EXIT_PROBLEMS, State, UsageError, cli, pass_state, say, spoken
from smmplan.locale import phrase

# The keys of smmplan.render.export.FORMATS (a test keeps them equal), written out so
# that building the command line does not load every format module.
FORMAT_NAMES = (
    "buffer",
    "hootsuite",
    "sprout",
    "publer",
    "postoplan",
    "csv",
    "xlsx",
    "json",
    "ics",
)
BINARY_FORMATS = ("xlsx",)


@cli.command()
@click.option(
    "--format", "fmt", required=True, type=click.Choice(FORMAT_NAMES), help="The file format."
)
@click.option(
    "--brand", "brands", multiple=True, metavar="BRAND", help="Only this brand (repeatable)."
)
@click.option(
    "--network",
    "-n",
    "networks",
    multiple=True,
    metavar="NET",
    help="Only this network (repeatable).",
)
@click.option("--week", metavar="2026-W48", help="Only this ISO week (each brand's local dates).")
@click.option("--from", "start", metavar="DATE", help="First local date, YYYY-MM-DD.")
@click.option("--to", "end", metavar="DATE", help="Last local date, YYYY-MM-DD.")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    metavar="STATUS",
    help="Only posts with this status (repeatable; default: approved and scheduled).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="A file, or an existing folder for formats with one file per channel."
    " Default: standard output.",
)
@click.option(
    "--date-order",
    type=click.Choice(["dmy", "mdy"]),
    default="dmy",
    show_default=True,
    help="hootsuite and sprout: dd/mm/yyyy or mm/dd/yyyy; postoplan: dd.mm.yyyy or mm/dd/yyyy.",
)
@click.option("--skip-invalid", is_flag=True, help="Exit 0 even if some posts had to be left out.")
@pass_state
def export(
    state: State,
    fmt: str,
    brands: tuple[str, ...],
    networks: tuple[str, ...],
    week: str | None,
    start: str | None,
    end: str | None,
    statuses: tuple[str, ...],
    output: Path | None,
    date_order: str,
    skip_invalid: bool,
) -> None:
    """Write the posts as a scheduler's bulk-import file (or csv, xlsx, json, ics).

    Without --week/--from/--to every upcoming post is taken. A post the scheduler would
    reject (a network it does not publish to, errors, too long, a time it does not allow,
    media it cannot carry) is left out and named on standard error, with its file and
    line. Exit code 0: everything exported; 1: something was left out (0 with
    --skip-invalid); 2: usage error, nothing written.
    """
    from smmplan.pipeline import export as build_export
    from smmplan.render.export import WriteError

    if fmt in BINARY_FORMATS and output is None and sys.stdout.isatty():
        raise UsageError(phrase("{format} is a binary file: pass -o plan.{format}", format=fmt))
    project = state.project()
    filters = {"brands": brands, "networks": networks, "statuses": statuses}
    selection, chosen = _selection(project, filters, week, start, end, state.now)
    notices: list[str] = []
    urls = _image_urls(project, fmt, chosen, notices, selection.statuses)
    result = build_export(project, fmt, selection, state.now, urls=urls, date_order=date_order)
    targets = _targets(result, output, fmt)
    for refusal in result.refused:
        click.echo(refusal.line(), err=True)
    for notice in [*notices, *result.notices]:
        click.echo(f"note: {spoken(notice)}", err=True)
    if not result.files:
        say(
            phrase(
                "{format}: nothing left to export: all {count} selected posts were left out",
                format=fmt,
                count=result.selected,
            ),
            err=True,
        )
        sys.exit(EXIT_PROBLEMS)
    try:
        _write(result, targets)
    except WriteError as error:
        raise UsageError(str(error)) from None
    if not state.quiet:
        _summary(fmt, result, targets)
    sys.exit(EXIT_PROBLEMS if result.refused and not skip_invalid else EXIT_OK)


def _selection(project, filters: dict, week, start, end, now):
    """The selection and its slots; a usage error when it is malformed or empty."""
    from smmplan.render.export import SelectionError
    from smmplan.render.export.select import make_selection, select

    try:
        selection = make_selection(project, week=week, start=start, end=end, now=now, **filters)
    except SelectionError as error:
        raise UsageError(str(error)) from None
    chosen = select(project, selection)
    if not chosen:
        raise UsageError(
            phrase("nothing to export: no {selection}", selection=selection.describe())
        )
    return selection, chosen


def _summary(fmt: str, result, targets: list[Path | None]) -> None:
    left = phrase(", {count} left out", count=len(result.refused)) if result.refused else ""
    say(
        phrase(
            "{format}: {exported} of {selected} posts exported{left}",
            format=fmt,
            exported=result.exported,
            selected=result.selected,
            left=left,
        ),
        err=True,
    )
    for item, target in zip(result.files, targets, strict=True):
        where = phrase("standard output") if target is None else str(target)
        say(
            phrase(
                "  {where}: {posts}; {note}", where=where, posts=_posts(item.rows), note=item.note
            ),
            err=True,
        )


def _posts(count: int) -> str:
    return (
        phrase("{count} post", count=count) if count == 1 else phrase("{count} posts", count=count)
    )


def _image_urls(project, fmt: str, chosen, notices: list[str], statuses) -> dict:
    """Render images when the format uses their URLs and a selected post has media."""
    from smmplan.render.export import FORMATS
    from smmplan.render.images import OutputError

    needs = FORMATS[fmt].IMAGES
    if needs == "none" or not any(slot.variant.media for slot in chosen):
        return {}
    if not project.config.site_url:
        if needs == "required":
            raise UsageError(
                phrase(
                    "{format} needs public image URLs and site_url is not set: add"
                    " 'site_url: https://...' (where the calendar site is published) to smmplan.yml",
                    format=fmt,
                )
            )
        return {}
    from smmplan.pipeline import image_urls

    try:
        return image_urls(project, statuses)
    except (OutputError, OSError) as error:
        notices.append(phrase("images were not rendered: {error}", error=error))
        return {}


def _targets(result, output: Path | None, fmt: str) -> list[Path | None]:
    """Where each file goes; a usage error (nothing written) when that cannot work."""
    from smmplan.render.export import WriteError
    from smmplan.render.export.safe import check_writable

    files = result.files
    try:
        if output is not None and output.is_dir():
            check_writable(output)
            return [output / item.name for item in files]
        if len(files) > 1:
            channels = ", ".join(f"{f.brand}/{f.network}" for f in files)
            raise UsageError(
                phrase(
                    "{format} writes one file per channel and this selection has {count}"
                    " ({channels}): pass -o with an existing folder, or narrow it with"
                    " --brand and --network",
                    format=fmt,
                    count=len(files),
                    channels=channels,
                )
            )
        if output is None:
            return [None] * len(files)
        if output.exists() and not output.is_file():
            raise UsageError(phrase("-o {output}: not a regular file", output=output))
        check_writable(output.parent if str(output.parent) else Path("."))
        return [output] * len(files)
    except WriteError as error:
        raise UsageError(phrase("-o {output}: {error}", output=output, error=error)) from None


def _write(result, targets: list[Path | None]) -> None:
    from smmplan.render.export.safe import write_files

    to_files = {t: f.data for f, t in zip(result.files, targets, strict=True) if t is not None}
    if to_files:
        write_files(to_files)
    for item, target in zip(result.files, targets, strict=True):
        if target is None:
            sys.stdout.flush()
            sys.stdout.buffer.write(item.data)
            sys.stdout.buffer.flush()
