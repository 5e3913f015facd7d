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

import itertools
import logging
import posixpath
from pathlib import Path
from typing import Any

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
    server.observer = Watchers()  # in place of MkDocs' polling one, nothing scheduled yet
    return server


POLLING_BESIDE_NATIVE = 2.0
"""Seconds between two polls of the watched files when the system's own notices work."""


class Watchers:
    """The observer interface ``LiveReloadServer`` uses, over the system's own observer
    and a slower polling one. Both are made when the server starts (watchdog's inotify
    observer runs a thread from the moment it exists); a path the native one cannot watch
    (the limit of inotify watches reached) is polled every half second, as MkDocs does,
    and so is every path where the platform has no native observer."""

    def __init__(self) -> None:
        self.wanted: dict[int, tuple] = {}  # id -> (handler, path, recursive), until started
        self.native: Any = None
        self.polling: Any = None
        self.fast: Any = None  # polling at MkDocs' pace, for what the native one refused
        self.watches: dict[int, list[tuple]] = {}  # id -> [(observer, its watch)]
        self.numbers = itertools.count(1)

    def schedule(self, handler, path: str, recursive: bool = True) -> int:
        number = next(self.numbers)
        self.wanted[number] = (handler, path, recursive)
        if self.polling is not None:  # started already
            self._schedule(number)
        return number

    def unschedule(self, number: int) -> None:
        self.wanted.pop(number, None)
        for observer, watch in self.watches.pop(number, []):
            observer.unschedule(watch)

    def start(self) -> None:
        from watchdog.observers.polling import PollingObserver

        self.native = native_observer()
        every = POLLING_BESIDE_NATIVE if self.native is not None else POLLING_ALONE
        self.polling = PollingObserver(timeout=every)
        for number in list(self.wanted):
            self._schedule(number)
        self.polling.start()
        if self.native is not None:
            self.native.start()

    def _schedule(self, number: int) -> None:
        handler, path, recursive = self.wanted.pop(number)
        polling = self.polling
        made = self.watches.setdefault(number, [])
        if self.native is not None:
            try:
                made.append((self.native, self.native.schedule(handler, path, recursive=recursive)))
            except OSError as error:
                log.info(f"Watching '{path}' by polling only: {error}")
                polling = self._fast_polling()
        made.append((polling, polling.schedule(handler, path, recursive=recursive)))

    def _fast_polling(self):
        """A second polling observer at MkDocs' pace, for paths the native one refused."""
        if self.fast is None:
            from watchdog.observers.polling import PollingObserver

            self.fast = PollingObserver(timeout=POLLING_ALONE)
            if self.polling is not None and self.polling.is_alive():
                self.fast.start()
        return self.fast

    def _observers(self) -> list:
        found = [self.native, self.polling, self.fast]
        return [observer for observer in found if observer is not None]

    def stop(self) -> None:
        for observer in self._observers():
            if observer.is_alive():
                observer.stop()

    def join(self, timeout: float | None = None) -> None:
        for observer in self._observers():
            if observer.is_alive():
                observer.join(timeout)


POLLING_ALONE = 0.5  # MkDocs' own interval


def native_observer():
    """The platform's own observer (inotify, FSEvents, kqueue, Windows), None if none."""
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    if Observer is PollingObserver:
        return None
    try:
        return Observer()
    except OSError as error:
        log.info(f"Watching by polling only: {error}")
        return None


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
