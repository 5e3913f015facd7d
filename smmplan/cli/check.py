"""``check``, ``count``, ``rules`` and ``networks``: the linting side of the command line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from smmplan.cli import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    State,
    UsageError,
    cli,
    format_option,
    jobs_option,
    pass_state,
    use_color,
)
from smmplan.locale import phrase


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option(
    "text",
    "json",
    "github",
    "sarif",
    default=None,
    help="Output format (default: text; github when GITHUB_ACTIONS=true).",
)
@click.option(
    "--changed-since",
    metavar="REF",
    help="Check only posts changed since this git ref (and what they affect).",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read and check every post afresh, neither using nor updating the check cache"
    " in .smmplan-cache/check/ (also: SMMPLAN_NO_CACHE=1).",
)
@jobs_option("Processes to use for large plans (default: every core).")
@pass_state
def check(
    state: State,
    paths: tuple[Path, ...],
    output_format: str | None,
    changed_since: str | None,
    strict: bool,
    no_cache: bool,
    jobs: int | None,
) -> None:
    """Check posts, campaigns and brands against each network's rules.

    Unchanged posts are not checked again: what they gave is kept in the check cache,
    and the rules that depend on the time or compare posts run every time.

    Exit code 0: no errors; 1: errors found (or warnings with --strict); 2: usage or
    configuration error (including problems in smmplan.yml).
    """
    from smmplan.check import exit_code
    from smmplan.load.cache import paused_gc
    from smmplan.model import Severity
    from smmplan.pipeline import check_repository
    from smmplan.report import FORMATS, Report

    root = state.root()
    selection = _scope(root, paths, changed_since)
    outcome = check_repository(root, state.now, selection, jobs, cache=not no_cache)
    if state.verbose:
        for note in outcome.notes:
            click.echo(f"note: {note}", err=True)
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    report = Report(
        outcome.diagnostics,
        outcome.files,
        outcome.posts,
        color=output_format == "text" and use_color(sys.stdout),  # only text has colours
        root=root,
        language=state.language(),
    )
    with paused_gc():  # one string per diagnostic: see paused_gc
        click.echo(FORMATS[output_format](report), nl=False)
    config_broken = any(
        d.path == outcome.config_path and d.severity == Severity.ERROR for d in outcome.diagnostics
    )
    sys.exit(EXIT_USAGE if config_broken else exit_code(outcome.diagnostics, strict))


def _scope(root: Path, paths: tuple[Path, ...], changed_since: str | None):
    """What ``check`` was asked to report on (``smmplan.check.select.CheckScope``): the
    repository-relative prefixes of ``paths`` and the files changed since a git ref."""
    from smmplan.check.select import CheckScope

    prefixes = None
    if paths:
        prefixes = []
        for path in paths:
            full = (Path.cwd() / path).resolve()
            if not full.exists():
                raise UsageError(phrase("{path}: no such file or folder", path=path))
            if not full.is_relative_to(root):
                raise UsageError(
                    phrase("{path} is outside the repository {root}", path=path, root=root)
                )
            prefixes.append(full.relative_to(root).as_posix())
    changed = None
    if changed_since:
        from smmplan.load.git import GitError
        from smmplan.load.git import changed_since as git_changed

        try:
            changed = frozenset(git_changed(root, changed_since))
        except GitError as error:
            raise UsageError(f"--changed-since {changed_since}: {error}") from None
    return CheckScope(None if prefixes is None else tuple(prefixes), changed)


@cli.command()
@click.option("--network", "-n", required=True, help="The network whose rules count the text.")
@click.argument("text", required=False)
@format_option("text", "json")
def count(network: str, text: str | None, output_format: str) -> None:
    """Count TEXT (or standard input, with - or no TEXT) the way NETWORK counts it.

    Exit code 1 when the text is over the network's limit.
    """
    from smmplan import text as counting
    from smmplan.load.posts import suggest_network
    from smmplan.networks import load_builtin

    specs = load_builtin()
    spec = specs.get(network.lower())
    if spec is None:
        raise UsageError(
            f"unknown network '{network}'{suggest_network(network, specs)}; see 'smmplan networks'"
        )
    if text is None or text == "-":
        if text is None and sys.stdin.isatty():
            raise UsageError("give the text as an argument, or pipe it in with '-'")
        text = sys.stdin.read()
        if text.endswith("\n"):
            text = text[:-1]
    length = counting.count(text, spec.counting, url_length=spec.url_length)
    valid = length <= spec.text_limit
    if output_format == "json":
        payload = {
            "network": spec.id,
            "length": length,
            "limit": spec.text_limit,
            "unit": spec.unit,
            "valid": valid,
        }
        click.echo(json.dumps(payload, ensure_ascii=False))
    else:
        verdict = "fits" if valid else f"{length - spec.text_limit} over"
        click.echo(f"{spec.id}: {length} of {spec.text_limit} {spec.unit} ({verdict})")
    sys.exit(EXIT_OK if valid else EXIT_PROBLEMS)


@cli.command()
@click.argument("name", required=False)
@format_option("text", "json")
def rules(name: str | None, output_format: str) -> None:
    """List the checks, or show one rule's documentation (by name or code)."""
    from smmplan.check import iter_rules
    from smmplan.check.registry import lookup

    chosen = list(iter_rules())
    if name:
        found = lookup(name)
        if found is None:
            raise UsageError(phrase("no rule named '{name}'; see 'smmplan rules'", name=name))
        chosen = [found]
    if output_format == "json":
        rows = [
            {
                "name": r.name,
                "code": r.code,
                "severity": str(r.severity),
                "family": r.family,
                "doc": r.doc,
            }
            for r in chosen
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif name:
        rule = chosen[0]
        click.echo(
            f"{rule.name} ({rule.code}, {rule.family}, default {rule.default})\n\n{rule.doc}"
        )
    else:
        for rule in chosen:
            click.echo(f"{rule.code}  {rule.name:<24} {rule.default:<8} {rule.summary}")


@cli.command()
@click.argument("name", required=False)
@format_option("text", "json")
def networks(name: str | None, output_format: str) -> None:
    """List the networks and their rules, or show one network's spec with sources."""
    from smmplan.load.posts import suggest_network
    from smmplan.networks import load_builtin
    from smmplan.report.networks import spec_json, spec_lines, table_lines

    specs = load_builtin()
    if name and name.lower() not in specs:
        raise UsageError(f"unknown network '{name}'{suggest_network(name, specs)}")
    chosen = [specs[name.lower()]] if name else [specs[n] for n in sorted(specs)]
    if output_format == "json":
        click.echo(json.dumps([spec_json(s) for s in chosen], ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(spec_lines(chosen[0]) if name else table_lines(chosen)))
