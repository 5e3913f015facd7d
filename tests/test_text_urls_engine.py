"""The URL expressions, compiled with ``re`` and run on the text with its dotless ``ı``
stood in for, find exactly what they found compiled with the ``regex`` module on the text
itself: the reference below is built from the same pieces with ``regex``, as
``smmplan.text._extract`` built it before, and both must agree on every TLD spelt with
each case variant of each of its characters, and on generated texts."""

from __future__ import annotations

import re
from functools import cache

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from smmplan.text import _extract as ex
from smmplan.text._emoji import _trie


@cache
def _reference() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    tld = rf"(?:(?i:{_trie(sorted(ex._tlds()))}){ex._TLD_END}|(?i:xn--[0-9a-z-]+))"
    url = regex.compile(
        rf"{ex._URL_BEFORE}(?P<url>(?P<proto>(?i:https?://))?"
        rf"(?P<domain>(?:{ex._LABEL}\.){{0,126}}{ex._HOST_LABEL}\.{tld})"
        rf"(?::[0-9]+)?(?P<path>/{ex._PATH}*)?(?:{ex._QUERY})?)"
    )
    return url, regex.compile(rf"(?:[\-a-zA-Z0-9{ex._LATIN_ACCENTS}]++\.)+{tld}")


def _case_variants(ch: str) -> set[str]:
    """The characters either engine may take for ``ch`` when blind to case (a few per
    letter: ``K`` and the Kelvin sign for ``k``, ``ı`` and ``İ`` for ``i``)."""
    candidates = {ch.lower(), ch.upper(), ch.casefold(), "ı", "İ", "ſ", "\u212a", "\u212b"}
    candidates |= {c for c in (ch.lower().upper(), ch.upper().lower())}
    found = set()
    for other in (c for c in candidates if len(c) == 1 and c != ch):
        for pattern in (regex.escape(ch), f"[{regex.escape(ch)}]"):
            if regex.fullmatch(f"(?i:{pattern})", other):
                found.add(other)
        if re.fullmatch(f"(?i:{re.escape(ch)})", other):
            found.add(other)
    return found


def _agree(text: str) -> None:
    url, ascii_domain = _reference()
    new_url, new_ascii = ex._url_pattern(), ex._ascii_domain_pattern()
    scanned = text.replace(ex._DOTLESS_I, ex._STAND_IN)
    assert [m.span("url") for m in new_url.finditer(scanned)] == [
        m.span("url") for m in url.finditer(text)
    ], text
    assert [m.span() for m in new_ascii.finditer(scanned)] == [
        m.span() for m in ascii_domain.finditer(text)
    ], text


def test_every_tld_in_every_case_variant_matches_as_before() -> None:
    tried = 0
    for tld in ex._tlds():
        for position, ch in enumerate(tld):
            for other in _case_variants(ch):
                spelt = tld[:position] + other + tld[position + 1 :]
                for text in (f"https://a.{spelt}", f"a.{spelt} b", f"x a.b.{spelt}/p"):
                    _agree(text)
                    tried += 1
    assert tried > 3000  # the list holds hundreds of TLDs with letters that have variants


def test_dotless_i_is_no_i_and_dotted_capital_i_is() -> None:
    assert ex.extract_urls("see example.ıo now") == []
    assert [t.text for t in ex.extract_urls("see example.İo now")] == ["example.İo"]
    assert [t.text for t in ex.extract_urls("see example.IO now")] == ["example.IO"]


def test_punycode_tld_takes_what_the_regex_range_took() -> None:
    for ch in "aZ09-\u0130\u017f\u212aıĸ":
        _agree(f"a.xn--{ch}x b")


def test_the_stand_in_is_in_no_tld_and_has_no_other_case() -> None:
    stand_in = ex._STAND_IN
    assert not any(stand_in in tld for tld in ex._tlds())
    assert stand_in.upper() == stand_in.lower() == stand_in.casefold() == stand_in
    assert [t.text for t in ex.extract_urls("ĸ.io and ı.io")] == ["ĸ.io", "ı.io"]


_WORDS = ["http://", "https://", ".com", ".co.uk", ".рф", ".РФ", ".onion", "t.co/", "xn--p1ai"]
_WORDS += ["www.", ".İo", ".ıo", ".IO", ".Com", "ＣＯＭ", ":8080", "/path", "?q=1", "ĸ"]
_PIECES = st.sampled_from(
    [*"abzAZ09.-_/:?#@&=()[]!,'\" \n", *"кКəİıſß日本\u212a\u00a0\u3000\u202a\ufeff", *_WORDS]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=24).map("".join))
def test_generated_texts_match_as_before(text: str) -> None:
    _agree(text)
    url, _ = _reference()
    assert [(s, e) for s, e, _ in ex._url_spans(text)] == _spans_with(url, text)


def _spans_with(url: regex.Pattern[str], text: str) -> list[tuple[int, int]]:
    """``_url_spans`` run with the reference expressions in place of the new ones."""
    saved = ex._url_pattern, ex._ascii_domain_pattern
    _, ascii_domain = _reference()
    ex._url_pattern = lambda: url  # type: ignore[assignment]
    ex._ascii_domain_pattern = lambda: ascii_domain  # type: ignore[assignment]
    try:
        return [(s, e) for s, e, _ in ex._url_spans(text)]
    finally:
        ex._url_pattern, ex._ascii_domain_pattern = saved  # type: ignore[assignment]
