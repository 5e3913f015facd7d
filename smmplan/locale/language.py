"""The command line's language: ``smmplan.yml``'s ``locale``, else the environment's.

The environment is read the way gettext reads it for messages: ``LC_ALL``, then
``LC_MESSAGES``, then ``LANG`` (``ru_RU.UTF-8`` is Russian); the first one set decides.
A language smmplan has no catalog for, ``C`` or ``POSIX`` mean English.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from smmplan.locale.catalogs import language_of, translations

ENVIRONMENT = ("LC_ALL", "LC_MESSAGES", "LANG")


def configured_locale(root: Path | None) -> str | None:
    """The ``locale:`` that ``root/smmplan.yml`` sets, or None (no file, no key, or a file
    that does not parse: ``check`` reports that one)."""
    if root is None:
        return None
    import yaml

    try:
        data = yaml.safe_load((root / "smmplan.yml").read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    value = data.get("locale") if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def environment_locale(environ: Mapping[str, str]) -> str | None:
    for name in ENVIRONMENT:
        value = environ.get(name, "").strip()
        if value:
            return value
    return None


def cli_language(root: Path | None, environ: Mapping[str, str]) -> str:
    """``en``, ``ru``, ``az`` or ``tl`` for the command line's own words."""
    return language_of(configured_locale(root) or environment_locale(environ))


class Words:
    """The keyed messages of one language for the command line (``cli.summary``)."""

    def __init__(self, language: str) -> None:
        self.language = language_of(language)
        self._catalog = translations(self.language)

    def t(self, key: str, **values: object) -> str:
        text = self._catalog.gettext(key)
        return text.format(**values) if values else text

    def n(self, key: str, count: int, **values: object) -> str:
        """The plural form for ``count``, with ``{n}`` the plain number (as programs print it)."""
        return self._catalog.ngettext(key, key, count).format(n=count, **values)
