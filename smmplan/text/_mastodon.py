"""Mastodon's status length, ported from its server code.

A status is counted by ``StatusLengthValidator`` (``app/validators/status_length_validator.rb``
of mastodon/mastodon): the text, stripped by ``Status#prepare_contents`` (``text&.strip!`` in
``app/models/status.rb``), counts 0 when blank; otherwise every URL found by
``Extractor.extract_urls_with_indices(str, extract_url_without_protocol: false)`` is replaced
by 23 ``x`` and every mention found by ``Extractor.extract_mentions_or_lists_with_indices``
(``app/lib/extractor.rb``, using ``Account::MENTION_RE`` of ``app/models/account.rb``) by
``@username`` without its domain, overlapping entities dropped as
``remove_overlapping_entities`` does; the result is counted in grapheme clusters.

URLs follow the twitter-text 3.1.0 gem (``rb/lib/twitter-text/regex.rb`` and
``extractor.rb``, tag v3.1.0 of twitter/twitter-text) as Mastodon's
``config/initializers/twitter_regex.rb`` changes it: more schemes (``dat``, ``dweb``,
``ipfs``, ``ipns``, ``ssb``, ``gopher``, ``gemini``), paths of any non-space except
``<>()?``, queries that take non-ASCII characters. Each URL's host must pass the gem's
``is_valid_domain``: ``IDN::Idna.toASCII`` (libidn, IDNA 2003 without unassigned code
points) and the 4096-character limit. Hashtags follow ``Tag::HASHTAG_RE``
(``app/models/tag.rb``) and ``Extractor.extract_hashtags_with_indices``.

Read in mastodon/mastodon: ``config/initializers/twitter_regex.rb`` @ 3208bd8a,
``app/lib/extractor.rb`` @ 9120f127 (``MAX_DOMAIN_LENGTH = 253``); of current main, whose
commit this copy does not record, ``Account::USERNAME_RE = /[a-z0-9_]+([.-]+[a-z0-9_]+)*/i``
with ``MENTION_RE = (?<![=/[:word:]])@((USERNAME_RE)(?:@[[:word:]]+([.-]+[[:word:]]+)*)?)``,
``StatusLengthValidator`` (``URL_PLACEHOLDER_CHARS = 23``, ``each_grapheme_cluster``) and
``Tag::HASHTAG_RE = /(?<=^|[[:space:]])[#＃](...)/`` of current main (tag.rb @ cb8f1ee7 is
older: ``(?:^|[^/)\\w])#``); the cases of ``spec/validators/status_length_validator_spec.rb``,
``spec/models/account_spec.rb`` and ``spec/lib/text_formatter_spec.rb`` @ 16d8e1cd are the
tests. Ruby's regular expressions are translated for the
``regex`` module: ``^``/``$`` match at line ends (MULTILINE), ``[[:word:]]`` is written
``[\\p{L}\\p{M}\\p{Nd}\\p{Pc}]`` (Python's ``\\w`` also takes joiners), ``[[:alpha:]]`` is
``\\p{Alphabetic}``. The grapheme count is :func:`~smmplan.text._bluesky.grapheme_length`
(current Unicode, rule GB9c included).
"""

from __future__ import annotations

import stringprep
from dataclasses import dataclass
from encodings import idna
from functools import cache
from importlib import resources

import regex

from ._bluesky import grapheme_length
from ._extract import Token

__all__ = [
    "MastodonEntity",
    "countable_entities",
    "countable_text",
    "extract_hashtags",
    "extract_mentions",
    "extract_urls",
    "hashtag_tokens",
    "mention_tokens",
    "status_length",
    "url_tokens",
]

URL_PLACEHOLDER = "x" * 23

# --- twitter-text 3.1.0 (regex.rb) ------------------------------------------------------------
_UNICODE_SPACES = (
    "\\x09-\\x0D\\x20\\x85\\xA0\\u1680\\u180E\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000"
)
_DIRECTIONAL = "\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069"
_INVALID = "\\uFFFE\\uFEFF\\uFFFF"
# PUNCTUATION_CHARS: the ASCII punctuation but the backslash (the Ruby literal escapes [, ]
# and ` with one, which leaves no backslash in the character class).
_PUNCTUATION = "!\"#$%&'()*+,\\-./:;<=>?@\\[\\]^_`{|}~"
_DOMAIN_CHAR = (
    f"[^{_DIRECTIONAL}{_PUNCTUATION} \\t\\n\\x0B\\f\\r\\x00-\\x1F\\x7F{_INVALID}{_UNICODE_SPACES}]"
)
_SUBDOMAIN = f"(?:(?:{_DOMAIN_CHAR}(?:[_-]|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\\.)"
_DOMAIN_NAME = f"(?:(?:{_DOMAIN_CHAR}(?:[-]|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\\.)"
_LATIN_ACCENTS = (
    "\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u00ff\\u0100-\\u024f\\u0253-\\u0254\\u0256-\\u0257"
    "\\u0259\\u025b\\u0263\\u0268\\u026f\\u0272\\u0289\\u028b\\u02bb\\u0300-\\u036f\\u1e00-\\u1eff"
)
_PRECEDING = f"(?:[^A-Z0-9@＠$#＃{_INVALID}]|[{_DIRECTIONAL}]|^)"
# The gem's own path characters: Mastodon's new ending class still embeds the gem's balanced
# parentheses, because twitter_regex.rb redefines that pattern only after using it.
_GEM_PATH_CHAR = f"[a-z\\p{{Cyrillic}}0-9!*';:=+,.$/%#\\[\\]\\p{{Pd}}_~&|@{_LATIN_ACCENTS}]"

# --- Mastodon's config/initializers/twitter_regex.rb ------------------------------------------
_PATH_CHAR = "[^\\p{White_Space}<>()?]"


def _balanced_parens(char: str) -> str:
    return f"\\((?:{char}+|(?:{char}*\\({char}+\\){char}*))\\)"


_PATH_END = (
    "(?:[^\\p{White_Space}()?!*\"'「」<>;:=,.$%\\[\\]~&|@]"
    f"|(?:{_balanced_parens(_GEM_PATH_CHAR)}))"
)
_PATH = (
    f"(?:(?:{_PATH_CHAR}*(?:{_balanced_parens(_PATH_CHAR)}{_PATH_CHAR}*)*{_PATH_END})"
    f"|(?:{_PATH_CHAR}+/))"
)
_UCHARS = (
    "\\u00A0-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF\\U00010000-\\U0001FFFD\\U00020000-\\U0002FFFD"
    "\\U00030000-\\U0003FFFD\\U00040000-\\U0004FFFD\\U00050000-\\U0005FFFD\\U00060000-\\U0006FFFD"
    "\\U00070000-\\U0007FFFD\\U00080000-\\U0008FFFD\\U00090000-\\U0009FFFD\\U000A0000-\\U000AFFFD"
    "\\U000B0000-\\U000BFFFD\\U000C0000-\\U000CFFFD\\U000D0000-\\U000DFFFD\\U000E1000-\\U000EFFFD"
    "\\U0000E000-\\U0000F8FF\\U000F0000-\\U000FFFFD\\U00100000-\\U0010FFFD"
)
_QUERY_CHAR = f"[a-z0-9!?*'();:&=+$/%#\\[\\]\\-_.,~|@\\^{_UCHARS}]"
_QUERY_END = f"[a-z0-9_&=#/\\-{_UCHARS}]"
_SCHEMES = "(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)://"

# --- Mastodon's models ------------------------------------------------------------------------
_WORD = "\\p{L}\\p{M}\\p{Nd}\\p{Pc}"  # Onigmo's [[:word:]]
_MENTION = regex.compile(
    f"(?<![=/{_WORD}])@((?i:[a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@[{_WORD}]+(?:[.-]+[{_WORD}]+)*)?)"
)
_END_MENTION = regex.compile(f"(?i:[@＠]|[{_LATIN_ACCENTS}]+|://)")
_SEPARATORS = "_\u00b7\u30fb\u200c"
_HASHTAG_NAME = (
    f"([{_WORD}_][{_WORD}{_SEPARATORS}]*[\\p{{Alphabetic}}{_SEPARATORS}]"
    f"[{_WORD}{_SEPARATORS}]*[{_WORD}_])"
    f"|([{_WORD}_]*[\\p{{Alphabetic}}][{_WORD}_]*)"
)
_HASHTAG = regex.compile(f"(?<=^|[\\p{{White_Space}}])[#＃]({_HASHTAG_NAME})", regex.MULTILINE)
_HASHTAG_BEFORE_SCHEME = regex.compile(r"(.+)(https?\Z)", regex.DOTALL)
_TCO = regex.compile(r"https?://t\.co/([a-z0-9]+)", regex.IGNORECASE)
_MAX_URL_LENGTH = 4096
_MAX_DOMAIN_LENGTH = 253  # Extractor::MAX_DOMAIN_LENGTH: a longer host is no mention
_MAX_TCO_SLUG_LENGTH = 40
_RUBY_STRIP = "\0\t\n\v\f\r "  # String#strip: ASCII whitespace and NUL
_BLANK = regex.compile(r"[\p{White_Space}]*+")  # ActiveSupport's String#blank?
_IDNA_DOTS = regex.compile("[.\u3002\uff0e\uff61]")


@dataclass(frozen=True, slots=True)
class MastodonEntity:
    """A URL, mention or hashtag as Mastodon finds it; ``start``/``end`` index the text."""

    kind: str
    text: str
    start: int
    end: int
    screen_name: str = ""


@cache
def _tld_alternation() -> str:
    """The gem's ``valid_gTLD|valid_ccTLD`` list (``data/tlds.txt``) as a prefix tree.

    The gem tries the TLDs in its file's order; where two both fit (``भारत``/``भारतम्``,
    ``嘉里``/``嘉里大酒店``) the longer comes first there, which is what the greedy tree does.
    """
    data = resources.files("smmplan").joinpath("data/tlds.txt").read_text(encoding="utf-8")
    root: dict[str, dict] = {}
    for word in (line.strip() for line in data.splitlines()):
        if not word or word[0] in "#[":
            continue
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _branch(root)


def _branch(node: dict[str, dict]) -> str:
    alternatives = [regex.escape(ch) + _branch(sub) for ch, sub in sorted(node.items()) if ch]
    if not alternatives:
        return ""
    group = "(?:" + "|".join(alternatives) + ")"
    return f"(?:{group})?" if "" in node else group


@cache
def _url_pattern() -> regex.Pattern[str]:
    tld = f"(?:{_tld_alternation()}(?=[^0-9a-z@+-]|$)|xn--[0-9a-z]+)"
    domain = f"(?:{_SUBDOMAIN}*{_DOMAIN_NAME}{tld})"
    return regex.compile(
        f"(?P<before>{_PRECEDING})(?P<url>(?P<protocol>{_SCHEMES})?(?P<domain>{domain})"
        f"(?::(?P<port>[0-9]+))?(?P<path>/{_PATH}*)?(?P<query>\\?{_QUERY_CHAR}*{_QUERY_END})?)",
        regex.IGNORECASE | regex.MULTILINE,
    )


def _idna_label(label: str) -> int | None:
    """Length of libidn's ``ToASCII`` of one label (flags 0), or None where it fails."""
    if not label.isascii():
        if any(stringprep.in_table_a1(ch) for ch in label):
            return None  # unassigned in Unicode 3.2: libidn refuses it without ALLOW_UNASSIGNED
        try:
            label = idna.nameprep(label)
        except UnicodeError:
            return None
        if not label.isascii():
            if label[:4].lower() == "xn--":
                return None
            label = "xn--" + label.encode("punycode").decode("ascii")
    return len(label) if 0 < len(label) < 64 else None


def _idna_length(domain: str) -> int | None:
    """Length of ``IDN::Idna.toASCII(domain)``, or None where libidn raises."""
    total = 0
    labels = _IDNA_DOTS.split(domain)
    for label in labels:
        length = _idna_label(label)
        if length is None:
            return None
        total += length
    return total + len(labels) - 1


def _valid_domain(url_length: int, domain: str) -> bool:
    """The gem's ``is_valid_domain`` for a URL with a scheme."""
    encoded = _idna_length(domain)
    if encoded is None:
        return False
    return url_length + max(encoded - len(domain), 0) <= _MAX_URL_LENGTH


def extract_urls(text: str) -> list[MastodonEntity]:
    """``extract_urls_with_indices(text, extract_url_without_protocol: false)``."""
    if "://" not in text:  # the gem checks for ":"; a link without "://" is skipped anyway
        return []
    found = []
    for match in _url_pattern().finditer(text):
        if not match["protocol"]:
            continue  # a bare domain is no link to Mastodon
        url, start, end = match["url"], match.start("url"), match.end("url")
        tco = _TCO.match(url)
        if tco:
            if len(tco[1]) > _MAX_TCO_SLUG_LENGTH:
                continue
            url, end = tco[0], start + len(tco[0])
        if _valid_domain(len(url), match["domain"]):
            found.append(MastodonEntity("url", url, start, end))
    return found


def extract_mentions(text: str) -> list[MastodonEntity]:
    """``Extractor.extract_mentions_or_lists_with_indices``: ``@user`` and ``@user@host``."""
    if "@" not in text and "＠" not in text:
        return []
    found = []
    for match in _MENTION.finditer(text):
        if _END_MENTION.match(text, match.end()):
            continue
        _, _, domain = match[1].partition("@")
        if len(domain) > _MAX_DOMAIN_LENGTH:
            continue
        start, end = match.start(1) - 1, match.end(1)
        found.append(MastodonEntity("mention", text[start:end], start, end, match[1]))
    return found


def extract_hashtags(text: str) -> list[MastodonEntity]:
    """``Extractor.extract_hashtags_with_indices`` with ``Tag::HASHTAG_RE``."""
    if "#" not in text:
        return []
    found = []
    for match in _HASHTAG.finditer(text):
        name, start, end = match[1], match.start(1) - 1, match.end(1)
        if text.startswith("://", match.end()):
            scheme = _HASHTAG_BEFORE_SCHEME.match(name)
            if scheme:
                name, end = scheme[1], end - len(scheme[2])
        found.append(MastodonEntity("hashtag", text[start:end], start, end))
    return found


def _without_overlaps(entities: list[MastodonEntity]) -> list[MastodonEntity]:
    """``remove_overlapping_entities``: by start, dropping one that starts inside the last kept."""
    kept: list[MastodonEntity] = []
    for entity in sorted(entities, key=lambda e: e.start):
        if kept and kept[-1].end > entity.start:
            continue
        kept.append(entity)
    return kept


def countable_entities(text: str) -> list[MastodonEntity]:
    """The URLs and mentions the length validator rewrites, in order, without overlaps."""
    return _without_overlaps(extract_urls(text) + extract_mentions(text))


def countable_text(text: str, placeholder: str = URL_PLACEHOLDER) -> str:
    """``StatusLengthValidator#countable_text`` of a stripped text."""
    if _BLANK.fullmatch(text):
        return ""
    out, pos = [], 0
    for entity in countable_entities(text):
        out.append(text[pos : entity.start])
        if entity.kind == "url":
            out.append(placeholder)
        else:
            out.append("@" + entity.screen_name.split("@")[0])
        pos = entity.end
    out.append(text[pos:])
    return "".join(out)


def status_length(text: str, url_length: int = len(URL_PLACEHOLDER)) -> int:
    """Length of a status ``text`` as Mastodon's server counts it (no content warning).

    ``url_length`` is the instance's ``characters_reserved_per_url`` (23 on a stock server).
    """
    stripped = text.strip(_RUBY_STRIP)
    if "://" not in stripped and "@" not in stripped:
        return 0 if _BLANK.fullmatch(stripped) else grapheme_length(stripped)
    return grapheme_length(countable_text(stripped, "x" * url_length))


def _tokens(entities: list[MastodonEntity]) -> list[Token]:
    return [Token(e.kind, e.text, e.start, e.end) for e in entities]


def hashtag_tokens(text: str) -> list[Token]:
    """Hashtags as Mastodon makes tags of them (``#кофе``; ``#a·b``; not ``a#b``)."""
    return _tokens(extract_hashtags(text))


def mention_tokens(text: str) -> list[Token]:
    """Mentions the length validator shortens (``@user``, ``@user.name@host``), not inside URLs."""
    return _tokens([e for e in countable_entities(text) if e.kind == "mention"])


def url_tokens(text: str) -> list[Token]:
    """Links that count 23 on Mastodon (a scheme is needed: ``gemini://…`` is one)."""
    return _tokens([e for e in countable_entities(text) if e.kind == "url"])
