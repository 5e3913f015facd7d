"""Is every message translated? For the catalogs' test and ``scripts/update_catalogs.py``.

A message is translated in a catalog when it is there, not fuzzy, has every plural form
the language has and none empty, and uses the same ``{placeholders}`` as its English:
the English catalog's text for a key, the msgid for a phrase.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from smmplan.locale.extract import placeholders

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message


def _forms(message: Message) -> tuple[str, ...]:
    value = message.string
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def _english(message: Message, english: Catalog) -> frozenset[str] | None:
    """The placeholders a translation must use, or None when English lacks the message."""
    if message.context is not None:
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        return frozenset().union(*(placeholders(i) for i in ids))
    found = english.get(message.id, context=None)
    if found is None or not any(_forms(found)):
        return None
    return frozenset().union(*(placeholders(f) for f in _forms(found)))


def untranslated(template: Catalog, catalogs: Mapping[str, Catalog]) -> list[str]:
    """Every problem, one line each: ``ru: 'nav.month': missing``; empty when complete."""
    english = catalogs["en"]
    problems = []
    for message in template:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        expected = _english(message, english)
        for language, found_in in catalogs.items():
            problem = _problem(
                message, found_in.get(message.id, context=message.context), expected, found_in
            )
            if problem:
                problems.append(f"{language}: {key!r}: {problem}")
    return problems


def _problem(
    wanted: Message, found: Message | None, expected: frozenset[str] | None, where: Catalog
) -> str | None:
    if found is None:
        return "missing"
    if found.fuzzy:
        return "fuzzy"
    forms = _forms(found)
    if wanted.pluralizable and len(forms) != where.num_plurals:
        return f"{len(forms)} plural forms, the language has {where.num_plurals}"
    if not all((form or "").strip() for form in forms):
        return "empty"
    if expected is None:
        return "no English text"
    for form in forms:
        if placeholders(form) != expected:
            shown = ", ".join(sorted(placeholders(form))) or "none"
            return f"placeholders {shown} instead of {', '.join(sorted(expected)) or 'none'}"
    return None
