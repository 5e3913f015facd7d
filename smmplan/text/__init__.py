"""Text measurement for social networks: exact lengths, hashtags, mentions and links.

* :func:`count` measures a text the way a network does (:data:`COUNTING_UNITS` lists the
  methods), :func:`parse_tweet` is twitter-text's weighted ``parseTweet`` and :func:`cut_at`
  finds where a network would truncate.
* :func:`extract_hashtags`, :func:`extract_mentions` and :func:`extract_urls` return
  :class:`Token` lists; :func:`is_valid_url` checks a link field.

Unicode data (graphemes, emoji) comes from the ``regex`` module, which follows current Unicode
releases; the standard library's ``unicodedata`` is used only for NFC normalisation.
"""

from ._count import COUNTING_UNITS, TWITTER_V3_CONFIG, TweetParse, count, cut_at, parse_tweet
from ._extract import (
    EMOJI,
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
    "count",
    "cut_at",
    "extract_hashtags",
    "extract_mentions",
    "extract_urls",
    "is_valid_url",
    "parse_tweet",
]
