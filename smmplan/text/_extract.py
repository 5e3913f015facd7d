"""Entities in post text: URLs, hashtags, mentions and emoji sequences.

URL rules follow twitter-text 3 (the rules X uses to decide which text becomes a 23-character
t.co link), re-implemented from its conformance suite: a URL is ``http(s)://`` plus a host, or a
bare host whose last label is a known top-level domain (``example.com``, ``bit.ly/abc``), with an
optional port, path and query; trailing punctuation such as ``.,!?`` is left out and balanced
parentheses are kept. Indices are Python ``str`` indices into the text as given.

Ported from twitter/twitter-text, tag v3.1.0 (commit 65e7e00da383fb77f5ab7fe3c0dc26b724e14035):
``js/src/extractUrlsWithIndices.js`` and ``js/src/regexp/extractUrl.js``, ``validUrlPath.js``
(URLs), ``js/src/extractHashtagsWithIndices.js`` and ``js/src/removeOverlappingEntities.js``
(hashtags), ``js/src/extractMentionsOrListsWithIndices.js`` and
``js/src/regexp/validMentionOrList.js``, ``endMentionMatch.js`` (mentions), and checked against
that release on npm by ``tests/test_counting_x.py``. One addition of smmplan's own: a Mastodon
handle ``@user@host.tld`` is one mention.

The URL expressions are compiled with the standard library's ``re`` rather than ``regex``
(which the hashtag and mention expressions need for Unicode properties): the ``regex``
compiler, in Python, took ~0.4 s of each process's CPU for the TLD alternation, ``re``
~0.15 s, and ``re`` scans about twice as fast. Where the two engines differ (one letter),
the text is scanned with a stand-in (see ``_STAND_IN``), so the URLs found are the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from ipaddress import IPv4Address, IPv6Address, ip_address
from urllib.parse import urlsplit

import regex

from ._emoji import _trie, emoji_pattern, emoji_sequences, emoji_spans

__all__ = [
    "EMOJI",  # noqa: F822 - compiled on first use, see __getattr__
    "Token",
    "emoji_sequences",
    "emoji_spans",
    "extract_hashtags",
    "extract_mentions",
    "extract_urls",
    "is_valid_url",
]


def __getattr__(name: str) -> re.Pattern[str]:
    if name == "EMOJI":  # compiled on first use: building it takes a noticeable part of a second
        return emoji_pattern()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True, slots=True)
class Token:
    """An entity found in a text: ``kind`` is ``"url"``, ``"hashtag"`` or ``"mention"``.

    ``text`` is exactly ``source[start:end]`` (sigil included: ``#кофе``, ``@ilya@mastodon.social``).
    """

    kind: str
    text: str
    start: int
    end: int

    @property
    def name(self) -> str:
        """The text without its sigil: ``кофе`` for ``#кофе``, ``ilya`` for ``@ilya``."""
        return self.text[1:] if self.kind in ("hashtag", "mention") else self.text


# --- URLs (twitter-text rules) ---------------------------------------------------------------
_LATIN_ACCENTS = (
    r"\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259"
    r"\u025B\u0263\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF"
)
_DIRECTIONAL = r"\u202A-\u202E\u061C\u200E\u200F\u2066-\u2069"
_INVALID = r"\uFFFE\uFEFF\uFFFF"
_SPACES = r"\x09-\x0D\x20\x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
_PUNCT = r"!'#%&()*+,\\\-./:;<=>?@\[\]^_{|}~$"
_DOMAIN_CHAR = rf"[^{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}]"
# Labels are matched possessively and capped at 256 characters so that long runs of letters
# (CJK text has no spaces) cost linear time; a longer label is never a valid host anyway.
_LABEL = rf"{_DOMAIN_CHAR}(?:[_-]*+{_DOMAIN_CHAR}){{0,255}}+"
_HOST_LABEL = rf"{_DOMAIN_CHAR}(?:-*+{_DOMAIN_CHAR}){{0,255}}+"
_TLD_END = r"(?=[^0-9a-zA-Z@+-]|$)"
_PATH_CHAR = rf"[a-zA-Z\u0400-\u04FF0-9!*';:=+,.$/%#\[\]\-\u2013_~&|@{_LATIN_ACCENTS}]"
_PARENS = rf"\((?:{_PATH_CHAR}+|{_PATH_CHAR}*\({_PATH_CHAR}+\){_PATH_CHAR}*)\)"
_PATH_END = rf"[+\-a-zA-Z\u0400-\u04FF0-9=_#/{_LATIN_ACCENTS}]"
# twitter-text splices its ending pattern ``[…]|(?:parens)`` into validUrlPath without a group,
# so balanced parentheses alone are a whole path segment, and "/a.(b)" ends after "/a".
_PATH = rf"(?:{_PATH_CHAR}*(?:{_PARENS}{_PATH_CHAR}*)*{_PATH_END}|{_PARENS}|@{_PATH_CHAR}+/)"
_QUERY = r"\?[a-zA-Z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*[a-zA-Z0-9\-_&=#/]"
_URL_BEFORE = rf"(?:[^A-Za-z0-9@＠$#＃{_INVALID}]|[{_DIRECTIONAL}]|^)"
_MAX_URL_LENGTH = 4096
_MAX_TCO_SLUG = 40


@cache
def _tlds() -> tuple[str, ...]:
    data = resources.files("smmplan").joinpath("data/tlds.txt").read_text(encoding="utf-8")
    return tuple(line for line in map(str.strip, data.splitlines()) if line and line[0] not in "#[")


# The URL expressions are compiled with ``re``, not ``regex``: they use no Unicode property,
# ``re`` compiles the TLD alternation about four times faster (a cost every process paid on
# its first text) and scans about twice as fast. Blind to case, both engines take the same
# characters for every letter of the TLD list but one: ``re`` also takes the dotless ``ı``
# for ``i`` (which ``regex``, like twitter-text, does not), so the texts are scanned with
# each ``ı`` replaced by ``ĸ``, a letter of the same ranges that no TLD holds and that has
# no other case (``tests/test_text_urls_engine.py`` compares both engines).
_DOTLESS_I, _STAND_IN = "ı", "ĸ"


# Each expression holding the TLD list takes ~35 ms to compile, so each is compiled when a
# text first needs it: the bare-domain one only for a link without ``https://``.
@cache
def _tld() -> str:
    return rf"(?:(?i:{_trie(sorted(_tlds()), escape=re.escape)}){_TLD_END}|(?i:xn--[0-9a-z-]+))"


@cache
def _url_pattern() -> re.Pattern[str]:
    return re.compile(
        rf"{_URL_BEFORE}(?P<url>(?P<proto>(?i:https?://))?"
        rf"(?P<domain>(?:{_LABEL}\.){{0,126}}{_HOST_LABEL}\.{_tld()})"
        rf"(?::[0-9]+)?(?P<path>/{_PATH}*)?(?:{_QUERY})?)"
    )


@cache
def _ascii_domain_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?:[\-a-zA-Z0-9{_LATIN_ACCENTS}]++\.)+{_tld()}")


@cache
def _tco_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?i:https?://t\.co/)(?P<slug>[a-zA-Z0-9]+)(?:{_QUERY})?")


@cache
def _tld_hit_pattern() -> re.Pattern[str]:
    return re.compile(rf"\.{_tld()}")  # the scan for ".tld" that runs over every text


_SPACE = re.compile(rf"[{_SPACES}]")
_SPACE_SET = frozenset(ch for ch in map(chr, range(0x3001)) if _SPACE.match(ch))
_MAX_HOST = 300  # characters scanned back from a TLD for the start of its URL


def _url_spans(text: str) -> list[tuple[int, int, bool]]:
    """``(start, end, has_scheme)`` of every URL, in order.

    Equivalent to scanning the whole text with the URL pattern (as twitter-text does), but
    only near ``.tld`` occurrences: every URL's host ends in one, and no URL contains a space,
    so the search around a TLD runs from the last space before it to the first space after it
    (the host may go on past this TLD: ``my_shop.co.uk`` only starts at ``m`` because of
    ``.uk``). Ending the search just after that space changes no match: the space is what
    the pattern's look-ahead after a TLD sees in the whole text too.
    """
    if "." not in text:
        return []
    url_re, hit_re = _url_pattern(), _tld_hit_pattern()
    scanned = text.replace(_DOTLESS_I, _STAND_IN) if _DOTLESS_I in text else text
    spans: list[tuple[int, int, bool]] = []
    consumed = 0
    for hit in hit_re.finditer(scanned):
        if hit.start() < consumed:
            continue
        # back to the last space before the TLD (words are short: a loop beats a search)
        floor = max(consumed, hit.start() - _MAX_HOST)
        pos = max(hit.start() - 1, floor)
        while pos > floor and text[pos] not in _SPACE_SET:
            pos -= 1
        after = _SPACE.search(text, hit.end())
        cut = after.end() if after else len(text)
        while hit.start() >= consumed and (m := url_re.search(scanned, pos, cut)) is not None:
            pos = consumed = m.end()
            _add_url(m, text, spans)
    return spans


@lru_cache(maxsize=4096)
def _idna_length(label: str) -> int:
    """Length of ``xn--`` + the punycode of a non-ASCII label (the codec is pure Python)."""
    return 4 + len(label.encode("punycode"))


def _valid_host(url: str, protocol: str, domain: str) -> bool:
    """twitter-text's host check: labels at most 63 characters once punycode-encoded."""
    if domain.isascii():
        return (
            max(map(len, domain.split("."))) <= 63 and len(protocol) + len(url) <= _MAX_URL_LENGTH
        )
    extra = 0
    for label in domain.split("."):
        if label.isascii():
            encoded = len(label)
        elif label[:4].lower() == "xn--":
            return False
        else:
            encoded = _idna_length(label)
        if encoded > 63:
            return False
        extra += encoded - len(label)
    return len(protocol) + len(url) + extra <= _MAX_URL_LENGTH


def _add_url(m: re.Match[str], text: str, spans: list[tuple[int, int, bool]]) -> None:
    """``m`` is a match in ``text`` as scanned (see ``_STAND_IN``): the host's length is
    measured on the text itself."""
    start, end = m.span("url")
    url, proto = text[start:end], m["proto"] and text[slice(*m.span("proto"))]
    domain = text[slice(*m.span("domain"))]
    if not _valid_host(url, proto or "https://", domain):
        return
    if proto:
        tco = _tco_pattern().match(url)
        if tco:
            if len(tco["slug"]) > _MAX_TCO_SLUG:
                return
            end = start + tco.end()
        spans.append((start, end, True))
        return
    if start and text[start - 1] in "-_./":
        return
    dom_start = m.start("domain")
    last: tuple[int, int, bool] | None = None
    for a in _ascii_domain_pattern().finditer(m["domain"]):
        last = (dom_start + a.start(), dom_start + a.end(), False)
        spans.append(last)
    if last is not None and m["path"]:
        spans[-1] = (last[0], end, False)


def extract_urls(text: str) -> list[Token]:
    """Links as X recognises them: ``http(s)://…`` URLs and bare domains with a known TLD."""
    return [Token("url", text[s:e], s, e) for s, e, _ in _url_spans(text)]


# --- hashtags and mentions -------------------------------------------------------------------
_HASHTAG_ALPHA = r"[\p{L}\p{M}]"
_HASHTAG_ALNUM = (
    r"[\p{L}\p{M}\p{Nd}_\u200C\u200D\uA67E\u05BE\u05F3\u05F4\uFF5E\u301C\u309B\u309C\u30A0"
    r"\u30FB\u3003\u0F0B\u0F0C\u00B7]"
)
# The sigil comes first so that the engine can skip to it; the preceding character is checked
# by a look-behind (twitter-text consumes it, which only matters for adjacent matches: see
# ``consumed`` below).
_HASHTAG = regex.compile(
    rf"(?:(?<=^|[\uFE0E\uFE0F])|(?<!{_HASHTAG_ALNUM}|&))(?P<tag>[#＃](?![\uFE0F\u20E3])"
    rf"{_HASHTAG_ALNUM}*{_HASHTAG_ALPHA}{_HASHTAG_ALNUM}*)",
    regex.DOTALL,
)
_HASHTAG_AFTER = regex.compile(r"[#＃]|://")
# twitter-text: a screen name of up to 20 characters, an optional list slug (a mention with a
# list is not a mention), and a Mastodon handle (@user@host.tld, smmplan's own addition).
_MENTION = regex.compile(
    r"(?<=^|[^A-Za-z0-9_!#$%&*@＠]|(?:^|[^A-Za-z0-9_+~.-])(?:rt|RT|rT|Rt):?)"
    r"(?P<m>[@＠][A-Za-z0-9_]{1,32}"
    r"@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+"
    r"|[@＠][A-Za-z0-9_]{1,20})(?P<list>/[a-zA-Z][a-zA-Z0-9_-]{0,24})?",
    regex.DOTALL,
)
_MENTION_AFTER = regex.compile(rf"[@＠{_LATIN_ACCENTS}]|://")


def _without_url_overlap(
    tokens: list[Token], text: str, urls: Sequence[tuple[int, int, bool]] | None = None
) -> list[Token]:
    """twitter-text's ``removeOverlappingEntities``: by start, an entity overlapping the last
    kept one is dropped, so a hashtag keeps its place before a URL that starts inside it.
    """
    if not tokens:
        return tokens
    urls = _url_spans(text) if urls is None else urls
    if not urls:
        return tokens
    entities = [(t.start, t.end, t) for t in tokens] + [(s, e, None) for s, e, _ in urls]
    entities.sort(key=lambda entity: entity[0])  # stable: a token before a URL at its start
    kept: list[Token] = []
    last_end = -1
    for start, end, token in entities:
        if start < last_end:
            continue
        last_end = end
        if token is not None:
            kept.append(token)
    return kept


def extract_hashtags(text: str) -> list[Token]:
    """Hashtags in any script (``#кофе``, ``#qəhvə``, ``＃ｈａｓｈ``), as X recognises them.

    A hashtag starts with ``#`` or ``＃`` not preceded by a letter, digit, mark, ``_`` or ``&``
    (so ``a#b`` and ``&#39;`` are not hashtags), contains at least one letter (``#2026`` is not a
    hashtag), ends at the first punctuation or space, and is not part of a URL.
    """
    if "#" not in text and "＃" not in text:
        return []
    found, consumed = [], 0
    for m in _HASHTAG.finditer(text):
        start, consumed, last = m.start(), m.end(), consumed
        if 0 < start <= last or _HASHTAG_AFTER.match(text, m.end()):
            continue
        found.append(Token("hashtag", m["tag"], m.start("tag"), m.end("tag")))
    return _without_url_overlap(found, text)


def extract_mentions(
    text: str, *, _urls: Sequence[tuple[int, int, bool]] | None = None
) -> list[Token]:
    """``@user`` mentions (ASCII letters, digits, ``_``; up to 32) and ``@user@host.tld``.

    An e-mail address (``me@example.com``) is not a mention, nor is ``@user`` inside a URL.
    """
    if "@" not in text and "＠" not in text:
        return []
    found, consumed = [], 0
    for m in _MENTION.finditer(text):
        start, consumed, last = m.start(), m.end(), consumed
        # twitter-text consumes the character before the sigil: it cannot end the last match
        if 0 < start <= last or m["list"] or _MENTION_AFTER.match(text, m.end()):
            continue
        found.append(Token("mention", m["m"], m.start("m"), m.end("m")))
    return _without_url_overlap(found, text, _urls)


_SUBDOMAIN = regex.compile(rf"{_DOMAIN_CHAR}(?:[_-]*{_DOMAIN_CHAR})*")
_DOMAIN_LABEL = regex.compile(rf"{_DOMAIN_CHAR}(?:-*{_DOMAIN_CHAR})*")
_TOP_LABEL = regex.compile(r"\p{L}[\p{L}\p{M}]+|(?i:xn--[0-9a-z-]+)")
_URL_FORBIDDEN = regex.compile(r'[\s\p{Cc}"<>\\^`{|}]')


@lru_cache(maxsize=1024)  # a plan links to a few hosts many times
def _valid_hostname(host: str) -> bool:
    if host == "localhost":
        return True
    if host.startswith("["):
        try:
            return isinstance(ip_address(host[1:-1]), IPv6Address) and host.endswith("]")
        except ValueError:
            return False
    labels = host.split(".")
    if all(label.isdigit() for label in labels):
        try:
            return isinstance(ip_address(host), IPv4Address)
        except ValueError:
            return False
    return (
        len(labels) >= 2
        and bool(_TOP_LABEL.fullmatch(labels[-1]))
        and bool(_DOMAIN_LABEL.fullmatch(labels[-2]))
        and all(_SUBDOMAIN.fullmatch(label) for label in labels[:-2])
    )


def is_valid_url(s: str) -> bool:
    """True for an absolute ``http``/``https`` URL whose host has a dot or is ``localhost``.

    The host is ``localhost``, an IPv4 or bracketed IPv6 address, or dot-separated labels
    (any script) that neither start nor end with ``-``; ``_`` only in subdomains. Rejects
    whitespace, control characters and ``"<>\\^`{|}`` anywhere, other schemes
    (``javascript:``, ``ftp:``), an empty host and an invalid port.
    """
    if not s or _URL_FORBIDDEN.search(s):
        return False
    try:
        parts = urlsplit(s)
        parts.port  # noqa: B018 - raises ValueError for an invalid port
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return False
    userinfo, _, hostport = parts.netloc.rpartition("@")
    if "[" in userinfo or "]" in userinfo:
        return False
    host = hostport.rsplit(":", 1)[0] if not hostport.endswith("]") else hostport
    return _valid_hostname(host.lower())
