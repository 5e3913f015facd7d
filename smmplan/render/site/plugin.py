"""The smmplan MkDocs plugin: ``plugins: [smmplan]`` turns a content repository into the
calendar site. Thin on purpose: it receives what the pipeline prepared (the checked
project, its rendered pictures and scheduler exports) in ``on_config``, adds the generated
pages, feeds, exports and assets as in-memory files (``on_files``) and links the images
(``on_post_build``); what each page says lives in ``data`` and ``views``. Under a plain
``mkdocs build`` the entry point is ``smmplan.pipeline:CalendarPlugin``, which asks the
pipeline itself.
"""

from __future__ import annotations

import functools
import logging
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from smmplan.load.values import now_moment
from smmplan.model import Diagnostic, Severity
from smmplan.render.site import data, frame, icons, ics, media, safety, urls
from smmplan.render.site.i18n import Lang, material_language

log = logging.getLogger("mkdocs.plugins.smmplan")

NAV_ORDER = ("home", "board", "campaigns", "brands", "problems")
CALENDAR_PAGES = ("home", "week", "month", "board")
UNINDEXED = (*CALENDAR_PAGES, "problems", "campaigns", "brands")
ASSET_FILES = ("smmplan.css", "filters.js")
EXPORTS = "exports"


class SmmplanPluginConfig(Config):
    root = c.Optional(c.Type(str))
    """The content repository, relative to mkdocs.yml (default: found from there upwards)."""
    now = c.Optional(c.Type(str))
    """The time the build treats as now (default: SMMPLAN_NOW, else the clock)."""
    language = c.Optional(c.Type(str))
    """The site's language (default: smmplan.yml's locale)."""
    images = c.Type(bool, default=True)
    """Render post images (needs smmplan's images renderer)."""


Prepare = Callable[..., Any]
"""``(root, now, *, images) -> smmplan.pipeline.Prepared``: what the site shows."""


@dataclass
class Invocation:
    """What the smmplan command line already knows: no need to find or load it again."""

    root: Path
    now: datetime | None = None
    prepare: Prepare | None = None


def parse_now(value: str | None) -> datetime:
    try:
        return now_moment(value)
    except ValueError as error:
        raise PluginError(f"smmplan: now: {error}") from None


PACK_FROM_PAGES = 10_000
"""From this many generated pages on, each page's HTML waits compressed between being
rendered and being written. MkDocs renders the content of every page before it writes the
first, and at 50,000 posts that text alone held about 2 GB."""


class GeneratedPage(Page):
    """A page made from the plan: no Markdown source, its HTML comes from ``views``."""

    def __init__(
        self, file: File, config, definition: data.PageDef, plugin: SmmplanPlugin, pack=False
    ) -> None:
        self._packed = pack
        super().__init__(None, file, config)
        self.definition = definition
        self.plugin = plugin
        self.search_html: str | None = None
        self.full_content: str | None = None

    @property
    def content(self) -> str | None:
        held = self._held
        if held is None or isinstance(held, str):
            return held
        return zlib.decompress(held).decode("utf-8", "surrogatepass")

    @content.setter
    def content(self, value: str | None) -> None:
        if value is not None and self._packed:
            self._held: str | bytes | None = zlib.compress(
                value.encode("utf-8", "surrogatepass"), 1
            )
        else:
            self._held = value

    def _set_canonical_url(self, base: str | None) -> None:
        """MkDocs' ``urljoin`` of the site's address and the page's, without parsing both
        for each of thousands of pages: a generated page's address is a plain relative
        path, so joining is appending."""
        if not base:
            super()._set_canonical_url(base)
            return
        base = base if base.endswith("/") else base + "/"
        self.canonical_url, self.abs_url = urls.joined(base, self.url)

    def read_source(self, config) -> None:
        kind = self.definition.kind
        self.markdown = ""
        self.meta = {"title": escape(self.definition.title)}
        # With the site's navigation in tabs (and the drawer on phones), the pages made from
        # the plan use the sidebar's width for the calendar, the previews, the timeline.
        hide = ["navigation"] if "navigation.tabs" in (config.theme.get("features") or ()) else []
        self.meta["hide"] = [*hide, "toc"] if kind in CALENDAR_PAGES else hide
        if kind in UNINDEXED:
            self.meta["search"] = {"exclude": True}
        if frame.ENABLED:  # Material's main.html, rendered once per kind of page
            self.meta["template"] = frame.TEMPLATE

    def render(self, config, files) -> None:
        from smmplan.render.site.views import render

        rendered = render(self.plugin.site, self.definition, self.url)
        self.content = rendered.html
        self.search_html = rendered.search
        self.full_content = None
        self.toc = get_toc(rendered.toc)
        self.present_anchor_ids = set(anchors(rendered.toc))
        self.links_to_anchors = {}


def anchors(tokens: list[dict]) -> list[str]:
    """Every heading id of a table of contents (MkDocs checks links to them)."""
    return [i for t in tokens for i in (t["id"], *anchors(t["children"]))]


class SmmplanPlugin(BasePlugin[SmmplanPluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.invocation: Invocation | None = None
        self.site: data.Site | None = None
        self.media = media.SiteImages()
        self.prepared: Any = None
        self.root: Path | None = None
        self.pinned_date = False
        self.packed = False  # whether pages wait compressed (PACK_FROM_PAGES)

    # -- configuration ------------------------------------------------------------------------

    def _root(self, config) -> Path:
        if self.invocation is not None:
            return self.invocation.root
        base = Path(config.config_file_path or ".").resolve().parent
        if self.config.root:
            return (base / self.config.root).resolve()
        from smmplan.load import RootNotFound, find_root

        try:
            return find_root(base)
        except RootNotFound as error:
            raise PluginError(f"smmplan: {error}") from None

    def _now(self) -> datetime:
        if self.invocation is not None and self.invocation.now is not None:
            return self.invocation.now
        return parse_now(self.config.now or os.environ.get("SMMPLAN_NOW"))

    def default_prepare(self, root: Path, now: datetime, images: bool) -> Any:
        raise PluginError(
            "smmplan: this plugin is driven by the smmplan command line; under a plain"
            " 'mkdocs build' use the installed 'smmplan' plugin entry point"
        )

    @event_priority(100)  # before the search plugin reads theme.language
    def on_config(self, config):
        self.root = root = self._root(config)
        now = self._now()
        invocation = self.invocation
        prepare = invocation.prepare if invocation and invocation.prepare else None
        prepared = (prepare or self.default_prepare)(root, now, images=self.config.images)
        self.prepared = prepared
        project = prepared.project
        self.media = media.collect(project, prepared.images, prepared.cache)
        locale = self.config.language or project.config.locale
        config.theme["language"] = material_language(locale)
        translate_toggles(config.theme.get("palette"), Lang(locale))
        if not config.site_url and project.config.site_url:
            config.site_url = project.config.site_url
        _make_safe(config, project)
        for name in (*ASSET_FILES, "networks.css"):
            path = f"{urls.ASSETS}/{name}"
            extra = config.extra_javascript if name.endswith(".js") else config.extra_css
            if path not in map(str, extra):
                extra.append(path)
        self.site = data.assemble(
            project,
            list(prepared.diagnostics),
            now,
            images=self.media.images,
            directory_urls=config.use_directory_urls,
            locale=locale,
            results=getattr(prepared, "results", None),
        )
        _report(prepared.diagnostics)
        self._pin_build_date(now)
        return config

    # -- files --------------------------------------------------------------------------------

    @event_priority(-50)  # after other plugins added theirs
    def on_files(self, files: Files, config) -> Files:
        site = self.site
        assert site is not None
        if self.root is not None and safety.inside(Path(config.docs_dir), self.root):
            files = read_safely(files, config, self.root)
        nav = {}
        definitions = list(site.pages())
        pack = self.packed = len(definitions) >= PACK_FROM_PAGES
        for definition in definitions:
            existing = files.get_file_from_path(definition.src_uri)
            if existing is not None:
                log.warning(
                    f"smmplan: '{definition.src_uri}' in docs_dir is replaced by the calendar's own page"
                )
                files.remove(existing)
            inclusion = InclusionLevel.INCLUDED if definition.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, definition.src_uri, content="", inclusion=inclusion)
            GeneratedPage(file, config, definition, self, pack)
            files.append(file)
            if definition.in_nav:
                nav[definition.kind] = definition
        self._add_static(files, config)
        if config.nav is None:
            ours = {d.src_uri for d in nav.values()}
            others = sorted(
                f.src_uri
                for f in files.documentation_pages()
                if f.src_uri not in ours and f.inclusion.is_in_nav()
            )
            config.nav = [{nav[k].title: nav[k].src_uri} for k in NAV_ORDER if k in nav] + others
        return files

    def _add_static(self, files: Files, config) -> None:
        site = self.site
        assert site is not None
        from importlib import resources

        assets = resources.files(__package__).joinpath("assets")
        for name in ASSET_FILES:
            content = assets.joinpath(name).read_text("utf-8")
            files.append(File.generated(config, f"{urls.ASSETS}/{name}", content=content))
        files.append(
            File.generated(config, f"{urls.ASSETS}/networks.css", content=icons.networks_css())
        )
        for feed in ics.feed_files(site, config):
            files.append(feed)
        exported, outputs = [], self.prepared.exports
        for name in sorted(outputs):  # some are made when written (export.Outputs)
            make = functools.partial(outputs.__getitem__, name)
            files.append(ics.LazyFile.made_by(config, f"{EXPORTS}/{name}", make))
            exported.append(f"{EXPORTS}/{name}")
        site.exports = {"": exported} if exported else {}

    # -- search -------------------------------------------------------------------------------
    # The search plugin indexes ``page.content`` in its ``on_page_context``. A post page shows
    # its text once per network; the index gets a short version (title, text, facts) instead,
    # which keeps it small and the build fast. The full page is put back before rendering.

    @event_priority(100)
    def _search_swap(self, context, page, config, nav):
        if isinstance(page, GeneratedPage) and page.search_html is not None:
            page.full_content, page.content = page.content, page.search_html
        return context

    @event_priority(-100)
    def _search_restore(self, context, page, config, nav):
        if isinstance(page, GeneratedPage) and page.full_content is not None:
            page.content, page.full_content = page.full_content, None
        return context

    on_page_context = CombinedEvent(_search_swap, _search_restore)

    # -- serving and writing ------------------------------------------------------------------

    def on_serve(self, server, config, builder):
        root = self.root
        if root is not None:
            for name in ("content", "brands", "smmplan.yml", "smmplan.yaml"):
                if (root / name).exists():
                    server.watch(str(root / name))
        return server

    def on_env(self, env, config, files):
        self.frames = frame.PageFrames(env, config.theme.name)  # as long as the environment
        return env

    def on_post_build(self, config) -> None:
        media.link_into(self.media.files, Path(config.site_dir))
        self._unpin_build_date()

    def on_build_error(self, error) -> None:
        self._unpin_build_date()

    def _pin_build_date(self, now: datetime) -> None:
        """MkDocs dates the sitemap (and the gzip header of ``sitemap.xml.gz``) by
        ``SOURCE_DATE_EPOCH``, else by the clock: under a plain ``mkdocs build`` it is
        pinned to the calendar's own "now" so the same plan and "now" give the same bytes.
        An existing value wins (the smmplan command line sets it itself)."""
        if "SOURCE_DATE_EPOCH" not in os.environ:
            os.environ["SOURCE_DATE_EPOCH"] = str(int(now.timestamp()))
            self.pinned_date = True

    def _unpin_build_date(self) -> None:
        if self.pinned_date:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self.pinned_date = False


def _make_safe(config, project) -> None:
    """Escape the settings Material prints as they are; refuse a ``site_url`` that is not
    a plain http(s) address (it lands unescaped in every page's canonical link)."""
    safety.escape_settings(config)
    if config.site_url:
        try:
            safety.check_site_url(config.site_url)
        except safety.UnsafeSite as error:
            where = "site/mkdocs.yml" if config.site_url != project.config.site_url else None
            if where is None:
                line = project.config.lines.get("site_url", 1)
                where = f"{project.config.path or 'smmplan.yml'}:{line}"
            raise PluginError(f"{where}: {error}") from None


def read_safely(files: Files, config, root: Path) -> Files:
    """The site folder's own pages, files and theme overrides, each checked by the safe
    reader and handed to MkDocs as content (pages) or by real path (other files), so that
    MkDocs never follows a link out of the repository; a refused file is left out with a
    warning."""
    folders = [Path(f).absolute() for f in (config.docs_dir, config.theme.custom_dir) if f]
    for file in list(files):
        if file.generated_by or not file.abs_src_path:
            continue
        if not any(Path(file.abs_src_path).absolute().is_relative_to(f) for f in folders):
            continue  # the theme's own files, from the installed package
        files.remove(file)
        try:
            files.append(_safe_copy(file, config, root))
        except safety.UnsafeSite as error:
            log.warning(f"smmplan: {error}")
    return files


def _safe_copy(file: File, config, root: Path) -> File:
    """``file`` as MkDocs gets it: a page's text read safely, another file's real path."""
    path, inclusion = Path(file.abs_src_path or ""), file.inclusion
    if file.is_documentation_page():
        content = safety.read_site_page(root, path)
        return File.generated(config, file.src_uri, content=content, inclusion=inclusion)
    real = str(safety.site_file(root, path))
    return File.generated(config, file.src_uri, abs_src_path=real, inclusion=inclusion)


def translate_toggles(palette, lang: Lang) -> None:
    """The colour scheme switch's tooltip, in the site's language, where mkdocs.yml has
    smmplan's default English one."""
    schemes = (
        palette if isinstance(palette, list) else [palette] if isinstance(palette, dict) else []
    )
    for scheme in schemes:
        toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
        if isinstance(toggle, dict) and toggle.get("name") == "Light / dark":
            toggle["name"] = lang.t("palette.toggle")


def _report(diagnostics: list[Diagnostic]) -> None:
    errors = sum(1 for d in diagnostics if d.severity == Severity.ERROR)
    warnings = sum(1 for d in diagnostics if d.severity == Severity.WARNING)
    if errors or warnings:
        log.warning(
            f"smmplan: the plan has {errors} error(s) and {warnings} warning(s); "
            "they are shown on the site (Problems page)"
        )
