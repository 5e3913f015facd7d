"""Reading the catalogs: the ``.po`` files are read with Babel when first needed (and
kept), compiled in memory and used through :mod:`gettext`, with English behind every
other language for a message it lacks. No ``.mo`` file is kept: the ``.po`` is the one
source.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

DOMAIN = "smmplan"
LANGUAGES = ("en", "ru", "az", "tl")
"""Languages smmplan speaks; any other locale falls back to English."""


def language_of(locale: str | None) -> str:
    """The catalog language of a locale: ``ru``, ``ru-RU``, ``ru_RU.UTF-8`` give ``ru``;
    an unknown language, ``C``, ``POSIX`` or nothing give ``en``."""
    tag = (locale or "").strip().split(".")[0].split("@")[0].replace("_", "-")
    primary = tag.split("-")[0].lower()
    return primary if primary in LANGUAGES else "en"


def po_file(language: str) -> Traversable:
    return resources.files(__package__).joinpath(language, "LC_MESSAGES", f"{DOMAIN}.po")


@cache
def catalog(language: str) -> Catalog:
    """The Babel catalog of one language, as its ``.po`` file holds it."""
    from babel.messages.pofile import read_po

    with po_file(language).open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


@cache
def translations(language: str) -> gettext.NullTranslations:
    """gettext translations of ``language`` (English as their fallback); an unknown
    language gets English's."""
    from babel.messages.mofile import write_mo

    language = language_of(language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog(language))  # fuzzy entries are left out, as msgfmt does
    compiled.seek(0)
    found = gettext.GNUTranslations(compiled)
    if language != "en":
        found.add_fallback(translations("en"))
    return found
