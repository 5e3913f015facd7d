"""The templates ``smmplan new`` fills in, in the brand's language, and how it writes files.

A template line that is only ``%%NAME%%`` is replaced by that value's lines (none when
the value is empty); ``%%NAME%%`` inside a line by the value. Upper-case names are
values, lower-case names are words from ``templates/new/words.yml`` in the chosen
language. A file is written atomically and never over an existing one.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files
from pathlib import Path

from smmplan.locale import phrase
from smmplan.suggest import did_you_mean
from smmplan.workflow.writing import create

LOCALES = ("en", "ru", "az", "tl")  # the languages the calendar site speaks
FALLBACK_LOCALE = "en"
_WORD = re.compile(r"%%([a-z_]+)%%")
_VALUE = re.compile(r"%%([A-Z_]+)%%")


class NewError(ValueError):
    """The brand, date or file asked for cannot be used; nothing was written."""


@cache
def template(name: str) -> str:
    return (files("smmplan.workflow") / "templates" / "new" / name).read_text(encoding="utf-8")


@cache
def words(locale: str) -> dict[str, str]:
    """The words of ``locale`` (English for a locale the site does not speak)."""
    import yaml

    table = yaml.safe_load(template("words.yml"))
    return table.get(language(locale) or FALLBACK_LOCALE, table[FALLBACK_LOCALE])


def language(locale: str) -> str | None:
    """``ru`` for ``ru``, ``ru_RU`` or ``ru-RU``; None for a language the site does not speak."""
    code = locale.replace("-", "_").split("_")[0].lower()
    return code if code in LOCALES else None


def locale_problem(locale: str) -> str | None:
    """Why ``--locale`` cannot be used, or None."""
    if locale in LOCALES:
        return None
    code = language(locale)
    hint = phrase(" (did you mean '{name}'?)", name=code) if code else did_you_mean(locale, LOCALES)
    return phrase(
        "--locale {locale}: the site speaks {languages}{hint}",
        locale=locale,
        languages=", ".join(LOCALES),
        hint=hint,
    )


def fill(name: str, locale: str, values: dict[str, str]) -> str:
    """The template ``name`` with its words in ``locale`` and ``values`` filled in once."""
    table = words(locale)
    worded = _WORD.sub(lambda match: table.get(match[1], match[0]), template(name))
    lines: list[str] = []
    for line in worded.rstrip("\n").split("\n"):
        whole = _VALUE.fullmatch(line)
        if whole and whole[1] in values:
            lines.extend(values[whole[1]].split("\n") if values[whole[1]] else [])
        else:  # one pass: a value that holds %%NAME%% stays as it is
            lines.append(_VALUE.sub(lambda match: values.get(match[1], match[0]), line))
    return "\n".join(lines) + "\n"


def quote(value: str) -> str:
    """A YAML scalar for any text (JSON strings are YAML double-quoted scalars)."""
    return json.dumps(value, ensure_ascii=False)


def free_path(folder: Path, slug: str, suffix: str = ".md") -> Path:
    path = folder / f"{slug}{suffix}"
    number = 2
    while path.exists() or path.is_symlink():
        path = folder / f"{slug}-{number}{suffix}"
        number += 1
    return path


def write_new(path: Path, text: str) -> None:
    """Create ``path`` with ``text`` (see :mod:`smmplan.workflow.writing`), never over a file."""
    try:
        create(path, text)
    except FileExistsError:
        raise NewError(phrase("{path} already exists", path=path)) from None
