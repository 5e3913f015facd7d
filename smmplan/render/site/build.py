"""``smmplan build``: the whole site into a temporary folder, then swapped in.

An interrupted or failed build leaves the last good site in place. Two builds of the same
input (files and ``--now``) are byte-identical: MkDocs' build date (sitemap, the gzip
header of ``sitemap.xml.gz``) comes from ``SOURCE_DATE_EPOCH``, which is set to the
build's "now" unless the caller set it.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from smmplan.model import Diagnostic, Project
from smmplan.render.site.plugin import Prepare


class SiteError(Exception):
    """A problem the user has to fix (configuration, output folder); no traceback."""


@dataclass(frozen=True)
class Built:
    out: Path
    pages: int
    diagnostics: list[Diagnostic]
    rendered: int = -1  # pages rendered by this build (the others were kept); -1: all


@contextlib.contextmanager
def source_date_epoch(now: datetime) -> Iterator[None]:
    """Pin MkDocs' build date to ``now`` for reproducible output (an existing value wins)."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(int(now.timestamp()))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def check_out_dir(out: Path, root: Path) -> None:
    """Refuse an output folder whose replacement would destroy something else."""
    out, root = out.resolve(), root.resolve()
    if out == root or root.is_relative_to(out):
        raise SiteError(f"--out {out}: the output would replace the repository itself")
    for source in ("content", "brands", "site"):
        if out.is_relative_to(root / source):
            raise SiteError(f"--out {out}: choose a folder outside {source}/")
    if out.exists() and not out.is_dir():
        raise SiteError(f"--out {out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / "index.html").is_file():
        raise SiteError(
            f"--out {out}: the folder is not empty and holds no site built before"
            " (no index.html); empty it or choose another one"
        )


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False when unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def publish(built: Path, out: Path) -> None:
    """Put the freshly built folder where the site lives; the old one goes away after."""
    if not out.exists():
        built.rename(out)
        return
    if _exchange(built, out):
        discard(built)  # now holds the old site
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    out.rename(old)
    built.rename(out)
    discard(old)


def discard(folder: Path) -> None:
    """Remove a replaced site without waiting for it: on a file system that discards freed
    blocks at once, removing thousands of page folders takes longer than building them, so
    a detached process removes it (here, when one cannot be started)."""
    import subprocess
    import sys

    remover = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    try:
        subprocess.Popen(
            [sys.executable, "-c", remover, str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def fingerprint_options(
    out: Path, now: datetime, strict: bool, options: Mapping[str, Any] | None
) -> dict[str, Any]:
    """Everything besides the input files that a build's output depends on."""
    found = {**(options or {}), "now": now.isoformat(), "strict": strict, "out": str(out)}
    found["SOURCE_DATE_EPOCH"] = os.environ.get("SOURCE_DATE_EPOCH")
    return found


def up_to_date(
    root: Path, out: Path, now: datetime, *, strict: bool = False, options: Mapping | None = None
) -> Built | None:
    """The site in ``out`` when nothing it was built from changed (the folder verified);
    None when it has to be built."""
    from smmplan.render.site import incremental

    out = out.resolve()
    previous = incremental.load_manifest(root, out)
    if previous is None or not out.is_dir():
        return None
    files = incremental.input_files(root, previous.files, previous.extra_folders)
    settings = fingerprint_options(out, now, strict, options)
    if incremental.fingerprint(files, settings) != previous.inputs:
        return None
    if not incremental.matches(previous, out):
        return None
    return Built(out, previous.built_pages, [], rendered=0)


def build_site(
    root: Path,
    out: Path,
    now: datetime,
    *,
    prepare: Prepare,
    project: Project | None = None,
    strict: bool = False,
    clean: bool = False,
    options: Mapping[str, Any] | None = None,
    read_from: int | None = None,
) -> Built:
    """Build the calendar site of the repository at ``root`` into ``out``: only the pages
    whose inputs changed since the last build into ``out`` (``clean``: every page).
    ``options``: whatever else the output depends on (``now`` and ``strict`` are added).
    ``read_from``: when (``time.time_ns()``) reading the given ``project`` began.

    Raises ``SiteError`` for problems of configuration or output folder; MkDocs' own
    ``Abort`` in strict mode is re-raised as is for the caller to report.
    """
    from smmplan.render.site import incremental

    out = out.resolve()
    check_out_dir(out, root)
    previous = None if clean else incremental.load_manifest(root, out)
    if previous is not None and not (out.is_dir() and incremental.matches(previous, out)):
        previous = None
    state = Build(root, out, now, prepare, project, strict, previous, read_from=read_from)
    built, manifest = rebuild(state, fingerprint_options(out, now, strict, options))
    incremental.save_manifest(root, manifest)
    return built


def rebuild(state: Build, options: Mapping[str, Any]):
    """One build of ``state.site_dir`` through a staging folder swapped in at the end,
    reusing the pages of ``state.previous`` (a ``Manifest`` of the site there, or None);
    (``Built``, the manifest of the new site)."""
    from smmplan.render.site import card_store, incremental

    root, out = state.root, state.site_dir
    extra = _extra_folders(root, state.project)
    read_from = state.read_from if state.read_from is not None else time.time_ns()
    files = incremental.input_files(root, state.previous.files if state.previous else {}, extra)
    files = incremental.unsettled(files, read_from)
    code = incremental.code_fingerprint()  # smmplan's files hashed once per build
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    cards_beside = incremental.manifest_path(root, out)
    cards = None  # serving: no card kept; a full build keeps what it prints
    if not state.serve_url:
        earlier = state.previous is not None
        cards = card_store.load(cards_beside) if earlier else card_store.NOTHING_KEPT
    try:
        staged = replace(
            state, site_dir=staging, seed_from=out, files=files, code=code, cards=cards
        )
        reuse, site = render(staged)
        manifest = incremental.Manifest(
            str(out),
            inputs=incremental.fingerprint(files, dict(options), code),
            files=files,
            extra_folders=extra,
            pages=reuse.keys,
            search=reuse.search,
        )
        pages = _finish(staging, out, manifest)
        if reuse.cards is not None:
            card_store.save(cards_beside, reuse.cards)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    diagnostics = list(site.diagnostics) if site else []
    return Built(out, pages, diagnostics, rendered=reuse.rendered), manifest


def _finish(staging: Path, out: Path, manifest) -> int:
    from smmplan.render.site import incremental

    manifest.outputs = incremental.output_files(staging) or {}
    names = (name.rpartition("/")[2] for name in manifest.outputs)
    pages = sum(1 for name in names if name.endswith(".html") and name != "404.html")
    manifest.built_pages = pages
    publish(staging, out)
    return pages


def _extra_folders(root: Path, project: Project | None) -> list[str]:
    """Input folders outside content/ and brands/ (a metrics folder set in smmplan.yml)."""
    folder = project.config.metrics_folder if project is not None else "content/metrics"
    top = Path(folder).parts[0] if Path(folder).parts else ""
    return [folder] if top not in ("content", "brands", "site") and (root / folder).is_dir() else []


@dataclass
class Build:
    """One run of MkDocs: where it writes, what it may reuse."""

    root: Path
    site_dir: Path
    now: datetime | None
    prepare: Prepare
    project: Project | None = None
    strict: bool = False
    previous: Any = None  # incremental.Manifest of the site to reuse pages from, or None
    seed_from: Path | None = None  # where that site is
    dev_addr: str | None = None
    serve_url: str | None = None
    files: dict = field(default_factory=dict)  # input file -> [size, mtime_ns, hash]
    read_from: int | None = None  # time.time_ns() when reading the inputs began
    code: str | None = None  # incremental.code_fingerprint() of this build, once known
    cards: Any = None  # card_store.Kept: the cards of the last build; None: none kept


def render(state: Build):
    """Run MkDocs once; (the reuse plugin with what it recorded, the site's model)."""
    import jinja2
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    from smmplan.render.site import configure, second_core

    now = state.now if state.now is not None else datetime.now(UTC).replace(microsecond=0)
    with source_date_epoch(now), _quiet_dirty_notice():
        try:
            config = configure.load(
                state.root,
                state.site_dir,
                now=state.now,
                prepare=state.prepare,
                project=state.project,
                strict=state.strict,
                dev_addr=state.dev_addr,
            )
            plugin = _with_reuse(config, state)
            try:  # dirty: MkDocs asks each file whether it is modified (the plugin says)
                build(config, serve_url=state.serve_url, dirty=True)
            finally:
                second_core.leave_if_forked()
        except Abort:
            raise
        except MkDocsException as error:
            raise SiteError(str(error).strip() or type(error).__name__) from None
        except jinja2.TemplateError as error:  # in the site's own theme overrides
            where = getattr(error, "filename", None) or getattr(error, "name", None)
            where = f" in {where}" if where else ""
            raise SiteError(f"template error{where}: {error}") from None
    return plugin, config.plugins[configure.PLUGIN].site


def _with_reuse(config, state: Build):
    """Add the plugin that keeps unchanged pages (none when the site uses a plugin that
    gathers from every page: then every page is rendered)."""
    from smmplan.render.site import incremental, reuse

    previous = state.previous if not reuse.unknown_plugins(config) else None
    seed_from = state.seed_from if previous is not None else None
    shell = state.code if state.code is not None else incremental.code_fingerprint()
    serving = state.serve_url is not None
    templates = state.root / incremental.TEMPLATE_FOLDER
    plugin = reuse.IncrementalPlugin(
        previous, seed_from, shell, state.files, serving, templates, state.cards
    )
    config.plugins["incremental"] = plugin
    if state.serve_url:
        config.site_url = state.serve_url
    return plugin


@contextlib.contextmanager
def _quiet_dirty_notice() -> Iterator[None]:
    from smmplan.render.site.reuse import DirtyNotice

    logger = logging.getLogger("mkdocs.commands.build")
    notice = DirtyNotice()
    logger.addFilter(notice)
    try:
        yield
    finally:
        logger.removeFilter(notice)
