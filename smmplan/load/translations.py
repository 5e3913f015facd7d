"""Languages: a brand's ``languages:``, its accounts per language, and posts in several
languages as sibling files.

A brand that speaks more than one language lists them, the first one primary
(``languages: [az, ru]``). One post in several languages is a set of sibling files in one
folder: ``qis-turu.az.md``, ``qis-turu.ru.md``. The part before the language is the post's
``id``, shared by its translations; each file is a post of its own, in its language, with
its own status, approval and line numbers. A file without a language suffix is a post in
the brand's primary language; without siblings it is a post the brand publishes in that
language only. Which translations exist is read from the folder when a post is loaded, so
every post knows its set without the loader comparing posts with each other.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from smmplan.load import values as v
from smmplan.model import Brand, Finding
from smmplan.suggest import did_you_mean

_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


@cache
def _known_languages() -> tuple[tuple[str, ...], Mapping[str, str]]:
    """Babel's language codes, and their English names (lower case) as aliases for hints."""
    from babel import Locale

    names = Locale("en").languages
    codes = tuple(sorted(code for code in names if "_" not in code))
    return codes, MappingProxyType({names[code].lower(): code for code in codes})


def is_language(tag: str) -> bool:
    """Whether ``tag`` names a language Babel knows: ``az``, ``ru``, ``pt-BR``, ``az-Cyrl``."""
    from babel import Locale, UnknownLocaleError

    if not _TAG.fullmatch(tag):
        return False
    try:
        Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return False
    return True


def language_tag(value: Any) -> str:
    """A language tag as a brand writes it, ``-`` between its parts (``pt-BR``)."""
    tag = v.text(value).strip().replace("_", "-")
    if not is_language(tag):
        codes, names = _known_languages()
        hint = did_you_mean(tag, codes, names)
        raise ValueError(f"'{tag}' is not a language tag like az or ru{hint}")
    language, *rest = tag.split("-")
    return "-".join([language.lower(), *rest])


def languages(value: Any) -> tuple[str, ...]:
    """``[az, ru]``: distinct language tags, the first one the brand's primary language."""
    tags = tuple(language_tag(item) for item in v.text_list(value))
    if not tags:
        raise ValueError("list at least one language, e.g. [az, ru]")
    twice = next((tag for n, tag in enumerate(tags) if tag in tags[:n]), None)
    if twice is not None:
        raise ValueError(f"'{twice}' is listed twice")
    return tags


def split_accounts(
    raw: Mapping[str, Any], brand_languages: tuple[str, ...], lines: Mapping[str, int]
) -> tuple[dict[str, str], dict[str, Mapping[str, str]], list[Finding]]:
    """``accounts:`` as (one handle per network, handles per language, findings).

    A network's value is a handle, or a mapping of language to handle
    (``telegram: {az: "@karvan_az", ru: "@karvan_ru"}``), each language one of the
    brand's. The single-handle view holds the primary language's handle (else the first
    listed) of such a network, for everything that needs one account per network.
    """
    single: dict[str, str] = {}
    by_language: dict[str, Mapping[str, str]] = {}
    findings: list[Finding] = []
    for network, value in raw.items():
        line = lines.get(f"accounts.{network}", lines.get("accounts", 1))
        if not isinstance(value, dict):
            try:
                single[network] = v.text(value)
            except ValueError as error:
                findings.append(Finding("invalid-value", f"accounts.{network}: {error}", line))
            continue
        handles = _language_handles(network, value, brand_languages, line, findings)
        if handles:
            by_language[network] = MappingProxyType(handles)
            primary = brand_languages[0] if brand_languages else ""
            single[network] = handles.get(primary, next(iter(handles.values())))
    return single, by_language, findings


def _language_handles(
    network: str,
    value: dict,
    brand_languages: tuple[str, ...],
    line: int,
    findings: list[Finding],
) -> dict[str, str]:
    if not brand_languages:
        message = (
            f"accounts.{network}: handles per language need the brand's 'languages',"
            " e.g. languages: [az, ru]"
        )
        findings.append(Finding("invalid-value", message, line))
        return {}
    handles: dict[str, str] = {}
    for language, handle in value.items():
        key = str(language).replace("_", "-")
        where = f"accounts.{network}.{key}"
        if key not in brand_languages:
            hint = did_you_mean(key, brand_languages)
            listed = ", ".join(brand_languages)
            message = f"{where}: '{key}' is not one of the brand's languages ({listed}){hint}"
            findings.append(Finding("invalid-value", message, line))
            continue
        try:
            handles[key] = v.text(handle)
        except ValueError as error:
            findings.append(Finding("invalid-value", f"{where}: {error}", line))
    return handles


class Translation(NamedTuple):
    """What a post's file name and folder say of its language."""

    language: str | None  # None: the brand has no languages, or the suffix is not one of them
    translation_id: str | None  # the slug without its language suffix
    translations: tuple[str, ...]  # the languages of its set, its own too; () if it has none
    findings: tuple[Finding, ...] = ()


def translation(
    path: Path, slug: str, brand: Brand | None, written_id: Any, line: int
) -> Translation:
    """The post at ``path`` (file name stem ``slug``) among its translations.

    ``written_id`` is its ``id:`` key as written (None when absent), at ``line``.
    """
    base, suffix = slug.rpartition(".")[::2] if "." in slug else (slug, "")
    if brand is None or not brand.languages:
        return Translation(None, None, (), _id_findings(written_id, slug, line))
    own = next((tag for tag in brand.languages if tag.lower() == suffix.lower()), None)
    findings: list[Finding] = []
    if own is None and suffix and is_language(suffix):
        listed = ", ".join(brand.languages)
        message = (
            f"the file name says '{suffix}', which is not one of {brand.name}'s languages"
            f" ({listed}){did_you_mean(suffix, brand.languages)}"
        )
        findings.append(Finding("translation-language-unknown", message, 1))
        return Translation(None, base, (), tuple(findings) + _id_findings(written_id, base, line))
    if own is None:
        base, own, plain = slug, brand.languages[0], True
    else:
        plain = False
    present = _present(path, base, brand.languages, plain)
    if plain and brand.languages[0] in present:
        twin = f"{base}.{brand.languages[0]}{path.suffix}"
        message = (
            f"{path.name} and {twin} are both the {brand.languages[0]} version of '{base}'"
            f" (a file without a language suffix is in {brand.name}'s first language)"
        )
        findings.append(Finding("translation-duplicate", message, 1))
    translated = not plain or bool(present)
    group = tuple(t for t in brand.languages if t == own or t in present) if translated else ()
    return Translation(own, base, group, tuple(findings) + _id_findings(written_id, base, line))


def _present(path: Path, base: str, tags: tuple[str, ...], plain: bool) -> set[str]:
    """The languages of ``base`` that have a file beside ``path`` (the plain file counts
    as the primary language)."""
    folder, extension = path.parent, path.suffix
    found = {tag for tag in tags if os.path.lexists(folder / f"{base}.{tag}{extension}")}
    if not plain and os.path.lexists(folder / f"{base}{extension}"):
        found.add(tags[0])
    return found


def _id_findings(written_id: Any, expected: str, line: int) -> tuple[Finding, ...]:
    if written_id is None or str(written_id) == expected:
        return ()
    message = (
        f"id '{written_id}' does not match the file name, whose id is '{expected}':"
        " translations share the name before the language (rename the file or fix the id)"
    )
    return (Finding("translation-id-mismatch", message, line),)


def common_words(value: Any) -> tuple[str, ...]:
    """The ``banned_words`` of every language: the list, or a mapping's ``all`` words."""
    if isinstance(value, dict):
        return v.text_list(value.get("all"))
    return v.text_list(value)


def words_by_language(
    f: v.Fields, brand_languages: tuple[str, ...]
) -> Mapping[str, tuple[str, ...]]:
    """``banned_words: {all: [spam], az: [ucuz], ru: [дёшево]}``: the words banned in one
    language's posts only (``all``: in every post). The keys must be the brand's
    languages, else a finding on the ``banned_words`` line."""
    value = f.raw("banned_words") if "banned_words" in f else None
    if not isinstance(value, dict):
        return MappingProxyType({})
    found: dict[str, tuple[str, ...]] = {}
    for key, words in value.items():
        tag = str(key).replace("_", "-")
        if tag == "all":
            continue
        if tag not in brand_languages:
            choices = ", ".join(("all", *brand_languages))
            hint = did_you_mean(tag, ("all", *brand_languages))
            message = (
                f"banned_words.{tag}: '{tag}' is not one of the brand's languages ({choices}){hint}"
            )
            f.invalid(message, f.line("banned_words"))
            continue
        try:
            found[tag] = v.text_list(words)
        except ValueError as error:
            f.invalid(f"banned_words.{tag}: {error}", f.line("banned_words"))
    return MappingProxyType(found)
