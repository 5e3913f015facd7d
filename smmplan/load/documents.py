"""Read a file into front matter (YAML nodes with their lines) and a body (with its line).

python-frontmatter and MkDocs strip whitespace and lose line numbers, so smmplan splits
front matter itself and keeps PyYAML's node marks: every key knows its line in the file.
YAML is composed safely (the C parser when available) and converted to Python values
with a budget on alias expansion, so a "billion laughs" document is refused quickly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from smmplan.locale import phrase
from smmplan.model import Finding, TextPart

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    """The safe (C) loader without path-resolver bookkeeping: smmplan registers none, and
    the parser would otherwise call back into Python twice for every node."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """PyYAML's tag resolution (no path resolvers), without running its expressions
        for the plain texts they cannot match, and remembering short values' tags: the
        parser asks for every scalar, and most are keys and network names seen before."""
        if kind is not ScalarNode:
            return _SEQ if kind is SequenceNode else _MAP
        if not implicit[0] or (value and value[0] not in _RESOLVED_FIRST):
            return _STR
        tag = _RESOLVED.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(value) <= 40 and len(_RESOLVED) < 4096:
                _RESOLVED[value] = tag
        return tag


BOM = "\ufeff"
FENCE = "---"
MAX_EXPANDED_NODES = 20_000  # nodes visited while expanding aliases; real posts use < 500
MAX_DEPTH = 32  # levels of nesting; real files use fewer than 6
_PLAIN_DEPTH = 8  # deeper trees take _structure's careful walk
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
# the first characters of the values an implicit resolver may match ('' for the empty value)
_RESOLVED_FIRST = frozenset(k for k in _SafeLoader.yaml_implicit_resolvers if k)
_RESOLVED: dict[str, str] = {}  # plain value -> its tag, for values of up to 40 characters
_SIMPLE_TAGS = {
    "tag:yaml.org,2002:null": _CONSTRUCTOR.construct_yaml_null,
    "tag:yaml.org,2002:bool": _CONSTRUCTOR.construct_yaml_bool,
    "tag:yaml.org,2002:int": _CONSTRUCTOR.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float,
}
# Dates and times stay strings: smmplan parses them itself, with its own clear messages.
_TEXT_TAGS = {_STR, "tag:yaml.org,2002:timestamp"}


class ValueProblem(ValueError):
    """A YAML value that cannot be turned into plain data; ``line`` is 1-based in the file."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Document:
    """A file split into its front matter node and its body."""

    root: MappingNode | None  # None when the front matter is empty or unusable
    body: str = ""
    body_line: int = 1  # the file line where the body starts
    offset: int = 1  # add to a node's 0-based mark line to get its file line
    findings: tuple[Finding, ...] = field(default=())

    def line(self, node: Node) -> int:
        return node.start_mark.line + self.offset


def decode_text(data: bytes) -> tuple[str | None, Finding | None]:
    """UTF-8 text with or without BOM, CRLF or LF, as LF text; or a finding saying why not."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, Finding(
            "front-matter-invalid",
            phrase(
                "file is not UTF-8 text (byte 0x{byte} at offset {offset}); save it as UTF-8",
                byte=f"{data[error.start]:02x}",
                offset=error.start,
            ),
            line,
        )
    if text.startswith(BOM):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, None


def read_markdown(data: bytes) -> Document:
    """Split a Markdown file with YAML front matter between ``---`` lines."""
    text, problem = decode_text(data)
    if text is None:
        return Document(None, findings=(problem,) if problem else ())
    if not text.strip():
        return _invalid(
            phrase("file is empty: a post starts with a '---' line, its keys, and '---'"), 1
        )
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        return _invalid(
            phrase(
                "no front matter: the first line must be '---', followed by keys like 'title:'"
                " and a closing '---'"
            ),
            1,
        )
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (FENCE, "...")), None)
    if close is None:
        return _invalid(
            phrase(
                "front matter opened on line 1 is never closed: add a line holding only '---'"
                " after the last key"
            ),
            1,
        )
    body = "\n".join(lines[close + 1 :])
    root, findings = parse_mapping("\n".join(lines[1:close]), offset=2, what=phrase("front matter"))
    return Document(root, body, close + 2, 2, tuple(findings))


def read_yaml(data: bytes) -> Document:
    """A plain YAML file (brands, smmplan.yml) whose top level must be a mapping."""
    text, problem = decode_text(data)
    if text is None:
        return Document(None, findings=(problem,) if problem else ())
    root, findings = parse_mapping(text, offset=1, what=phrase("the file"))
    return Document(root, offset=1, findings=tuple(findings))


def parse_mapping(text: str, offset: int, what: str) -> tuple[MappingNode | None, list[Finding]]:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + offset if mark else offset
        column = mark.column + 1 if mark else 1
        reason = " ".join(p for p in (error.context, error.problem) if p) or "invalid YAML"
        message = phrase("YAML syntax error: {reason}", reason=reason)
        return None, [Finding("front-matter-invalid", message, line, column)]
    except yaml.YAMLError as error:  # e.g. a reader error on a control character
        message = phrase("YAML error: {reason}", reason=error)
        return None, [Finding("front-matter-invalid", message, offset)]
    if node is None:
        return None, []
    if not isinstance(node, MappingNode):
        kind = phrase("a list") if isinstance(node, SequenceNode) else phrase("a single value")
        return None, [
            Finding(
                "front-matter-invalid",
                phrase(
                    "{what} must be a mapping of keys to values, not {kind}", what=what, kind=kind
                ),
                node.start_mark.line + offset,
            )
        ]
    plain = _plain_structure(node, offset)
    findings, usable = (plain, True) if plain is not None else _structure(node, offset)
    return (node if usable else None), findings


def _plain_structure(root: MappingNode, offset: int) -> list[Finding] | None:
    """``_structure``'s findings for the usual tree: no node reached twice (no alias to a
    list or mapping) and at most _PLAIN_DEPTH levels; None for any other tree. Cheaper:
    a mapping whose keys are distinct texts holds no finding."""
    findings: list[Finding] = []
    seen: set[int] = set()
    todo: list[tuple[Node, int]] = [(root, 1)]
    while todo:
        node, depth = todo.pop()
        if depth > _PLAIN_DEPTH or id(node) in seen:
            return None
        seen.add(id(node))
        if node.__class__ is SequenceNode:
            todo.extend(
                (child, depth + 1) for child in node.value if child.__class__ is not ScalarNode
            )
            continue
        pairs = node.value
        keys = {key.value for key, _ in pairs if key.__class__ is ScalarNode}
        if len(keys) != len(pairs):
            findings.extend(_mapping_keys(node, offset))
            todo.extend((key, depth + 1) for key, _ in pairs if key.__class__ is not ScalarNode)
        todo.extend((value, depth + 1) for _, value in pairs if value.__class__ is not ScalarNode)
    findings.sort(key=lambda f: (f.line, f.column))
    return findings


def _structure(root: MappingNode, offset: int) -> tuple[list[Finding], bool]:
    """Findings about the shape of the whole tree: duplicate keys and keys that are lists
    or mappings at every depth; nesting deeper than MAX_DEPTH and aliases that contain
    themselves make the tree unusable (the second item is then False).

    Iterative, so that neither a deep tree nor an alias cycle reaches Python's recursion
    limit; each node is examined once, however many aliases point at it.
    """
    findings: list[Finding] = []
    done: set[int] = set()
    on_path: set[int] = set()
    stack: list[tuple[Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, leaving = stack.pop()
        if leaving:
            on_path.discard(id(node))
            done.add(id(node))
            continue
        if id(node) in on_path or depth > MAX_DEPTH:
            cycle = id(node) in on_path
            return [_too_deep(node, offset, cycle)], False
        if id(node) in done or isinstance(node, ScalarNode):
            continue
        on_path.add(id(node))
        stack.append((node, depth, True))
        if isinstance(node, MappingNode):
            findings.extend(_mapping_keys(node, offset))
            children = [child for pair in node.value for child in pair]
        else:
            children = node.value
        # a scalar holds nothing to examine: it goes on the stack only to be too deep
        deepest = depth + 1 > MAX_DEPTH
        stack.extend(
            (child, depth + 1, False)
            for child in reversed(children)
            if deepest or not isinstance(child, ScalarNode)
        )
    findings.sort(key=lambda f: (f.line, f.column))
    return findings, True


def _too_deep(node: Node, offset: int, cycle: bool) -> Finding:
    line = node.start_mark.line + offset
    if cycle:
        message = phrase("a YAML alias refers to a value that contains it (a cycle): refused")
    else:
        message = phrase(
            "values are nested more than {depth} levels deep: refused", depth=MAX_DEPTH
        )
    return Finding("front-matter-invalid", message, line, node.start_mark.column + 1)


def _mapping_keys(node: MappingNode, offset: int) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for key, _ in node.value:
        line = key.start_mark.line + offset
        column = key.start_mark.column + 1
        if not isinstance(key, ScalarNode):
            kind = phrase("a list") if isinstance(key, SequenceNode) else phrase("a mapping")
            message = phrase("a key must be a plain text, not {kind}", kind=kind)
            yield Finding("front-matter-invalid", message, line, column)
        elif key.tag == "tag:yaml.org,2002:merge":
            continue
        elif key.value in seen:
            yield Finding(
                "front-matter-invalid",
                phrase(
                    "duplicate key '{key}' (first on line {first}): the second value would"
                    " silently win",
                    key=key.value,
                    first=seen[key.value],
                ),
                line,
                column,
            )
        else:
            seen[key.value] = line


def _invalid(message: str, line: int) -> Document:
    return Document(None, findings=(Finding("front-matter-invalid", message, line),))


def split_parts(body: str, first_line: int) -> tuple[TextPart, ...]:
    """Split text on lines holding only ``---``; each part keeps the line where it starts."""
    parts: list[TextPart] = []
    chunk: list[str] = []
    start = first_line

    def flush() -> None:
        while chunk and not chunk[-1].strip():
            chunk.pop()
        lead = 0
        while lead < len(chunk) and not chunk[lead].strip():
            lead += 1
        if lead < len(chunk):
            parts.append(TextPart("\n".join(chunk[lead:]), start + lead))

    for offset, line in enumerate(body.split("\n")):
        if line.rstrip() == "---":
            flush()
            chunk = []
            start = first_line + offset + 1
        else:
            chunk.append(line)
    flush()
    return tuple(parts)


def items(node: MappingNode, offset: int) -> Iterator[tuple[str, int, Node]]:
    """(key, key line, value node) for each plain key of a mapping."""
    for key, value in node.value:
        if isinstance(key, ScalarNode):
            yield str(key.value), key.start_mark.line + offset, value


def to_python(node: Node, offset: int) -> Any:
    """Plain Python data from a node: str, int, float, bool, None, list, dict.

    Raises ValueProblem for values PyYAML cannot build (``0x`` garbage, unknown tags)
    and for alias expansion beyond MAX_EXPANDED_NODES.
    """
    if node.__class__ is ScalarNode and node.tag in _TEXT_TAGS:
        return node.value  # most values: no budget to keep for a single text
    budget = [MAX_EXPANDED_NODES]
    return _convert(node, offset, budget)


def _unreadable(value: str, error: Exception) -> str:
    """Why a scalar cannot be read, without echoing a value of thousands of characters."""
    if len(value) <= 60:
        return f"cannot read {value!r}: {error}"
    if "integer string conversion" in str(error):
        return f"a number of {len(value):,} digits is far too large"
    return f"cannot read a value of {len(value):,} characters: {error}"


def _convert(node: Node, offset: int, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise ValueProblem(
            phrase(
                "YAML aliases expand to more than {count} values: refused",
                count=MAX_EXPANDED_NODES,
            ),
            node.start_mark.line + offset,
        )
    if isinstance(node, ScalarNode):
        if node.tag in _TEXT_TAGS:
            return node.value
        build = _SIMPLE_TAGS.get(node.tag)
        if build is None:
            raise ValueProblem(
                phrase("unsupported YAML tag {tag}", tag=node.tag), node.start_mark.line + offset
            )
        try:
            return build(node)
        except (ValueError, TypeError, OverflowError) as error:
            raise ValueProblem(
                _unreadable(node.value, error), node.start_mark.line + offset
            ) from None
    if isinstance(node, SequenceNode):
        return [_convert(item, offset, budget) for item in node.value]
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        for key, value in node.value:
            if key.tag == "tag:yaml.org,2002:merge":
                merged = _convert(value, offset, budget)
                for part in merged if isinstance(merged, list) else [merged]:
                    if isinstance(part, dict):
                        for k, v in part.items():
                            result.setdefault(k, v)
                continue
            plain_key = _convert(key, offset, budget)
            if isinstance(plain_key, list | dict):
                raise ValueProblem(
                    phrase("a key must be a plain value"), key.start_mark.line + offset
                )
            result[plain_key] = _convert(value, offset, budget)
        return result
    raise ValueProblem(phrase("unsupported YAML node"), node.start_mark.line + offset)
