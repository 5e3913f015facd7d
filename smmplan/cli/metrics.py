"""``metrics``: what the networks' analytics exports in ``content/metrics/`` say of the plan."""

from __future__ import annotations

import json
import sys
from datetime import date

import click

from smmplan.cli import (
    EXIT_OK,
    EXIT_PROBLEMS,
    State,
    UsageError,
    cli,
    format_option,
    pass_state,
    spoken,
)
from smmplan.locale import phrase


@cli.command()
@click.option(
    "--brand", "brands", multiple=True, metavar="BRAND", help="Only this brand (repeatable)."
)
@click.option(
    "--campaign",
    "campaigns",
    multiple=True,
    metavar="CAMPAIGN",
    help="Only this campaign (repeatable).",
)
@click.option("--from", "start", metavar="DATE", help="First local date, YYYY-MM-DD.")
@click.option("--to", "end", metavar="DATE", help="Last local date, YYYY-MM-DD.")
@format_option("text", "json", "csv", help="Output format.")
@click.option(
    "--explain",
    "explain_post",
    metavar="POST",
    help="Why each row of this post matched, or why none did.",
)
@pass_state
def metrics(
    state: State,
    brands: tuple[str, ...],
    campaigns: tuple[str, ...],
    start: str | None,
    end: str | None,
    output_format: str,
    explain_post: str | None,
) -> None:
    """Results per campaign (KPIs against targets, pace, spend, cost per result) and per brand.

    Reads the exports in the metrics folder (content/metrics/ unless smmplan.yml says
    otherwise), matches each row to a planned post and prints the figures. --format json
    is documented in docs/metrics.schema.json. Exit code 0: done; 1: an export has an
    error; 2: usage error.
    """
    from smmplan.results import analyse, match

    project = state.project()
    selection = _selection(project, brands, campaigns, start, end)
    data = load(project, state.now)
    matching = match(project, data)
    if explain_post is not None:
        _explain(project, data, matching, explain_post, output_format)
        return
    results = analyse(project, data, matching, state.now, selection)
    stamped = _stamped(project, results)
    _print(results, stamped, output_format)
    errors = any(str(d.severity) == "error" for d in stamped or ())
    sys.exit(EXIT_PROBLEMS if errors else EXIT_OK)


def _print(results, stamped, output_format: str) -> None:
    if output_format == "json":
        from smmplan.results import to_json

        click.echo(json.dumps(to_json(results, stamped), ensure_ascii=False, indent=2))
    elif output_format == "csv":
        _write_bytes(_csv(results))
    else:
        from smmplan.results.summary import summary

        click.echo(summary(results), nl=False)
        for item in stamped:
            line = f"{item.path}:{item.line}: {item.severity}: {spoken(item.message)} [{item.rule}]"
            click.echo(line, err=True)


def load(project, now):
    """The metrics folder's exports; nothing (and no error) when there is no folder."""
    from smmplan.metrics_model import MetricsData
    from smmplan.pipeline import read_exports

    return read_exports(project, now) or MetricsData()


def _selection(project, brands, campaigns, start, end):
    from smmplan.results import ResultsFilter
    from smmplan.suggest import did_you_mean

    for name in brands:
        if name not in project.brands:
            hint = did_you_mean(name, project.brands)
            raise UsageError(phrase("--brand {name}: no such brand{hint}", name=name, hint=hint))
    for name in campaigns:
        if name not in project.campaigns:
            hint = did_you_mean(name, project.campaigns)
            raise UsageError(
                phrase("--campaign {name}: no such campaign{hint}", name=name, hint=hint)
            )
    first, last = _day(start, "--from"), _day(end, "--to")
    if first and last and last < first:
        raise UsageError(phrase("--to {last} is before --from {first}", last=last, first=first))
    return ResultsFilter(
        brands=frozenset(brands) if brands else None,
        campaigns=frozenset(campaigns) if campaigns else None,
        start=first,
        end=last,
    )


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            phrase("{option} {value}: write a date like 2026-11-30", option=option, value=value)
        ) from None


def _stamped(project, results):
    """The findings as the check engine stamps them (codes, configured levels, off rules)."""
    from smmplan.check import finish, stamp

    return finish(stamp(project, results.findings))


def _write_bytes(data: bytes) -> None:
    """Standard output as bytes (CRLF rows stay CRLF), or as text where it has no buffer."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def _csv(results) -> bytes:
    from smmplan.render.export.safe import csv_bytes, neutralise
    from smmplan.results import csv_rows

    header, rows = csv_rows(results)
    return csv_bytes(header, [[neutralise(cell) for cell in row] for row in rows])


def _explain(project, data, matching, name: str, output_format: str) -> None:
    from smmplan.results import explain
    from smmplan.results.explain import find_post
    from smmplan.results.summary import explanation_text

    post = find_post(project, _relative(project, name))
    if post is None:
        raise UsageError(
            phrase("--explain {name}: no such post (give its path or its slug)", name=name)
        )
    explanation = explain(project, data, matching, post)
    if output_format == "json":
        click.echo(json.dumps(_explanation_json(explanation), ensure_ascii=False, indent=2))
    else:
        click.echo(explanation_text(explanation), nl=False)


def _relative(project, name: str) -> str:
    from pathlib import Path

    full = (Path.cwd() / name).resolve()
    if full.is_file() and full.is_relative_to(project.root):
        return full.relative_to(project.root).as_posix()
    return name


def _explanation_json(explanation) -> dict:
    def considered(seen) -> dict:
        candidate = seen.candidate
        return {
            "file": seen.row.snapshot.path,
            "row": seen.row.row,
            "by_key": seen.by_key,
            "hours_away": round(candidate.delta.total_seconds() / 3600, 2) if candidate else None,
            "similarity": round(candidate.similarity, 4)
            if candidate and candidate.similarity is not None
            else None,
            "score": round(candidate.score, 4) if candidate else None,
            "outcome": seen.outcome,
        }

    return {
        "path": explanation.path,
        "networks": [
            {
                "network": slot.network,
                "publish_at": slot.publish_at.isoformat() if slot.publish_at else None,
                "published": slot.published,
                "matched": [
                    {
                        "file": m.row.snapshot.path,
                        "row": m.row.row,
                        "by": m.match.by,
                        "confidence": m.match.confidence,
                        "reason": m.match.reason,
                    }
                    for m in slot.matched
                ],
                "considered": [considered(seen) for seen in slot.considered],
            }
            for slot in explanation.slots
        ],
    }
