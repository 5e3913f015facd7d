"""The front matter reader's quick paths give exactly what the careful ones give: the tag
resolution without PyYAML's expressions for plain texts, and the shape check of the usual
tree (no alias to a list or mapping, a few levels deep)."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from smmplan.load.documents import (
    _Loader,
    _plain_structure,
    _structure,
    parse_mapping,
    to_python,
)

SCALARS = st.one_of(
    st.sampled_from(
        [
            "",
            "~",
            "null",
            "Null",
            "yes",
            "No",
            "on",
            "OFF",
            "true",
            "0x1f",
            "0o17",
            "-1",
            "+.5",
            ".inf",
            ".NaN",
            "1_000",
            "2026-11-21",
            "2026-11-21 10:00",
            "<<",
            "=",
            "12:30",
            "1e3",
            "!x",
            "&a",
            "*b",
            "text",
            "кофе",
            "Post 1",
            "https://example.com",
        ]
    ),
    st.text(alphabet="0123456789.-+:_eEyYnNtTfFoO~x ", max_size=12),
)


def _tags(node: yaml.Node) -> list[str]:
    if isinstance(node, yaml.ScalarNode):
        return [node.tag]
    children = (
        [c for pair in node.value for c in pair]
        if isinstance(node, yaml.MappingNode)
        else node.value
    )
    return [node.tag, *(tag for child in children for tag in _tags(child))]


@settings(max_examples=300, deadline=None)
@given(st.lists(SCALARS, min_size=1, max_size=6))
def test_tags_are_pyyaml_s(values: list[str]) -> None:
    text = "\n".join(f"k{n}: {value}" for n, value in enumerate(values))
    text += "\nlist: [" + ", ".join(v for v in values if v.strip() and "," not in v) + "]"
    try:
        expected = yaml.compose(text, Loader=yaml.CSafeLoader)  # the same parser
    except yaml.YAMLError:
        return
    assert _tags(yaml.compose(text, Loader=_Loader)) == _tags(expected)


def test_quoted_and_plain_values_keep_their_tags() -> None:
    root = yaml.compose("a: yes\nb: \"yes\"\nc: 12\nd: '12'\ne:\nf: 2026-11-21\n", Loader=_Loader)
    tags = [value.tag.rsplit(":", 1)[1] for _, value in root.value]
    assert tags == ["bool", "str", "int", "str", "null", "timestamp"]
    assert to_python(root, 1) == {
        "a": True,
        "b": "yes",
        "c": 12,
        "d": "12",
        "e": None,
        "f": "2026-11-21",
    }


def test_duplicate_keys_found_at_every_depth() -> None:
    text = "a: 1\nb:\n  c: [1, {d: 1, d: 2}]\n  c: 3\na: 2\n"
    root, findings = parse_mapping(text, offset=2, what="front matter")
    assert root is not None
    assert [(f.line, f.column, f.message) for f in findings] == [
        (4, 17, "duplicate key 'd' (first on line 4): the second value would silently win"),
        (5, 3, "duplicate key 'c' (first on line 4): the second value would silently win"),
        (6, 1, "duplicate key 'a' (first on line 2): the second value would silently win"),
    ]


def test_aliases_and_deep_trees_take_the_careful_walk() -> None:
    shared = yaml.compose("a: &x [1, 2]\nb: *x\n", Loader=_Loader)
    assert _plain_structure(shared, 1) is None
    assert _structure(shared, 1) == ([], True)
    deep = yaml.compose("a: " + "[" * 9 + "]" * 9 + "\n", Loader=_Loader)
    assert _plain_structure(deep, 1) is None
    assert _structure(deep, 1) == ([], True)
    ok = yaml.compose("a: " + "[" * 7 + "]" * 7 + "\n", Loader=_Loader)
    assert _plain_structure(ok, 1) == []


KEYS = st.sampled_from(["a", "b", "c", "<<", "'a'", "[x]", "{y: 1}"])


def _trees(depth: int) -> st.SearchStrategy[str]:
    leaf = st.sampled_from(["1", "x", "yes", "''"])
    if depth == 0:
        return leaf
    inner = _trees(depth - 1)
    mapping = st.lists(st.tuples(KEYS, inner), max_size=4).map(
        lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
    )
    sequence = st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]")
    return st.one_of(leaf, mapping, sequence)


@settings(max_examples=300, deadline=None)
@given(_trees(4), _trees(3))
def test_plain_structure_agrees_with_the_careful_walk(first: str, second: str) -> None:
    try:
        root = yaml.compose(f"top: {first}\nnext: {second}\n", Loader=_Loader)
    except yaml.YAMLError:
        return
    findings, usable = _structure(root, 2)
    assert usable
    assert _plain_structure(root, 2) == findings
