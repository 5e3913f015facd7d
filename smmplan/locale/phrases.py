"""Sentences that speak the reader's language while English stays byte for byte the same.

A rule writes its message with :func:`phrase`: ``phrase("title is {length} of {limit}
characters on {network}", length=..., limit=..., network=...)`` is exactly the English
sentence an f-string would make, a plain ``str`` that a check cache, a worker process or
JSON keep as it is. The template is the msgid (context ``phrase``) that extraction puts
in the catalogs. :func:`translate` works from the English sentence alone: it finds the
template that produced it, reads the values back out of it and fills the translated
template with them, each value itself translated when it is a phrase (``thread part 2
of 3`` inside ``{label} is ...``); where a sentence reads more than one way, the reading
whose values are phrases wins. A sentence no template matches, or one whose template has
no translation yet, is returned unchanged. The values of :data:`VERBATIM` placeholders
(``{field}``: a YAML key such as ``title``) are names, never translated.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from smmplan.locale.catalogs import catalog, language_of, translations

PHRASE_CONTEXT = "phrase"
VERBATIM = frozenset(
    {"address", "field", "given", "handle", "item", "key", "link", "name", "output", "path"}
    | {"raw", "root", "shift", "src", "word"}
)
"""Placeholders whose values are names or text from the files (``networks.x.title``,
``'title'`` in "did you mean"), never words to translate."""
NUMERIC = frozenset({"cached", "count", "days", "depth", "exported", "rendered", "selected"})
"""Placeholders that hold a number: ``{count} skipped`` does not read ``a.csv:6: ... skipped``."""
_DIGIT_GROUPS = str.maketrans("", "", ",. \u00a0\u202f")


def phrase(template: str, /, **values: Any) -> str:
    """``template`` with its ``{name}`` placeholders filled: the English sentence."""
    return template.format(**values) if values else template


_MAX_SPLITS = 64  # ways to read one sentence against one template, at most


@dataclass(frozen=True, slots=True)
class _Template:
    msgid: str
    tokens: tuple[tuple[str, bool], ...]  # (literal text, False) or (placeholder name, True)
    prefix: str  # the literal text before the first placeholder
    literal: int  # characters of literal text: the more, the more specific


def _compile(msgid: str) -> _Template | None:
    tokens: list[tuple[str, bool]] = []
    for text, name, _spec, _conversion in string.Formatter().parse(msgid):
        if text:
            tokens.append((text, False))
        if name is not None:
            if not name.isidentifier():
                return None
            tokens.append((name, True))
    literal = sum(len(text) for text, field in tokens if not field)
    if not literal or all(not field for _text, field in tokens):
        return None  # literal-only phrases are looked up directly; "{x}" matches anything
    prefix = tokens[0][0] if not tokens[0][1] else ""
    return _Template(msgid, tuple(tokens), prefix, literal)


def _splits(
    tokens: tuple[tuple[str, bool], ...], text: str, at: int, values: dict[str, str]
) -> Iterator[dict[str, str]]:
    """Every way ``text[at:]`` reads as ``tokens``, as the values of the placeholders."""
    if not tokens:
        if at == len(text):
            yield dict(values)
        return
    (value, is_field), rest = tokens[0], tokens[1:]
    if not is_field:
        if text.startswith(value, at):
            yield from _splits(rest, text, at + len(value), values)
        return
    if not rest:
        ends: Iterable[int] = (len(text),)
    elif not rest[0][1]:
        ends = _occurrences(text, rest[0][0], at)
    else:  # two placeholders in a row: the second is an optional suffix, so longest first
        ends = range(len(text), at - 1, -1)
    for end in ends:
        piece = text[at:end]
        if values.get(value, piece) != piece:
            continue  # a placeholder used twice holds the same text both times
        if value in NUMERIC and not piece.translate(_DIGIT_GROUPS).isdigit():
            continue
        yield from _splits(rest, text, end, {**values, value: piece})


def _occurrences(text: str, literal: str, start: int) -> Iterator[int]:
    found = text.find(literal, start)
    while found != -1:
        yield found
        found = text.find(literal, found + 1)


@cache
def _templates() -> tuple[_Template, ...]:
    found = []
    for message in catalog("en"):
        if message.context == PHRASE_CONTEXT and isinstance(message.id, str):
            compiled = _compile(message.id)
            if compiled is not None:
                found.append(compiled)
    return tuple(sorted(found, key=lambda t: (-t.literal, t.msgid)))


def translate(text: str, language: str) -> str:
    """The English ``text`` (made by :func:`phrase`) in ``language``; unchanged for
    English, for a sentence no phrase made, or for one not translated yet."""
    language = language_of(language)
    if language == "en" or not text:
        return text
    return _translate(text, language)


@lru_cache(maxsize=8192)  # a plan repeats the same few sentences many times
def _translate(text: str, language: str) -> str:
    if not text:
        return text  # the empty msgid is the catalog's header
    found = translations(language)
    direct = found.pgettext(PHRASE_CONTEXT, text)
    if direct != text:
        return direct
    own = _own_phrases(language)
    for template in _templates():
        if not _could_read(template, text):
            continue
        values = _best_split(template, text, language)
        if values is None:
            continue
        if template.msgid not in own:
            return text
        translated = found.pgettext(PHRASE_CONTEXT, template.msgid)
        return translated.format(**{n: _value(n, v, language) for n, v in values.items()})
    return text


def _value(name: str, value: str, language: str) -> str:
    return value if name in VERBATIM else _translate(value, language)


@cache
def _own_phrases(language: str) -> frozenset[str]:
    """The phrases ``language``'s own catalog translates (some read the same as English:
    ``{field}: {problem}``), without English's fallback."""
    return frozenset(
        message.id
        for message in catalog(language)
        if message.context == PHRASE_CONTEXT
        and isinstance(message.id, str)
        and message.string
        and not message.fuzzy
    )


def _could_read(template: _Template, text: str) -> bool:
    """A quick test that rules most templates out: its literal pieces are in ``text``, in
    their order, the first at its start and the last at its end."""
    tokens = template.tokens
    if not text.startswith(template.prefix):
        return False
    if not tokens[-1][1] and not text.endswith(tokens[-1][0]):
        return False
    at = 0
    for value, is_field in tokens:
        if not is_field:
            found = text.find(value, at)
            if found == -1:
                return False
            at = found + len(value)
    return True


def _paired(value: str) -> bool:
    """Whether every ``(`` in ``value`` is closed after it, and every ``)`` opened before."""
    depth = 0
    for char in value:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _best_split(template: _Template, text: str, language: str) -> dict[str, str] | None:
    """The reading of ``text`` whose values are most often phrases themselves (`` (a
    caption under media)`` is the ``{where}`` after ``{network}``, not part of it), then
    with the fewest values whose parentheses do not pair up (``X (Twitter)`` is one
    network); the first of equals."""
    best, best_score = None, (-1, 0)
    for count, values in enumerate(_splits(template.tokens, text, 0, {})):
        phrases = sum(
            1 for n, v in values.items() if v and n not in VERBATIM and _translate(v, language) != v
        )
        unbalanced = sum(1 for v in values.values() if not _paired(v))
        score = (phrases, -unbalanced)
        if score > best_score:
            best, best_score = values, score
        if count >= _MAX_SPLITS:
            break
    return best
