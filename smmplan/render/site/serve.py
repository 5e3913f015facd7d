"""``smmplan serve``: MkDocs' live-reload server on the calendar site, an edit shown as soon
as the pages it changes can be rendered.

The server keeps what a build makes in memory between edits (``live_plan.LivePlan``: the
loaded and checked plan, its pictures; ``live_site.Session``: MkDocs' configuration,
files, navigation and templates for that plan, with every page's key). When a watched
file changes:

1. the input files are fingerprinted (size, modification time, content hash; only the
   files whose size or time moved are read) and compared with the last ones;
2. the plan reads, checks and pictures only the changed posts (a brand or campaign file:
   every post) and runs the rules across posts and those using the clock again;
3. a new session computes every page's key; the pages whose key changed, the new pages,
   the pages in the navigation and the site's own Markdown pages are marked stale, the
   pages of removed posts deleted. What comes from one unchanged post alone is reused
   (its slots, media files and schedule entries: ``smmplan.memo``; its print in the
   page keys: ``keys.PageKeys(earlier=...)``), the calendar feeds are made only when
   written (``ics.LazyFile``), and the cyclic garbage collector waits (``paused_gc``);
4. the browsers are told to reload. A stale page is rendered when a browser asks for it
   (the server's request handler renders it first), written atomically into the served
   folder; a background thread renders the other stale pages meanwhile, then writes the
   generated files, the pictures' links, the search index, the sitemap and the 404 page;
5. the scheduler exports (which read every post and take longest) are made last, once
   no edit came for ``QUIET`` seconds, or at once when a browser asks for a file under
   ``exports/`` or for a page listing them (the home page, a week from the current one
   on: an edit may add or remove an export file), which waits for them; if the pages
   that list them change, those are rendered again and the browsers reload once more.

Any other change (smmplan.yml, the site folder and its mkdocs.yml or theme, media
files, the analytics exports, smmplan's own code) rebuilds the whole site through
``build.rebuild`` (into a staging folder swapped in whole, the unchanged pages linked
in from the served folder), as the first build does.

"Now" without ``--now`` is the time the server started, moved on to the clock at a rebuild
when a minute has passed since it last moved or the day has changed (``ServeClock``):
a rebuild then does not render every page again because the clock moved.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

log = logging.getLogger("mkdocs.commands.serve")

REFRESH = timedelta(minutes=1)
QUIET = 10.0
"""Seconds without an edit before the exports are made again: making them reads every
post (half a minute on 5,000 posts), which would slow the next edit's update if it came
in the middle."""
GRACE = 1.0
"""Seconds the background work waits after a reload: the reloading browsers' requests
for the edited pages come first, rather than behind a long page (Problems, the board)."""
EXPORTS_WAIT = 600.0
"""How long a request for an export waits for the exports to be made."""


class ServeClock:
    """The "now" of each rebuild: ``fixed`` when given, else as the module docstring says."""

    def __init__(self, fixed: datetime | None, clock: Callable[[], datetime] | None = None) -> None:
        self.fixed = fixed
        self.clock = clock or (lambda: datetime.now(UTC).replace(microsecond=0))
        self.current = fixed if fixed is not None else self.clock()

    def now(self) -> datetime:
        if self.fixed is not None:
            return self.fixed
        moment = self.clock()
        if moment - self.current >= REFRESH or moment.date() != self.current.date():
            self.current = moment
        return self.current


def settling(files: dict[str, list], read_from: int) -> dict[str, list]:
    """``files`` with those written close to ``read_from`` given no modification time, so
    that the next change reads them again (a second write within the time's resolution
    keeps size and time); their hash stays, for comparing (``incremental.unsettled``
    replaces it, which would make them look changed)."""
    from smmplan.render.site.incremental import SETTLED_NS

    limit = read_from - SETTLED_NS
    return {
        name: [size, -1, digest] if mtime >= limit else [size, mtime, digest]
        for name, (size, mtime, digest) in files.items()
    }


def changed_files(before: dict[str, list], after: dict[str, list]) -> set[str]:
    """The files added, removed or whose content hash differs."""
    names = set(before) | set(after)
    return {n for n in names if (before.get(n) or [None] * 3)[2] != (after.get(n) or [None] * 3)[2]}


class Rebuilder:
    """The served folder and what it was made from; called by the server on every change."""

    def __init__(self, root: Path, site_dir: Path, stages, clock: ServeClock, address: str):
        self.root = root.resolve()
        self.site_dir = site_dir
        self.stages = stages
        self.clock = clock
        self.address = address
        self.serve_url: str | None = None
        self.server = None  # set by ``serve``: told to reload after background work
        self.lock = threading.RLock()  # the served folder and the session
        self.plan = None  # live_plan.LivePlan
        self.session = None  # live_site.Session of the plan
        self.files: dict[str, list] = {}  # input file -> [size, mtime_ns, hash]
        self.folder_keys: dict[str, str] = {}  # page in the folder -> the key it was made with
        self.search: dict[str, list] = {}  # page in the folder -> its search entries
        self.shell: str | None = None
        self.generation = 0  # bumped by every change: older background work stops
        self.builds = self.updates = 0  # whole builds, fast updates
        self.quiet = threading.Event()  # set to make the exports without waiting
        self.hurry = threading.Event()  # set to start the background work at once
        self.exports_ready = threading.Event()
        self.worker: threading.Thread | None = None

    def __call__(self) -> None:
        from smmplan.render.site import incremental

        now = self.clock.now()
        shell = incremental.code_fingerprint()
        read_from = time.time_ns()
        extra = self._extra_folders()
        files = incremental.input_files(self.root, self.files, extra)
        changed = changed_files(self.files, files)
        if self.plan is not None and shell == self.shell:
            if not changed and now == self.plan.now:
                log.info("Nothing changed")
                return
            if self._update(changed, settling(files, read_from), now):
                return
        self.full(now, shell, settling(files, read_from))

    def _extra_folders(self) -> list[str]:
        from smmplan.render.site.build import _extra_folders

        return _extra_folders(self.root, self.plan.project if self.plan else None)

    # -- a whole build ---------------------------------------------------------------------

    def full(self, now: datetime, shell: str, files: dict[str, list]) -> None:
        """Build the whole site (the served pages whose key did not change are linked in)."""
        from smmplan.render.site import incremental
        from smmplan.render.site.build import Build, rebuild
        from smmplan.render.site.live_plan import LivePlan

        log.info("Building the calendar...")
        with self.lock:
            self.generation += 1
            plan = LivePlan(self.root, now, self.stages)
            plan.start()
            plan.make_exports()
            prepared = plan.prepared()
            previous = None
            if self.plan is not None:  # what the folder holds now
                previous = incremental.Manifest(
                    str(self.site_dir), pages=dict(self.folder_keys), search=dict(self.search)
                )
            self.plan = self.session = None  # until this build succeeds, the next is whole
            state = Build(
                self.root,
                self.site_dir,
                now,
                lambda *_, **__: prepared,
                previous=previous,
                dev_addr=self.address,
                serve_url=self.serve_url,
            )
            options = {"now": now.isoformat(), "serve": self.serve_url}
            built, manifest = rebuild(state, options)
            self.files, self.shell = files, shell
            self.folder_keys, self.search = dict(manifest.pages), dict(manifest.search)
            self.session = self._open(prepared)
            self.session.stale = set()
            self.plan = plan
            self.builds += 1
            self.exports_ready.set()
        kept = built.pages - built.rendered if 0 <= built.rendered < built.pages else 0
        log.info(f"Built {built.pages} pages ({kept} unchanged since the last build)")

    def _open(self, prepared, files: dict[str, list] | None = None):
        """A session of ``prepared`` (``files``: the input files it was made from, if not
        the served ones), with the served session's templates when there is one."""
        from smmplan.render.site.live_site import open_session

        return open_session(
            self.root,
            self.site_dir,
            prepared,
            dev_addr=self.address,
            serve_url=self.serve_url,
            files=self.files if files is None else files,
            shell=self.shell,
            previous=self.session,
        )

    # -- the fast path ---------------------------------------------------------------------

    def _update(self, changed: set[str], files: dict[str, list], now: datetime) -> bool:
        """Update the plan and the session from the changed files; False when the plan
        cannot take them in (the whole site is built then)."""
        from smmplan.render.site import reuse

        started, cpu = time.perf_counter(), time.thread_time()
        from smmplan.load.cache import paused_gc

        # With a large plan in memory a full collection takes a good part of a second and
        # the update's allocations trigger one or two: the collector catches up after it.
        with self.lock, paused_gc():
            self.generation += 1
            plan = self.plan
            try:
                if not plan.update(changed):
                    return False
                if now != plan.now:
                    plan.at(now)
                session = self._open(plan.prepared(), files)  # the keys see the edit
            except BaseException:  # the plan is ahead of the folder: the next build is whole
                self.plan = None
                raise
            if reuse.unknown_plugins(session.config):  # they may gather from every page
                return False
            self.files = files
            self.exports_ready.clear()
            self._install(session)
            self.updates += 1
            generation = self.generation
        log.info(
            f"Updated {len(changed)} file(s) in {time.perf_counter() - started:.2f} s"
            f" ({time.thread_time() - cpu:.2f} s of CPU); {len(self.session.stale)} page(s)"
            " to render"
        )
        self._start_worker(generation)
        return True

    def _install(self, session) -> None:
        """Make ``session`` the served one (under the lock): its stale pages are those
        whose key differs from the page in the folder; the pages it lacks are removed."""
        gone = set(self.folder_keys) - set(session.by_dest)
        keys = session.keys
        session.stale = {
            uri
            for uri in session.by_dest
            if uri not in keys or self.folder_keys.get(uri) != keys[uri]
        }
        for uri in gone:
            page = self.site_dir / uri
            page.unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # its folder, when nothing else is left in it
                page.parent.rmdir()
            self.folder_keys.pop(uri, None)
            self.search.pop(uri, None)
        self.session = session

    def render(self, uri: str) -> bool:
        """Render one stale page of the served session (False: it was not stale)."""
        with self.lock:
            session = self.session
            if session is None or not session.render(uri):
                return False
            key = session.keys.get(uri)
            if key is None:
                self.folder_keys.pop(uri, None)
            else:
                self.folder_keys[uri] = key
            self.search[uri] = session.reuse.entries.get(uri, [])
            return True

    def requested(self, rel_path: str) -> None:
        """A browser asks for ``rel_path`` (relative to the site): a stale page is
        rendered first; an export, or a page listing the exports (the home page, a week
        from this one on), waits for the exports of the current plan."""
        session = self.session
        if session is None:
            return
        uri = session.page_of(rel_path)
        page = session.page_of(rel_path, stale=False)  # rendered already, exports not yet
        lists = page is not None and session.lists_exports(page)
        if (lists or rel_path.startswith("exports/")) and not self.exports_ready.is_set():
            self.quiet.set()  # an edit may have changed which export files there are
            self.exports_ready.wait(EXPORTS_WAIT)
            session = self.session
            uri = session.page_of(rel_path) if session is not None else None
        if uri is not None:
            self.render(uri)

    # -- after the reload --------------------------------------------------------------------

    def _start_worker(self, generation: int) -> None:
        self.quiet.clear()
        self.hurry.clear()
        self.worker = threading.Thread(
            target=self._after_reload, args=(generation,), name="smmplan-serve", daemon=True
        )
        self.worker.start()

    def _after_reload(self, generation: int) -> None:
        try:
            self.hurry.wait(GRACE)
            if self._finish_pages(generation) is None:
                return
            self.quiet.wait(QUIET)
            if self.generation != generation:
                return
            with self.lock:
                plan = self.plan
                made = (plan.project, plan.now, plan.images, list(plan.diagnostics))
            exports = self.stages.exports(*made)
            with self.lock:
                if self.generation != generation:
                    return
                plan.exports, plan.exports_made = exports, True
                self._install(self._open(plan.prepared()))
                self.exports_ready.set()
            changed = self._finish_pages(generation)
            if changed and self.generation == generation:
                from smmplan.render.site.live_server import reload_browsers

                reload_browsers(self.server)
        except Exception:
            log.exception("smmplan: finishing the site after the reload failed")

    def _finish_pages(self, generation: int) -> bool | None:
        """Render the session's stale pages and write the rest of the site; None when a
        newer change came first, else whether a page in the folder changed."""
        with self.lock:
            session = self.session
            pages = [file.dest_uri for file in session.doc_files]
        changed = False
        for uri in pages:
            with self.lock:
                if self.generation != generation:
                    return None
                before = session.changed
                self.render(uri)
                changed = changed or session.changed != before
        with self.lock:
            if self.generation != generation:
                return None
            session.finish(self.search, self.plan_media())
        return changed

    def plan_media(self) -> dict[str, Path]:
        from smmplan.render.site import configure

        plugin = self.session.config.plugins[configure.PLUGIN]
        return plugin.media.files

    def settle(self, timeout: float = 600) -> None:
        """Wait until the background work of the last change is done (for tests)."""
        self.quiet.set()
        self.hurry.set()
        worker = self.worker
        if worker is not None:
            worker.join(timeout)


def serve(
    root: Path,
    stages,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    now: datetime | None = None,
    open_browser: bool = False,
) -> None:
    """Serve until interrupted; ``now`` None: see ``ServeClock``. ``stages``
    (``live_plan.Stages``, the pipeline's) are what the plan runs on each change."""
    from smmplan.render.site import configure
    from smmplan.render.site.live_server import error_page, live_server, run, watching

    site_dir = Path(tempfile.mkdtemp(prefix="smmplan-serve-")) / "site"
    site_dir.mkdir()
    address = f"{host}:{port}"
    clock = ServeClock(now)
    try:
        config = configure.load(root, site_dir, now=clock.now(), prepare=None, dev_addr=address)
        config.plugins.on_startup(command="serve", dirty=False)
        mount_path = urlsplit(config.site_url or "/").path
        builder = Rebuilder(root, site_dir, stages, clock, address)
        builder.serve_url = f"http://{host}:{port}{mount_path}"
        server = live_server(
            builder, host=host, port=port, root=str(site_dir), mount_path=mount_path
        )
        builder.server = server
        server.error_handler = partial(error_page, site_dir)
        try:
            builder()
            run(watching(server, config, builder), open_browser)
        finally:
            config.plugins.on_shutdown()
    finally:
        shutil.rmtree(site_dir.parent, ignore_errors=True)
