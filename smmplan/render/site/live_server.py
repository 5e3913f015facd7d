"""The live-reload server of ``smmplan serve`` (see ``serve``): MkDocs' server, whose
request handler first renders the page asked for when an edit made it stale, and the
watching and running around it.
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

    return LiveServer(builder=builder, **options)


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
