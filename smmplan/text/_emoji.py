"""Emoji sequences: which strings count as one emoji, and where they are in a text.

X counts every emoji sequence once (weight 2). The sequences are Unicode's own list
(``data/emoji-sequences.txt``, from ``emoji-test.txt``; refreshed by
``scripts/refresh_emoji.py``): the RGI set (fully-qualified sequences and components), single
code points written without VS16 (``❤``, ``☺``), and keycaps without VS16 (``1⃣``), which
twitter-text counts as one emoji too. Left out: minimally-qualified and other unqualified
sequences (``🏳‍🌈`` without VS16 is a flag, a joiner and a rainbow) and bare ``©`` and ``®``,
which are text unless followed by VS16. twitter-text 3.1.0 finds emoji with twemoji-parser
11.0.2 (``js/src/parseTweet.js`` at commit 65e7e00da383fb77f5ab7fe3c0dc26b724e14035), whose
data stops at Emoji 12: newer sequences are the deliberate difference ``x-emoji-data`` of
``docs/networks.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from importlib import resources

import regex

__all__ = ["emoji_pattern", "emoji_sequences", "emoji_spans"]

_TEXT_BY_DEFAULT = frozenset("\u00a9\u00ae")


@cache
def emoji_sequences() -> frozenset[str]:
    """Every string counted as one emoji sequence (the module docstring says which)."""
    data = resources.files("smmplan").joinpath("data/emoji-sequences.txt")
    found = set()
    for line in data.read_text(encoding="utf-8").splitlines():
        codes, _, status = line.partition(";")
        if not status or line.startswith("#"):
            continue
        seq = "".join(chr(int(code, 16)) for code in codes.split())
        status = status.strip()
        if status in ("fully-qualified", "component") or (
            status == "unqualified"
            and (len(seq) == 1 or seq.endswith("\u20e3"))
            and seq not in _TEXT_BY_DEFAULT
        ):
            found.add(seq)
    return frozenset(found)


@cache
def _emoji_trie() -> tuple[dict[str, dict], re.Pattern[str], int]:
    """The sequences as a prefix tree of dicts (``""`` marks an end), a character class of
    the code points a sequence can start with (keycaps are found by their U+20E3) and the
    length of the longest sequence.
    """
    root: dict[str, dict] = {}
    for seq in emoji_sequences():
        node = root
        for ch in seq:
            node = node.setdefault(ch, {})
        node[""] = {}
    starts = {seq[0] for seq in emoji_sequences() if not seq.endswith("\u20e3")} | {"\u20e3"}
    longest = max(map(len, emoji_sequences()))
    return root, re.compile(_ranges(sorted(map(ord, starts)))), longest


def _ranges(code_points: list[int]) -> str:
    """A character class holding ``code_points``: the BMP ones exactly, the astral ones as
    one range from the first to the last (a superset the prefix tree then sorts out).

    ``re`` tests a BMP class in one table lookup but astral members one by one, so 1,400
    single code points would cost as many tests per character scanned.
    """
    bmp = [cp for cp in code_points if cp <= 0xFFFF]
    astral = [cp for cp in code_points if cp > 0xFFFF]
    members = "".join(re.escape(chr(cp)) for cp in bmp)
    if astral:
        members += f"{chr(astral[0])}-{chr(astral[-1])}"
    return f"[{members}]"


@cache
def emoji_pattern() -> re.Pattern[str]:
    """One compiled pattern matching any listed sequence, the longest first (built on first
    use: it takes a noticeable part of a second)."""
    return re.compile(_trie(sorted(emoji_sequences()), escape=re.escape))


def _longest_emoji(text: str, i: int, root: dict[str, dict], longest: int) -> int:
    """End of the longest listed sequence starting at ``text[i]``, or -1."""
    node, end = root, -1
    for j in range(i, min(len(text), i + longest)):
        node = node.get(text[j])
        if node is None:
            break
        if "" in node:
            end = j + 1
    return end


def emoji_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every emoji sequence, left to right, longest first."""
    if text.isascii():  # every sequence, keycaps too, holds a code point beyond ASCII
        return []
    root, hint, longest = _emoji_trie()
    spans: list[tuple[int, int]] = []
    last = 0
    for found in hint.finditer(text):
        i = found.start()
        if text[i] == "\u20e3":  # keycap: the sequence starts at the digit before
            i -= 2 if i >= 2 and text[i - 1] == "\ufe0f" else 1
        if i < last or i < 0:
            continue
        end = _longest_emoji(text, i, root, longest)
        if end > 0:
            spans.append((i, end))
            last = end
    return spans


def _trie(words: list[str], escape: Callable[[str], str] = regex.escape) -> str:
    """An alternation of ``words`` as a prefix tree: much faster than a flat list."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        group = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{group})?" if "" in node else group

    return build(root)
