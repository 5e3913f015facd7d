"""A seeded corpus of post texts for comparing smmplan's counters with the networks' own code.

:func:`corpus` mixes everything that makes counting hard: words in the scripts our users
write (Cyrillic, Azerbaijani Latin with ``ə``, Tagalog, CJK, Devanagari, Arabic, Hebrew),
emoji of every Unicode version (ZWJ sequences, skin tones, flags, keycaps, tag sequences and
malformed sequences), combining marks, bidi controls and zero-width characters, URLs of every
shape (with and without scheme, IDN, punycode, brackets, trailing punctuation, t.co), mentions
and hashtags of every script, and texts padded to each network's limit ± 10.

The same ``seed`` and ``size`` always give the same texts (one :class:`random.Random`). Every
building block is a small function taking that generator, so that a test for one network can
add its own pieces (:data:`PIECES`) or limits (:data:`LIMITS`) and reuse the rest.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

# fmt: off
# (one line per kind of sample keeps these tables readable)
WORDS: dict[str, tuple[str, ...]] = {
    "latin": ("coffee", "Black", "Friday", "sale", "hello", "world", "naïve", "café", "x"),
    "cyrillic": ("кофе", "Глинтвейн", "рецепт", "ёлка", "скидки", "Москва", "щи"),
    "azerbaijani": ("qəhvə", "Qara", "Cümə", "şəhər", "Bakı", "ğ", "İçərişəhər", "ölkə"),
    "tagalog": ("kape", "Maligayang", "Pasko", "salamat", "ñ", "pô", "mga"),
    "cjk": ("咖啡", "東京", "ありがとう", "カタカナ", "커피", "한국어", "中文"),
    "devanagari": ("हिंदी", "कॉफ़ी", "नमस्ते", "क्षत्रिय", "्क", "ड़"),
    "arabic": ("قهوة", "مرحبا", "السلام", "٢٠٢٦", "ﷺ"),
    "hebrew": ("קפה", "שלום", "עברית", "תּ"),
    "other": ("ไทย", "Ελληνικά", "ქართული", "Հայերեն", "ᏣᎳᎩ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𠜎𠜱"),
}
"""Sample words per script; some hold combining marks, presentation forms or astral letters."""

EMOJI: tuple[str, ...] = (
    "😀", "❤️", "❤", "☺", "☺️", "✌🏽", "⭐", "🌍",  # Unicode 1.1-6.0, with and without VS16
    "🤣", "🥰", "🥱", "🫠", "🫨", "🩷", "🪿",  # 9.0-15.0
    "🙂‍↕️", "🐦‍🔥", "🍋‍🟩", "⛓️‍💥", "🫩", "🫆", "🪾", "🎨",  # 15.1 and 16.0
    "👍🏻", "👍🏽", "👍🏿", "🧑🏾‍💻", "👩🏼‍🦰", "🫱🏻‍🫲🏿", "🧑🏻‍🤝‍🧑🏿",  # skin tones
    "👨‍👩‍👧‍👦", "👩‍❤️‍💋‍👨", "🏳️‍🌈", "🏳️‍⚧️", "🏴‍☠️", "👁️‍🗨️", "🧑‍🧑‍🧒",  # ZWJ
    "🇦🇿", "🇷🇺", "🇵🇭", "🇺🇦", "🇯🇵", "🇪🇺", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "🏴󠁧󠁢󠁷󠁬󠁳󠁿",  # flags
    "1️⃣", "#️⃣", "*️⃣", "🔟", "©️", "®️", "™️", "‼️", "〰️",  # keycaps and text-default emoji
)
"""Well-formed emoji of every version and kind."""

MALFORMED_EMOJI: tuple[str, ...] = (
    "🏳‍🌈", "👍‍⌚", "😀🏽", "🇦🇦", "🇦", "🇦🇿🇦", "🏽", "\u200d", "\ufe0f", "😀\ufe0f\ufe0f",
    "1⃣", "\u20e3", "a\u20e3", "👨‍", "‍👩", "👨‍‍👩", "🏴󠁧󠁢", "󠁧󠁢󠁳󠁣󠁴󠁿", "©", "®", "™",
    "👩🏼‍🦰🏽", "🫱🏻‍🫲", "❤\ufe0e", "😀\ufe0e",
)
"""Sequences that are not one RGI emoji: unpaired joiners, stray modifiers and indicators."""

COMBINING: tuple[str, ...] = (
    "e\u0301", "е\u0308", "a\u0300\u0301\u0302", "\u0301", "ᄀ\u1161\u11a8", "n\u0303",
    "க\u0bcd", "ि", "Z\u0351\u0352\u0353\u0354\u0355", "\u1e9b\u0323",
)
"""Combining marks: decomposed letters (NFC changes them), stacked and leading marks, jamo."""

CONTROLS: tuple[str, ...] = (
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
    "\u2068", "\u2069", "\u061c", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",
    "\u180e", "\u3000", "\u00a0", "\u2028", "\t", "\r\n", "\n\n", "\ufffe", "\uffff",
)
"""Bidi controls, zero-width characters, unusual spaces and characters X treats as invalid."""

URLS: tuple[str, ...] = (
    "https://example.com", "http://example.com/", "example.com", "www.example.org/path",
    "https://t.co/abc123", "t.co/AbCd", "https://t.co/" + "a" * 41, "bit.ly/3xYz",
    "my_shop.co.uk", "shop.co.uk/sale?x=1", "https://кофе.рф/меню", "кофе.рф",
    "münchen.de", "https://xn--80aswg.xn--p1ai", "xn--mnchen-3ya.de", "https://例え.jp/パス",
    "https://en.wikipedia.org/wiki/Coffee_(drink)", "(example.com)", "[example.com]",
    "https://example.com/a.", "https://example.com/a,", "example.com!", "example.com?",
    "https://example.com/?q=кофе", "https://example.com:8080/x", "http://127.0.0.1/",
    "ftp://example.com", "gemini://example.com", "https://user@example.com",
    "https://example.com/path#frag", "https://a.b.c.d.example.com/x/y/z",
    "example.xyz", "example.notatld", "sub.example.az", "qəhvə.az", "https://" + "x" * 70 + ".com",
    "https://example.com/" + "p" * 200, "www.example", "http://localhost/",
)
"""URLs of every shape, including some that are not URLs to X (no known TLD, bad scheme)."""

MENTIONS: tuple[str, ...] = (
    "@user", "@User_1", "@a", "@" + "a" * 20, "@" + "b" * 33, "@user@mastodon.social",
    "@user.name@host", "@user@localhost", "＠fullwidth", "@кофе", "@qəhvə", "@user/list",
    "RT @user:", "rt@user", "me@example.com", "@_", "@@user", "x@user", "@user_", "@123",
)
"""Mentions as each network writes them, and things that are not mentions."""

HASHTAGS: tuple[str, ...] = (
    "#coffee", "#кофе", "#qəhvə", "#qəhvə.az", "#QaraCümə", "#Pasko2026", "#咖啡", "#日本語",
    "#हिंदी", "#قهوة", "#קפה", "#ไทย", "#2026", "＃ｈａｓｈ", "&#39;", "#tag#tag2", "#_",
    "#tag️⃣", "#️⃣", "#a_b", "#ab-cd", "#" + "x" * 140, "#tag.com", "#ёлка", "#مرحبا_بك",
)
"""Hashtags of every script, and look-alikes that are not hashtags."""

PUNCTUATION: tuple[str, ...] = (
    ".", ",", "!", "?", ":", ";", "…", "—", "–", "-", "(", ")", "[", "]", "«", "»", "\"",
    "'", "/", "&", "$", "%", "*", "+", "=", "_", "~", "|", "·", "。", "、", "!", "؟", "׳",
)
"""Punctuation, including the ones URL and hashtag rules stop at or look behind for."""

SEPARATORS: tuple[str, ...] = (" ", " ", " ", "", "\n", ", ", ". ", " — ", "\u3000")
"""What goes between two pieces; an empty one glues entities to their neighbours."""

# fmt: on

LIMITS: dict[str, int] = {"x": 280, "bluesky": 300, "mastodon": 500}
"""Each network's length limit; :func:`near_limit` pads texts to these ± 10."""


def word(rng: random.Random) -> str:
    """A word in a randomly chosen script."""
    return rng.choice(WORDS[rng.choice(sorted(WORDS))])


def emoji(rng: random.Random) -> str:
    """One emoji: mostly well-formed, a quarter of the time malformed."""
    return rng.choice(MALFORMED_EMOJI if rng.random() < 0.25 else EMOJI)


def combining(rng: random.Random) -> str:
    """A letter with combining marks, or a stray mark."""
    return rng.choice(COMBINING)


def control(rng: random.Random) -> str:
    """A bidi control, zero-width character, unusual space or invalid character."""
    return rng.choice(CONTROLS)


def url(rng: random.Random) -> str:
    """A URL, sometimes followed by trailing punctuation."""
    link = rng.choice(URLS)
    return link + rng.choice(("", "", "", ".", ",", ")", "!", "?", "…", ":"))


def mention(rng: random.Random) -> str:
    """A mention or a mention look-alike."""
    return rng.choice(MENTIONS)


def hashtag(rng: random.Random) -> str:
    """A hashtag or a hashtag look-alike, sometimes built from a word of any script."""
    if rng.random() < 0.3:
        return rng.choice("#＃") + word(rng)
    return rng.choice(HASHTAGS)


def punctuation(rng: random.Random) -> str:
    """One punctuation character."""
    return rng.choice(PUNCTUATION)


PIECES: list[tuple[Callable[[random.Random], str], int]] = [
    (word, 30),
    (emoji, 12),
    (url, 10),
    (mention, 8),
    (hashtag, 10),
    (punctuation, 8),
    (combining, 4),
    (control, 4),
]
"""Building blocks and how often each is picked (relative weights)."""


def mixed(rng: random.Random, pieces: int, blocks: Sequence[tuple[Callable, int]] = ()) -> str:
    """``pieces`` building blocks (default :data:`PIECES`) joined by random separators."""
    blocks = blocks or PIECES
    makers = [make for make, _ in blocks]
    weights = [weight for _, weight in blocks]
    out = []
    for make in rng.choices(makers, weights, k=pieces):
        out += [make(rng), rng.choice(SEPARATORS)]
    return "".join(out[:-1])


_X_HEAVY = re.compile("[^\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")


def x_weight(text: str) -> int:
    """Rough X weight: 1 for the characters X weighs light, 2 for others (no URL rules)."""
    return len(text) + len(_X_HEAVY.findall(text))


def near_limit(
    rng: random.Random, limit: int, weigh: Callable[[str], int] = len, pieces: int = 6
) -> str:
    """A mixed text padded with words to ``limit`` ± 10 as measured by ``weigh``.

    ``weigh`` must add up over characters (like :func:`len` and :func:`x_weight`). The last
    step pads or cuts with ASCII letters, so the result weighs exactly the target as long as
    ``weigh`` counts an ASCII letter as 1.
    """
    target = limit + rng.randint(-10, 10)
    text = mixed(rng, pieces)
    total = weigh(text)
    while total < target - 12:
        more = " " + word(rng)
        text, total = text + more, total + weigh(more)
    while text and total > target:
        text, total = text[:-1], total - weigh(text[-1])
    return text + "a" * (target - total)


def corpus(seed: int, size: int) -> list[str]:
    """``size`` texts, always the same for the same ``seed``.

    About two thirds are short mixed texts (1 to 12 pieces), the rest are padded to each
    network's limit ± 10 (X by its weights, Bluesky and Mastodon by code points).
    """
    rng = random.Random(seed)
    texts = []
    for _ in range(size):
        roll = rng.random()
        if roll < 0.66:
            texts.append(mixed(rng, rng.randint(1, 12)))
        elif roll < 0.8:
            texts.append(near_limit(rng, LIMITS["x"], x_weight))
        else:
            texts.append(near_limit(rng, LIMITS[rng.choice(("bluesky", "mastodon"))]))
    return texts
