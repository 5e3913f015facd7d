"""File names from titles in any script.

Cyrillic and the Latin letters of Azerbaijani, Turkish, German and other languages are
transliterated to plain ASCII the way the example content is named
(``Qara Cümə`` → ``qara-cume``, ``Печенье к кофе`` → ``pechenye-k-kofe``); accents are
dropped; letters of other scripts (Greek, Arabic, CJK ...) are kept as they are, since
every git host and file system takes UTF-8 names. The result is lower case, words
joined by ``-``, at most :data:`MAX_LENGTH` characters, never empty and never a name
that Windows reserves.
"""

from __future__ import annotations

import unicodedata

import regex

MAX_LENGTH = 60
FALLBACK = "untitled"
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
)

_CYRILLIC = dict(
    zip(
        "абвгдезийклмнопрстуфыэ",
        "abvgdeziyklmnoprstufye",
        strict=True,
    )
) | {
    "ё": "yo",
    "ж": "zh",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ь": "",
    "ю": "yu",
    "я": "ya",
    # Ukrainian, Belarusian, Kazakh, Serbian/Macedonian letters
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
    "ў": "u",
    "ә": "a",
    "ғ": "gh",
    "қ": "q",
    "ң": "ng",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "ђ": "dj",
    "ј": "j",
    "љ": "lj",
    "њ": "nj",
    "ћ": "c",
    "џ": "dz",
}
_LATIN = {
    # Azerbaijani and Turkish: the example content's own spelling (İçərişəhər → icherisheher)
    "ə": "e",
    "ç": "ch",
    "ş": "sh",
    "ğ": "gh",
    "ı": "i",
    "ö": "o",
    "ü": "u",
    # others that do not decompose into a base letter and an accent
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ł": "l",
    "ħ": "h",
}
_TABLE = str.maketrans(_CYRILLIC | _LATIN)
_NOT_WORD = regex.compile(r"[^\p{L}\p{N}]+")
_SOFT_VOWEL = regex.compile(r"[ьъ]([еёюя])")  # «печенье» → pechenye, «объём» → obyom
_IOTATED = {"е": "ye", "ё": "yo", "ю": "yu", "я": "ya"}
_MARKS = regex.compile(r"\p{M}+")


def transliterate(text: str) -> str:
    lowered = unicodedata.normalize("NFKC", text).replace("İ", "i").lower()
    lowered = _SOFT_VOWEL.sub(lambda m: _IOTATED[m[1]], lowered).translate(_TABLE)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return unicodedata.normalize("NFC", _MARKS.sub("", decomposed)).translate(_TABLE)


def slugify(title: str, fallback: str = FALLBACK) -> str:
    """A file name stem for ``title``: ``slugify(slugify(t)) == slugify(t)``."""
    # letters and digits as both ``regex`` and this Python's own Unicode data know them
    words = ["".join(c for c in w if c.isalnum()) for w in _NOT_WORD.split(transliterate(title))]
    words = [w for w in words if w]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_LENGTH:
            if not slug:
                slug = word[:MAX_LENGTH]
            break
        slug = candidate
    if not slug:
        return fallback
    if slug in _RESERVED:
        slug = f"{slug}-{fallback}"
    return slug
