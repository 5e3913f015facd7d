"""The live-reload server of ``smmplan serve`` (see ``serve``): MkDocs' server, whose
request handler first renders the page asked for when an edit made it stale, and the
watching and running around it.

MkDocs watches by polling: every half second it lists every watched file, about 50 ms
of CPU on a 5,000-post repository, and an edit waits a quarter of a second on average
to be seen. Where the system tells of changes itself (inotify on Linux, FSEvents on
macOS, ``watchdog``'s native observer), an edit is seen at once; polling goes on every
two seconds beside it, for the file systems that do not tell (some network and
container mounts).
"""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path

log = logging.getLogger("mkdocs.commands.serve")


def reload_browsers(server) -> None:
    """Tell the open pages to reload, as the server does after a build (unless a build is
    under way: its end reloads them)."""
    if server is None:
        return
    from mkdocs.livereload import _timestamp

    with server._epoch_cond:
        if server._visible_epoch == server._wanted_epoch:
            server._visible_epoch = server._wanted_epoch = _timestamp()
            server._epoch_cond.notify_all()


def live_server(builder, **options):
    """MkDocs' ``LiveReloadServer`` whose request handler first renders a stale page."""
    from mkdocs.livereload import LiveReloadServer

    class LiveServer(LiveReloadServer):
        def _serve_request(self, environ, start_response):
            path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
            if (path + "/").startswith(self.mount_path) and not path.startswith("/livereload/"):
                relative = path[len(self.mount_path) :]
                relative += "index.html" if path.endswith("/") else ""
                builder.requested(posixpath.normpath("/" + relative).lstrip("/"))
            return super()._serve_request(environ, start_response)

    server = LiveServer(builder=builder, **options)
    server.observer = watcher(server.observer)
    return server


POLLING_BESIDE_NATIVE = 2.0
"""Seconds between two polls of the watched files when the system's own notices work."""


class Watchers:
    """The observer interface ``LiveReloadServer`` uses, over the system's own observer
    and a slower polling one; a path the native one cannot watch (a limit of inotify
    watches reached) is polled only."""

    def __init__(self, native, polling) -> None:
        self.native, self.polling = native, polling

    def schedule(self, handler, path: str, recursive: bool = True):
        polled = self.polling.schedule(handler, path, recursive=recursive)
        try:
            noticed = self.native.schedule(handler, path, recursive=recursive)
        except OSError as error:
            log.info(f"Watching '{path}' by polling only: {error}")
            noticed = None
        return polled, noticed

    def unschedule(self, watch) -> None:
        polled, noticed = watch
        self.polling.unschedule(polled)
        if noticed is not None:
            self.native.unschedule(noticed)

    def start(self) -> None:
        self.polling.start()
        self.native.start()

    def stop(self) -> None:
        self.native.stop()
        self.polling.stop()

    def join(self, timeout: float | None = None) -> None:
        self.native.join(timeout)
        self.polling.join(timeout)


def watcher(polling):
    """``Watchers`` where the platform has a native observer, else MkDocs' ``polling``."""
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    if Observer is PollingObserver:
        return polling
    try:
        native = Observer()
    except OSError:
        return polling
    return Watchers(native, PollingObserver(timeout=POLLING_BESIDE_NATIVE))


def error_page(site_dir: Path, code: int) -> bytes | None:
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


def watching(server, config, builder):
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


def run(server, open_browser: bool) -> None:
    try:
        server.serve(open_in_browser=open_browser)
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        server.shutdown()
