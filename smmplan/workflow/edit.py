"""Change a post's front matter by editing its text, never by re-serialising its YAML.

Dumping parsed YAML back into the file would lose what people put there on purpose:
comments, key order, quoting, blank lines, line endings, a byte-order mark, a missing
final newline. A reviewer would see a diff of the whole front matter for a one-word
change. So this module parses the front matter only to learn *where* things are (PyYAML's
composer gives every node its character index) and then rewrites
just those characters: one key's value, some entries of one mapping, or whole new lines
inserted beside them with the line ending of the line they follow. Every other byte is
copied as it was.

The file is split the way ``smmplan.load.documents`` splits it (BOM, ``\\r\\n``, ``\\r``
or ``\\n``, the first line ``---``, the next ``---`` or ``...`` line), so both agree on
what the front matter is. What the edit means is checked by the caller, who re-reads the
result with the project's loader.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

try:  # the loader's own parser, so both accept the same files (marks count characters)
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

BOM = "\ufeff"
_LINE = re.compile(r"(\r\n|\r|\n)")
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_FLOW_INDICATORS = ",[]{}"


class EditError(ValueError):
    """The front matter cannot be edited safely; ``line`` is 1-based in the file."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def plain_ok(value: str, flow: bool = False) -> bool:
    """Can ``value`` be written as a plain YAML scalar and read back as the same text?"""
    if not value or value != value.strip() or value[0] in _INDICATORS:
        return False
    if ": " in value or " #" in value or value.endswith(":") or "\t" in value:
        return False
    if flow and any(ch in value for ch in _FLOW_INDICATORS):
        return False
    if not all(ch.isprintable() for ch in value):
        return False
    sample = f"{{k: {value}}}" if flow else f"k: {value}"
    try:
        return yaml.safe_load(sample) == {"k": value}
    except yaml.YAMLError:
        return False


def double_quoted(value: str) -> str:
    """A YAML double-quoted scalar; anything not printable is escaped."""
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def scalar(value: str, flow: bool = False, style: str | None = None) -> str:
    """``value`` as YAML: in ``style`` (a quote character) when given and able to hold
    it, plain where YAML reads it back unchanged, else double-quoted."""
    if style == "'" and all(ch.isprintable() for ch in value):
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        return double_quoted(value)
    return value if plain_ok(value, flow) else double_quoted(value)


def network_key(raw: object) -> str:
    """A ``published:`` key as the loader reads it."""
    return str(raw).strip().lower()


@dataclass
class _Edits:
    spans: list[tuple[int, int, int, str]] = field(default_factory=list)  # line, from, to, text
    inserts: dict[int, list[str]] = field(default_factory=dict)  # after line -> new lines


class FrontMatterEditor:
    """One post file's text, with its front matter located; edits are collected, then
    :meth:`result` gives the new bytes."""

    def __init__(self, data: bytes) -> None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            raise EditError("the file is not UTF-8 text", line) from None
        self.bom = BOM if text.startswith(BOM) else ""
        pieces = _LINE.split(text[len(self.bom) :])
        self.contents = pieces[0::2]
        self.ends = [*pieces[1::2], ""]
        if self.contents[0].rstrip() != "---":
            raise EditError("no front matter: the first line is not '---'")
        closing = (
            i for i, line in enumerate(self.contents) if i and line.rstrip() in ("---", "...")
        )
        self.close = next(closing, 0)
        if not self.close:
            raise EditError("the front matter opened on line 1 is never closed")
        self.newline = self.ends[0] or "\n"
        self.front = "\n".join(self.contents[1 : self.close])
        self.starts = [0]
        for line in self.contents[1 : self.close - 1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.root = self._compose()
        self.edits = _Edits()
        self.placed: dict[str, int] = {}  # key -> the line after which it was inserted

    # -- where things are ----------------------------------------------------------------

    def _compose(self) -> MappingNode:
        try:
            root = yaml.compose(self.front, Loader=_Loader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = self.where(mark.index)[0] + 1 if mark else 2
            raise EditError(f"the front matter does not parse: {error.problem}", line) from None
        except yaml.YAMLError as error:
            raise EditError(f"the front matter does not parse: {error}", 2) from None
        if not isinstance(root, MappingNode) or root.flow_style or not root.value:
            raise EditError("the front matter is not a block of 'key: value' lines", 2)
        return root

    def where(self, index: int) -> tuple[int, int]:
        """(line index in the file, column) of a character index in the front matter."""
        number = bisect_right(self.starts, index) - 1
        return number + 1, index - self.starts[number]

    def line_of(self, node: Node) -> int:
        return self.where(node.start_mark.index)[0] + 1

    def _one_line(self, node: Node) -> tuple[int, int, int]:
        line, start = self.where(node.start_mark.index)
        end_line, end = self.where(node.end_mark.index)
        if end_line != line:
            raise EditError("this value spans several lines: edit it by hand", line + 1)
        return line, start, end

    def _find(self, key: str) -> tuple[ScalarNode, Node] | None:
        found = [(k, v) for k, v in self.root.value if isinstance(k, ScalarNode) and k.value == key]
        if len(found) > 1:
            raise EditError(f"'{key}' is set twice", self.line_of(found[1][0]))
        return found[0] if found else None

    def _indent(self, node: Node) -> str:
        return " " * self.where(node.start_mark.index)[1]

    def _child_indent(self) -> str:
        """The indentation the file itself uses one level down (two spaces if it never does)."""
        base = self.where(self.root.value[0][0].start_mark.index)[1]
        for _, value in self.root.value:
            if isinstance(value, MappingNode) and not value.flow_style and value.value:
                column = self.where(value.value[0][0].start_mark.index)[1]
                if column > base:
                    return " " * column
        return " " * (base + 2)

    # -- edits ---------------------------------------------------------------------------

    def _replace(self, node: ScalarNode, text: str) -> None:
        line, start, end = self._one_line(node)
        written = self.contents[line][start:end]
        if (node.style in (None, "") and written != node.value) or node.style in ("|", ">"):
            raise EditError(
                "this value has a tag, an anchor or a block style: edit it by hand", line + 1
            )
        if node.style in ("'", '"') and not (written[:1] == written[-1:] == node.style):
            raise EditError("this value has a tag or an anchor: edit it by hand", line + 1)
        self.edits.spans.append((line, start, end, text))

    def _insert(self, after: int, lines: list[str]) -> None:
        self.edits.inserts.setdefault(after, []).extend(lines)

    def _fill_empty(self, key: ScalarNode, value: ScalarNode, text: str) -> None:
        """``key:`` with nothing after it: the value goes after the colon."""
        line, column = self.where(value.start_mark.index)
        if (
            value.start_mark.index != value.end_mark.index
            or self.front[value.start_mark.index - 1] != ":"
        ):
            raise EditError(f"cannot tell where the value of '{key.value}' goes", line + 1)
        self.edits.spans.append((line, column, column, " " + text))

    def set_scalar(self, key: str, value: str) -> None:
        """Give a top-level key a one-line value, keeping its quoting and comment; a key
        the file lacks is added as the last line of the front matter."""
        found = self._find(key)
        if found is None:
            indent = self._indent(self.root.value[0][0])
            self._insert(self.close - 1, [f"{indent}{key}: {scalar(value)}"])
            self.placed[key] = self.close - 1
            return
        key_node, node = found
        if not isinstance(node, ScalarNode):
            raise EditError(f"'{key}' is not a single value", self.line_of(key_node))
        if node.value == value and node.style in (None, "", "'", '"'):
            return
        if node.value == "" and node.style in (None, ""):
            self._fill_empty(key_node, node, scalar(value))
            return
        self._replace(node, scalar(value, style=node.style if node.style in ("'", '"') else None))

    def set_entries(self, key: str, entries: Mapping[str, str], after: str) -> None:
        """Set ``entries`` in the top-level mapping ``key`` (block or flow, each in its own
        style), adding it as a block right after the key ``after`` when the file lacks it."""
        if not entries:
            return
        found = self._find(key)
        if found is None:
            self._new_block(key, entries, after)
            return
        key_node, node = found
        if isinstance(node, ScalarNode) and node.style in (None, "") and node.tag.endswith(":null"):
            self._null_mapping(key_node, node, entries)
        elif isinstance(node, MappingNode):
            self._update_mapping(node, entries)
        else:
            raise EditError(
                f"'{key}' is not a mapping of network to URL or id", self.line_of(key_node)
            )

    def _new_block(self, key: str, entries: Mapping[str, str], after: str) -> None:
        indent, child = self._indent(self.root.value[0][0]), self._child_indent()
        lines = [f"{indent}{key}:"] + [
            f"{child}{scalar(k)}: {scalar(v)}" for k, v in entries.items()
        ]
        anchor = self.placed.get(after)
        if anchor is None:
            found = self._find(after)
            if found is not None and isinstance(found[1], ScalarNode):
                anchor = self._one_line(found[1])[0]
            else:
                anchor = self.close - 1
        self._insert(anchor, lines)

    def _null_mapping(
        self, key_node: ScalarNode, node: ScalarNode, entries: Mapping[str, str]
    ) -> None:
        """``published:`` (a block follows on the next lines) or ``published: ~`` (a flow
        mapping takes the null's place)."""
        if node.value:
            pairs = ", ".join(f"{scalar(k, True)}: {scalar(v, True)}" for k, v in entries.items())
            line, start, end = self._one_line(node)
            self.edits.spans.append((line, start, end, "{" + pairs + "}"))
            return
        line = self.where(key_node.start_mark.index)[0]
        child = self._child_indent()
        self._insert(line, [f"{child}{scalar(k)}: {scalar(v)}" for k, v in entries.items()])

    def _update_mapping(self, node: MappingNode, entries: Mapping[str, str]) -> None:
        flow = bool(node.flow_style)
        present = {network_key(k.value): (k, v) for k, v in node.value if isinstance(k, ScalarNode)}
        new = {}
        for name, value in entries.items():
            if name not in present:
                new[name] = value
                continue
            key_node, value_node = present[name]
            if not isinstance(value_node, ScalarNode):
                raise EditError(f"'{key_node.value}' is not a single value", self.line_of(key_node))
            if value_node.value != value:
                style = value_node.style if value_node.style in ("'", '"') else None
                self._replace(value_node, scalar(value, flow, style))
        if new:
            (self._add_flow if flow else self._add_block)(node, new)

    def _add_block(self, node: MappingNode, new: Mapping[str, str]) -> None:
        last = node.value[-1][1]
        if not isinstance(last, ScalarNode) or last.style in ("|", ">"):
            raise EditError("the last entry of this mapping is not one line", self.line_of(last))
        line = self._one_line(last)[0]
        indent = self._indent(node.value[0][0])
        self._insert(line, [f"{indent}{scalar(k)}: {scalar(v)}" for k, v in new.items()])

    def _add_flow(self, node: MappingNode, new: Mapping[str, str]) -> None:
        pairs = ", ".join(f"{scalar(k, True)}: {scalar(v, True)}" for k, v in new.items())
        if node.value:
            line, column = self.where(node.value[-1][1].end_mark.index)
            self.edits.spans.append((line, column, column, ", " + pairs))
            return
        line, column = self.where(node.start_mark.index)
        if self.contents[line][column : column + 1] != "{":
            raise EditError("cannot tell where this mapping's entries go", line + 1)
        self.edits.spans.append((line, column + 1, column + 1, pairs))

    # -- the new text --------------------------------------------------------------------

    def result(self) -> bytes:
        contents = list(self.contents)
        for line, start, end, text in sorted(
            self.edits.spans, key=lambda s: (s[0], s[1]), reverse=True
        ):
            contents[line] = contents[line][:start] + text + contents[line][end:]
        out = [self.bom]
        for number, (line, end) in enumerate(zip(contents, self.ends, strict=True)):
            out.append(line + end)
            for new in self.edits.inserts.get(number, ()):
                out.append(new + (end or self.newline))
        return "".join(out).encode("utf-8")
