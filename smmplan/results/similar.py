"""How alike an export row's text is to a planned post's: a number from 0 to 1.

Both texts are NFKC-normalised (stylised 𝐁𝐨𝐥𝐝 letters become plain ones), case-folded,
and stripped of URLs (a network shortens them), hashtags (a scheduler may add or move
them) and punctuation; what is left is a set of words. Two word sets are compared by
their Dice coefficient, ``2·|A ∩ B| / (|A| + |B|)``; when the row's text has fewer than
three words (a video title, or a script written without spaces) both are compared as
sets of character trigrams instead. Sets are small and built once per text, so a comparison is
a set intersection: fast enough to score every candidate of 100,000 rows.

A row whose text is cut short (YouTube titles, TikTok captions, a "… more" cut) still
scores well: when the row has at least five words and most of them are in the post's
text, the score is ``0.9 × |A ∩ B| / |A|`` (A: the row's words) if that is higher than
the Dice figure. And the score of a row is the best over the post's texts: the variant's
full text, each part of a thread and its titles.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NOISE = re.compile(r"(?:https?://|www\.|[#＃])\S+")  # URLs and hashtags (text is case-folded)
_BARE_URL = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*")  # t.co/x, example.com/a
_WORD = re.compile(r"\w+")
MIN_WORDS = 3
MIN_CUT_WORDS = 5
CUT_WEIGHT = 0.9


@lru_cache(maxsize=32768)
def normalise(text: str) -> str:
    """The text as compared: NFKC, case-folded, no URLs or hashtags, words split by spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = _NOISE.sub(" ", text.casefold())
    if "/" in text:
        text = _BARE_URL.sub(" ", text)
    return " ".join(_WORD.findall(text))


class Signature:
    """A text as compared: its words, and its character trigrams (made when first needed)."""

    __slots__ = ("_grams", "plain", "words")

    def __init__(self, text: str) -> None:
        self.plain = normalise(text)
        self.words = frozenset(self.plain.split())
        self._grams: frozenset[str] | None = None

    @property
    def grams(self) -> frozenset[str]:
        if self._grams is None:
            squeezed = self.plain.replace(" ", "")
            self._grams = frozenset(squeezed[i : i + 3] for i in range(max(len(squeezed) - 2, 1)))
        return self._grams if self.plain else frozenset()


@lru_cache(maxsize=32768)
def signature(text: str) -> Signature:
    return Signature(text)


def compare(row: Signature, post: Signature) -> float:
    """0 (nothing in common) to 1 (the same words), as the module docstring says."""
    words_a, words_b = row.words, post.words
    if len(words_a) < MIN_WORDS:
        return _dice(row.grams, post.grams)
    common = len(words_a & words_b)
    score = 2 * common / (len(words_a) + len(words_b))
    if len(words_a) >= MIN_CUT_WORDS:
        score = max(score, CUT_WEIGHT * common / len(words_a))
    return score


def similarity(row: str, post: str) -> float:
    """:func:`compare` of two texts."""
    return compare(signature(row), signature(post))


def best_similarity(row: Signature, candidates: tuple[Signature, ...]) -> tuple[float, int]:
    """The best score of a row's text against any candidate, and which candidate gave it.

    A candidate with fewer than a third of the row's words is skipped: its Dice figure is
    below 0.5 and it cannot hold most of the row's words either.
    """
    best, index = 0.0, 0
    words = row.words
    size = len(words)
    for position, candidate in enumerate(candidates):
        if size >= MIN_WORDS:
            other = len(candidate.words)
            if 3 * other < size:
                continue
            common = len(words & candidate.words)
            score = 2 * common / (size + other)
            if size >= MIN_CUT_WORDS and CUT_WEIGHT * common / size > score:
                score = CUT_WEIGHT * common / size
        else:
            score = _dice(row.grams, candidate.grams)
        if score > best:
            best, index = score, position
    return best, index


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))
