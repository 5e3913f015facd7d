"""``init``, ``new``, ``diff``, ``calendar`` and ``schema``: the team workflow around git."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from smmplan.cli import State, UsageError, cli, format_option, pass_state, say, spoken, use_color
from smmplan.locale import phrase
from smmplan.model import STATUSES
from smmplan.suggest import did_you_mean
from smmplan.workflow import SCHEMA_KINDS


@cli.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--brand", "brand_name", default="Our Brand", show_default=True, help="The brand's name."
)
@click.option("--timezone", default="UTC", show_default=True, help="The brand's IANA time zone.")
@click.option("--site-url", help="Where the calendar site will be published.")
@click.option(
    "--locale",
    metavar="LANG",
    help="The language of the settings, the brand, the README and the example posts: en, ru,"
    " az or tl (default: LANG's, else en).",
)
@click.option(
    "--install",
    "install_spec",
    metavar="SPEC",
    help="The pip requirement the CI workflows install smmplan with (default: ci.install of"
    " smmplan.yml, else how this smmplan was installed).",
)
@click.option(
    "--workflows",
    "workflows_only",
    is_flag=True,
    help="Only rewrite .github/workflows/ of an existing repository, from its smmplan.yml.",
)
@pass_state
def init(
    state: State,
    folder: Path | None,
    brand_name: str,
    timezone: str,
    site_url: str | None,
    locale: str | None,
    install_spec: str | None,
    workflows_only: bool,
) -> None:
    """Create a content repository in FOLDER (default: here): settings, a brand, a campaign,
    two posts, the site, GitHub workflows, a pre-commit hook and a README for editors.

    Never overwrites a file: if any of them exists, nothing is written (exit code 2).
    With --workflows, rewrites only the two workflows of the repository in FOLDER.
    """
    from smmplan.workflow.init import InitError, choose_install, scaffold, write_scaffold

    target = folder or Path(".")
    try:
        if workflows_only:
            _refresh_workflows(state, target, install_spec)
            return
        install = choose_install(install_spec, None)
        files = scaffold(
            state.now,
            brand_name=brand_name,
            timezone=timezone,
            site_url=site_url,
            install=install,
            install_chosen=install_spec is not None,
            locale=locale or _environment_language(),
        )
        write_scaffold(target, files)
    except InitError as error:
        raise UsageError(str(error)) from None
    say(phrase("created {count} files in {folder}:", count=len(files), folder=target))
    for name in files:
        click.echo(f"  {name}")
    _warn_about_install(install.warning)
    here = "" if folder is None else f"cd {folder} && "
    say(
        phrase("next: {cd}smmplan check, then smmplan calendar --week next; see README.md", cd=here)
    )


def _environment_language() -> str:
    """``init``'s language without ``--locale``: the environment's (LC_ALL, LC_MESSAGES,
    LANG) when smmplan speaks it, else English; a folder's smmplan.yml does not count."""
    from smmplan.locale import language_of
    from smmplan.locale.language import environment_locale

    return language_of(environment_locale(os.environ))


def _refresh_workflows(state: State, target: Path, install_spec: str | None) -> None:
    from smmplan.load.files import read_file
    from smmplan.load.settings import load_config
    from smmplan.workflow.init import InitError, choose_install, refresh_workflows, scaffold

    settings = target / "smmplan.yml"
    data, refusal = read_file(settings, target, "settings")  # refuses a link out, a FIFO
    if refusal is not None and (settings.is_symlink() or settings.exists()):
        raise InitError(phrase("{path}: {error}", path=settings, error=refusal.reason))
    if data is None:
        raise InitError(
            phrase(
                "{folder} has no smmplan.yml; --workflows refreshes a content repository",
                folder=target,
            )
        )
    config = load_config("smmplan.yml", data)
    for finding in config.findings:  # a broken ci setting must not fall back silently
        if finding.message.startswith("ci") or "'ci." in finding.message:
            raise InitError(f"smmplan.yml:{finding.line}: {finding.message}")
    line = config.lines.get("ci.install", 1)
    install = choose_install(install_spec, config.ci_install, line)
    changed = refresh_workflows(target, scaffold(state.now, install=install))
    say(phrase("workflows install {requirement}", requirement=install.requirement))
    for name in changed:
        say(phrase("  rewrote {file}", file=name))
    if not changed:
        say(phrase("  the workflows were up to date"))
    _warn_about_install(install.warning)


def _warn_about_install(warning: str | None) -> None:
    if warning:
        click.echo(f".github/workflows/: warning: {spoken(warning)}", err=True)


@cli.command()
@click.argument("kind", type=click.Choice(["post", "campaign", "brand"]))
@click.argument("title", metavar="TITLE")
@click.option("--brand", help="The brand (needed when the repository has several).")
@click.option(
    "--date",
    "when",
    metavar="DATE",
    help="A day (YYYY-MM-DD: its first free slot) or a time ('YYYY-MM-DD HH:MM').",
)
@click.option("--campaign", help="post: the campaign it belongs to (content/campaigns/<name>.md).")
@click.option(
    "--network",
    "networks",
    multiple=True,
    metavar="N",
    help="post: a network it goes to (repeat; default: the campaign's, else the brand's).",
)
@click.option(
    "--status",
    type=click.Choice(["idea", "draft"]),
    default="draft",
    show_default=True,
    help="post: the stage it starts in.",
)
@click.option(
    "--from", "source", metavar="POST", help="post: repurpose this post's text and media."
)
@click.option("--timezone", help="brand: its IANA time zone (e.g. Europe/Moscow).")
@click.option("--locale", help="brand: its language: en, ru, az or tl.")
@click.option(
    "--edit/--no-edit",
    default=None,
    help="Open the new file in $VISUAL/$EDITOR (default: only on a terminal).",
)
@pass_state
def new(state: State, kind: str, title: str, edit: bool | None, **options: Any) -> None:
    """Create a post, a campaign or a brand from the template, named after TITLE (any
    script), with its text and comments in the brand's language.

    A post gets the brand's next free slot (posting windows, blackout dates, min_gap) as
    its publish_at, or the first free slot of the day --date names (with the reason when
    there is none), and lands in content/posts/YYYY/MM/ of that day. A brand needs
    --timezone and --locale. Never overwrites a file.
    """
    from smmplan.workflow.new import NewError

    try:
        created = _create(state, kind, title, options)
    except NewError as error:
        raise UsageError(str(error)) from None
    say(phrase("created {path}", path=created.relative))
    if kind == "post":
        if created.publish_at is None:
            say(phrase("no free slot found in the next 90 days: set publish_at yourself"))
        elif created.suggested:
            moment = created.publish_at
            say(
                phrase(
                    "publish_at {time} ({zone}): the next free slot",
                    time=f"{moment:%Y-%m-%d %H:%M}",
                    zone=moment.tzinfo,
                )
            )
    for warning in created.warnings:
        click.echo(f"{created.relative}: warning: {spoken(warning)}", err=True)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if (edit if edit is not None else interactive) and interactive and editor:
        click.edit(filename=str(created.path), editor=editor)


_NEW_OPTIONS = {
    "post": ("brand", "when", "campaign", "networks", "status", "source"),
    "campaign": ("brand", "when"),
    "brand": ("timezone", "locale"),
}


def _create(state: State, kind: str, title: str, options: dict[str, Any]) -> Any:
    from smmplan.workflow.new import PostRequest, new_brand, new_campaign, new_post

    for name, value in options.items():
        if value not in (None, (), "draft") and name not in _NEW_OPTIONS[kind]:
            flag = {"when": "date", "networks": "network", "source": "from"}.get(name, name)
            raise UsageError(
                phrase("--{flag} is not an option of 'new {kind}'", flag=flag, kind=kind)
            )
    project = state.project()
    if kind == "brand":
        missing = [f"--{name}" for name in ("timezone", "locale") if not options[name]]
        if len(missing) == 2:
            raise UsageError(phrase("new brand needs --timezone and --locale"))
        if missing:
            raise UsageError(phrase("new brand needs {option}", option=missing[0]))
        return new_brand(project, title, options["timezone"], options["locale"])
    if kind == "campaign":
        return new_campaign(project, title, state.now, options["brand"], options["when"])
    request = PostRequest(title, **{name: options[name] for name in _NEW_OPTIONS["post"]})
    return new_post(project, request, state.now, Path.cwd())


@cli.command()
@click.argument("ref")
@format_option("markdown", "json", default="markdown")
@pass_state
def diff(state: State, ref: str, output_format: str) -> None:
    """What this working tree changes in the calendar against REF (e.g. origin/main).

    Compares with the merge base of REF and HEAD, like a pull request: posts added,
    removed, moved, retargeted, status changes and new problems.
    """
    from smmplan.load.git import GitError
    from smmplan.workflow.diff import calendar_diff
    from smmplan.workflow.diff_report import diff_json, diff_markdown

    root = state.root()
    project = state.project()
    try:
        result = calendar_diff(root, project, ref, state.now)
    except GitError as error:
        raise UsageError(phrase("diff {ref}: {error}", ref=ref, error=error)) from None
    text = diff_json(result, state.now) if output_format == "json" else diff_markdown(result)
    click.echo(text, nl=False)


@cli.command()
@click.option(
    "--week", metavar="2026-W48", help="The ISO week (default: this week); also next, last."
)
@click.option(
    "--brand", "brands", multiple=True, metavar="BRAND", help="Only this brand (repeatable)."
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUSES),
    help="Only posts in this status (repeatable).",
)
@click.option(
    "--tag", "tags", multiple=True, metavar="TAG", help="Only posts with this tag (repeatable)."
)
@pass_state
def calendar(
    state: State,
    week: str | None,
    brands: tuple[str, ...],
    statuses: tuple[str, ...],
    tags: tuple[str, ...],
) -> None:
    """One week of the plan in the terminal: days, times, posts, networks, status and
    problems; then the posts without a valid publish_at, which are on no day."""
    from rich.console import Console

    from smmplan.check import run
    from smmplan.workflow.calendar import Filters, render, unscheduled_posts, week_lines

    project = state.project()
    for brand in brands:
        if brand not in project.brands:
            hint = did_you_mean(brand, sorted(project.brands))
            raise UsageError(
                phrase(
                    "--brand {name}: no such brand{hint} ({known})",
                    name=brand,
                    hint=hint,
                    known=", ".join(sorted(project.brands)),
                )
            )
    week = _chosen_week(state, project, week)
    filters = Filters(brands or None, statuses or None, tags or None)
    diagnostics = run(project, state.now)
    lines = week_lines(project, week, diagnostics, filters)
    console = Console(
        file=sys.stdout,
        width=None if sys.stdout.isatty() else 80,
        no_color=not use_color(sys.stdout),
        highlight=False,
        emoji=False,
    )
    waiting = unscheduled_posts(project, diagnostics, filters)
    render(project, week, lines, console, waiting, state.language())


def _chosen_week(state: State, project, week: str | None) -> str:
    """``--week`` as an ISO week: next, last and this counted from today in the plan's zone."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from smmplan.plan import iso_week, week_range

    today = state.now.astimezone(ZoneInfo(project.config.timezone)).date()
    shift = {"next": 7, "last": -7, "this": 0, None: 0}
    if week in shift:
        week = iso_week(today + timedelta(days=shift[week]))
    try:
        week_range(week)
    except ValueError as error:
        raise UsageError(phrase("--week: {error}", error=error)) from None
    return week


@cli.command()
@click.argument("kind", type=click.Choice(SCHEMA_KINDS))
def schema(kind: str) -> None:
    """Print the JSON Schema of a post's front matter, a campaign, a brand, smmplan.yml,
    'export --format json', or a row of the generic analytics CSV (metrics); editors use
    it for completion and validation."""
    from smmplan.workflow.schema import schema as build

    click.echo(json.dumps(build(kind), ensure_ascii=False, indent=2))
