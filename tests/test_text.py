"""Counting, truncation and entity extraction beyond the twitter-text suite."""

from __future__ import annotations

import unicodedata

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from smmplan.text import (
    COUNTING_UNITS,
    TWITTER_V3_CONFIG,
    Token,
    count,
    cut_at,
    extract_hashtags,
    extract_mentions,
    extract_urls,
    is_valid_url,
    parse_tweet,
)
from smmplan.text._bluesky import _fast_length
from smmplan.text._count import _INVALID_CHARS, _default_weights, _entities

X = "twitter-weighted"
FAMILY = "\U0001f9d1\u200d\U0001f9d1\u200d\U0001f9d2"  # 🧑‍🧑‍🧒 family (Unicode 15.1)
PHOENIX = "\U0001f426\u200d\U0001f525"  # 🐦‍🔥 phoenix (Unicode 15.1)
FLAG_AZ = "\U0001f1e6\U0001f1ff"  # 🇦🇿
KEYCAP_1 = "1\ufe0f\u20e3"  # 1️⃣
THUMBS_MEDIUM = "\U0001f44d\U0001f3fd"  # 👍🏽
WOMAN_DARK_LAPTOP = "\U0001f469\U0001f3ff\u200d\U0001f4bb"  # 👩🏿‍💻
LONG_URL = "https://example.com/" + "a" * 80  # 100 characters


def test_counting_units() -> None:
    assert dict(COUNTING_UNITS) == {
        "twitter-weighted": "weighted characters",
        "graphemes": "graphemes",
        "mastodon": "graphemes",
        "threads": "characters",
        "utf8-bytes": "bytes",
        "utf16": "UTF-16 units",
        "codepoints": "characters",
    }


def test_unknown_method() -> None:
    with pytest.raises(ValueError, match="unknown counting method 'tweets'"):
        count("hi", "tweets")
    with pytest.raises(ValueError):
        cut_at("hi", "tweets", 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Привет", 6),
        ("안녕", 4),
        ("こんにちは", 10),
        ("…", 2),
        ("€", 2),
        ("→", 2),
        ("—", 1),
        ("Səhər yeməyi", 12),
        ("Magandang umaga!", 16),
        ("", 0),
    ],
)
def test_twitter_weights(text: str, expected: int) -> None:
    assert count(text, X) == expected


@pytest.mark.parametrize(
    ("emoji", "x", "graphemes", "threads", "utf16"),
    [
        (FAMILY, 2, 1, 18, 8),
        (PHOENIX, 2, 1, 11, 5),
        (FLAG_AZ, 2, 1, 8, 4),
        (KEYCAP_1, 2, 1, 7, 3),
        ("1\u20e3", 2, 1, 4, 2),
        (THUMBS_MEDIUM, 2, 1, 8, 4),
        (WOMAN_DARK_LAPTOP, 2, 1, 15, 7),
        ("©\ufe0f", 2, 1, 5, 2),
        ("☕", 2, 1, 3, 1),
    ],
)
def test_emoji_sequences(emoji: str, x: int, graphemes: int, threads: int, utf16: int) -> None:
    assert count(emoji, X) == x
    assert count(emoji, "graphemes") == graphemes
    assert count(emoji, "mastodon") == graphemes
    assert count(emoji, "threads") == threads
    assert count(emoji, "utf16") == utf16
    assert count("ab" + emoji + "cd", X) == 4 + x


@pytest.mark.parametrize(
    ("text", "x"),
    [
        ("\U0001f3f3\u200d\U0001f308", 5),  # rainbow flag without VS16: flag, joiner, rainbow
        ("\U0001f44d\u200d\u231a", 5),  # thumbs up joined to a watch: no such emoji
        ("\U0001f600\U0001f3fd", 4),  # a skin tone after a face that takes none
        ("\U0001f1e6\U0001f1e6", 4),  # two regional indicators that are no country
        ("\U0001f3f3\ufe0f\u200d\U0001f308", 2),  # the RGI rainbow flag
        ("\U0001f642\u200d\u2195\ufe0f", 2),  # head shaking vertically (Emoji 15.1)
        ("\U0001f3f4\U000e0067\U000e0062", 6),  # an unterminated tag sequence
    ],
)
def test_only_listed_emoji_sequences_count_once(text: str, x: int) -> None:
    assert count(text, X) == x


def test_bare_url_after_underscore_keeps_its_ascii_part() -> None:
    # twitter-text matches the host my_shop.co.uk, then keeps its longest ASCII-domain part
    assert extract_urls("x my_shop.co.uk y") == [Token("url", "shop.co.uk", 5, 15)]
    assert count("x my_shop.co.uk y", X) == 5 + 23 + 2


def test_hashtag_before_a_tld_is_kept() -> None:
    # the hashtag starts first, so the URL starting inside it is the one dropped
    assert extract_hashtags("#qəhvə.az") == [Token("hashtag", "#qəhvə", 0, 6)]
    assert extract_urls("#qəhvə.az") == [Token("url", "hvə.az", 3, 9)]
    assert count("#qəhvə.az", X) == 3 + 23


def test_url_path_ending_in_parentheses_after_a_dot() -> None:
    assert [t.text for t in extract_urls("https://e.com/a.(b) x.az")] == ["https://e.com/a", "x.az"]
    assert [t.text for t in extract_urls("https://e.com/a.(b)c")] == ["https://e.com/a.(b)c"]


def test_bare_copyright_sign_is_text() -> None:
    assert count("© 2026", X) == 6


def test_emoji_are_counted_once_per_sequence() -> None:
    assert count(FAMILY * 3 + PHOENIX, X) == 8
    assert count(FAMILY * 3 + PHOENIX, "graphemes") == 4


def test_urls() -> None:
    assert len(LONG_URL) == 100
    assert count(LONG_URL, X) == 23
    assert count(LONG_URL, "mastodon") == 23
    assert count(LONG_URL, "graphemes") == 100  # Bluesky: full length
    assert count("Menyu: " + LONG_URL, X) == 30
    assert count(LONG_URL, X, url_length=10) == 10
    assert count(LONG_URL, "mastodon", url_length=30) == 30
    # a bare domain is a link on X (twitter-text) but not on Mastodon (needs a scheme)
    assert count("qehve-evi.az/menyu", X) == 23
    assert count("qehve-evi.az/menyu", "mastodon") == 18


def test_mastodon_mentions() -> None:
    assert count("@ilya@mastodon.social", "mastodon") == 5
    assert count("Salam @ilya@mastodon.social!", "mastodon") == 12
    assert count("@ilya@mastodon.social", "graphemes") == 21
    assert count("me@example.com", "mastodon") == 14


def test_threads_and_bytes() -> None:
    assert count("Привет 👋", "threads") == 7 + 4
    assert count("Привет", "utf8-bytes") == 12  # YouTube: 2 bytes per Cyrillic letter
    assert count("Qəhvə", "utf8-bytes") == 7
    assert count("\U0001f600", "utf16") == 2
    assert count("\U0001f600", "codepoints") == 1
    assert count("Привет", "utf16") == 6


def test_nfc_and_nfd_count_the_same() -> None:
    nfc, nfd = "café ə", "cafe\u0301 ə"
    for method in ("twitter-weighted", "graphemes", "mastodon", "threads", "codepoints"):
        assert count(nfc, method) == count(nfd, method) == 6, method
    assert count(nfd, "utf8-bytes") == 9  # bytes are counted as given, not normalised
    assert count(nfc, "utf8-bytes") == 8


def test_parse_tweet() -> None:
    r = parse_tweet("Salam, dünya! " + LONG_URL)
    assert (r.weighted_length, r.valid, r.permillage) == (37, True, 132)
    assert (r.display_range_start, r.display_range_end) == (0, 113)
    assert (r.valid_range_start, r.valid_range_end) == (0, 113)
    too_long = parse_tweet("я" * 281)
    assert (too_long.weighted_length, too_long.valid, too_long.valid_range_end) == (281, False, 279)
    empty = parse_tweet("")
    assert (empty.weighted_length, empty.valid, empty.display_range_end) == (0, False, 0)
    v2 = parse_tweet(FAMILY, {"ranges": [{"start": 0, "end": 4351, "weight": 100}]})
    assert v2.weighted_length == 10  # no emoji parsing: 3 x 2 + 2 ZWJ x 2 (outside the range)


def test_hashtags() -> None:
    text = "Səhər #qəhvə, #кофе! #KapeTayo #kape2026 #2026 a#b &#39; ＃ｋｏｆｅ #_ x"
    assert extract_hashtags(text) == [
        Token("hashtag", "#qəhvə", 6, 12),
        Token("hashtag", "#кофе", 14, 19),
        Token("hashtag", "#KapeTayo", 21, 30),
        Token("hashtag", "#kape2026", 31, 40),
        Token("hashtag", "＃ｋｏｆｅ", 57, 62),
    ]
    assert [t.name for t in extract_hashtags("Tara na! #MagkapeTayo.")] == ["MagkapeTayo"]
    assert extract_hashtags("https://example.com/#anchor") == []
    assert extract_hashtags("") == []


def test_mentions() -> None:
    text = "Спасибо @ilya и @aylin_k! Mastodon: @ilya@mastodon.social. Mail: me@example.com"
    assert extract_mentions(text) == [
        Token("mention", "@ilya", 8, 13),
        Token("mention", "@aylin_k", 16, 24),
        Token("mention", "@ilya@mastodon.social", 36, 57),
    ]
    assert extract_mentions("https://mastodon.social/@ilya") == []
    assert extract_mentions("Salam, @qehveevi!") == [Token("mention", "@qehveevi", 7, 16)]
    # twitter-text takes the first 20 characters of a longer name; a list is not a mention
    assert extract_mentions("@" + "a" * 33) == [Token("mention", "@" + "a" * 20, 0, 21)]
    assert extract_mentions("@qehveevi/menyu @a") == [Token("mention", "@a", 16, 18)]
    assert extract_mentions("@a/x-@b @c/1") == [Token("mention", "@c", 8, 10)]


def test_urls_extraction() -> None:
    text = (
        "Menyu: https://qehve-evi.az/menyu?lang=az. Wiki (https://en.wikipedia.org/wiki/"
        "Kape_(inumin)), sayt: example.ph/kape! Və http://t.co/abc."
    )
    assert [t.text for t in extract_urls(text)] == [
        "https://qehve-evi.az/menyu?lang=az",
        "https://en.wikipedia.org/wiki/Kape_(inumin)",
        "example.ph/kape",
        "http://t.co/abc",
    ]
    first = extract_urls(text)[0]
    assert (first.kind, first.start, first.end) == ("url", 7, 41)
    assert [t.text for t in extract_urls("Сайт: кофейня.рф и https://кофейня.рф/меню")] == [
        "https://кофейня.рф/меню"
    ]
    assert extract_urls("version 2.0 and e.g. this") == []


@pytest.mark.parametrize(
    ("url", "valid"),
    [
        ("https://example.com/bf?utm_source=x", True),
        ("http://localhost:8000/preview", True),
        ("https://кофейня.рф/меню", True),
        ("http://[::1]/", True),
        ("https://example", False),
        ("javascript:alert(1)", False),
        ("ftp://example.com/file", False),
        ("https://exa mple.com", False),
        ("https://example.com/a b", False),
        ("example.com", False),
        ("https://example.com:99999/", False),
        ("", False),
    ],
)
def test_is_valid_url(url: str, valid: bool) -> None:
    assert is_valid_url(url) is valid


def test_cut_at() -> None:
    text = f"Salam {FAMILY} https://example.com/abc son"
    assert text.index(FAMILY) == 6 and text.index("https") == 12
    assert [cut_at(text, X, n) for n in (0, 5, 6, 7, 8, 30, 31, 32, 36, 99)] == [
        0,
        5,
        6,
        6,
        11,
        12,
        12,
        35,
        39,
        39,
    ]
    assert cut_at(text, "graphemes", 7) == 11  # the whole family or nothing
    assert cut_at(text, "threads", 20) == 6  # the family is 18 bytes
    assert cut_at("Привет", "utf8-bytes", 5) == 2
    assert cut_at("cafe\u0301", "codepoints", 3) == 3  # never between e and its accent
    assert cut_at("Hi @ilya@mastodon.social ok", "mastodon", 6) == 3
    assert cut_at("", X, 0) == 0
    assert cut_at("abc", X, -1) == 0


# --- properties ---------------------------------------------------------------------------

ALPHABET = st.sampled_from(
    [
        *"aZ .:/#@_-1()",
        *("я", "ə", "한", "こ", "…", "—", "\u0301", "\u200d", "\ufe0f", "\u20e3", "\r", "\n"),
        *(FAMILY, PHOENIX, FLAG_AZ, "\U0001f1e6", THUMBS_MEDIUM, "\U0001f600", "\x00"),
        *("http://", "https://a.co/x", "example.com", "@ilya@mastodon.social", "#кофе"),
    ]
)
TEXTS = st.lists(ALPHABET, max_size=30).map("".join) | st.text(max_size=40)
METHODS = st.sampled_from(sorted(COUNTING_UNITS))


@given(TEXTS, METHODS)
def test_count_is_never_negative(text: str, method: str) -> None:
    assert count(text, method) >= 0


@given(TEXTS)
def test_graphemes_at_most_codepoints(text: str) -> None:
    assert count(text, "graphemes") <= count(text, "codepoints")


@given(TEXTS)
def test_graphemes_match_plain_segmentation(text: str) -> None:
    assert _fast_length(text) == len(regex.findall(r"\X", text, flags=regex.DOTALL))


@given(TEXTS, TEXTS)
def test_graphemes_of_concatenation(a: str, b: str) -> None:
    # Boundaries inside ``a`` depend only on a's own characters, so they all survive;
    # at the seam b's first clusters may fold into a's last one (a ZWJ joins emoji), and
    # joining never adds a boundary.
    assert (
        count(a, "graphemes")
        <= count(a + b, "graphemes")
        <= count(a, "graphemes") + count(b, "graphemes")
    )


@given(TEXTS)
def test_count_matches_parse_tweet(text: str) -> None:
    assert count(text, X) == parse_tweet(text).weighted_length


@settings(max_examples=60)
@given(TEXTS, METHODS)
def test_cut_at_whole_text(text: str, method: str) -> None:
    assert cut_at(text, method, count(text, method)) == len(text)


@settings(max_examples=60)
@given(TEXTS, METHODS, st.integers(min_value=0, max_value=60))
def test_cut_at_prefix_fits(text: str, method: str, limit: int) -> None:
    cut = cut_at(text, method, limit)
    assert 0 <= cut <= len(text)
    assert count(text[:cut], method) <= limit
    assert cut == len(text) or count(text, method) > limit


@pytest.mark.parametrize(
    "text",
    [
        "\ud800",
        "a\udfffb\ud83d",
        "\x00" * 1000,
        "я." * 50_000,
        "漢" * 100_000 + ".com",
        "a.co" * 25_000,
        "http://a.com/" + "(" * 50_000,
        ("@" + "a" * 40) * 2_000,
        "#" * 100_000,
        "\u0301" * 100_000,
        (FAMILY + "\u200d") * 10_000,
    ],
    ids=lambda t: f"{t[:6]!a}x{len(t)}",
)
def test_hostile_input_never_raises(text: str) -> None:
    for method in COUNTING_UNITS:
        assert count(text, method) >= 0
    assert 0 <= cut_at(text, X, 280) <= len(text)
    extract_urls(text), extract_hashtags(text), extract_mentions(text)


def _valid_range_end_by_walking(text: str, limit: int) -> tuple[bool, int]:
    """twitter-text's parseTweet loop, one character at a time (js/src/parseTweet.js)."""
    w = _default_weights(None)
    t = unicodedata.normalize("NFC", text)
    starts = {s: (e, weight) for s, e, weight in _entities(t, w)}
    total, valid, last, i, unit = 0, True, 0, 0, 0
    while i < len(t):
        end, weight = starts.get(i, (i + 1, None))
        total += weight if weight is not None else w.plain(t, i, end)
        unit += len(t[i:end].encode("utf-16-le", "surrogatepass")) // 2
        valid = valid and t[end - 1] not in _INVALID_CHARS
        if valid and total <= limit * w.scale:
            last = unit - 1
        i = end
    return valid and 0 < total <= limit * w.scale, last


@settings(max_examples=200)
@given(
    st.lists(
        st.sampled_from(["a", "я", "漢", "😀", "🏳️‍🌈", " x.com ", "\ufeff", "e\u0301", " "]),
        max_size=200,
    ).map("".join),
    st.integers(min_value=0, max_value=300),
)
def test_valid_range_equals_a_character_by_character_walk(text: str, limit: int) -> None:
    cfg = {**TWITTER_V3_CONFIG, "maxWeightedTweetLength": limit}
    parsed = parse_tweet(text, cfg)
    valid, last = _valid_range_end_by_walking(text, limit)
    # like twitter-text, the index is shifted by what NFC removed from the text
    shift = len(text) - len(unicodedata.normalize("NFC", text))
    assert (parsed.valid, parsed.valid_range_end) == (valid, last + shift)


def test_emoji_pattern_matches_whole_listed_sequences_only() -> None:
    from smmplan.text import EMOJI

    assert EMOJI.fullmatch("\U0001f3f3\ufe0f\u200d\U0001f308")  # rainbow flag
    assert EMOJI.fullmatch("\U0001f3f3\u200d\U0001f308") is None  # without VS16: not one
    assert EMOJI.match("\U0001f468\u200d\U0001f469\u200d\U0001f467").group() == (
        "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # the family, not its first person
    )


def test_the_package_names_each_lazy_name_and_resolves_it_from_its_module():
    import smmplan.text as text
    from smmplan.text import _count, _extract

    assert sorted(text.__all__) == sorted(text._HOMES)
    assert text.count is _count.count and text.Token is _extract.Token
    assert text.mastodon.__name__ == "smmplan.text._mastodon"
    with pytest.raises(AttributeError, match="no attribute 'counted'"):
        text.counted  # noqa: B018
