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

import dataclasses
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smmplan.check import Checker, Context, finish, stamp
from smmplan.check import run as run_checks
from smmplan.check.cached import Gathered, from_rows, gather, selects, split_rules
from smmplan.check.cached import across as cached_across
from smmplan.check.select import CheckScope
from smmplan.load import load_project, load_settings, post_file_names
from smmplan.load.cache import paused_gc
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
    notes: tuple[str, ...] = ()  # about the check cache, for -v


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
    root: Path,
    now: datetime,
    selection: CheckScope | None = None,
    jobs: int | None = None,
    *,
    cache: bool = True,
) -> Checked:
    """Load and check a repository, each share of the posts that changed since the last
    run in its own process when they are many; the rules that use now and those that
    compare posts run here, on what the check cache keeps of every post. ``cache``
    False (or ``SMMPLAN_NO_CACHE=1``) reads and checks every post afresh."""
    selection = selection or CheckScope()
    settings = load_settings(root)
    paths = post_file_names(settings.root)
    if (settings.root / settings.config.metrics_folder).is_dir():
        loaded = load_checked(settings.root, now, cache=cache, jobs=jobs, selection=selection)
        project, exports = loaded.project, loaded.exports - {settings.config.path}
        files = settings.files + len(paths) + len(exports)
        chosen = [p for p in project.posts if selection.selects(p, settings)]
        return Checked(loaded.diagnostics, files, len(chosen), settings.config.path, loaded.notes)
    run = gather(settings, paths, now, cache, jobs)
    with paused_gc():  # tens of thousands of rows become objects: see paused_gc
        diagnostics, chosen = _gathered_diagnostics(run, selection)
    run.store.save(run.rels)
    files = settings.files + len(paths)
    notes = tuple(run.store.notes)
    return Checked(diagnostics, files, len(chosen), settings.config.path, notes)


def _gathered_diagnostics(run: Gathered, selection: CheckScope) -> tuple[list[Diagnostic], set]:
    """Every diagnostic of the posts ``selection`` chooses (and those chosen), from what
    the cache kept of them and the rules that run on every check."""
    settings, now = run.settings, run.now
    limited = selection.limits(settings)
    chosen = set(run.rels)
    if limited:
        chosen = {rel for rel in run.rels if selects(selection, rel, run.entries[rel], settings)}
    diagnostics = Checker.for_project(settings).settings(settings)
    for rel in run.rels:
        if rel in chosen or not limited:
            diagnostics += from_rows(run.entries[rel].diagnostics)
    diagnostics += run.now_diagnostics(chosen if limited else None)
    ctx = Context(settings, now, tuple(run.schedule(ordered=True)))
    diagnostics += cached_across(run.checker, ctx, chosen if limited else None, run.project)
    return finish(diagnostics), chosen


@dataclass(frozen=True)
class Loaded:
    """A loaded and checked repository (``load_checked``): the project with every post,
    every diagnostic (``check_project``'s), what the analytics exports say."""

    project: Project
    diagnostics: list[Diagnostic]
    results: Results | None
    notes: tuple[str, ...] = ()  # about the check cache, for -v
    exports: frozenset[str] = frozenset()  # the analytics export files read


def load_checked(
    root: Path,
    now: datetime,
    *,
    cache: bool = True,
    jobs: int | None = None,
    selection: CheckScope | None = None,
) -> Loaded:
    """``load_project``, ``measure`` and ``check_project`` in one, through the check
    cache: the models and per-post diagnostics of unchanged posts come from it, the
    rules that use now and those across posts run afresh. ``build``, ``serve`` and the
    site plugin get their project and diagnostics here (``prepare``)."""
    from smmplan.results import collect

    settings = load_settings(root)
    run = gather(settings, post_file_names(settings.root), now, cache, jobs)
    project = run.project()
    data = read_exports(project, now)
    results = collect(project, data, now) if data and (data.snapshots or data.findings) else None
    limited = selection is not None and selection.limits(settings)
    chosen = {p.path for p in project.posts if selection is None or selection.selects(p, settings)}
    only = chosen if limited else None
    went_out = results.went_out if results else frozenset()
    progress = results.progress if results else ()
    checker, (_, now_rules) = run.checker, split_rules(run.checker)
    diagnostics = checker.settings(settings)
    diagnostics += [
        d
        for rel in run.rels
        if only is None or rel in only
        for d in from_rows(run.entries[rel].diagnostics)
    ]
    ctx = Context(project, now, went_out=went_out, progress=progress)
    diagnostics += now_rules.posts(ctx, only)
    schedule = tuple(run.schedule())
    diagnostics += checker.across(dataclasses.replace(ctx, schedule=schedule), only)
    if results is not None:
        diagnostics += stamp(project, results.findings)
    run.store.save(run.rels)
    exports = {s.path for s in data.snapshots} | {f.path for f in data.findings} if data else set()
    return Loaded(project, finish(diagnostics), results, tuple(run.store.notes), frozenset(exports))


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
    lengths = exports.kept_lengths(project.root)
    outputs = exports.build_all(project, now, dict(urls or {}), diagnostics, lengths)
    lengths.save()
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
    cache: bool = True,
) -> Prepared:
    """Load, measure, check and render what the site needs; what is given (the project,
    its diagnostics, its results) is not done again; what is not comes through the check
    cache (``load_checked``) unless ``cache`` is False. ``stage`` hears each step begin
    (``"images"``, ``"exports"``); the images then show their own progress bar."""
    from smmplan.render import export as exports

    if project is None and diagnostics is None:
        loaded = load_checked(root, now, cache=cache)
        project, diagnostics = loaded.project, loaded.diagnostics
        results = loaded.results if results is UNMEASURED else results
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
    lengths = exports.kept_lengths(project.root) if cache else None
    outputs = exports.build_all(project, now, urls, found, lengths)
    if lengths is not None:
        lengths.save()
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
    clean: bool = False,
    read_from: int | None = None,
):
    """The calendar site into ``out`` (``smmplan.render.site.build.Built``); ``stage``
    hears each step begin: ``"images"``, ``"exports"``, then ``"site pages"``. Only the
    pages whose inputs changed since the last build into ``out`` are rendered, unless
    ``clean``; ``read_from``: when (``time.time_ns()``) the given project began to be read."""
    from smmplan.render.site.build import build_site as build

    def made(root: Path, now: datetime, images: bool) -> Prepared:
        given = {"project": project, "diagnostics": diagnostics, "results": results}
        prepared = prepare(root, now, images=images, stage=stage, **given)
        if stage:
            stage("site pages")
        return prepared

    options = {"project": project, "strict": strict, "clean": clean, "read_from": read_from}
    return build(root, out, now, prepare=made, **options)


def serve(root: Path, *, host: str, port: int, now: datetime | None, open_browser: bool) -> None:
    """The site on a live-reload server, updated from the files each change touched."""
    from smmplan.render.site.serve import serve as run_server

    stages = live_stages(root)
    run_server(root, stages, host=host, port=port, now=now, open_browser=open_browser)


def live_stages(root: Path):
    """The stages ``serve`` runs on the posts an edit changed (``live_plan.Stages``):
    what ``prepare`` does, a part at a time."""
    from smmplan.render import export as exports
    from smmplan.render.site.live_plan import Stages

    def pictures(project: Project) -> Pictures:
        return render_images(project, project.root / CACHE, thumbnails=True)

    def scheduler_files(project: Project, now: datetime, images: tuple, found: list):
        site_url = project.config.site_url
        urls = exports.urls_from(images, site_url, project) if site_url and images else None
        return exports.build_all(project, now, urls, found)

    return Stages(pictures, scheduler_files, measure, Prepared, root.resolve() / CACHE)


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
