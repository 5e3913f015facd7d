"""Text length as each network counts it, and where a network would cut a text."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Mapping
from functools import lru_cache
from itertools import pairwise
from types import MappingProxyType
from typing import Any, NamedTuple

import regex

from ._bluesky import grapheme_length
from ._extract import _url_spans, emoji_sequences, emoji_spans
from ._mastodon import countable_entities, status_length

__all__ = ["COUNTING_UNITS", "TWITTER_V3_CONFIG", "TweetParse", "count", "cut_at", "parse_tweet"]

COUNTING_UNITS: Mapping[str, str] = MappingProxyType(
    {
        "twitter-weighted": "weighted characters",
        "graphemes": "graphemes",
        "mastodon": "graphemes",
        "threads": "characters",
        "utf8-bytes": "bytes",
        "utf16": "UTF-16 units",
        "codepoints": "characters",
    }
)
"""Counting method -> the unit its numbers are in (for messages such as "297 of 280 …")."""

TWITTER_V3_CONFIG: Mapping[str, Any] = MappingProxyType(
    {
        "version": 3,
        "maxWeightedTweetLength": 280,
        "scale": 100,
        "defaultWeight": 200,
        "emojiParsingEnabled": True,
        "transformedURLLength": 23,
        "ranges": (
            MappingProxyType({"start": 0, "end": 4351, "weight": 100}),
            MappingProxyType({"start": 8192, "end": 8205, "weight": 100}),
            MappingProxyType({"start": 8208, "end": 8223, "weight": 100}),
            MappingProxyType({"start": 8242, "end": 8247, "weight": 100}),
        ),
    }
)
"""twitter-text ``config/v3.json``: the weighting X uses today."""

MASTODON_URL_LENGTH = 23
_INVALID_CHARS = frozenset("\ufffe\ufeff\uffff")
_INVALID = re.compile("[\ufffe\ufeff\uffff]")
_GRAPHEME = regex.compile(r"\X", regex.DOTALL)


class TweetParse(NamedTuple):
    """twitter-text's ``parseTweet`` result; ranges are inclusive UTF-16 indices.

    Immutable (results are memoized and shared); a named tuple because it is built for every
    text counted, and a tuple is the cheapest immutable record to build.
    """

    weighted_length: int
    valid: bool
    permillage: int
    display_range_start: int
    display_range_end: int
    valid_range_start: int
    valid_range_end: int


class _Weights:
    """A twitter-text weighting config, compiled for fast counting."""

    def __init__(self, key: tuple[Any, ...]) -> None:
        self.max, self.scale, self.default, self.url, self.emoji, ranges = key
        self.ranges: tuple[tuple[int, int, int], ...] = ranges
        self.url_weight = self.url * self.scale
        weights = {w for _, _, w in ranges}
        self.light = weights.pop() if len(weights) == 1 else None
        # re, not regex: about twice as fast for a bare character class
        self.heavy = re.compile(f"[^{_class(ranges)}]") if self.light is not None else None
        self.classes = [
            (w, re.compile(f"[{_class(tuple(r for r in ranges if r[2] == w))}]"))
            for w in sorted({w for _, _, w in ranges})
        ]
        # Text made only of light characters without a dot holds no URL, and no emoji when
        # every listed emoji sequence has a heavy character (with v3: every one does).
        self.fast = self.light is not None and (
            not self.emoji or all(self.heavy.search(seq) for seq in emoji_sequences())
        )
        self.ascii_light = self.fast and not self.heavy.search("".join(map(chr, range(128))))
        self.short = lru_cache(maxsize=8192)(lambda piece: self.plain(piece, 0, len(piece)))

    def plain(self, t: str, start: int, end: int) -> int:
        """Sum of code point weights of ``t[start:end]``."""
        n = end - start
        if self.heavy is not None:
            heavy = len(self.heavy.findall(t, start, end))
            return self.light * (n - heavy) + self.default * heavy
        total = self.default * n
        for weight, pattern in self.classes:
            total += (weight - self.default) * len(pattern.findall(t, start, end))
        return total


def _class(ranges: tuple[tuple[int, int, int], ...]) -> str:
    return "".join(f"\\U{s:08x}-\\U{e:08x}" for s, e, _ in ranges) or "\\x00-\\x00"


@lru_cache(maxsize=32)
def _compiled(key: tuple[Any, ...]) -> _Weights:
    return _Weights(key)


def _weights(config: Mapping[str, Any] | None, url_length: int | None = None) -> _Weights:
    if config is None:
        return _default_weights(url_length)
    return _build_weights(config, url_length)


@lru_cache(maxsize=8)
def _default_weights(url_length: int | None) -> _Weights:
    return _build_weights(TWITTER_V3_CONFIG, url_length)


def _build_weights(cfg: Mapping[str, Any], url_length: int | None) -> _Weights:
    v3 = TWITTER_V3_CONFIG
    ranges = tuple(
        (max(0, int(r["start"])), min(0x10FFFF, int(r["end"])), int(r["weight"]))
        for r in cfg.get("ranges", v3["ranges"])
        if int(r["start"]) <= int(r["end"])
    )
    return _compiled(
        (
            int(cfg.get("maxWeightedTweetLength", v3["maxWeightedTweetLength"])),
            int(cfg.get("scale", v3["scale"])) or 1,
            int(cfg.get("defaultWeight", v3["defaultWeight"])),
            int(cfg.get("transformedURLLength", 23) if url_length is None else url_length),
            bool(cfg.get("emojiParsingEnabled", False)),
            ranges,
        )
    )


def _nfc(text: str) -> str:
    # normalize() runs the quick check itself and returns an NFC text unchanged
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _entities(t: str, w: _Weights) -> list[tuple[int, int, int]]:
    """``(start, end, weight)`` of URLs and emoji sequences, as twitter-text walks them."""
    spans = [(s, 0, e, w.url_weight) for s, e, _ in _url_spans(t)]
    if w.emoji:
        spans += [(s, 1, e, w.default) for s, e in emoji_spans(t)]
        spans.sort()  # by start; a URL wins over an emoji starting at the same index
    out: list[tuple[int, int, int]] = []
    pos = 0
    for start, _, end, weight in spans:
        if start >= pos:  # an entity starting inside a taken one is skipped
            out.append((start, end, weight))
            pos = end
    return out


def _all_light(t: str, w: _Weights) -> bool:
    """True when ``t`` holds no URL (no dot), no emoji and only light characters."""
    return w.fast and "." not in t and ((w.ascii_light and t.isascii()) or not w.heavy.search(t))


def _weighted(t: str, w: _Weights, entities: list[tuple[int, int, int]] | None = None) -> int:
    """The unscaled weighted length of NFC text ``t`` (``entities``: its ``_entities``)."""
    if entities is None:
        if _all_light(t, w):
            return w.light * len(t)
        entities = _entities(t, w)
    total = w.plain(t, 0, len(t))
    for start, end, weight in entities:
        # an emoji-sized entity is one of a few thousand strings: weigh each once
        plain = w.plain(t, start, end) if end - start > 10 else w.short(t[start:end])
        total += weight - plain
    return total


def forget() -> None:
    """Clear the memoized results (benchmarks time the counting, not the cache)."""
    _parse_default.cache_clear()
    _weighted_default.cache_clear()
    _counted.cache_clear()


def parse_tweet(text: str, config: Mapping[str, Any] | None = None) -> TweetParse:
    """Weigh ``text`` exactly as twitter-text 3 ``parseTweet`` does.

    Ported from twitter/twitter-text ``js/src/parseTweet.js`` (tag v3.1.0, commit
    65e7e00da383fb77f5ab7fe3c0dc26b724e14035), emoji excepted: see :mod:`._emoji`.

    ``config`` is shaped like twitter-text's ``config/v3.json`` (``maxWeightedTweetLength``,
    ``scale``, ``defaultWeight``, ``transformedURLLength``, ``ranges``, ``emojiParsingEnabled``;
    a missing ``emojiParsingEnabled`` means off, as in v2); default: :data:`TWITTER_V3_CONFIG`.
    The text is NFC-normalised first; every URL weighs ``transformedURLLength`` characters and,
    with emoji parsing, every emoji sequence weighs ``defaultWeight`` once. ``weighted_length``
    is the weighted sum divided by ``scale``, rounded down.
    """
    if config is None:
        return _parse_default(text)
    return _parse(text, _weights(config))


@lru_cache(maxsize=4096)
def _parse_default(text: str) -> TweetParse:
    # memoized: ``check`` weighs the same text for the post, its preview and its thread
    return _parse(text, _default_weights(None))


@lru_cache(maxsize=4096)
def _weighted_default(text: str) -> int:
    w = _default_weights(None)
    return _weighted(_nfc(text), w) // w.scale


def _parse(text: str, w: _Weights) -> TweetParse:
    t = _nfc(text)
    entities = [] if _all_light(t, w) else _entities(t, w)
    total = _weighted(t, w, entities)
    limit = w.max * w.scale
    len16 = _utf16(text)
    nlen16 = len16 if t is text else _utf16(t)
    valid = total <= limit and not _INVALID.search(t)
    if valid:
        last = nlen16 - 1 if t else 0
    else:
        valid, last = _walk(t, w, limit, entities)
    return TweetParse(
        weighted_length=total // w.scale,
        valid=valid and 0 < total <= limit,
        permillage=total * 1000 // limit if limit else 0,
        display_range_start=0,
        display_range_end=max(len16 - 1, 0),
        valid_range_start=0,
        valid_range_end=last + len16 - nlen16,
    )


def _walk(
    t: str, w: _Weights, limit: int, entities: list[tuple[int, int, int]]
) -> tuple[bool, int]:
    """(no invalid character seen, UTF-16 index of the last unit that fits), as twitter-text's
    character-by-character loop finds them.

    Plain stretches are weighed in one step. Weights are positive, so once the limit is
    crossed or an invalid character is met nothing more can fit, and the walk stops: in
    that stretch the longest prefix that fits is found by bisection.
    """
    bad = _INVALID.search(t)
    stop = bad.start() if bad else len(t)  # invalid characters are never inside an entity
    total = pos = 0
    for start, end, weight in [*entities, (len(t), len(t), None)]:
        if pos < start:
            bulk = w.plain(t, pos, start)
            if stop < start or total + bulk > limit:
                return False, _last_unit(t, _fitting(t, w, pos, min(stop, start), limit - total))
            total += bulk
        if weight is None:
            break
        total += weight
        if t[end - 1] in _INVALID_CHARS or total > limit:
            return False, _last_unit(t, start)
        pos = end
    return True, _last_unit(t, len(t))


def _last_unit(t: str, end: int) -> int:
    """UTF-16 index of the last unit of ``t[:end]`` (0 when it is empty)."""
    return max(_utf16(t[:end]) - 1, 0)


def _fitting(t: str, w: _Weights, start: int, end: int, budget: int) -> int:
    """The largest ``k`` in ``start..end`` with ``t[start:k]`` weighing at most ``budget``."""
    if budget <= 0 or start == end:
        return start
    if w.heavy is not None:
        # light and heavy characters only: t[start:k] weighs light * (k - start) plus the
        # extra weight of each heavy character before k, found once
        heavy = [m.start() for m in w.heavy.finditer(t, start, end)]
        extra = w.default - w.light
        weigh = lambda k: w.light * (k - start) + extra * bisect_left(heavy, k)  # noqa: E731
    else:
        weigh = lambda k: w.plain(t, start, k)  # noqa: E731
    if weigh(end) <= budget:
        return end
    lo, hi = start, end  # t[start:lo] fits, t[start:hi] does not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if weigh(mid) <= budget:
            lo = mid
        else:
            hi = mid
    return lo


def _threads(t: str) -> int:
    if t.isascii():
        return grapheme_length(t)
    # every emoji sequence is (part of) one grapheme: count its bytes instead of 1
    return grapheme_length(t) + sum(
        len(t[s:e].encode("utf-8", "surrogatepass")) - 1 for s, e in emoji_spans(t)
    )


_METHODS: dict[str, Callable[[str, int | None], int]] = {
    "twitter-weighted": lambda text, url: (
        _weighted_default(text)
        if url is None
        else _weighted(_nfc(text), w := _weights(None, url)) // w.scale
    ),
    "graphemes": lambda text, url: grapheme_length(text),
    "mastodon": lambda text, url: status_length(text, MASTODON_URL_LENGTH if url is None else url),
    "threads": lambda text, url: _threads(_nfc(text)),
    "utf8-bytes": lambda text, url: len(text.encode("utf-8", "surrogatepass")),
    "utf16": lambda text, url: _utf16(text),
    "codepoints": lambda text, url: len(_nfc(text)),
}


def count(text: str, method: str, *, url_length: int | None = None) -> int:
    """Length of ``text`` as counted by ``method`` (a key of :data:`COUNTING_UNITS`).

    * ``twitter-weighted``: twitter-text v3 (see :func:`parse_tweet`); URLs weigh
      ``url_length`` (default 23).
    * ``graphemes``: extended grapheme clusters (UAX #29) of the text as given, exactly as
      Bluesky's ``RichText.graphemeLength`` (see :mod:`._bluesky`).
    * ``mastodon``: Mastodon's ``StatusLengthValidator`` (see :mod:`._mastodon`): the
      stripped text in graphemes, every link it recognises counting ``url_length``
      (default 23) and ``@user@host`` counting as ``@user``.
    * ``threads``: graphemes, but an emoji grapheme counts its UTF-8 bytes.
    * ``utf8-bytes``, ``utf16``: encoded length of the text as given (lone surrogates count
      as one unit each instead of failing); ``codepoints``: code points of the NFC text.

    Raises :class:`ValueError` for an unknown method.
    """
    if method not in _METHODS:
        known = ", ".join(COUNTING_UNITS)
        raise ValueError(f"unknown counting method {method!r} (known: {known})")
    return _counted(text, method, url_length)


@lru_cache(maxsize=8192)
def _counted(text: str, method: str, url_length: int | None) -> int:
    # memoized: a build counts each text for the check, the post's preview and each of
    # the nine export formats, and networks that count alike share one body text
    return _METHODS[method](text, url_length)


def _boundaries(text: str, method: str) -> list[int]:
    """Grapheme boundaries of ``text`` that are not inside a URL, emoji or Mastodon mention."""
    cuts = [m.start() for m in _GRAPHEME.finditer(text)] + [len(text)]
    atoms = [(s, e) for s, e, _ in _url_spans(text)]
    atoms += emoji_spans(text)
    if method == "mastodon":
        atoms += [(m.start, m.end) for m in countable_entities(text)]
    if not atoms:
        return cuts
    inside = set()
    for s, e in atoms:
        inside.update(range(s + 1, e))
    return [c for c in cuts if c not in inside]


def cut_at(
    text: str, method: str, limit: int, *, url_length: int | None = None, length: int | None = None
) -> int:
    """Index in ``text`` of the first character that no longer fits in ``limit``.

    Returns ``len(text)`` when the whole text fits. The index is always on a grapheme
    boundary and never inside a URL, an emoji sequence or (for ``mastodon``) a mention, and
    ``count(text[:cut_at(...)], method) <= limit`` holds. ``length``, if given, is
    ``count(text, method, url_length=url_length)`` already known to the caller.
    """
    if length is None:
        length = count(text, method, url_length=url_length)
    if length <= limit:
        return len(text)
    bounds = _boundaries(text, method)
    idx, total = len(bounds) - 1, 0
    # a piece's count depends only on its text, and most pieces are letters that repeat
    weights: dict[str, int] = {}
    for i, (a, b) in enumerate(pairwise(bounds)):
        piece = text[a:b]
        weight = weights.get(piece)
        if weight is None:
            weight = weights[piece] = count(piece, method, url_length=url_length)
        total += weight
        if total > limit:
            idx = i
            break
    while idx > 0 and count(text[: bounds[idx]], method, url_length=url_length) > limit:
        idx -= 1
    return bounds[idx]
