"""Text length as each network counts it, and where a network would cut a text."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from types import MappingProxyType
from typing import Any

import regex

from ._extract import _url_spans, emoji_spans, extract_mentions

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
_GRAPHEME = regex.compile(r"\X", regex.DOTALL)
# Characters that can join a grapheme cluster with a neighbour (besides CR LF).
_SIMPLE = r"\p{Grapheme_Cluster_Break=Other}\p{Grapheme_Cluster_Break=Control}\r\n"
_CLUSTERING = regex.compile(rf"[^{_SIMPLE}]")


@dataclass(frozen=True, slots=True)
class TweetParse:
    """twitter-text's ``parseTweet`` result; ranges are inclusive UTF-16 indices."""

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
        self.heavy = regex.compile(f"[^{_class(ranges)}]") if self.light is not None else None
        self.classes = [
            (w, regex.compile(f"[{_class(tuple(r for r in ranges if r[2] == w))}]"))
            for w in sorted({w for _, _, w in ranges})
        ]
        # No emoji and no URL can exist in text made only of light characters without a dot
        # when the light ranges stop before U+203C (the first pictograph after (C) and (R)).
        self.fast = self.light is not None and all(e < 0x203C for _, e, _ in ranges)
        self.ascii_light = self.fast and not self.heavy.search("".join(map(chr, range(128))))

    def char(self, ch: str) -> int:
        """Weight of one code point; astral ones weigh what their low surrogate weighs (JS)."""
        cp = ord(ch)
        if cp > 0xFFFF:
            cp = 0xDC00 + ((cp - 0x10000) & 0x3FF)
        for start, end, weight in self.ranges:
            if start <= cp <= end:
                return weight
        return self.default

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
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


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


def _weighted(t: str, w: _Weights) -> int:
    """The unscaled weighted length of NFC text ``t``."""
    if w.fast and "." not in t and ((w.ascii_light and t.isascii()) or not w.heavy.search(t)):
        return w.light * len(t)
    total = pos = 0
    for start, end, weight in _entities(t, w):
        total += w.plain(t, pos, start) + weight
        pos = end
    return total + w.plain(t, pos, len(t))


def parse_tweet(text: str, config: Mapping[str, Any] | None = None) -> TweetParse:
    """Weigh ``text`` exactly as twitter-text 3 ``parseTweet`` does.

    ``config`` is shaped like twitter-text's ``config/v3.json`` (``maxWeightedTweetLength``,
    ``scale``, ``defaultWeight``, ``transformedURLLength``, ``ranges``, ``emojiParsingEnabled``;
    a missing ``emojiParsingEnabled`` means off, as in v2); default: :data:`TWITTER_V3_CONFIG`.
    The text is NFC-normalised first; every URL weighs ``transformedURLLength`` characters and,
    with emoji parsing, every emoji sequence weighs ``defaultWeight`` once. ``weighted_length``
    is the weighted sum divided by ``scale``, rounded down.
    """
    w = _weights(config)
    t = _nfc(text)
    total = _weighted(t, w)
    limit = w.max * w.scale
    len16, nlen16 = _utf16(text), _utf16(t)
    valid = total <= limit and not any(c in t for c in _INVALID_CHARS)
    if valid:
        last = nlen16 - 1 if t else 0
    else:
        valid, last = _walk(t, w, limit)
    return TweetParse(
        weighted_length=total // w.scale,
        valid=valid and 0 < total <= limit,
        permillage=total * 1000 // limit if limit else 0,
        display_range_start=0,
        display_range_end=max(len16 - 1, 0),
        valid_range_start=0,
        valid_range_end=last + len16 - nlen16,
    )


def _walk(t: str, w: _Weights, limit: int) -> tuple[bool, int]:
    """Unit by unit: (no invalid character seen, UTF-16 index of the last unit that fits).

    Plain stretches that fit whole are added in one step; only the stretch where the limit
    is crossed or an invalid character appears is walked character by character.
    """
    valid, last, total, pos16, pos = True, 0, 0, 0, 0
    for start, end, weight in [*_entities(t, w), (len(t), len(t), None)]:
        if pos < start:
            stretch = t[pos:start]
            bulk = w.plain(t, pos, start)
            if valid and total + bulk <= limit and not any(c in stretch for c in _INVALID_CHARS):
                total += bulk
                pos16 += _utf16(stretch)
                last = pos16 - 1
            else:
                for ch in stretch:
                    total += w.char(ch)
                    pos16 += 2 if ord(ch) > 0xFFFF else 1
                    valid = valid and ch not in _INVALID_CHARS
                    if valid and total <= limit:
                        last = pos16 - 1
        if weight is None:
            break
        total += weight
        pos16 += _utf16(t[start:end])
        valid = valid and t[end - 1] not in _INVALID_CHARS
        if valid and total <= limit:
            last = pos16 - 1
        pos = end
    return valid, last


def _graphemes(t: str) -> int:
    """Extended grapheme clusters of ``t``.

    Only the neighbourhood of clustering characters goes through ``\\X``: a cluster boundary
    always lies between two characters that are both simple (Other or Control), so such a
    stretch is segmented exactly as it would be inside the whole text.
    """
    n = len(t) - t.count("\r\n")
    if t.isascii():
        return n
    a = b = -3  # no stretch yet
    for m in _CLUSTERING.finditer(t):
        i = m.start()
        if i == b + 1 or (i == b + 2 and t[b + 1] not in "\r\n"):
            b = i
            continue
        n -= _merged(t, a, b)
        a = b = i
    return n - _merged(t, a, b)


def _merged(t: str, a: int, b: int) -> int:
    """How many characters of the stretch around ``t[a:b + 1]`` join a previous one."""
    if a < 0:
        return 0
    lo = a - 1 if a and t[a - 1] not in "\r\n" else a
    hi = b + 2 if b + 1 < len(t) and t[b + 1] not in "\r\n" else b + 1
    return hi - lo - len(_GRAPHEME.findall(t, lo, hi))


def _mastodon(t: str, url_length: int) -> int:
    if "://" not in t and "@" not in t and "＠" not in t:
        return _graphemes(t)
    urls = _url_spans(t)
    pieces = [(s, e, "x" * url_length) for s, e, scheme in urls if scheme]
    pieces += [
        (m.start, m.end, m.text[: m.text.index("@", 1)])
        for m in extract_mentions(t, _urls=urls)
        if "@" in m.text[1:]
    ]
    out, pos = [], 0
    for s, e, repl in sorted(pieces):
        if s >= pos:
            out += [t[pos:s], repl]
            pos = e
    out.append(t[pos:])
    return _graphemes("".join(out))


def _threads(t: str) -> int:
    if t.isascii():
        return _graphemes(t)
    # every emoji sequence is (part of) one grapheme: count its bytes instead of 1
    return _graphemes(t) + sum(
        len(t[s:e].encode("utf-8", "surrogatepass")) - 1 for s, e in emoji_spans(t)
    )


_METHODS: dict[str, Callable[[str, int | None], int]] = {
    "twitter-weighted": lambda text, url: (
        _weighted(_nfc(text), w := _weights(None, url)) // w.scale
    ),
    "graphemes": lambda text, url: _graphemes(_nfc(text)),
    "mastodon": lambda text, url: _mastodon(
        _nfc(text), MASTODON_URL_LENGTH if url is None else url
    ),
    "threads": lambda text, url: _threads(_nfc(text)),
    "utf8-bytes": lambda text, url: len(text.encode("utf-8", "surrogatepass")),
    "utf16": lambda text, url: _utf16(text),
    "codepoints": lambda text, url: len(_nfc(text)),
}


def count(text: str, method: str, *, url_length: int | None = None) -> int:
    """Length of ``text`` as counted by ``method`` (a key of :data:`COUNTING_UNITS`).

    * ``twitter-weighted``: twitter-text v3 (see :func:`parse_tweet`); URLs weigh
      ``url_length`` (default 23).
    * ``graphemes``: extended grapheme clusters of the NFC text (Bluesky).
    * ``mastodon``: graphemes, every ``http(s)://`` URL counting ``url_length`` (default 23)
      and ``@user@host`` counting as ``@user``.
    * ``threads``: graphemes, but an emoji grapheme counts its UTF-8 bytes.
    * ``utf8-bytes``, ``utf16``: encoded length of the text as given (lone surrogates count
      as one unit each instead of failing); ``codepoints``: code points of the NFC text.

    Raises :class:`ValueError` for an unknown method.
    """
    try:
        fn = _METHODS[method]
    except KeyError:
        known = ", ".join(COUNTING_UNITS)
        raise ValueError(f"unknown counting method {method!r} (known: {known})") from None
    return fn(text, url_length)


def _boundaries(text: str, method: str) -> list[int]:
    """Grapheme boundaries of ``text`` that are not inside a URL, emoji or Mastodon mention."""
    cuts = [m.start() for m in _GRAPHEME.finditer(text)] + [len(text)]
    atoms = [(s, e) for s, e, _ in _url_spans(text)]
    atoms += emoji_spans(text)
    if method == "mastodon":
        atoms += [(m.start, m.end) for m in extract_mentions(text)]
    if not atoms:
        return cuts
    inside = set()
    for s, e in atoms:
        inside.update(range(s + 1, e))
    return [c for c in cuts if c not in inside]


def cut_at(text: str, method: str, limit: int, *, url_length: int | None = None) -> int:
    """Index in ``text`` of the first character that no longer fits in ``limit``.

    Returns ``len(text)`` when the whole text fits. The index is always on a grapheme
    boundary and never inside a URL, an emoji sequence or (for ``mastodon``) a mention, and
    ``count(text[:cut_at(...)], method) <= limit`` holds.
    """
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
