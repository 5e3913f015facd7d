"""Text measurement for social networks: exact lengths, hashtags, mentions and links.

* :func:`count` measures a text the way a network does (:data:`COUNTING_UNITS` lists the
  methods), :func:`parse_tweet` is twitter-text's weighted ``parseTweet`` and :func:`cut_at`
  finds where a network would truncate.
* :func:`extract_hashtags`, :func:`extract_mentions` and :func:`extract_urls` return
  :class:`Token` lists; :func:`is_valid_url` checks a link field.
* :mod:`bluesky` (``RichText`` facets and grapheme length of ``@atproto/api``) and
  :mod:`mastodon` (the server's status length, links, mentions and hashtags) are those
  networks' own rules, ported from their code.

Emoji sequences are Unicode's own list (``data/emoji-sequences.txt``, from ``emoji-test.txt``);
other Unicode data (graphemes, letters) comes from the ``regex`` module, which follows current
Unicode releases; the standard library's ``unicodedata`` is used only for NFC normalisation.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import _bluesky as bluesky
    from . import _mastodon as mastodon
    from ._count import COUNTING_UNITS, TWITTER_V3_CONFIG, TweetParse, count, cut_at, parse_tweet
    from ._extract import (
        EMOJI,
        Token,
        extract_hashtags,
        extract_mentions,
        extract_urls,
        is_valid_url,
    )

# Each name from the module that defines it, imported on first use: the expressions and
# tables behind them take a tenth of a second to build, which a check served from its
# cache, with no text to measure, never pays.
_HOMES = {
    "bluesky": None,
    "mastodon": None,
    "COUNTING_UNITS": "_count",
    "TWITTER_V3_CONFIG": "_count",
    "TweetParse": "_count",
    "count": "_count",
    "cut_at": "_count",
    "parse_tweet": "_count",
    "EMOJI": "_extract",  # the compiled emoji matcher
    "Token": "_extract",
    "extract_hashtags": "_extract",
    "extract_mentions": "_extract",
    "extract_urls": "_extract",
    "is_valid_url": "_extract",
}

__all__ = [  # the names of _HOMES
    "COUNTING_UNITS",
    "EMOJI",
    "TWITTER_V3_CONFIG",
    "Token",
    "TweetParse",
    "bluesky",
    "count",
    "cut_at",
    "extract_hashtags",
    "extract_mentions",
    "extract_urls",
    "is_valid_url",
    "mastodon",
    "parse_tweet",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    home = _HOMES[name]
    if home is None:
        value = import_module(f"{__name__}._{name}")
    else:
        value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
