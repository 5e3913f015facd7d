"""The served site between edits: one MkDocs run kept open, its pages rendered one by one
straight into the served folder.

A ``Session`` does what ``mkdocs build`` does before it writes pages (the plugins'
configuration, the files, the navigation, the template environment) for one
``Prepared``, then renders a page only when asked: ``stale`` holds the pages whose key
(``keys.PageKeys``, as a build computes it) differs from the page in the folder, the
pages in the navigation and the site's own Markdown pages (a build renders those every
time). Each page is written to a temporary file and renamed over the old one, so a
browser never reads half a page. ``finish`` writes what spans the whole site after the
pages: the files the plugins generate (feeds, exports, assets), the pictures' links,
the search index (fresh entries for the rendered pages, stored ones for the others),
the sitemap and the 404 page.

Rendering goes through MkDocs' own steps (``_populate_page``, ``get_context``, the
plugins' page events, the theme's template), so a page comes out byte-identical to the
same page of a clean build (``tests/test_serve.py``).
"""

from __future__ import annotations

import gzip
import logging
import os
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.commands.serve")
SEARCH_INDEX = "search/search_index.json"


def write_atomically(path: Path, content: bytes) -> bool:
    """Write ``content`` to ``path`` by renaming a temporary file over it; False (nothing
    written) when the file already holds exactly these bytes."""
    try:
        if path.stat().st_size == len(content) and path.read_bytes() == content:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    temporary.write_bytes(content)
    os.replace(temporary, path)
    return True


class Session:
    """One MkDocs run over one ``Prepared``, its pages rendered on request."""

    def __init__(self, config, files, nav, env, reuse, inclusion) -> None:
        self.config, self.files, self.nav, self.env = config, files, nav, env
        self.reuse = reuse  # the IncrementalPlugin: the pages' keys, their search entries
        self.doc_files = files.documentation_pages(inclusion=inclusion)
        self.by_dest = {file.dest_uri: file for file in self.doc_files}
        self.site_dir = Path(config.site_dir)
        self.lock = threading.RLock()
        self.stale: set[str] = set()
        self.populated: set[str] = set()
        self.theme_files: list = []
        self.frames = None  # frame.PageFrames of the environment
        self.search_language: dict = {}  # the search plugin's options after its on_config
        self.rendered = 0  # pages rendered
        self.changed = 0  # of those, pages whose bytes in the folder changed

    @property
    def keys(self) -> dict[str, str]:
        return self.reuse.keys

    def page_of(self, rel_path: str, *, stale: bool = True) -> str | None:
        """The page a request path (relative to the site) asks for, if it is one of the
        session's (``stale``: if it is also still to be rendered)."""
        pages = self.stale if stale else self.by_dest
        for uri in (rel_path, f"{rel_path}/index.html".lstrip("/")):
            if uri in pages:
                return uri
        return None

    def lists_exports(self, uri: str) -> bool:
        """Whether the page links the export files (``Site.week_exports``): the home
        page, and a week page from the current week on."""
        from smmplan.plan import week_range
        from smmplan.render.site import configure

        definition = getattr(self.by_dest[uri].page, "definition", None)
        if definition is None or definition.kind not in ("home", "week"):
            return False
        site = self.config.plugins[configure.PLUGIN].site
        return definition.kind == "home" or week_range(definition.key)[1] >= site.today

    def render(self, uri: str) -> bool:
        """Render one stale page into the folder; False when it is not stale (any more)."""
        from smmplan.render.site.build import source_date_epoch

        with self.lock:
            if uri not in self.stale:
                return False
            file = self.by_dest[uri]
            with source_date_epoch(self.now):
                self._populate(file)
                output = self._html(file.page)
            if output.strip():
                content = output.encode("utf-8", errors="xmlcharrefreplace")
                self.changed += write_atomically(Path(file.abs_dest_path), content)
            self.stale.discard(uri)
            self.rendered += 1
            return True

    def _populate(self, file) -> None:
        from mkdocs.commands.build import _populate_page

        if file.dest_uri not in self.populated:
            _populate_page(file.page, self.config, self.files)
            self.populated.add(file.dest_uri)

    def _html(self, page) -> str:
        """``mkdocs.commands.build._build_page`` without its write (ours is atomic)."""
        from mkdocs.commands.build import get_context

        config = self.config
        config._current_page = page
        page.active = True
        try:
            context = get_context(self.nav, self.doc_files, config, page)
            template = self.env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(
                context, page=page, config=config, nav=self.nav
            )
            if page.file.inclusion.is_excluded():
                page.content = (
                    '<div class="mkdocs-draft-marker" title="This page will not be included'
                    ' into the built site.">DRAFT</div>' + (page.content or "")
                )
            output = template.render(context)
            return config.plugins.on_post_page(output, page=page, config=config)
        finally:
            page.active = False
            config._current_page = None

    now: Any = None  # the build's "now" (SOURCE_DATE_EPOCH while rendering)

    # -- the rest of the site, once the pages are written ---------------------------------

    def render_all(self, cancelled) -> bool:
        """Every stale page, in the build's order; False when ``cancelled()`` stopped it."""
        for file in self.doc_files:
            if cancelled():
                return False
            self.render(file.dest_uri)
        return True

    def finish(self, search: dict[str, list], media_files: dict[str, Path]) -> None:
        """The generated files, the pictures, the search index (``search``: every page's
        entries) and the theme's templates."""
        from smmplan.render.site import media
        from smmplan.render.site.build import source_date_epoch

        with self.lock, source_date_epoch(self.now):
            self._generated_files()
            media.link_into(media_files, self.site_dir)
            self._search_index(search)
            self._theme_templates()

    def _generated_files(self) -> None:
        for file in self.files:
            if file.is_documentation_page() or file.generated_by is None:
                continue
            write_atomically(Path(file.abs_dest_path), file.content_bytes)

    def _search_index(self, search: dict[str, list]) -> None:
        from smmplan.render.site.reuse import _search_index

        index = _search_index(self.config)
        if index is None:
            return
        index.entries = [e for file in self.doc_files for e in search.get(file.dest_uri, [])]
        try:
            data = index.generate_search_index(None)  # Material's (prev: a dirty reload's)
        except TypeError:
            data = index.generate_search_index()
        write_atomically(self.site_dir / SEARCH_INDEX, data.encode("utf-8"))

    def _theme_templates(self) -> None:
        from jinja2 import TemplateNotFound
        from mkdocs import utils
        from mkdocs.commands.build import _build_template

        for name in self.config.theme.static_templates:
            try:
                template = self.env.get_template(name)
            except TemplateNotFound:
                continue
            output = _build_template(name, template, self.files, self.config, self.nav)
            if not output.strip():
                continue
            path = self.site_dir / name
            write_atomically(path, output.encode("utf-8"))
            if name == "sitemap.xml":
                pages = [f.page for f in self.files.documentation_pages() if f.page is not None]
                stamp = utils.get_build_timestamp(pages=pages)
                write_atomically(path.with_name(f"{name}.gz"), _gzipped(path, output, stamp))


def _gzipped(path: Path, text: str, mtime: int) -> bytes:
    """The bytes MkDocs writes to ``sitemap.xml.gz`` (the file name is in the header)."""
    import io

    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, filename=f"{path}.gz", mode="wb", mtime=mtime) as gz:
        gz.write(text.encode("utf-8"))
    return buffer.getvalue()


def open_session(root: Path, site_dir: Path, prepared, *, files, shell, previous=None, **site):
    """A ``Session`` of ``prepared``, MkDocs configured as ``build.render`` does it
    (``site``: ``dev_addr`` and ``serve_url``); ``files`` the input files' fingerprints,
    ``shell`` smmplan's code fingerprint. With a ``previous`` session of the same site
    configuration, its template environment (the compiled templates) and its list of
    the theme's files are used again: only a whole build reads the theme afresh."""
    from mkdocs.commands.build import get_navigation
    from mkdocs.structure.files import InclusionLevel, set_exclusions
    from mkdocs.structure.pages import Page

    from smmplan.render.site import configure, reuse
    from smmplan.render.site.build import source_date_epoch

    now = prepared.now
    with source_date_epoch(now):
        config = configure.load(
            root,
            site_dir,
            now=now,
            prepare=lambda *_, **__: prepared,
            project=prepared.project,
            dev_addr=site["dev_addr"],
        )
        plugin = config.plugins["incremental"] = reuse.IncrementalPlugin(
            None, None, shell, files, True
        )
        if previous is not None:
            plugin.earlier_keys = previous.reuse.page_keys
        config.site_url = site["serve_url"]
        _search_language(config, previous)
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        found, env, theme_files = _files(config, previous)
        found = config.plugins.on_files(found, config=config)
        set_exclusions(found, config)
        nav = get_navigation(found, config)
        nav = config.plugins.on_nav(nav, config=config, files=found)
        for file in found.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            if file.page is None:
                Page(None, file, config)
        session = Session(config, found, nav, env, plugin, InclusionLevel.is_in_serve)
        session.now, session.theme_files = now, theme_files
        session.search_language = _search_options(config)
        _populate_nav_pages(session)
        _environment(session, previous)
    return session


SEARCH_OPTIONS = ("lang", "separator", "pipeline")


def _search_options(config) -> dict:
    from smmplan.render.site.configure import search_plugin

    search = search_plugin(config)
    return {} if search is None else {k: search.config.get(k) for k in SEARCH_OPTIONS}


def _search_language(config, previous: Session | None) -> None:
    """The search plugin's language, separator and pipeline, where the configuration
    leaves them unset, as the plugin found them in the theme for the previous session
    (of the same site configuration): it compiles the theme's language template to find
    them again."""
    from smmplan.render.site.configure import search_plugin

    search = search_plugin(config)
    if previous is None or search is None:
        return
    for option, value in previous.search_language.items():
        if search.config.get(option) is None and value is not None:
            search.config[option] = value


def _files(config, previous: Session | None):
    """The site folder's files and the theme's; (files, environment, the theme's files)."""
    from mkdocs.structure.files import get_files

    found = get_files(config)
    if previous is not None:
        for file in previous.theme_files:
            found.append(file)
        return found, previous.env, previous.theme_files
    env = config.theme.get_env()
    before = set(found.src_uris)
    found.add_files_from_theme(env, config)
    return found, env, [file for file in found if file.src_uri not in before]


def _environment(session: Session, previous: Session | None) -> None:
    """The plugins' ``on_env`` on a new environment; a previous one keeps its page frames,
    emptied (a frame's kind holds the identity of objects of the session that made it)."""
    from smmplan.render.site import configure

    config, plugin = session.config, session.config.plugins[configure.PLUGIN]
    if previous is None:
        session.env = config.plugins.on_env(session.env, config=config, files=session.files)
        session.frames = getattr(plugin, "frames", None)
        return
    session.frames = previous.frames
    if session.frames is not None:
        session.frames.frames.clear()
    plugin.frames = session.frames


def _populate_nav_pages(session: Session) -> None:
    """Read what a build has read of every page before it writes the first one, as far
    as another page shows it: the titles in the navigation. The site's Markdown pages
    are rendered for theirs (it may be their first heading); a generated page's title is
    in its metadata. The generated pages outside the navigation are read when rendered."""
    from smmplan.render.site.plugin import GeneratedPage

    keys = session.keys
    for file in session.doc_files:
        if file.dest_uri in keys:
            continue
        if isinstance(file.page, GeneratedPage):
            file.page.read_source(session.config)
        else:
            session._populate(file)
