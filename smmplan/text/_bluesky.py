"""Bluesky's text rules: grapheme length and rich-text facets, as ``@atproto/api`` 0.21.0 has them.

* :func:`grapheme_length` is ``RichText.graphemeLength``: extended grapheme clusters of
  UAX #29 (``@atproto/lex-data`` ``graphemeLen`` uses ``Intl.Segmenter``). The clusters come
  from the ``regex`` module's ``\\X``, corrected where it departs from rule GB9c: it joins a
  consonant to a virama that has no consonant before it (``्क`` is two graphemes).
* :func:`detect_facets` is ``detectFacets`` (``src/rich-text/detection.ts`` and ``util.ts``
  of bluesky-social/atproto, ``@atproto/api`` 0.21.0): mentions, links, hashtags and
  cashtags with their UTF-8 byte ranges, found in that order and sorted by start (a stable
  sort, as ``detectFacetsWithoutResolution`` does). The JavaScript regular expressions are
  translated for the ``regex`` module: JavaScript's ``\\s``, ``^`` and ``\\b`` are spelt out,
  and ``[a-z]`` under the ``i`` flag is written ``[a-zA-Z]`` (Python would also let ``K``
  and ``ſ`` match it). Known top-level domains come from ``data/tlds-bluesky.txt``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

from ._extract import Token

__all__ = [
    "Facet",
    "detect_facets",
    "extract_hashtags",
    "extract_mentions",
    "extract_urls",
    "grapheme_length",
]

# --- graphemes -------------------------------------------------------------------------------
_GRAPHEME = regex.compile(r"\X", regex.DOTALL)
# A consonant right after a linker or an InCB extender: the only place GB9c can join.
_GB9C_CANDIDATE = regex.compile(r"(?<=[\p{InCB=Linker}\p{InCB=Extend}])\p{InCB=Consonant}")
_LINKER = regex.compile(r"\p{InCB=Linker}")
_EXTEND_OR_LINKER = regex.compile(r"[\p{InCB=Linker}\p{InCB=Extend}]")
_CONSONANT = regex.compile(r"\p{InCB=Consonant}")
_CLUSTERING = regex.compile(
    r"[^\p{Grapheme_Cluster_Break=Other}\p{Grapheme_Cluster_Break=Control}\r\n]"
)


def _fast_length(text: str) -> int:
    """``len(_GRAPHEME.findall(text))``, segmenting only around clustering characters.

    Two neighbours that are both simple (Grapheme_Cluster_Break Other or Control, CR LF
    aside) always have a boundary between them, so each stretch of clustering characters
    with one simple neighbour on either side is segmented as it is inside the whole text.
    """
    n = len(text) - text.count("\r\n")
    first = last = -3  # no stretch yet
    for match in _CLUSTERING.finditer(text):
        i = match.start()
        if i == last + 1 or (i == last + 2 and text[last + 1] not in "\r\n"):
            last = i
            continue
        n -= _joined(text, first, last)
        first = last = i
    return n - _joined(text, first, last)


def _joined(text: str, first: int, last: int) -> int:
    """How many characters around the stretch ``text[first:last + 1]`` join a previous one."""
    if first < 0:
        return 0
    lo = first - 1 if first and text[first - 1] not in "\r\n" else first
    hi = last + 2 if last + 1 < len(text) and text[last + 1] not in "\r\n" else last + 1
    return hi - lo - len(_GRAPHEME.findall(text, lo, hi))


def _gb9c_holds(text: str, index: int) -> bool:
    """True when GB9c joins ``text[index]`` (a consonant) to what precedes it."""
    i, linked = index - 1, False
    while i >= 0 and _EXTEND_OR_LINKER.match(text[i]):
        linked = linked or bool(_LINKER.match(text[i]))
        i -= 1
    return linked and i >= 0 and bool(_CONSONANT.match(text[i]))


def grapheme_length(text: str) -> int:
    """Extended grapheme clusters of ``text`` (UAX #29), as ``Intl.Segmenter`` counts them."""
    if text.isascii():
        return len(text) - text.count("\r\n")
    wrongly_joined = sum(
        1 for m in _GB9C_CANDIDATE.finditer(text) if _wrongly_joined(text, m.start())
    )
    return _fast_length(text) + wrongly_joined


def _wrongly_joined(text: str, index: int) -> bool:
    """True where ``\\X`` joins the consonant ``text[index]`` but rule GB9c does not."""
    if _gb9c_holds(text, index):
        return False
    base = index - 1
    while base > 0 and _EXTEND_OR_LINKER.match(text[base]):
        base -= 1
    # the boundary before a consonant depends only on the extenders and linkers before it
    return len(_GRAPHEME.findall(text, base, index + 1)[-1]) > 1


# --- facets ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Facet:
    """One detected facet: ``kind`` is ``mention``, ``link`` or ``tag``.

    ``start``/``end`` index the Python string; ``byte_start``/``byte_end`` are the UTF-8 byte
    range Bluesky stores. ``value`` is the handle (mention), the URI (link, ``https://``
    added to a bare domain) or the tag without ``#`` (a cashtag keeps its ``$``, upper case).
    """

    kind: str
    value: str
    start: int
    end: int
    byte_start: int
    byte_end: int


# JavaScript's \s (WhiteSpace and LineTerminator), which differs from Python's.
_JS_SPACE = r"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_JS_LINE_START = r"(?:^|(?<=[\n\r\u2028\u2029]))"  # ^ under the m flag
_ASCII_WORD = "A-Za-z0-9_"
_ASCII_BOUNDARY = (
    rf"(?:(?<=[{_ASCII_WORD}])(?![{_ASCII_WORD}])|(?<![{_ASCII_WORD}])(?=[{_ASCII_WORD}]))"
)
_MENTION = regex.compile(rf"(^|[{_JS_SPACE}]|\()(@)([a-zA-Z0-9.-]+)({_ASCII_BOUNDARY})")
_URL = regex.compile(
    rf"({_JS_LINE_START}|[{_JS_SPACE}]|\()"
    rf"(([hH][tT][tT][pP][sS]?://[^{_JS_SPACE}]+)"
    rf"|((?P<domain>[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z0-9]+)+)[^{_JS_SPACE}]*))"
)
_TAG_STOP = rf"{_JS_SPACE}\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2"
_TAG = regex.compile(
    rf"(^|[{_JS_SPACE}])[#＃]((?!\ufe0f)[^{_TAG_STOP}]*[^0-9\p{{P}}{_TAG_STOP}]+[^{_TAG_STOP}]*)?"
)
_TRAILING_PUNCTUATION = regex.compile(r"\p{P}+\Z")
_CASHTAG = regex.compile(
    rf"(^|[{_JS_SPACE}]|\()\$([A-Za-z][A-Za-z0-9]{{0,4}})(?=[{_JS_SPACE}]|\Z|[.,;:!?)\"'\u2019])"
)
_LINK_END_PUNCTUATION = ".,;:!?"


@cache
def _tlds() -> frozenset[str]:
    data = resources.files("smmplan").joinpath("data/tlds-bluesky.txt").read_text("utf-8")
    return frozenset(line for line in map(str.strip, data.splitlines()) if line and line[0] != "#")


def _is_valid_domain(name: str) -> bool:
    """``isValidDomain``: ``name`` ends with ``.`` and a known TLD (case-sensitive)."""
    _, dot, tld = name.rpartition(".")  # no TLD holds a dot
    return bool(dot) and tld in _tlds()


def _js_trim(text: str) -> str:
    return regex.sub(rf"\A[{_JS_SPACE}]+|[{_JS_SPACE}]+\Z", "", text)


class _Offsets:
    """Code point index -> UTF-8 byte offset, computed once per text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ascii = text.isascii()

    def byte(self, index: int) -> int:
        if self.ascii:
            return index
        return len(self.text[:index].encode("utf-8", "surrogatepass"))


def _facet(kind: str, value: str, start: int, end: int, offsets: _Offsets) -> Facet:
    return Facet(kind, value, start, end, offsets.byte(start), offsets.byte(end))


def _mentions(text: str, offsets: _Offsets) -> list[Facet]:
    found = []
    for match in _MENTION.finditer(text):
        handle = match[3]
        if not _is_valid_domain(handle) and not handle.endswith(".test"):
            continue  # probably not a handle
        start = text.index(handle, match.start()) - 1
        found.append(_facet("mention", handle, start, start + len(handle) + 1, offsets))
    return found


def _links(text: str, offsets: _Offsets) -> list[Facet]:
    found = []
    for match in _URL.finditer(text):
        uri = match[2]
        if not uri.startswith("http"):  # case-sensitive, as in detection.ts
            domain = match["domain"]
            if not domain or not _is_valid_domain(domain):
                continue
            uri = f"https://{uri}"
        start = text.index(match[2], match.start())
        end = start + len(match[2])
        if uri[-1] in _LINK_END_PUNCTUATION:
            uri, end = uri[:-1], end - 1
        if uri.endswith(")") and "(" not in uri:
            uri, end = uri[:-1], end - 1
        found.append(_facet("link", uri, start, end, offsets))
    return found


def _tags(text: str, offsets: _Offsets) -> list[Facet]:
    found = []
    for match in _TAG.finditer(text):
        tag = match[2]
        if not tag:
            continue
        tag = _TRAILING_PUNCTUATION.sub("", _js_trim(tag))
        if not tag or grapheme_length(tag) > 64:  # detection.ts: at most 64 graphemes
            continue
        start = match.start() + len(match[1])
        found.append(_facet("tag", tag, start, start + 1 + len(tag), offsets))
    for match in _CASHTAG.finditer(text):
        ticker = match[2].upper()
        start = match.start() + len(match[1])
        found.append(_facet("tag", "$" + ticker, start, start + 1 + len(ticker), offsets))
    return found


def detect_facets(text: str) -> list[Facet]:
    """Facets of ``text`` as ``RichText.detectFacetsWithoutResolution`` finds them."""
    if not any(sign in text for sign in "@.:#＃$"):
        return []
    offsets = _Offsets(text)
    facets = _mentions(text, offsets) + _links(text, offsets) + _tags(text, offsets)
    return sorted(facets, key=lambda facet: facet.byte_start)


def _tokens(text: str, kind: str, wanted: Callable[[Facet], bool]) -> list[Token]:
    return [
        Token(kind, text[f.start : f.end], f.start, f.end) for f in detect_facets(text) if wanted(f)
    ]


def extract_hashtags(text: str) -> list[Token]:
    """Hashtags as Bluesky makes tag facets of them (``#kofe``, ``＃タグ``; not cashtags)."""
    return _tokens(text, "hashtag", lambda f: f.kind == "tag" and not f.value.startswith("$"))


def extract_mentions(text: str) -> list[Token]:
    """Mentions of handles (``@alice.bsky.social``) as Bluesky makes mention facets of them."""
    return _tokens(text, "mention", lambda f: f.kind == "mention")


def extract_urls(text: str) -> list[Token]:
    """Links as Bluesky makes link facets of them (a bare ``example.com`` included)."""
    return _tokens(text, "url", lambda f: f.kind == "link")
