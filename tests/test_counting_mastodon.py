"""Mastodon: the port of its server's counting, checked against Mastodon's own spec files.

Mastodon's reference is Ruby, which does not run here, so ``smmplan.text._mastodon`` is a
line-by-line port and the proof is the cases of ``spec/validators/status_length_validator_spec.rb``,
``spec/models/account_spec.rb`` (``MENTION_RE``) and ``spec/lib/text_formatter_spec.rb`` (which
text becomes a link), translated with their exact counts; :func:`count` with ``mastodon`` is
the port itself, checked on the seeded corpus near the 500 limit.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smmplan.text import count
from smmplan.text._mastodon import (
    countable_text,
    extract_hashtags,
    extract_mentions,
    extract_urls,
    status_length,
)
from tests import counting_corpus

RUBY_WHITESPACE = "\0\t\n\v\f\r "  # what Ruby's String#strip removes

# --- spec/validators/status_length_validator_spec.rb ------------------------------------------


def test_text_over_500_characters():
    assert status_length("a" * 520) == 520


def test_urls_count_as_23_characters_flat():
    text = "a" * 476 + " http://" + "b" * 30 + ".com/example"
    assert status_length(text) == 500


def test_non_autolinkable_urls_count_in_full():
    text = "a" * 476 + "http://" + "b" * 30 + ".com/example"  # no space before the scheme
    assert status_length(text) == 476 + 7 + 30 + 12


def test_overly_long_urls_count_in_full():
    text = "http://example.com/valid?" + "#foo?" * 1000
    assert extract_urls(text) == []
    assert status_length(text) == len(text)


def test_only_the_front_part_of_remote_usernames_counts():
    text = "a" * 475 + " @alice@" + "b" * 30 + ".com"
    assert status_length(text) == 482


def test_both_parts_of_remote_usernames_count_for_overly_long_domains():
    text = "@alice@" + "b" * 500 + ".com"
    assert status_length(text) == len(text) == 511


# --- spec/models/account_spec.rb: MENTION_RE --------------------------------------------------
@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("Hello to @alice from me", ["@alice"]),
        ("@alice Hey how are you?", ["@alice"]),
        ("@alice@example.com", ["@alice@example.com"]),
        ("Hello @alice@example.com.", ["@alice@example.com"]),
        (".@alice I want everybody to see this", ["@alice"]),
        ("Drop me an e-mail at alice@example.com", []),
        ("Check this out https://medium.com/@alice/some-article#.abcdef123", []),
        ("https://example.com/?x=@alice", []),
        ("Hello toß @alice from me", ["@alice"]),
        ("Hello to @aLice@Example.com from me", ["@aLice@Example.com"]),
    ],
)
def test_mentions_as_account_spec_has_them(text: str, mentions: list[str]):
    assert [m.text for m in extract_mentions(text)] == mentions


def test_mention_grammar_beyond_twitter():
    assert [m.text for m in extract_mentions("@user.name@host and @a@b.c")] == [
        "@user.name@host",  # a dot in the name, a host without a dot
        "@a@b.c",
    ]
    assert extract_mentions("a/@user x=@user") == []  # not after / or =
    assert status_length("@user.name@mastodon.social hi") == len("@user.name hi")


# --- spec/lib/text_formatter_spec.rb: what becomes a link -------------------------------------
@pytest.mark.parametrize(
    ("text", "url"),
    [
        (
            "https://hackernoon.com/the-power-to-build-communities-a-response-to-mark-zuckerberg-3f2cac9148a4",
            "https://hackernoon.com/the-power-to-build-communities-a-response-to-mark-zuckerberg-3f2cac9148a4",
        ),
        ("http://google.com", "http://google.com"),
        ("http://example.gay", "http://example.gay"),
        ("https://nic.みんな/", "https://nic.みんな/"),
        (
            "http://www.mcmansionhell.com/post/156408871451/50-states-of-mcmansion-hell-scottsdale-arizona. ",
            "http://www.mcmansionhell.com/post/156408871451/50-states-of-mcmansion-hell-scottsdale-arizona",
        ),
        ("(http://google.com/)", "http://google.com/"),
        ("http://www.google.com!", "http://www.google.com"),
        ("http://www.google.com'", "http://www.google.com"),
        ("http://www.google.com>", "http://www.google.com"),
        (
            "https://www.ruby-toolbox.com/search?utf8=%E2%9C%93&q=autolink",
            "https://www.ruby-toolbox.com/search?utf8=%E2%9C%93&q=autolink",
        ),
        (
            "https://www.ruby-toolbox.com/search?utf8=✓&q=autolink",
            "https://www.ruby-toolbox.com/search?utf8=✓&q=autolink",
        ),
        (
            "https://www.ruby-toolbox.com/search?utf8=✓",
            "https://www.ruby-toolbox.com/search?utf8=✓",
        ),
        (
            "https://en.wikipedia.org/wiki/Diaspora_(software)",
            "https://en.wikipedia.org/wiki/Diaspora_(software)",
        ),
        ('"https://example.com/"', "https://example.com/"),
        ("<https://example.com/>", "https://example.com/"),
        ("https://ja.wikipedia.org/wiki/日本", "https://ja.wikipedia.org/wiki/日本"),
        ("https://ko.wikipedia.org/wiki/대한민국", "https://ko.wikipedia.org/wiki/대한민국"),
        ("https://example.com/\u3000abc123", "https://example.com/"),
        ("「[https://example.org/」", "https://example.org/"),
        (
            "https://baike.baidu.com/item/中华人民共和国",
            "https://baike.baidu.com/item/中华人民共和国",
        ),
        ("http://example.com/b<del>b</del>", "http://example.com/b"),
        (
            'http://example.com/blahblahblahblah/a<script>alert("Hello")</script>',
            "http://example.com/blahblahblahblah/a",
        ),
    ],
)
def test_links_as_text_formatter_spec_has_them(text: str, url: str):
    assert [u.text for u in extract_urls(text)] == [url]


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("#hashtag", ["#hashtag"]),
        ("#hashtagタグ", ["#hashtagタグ"]),
        ("a#b", []),
        ("#tag://x", ["#tag"]),
    ],
)
def test_hashtags_as_text_formatter_spec_has_them(text: str, tags: list[str]):
    assert [t.text for t in extract_hashtags(text)] == tags


# --- Mastodon's own rules, beyond X's ---------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("hi \n", 2),  # stripped before counting
        ("\u3000", 0),  # blank: counts nothing, though strip leaves it
        ("https://example.com?q=кофе", 23),  # a query takes non-ASCII
        ("gemini://example.com", 23),  # more schemes count as links
        ("ipfs://bafy.example.com/x y", 25),
        ("ftp://example.com", 17),  # not a scheme Mastodon links
        ("example.com", 11),  # a bare domain is no link
        ("https://example.com/a(b)c/d~e", 23),  # paths of any non-space
        ("https://😀.com", 13),  # IDNA 2003 refuses the host: no link
        ("https://münchen.de/x.", 24),
        ("https://t.co/" + "a" * 41, 54),  # a t.co slug over 40
        ("\u094d\u0915", 2),
    ],
)
def test_mastodon_counts(text: str, length: int):
    assert status_length(text) == length
    assert count(text, "mastodon") == length


def test_an_instance_reserving_other_url_lengths():
    assert status_length("see https://example.com/x", url_length=30) == 34
    assert count("see https://example.com/x", "mastodon", url_length=30) == 34


# --- the seeded corpus near 500 ---------------------------------------------------------------
def test_corpus_texts_near_500_get_their_verdicts():
    """Corpus texts padded with letters to 490-510 as Mastodon counts; each gets its verdict."""
    rng = random.Random(500)
    cases = []
    for text in counting_corpus.corpus(500, 300):
        target = 500 + rng.randint(-10, 10)
        padding = target - status_length(text) - 1
        if padding > 0:
            cases.append((f"{text.strip(RUBY_WHITESPACE)} {'a' * padding}", target))
    assert len(cases) == CASES_NEAR_500
    assert [status_length(text) for text, _ in cases] == [target for _, target in cases]
    verdicts = [count(text, "mastodon") > 500 for text, _ in cases]
    assert verdicts == [target > 500 for _, target in cases]
    assert sum(verdicts) == OVER_500


CASES_NEAR_500 = 300
OVER_500 = 152  # targets 501-510 drawn for these seeds


# --- properties -------------------------------------------------------------------------------
_PLAIN = st.text(st.characters(codec="utf-8", exclude_characters=":@＠"), max_size=60)


@given(_PLAIN)
def test_text_without_links_or_mentions_counts_its_stripped_graphemes(text: str):
    assert status_length(text) == status_length(" \n" + text + "\t ")
    assert (
        status_length(text) == count(text.strip(RUBY_WHITESPACE), "graphemes") or not text.strip()
    )


@given(
    st.text(st.sampled_from("abc кофе"), max_size=20),
    st.text(st.sampled_from("abcXYZ019-_~/%кофе"), max_size=30),
    st.text(st.sampled_from("abc кофе"), max_size=20),
)
def test_any_url_between_spaces_counts_23(before: str, path: str, after: str):
    text = f"{before} https://example.com/{path}a {after}"  # a path ends on a letter
    assert status_length(text) == status_length(f"{before} {'x' * 23} {after}")
    assert countable_text(text.strip()).count("x" * 23) >= 1
