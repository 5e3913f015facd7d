"""X: weighted length, validity and entities, compared with twitter-text 3.1.0 itself.

``tests/reference/twitter.js`` runs the pinned npm package on a seeded corpus (and on
hypothesis-drawn batches); every field must be equal for every text. The deliberate
differences are the rows of the X table in ``docs/networks.md`` ("Counting: deliberate
differences from the reference implementations"); :data:`EXPLAINED` holds, per row id, how
the comparison takes that one cause out, and a test checks that the two lists are the same.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smmplan.text import extract_hashtags, extract_mentions, extract_urls, parse_tweet
from smmplan.text._extract import emoji_sequences, emoji_spans
from tests import counting_corpus, reference_node
from tests.reference_node import run_reference

SEED = 20261201
SIZE = 4000
DOCS = Path(__file__).parents[1] / "docs" / "networks.md"
STAND_IN = "\U0001f600"  # an emoji both sides count as one: weight 2, two UTF-16 units


def reference(texts: list[str]) -> list[dict[str, Any]]:
    """twitter-text's results for ``texts``, in one node process."""
    payload = {"mode": "check", "texts": texts}
    return run_reference("twitter.js", payload, package="twitter-text")["results"]


@cache
def corpus() -> list[str]:
    """The seeded corpus, each newer emoji replaced (``x-emoji-data``)."""
    return [without_newer_emoji(t) for t in counting_corpus.corpus(SEED, SIZE)]


@cache
def corpus_reference() -> list[dict[str, Any]]:
    return reference(corpus())


def ours(text: str) -> dict[str, Any]:
    """smmplan's results for ``text``, shaped like ``twitter.js`` output."""
    parsed = parse_tweet(text)
    entity = lambda tokens: [[t.text, t.start, t.end] for t in tokens]  # noqa: E731
    return {
        "weightedLength": parsed.weighted_length,
        "valid": parsed.valid,
        "permillage": parsed.permillage,
        "validRangeStart": parsed.valid_range_start,
        "validRangeEnd": parsed.valid_range_end,
        "displayRangeStart": parsed.display_range_start,
        "displayRangeEnd": parsed.display_range_end,
        "urls": entity(extract_urls(text)),
        "hashtags": entity(extract_hashtags(text)),
        "mentions": entity(extract_mentions(text)),
    }


@cache
def emoji_twitter_text_weighs_differently() -> frozenset[str]:
    """The listed emoji sequences twitter-text does not weigh 2 (as one emoji)."""
    sequences = sorted(emoji_sequences())
    return frozenset(
        seq
        for seq, r in zip(sequences, reference(sequences), strict=True)
        if r["weightedLength"] != 2
    )


def without_newer_emoji(text: str) -> str:
    """``x-emoji-data``: each emoji sequence twitter-text lacks replaced by one it knows."""
    unknown = emoji_twitter_text_weighs_differently()
    out, pos = [], 0
    for start, end in emoji_spans(text):
        if text[start:end] in unknown:
            out += [text[pos:start], STAND_IN]
            pos = end
    return "".join(out) + text[pos:]


def without_fediverse_handles(mine: dict[str, Any]) -> dict[str, Any]:
    """``x-fediverse-handle``: smmplan's ``@user@host`` mentions left out."""
    return {**mine, "mentions": [m for m in mine["mentions"] if "@" not in m[0][1:]]}


EXPLAINED: dict[str, Callable[..., Any]] = {
    "x-emoji-data": without_newer_emoji,
    "x-fediverse-handle": without_fediverse_handles,
}
"""Row id in docs/networks.md -> the function that takes its cause out of the comparison."""


def documented_ids() -> list[str]:
    page = DOCS.read_text(encoding="utf-8")
    section = page.split("### X: twitter-text", 1)[1].split("\n#", 1)[0]
    return re.findall(r"^\| `(x-[a-z-]+)` \|", section, flags=re.MULTILINE)


def mismatches(
    texts: list[str], theirs_all: list[dict[str, Any]] | None = None
) -> list[tuple[str, str, Any, Any]]:
    """``(text, field, smmplan, twitter-text)`` for every field that differs."""
    adjusted = [without_newer_emoji(t) for t in texts]
    theirs_all = reference(adjusted) if theirs_all is None else theirs_all
    found = []
    for text, theirs in zip(adjusted, theirs_all, strict=True):
        mine = without_fediverse_handles(ours(text))
        found += [(text, k, mine[k], theirs[k]) for k in theirs if mine[k] != theirs[k]]
    return found


def test_the_documented_differences_are_the_explained_ones() -> None:
    assert documented_ids() == list(EXPLAINED)


def test_corpus_counts_and_entities_equal_twitter_text() -> None:
    texts = corpus()
    assert len(texts) == SIZE
    assert mismatches(texts, corpus_reference()) == []


def test_the_corpus_exercises_every_deliberate_difference() -> None:
    texts = counting_corpus.corpus(SEED, SIZE)
    newer = sum(changed != t for changed, t in zip(corpus(), texts, strict=True))
    handles = sum(without_fediverse_handles(ours(t)) != ours(t) for t in texts[:1000])
    assert newer > 100, newer
    assert handles > 10, handles


def test_newer_emoji_are_the_multi_code_point_ones() -> None:
    unknown = emoji_twitter_text_weighs_differently()
    assert "\U0001f642\u200d\u2195\ufe0f" in unknown  # head shaking vertically, Emoji 15.1
    assert "\U0001f3f3\ufe0f\u200d\U0001f308" not in unknown  # rainbow flag, Emoji 4.0
    # every single code point emoji is one emoji to twitter-text as well
    assert [seq for seq in unknown if len(seq) == 1] == []


def test_limits_flip_where_twitter_text_flips() -> None:
    """Texts at 280 ± 10 give both verdicts, and each text the same one as twitter-text."""
    near = [
        (text, theirs["valid"])
        for text, theirs in zip(corpus(), corpus_reference(), strict=True)
        if 270 <= counting_corpus.x_weight(text) <= 290
    ]
    assert len(near) > 300
    assert {valid for _, valid in near} == {True, False}
    assert [parse_tweet(text).valid for text, _ in near] == [valid for _, valid in near]


_PIECES = sorted(
    {
        *counting_corpus.EMOJI,
        *counting_corpus.MALFORMED_EMOJI,
        *counting_corpus.URLS,
        *counting_corpus.MENTIONS,
        *counting_corpus.HASHTAGS,
        *counting_corpus.PUNCTUATION,
        *counting_corpus.CONTROLS,
        *(w for words in counting_corpus.WORDS.values() for w in words),
    }
)
_TEXT = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.characters(), st.sampled_from(" .#@_/:")),
    max_size=40,
).map("".join)


@settings(max_examples=15, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=200))
def test_any_batch_of_texts_equals_twitter_text(texts: list[str]) -> None:
    assert mismatches(texts) == []


def test_missing_reference_fails_in_ci_and_skips_elsewhere(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(reference_node, "REFERENCE_DIR", tmp_path)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="twitter-text is not installed"):
        reference_node.node_executable("twitter-text")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="twitter-text is not installed"):
        reference_node.node_executable("twitter-text")


def _refresh_script() -> Any:
    path = Path(__file__).parents[1] / "scripts" / "refresh_emoji.py"
    spec = importlib.util.spec_from_file_location("refresh_emoji", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_refresh_script_keeps_every_sequence_and_its_status() -> None:
    source = (
        "# emoji-test.txt\n# Date: 2025-08-04, 20:55:31 GMT\n# Version: 17.0\n\n"
        "# group: Smileys & Emotion\n"
        "1F600                                                  ; fully-qualified     # 😀 E1.0 grinning face\n"
        "1F3F3 200D 1F308                                       ; minimally-qualified # 🏳‍🌈 E4.0 rainbow flag\n"
        "1F3FB                                                  ; component           # 🏻 E1.0 light skin tone\n"
    )
    assert _refresh_script().render(source) == (
        "# Emoji sequences from Unicode emoji-test.txt, Emoji 17.0"
        " (dated 2025-08-04, 20:55:31 GMT),\n"
        "# https://www.unicode.org/Public/emoji/17.0/emoji-test.txt (Unicode License v3).\n"
        "# Generated by scripts/refresh_emoji.py; do not edit by hand.\n"
        "# code points; status\n"
        "1F600; fully-qualified\n"
        "1F3F3 200D 1F308; minimally-qualified\n"
        "1F3FB; component\n"
    )


def test_refresh_script_refuses_a_file_that_is_not_emoji_test() -> None:
    with pytest.raises(SystemExit, match=r"not an emoji-test\.txt"):
        _refresh_script().render("1F600 ; fully-qualified # 😀\n")


def test_shipped_emoji_data_is_emoji_17() -> None:
    sequences = emoji_sequences()
    assert len(sequences) == 3944 + 9 + 205 + 12  # RGI, components, bare singles, keycaps
    assert "\U0001f3f3\ufe0f\u200d\U0001f308" in sequences
    assert "\U0001f3f3\u200d\U0001f308" not in sequences  # minimally-qualified
    assert "1\u20e3" in sequences and "\u00a9" not in sequences
