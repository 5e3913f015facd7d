"""The ``smmplan`` command line: parse options, call the library, print. Nothing more.

The group and what every command shares live here; each command lives in a module of
this package and registers itself on import, imported when the command runs
(``COMMAND_MODULES``). Every command, and the
group, takes ``-q/--quiet`` and ``-v/--verbose`` (added by :class:`Command`, so a new
command has them too) and completes brand, campaign, network and rule names in the
shell (:mod:`smmplan.cli.completion`).
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading
from dataclasses import dataclass
from datetime import datetime
from importlib import import_module
from pathlib import Path

import click

from smmplan import __version__
from smmplan.locale import phrase

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(click.ClickException):
    """A usage or configuration error: printed without a traceback, exit code 2, in the
    command line's language when its message was made with ``smmplan.locale.phrase``."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        from smmplan.locale import translate

        super().__init__(translate(message, current_language()))  # while the command runs


def current_language() -> str:
    """The running command's language (:meth:`State.language`), English outside one."""
    context = click.get_current_context(silent=True)
    state = context.find_object(State) if context is not None else None
    return state.language() if state is not None else "en"


def spoken(message: str) -> str:
    """``message`` (made with ``smmplan.locale.phrase``) in the running command's language."""
    from smmplan.locale import translate

    return translate(message, current_language())


def say(message: str, *, err: bool = False, nl: bool = True) -> None:
    """Print a human message in the command's language (machine formats never come here)."""
    click.echo(spoken(message), err=err, nl=nl)


QUIET, NORMAL, VERBOSE = -1, 0, 1


@dataclass
class State:
    root_option: Path | None
    now: datetime
    verbosity: int = NORMAL
    _language: str | None = None

    def language(self) -> str:
        """``smmplan.yml``'s ``locale``, else ``LC_ALL``/``LC_MESSAGES``/``LANG``, else English."""
        if self._language is None:
            from smmplan.load import RootNotFound, find_root
            from smmplan.locale.language import cli_language

            root = self.root_option
            if root is None:
                try:
                    root = find_root(Path.cwd())
                except RootNotFound:
                    root = None
            self._language = cli_language(root, os.environ)
        return self._language

    @property
    def quiet(self) -> bool:
        return self.verbosity <= QUIET

    @property
    def verbose(self) -> bool:
        return self.verbosity >= VERBOSE

    def root(self) -> Path:
        from smmplan.load import RootNotFound, find_root

        if self.root_option is not None:
            if not self.root_option.is_dir():
                raise UsageError(phrase("--root {root}: no such folder", root=self.root_option))
            return self.root_option.resolve()
        try:
            return find_root(Path.cwd())
        except RootNotFound as error:
            raise UsageError(str(error)) from None

    def project(self):
        from smmplan.load import load_project

        return load_project(self.root())


def parse_now(value: str | None) -> datetime:
    """``--now``: ISO date or date-time; without an offset it is UTC."""
    from smmplan.load.values import now_moment

    try:
        return now_moment(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--now / SMMPLAN_NOW") from None


def use_color(stream) -> bool:
    """Whether to colour what goes to ``stream``, as rich decides: a terminal, or
    ``FORCE_COLOR`` set; never with ``NO_COLOR`` set or ``TERM=dumb``."""
    from rich.console import Console

    console = Console(file=stream)
    return console.color_system is not None and not console.no_color


COLOR_SETTINGS = ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE")
"""The environment variables by which rich decides colour for a stream that is no terminal."""


def forced_color() -> bool | None:
    """click's ``color`` setting: True or False when the environment decides, None to let
    click look at the stream (so ANSI codes survive a pipe under ``FORCE_COLOR``). Without
    any of ``COLOR_SETTINGS`` that is None, found without importing rich (a tenth of a
    second)."""
    if not any(name in os.environ for name in COLOR_SETTINGS):
        return None
    return rich_forced_color()


def rich_forced_color() -> bool | None:
    """``forced_color`` as rich decides it."""
    import io

    from rich.console import Console

    console = Console(file=io.StringIO())  # never a terminal: only the environment counts
    if console.no_color:
        return False
    return True if console.color_system is not None else None


_VERBOSITY = "smmplan.verbosity"


def _set_verbosity(level: int):
    def callback(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if not value:
            return
        state = ctx.find_object(State)
        if state is None:  # the group's own option: parsed before the group makes its State
            ctx.meta[_VERBOSITY] = level
        else:
            state.verbosity = level

    return callback


def verbosity_options() -> list[click.Option]:
    """``-q/--quiet`` and ``-v/--verbose``, for the group and for every command; the one
    given last wins."""
    return [
        click.Option(
            ["-q", "--quiet"],
            is_flag=True,
            expose_value=False,
            callback=_set_verbosity(QUIET),
            help="No progress and no summary of what was written; results and problems still print.",
        ),
        click.Option(
            ["-v", "--verbose"],
            is_flag=True,
            expose_value=False,
            callback=_set_verbosity(VERBOSE),
            help="More detail where a command has it (build: MkDocs' own messages).",
        ),
    ]


class Command(click.Command):
    """A command with the shared options and shell completion of project names."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from smmplan.cli.completion import attach

        self.params.extend(verbosity_options())
        attach(self)


class Group(click.Group):
    """The group: its commands and subgroups are :class:`Command` and :class:`Group`."""

    command_class = Command
    group_class = type  # subgroups are of this same class

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(verbosity_options())


COMMAND_MODULES = {
    "check": "check",
    "count": "check",
    "rules": "check",
    "networks": "check",
    "completion": "completion",
    "export": "export",
    "images": "images",
    "import": "importing",
    "mark": "mark",
    "metrics": "metrics",
    "move": "move",
    "report": "report",
    "build": "site",
    "serve": "site",
    "init": "workflow",
    "new": "workflow",
    "diff": "workflow",
    "calendar": "workflow",
    "schema": "workflow",
}
"""Each command's module in this package: a command is imported when it runs (a run of
``check`` does not import what ``init`` or ``import`` need), every one for ``--help``."""


class CommandLine(Group):
    """The top group: its commands are imported when asked for."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            import_module(f"smmplan.cli.{COMMAND_MODULES[cmd_name]}")
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        for module in sorted(set(COMMAND_MODULES.values())):
            import_module(f"smmplan.cli.{module}")
        return super().list_commands(ctx)


@click.group(
    cls=CommandLine,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "--version", prog_name="smmplan")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="The content repository (default: the first folder up from here with smmplan.yml or content/).",
)
@click.option(
    "--now",
    envvar="SMMPLAN_NOW",
    metavar="DATETIME",
    help="The time checks and builds treat as now (also SMMPLAN_NOW). Default: the clock.",
)
@click.pass_context
def cli(ctx: click.Context, root: Path | None, now: str | None) -> None:
    """Plan social media content as text files in git: check every post against each network's rules."""
    ctx.obj = State(root, parse_now(now), verbosity=ctx.meta.get(_VERBOSITY, NORMAL))
    ctx.color = forced_color()


pass_state = click.make_pass_decorator(State)


def format_option(*choices: str, default: str | None = "text", help: str | None = None):
    """The ``--format`` option every command shares, as ``output_format``."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=default,
        show_default=default is not None,
        help=help,
    )


def jobs_option(help: str):
    return click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N", help=help)


GC_THRESHOLDS = (100_000, 50, 100)
"""The cyclic garbage collector's thresholds for a command: a run loads a plan of many
small objects that live until it ends, and with the default thresholds the collector
keeps walking them (about an eighth of a cached ``check`` of 10,000 posts, 4 % of a
build). Collections still happen, less often; memory stays the same
(``docs/benchmarks.md``)."""


def main() -> None:
    """Entry point: no traceback ever reaches a user."""
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        cli.main(prog_name="smmplan")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as error:
        if os.environ.get("SMMPLAN_DEBUG"):
            raise
        click.echo(
            f"smmplan: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in smmplan; run again with SMMPLAN_DEBUG=1 to see where, and report it.",
            err=True,
        )
        sys.exit(EXIT_USAGE)


def run() -> None:
    """The ``smmplan`` program: :func:`main`, then the process ends without freeing, one by
    one, the objects the command built (0.8 s after a build of 5,000 posts). Exit handlers
    still run and the output is flushed first; with other threads still running the
    interpreter ends as usual, waiting for them."""
    try:
        main()
        status = 0
    except SystemExit as done:
        status = _exit_status(done.code)
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if threading.active_count() > 1 or run_exit_handlers is None:
        sys.exit(status)
    run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: what Python's own exit would report
            status = status or 120
    os._exit(status)


def _exit_status(code: object) -> int:
    """What ``sys.exit(code)`` makes the process return."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
