"""``smmplan serve``: MkDocs' live-reload server on the calendar site, rebuilt incrementally.

Mirrors ``mkdocs.commands.serve.serve``, but every rebuild goes through
``build.rebuild``: the project is prepared afresh from the files (posts, brands,
campaigns and smmplan.yml are watched by the plugin's ``on_serve``), and only the pages
whose key changed are rendered; the others are linked in from the site being served,
whose manifest stays in memory between rebuilds. The new site is swapped in whole, so a
browser never sees half of a rebuild.

"Now" without ``--now`` is the time the server started, moved on to the clock at a rebuild
when a minute has passed since it last moved or the day has changed (``ServeClock``):
a rebuild then does not render every page again because the clock moved.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

log = logging.getLogger("mkdocs.commands.serve")

REFRESH = timedelta(minutes=1)


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


class Rebuilder:
    """Builds the served folder, keeping the last build's manifest for the next one."""

    def __init__(self, root: Path, site_dir: Path, prepare, clock: ServeClock, address: str):
        self.root = root
        self.site_dir = site_dir
        self.prepare = prepare
        self.clock = clock
        self.address = address
        self.serve_url: str | None = None
        self.previous = None  # incremental.Manifest of the site being served
        self.builds = 0

    def __call__(self) -> None:
        from smmplan.render.site import incremental
        from smmplan.render.site.build import Build, rebuild

        now = self.clock.now()
        options = {"now": now.isoformat(), "serve": self.serve_url}
        previous = self.previous
        if previous is not None:  # an editor saving a file unchanged, a file touched
            files = incremental.input_files(self.root, previous.files, previous.extra_folders)
            if incremental.fingerprint(files, options) == previous.inputs:
                log.info("Nothing changed")
                return
        log.info("Building the calendar...")
        state = Build(
            self.root,
            self.site_dir,
            now,
            self.prepare,
            previous=self.previous,
            dev_addr=self.address,
            serve_url=self.serve_url,
        )
        # Until this rebuild succeeds the served site has no manifest: a failed rebuild
        # (a syntax error in mkdocs.yml) leaves the old site served and the next one full.
        self.previous = None
        built, manifest = rebuild(state, options)
        self.previous = manifest
        self.builds += 1
        kept = built.pages - built.rendered if 0 <= built.rendered < built.pages else 0
        log.info(f"Built {built.pages} pages ({kept} unchanged since the last build)")


def serve(
    root: Path,
    prepare,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    now: datetime | None = None,
    open_browser: bool = False,
) -> None:
    """Serve until interrupted; ``now`` None: see ``ServeClock``. ``prepare`` (the
    pipeline's) loads, checks and renders the project afresh for every build."""
    from mkdocs.livereload import LiveReloadServer

    from smmplan.render.site import configure

    site_dir = Path(tempfile.mkdtemp(prefix="smmplan-serve-")) / "site"
    site_dir.mkdir()
    address = f"{host}:{port}"
    clock = ServeClock(now)
    try:
        config = configure.load(root, site_dir, now=clock.now(), prepare=prepare, dev_addr=address)
        config.plugins.on_startup(command="serve", dirty=False)
        mount_path = urlsplit(config.site_url or "/").path
        builder = Rebuilder(root, site_dir, prepare, clock, address)
        builder.serve_url = f"http://{host}:{port}{mount_path}"
        server = LiveReloadServer(
            builder=builder, host=host, port=port, root=str(site_dir), mount_path=mount_path
        )

        server.error_handler = partial(_error_page, site_dir)
        try:
            builder()
            _run(_watching(server, config, builder), open_browser)
        finally:
            config.plugins.on_shutdown()
    finally:
        shutil.rmtree(site_dir.parent, ignore_errors=True)


def _error_page(site_dir: Path, code: int) -> bytes | None:
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


def _watching(server, config, builder):
    """The server watching the site's pages and mkdocs.yml, and what the plugins add."""
    from smmplan.render.site import configure

    plugin = config.plugins[configure.PLUGIN]
    if plugin.root is None:  # set by on_config, which only a build runs
        plugin.root = builder.root
    server.watch(config.docs_dir)
    if config.config_file_path:
        server.watch(config.config_file_path)
    server = config.plugins.on_serve(server, config=config, builder=builder)
    for item in config.watch:
        server.watch(item)
    return server


def _run(server, open_browser: bool) -> None:
    try:
        server.serve(open_in_browser=open_browser)
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        server.shutdown()
