"""``cut_at`` gives exactly the index of its first, one-count-per-grapheme form.

The reference below is that form, kept here to compare with: it counts every piece between
two cut points on its own, then steps back while the prefix is over the limit. The current
function remembers each distinct piece's count and takes the text's count from the caller;
it must find the same index for every counting method, on the counting corpus (texts near
each network's limit) and on hypothesis-drawn texts.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smmplan.text import COUNTING_UNITS, count, cut_at
from smmplan.text._count import _boundaries
from tests import counting_corpus

METHODS = sorted(COUNTING_UNITS)


def reference_cut_at(text: str, method: str, limit: int, url_length: int | None = None) -> int:
    if count(text, method, url_length=url_length) <= limit:
        return len(text)
    bounds = _boundaries(text, method)
    idx, total = len(bounds) - 1, 0
    for i, (a, b) in enumerate(pairwise(bounds)):
        total += count(text[a:b], method, url_length=url_length)
        if total > limit:
            idx = i
            break
    while idx > 0 and count(text[: bounds[idx]], method, url_length=url_length) > limit:
        idx -= 1
    return bounds[idx]


CORPUS = counting_corpus.corpus(seed=15, size=120)


@pytest.mark.parametrize("method", METHODS)
def test_cut_at_equals_the_reference_on_the_corpus(method: str) -> None:
    compared = 0
    for text in CORPUS:
        length = count(text, method)
        for limit in (0, 1, 50, 125, 280, 300, 500, max(0, length - 3)):
            expected = reference_cut_at(text, method, limit)
            assert cut_at(text, method, limit) == expected, (method, limit, text)
            assert cut_at(text, method, limit, length=length) == expected, (method, limit, text)
            compared += expected < len(text)
    assert compared > 100  # most of these cuts fall inside the text


def test_cut_at_with_a_url_length_equals_the_reference() -> None:
    for text in CORPUS[:40]:
        for method in ("twitter-weighted", "mastodon"):
            for limit in (20, 140):
                expected = reference_cut_at(text, method, limit, url_length=30)
                assert cut_at(text, method, limit, url_length=30) == expected, (method, text)


def test_cut_at_known_cases() -> None:
    text = "Hi 👨‍👩‍👧 https://example.com/a ok ok"
    limits = (0, 3, 4, 5, 6, 24, 25, 29, 30)
    # the family is one grapheme; the link (21 graphemes) is never cut
    assert [cut_at(text, "graphemes", n) for n in limits] == [0, 3, 8, 9, 9, 9, 9, 33, 34]
    assert cut_at("aaaa", "codepoints", 2, length=4) == 2
    assert cut_at("aaaa", "codepoints", 9, length=4) == 4


PIECES = ["a", "b", " ", "ə", "й", "\u0301", "👍", "🏽", "\u200d", "👩", "#", "@", "x.com/a", "\n"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(METHODS), st.integers(0, 40))
def test_cut_at_equals_the_reference_on_drawn_texts(text: str, method: str, limit: int) -> None:
    assert cut_at(text, method, limit) == reference_cut_at(text, method, limit)
