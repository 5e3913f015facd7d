"""Extraction for Babel (``babel.cfg``, ``pybabel extract -F babel.cfg``) and the
completeness of the catalogs.

Messages are found in calls, by the called name, whatever object it hangs on:

- ``t("nav.calendar")``, ``lang.t(...)``, ``h.t(...)`` in templates: a site key;
- ``n("count.posts", count)``: a key with plural forms;
- ``phrase("title is {length} ...", length=...)``: an English template (context ``phrase``);
- ``%%t:init.readme.intro%%`` in the files ``smmplan init`` writes: a key.

A key built at run time (``t(f"status.{status}")``, ``h.t("goal." ~ goal)``) cannot be
read from the source: its fixed start becomes a family (``status.*``), and
:func:`template` keeps every key of the English catalog that starts with it.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

KEY_CALLS = frozenset({"t"})
PLURAL_CALLS = frozenset({"n"})
PHRASE_CALLS = frozenset({"phrase"})
FAMILY_MARK = "*"
_Found = tuple[int, str, Any, list[str]]  # what a Babel extraction method yields


def _named(name: str, lineno: int, first: str | None, prefix: str | None) -> Iterator[_Found]:
    if first is not None:
        if name in PHRASE_CALLS:
            yield lineno, "pgettext", ("phrase", first), []
        elif name in PLURAL_CALLS:
            yield lineno, "ngettext", (first, first), []
        else:
            yield lineno, "gettext", first, []
    elif prefix and name not in PHRASE_CALLS:
        yield lineno, "gettext", prefix + FAMILY_MARK, []


def _python_first(
    argument: ast.expr, made: Mapping[str, str]
) -> list[tuple[str | None, str | None]]:
    """Each (literal string, fixed start of an f-string) the argument can be; ``made``
    holds the fixed starts of the f-strings assigned to names in the same function."""
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return [(argument.value, None)]
    if isinstance(argument, ast.IfExp):
        return _python_first(argument.body, made) + _python_first(argument.orelse, made)
    if isinstance(argument, ast.Name) and argument.id in made:
        return [(None, made[argument.id])]
    head = _fstring_head(argument)
    return [(None, head)] if head is not None else []


def _fstring_head(node: ast.expr) -> str | None:
    if isinstance(node, ast.JoinedStr) and node.values:
        head = node.values[0]
        if isinstance(head, ast.Constant) and isinstance(head.value, str):
            return head.value
    return None


def _made_names(scope: ast.AST) -> dict[str, str]:
    """``key = f"metric.{name}"`` in a function: {"key": "metric."}."""
    made = {}
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, head = node.targets[0], _fstring_head(node.value)
            if isinstance(target, ast.Name) and head is not None:
                made[target.id] = head
    return made


def python_messages(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Mapping
) -> Iterator[_Found]:
    """Babel extraction method for Python source."""
    tree = ast.parse(fileobj.read())
    calls = KEY_CALLS | PLURAL_CALLS | PHRASE_CALLS
    scopes = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    made_in: dict[int, dict[str, str]] = {}
    for scope in scopes:  # outer functions first: an inner one's own names win
        made = _made_names(scope)
        made_in.update((id(node), made) for node in ast.walk(scope))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name in calls:
            for first, prefix in _python_first(node.args[0], made_in.get(id(node), {})):
                yield from _named(name, node.lineno, first, prefix)


def _jinja_first(argument: Any) -> tuple[str | None, str | None]:
    from jinja2 import nodes

    if isinstance(argument, nodes.Const) and isinstance(argument.value, str):
        return argument.value, None
    if isinstance(argument, nodes.Concat) and argument.nodes:
        head = argument.nodes[0]
        if isinstance(head, nodes.Const) and isinstance(head.value, str):
            return None, head.value
    return None, None


def jinja_messages(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Mapping
) -> Iterator[_Found]:
    """Babel extraction method for the site's Jinja2 templates."""
    import jinja2
    from jinja2 import nodes

    tree = jinja2.Environment().parse(fileobj.read().decode("utf-8"))
    calls = KEY_CALLS | PLURAL_CALLS
    for node in tree.find_all(nodes.Call):
        func = node.node
        name = func.attr if isinstance(func, nodes.Getattr) else getattr(func, "name", None)
        if name in calls and node.args:
            yield from _named(name, node.lineno, *_jinja_first(node.args[0]))


INIT_MESSAGE = re.compile(rb"%%t:([a-z0-9_.]+)%%")


def init_template_messages(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Mapping
) -> Iterator[_Found]:
    """Babel extraction method for the templates of ``smmplan init``."""
    for lineno, line in enumerate(fileobj, start=1):
        for match in INIT_MESSAGE.finditer(line):
            yield lineno, "gettext", match[1].decode("ascii"), []


def source_folder() -> Path:
    """The ``smmplan`` package folder the messages are extracted from."""
    return Path(__file__).resolve().parent.parent


def mapping() -> tuple[list[tuple[str, str]], dict]:
    """Babel's method map and options, as ``babel.cfg`` spells them."""
    from babel.messages.frontend import parse_mapping_cfg

    config = source_folder().parent / "babel.cfg"
    with config.open(encoding="utf-8") as handle:
        return parse_mapping_cfg(handle)


def template(english: Catalog | None = None) -> Catalog:
    """The message template: every message in the source, and the English catalog's keys
    of each family built at run time."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    from smmplan.locale.catalogs import catalog

    english = english if english is not None else catalog("en")
    found = Catalog(domain="smmplan", project="smmplan", version="", fuzzy=False)
    method_map, options_map = mapping()
    families: set[str] = set()
    root = source_folder()
    for filename, lineno, message, _comments, context in sorted(
        extract_from_dir(root, method_map, options_map, strip_comment_tags=True),
        key=lambda item: (item[0], item[1], str(item[2])),
    ):
        where = (f"smmplan/{filename}", lineno)
        if isinstance(message, str) and message.endswith(FAMILY_MARK):
            families.add(message[: -len(FAMILY_MARK)])
            continue
        found.add(message, locations=[where], context=context)
    for message in english:
        key = message.id if isinstance(message.id, str) else message.id[0]
        built = message.context is None and key and any(key.startswith(f) for f in families)
        if built and key not in found:
            found.add(message.id, auto_comments=["built at run time"])
    return found


def placeholders(text: str) -> frozenset[str]:
    try:
        return frozenset(n for _t, n, _s, _c in string.Formatter().parse(text) if n is not None)
    except ValueError:
        return frozenset({"<unbalanced braces>"})
