"""What keeps a repository's text from running as code on its calendar site.

MkDocs renders its theme with Jinja's autoescaping off, and Material prints
``config.site_name`` and ``page.canonical_url`` (made from ``site_url``) as they are.
So the values smmplan puts into the MkDocs configuration are escaped here (``site_name``
and the other plain-text settings become ``Markup``, which templates that escape again
leave alone) and ``site_url`` must be a plain http(s) address: anything that could close
an attribute (``"``, ``'``, ``<``, ``>``, a space) is refused with a message instead.

The site's own folder is the other way in: ``build`` refuses a ``site/`` (and the docs
and theme folders ``site/mkdocs.yml`` names) that resolves outside the repository, and
every page and file under it goes through the repository's safe reader
(:func:`read_site_page`, :func:`site_file`), which refuses a link leading out of the
repository, special files and files over their size limit.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import regex
from markupsafe import Markup, escape

PLAIN_SETTINGS = ("site_name", "site_description", "site_author")
"""MkDocs settings Material prints unescaped that are text, never markup."""

# Not: controls, spaces (any script's), quotes, angle brackets and what RFC 3986 excludes.
_URL_CHARACTERS = regex.compile(r"[^\p{C}\p{Z}\"'<>\\^`{|}]+")


class UnsafeSite(ValueError):
    """A site setting or folder smmplan refuses to build from; the message says why."""


def escape_settings(config) -> None:
    """The plain-text settings of a loaded ``MkDocsConfig`` escaped for HTML, once."""
    for name in PLAIN_SETTINGS:
        value = config.get(name)
        if isinstance(value, str) and not isinstance(value, Markup):
            config[name] = escape(value)


def check_site_url(value: str) -> str:
    """``value`` when it is an absolute http(s) URL of plain URL characters, else
    :class:`UnsafeSite` saying what is wrong with it."""
    shown = repr(value if len(value) <= 80 else value[:77] + "...")
    if not _URL_CHARACTERS.fullmatch(value):
        raise UnsafeSite(
            f"site_url {shown} holds characters a URL cannot (quotes, <, >, spaces or"
            " control characters); write it like https://example.org/calendar/"
        )
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        host, parts = None, None
    if parts is None or parts.scheme not in ("http", "https") or not host:
        raise UnsafeSite(
            f"site_url {shown} is not an http(s) address; write it like"
            " https://example.org/calendar/"
        )
    return value


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, links followed, is ``root`` or lies under it."""
    return path.resolve().is_relative_to(root.resolve())


def check_folders(root: Path, folders: dict[str, str | None]) -> None:
    """Refuse site folders (setting name -> path) that resolve outside the repository."""
    for name, folder in folders.items():
        if folder and not inside(Path(folder), root):
            raise UnsafeSite(
                f"{name} {folder} resolves outside the repository {root}; the site is built"
                " only from files inside it"
            )


def read_site_page(root: Path, path: Path) -> bytes:
    """The bytes of a Markdown page under ``site/``, read through the repository's one
    safe reader (``smmplan.load.files``): a link leading out of the repository, a special
    file or a page over its size limit raises :class:`UnsafeSite`."""
    from smmplan.load.files import read_file

    data, refusal = read_file(path, root, "page")
    if refusal is not None or data is None:
        raise UnsafeSite(f"{refusal.message if refusal else path}: not published")
    return data


def site_file(root: Path, path: Path) -> Path:
    """The real path of another file under ``site/`` (a picture, a style sheet), which
    MkDocs copies without reading it into memory; refused like a page."""
    from smmplan.load.files import check_file

    real, refusal = check_file(path, root, "media")
    if refusal is not None or real is None:
        raise UnsafeSite(f"{refusal.message if refusal else path}: not published")
    return real
