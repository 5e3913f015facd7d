"""``mark published``: write into posts' own files that they went out."""

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
)
from smmplan.locale import phrase

if TYPE_CHECKING:
    from smmplan.model import Project
    from smmplan.workflow.mark import Plan


@cli.group()
def mark() -> None:
    """Record in posts' files what happened to them (see 'smmplan mark published -h')."""


@mark.command("published")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--from-metrics",
    is_flag=True,
    help="Mark the posts the analytics exports show published, with their URLs (or ids).",
)
@click.option(
    "--network",
    "-n",
    metavar="N",
    help="With --from-metrics: only what the exports show on this network.",
)
@click.option(
    "--url",
    "urls",
    multiple=True,
    metavar="NETWORK=URL",
    help="Record where the post went out on NETWORK (one post; repeatable).",
)
@click.option("--write", is_flag=True, help="Change the files (default: print the diff).")
@pass_state
def published(
    state: State,
    paths: tuple[Path, ...],
    from_metrics: bool,
    network: str | None,
    urls: tuple[str, ...],
    write: bool,
) -> None:
    """Set 'status: published' and the 'published:' URLs in the front matter of PATHS
    (posts or folders of posts; with --from-metrics, by default every post the analytics
    exports show published).

    Only those lines change: comments, key order, quoting and line endings stay as they
    are. Without --write, prints the change as a diff (apply it with 'git apply', or run
    again with --write). Cancelled posts are never marked; idea, draft and review posts
    only when an export shows them published.

    Exit code 0: done, or nothing to do; 1: some files refused; 2: usage error.
    """
    from smmplan.workflow.mark import MarkError, Request, plan_marks

    if not paths and not from_metrics:
        raise UsageError(
            phrase(
                "name the posts to mark (files or folders), or pass --from-metrics to mark"
                " those the analytics exports show published"
            )
        )
    if network is not None and not from_metrics:
        raise UsageError(phrase("--network chooses among the exports' results: add --from-metrics"))
    project = state.project()
    network = _network(project, network, "--network") if network is not None else None
    request = Request(paths, from_metrics, network, _urls(project, urls), Path.cwd())
    try:
        plan = plan_marks(project, state.now, request)
    except MarkError as error:
        raise UsageError(str(error)) from None
    if from_metrics and not plan.exports:
        folder = project.config.metrics_folder
        say(phrase("no analytics exports in {folder}: nothing to mark", folder=folder), err=True)
    refused = _report(plan, write)
    sys.exit(EXIT_PROBLEMS if refused else EXIT_OK)


def _network(project: Project, name: str, option: str) -> str:
    from smmplan.load.posts import suggest_network

    wanted = name.strip().lower()
    if wanted not in project.networks:
        hint = suggest_network(wanted, project.networks)
        raise UsageError(
            phrase(
                "{option} {name}: unknown network{hint}; see 'smmplan networks'",
                option=option,
                name=name,
                hint=hint,
            )
        )
    return wanted


def _urls(project: Project, given: tuple[str, ...]) -> dict[str, str]:
    urls: dict[str, str] = {}
    for item in given:
        name, sep, url = item.partition("=")
        if not sep or not url.strip():
            raise UsageError(
                phrase(
                    "--url {item}: write NETWORK=URL, e.g. x=https://x.com/brand/status/1",
                    item=item,
                )
            )
        network = _network(project, name, "--url")
        if network in urls:
            raise UsageError(phrase("--url: {network} is given twice", network=network))
        urls[network] = url.strip()
    return urls


def _report(plan: Plan, write: bool) -> bool:
    """Print the diffs (or write the files) and what was left out; True if any refused."""
    from smmplan.workflow.mark import unified_diff, write_change

    refused = list(plan.refused)
    done = 0
    for change in plan.changes:
        for note in change.notes:
            click.echo(f"{change.path}: {spoken(note)}", err=True)
        if not write:
            click.echo(unified_diff(change), nl=False)
            done += 1
            continue
        problem = write_change(change)
        if problem is not None:
            refused.append(problem)
            continue
        recorded = ", ".join(change.recorded)
        recorded = phrase(", published: {urls}", urls=recorded) if recorded else ""
        say(
            phrase("marked {path}: status published{recorded}", path=change.path, recorded=recorded)
        )
        done += 1
    language = current_language()
    for skip in plan.skipped:
        say(phrase("{skip} (skipped)", skip=skip.spoken(language)), err=True)
    for refusal in refused:
        click.echo(refusal.spoken(language), err=True)
    click.echo(_summary(plan, write, done, len(refused)), err=True)
    return bool(refused)


def _summary(plan: Plan, write: bool, done: int, refused: int) -> str:
    parts = []
    if done:
        parts.append(_done(done, write))
    if plan.unchanged:
        parts.append(phrase("{count} already published as asked", count=len(plan.unchanged)))
    if plan.skipped:
        parts.append(phrase("{count} skipped", count=len(plan.skipped)))
    if refused:
        parts.append(phrase("{count} refused", count=refused))
    return "; ".join(map(spoken, parts)) if parts else spoken(phrase("nothing to mark"))


def _done(count: int, write: bool) -> str:
    if write:
        if count == 1:
            return phrase("{count} post marked", count=count)
        return phrase("{count} posts marked", count=count)
    if count == 1:
        return phrase(
            "{count} post to mark (run again with --write to change the files)", count=count
        )
    return phrase("{count} posts to mark (run again with --write to change the files)", count=count)
