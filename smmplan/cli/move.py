"""``move``: reschedule posts, changing only their ``publish_at`` lines."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from smmplan.cli import (
    EXIT_OK,
    EXIT_PROBLEMS,
    State,
    UsageError,
    cli,
    current_language,
    pass_state,
    say,
    spoken,
    use_color,
)
from smmplan.locale import phrase

if TYPE_CHECKING:
    from smmplan.workflow.move import MovePlan, Target


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--by", "by", metavar="SHIFT", help="Shift by 2d, -3h, 1w, 90m (or 1d12h).")
@click.option(
    "--to",
    "to",
    metavar="WHEN",
    help="Move to a date-time (the brand's time unless it has an offset), a day"
    " (2026-12-01: the time kept) or a time (18:00: the day kept).",
)
@click.option("--dry-run", is_flag=True, help="Print the change as a diff; write nothing.")
@pass_state
def move(
    state: State, paths: tuple[Path, ...], by: str | None, to: str | None, dry_run: bool
) -> None:
    """Reschedule the posts PATHS (files or folders of posts) by a shift or to a time.

    Only the 'publish_at' values change, each network's own 'networks.<n>.publish_at'
    too (by the same shift, so a post's networks stay together); every other byte of the
    file stays as it was. Then prints what the schedule checks find about the moved
    posts (conflicts, posting windows, blackout dates, times in the past); the move
    happens anyway.

    Exit code 0: moved (or shown, with --dry-run); 1: some paths not moved; 2: usage error.
    """
    from smmplan.workflow.move import MoveError, plan_moves

    if not paths:
        raise UsageError(phrase("name the posts to move (files or folders of posts)"))
    if (by is None) == (to is None):
        raise UsageError(
            phrase("give one of --by SHIFT (e.g. --by 2d) or --to WHEN (e.g. --to 18:00)")
        )
    try:
        target = _target(by, to)
        plan = plan_moves(state.project(), state.now, paths, target, Path.cwd())
    except MoveError as error:
        raise UsageError(str(error)) from None
    refused = _report(plan, dry_run)
    sys.exit(EXIT_PROBLEMS if refused else EXIT_OK)


def _target(by: str | None, to: str | None) -> Target:
    from smmplan.workflow.move import Target, parse_by, parse_to

    return Target(by=parse_by(by)) if by is not None else parse_to(to or "")


def _report(plan: MovePlan, dry_run: bool) -> bool:
    """Print the diffs or write the files, then the schedule checks; True if any refused."""
    from smmplan.report.core import text_line
    from smmplan.workflow.mark import unified_diff, write_change

    refused = list(plan.refused)
    done = 0
    for change, moved in plan.changes:
        if dry_run:
            click.echo(unified_diff(change), nl=False)
        elif (problem := write_change(change)) is not None:
            refused.append(problem)
            continue
        shown = "; ".join(f"{m.key} {m.before} -> {m.after}" for m in moved) or phrase("unchanged")
        say(
            phrase(
                "would move {path}: {moves}" if dry_run else "moved {path}: {moves}",
                path=change.path,
                moves=shown,
            ),
            err=dry_run,
        )
        done += 1
    color, language = use_color(sys.stderr), current_language()
    for diagnostic in plan.problems:
        click.echo(text_line(diagnostic, diagnostic.path, color, language), err=True)
    for refusal in refused:
        click.echo(refusal.spoken(language), err=True)
    click.echo(_summary(done, len(plan.problems), len(refused), dry_run), err=True)
    return bool(refused)


def _summary(done: int, problems: int, refused: int, dry_run: bool) -> str:
    if dry_run:
        moved = (
            phrase(
                "{count} post to move (run again without --dry-run to change the files)", count=done
            )
            if done == 1
            else phrase(
                "{count} posts to move (run again without --dry-run to change the files)",
                count=done,
            )
        )
    else:
        moved = (
            phrase("{count} post moved", count=done)
            if done == 1
            else phrase("{count} posts moved", count=done)
        )
    parts = [moved]
    if problems == 1:
        parts.append(phrase("{count} schedule problem", count=problems))
    else:
        parts.append(phrase("{count} schedule problems", count=problems))
    if refused:
        parts.append(phrase("{count} not moved", count=refused))
    return "; ".join(map(spoken, parts))
