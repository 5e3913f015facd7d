"""``smmplan serve``: MkDocs' live-reload server on the calendar site.

Mirrors ``mkdocs.commands.serve.serve`` but loads the configuration through
``configure.load`` on every rebuild, so the project is read afresh (posts, brands,
campaigns and smmplan.yml are watched by the plugin's ``on_serve``).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

log = logging.getLogger("mkdocs.commands.serve")


def serve(
    root: Path,
    prepare,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    now: datetime | None = None,
    open_browser: bool = False,
) -> None:
    """Serve until interrupted; ``now`` None means the clock at each rebuild. ``prepare``
    (the pipeline's) loads, checks and renders the project afresh for every build."""
    from mkdocs.commands.build import build
    from mkdocs.livereload import LiveReloadServer

    from smmplan.render.site import configure

    site_dir = Path(tempfile.mkdtemp(prefix="smmplan-serve-"))
    address = f"{host}:{port}"

    def get_config():
        return configure.load(root, site_dir, now=now, prepare=prepare, dev_addr=address)

    try:
        config = get_config()
        config.plugins.on_startup(command="serve", dirty=False)
        mount_path = urlsplit(config.site_url or "/").path
        serve_url = f"http://{host}:{port}{mount_path}"
        config.site_url = serve_url

        def builder(fresh=None) -> None:
            log.info("Building the calendar...")
            current = fresh if fresh is not None else get_config()
            current.site_url = serve_url
            build(current, serve_url=serve_url)

        server = LiveReloadServer(
            builder=builder, host=host, port=port, root=str(site_dir), mount_path=mount_path
        )

        def error_page(code: int) -> bytes | None:
            page = site_dir / f"{code}.html"
            return page.read_bytes() if code in (404, 500) and page.is_file() else None

        server.error_handler = error_page
        try:
            builder(config)
            _run(_watching(server, config, builder), open_browser)
        finally:
            config.plugins.on_shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _watching(server, config, builder):
    """The server watching the site's pages and mkdocs.yml, and what the plugins add."""
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
