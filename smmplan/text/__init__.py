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

from typing import Any

from . import _bluesky as bluesky
from . import _mastodon as mastodon
from ._count import COUNTING_UNITS, TWITTER_V3_CONFIG, TweetParse, count, cut_at, parse_tweet
from ._extract import (
    Token,
    extract_hashtags,
    extract_mentions,
    extract_urls,
    is_valid_url,
)

__all__ = [
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
    if name == "EMOJI":  # the compiled emoji matcher, built on first use
        from . import _extract

        return _extract.EMOJI
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
