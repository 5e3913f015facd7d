"""The MkDocs side of an incremental build (see ``incremental``): a plugin that marks the
unchanged generated pages as not modified for MkDocs' ``dirty`` mode, links them in from
the previous site, and writes the search index from fresh and stored entries.

It also gives the theme's and smmplan's template environments a bytecode cache next to
the manifests (``.smmplan-cache/site/templates/``): compiling Material's and smmplan's
templates is a fixed cost of every build that renders a page, larger than rendering the
few pages one edit changes. An entry is used only for the same template source (by
checksum), the same environment settings and the same Jinja and Python versions.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import pickle
from pathlib import Path

from jinja2.bccache import Bucket, FileSystemBytecodeCache
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import InclusionLevel

from smmplan.render.site import link_pages, second_core
from smmplan.render.site.card_store import CardStore, Kept
from smmplan.render.site.configure import search_plugin
from smmplan.render.site.ics import LazyFile
from smmplan.render.site.incremental import Manifest

log = logging.getLogger("mkdocs.plugins.smmplan")

KNOWN_PLUGINS = ("search", "material/search", "smmplan", "incremental")
"""Plugins whose work on a page is redone when the page is rendered; any other plugin
(a tags index, a blog) may gather from every page, so a site using one is built in full."""


class DirtyNotice(logging.Filter):
    """MkDocs warns on every ``dirty`` build that links may go stale; ours are checked."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


class IncrementalPlugin(BasePlugin):
    """Marks unchanged generated pages as not modified, links them in from the previous
    site, and keeps the search index whole. ``previous`` None: every page is rendered
    (a full build that still records what the next one needs)."""

    def __init__(
        self,
        previous: Manifest | None,
        seed_from: Path | None,
        shell: str,
        files: dict[str, list],
        serving: bool = False,
        templates: Path | None = None,
        earlier_cards: Kept | None = None,
    ) -> None:
        self.previous = previous
        self.templates = TemplateCache(templates) if templates is not None else None
        self.files = files
        self.serving = serving
        self.pages_in_order: list = []
        self.seed_from = seed_from
        self.shell = shell
        self.keys: dict[str, str] = {}
        self.page_keys = None  # keys.PageKeys of this build
        self.earlier_keys = None  # those of the session before an edit (serve)
        self.kept: set[str] = set()
        self.entries: dict[str, list] = {}
        self.search: dict[str, list] = {}
        self.rendered = 0  # pages MkDocs rendered in this build
        self._start = 0
        self.share = None  # second_core.Share: the pages a forked process renders
        self._made_with: tuple = ()  # (files, nav) of this build, should the share fail
        self._env = None  # and its template environment
        self.seeding = None  # the program linking the kept pages (link_pages.start)
        self.earlier_cards = earlier_cards  # card_store: None, no cards are kept
        self.cards: CardStore | None = None

    @event_priority(-100)  # after the smmplan plugin made its pages and the navigation
    def on_files(self, files, config):
        from smmplan.render.site.keys import PageKeys, digest
        from smmplan.render.site.plugin import GeneratedPage

        smmplan = config.plugins["smmplan"]
        site_files = [(name, found[2]) for name, found in self.files.items() if name[:5] == "site/"]
        shell = digest(self.shell, site_files, _site_shell(config, smmplan))
        keys = PageKeys(smmplan.site, shell, self.files, self.earlier_keys, self.serving)
        previous = self.previous.pages if self.previous is not None else {}
        for file in files.documentation_pages():
            page = file.page
            if not isinstance(page, GeneratedPage) or page.definition.in_nav:
                continue
            key = self.keys[file.dest_uri] = keys.key(page.definition)
            if previous.get(file.dest_uri) == key and file.dest_uri in self.previous.search:
                self.kept.add(file.dest_uri)
                file.is_modified = _unmodified
        for file in files:
            if file.dest_uri not in self.kept:
                file.is_modified = _modified
        keys.earlier = None  # what the next session reuses is complete; no chain of sites
        self.page_keys, self.earlier_keys = keys, None
        if self.earlier_cards is not None and not smmplan.packed:  # memory comes first there
            salt = digest(shell, keys.structure)
            kept = self.earlier_cards.under(salt)
            store = CardStore(kept.cards, keys.post_print, keys.brands, salt, kept.added)
            smmplan.site.cards = store
            self.cards = smmplan.site.cards
        if self.seed_from is not None:
            self._seed(Path(config.site_dir))
        return files

    def _seed(self, staging: Path) -> None:
        """Link the kept pages into the staging folder, by another program where one starts
        (``link_pages``); ``on_post_build`` waits for it."""
        assert self.seed_from is not None
        kept = sorted(self.kept)
        self.seeding = link_pages.start(self.seed_from, staging, kept)
        if self.seeding is None:
            link_pages.link(os.fspath(self.seed_from), os.fspath(staging), kept)

    def _seeded(self, config) -> None:
        """Wait for the linking program; where it failed, link what it did not here."""
        job, self.seeding = self.seeding, None
        if not link_pages.done(job):
            assert self.seed_from is not None
            link_pages.link(os.fspath(self.seed_from), config.site_dir, sorted(self.kept))

    @event_priority(90)  # after the smmplan plugin swapped in the page's search text
    def _entries_before(self, context, page, config, nav):
        self.rendered += 1
        index = _search_index(config)
        self._start = len(index.entries) if index is not None else 0
        return context

    @event_priority(-90)  # after the search plugin indexed the page
    def _entries_after(self, context, page, config, nav):
        index = _search_index(config)
        if index is not None:
            self.entries[page.file.dest_uri] = index.entries[self._start :]
        return context

    on_page_context = CombinedEvent(_entries_before, _entries_after)

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, config) -> None:
        if self.share is not None:
            self._gather_share(config)
        if self.seeding is not None:
            self._seeded(config)
        index = _search_index(config)
        stored = self.previous.search if self.previous is not None else {}
        merged: list = []
        for file in self.pages_in_order:
            uri = file.dest_uri
            entries = self.entries.get(uri)
            if entries is None:
                entries = stored.get(uri, []) if uri in self.kept else []
            self.search[uri] = entries
            merged += entries
        if index is not None:
            index.entries = merged
        if self.templates is not None:
            self.templates.prune()

    def on_pre_build(self, config) -> None:
        # smmplan's pages are rendered when MkDocs populates them, before ``on_env``.
        if self.templates is not None:
            from smmplan.render.site.views import environment

            environment().bytecode_cache = self.templates

    @event_priority(100)  # before the smmplan plugin makes its frame environment from it
    def on_env(self, env, config, files):
        if self.templates is not None:
            env.bytecode_cache = self.templates
        if self.share is not None:
            self._env = env
            if self.share.forked:
                second_core.hide_unshared(files, self.share, _unmodified)
        return env

    @event_priority(-100)  # the last: the navigation is complete when the work is shared
    def on_nav(self, nav, config, files):
        inclusion = InclusionLevel.is_in_serve if self.serving else InclusionLevel.is_included
        self.pages_in_order = files.documentation_pages(inclusion=inclusion)
        if second_core.possible(self.serving) and not unknown_plugins(config):
            lazy = [file for file in files if isinstance(file, LazyFile)]
            share = second_core.choose(self.pages_in_order, config.plugins["smmplan"].site, lazy)
            if share:
                from smmplan.render.site.views import makers

                makers()  # imported once, for both processes
                self.share = second_core.fork(files, config, share, _unmodified)
                self._made_with = (files, nav)
        return nav

    def on_build_error(self, error) -> None:
        if self.share is not None:
            if self.share.forked:
                os._exit(1)
            second_core.stop(self.share)
        if self.seeding is not None:
            link_pages.done(self.seeding, cancel=True)
            self.seeding = None

    def _gather_share(self, config) -> None:
        """The forked process's pages' search entries (in it: send them and end); its
        pages made here if it failed."""
        share = self.share
        if share.forked:
            mine = [file.dest_uri for file in share.pages]
            entries = {uri: self.entries[uri] for uri in mine if uri in self.entries}
            printed = self.cards.printed if self.cards is not None else {}
            second_core.send_and_exit(share, (entries, self.rendered, printed))
        gathered = second_core.gather(share)
        if gathered is not None:
            entries, rendered, printed = gathered
            self.entries.update(entries)
            self.rendered += rendered
            if self.cards is not None:
                self.cards.keep(printed)
            return
        from mkdocs.commands.build import _build_page, _populate_page

        files, nav = self._made_with
        pages = [file for file in share.pages if file.page is not None]
        for file in share.pages:  # MkDocs' own steps, as its build loop takes them
            file.is_modified = _modified
            if file.page is None:
                file.copy_file()
        for file in pages:
            _populate_page(file.page, config, files)
        for file in pages:
            _build_page(file.page, config, self.pages_in_order, nav, self._env)


class TemplateCache(FileSystemBytecodeCache):
    """Compiled templates by name, file, environment settings and versions (Jinja keys
    them by name and file alone, and two environments may differ in what they compile
    from the same file). An entry is code that runs, and Jinja reads it with ``pickle``
    and ``marshal``; the folder sits in a repository that someone else (a pull request,
    a restored CI cache) may have written. So each entry is signed with the check cache's
    per-user secret (``load.cache.write_signed``) and one that does not verify is never
    read: without the secret nothing is kept. Entries are written atomically; one that
    cannot be read or written only costs a compilation."""

    KEPT = 2000
    ROLE = b"site-template"

    def __init__(self, folder: Path) -> None:
        from smmplan.load.cache import load_secret

        self.folder = folder
        self.secret = load_secret()
        if self.secret is not None:
            with contextlib.suppress(OSError):  # then every entry is compiled, none kept
                folder.mkdir(parents=True, exist_ok=True)
        super().__init__(str(folder), "%s.jinja")

    def get_bucket(self, environment, name, filename, source):
        key = self.get_cache_key(f"{_settings(environment)}|{name}", filename)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        try:
            self.load_bytecode(bucket)
        except (OSError, ValueError, EOFError, TypeError, pickle.UnpicklingError):
            bucket.reset()
        return bucket

    def load_bytecode(self, bucket) -> None:
        from smmplan.load.cache import read_signed

        if self.secret is None:
            return
        payload = read_signed(Path(self._get_cache_filename(bucket)), self.secret, self.ROLE)
        if payload is not None:
            bucket.bytecode_from_string(payload)

    def dump_bytecode(self, bucket) -> None:
        from smmplan.load.cache import write_signed

        if self.secret is None:
            return
        path = Path(self._get_cache_filename(bucket))
        try:
            write_signed(path, self.secret, self.ROLE, bucket.bytecode_to_string())
        except OSError as error:
            log.debug(f"smmplan: a compiled template was not kept ({error})")

    def prune(self) -> None:
        """Keep the cache bounded: the most recently written entries."""
        try:
            entries = list(os.scandir(self.folder))
            if len(entries) <= self.KEPT:
                return
            entries.sort(key=lambda e: e.stat().st_mtime_ns, reverse=True)
            for stale in entries[self.KEPT :]:
                os.unlink(stale.path)
        except OSError:
            return


@functools.cache
def _jinja_version() -> str:
    from importlib.metadata import version

    return version("jinja2")


def _settings(environment) -> str:
    """What, besides the source, decides the code Jinja compiles a template to."""
    autoescape = environment.autoescape
    found = [
        _jinja_version(),
        getattr(autoescape, "__qualname__", repr(autoescape)),
        *(
            repr(getattr(environment, name))
            for name in (
                "block_start_string",
                "block_end_string",
                "variable_start_string",
                "variable_end_string",
                "comment_start_string",
                "comment_end_string",
                "line_statement_prefix",
                "line_comment_prefix",
                "trim_blocks",
                "lstrip_blocks",
                "newline_sequence",
                "keep_trailing_newline",
                "optimized",
                "is_async",
            )
        ),
        *sorted(environment.extensions),
    ]
    return hashlib.blake2b("\x1f".join(found).encode(), digest_size=12).hexdigest()


def _modified() -> bool:
    return True


def _unmodified() -> bool:
    return False


def _search_index(config):
    return getattr(search_plugin(config), "search_index", None)


def _site_shell(config, smmplan) -> list:
    """What every generated page shows besides its own content: the theme and its settings,
    the navigation, the site's address, the settings and the network data."""
    project = smmplan.site.project
    theme = sorted((k, repr(v)) for k, v in config.theme.items())
    return [
        theme,
        repr(config.nav),
        config.site_url,
        config.site_name,
        config.use_directory_urls,
        list(config.extra_css),
        [str(s) for s in config.extra_javascript],
        repr(dict(config.extra)),
        [repr(config.get(k)) for k in ("copyright", "repo_url", "repo_name", "edit_uri")],
        [repr(config.get(k)) for k in ("site_description", "site_author", "markdown_extensions")],
        project.config,
        project.networks,
        smmplan.site.lang.code,
        str(smmplan.site.lang.locale),
    ]


def unknown_plugins(config) -> list[str]:
    return [name for name in config.plugins if name not in KNOWN_PLUGINS]
