"""``build`` and ``serve``: the calendar site (MkDocs + mkdocs-material + the smmplan plugin)."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import click

from smmplan.cli import EXIT_PROBLEMS, State, UsageError, cli, pass_state, use_color


class _Echo(logging.Handler):
    """MkDocs' log lines, as one short line each on standard error."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.WARNING:
            message = f"{record.levelname.lower()}: {message}"
        click.echo(message, err=True)


def _mkdocs_logging(verbose: bool = False) -> None:
    logger = logging.getLogger("mkdocs")
    logger.handlers = [h for h in logger.handlers if not isinstance(h, _Echo)]
    handler = _Echo()
    handler.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False


def _explicit_now() -> bool:
    root = click.get_current_context().find_root()
    return root.params.get("now") is not None


@cli.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the site goes (default: public/ in the repository).",
)
@click.option("--strict", is_flag=True, help="Stop with exit 1 on any problem (warnings too).")
@click.option(
    "--clean", is_flag=True, help="Render every page (default: only those whose inputs changed)."
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read and check every post afresh, neither using nor updating the check cache"
    " in .smmplan-cache/check/ (also: SMMPLAN_NO_CACHE=1).",
)
@pass_state
def build(state: State, out: Path | None, strict: bool, clean: bool, no_cache: bool) -> None:
    """Check, render images and build the calendar site.

    Problems are shown on the site and do not stop the build, unless --strict: then the
    build stops with exit 1 and the last site stays as it was. Exit 2: configuration error.
    Only the pages whose inputs changed since the last build into the same folder are
    rendered again (--clean: all of them); the result is the same either way.
    """
    from mkdocs.exceptions import Abort

    from smmplan.cli.progress import Stages
    from smmplan.pipeline import build_site, load_checked
    from smmplan.render.site.build import SiteError

    started = time.perf_counter()
    root = state.root()
    target = (Path.cwd() / out) if out is not None else root / "public"
    if not clean and _up_to_date(state, root, target, strict, started):
        return
    stages = Stages(sys.stderr, enabled=not state.quiet)
    stages.start("check")
    read_from = time.time_ns()
    loaded = load_checked(root, state.now, cache=not no_cache)
    project, diagnostics, results = loaded.project, loaded.diagnostics, loaded.results
    if strict:
        _stop_on_problems(project, diagnostics)
    _mkdocs_logging(state.verbose)
    try:
        built = build_site(
            root,
            target,
            state.now,
            project=project,
            diagnostics=diagnostics,
            results=results,
            strict=strict,
            stage=stages.start if stages.enabled else None,
            clean=clean,
            read_from=read_from,
        )
    except SiteError as error:
        raise UsageError(str(error)) from None
    except Abort as error:  # MkDocs' own: a configuration error, or warnings in strict mode
        if strict and "configuration error" not in str(error):
            click.echo(f"build stopped (--strict): {error}", err=True)
            sys.exit(EXIT_PROBLEMS)
        raise UsageError(str(error)) from None
    except OSError as error:
        raise UsageError(f"cannot write the site: {error}") from None
    shown = _shown(built.out)
    seconds = time.perf_counter() - started
    if not state.quiet:
        click.echo(f"built {built.pages} pages into {shown} in {seconds:.1f} s{_kept(built)}")
        click.echo(_exports_summary(built.out, shown))


def _stop_on_problems(project, diagnostics) -> None:
    """--strict: the problems reported and exit 1 when there is any (warnings too)."""
    from smmplan.check import exit_code
    from smmplan.report import Report, as_text

    if exit_code(diagnostics, strict=True):
        report = Report(diagnostics, project.files, len(project.posts), color=use_color(sys.stderr))
        click.echo(as_text(report), err=True, nl=False)
        click.echo("build stopped (--strict): fix the problems above", err=True)
        sys.exit(EXIT_PROBLEMS)


def _up_to_date(state: State, root: Path, target: Path, strict: bool, started: float) -> bool:
    """Whether the site in ``target`` was built from exactly these inputs (then said so)."""
    from smmplan.render.site.build import up_to_date

    unchanged = up_to_date(root, target, state.now, strict=strict)
    if unchanged is not None and not state.quiet:
        seconds = time.perf_counter() - started
        line = f"{_shown(unchanged.out)} is up to date: nothing changed ({unchanged.pages} pages"
        click.echo(f"{line}, verified in {seconds:.1f} s)")
    return unchanged is not None


def _kept(built) -> str:
    """How many pages were kept from the last build, when some were."""
    if built.rendered < 0 or built.rendered >= built.pages:
        return ""
    return f" ({built.rendered} rendered, {built.pages - built.rendered} unchanged)"


def _exports_summary(out: Path, shown: str) -> str:
    """How many files the exports hold, and how many slots a format had to leave out."""
    import json

    try:
        index = json.loads((out / "exports" / "index.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "no exports were written"
    files, refused = len(index.get("files", ())), len(index.get("refused", ()))
    line = f"exports: {files} files in {shown}exports/"
    if refused:
        line += f"; {refused} post × network slots left out of formats that cannot take them"
        line += f" (each with its reason: {shown}exports/index.json)"
    return line


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix() + "/"
    except ValueError:
        return str(path).rstrip("/") + "/"


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", "-p", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@pass_state
def serve(state: State, host: str, port: int, open_browser: bool) -> None:
    """Serve the calendar site and rebuild it when posts, brands or campaigns change."""
    from mkdocs.exceptions import MkDocsException

    from smmplan.pipeline import serve as run_server

    root = state.root()
    _mkdocs_logging(verbose=True)
    now = state.now if _explicit_now() else None
    try:
        run_server(root, host=host, port=port, now=now, open_browser=open_browser)
    except MkDocsException as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise UsageError(f"cannot serve on {host}:{port}: {error}") from None
