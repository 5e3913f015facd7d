"""Bluesky: grapheme length and facets, compared with ``@atproto/api`` 0.21.0 itself.

The differential test runs ``tests/reference/bluesky.js`` (``RichText.graphemeLength`` and
``detectFacetsWithoutResolution``) on a seeded corpus and asserts equality for every text;
:data:`DELIBERATE_DIFFERENCES` lists the texts where smmplan departs on purpose (none today:
see ``docs/networks.md``, "Counting: deliberate differences from the reference
implementations").
"""

from __future__ import annotations

import random

import regex
from hypothesis import given
from hypothesis import strategies as st

from smmplan.text import count
from smmplan.text._bluesky import detect_facets, grapheme_length
from tests import counting_corpus
from tests.reference_node import run_reference

DELIBERATE_DIFFERENCES: dict[str, str] = {}
"""Corpus text -> why smmplan counts it differently from ``@atproto/api`` (none so far)."""

BLUESKY_PIECES: tuple[str, ...] = (
    "@alice.bsky.social", "(@bob.test)", "@ALICE.COM", "@carol.example.xyz", "@dave.notatld",
    "@a.b-c.com", "HTTPS://Example.com", "example.COM/x", "Example.com", "(https://x.com/a)",
    "https://x.com/a)", "https://x.com/(a)", "x.y", "a1.b2", "example.com\u2019s",
    "#tag!!", "#" + "é" * 65, "#" + "e\u0301" * 40, "#\ufe0f", "#1a", "#123", "＃タグ",
    "#tag\u200bx", "$AAPL", "$aapl.", "$TOOLONG", "($BTC)",
    "\u094d\u0915", "\u0915\u094d\u0915", "\u0915\u094d\u200d\u0915", "\u0d15\u0d4d\u0d15",
    "\u0915\u093c\u094d\u0937", "\u0600\u0915", "\ud800", "a\udc00b",
)  # fmt: skip
"""Handles, links, tags and cashtags as Bluesky detects them, conjuncts and lone surrogates."""


def bluesky_piece(rng: random.Random) -> str:
    """One of :data:`BLUESKY_PIECES`."""
    return rng.choice(BLUESKY_PIECES)


def bluesky_corpus(seed: int, size: int) -> list[str]:
    """The shared corpus, plus as many mixed texts rich in Bluesky's own entities."""
    rng = random.Random(seed)
    blocks = [*counting_corpus.PIECES, (bluesky_piece, 25)]
    extra = [counting_corpus.mixed(rng, rng.randint(1, 12), blocks) for _ in range(size)]
    return counting_corpus.corpus(seed, size) + extra


def ours(text: str) -> dict:
    facets = [[f.kind, f.value, f.byte_start, f.byte_end] for f in detect_facets(text)]
    return {"graphemes": grapheme_length(text), "facets": facets}


def test_grapheme_length_and_facets_equal_atproto_on_the_corpus():
    texts = bluesky_corpus(2026, 2500)
    reference = run_reference("bluesky.js", {"texts": texts}, package="@atproto/api")
    differ = [
        (text, ours(text), expected)
        for text, expected in zip(texts, reference["results"], strict=True)
        if ours(text) != expected and text not in DELIBERATE_DIFFERENCES
    ]
    assert len(texts) == 5000
    assert differ == []


def test_a_virama_joins_only_after_a_consonant():
    assert grapheme_length("\u094d\u0915") == 2  # ्क: GB9c needs a consonant first
    assert grapheme_length("\u0915\u094d\u0915") == 1  # क्क is one conjunct
    assert grapheme_length("\u0915\u094d\u200d\u0915") == 1  # a ZWJ may follow the virama
    assert grapheme_length("a\u094d\u0915") == 2  # a Latin letter is no consonant
    assert grapheme_length("\u0915\u093c\u094d\u0937") == 1  # a nukta between
    assert count("\u094d\u0915", "graphemes") == 2


def test_grapheme_length_of_everyday_texts():
    assert grapheme_length("") == 0
    assert grapheme_length("a\r\nb") == 3
    assert grapheme_length("👨‍👩‍👧‍👦🇦🇿e\u0301") == 3
    assert grapheme_length("Qəhvə ☕") == 7


def test_facets_of_a_post():
    text = "Salam @qehve.bsky.social! Menyu: qehve.az/menu. #Qəhvə, $AAPL"
    assert [
        (f.kind, f.value, f.start, f.end, f.byte_start, f.byte_end) for f in detect_facets(text)
    ] == [
        ("mention", "qehve.bsky.social", 6, 24, 6, 24),
        ("link", "https://qehve.az/menu", 33, 46, 33, 46),
        ("tag", "Qəhvə", 48, 54, 48, 56),
        ("tag", "$AAPL", 56, 61, 58, 63),
    ]


def test_what_bluesky_does_not_detect():
    assert detect_facets("mail me@example.com") == []  # no space or ( before @
    assert detect_facets("@alice.notatld HTTPS://example.com #2026") == []
    assert detect_facets("example.COM") == []  # TLDs are matched case-sensitively


_TEXT = st.text(st.characters(codec="utf-8"), max_size=40)


@given(_TEXT, _TEXT)
def test_graphemes_never_exceed_code_points_and_add_up_around_a_space(a: str, b: str):
    assert grapheme_length(a) <= len(a)
    assert grapheme_length(a + " " + b) <= grapheme_length(a) + 1 + grapheme_length(b)


@given(st.text(st.sampled_from("ab #@.$:/()é\u0301\u094d\u0915\n"), max_size=60))
def test_facet_ranges_are_the_bytes_of_their_text(text: str):
    encoded = text.encode("utf-8")
    for facet in detect_facets(text):
        assert encoded[facet.byte_start : facet.byte_end] == text[facet.start : facet.end].encode()
        assert text[facet.start] in "@#＃$" or facet.kind == "link"


_EXTENDERS = "\u094d\u200d\u0301\U0001f3fd"  # virama, ZWJ, acute, skin tone: InCB Linker/Extend


@given(
    st.text(st.sampled_from(f"ab \r\n👍🇦\u0600\u1100\u1161\u0915\u093f{_EXTENDERS}"), max_size=40)
)
def test_grapheme_length_segments_like_the_whole_text_would(text: str):
    clusters = regex.findall(r"\X", text, flags=regex.DOTALL)
    wrongly_joined = sum(
        1
        for cluster in clusters
        for i in range(1, len(cluster))
        if cluster[i] == "\u0915" and cluster[i - 1] in _EXTENDERS and not _gb9c(cluster[:i])
    )
    assert grapheme_length(text) == len(clusters) + wrongly_joined


def _gb9c(before: str) -> bool:
    """GB9c by its definition: a consonant, then extenders and at least one virama."""
    rule = f"\u0915[{_EXTENDERS}]*\u094d[{_EXTENDERS}]*\\Z"
    return regex.search(rule, before) is not None
