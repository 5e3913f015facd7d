"""The exports' indented JSON: byte for byte what the standard library writes."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from smmplan.render.export.base import indented_json


def standard(document: object) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()


TEXT = st.text(st.characters(codec="utf-8"))  # any code point a file can hold, controls too
LEAVES = st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | TEXT
DOCUMENTS = st.recursive(
    LEAVES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4)
)


@given(DOCUMENTS)
@settings(max_examples=400)
def test_the_same_bytes_as_the_standard_library(document) -> None:
    assert indented_json(document) == standard(document)


def test_what_orjson_refuses_is_written_by_the_standard_library() -> None:
    document = {"big": 2**70, 3: ["ü", None]}
    assert indented_json(document) == standard(document)
    assert indented_json(document).startswith(b'{\n  "big": 1180591620717411303424,\n  "3": [')


def test_an_export_document() -> None:
    document = {"items": [{"post": "content/posts/ä.md", "tags": [], "extra": {}}], "n": 1}
    assert indented_json(document) == (
        b'{\n  "items": [\n    {\n      "post": "content/posts/\xc3\xa4.md",\n'
        b'      "tags": [],\n      "extra": {}\n    }\n  ],\n  "n": 1\n}\n'
    )
