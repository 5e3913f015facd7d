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
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from smmplan.model import Diagnostic, Project
from smmplan.render.site.plugin import Prepare


class SiteError(Exception):
    """A problem the user has to fix (configuration, output folder); no traceback."""


@dataclass(frozen=True)
class Built:
    out: Path
    pages: int
    diagnostics: list[Diagnostic]


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
        shutil.rmtree(built, ignore_errors=True)  # now holds the old site
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    out.rename(old)
    built.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def build_site(
    root: Path,
    out: Path,
    now: datetime,
    *,
    prepare: Prepare,
    project: Project | None = None,
    strict: bool = False,
) -> Built:
    """Build the calendar site of the repository at ``root`` into ``out``.

    Raises ``SiteError`` for problems of configuration or output folder; MkDocs' own
    ``Abort`` in strict mode is re-raised as is for the caller to report.
    """
    import jinja2
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    from smmplan.render.site import configure

    out = out.resolve()
    check_out_dir(out, root)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        with source_date_epoch(now):
            try:
                config = configure.load(
                    root, staging, now=now, prepare=prepare, project=project, strict=strict
                )
                build(config)
            except Abort:
                raise
            except MkDocsException as error:
                raise SiteError(str(error).strip() or type(error).__name__) from None
            except jinja2.TemplateError as error:  # in the site's own theme overrides
                where = getattr(error, "filename", None) or getattr(error, "name", None)
                where = f" in {where}" if where else ""
                raise SiteError(f"template error{where}: {error}") from None
        plugin = config.plugins[configure.PLUGIN]
        site = plugin.site
        pages = sum(1 for p in staging.rglob("*.html") if p.name != "404.html")
        publish(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Built(out, pages, list(site.diagnostics) if site else [])
