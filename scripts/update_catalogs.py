"""Extract smmplan's messages and merge them into every catalog.

Writes ``smmplan/locale/smmplan.pot`` from the source (``babel.cfg``) and updates each
``smmplan/locale/<language>/LC_MESSAGES/smmplan.po`` from it: a new message is added
untranslated and listed at the end (no fuzzy guesses: keys that look alike say nothing
about their texts); a message no longer in the source is dropped; English phrases are their own translation. Then it lists what is left to
translate and exits 1 if anything is. Run it after adding or changing a message:

    python scripts/update_catalogs.py
"""

from __future__ import annotations

import copy
import io
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from smmplan.locale.catalogs import DOMAIN, LANGUAGES
from smmplan.locale.completeness import untranslated
from smmplan.locale.extract import source_folder, template

# The header's dates stay fixed so that an update changes a file only when its messages
# change; git knows when that was.
HEADER_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def locale_folder() -> Path:
    return source_folder() / "locale"


def po_path(language: str) -> Path:
    return locale_folder() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(language: str) -> Catalog:
    path = po_path(language)
    if not path.is_file():
        return Catalog(locale=language, domain=DOMAIN, project="smmplan", version="")
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def write(catalog: Catalog, path: Path) -> bool:
    """Write ``catalog`` to ``path`` atomically, if that changes it; True when it did."""
    catalog.creation_date = catalog.revision_date = HEADER_DATE
    catalog.project, catalog.version = "smmplan", ""
    catalog.fuzzy = False
    buffer = io.BytesIO()
    write_po(buffer, catalog, ignore_obsolete=True, include_previous=False, no_location=True)
    data = buffer.getvalue()
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)
    return True


def update() -> dict[str, Catalog]:
    """Extract, merge and write; the catalogs as written, by language."""
    english = read("en")
    found = template(english)
    write(found, locale_folder() / f"{DOMAIN}.pot")
    catalogs = {}
    for language in LANGUAGES:
        current = english if language == "en" else read(language)
        # Babel adds a template's new messages themselves, not copies: each catalog gets its own
        current.update(copy.deepcopy(found), no_fuzzy_matching=True, update_header_comment=False)
        if language == "en":
            for message in current:
                if message.context is not None and message.id and not message.string:
                    message.string = message.id
        write(current, po_path(language))
        catalogs[language] = current
    return catalogs


def main() -> int:
    catalogs = update()
    gaps = untranslated(template(catalogs["en"]), catalogs)
    for line in gaps:
        print(line)
    print(f"{len(gaps)} messages to translate" if gaps else "every message is translated")
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())
