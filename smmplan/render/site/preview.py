"""A post's text as one network will show it: counted with the network's rule, cut into
pieces (plain text, hashtags, mentions, links), with the point where the network folds
it behind "more" and the point past its limit marked.

Pure: text and spec in, plain data out; the template turns pieces into escaped HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from smmplan import text as counting
from smmplan.model import NetworkSpec, Variant

SHOWN, FOLDED, OVER = "shown", "folded", "over"


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text: ``kind`` is None, "hashtag", "mention", "url", or "fold"/"cut" for the
    (empty) markers; ``state`` says whether the network shows it, folds it, or refuses it."""

    text: str
    kind: str | None = None
    state: str = SHOWN


@dataclass(frozen=True)
class TextPreview:
    pieces: tuple[Piece, ...]
    count: int
    limit: int
    unit: str

    @property
    def over(self) -> int:
        return max(0, self.count - self.limit)


@dataclass(frozen=True)
class TitlePreview:
    text: str
    count: int
    limit: int

    @property
    def over(self) -> int:
        return max(0, self.count - self.limit)


def tokens(text: str) -> list[counting.Token]:
    """URLs, hashtags and mentions in order, overlaps dropped (the earlier, longer wins)."""
    return list(_tokens(text))


@lru_cache(maxsize=4096)  # one text is previewed for each of a post's networks
def _tokens(text: str) -> tuple[counting.Token, ...]:
    found = [
        *counting.extract_urls(text),
        *counting.extract_hashtags(text),
        *counting.extract_mentions(text),
    ]
    found.sort(key=lambda t: (t.start, -t.end))
    kept: list[counting.Token] = []
    for token in found:
        if not kept or token.start >= kept[-1].end:
            kept.append(token)
    return tuple(kept)


def pieces(text: str, fold: int | None = None, cut: int | None = None) -> tuple[Piece, ...]:
    """Split ``text`` at entity bounds and at ``fold`` and ``cut`` (indices into ``text``).

    A ``Piece("", "fold")`` / ``Piece("", "cut")`` marks each point that falls inside the text.
    """
    end = len(text)
    fold = fold if fold is not None and 0 < fold < end else None
    cut = cut if cut is not None and 0 <= cut < end else None
    if fold is not None and cut is not None and fold >= cut:
        fold = None
    entities = _tokens(text)
    bounds = {0, end}
    for token in entities:
        bounds.update((token.start, token.end))
    marks = {p for p in (fold, cut) if p is not None}
    bounds.update(marks)
    ordered = sorted(bounds)
    result: list[Piece] = []
    index = 0
    for a, b in pairwise(ordered):
        if a == fold:
            result.append(Piece("", "fold", FOLDED))
        if a == cut:
            result.append(Piece("", "cut", OVER))
        while index < len(entities) and entities[index].end <= a:
            index += 1
        kind = None
        if index < len(entities) and entities[index].start <= a < entities[index].end:
            kind = entities[index].kind
        state = SHOWN
        if cut is not None and a >= cut:
            state = OVER
        elif fold is not None and a >= fold:
            state = FOLDED
        piece = Piece(text[a:b], kind, state)
        if result and kind is None and result[-1].kind is None and result[-1].state == state:
            result[-1] = Piece(result[-1].text + piece.text, None, state)
        else:
            result.append(piece)
    return tuple(result)


def preview_text(text: str, spec: NetworkSpec, limit: int) -> TextPreview:
    method, url_length = spec.counting, spec.url_length
    length = counting.count(text, method, url_length=url_length)
    cut = None
    if length > limit:
        cut = counting.cut_at(text, method, limit, url_length=url_length, length=length)
    fold = None
    if spec.fold_at is not None and length > spec.fold_at:
        fold = counting.cut_at(text, method, spec.fold_at, url_length=url_length, length=length)
    return TextPreview(pieces(text, fold, cut), length, limit, spec.unit)


def preview_variant(variant: Variant, spec: NetworkSpec) -> list[TextPreview]:
    """One preview per post the network publishes: each thread part, or the whole text."""
    limit = spec.limit_for(bool(variant.media))
    texts = [part.text for part in spec.counted_parts(variant.parts)] or [""]
    return [preview_text(text, spec, limit) for text in texts]


def preview_title(variant: Variant, spec: NetworkSpec) -> TitlePreview | None:
    """The public title (Pinterest, YouTube), counted in graphemes as the check counts it."""
    if spec.title_limit is None or not variant.title:
        return None
    length = counting.count(variant.title, "graphemes")
    return TitlePreview(variant.title, length, spec.title_limit)
