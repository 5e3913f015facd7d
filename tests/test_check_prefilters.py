"""The plain-text tests that let the text rules skip their expressions find every text the
expressions would match: the same matches with the shortcut as without it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from smmplan.check import text as rules

_WORDS = ["lorem ipsum", "LOREM IPSUM", "Lorem ıpsum", "LOſEM", "{{ x }}", "[link]", "<url here>"]
_WORDS += ["[insert it]", "TODO", "TBD", "XXX", "FIXME", "todo", "[Фото]"]
_PIECES = st.sampled_from([*"ab TDOBFIXME{}[]<>\nſ", *_WORDS, *rules.NEW_POST_HINTS.values()])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=16).map("".join))
def test_placeholder_shortcut_matches_the_expression(text: str) -> None:
    found, expected = rules._placeholder(text), rules._PLACEHOLDER.search(text)
    assert (found and (found.span(), found.group())) == (
        expected and (expected.span(), expected.group())
    )


def test_placeholder_found_in_each_kind_of_text() -> None:
    texts = ["Lorem ipsum dolor", "fix TODO", "Hi {{name}}", "[insert link]", "<link>"]
    texts += ["[фото]", rules.NEW_POST_HINTS["az"]]
    assert [bool(rules._placeholder(t)) for t in texts] == [True] * len(texts)
    assert rules._placeholder("todo list, no filler here") is None
