"""smmplan's stages, run in the one order its data flows:

    load (files -> immutable Project, analytics exports -> MetricsData)
    -> results (exports joined to the plan: what went out, KPI progress; pure)
    -> check (project + network specs + what results know -> diagnostics)
    -> render (images, then exports, the site and reports from what the stages made)

Results come before the checks run because two rules need them (a post an export shows
as published is not ``publish-in-past``; ``kpi-behind-pace``), but in the layers results
sit above check: they are handed to it as plain data, check never imports them.

Every command and the MkDocs plugin go through here: ``check`` runs
:func:`check_repository`; ``images`` :func:`render_images`; ``export`` :func:`export`;
``build``, ``serve`` and a plain ``mkdocs build`` with ``plugins: [smmplan]`` get a
:class:`Prepared` from :func:`prepare`, which the site plugin only presents. Renderers
never call each other and never run the checks themselves: what one stage makes is
handed to the next here. Every problem, whichever stage found it, is stamped by the
check engine (``smmplan.check.stamp``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smmplan.check import Checker, Context, finish, schedule_entries, stamp
from smmplan.check import run as run_checks
from smmplan.check.select import CheckScope
from smmplan.load import load_project, load_settings, post_files
from smmplan.load.parallel import map_shares
from smmplan.model import Diagnostic, Project

if TYPE_CHECKING:
    from smmplan.metrics_model import MetricsData
    from smmplan.render.images import ImageResult, RenderedImage
    from smmplan.results.model import Results

CACHE = Path(".smmplan-cache") / "media"
"""Rendered pictures, under the repository root, named by content hash and kept between runs."""

UNMEASURED: Any = object()
"""Results not computed yet (``None`` means computed: the repository has no exports)."""


# -- check ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """What ``smmplan check`` reports: the diagnostics and what was read."""

    diagnostics: list[Diagnostic]
    files: int  # files read
    posts: int  # posts checked
    config_path: str | None


def read_exports(project: Project, now: datetime) -> MetricsData | None:
    """The analytics exports in the metrics folder; None when there is no such folder."""
    from smmplan.load.metrics import load_metrics

    folder = project.root / project.config.metrics_folder
    if not folder.is_dir():
        return None
    return load_metrics(project.root, folder, aliases=project.config.metrics_aliases, now=now)


def measure(project: Project, now: datetime, selection: Any = None) -> Results | None:
    """What the analytics exports say of the plan; None when the repository has none.
    ``selection`` (``smmplan.results.ResultsFilter``) limits what is reported, never
    what is matched."""
    from smmplan.results import collect

    data = read_exports(project, now)
    if data is None or not (data.snapshots or data.findings):
        return None
    return collect(project, data, now, selection)


def check_project(
    project: Project, now: datetime, results: Results | None = None, only: set[str] | None = None
) -> list[Diagnostic]:
    """Every diagnostic of a loaded project, with what its analytics exports say (the
    exports' own problems included): ``results`` as ``measure`` gives them. ``only``:
    just these posts' (and those their schedule conflicts with), as ``check.run`` does."""
    if results is None:
        return run_checks(project, now, only)
    found = run_checks(project, now, only, went_out=results.went_out, progress=results.progress)
    return finish([*found, *stamp(project, results.findings)])


def check_repository(
    root: Path, now: datetime, selection: CheckScope | None = None, jobs: int | None = None
) -> Checked:
    """Load and check a repository, each share of the posts in its own process when the
    plan is large; the rules that compare posts run here on every share's entries."""
    selection = selection or CheckScope()
    settings = load_settings(root)
    paths = post_files(settings.root)
    if (settings.root / settings.config.metrics_folder).is_dir():
        return _check_with_results(settings, paths, now, selection)
    checker = Checker.for_project(settings)
    limited = selection.limits(settings)

    def check_share(project: Project) -> tuple[list[Diagnostic], list, set[str]]:
        chosen = {post.path for post in project.posts if selection.selects(post, settings)}
        found = checker.posts(Context(project, now), chosen if limited else None)
        return found, list(schedule_entries(project)), chosen

    diagnostics = checker.settings(settings)
    entries: list = []
    selected: set[str] = set()
    for found, share_entries, share_selected in map_shares(settings, paths, check_share, jobs):
        diagnostics += found
        entries += share_entries
        selected |= share_selected
    entries.sort(key=lambda e: (e.brand, e.network, e.at, e.path))
    ctx = Context(settings, now, tuple(entries))
    diagnostics += checker.across(ctx, selected if limited else None)
    files = settings.files + len(paths)
    return Checked(finish(diagnostics), files, len(selected), settings.config.path)


def _check_with_results(
    settings: Project, paths: list[Path], now: datetime, selection: CheckScope
) -> Checked:
    """A repository with analytics exports: matching them needs every post at once, so
    the posts are loaded in this process (the checks stay the same)."""
    from smmplan.load import with_posts
    from smmplan.results import collect

    project = with_posts(settings, paths)
    data = read_exports(project, now)
    results = collect(project, data, now) if data and (data.snapshots or data.findings) else None
    chosen = {p.path for p in project.posts if selection.selects(p, settings)}
    found = check_project(project, now, results, chosen if selection.limits(settings) else None)
    exports = {s.path for s in data.snapshots} | {f.path for f in data.findings} if data else set()
    files = settings.files + len(paths) + len(exports - {settings.config.path})
    return Checked(found, files, len(chosen), settings.config.path)


# -- images -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pictures:
    """Rendered pictures (the renderer's ``ImageResult``) and their problems, stamped."""

    result: ImageResult
    diagnostics: tuple[Diagnostic, ...]

    @property
    def images(self) -> tuple[RenderedImage, ...]:
        return self.result.images

    @property
    def rendered(self) -> int:
        return self.result.rendered

    @property
    def cached(self) -> int:
        return self.result.cached


def render_images(
    project: Project,
    out_dir: Path,
    *,
    jobs: int | None = None,
    progress: bool = False,
    thumbnails: bool = False,
    statuses: Collection[str] | None = None,
) -> Pictures:
    """``smmplan.render.images.render_images``, with its findings stamped by the engine.
    Raises ``OutputError`` when ``out_dir`` cannot be written."""
    from smmplan.render import images

    result = images.render_images(
        project, out_dir, jobs=jobs, progress=progress, thumbnails=thumbnails, statuses=statuses
    )
    return Pictures(result, tuple(finish(stamp(project, result.findings))))


# -- exports ----------------------------------------------------------------------------------


def image_urls(project: Project, statuses: Collection[str] | None = None) -> dict:
    """``(post, network) -> [URL, ...]`` of the renditions the site publishes, rendering
    (or reusing from the cache) the pictures of posts with these statuses."""
    from smmplan.render import export

    pictures = render_images(project, project.root / CACHE, statuses=statuses)
    return export.urls_from(pictures.images, project.config.site_url or "", project)


def export(
    project: Project,
    fmt: str,
    selection: Any,
    now: datetime,
    *,
    urls: Mapping | None = None,
    date_order: str = "dmy",
):
    """One format's files in memory (``smmplan.render.export.Export``), checked first."""
    from smmplan.render import export as exports

    diagnostics = check_project(project, now, measure(project, now))
    options = {"diagnostics": diagnostics, "date_order": date_order}
    return exports.export(project, fmt, selection, now, dict(urls or {}), **options)


def write_exports(
    project: Project,
    out_dir: Path,
    now: datetime,
    urls: Mapping | None = None,
    *,
    diagnostics: list[Diagnostic] | None = None,
) -> list[Path]:
    """Every format for the upcoming plan written into ``out_dir`` (see ``build_all``)."""
    from smmplan.render import export as exports

    if diagnostics is None:
        diagnostics = check_project(project, now, measure(project, now))
    outputs = exports.build_all(project, now, dict(urls or {}), diagnostics)
    return exports.write_folder(out_dir, outputs)


# -- the site ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """Everything the calendar site shows, made by the stages before it."""

    project: Project
    now: datetime
    diagnostics: tuple[Diagnostic, ...]  # check and images, in one sorted list
    images: tuple[RenderedImage, ...]  # the site's renditions and thumbnails, in ``cache``
    cache: Path
    exports: Mapping[str, bytes]  # the scheduler files under exports/, by name
    results: Results | None = None  # what the analytics exports say; None without any


def prepare(
    root: Path,
    now: datetime,
    *,
    project: Project | None = None,
    diagnostics: list[Diagnostic] | None = None,
    results: Any = UNMEASURED,
    images: bool = True,
    stage: Callable[[str], None] | None = None,
) -> Prepared:
    """Load, measure, check and render what the site needs; what is given (the project,
    its diagnostics, its results) is not done again. ``stage`` hears each step begin
    (``"images"``, ``"exports"``); the images then show their own progress bar."""
    from smmplan.render import export as exports

    project = project if project is not None else load_project(root)
    if results is UNMEASURED:
        results = measure(project, now)
    if diagnostics is None:
        diagnostics = check_project(project, now, results)
    found = list(diagnostics)
    rendered: tuple[RenderedImage, ...] = ()
    if images:
        if stage:
            stage("images")
        pictures = render_images(
            project, project.root / CACHE, thumbnails=True, progress=stage is not None
        )
        found, rendered = finish([*found, *pictures.diagnostics]), pictures.images
    site_url = project.config.site_url
    urls = exports.urls_from(rendered, site_url, project) if site_url and rendered else None
    if stage:
        stage("exports")
    outputs = exports.build_all(project, now, urls, found)
    return Prepared(project, now, tuple(found), rendered, project.root / CACHE, outputs, results)


def build_site(
    root: Path,
    out: Path,
    now: datetime,
    *,
    project: Project | None = None,
    diagnostics: list[Diagnostic] | None = None,
    results: Any = UNMEASURED,
    strict: bool = False,
    stage: Callable[[str], None] | None = None,
):
    """The calendar site into ``out`` (``smmplan.render.site.build.Built``); ``stage``
    hears each step begin: ``"images"``, ``"exports"``, then ``"site pages"``."""
    from smmplan.render.site.build import build_site as build

    def made(root: Path, now: datetime, images: bool) -> Prepared:
        given = {"project": project, "diagnostics": diagnostics, "results": results}
        prepared = prepare(root, now, images=images, stage=stage, **given)
        if stage:
            stage("site pages")
        return prepared

    return build(root, out, now, prepare=made, project=project, strict=strict)


def serve(root: Path, *, host: str, port: int, now: datetime | None, open_browser: bool) -> None:
    """The site on a live-reload server, prepared afresh on every change."""
    from smmplan.render.site.serve import serve as run_server

    run_server(root, prepare, host=host, port=port, now=now, open_browser=open_browser)


@cache
def _calendar_plugin() -> type:
    from smmplan.render.site.plugin import SmmplanPlugin

    class CalendarPlugin(SmmplanPlugin):
        """``plugins: [smmplan]`` under a plain ``mkdocs build``: the site plugin, asking
        this pipeline for what it shows when no smmplan command has prepared it."""

        def default_prepare(self, root: Path, now: datetime, images: bool) -> Prepared:
            return prepare(root, now, images=images)

    CalendarPlugin.__module__ = __name__
    return CalendarPlugin


def __getattr__(name: str) -> Any:
    # MkDocs' entry point (smmplan.pipeline:CalendarPlugin) is made on first use, so that
    # commands that build no site never import MkDocs.
    if name == "CalendarPlugin":
        return _calendar_plugin()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
