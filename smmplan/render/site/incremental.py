"""Incremental site builds: render only the pages whose inputs changed.

A build leaves a manifest under ``.smmplan-cache/site/`` (one per output folder): the
fingerprint of every input file (size, modification time and content hash), the key of
every generated page (``keys.PageKeys``), each page's entries of the search index, and the
size and modification time of every file it wrote. The next build into the same folder:

- does nothing but verify the folder when the whole input is unchanged (files, settings,
  ``now``, options, smmplan's code, MkDocs' and the theme's versions);
- otherwise seeds its staging folder with hard links to the pages whose key did not change
  (a page's file is never written in place: the served site is never touched), lets MkDocs
  render the others (its ``dirty`` mode asks each file ``is_modified()``), and writes the
  search index from the fresh entries of the rendered pages and the stored entries of the
  kept ones, in the order a full build writes them;
- falls back to a full build when the manifest is missing or unreadable, was written by
  another version of this format, or does not match the folder (a file edited, added or
  removed by hand).

The result is byte-identical to a clean build (``tests/test_incremental_build.py``).

The manifest's search entries go into the new site's search index as they are, and the
cache sits in a repository someone else may have written (a committed file, a CI cache
restored from another branch): so the manifest is signed with the check cache's per-user
secret (``load.cache.write_signed``), one that does not verify gets a full build, and
without the secret every build is a full one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass, field, fields
from importlib import metadata
from pathlib import Path
from stat import S_ISREG
from typing import Any

FORMAT = 1
CACHE_FOLDER = Path(".smmplan-cache") / "site"
TEMPLATE_FOLDER = CACHE_FOLDER / "templates"  # compiled templates (``reuse.TemplateCache``)
INPUT_FOLDERS = ("content", "brands", "site")
INPUT_FILES = ("smmplan.yml", "smmplan.yaml")
THEMES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "jinja2")

log = logging.getLogger("mkdocs.plugins.smmplan")


@dataclass
class Manifest:
    """What one build into ``out`` left behind for the next one."""

    out: str
    inputs: str = ""  # the whole input's fingerprint
    files: dict[str, list] = field(default_factory=dict)  # input file -> [size, mtime_ns, hash]
    extra_folders: list[str] = field(default_factory=list)  # e.g. a metrics folder elsewhere
    pages: dict[str, str] = field(default_factory=dict)  # page file in the site -> its key
    search: dict[str, list] = field(default_factory=dict)  # page file -> its search entries
    outputs: dict[str, list] = field(default_factory=dict)  # site file -> [size, mtime_ns]
    built_pages: int = 0
    format: int = FORMAT


def manifest_path(root: Path, out: Path) -> Path:
    name = hashlib.blake2b(str(out.resolve()).encode(), digest_size=10).hexdigest()
    return root / CACHE_FOLDER / f"{name}.json"


MANIFEST_ROLE = b"site-manifest"


def load_manifest(root: Path, out: Path) -> Manifest | None:
    """The manifest of the last build into ``out``; None when there is none that fits (or
    none this user's smmplan signed)."""
    from smmplan.load.cache import load_secret, read_signed

    secret = load_secret()
    payload = read_signed(manifest_path(root, out), secret, MANIFEST_ROLE) if secret else None
    if payload is None:
        return None
    try:
        manifest = Manifest(**json.loads(payload))
    except (ValueError, TypeError):
        return None
    if manifest.format != FORMAT or manifest.out != str(out.resolve()):
        return None
    return manifest


def save_manifest(root: Path, manifest: Manifest) -> None:
    """Signed and written atomically; a manifest that cannot be written (or signed) only
    costs the next build."""
    from smmplan.load.cache import load_secret, write_signed

    secret = load_secret()
    if secret is None:
        log.info("smmplan: no private key for the build manifest; the next build is full")
        return
    path = manifest_path(root, Path(manifest.out))
    payload = json.dumps(_fields(manifest), separators=(",", ":")).encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_signed(path, secret, MANIFEST_ROLE, payload)
        _prune(path.parent)
    except OSError as error:
        log.info(f"smmplan: the build manifest was not written ({error}); next build is full")


def _fields(manifest: Manifest) -> dict[str, Any]:
    """The manifest's fields as they are: ``dataclasses.asdict`` would deep-copy every
    search entry of every page first (half a second on 5,000 pages) for the same JSON."""
    return {name.name: getattr(manifest, name.name) for name in fields(manifest)}


KEPT_MANIFESTS = 8
"""Manifests kept per repository (one per output folder), the most recently written."""


def _prune(folder: Path) -> None:
    manifests = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for stale in manifests[KEPT_MANIFESTS:]:
        stale.unlink(missing_ok=True)
        for beside in (".cards", ".cards-added"):  # card_store's files
            stale.with_suffix(beside).unlink(missing_ok=True)


# -- fingerprints ----------------------------------------------------------------------------


def input_files(root: Path, previous: dict[str, list], extra: list[str]) -> dict[str, list]:
    """Every input file with its size, modification time and content hash; a file whose
    size and time match ``previous`` keeps its hash without being read again."""
    found: dict[str, list] = {}
    listed: list[tuple[str, os.stat_result]] = []
    for name in INPUT_FILES:
        try:
            stat = os.stat(root / name)
        except OSError:
            continue
        if S_ISREG(stat.st_mode):  # never a FIFO or a device: reading it could block
            listed.append((name, stat))
    for folder in (*INPUT_FOLDERS, *extra):
        listed += _walk(str(root), folder, follow=True)
    for relative, stat in listed:
        known = previous.get(relative)
        if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            found[relative] = known
            continue
        try:
            content = (root / relative).read_bytes()
        except OSError:
            continue
        found[relative] = [stat.st_size, stat.st_mtime_ns, hashlib.blake2b(content).hexdigest()]
    return found


def _walk(base: str, folder: str, follow: bool) -> list[tuple[str, os.stat_result]]:
    """(path relative to ``base``, its stat) of every file under ``folder``, sorted; links
    to files are followed for inputs (``follow``), never into folders."""
    found: list[tuple[str, os.stat_result]] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(os.path.join(base, current)))
        except OSError:
            continue
        for entry in entries:
            relative = f"{current}/{entry.name}" if current else entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(relative)
                elif entry.is_file(follow_symlinks=follow) or not follow:
                    found.append((relative, entry.stat(follow_symlinks=follow)))
            except OSError:
                continue
    found.sort(key=lambda item: item[0])
    return found


SETTLED_NS = 2 * 10**9
"""A file changed this close to (or after) the moment the build began reading may have
been read before the change: its modification time is not that fine everywhere."""


def unsettled(files: dict[str, list], read_from: int) -> dict[str, list]:
    """``files`` with each file written since ``read_from`` (less ``SETTLED_NS``) marked as
    unknown: the pages made from it get keys no later build matches, and the next build
    reads it again, so a change made while a build reads never leaves a page stale."""
    limit = read_from - SETTLED_NS
    marked = dict(files)
    for name, (size, mtime, _) in files.items():
        if mtime >= limit:
            marked[name] = [size, -1, f"unsettled-{read_from}"]
    return marked


def code_fingerprint() -> str:
    """smmplan's own files (code, templates, data) and the versions of MkDocs and the theme:
    an edit to smmplan in a checkout renders every page again, as an upgrade does."""
    from smmplan.load.cache import source_digest

    hasher = hashlib.blake2b(source_digest(), digest_size=16)
    for distribution in THEMES:
        try:
            hasher.update(f"{distribution}={metadata.version(distribution)}\n".encode())
        except metadata.PackageNotFoundError:
            hasher.update(f"{distribution}=none\n".encode())
    return hasher.hexdigest()


def fingerprint(files: dict[str, list], options: dict[str, Any], code: str | None = None) -> str:
    """The whole input's fingerprint (``code``: ``code_fingerprint()`` when known)."""
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(json.dumps([sorted(files.items()), sorted(options.items())]).encode())
    hasher.update((code if code is not None else code_fingerprint()).encode())
    return hasher.hexdigest()


def output_files(out: Path) -> dict[str, list] | None:
    """Size and modification time of every file of a built site; None if it cannot be read."""
    if not out.is_dir():
        return None
    return {name: [st.st_size, st.st_mtime_ns] for name, st in _walk(str(out), "", follow=False)}


def matches(manifest: Manifest, out: Path) -> bool:
    """Whether ``out`` holds exactly what the manifest's build wrote (nothing edited)."""
    return bool(manifest.outputs) and output_files(out) == manifest.outputs
