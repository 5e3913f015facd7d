"""``images``: render every post's pictures for each of its networks."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from smmplan.cli import (
    EXIT_OK,
    EXIT_PROBLEMS,
    State,
    UsageError,
    cli,
    current_language,
    format_option,
    jobs_option,
    pass_state,
    say,
    spoken,
    use_color,
)
from smmplan.locale import phrase


@cli.command()
@jobs_option("Images rendered at once (default: one per available core).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Where the renditions go (default: public/media under the root).",
)
@format_option("text", "json", help="text: one line per rendition; json: the manifest.")
@pass_state
def images(state: State, jobs: int | None, out: Path | None, output_format: str) -> None:
    """Render every post's images for each of its networks, named by content hash.

    Files already rendered with the same source and settings are reused, so a rerun with
    nothing changed does no image work. Exit code 0: all rendered; 1: a file could not be
    rendered (see the problems); 2: usage error or the output folder cannot be written.
    """
    from smmplan.model import Severity
    from smmplan.pipeline import render_images
    from smmplan.render.images import OutputError, manifest, register_openers
    from smmplan.report import diagnostic_json

    register_openers()  # before the headers are read, so HEIC files are recognised
    root = state.root()
    project = state.project()
    out_dir = (Path.cwd() / out).resolve() if out is not None else root / "public" / "media"
    started = time.perf_counter()
    progress = sys.stderr.isatty() and not os.environ.get("CI") and output_format == "text"
    try:
        result = render_images(project, out_dir, jobs=jobs, progress=progress)
    except OutputError as error:
        raise UsageError(str(error)) from None
    seconds = time.perf_counter() - started
    if output_format == "json":
        payload = {
            "renditions": manifest(result.images, root),
            "diagnostics": [diagnostic_json(d) for d in result.diagnostics],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        _print_text(result, root, seconds)
    failed = any(d.severity >= Severity.ERROR for d in result.diagnostics)
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


def _print_text(result, root: Path, seconds: float) -> None:
    from smmplan.render.images import display_path
    from smmplan.report import as_text

    for image in result.images:
        where = f"{image.network}/{image.rendition}" if image.network else image.rendition
        click.echo(
            f"{image.post}  {where}  {display_path(image.source, root)} -> "
            f"{display_path(image.output, root)}  {image.width}×{image.height}  "
            f"{_size(image.bytes)}{spoken(phrase('  (cached)')) if image.cached else ''}"
        )
    if result.diagnostics:
        from smmplan.report import Report

        report = Report(
            result.diagnostics, 0, 0, color=use_color(sys.stderr), language=current_language()
        )
        problems = as_text(report).splitlines()[:-1]  # without check's summary line
        click.echo("\n".join(problems), err=True)
    total = len(result.images)
    say(
        phrase(
            "{count} rendition ({rendered} rendered, {cached} cached) in {seconds} s"
            if total == 1
            else "{count} renditions ({rendered} rendered, {cached} cached) in {seconds} s",
            count=total,
            rendered=result.rendered,
            cached=result.cached,
            seconds=f"{seconds:.1f}",
        )
    )


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 1_000_000 else f"{count / 1000:.0f} KB"
