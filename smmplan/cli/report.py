"""``report``: a brand's month as one standalone HTML page to send to the client."""

from __future__ import annotations

from pathlib import Path

import click

from smmplan.cli import State, UsageError, cli, pass_state, say
from smmplan.locale import phrase


@cli.command()
@click.option("--brand", required=True, metavar="BRAND", help="The brand (a file in brands/).")
@click.option("--month", required=True, metavar="2026-11", help="The calendar month, YYYY-MM.")
@click.option("--campaign", metavar="CAMPAIGN", help="Only this campaign's posts and KPIs.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write (default: reports/<brand>-<month>.html in the repository).",
)
@pass_state
def report(state: State, brand: str, month: str, campaign: str | None, out: Path | None) -> None:
    """Write a brand's monthly client report: one HTML file with everything inline.

    Headline figures against the previous month, campaigns with their KPIs and pace,
    charts, top posts, unplanned posts and posts still waiting for results, in the
    brand's locale. Open it in a browser and print it ("Save as PDF") for an A4 document.
    A brand without results gets a report that says so. Exit code 0: written; 2: usage
    error (unknown brand or campaign, malformed month), nothing written.
    """
    from smmplan.pipeline import measure
    from smmplan.render import client_report
    from smmplan.results.model import ResultsFilter

    try:
        period = client_report.Month.parse(month)
    except ValueError as error:
        raise UsageError(phrase("--month: {error}", error=error)) from None
    project = state.project()
    chosen = _brand(project, brand)
    _campaign(project, campaign, brand)
    campaigns = frozenset({campaign}) if campaign else None
    brands = frozenset({brand})

    def of(span: client_report.Month):
        selection = ResultsFilter(brands, campaigns, span.first, span.last)
        return measure(project, state.now, selection)

    results = of(period)
    previous = of(period.previous) if results is not None else None
    content = client_report.render(project, chosen, period, results, previous, campaign)
    target = Path.cwd() / out if out is not None else None
    target = target or client_report.default_path(project.root, brand, period)
    try:
        client_report.write(target, content)
    except OSError as error:
        raise UsageError(
            phrase("cannot write {path}: {error}", path=target, error=error.strerror or error)
        ) from None
    if results is None:
        say(
            phrase("note: no analytics exports in {folder}/", folder=project.config.metrics_folder),
            err=True,
        )
    click.echo(str(_shown(target)))


def _brand(project, name: str):
    from smmplan.suggest import did_you_mean

    brand = project.brands.get(name)
    if brand is None:
        known = ", ".join(sorted(project.brands)) or phrase("none")
        hint = did_you_mean(name, project.brands)
        raise UsageError(
            phrase(
                "--brand {name}: no such brand{hint} (brands: {known})",
                name=name,
                hint=hint,
                known=known,
            )
        )
    return brand


def _campaign(project, name: str | None, brand: str) -> None:
    from smmplan.suggest import did_you_mean

    if name is None:
        return
    campaign = project.campaigns.get(name)
    if campaign is None:
        hint = did_you_mean(name, project.campaigns)
        raise UsageError(phrase("--campaign {name}: no such campaign{hint}", name=name, hint=hint))
    if campaign.brand not in (None, brand):
        raise UsageError(
            phrase(
                "--campaign {name}: a campaign of brand '{owner}', not '{brand}'",
                name=name,
                owner=campaign.brand,
                brand=brand,
            )
        )


def _shown(path: Path) -> Path:
    """The path as the user would type it: relative to here when it is under here."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path
