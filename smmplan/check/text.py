"""Text rules: lengths counted the way each network counts, hashtags, mentions, brand voice."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import TYPE_CHECKING

import regex

from smmplan import text as counting
from smmplan.check.registry import Context, Family, Problem, rule
from smmplan.locale import phrase
from smmplan.model import NetworkSpec, Post, Severity, TextPart, Variant

FAMILY = Family("text", "Text", 2)  # its heading and place in docs/rules.md

DEFAULT_DISCLOSURE = ("#ad",)
_SIGNS = {"hashtags": ("#", "＃"), "mentions": ("@", "＠")}
_KINDS = {"hashtags": phrase("hashtags"), "mentions": phrase("mentions")}
_TEXT_NAMES = {"title": phrase("title"), "first_comment": phrase("first comment")}
# The words networks count in (``unit:`` in their data files), for the catalogs.
UNIT_WORDS = (
    phrase("characters"),
    phrase("weighted characters"),
    phrase("graphemes"),
    phrase("bytes"),
    phrase("UTF-16 units"),
)

if TYPE_CHECKING:
    Extractor = Callable[[str], list[counting.Token]]


def entity_extractor(kind: str, spec: NetworkSpec) -> Extractor:
    """How ``spec``'s network finds ``kind`` (``hashtags`` or ``mentions``) in a text.

    A network's counting method also says whose grammar that is: Mastodon's server
    (Tag::HASHTAG_RE, Account::MENTION_RE) and Bluesky's facets (the ``graphemes`` method
    is Bluesky's RichText.graphemeLength); twitter-text elsewhere."""
    hashtags = kind == "hashtags"
    if spec.counting == "mastodon":
        mastodon = counting.mastodon
        return mastodon.hashtag_tokens if hashtags else mastodon.mention_tokens
    grammar = counting.bluesky if spec.counting == "graphemes" else counting
    return grammar.extract_hashtags if hashtags else grammar.extract_mentions


def own_texts(post: Post) -> Iterator[tuple[str | None, tuple[TextPart, ...]]]:
    """Each distinct text once: the body (network None) and every network's own ``text``."""
    if any("text" not in v.overrides for v in post.variants) or not post.variants:
        yield None, post.parts
    for variant in post.variants:
        if "text" in variant.overrides:
            yield variant.network, variant.parts


def _position(part: TextPart, index: int) -> tuple[int, int]:
    """File line and column of a character of a text part."""
    before = part.text.rfind("\n", 0, index)
    return part.line + part.text.count("\n", 0, index), index - before


def _counted_parts(variant: Variant, spec: NetworkSpec) -> list[tuple[str, TextPart]]:
    """The pieces a network counts separately (thread parts, or all of it), with a label."""
    parts = spec.counted_parts(variant.parts)
    if len(parts) > 1:
        return [
            (phrase("thread part {n} of {total}", n=n, total=len(parts)), part)
            for n, part in enumerate(parts, 1)
        ]
    return [(phrase("text"), part) for part in parts]


@rule("text-empty", "TX01", Severity.ERROR, "variant")
def text_empty(post: Post, variant: Variant, spec: NetworkSpec, ctx: Context) -> Iterator[Problem]:
    """A post (or a network's own ``text``) has no text, or a thread has an empty part.

    Ideas may stay empty; from ``draft`` on, every network needs something to say, except
    in a format that shows no text (an Instagram story).
    """
    if post.status in ("idea", "cancelled") or not spec.shows_text(variant.format):
        return
    if not variant.parts or not variant.text.strip():
        line = variant.line_of("text", post.body_line)
        yield Problem(
            phrase(
                "no text for {network}: write the post below the closing '---'", network=spec.name
            ),
            line,
        )


@rule("text-not-shown", "TX11", Severity.WARNING, "variant")
def text_not_shown(
    post: Post, variant: Variant, spec: NetworkSpec, ctx: Context
) -> Iterator[Problem]:
    """The post's format shows no text (an Instagram ``story``), yet it has some.

    The network's ``captionless_formats`` says which formats publish no caption; their
    words belong in the picture. Give the network an empty text of its own
    (``networks: {instagram: {format: story, text: ""}}``) where the body is meant for the
    other networks.
    """
    if spec.shows_text(variant.format) or not variant.text.strip():
        return
    line = variant.line_of("text", variant.parts[0].line if variant.parts else post.body_line)
    yield Problem(
        phrase(
            "{network}'s {format} shows no text: this text will not be published"
            " (put the words in the picture)",
            network=spec.name,
            format=variant.format,
        ),
        line,
    )


@rule("text-too-long", "TX02", Severity.ERROR, "variant")
def text_too_long(
    post: Post, variant: Variant, spec: NetworkSpec, ctx: Context
) -> Iterator[Problem]:
    """The text is longer than the network accepts, counted the way the network counts.

    X weighs characters (URLs 23, emoji 2, CJK 2); Bluesky counts graphemes; Mastodon
    strips the text, counts each link it recognises (``https://``, ``gemini://``, ...; a
    bare ``example.com`` is no link there) as 23 and mentions without their domain;
    Threads counts emoji as their UTF-8 bytes; YouTube descriptions are limited in bytes. On networks that take
    threads (x, bluesky, threads, mastodon) each part between ``---`` lines is its own
    post and is counted on its own. Telegram allows less text under a photo (caption).
    A brand's ``limits: {x: {text: 200}}`` tightens the limit. A ``first_comment`` is
    counted the same way where the network carries one (a reply on X, a comment on
    Instagram), against the network's text limit.
    """
    if spec.first_comment and variant.first_comment:
        length = counting.count(variant.first_comment, spec.counting, url_length=spec.url_length)
        if length > spec.text_limit:
            line = variant.lines.get("first_comment", post.line_of("first_comment"))
            yield Problem(
                phrase(
                    "first comment is {length} of {limit} {unit} on {network} ({over} over)",
                    length=length,
                    limit=spec.text_limit,
                    unit=spec.unit,
                    network=spec.name,
                    over=length - spec.text_limit,
                ),
                line,
            )
    limit = spec.limit_for(bool(variant.media))
    where = phrase(" (a caption under media)") if variant.media and spec.caption_limit else ""
    for label, part in _counted_parts(variant, spec):
        length = counting.count(part.text, spec.counting, url_length=spec.url_length)
        if length > limit:
            yield Problem(
                phrase(
                    "{label} is {length} of {limit} {unit} on {network}{where} ({over} over)",
                    label=label,
                    length=length,
                    limit=limit,
                    unit=spec.unit,
                    network=spec.name,
                    where=where,
                    over=length - limit,
                ),
                part.line,
            )


@rule("title-too-long", "TX03", Severity.ERROR, "variant")
def title_too_long(
    post: Post, variant: Variant, spec: NetworkSpec, ctx: Context
) -> Iterator[Problem]:
    """The public title (Pinterest pin, YouTube video) is longer than the network allows.

    Set a network's own title with ``networks: {youtube: {title: ...}}``; without it the
    post's internal ``title`` is used.
    """
    if spec.title_limit is None or not variant.title:
        return
    length = counting.count(variant.title, "graphemes")
    if length > spec.title_limit:
        line = variant.line_of("title", post.line_of("title"))
        yield Problem(
            phrase(
                "title is {length} of {limit} characters on {network}",
                length=length,
                limit=spec.title_limit,
                network=spec.name,
            ),
            line,
        )


@rule("title-required", "TX10", Severity.ERROR, "variant")
def title_required(
    post: Post, variant: Variant, spec: NetworkSpec, ctx: Context
) -> Iterator[Problem]:
    """The network publishes nothing without a public title (a YouTube video), and it has none.

    The network's own title (``networks: {youtube: {title: ...}}``) is used, else the post's
    internal ``title``; an empty or blank one is no title. Ideas and cancelled posts are
    left alone.
    """
    if not spec.title_required or post.status in ("idea", "cancelled"):
        return
    if not (variant.title or "").strip():
        line = variant.line_of("title", post.line_of("title", variant.line))
        yield Problem(
            phrase(
                "{network} needs a title: set networks.{id}.title (or the post's title)",
                network=spec.name,
                id=variant.network,
            ),
            line,
        )


def _too_many(
    kind: str, limit: int | None, variant: Variant, spec: NetworkSpec
) -> Iterator[Problem]:
    if limit is None:
        return
    extract = entity_extractor(kind, spec)
    for label, part in _counted_parts(variant, spec):
        if sum(part.text.count(sign) for sign in _SIGNS[kind]) <= limit:
            continue  # not enough signs to be over the limit, whatever they turn out to be
        tokens = extract(part.text)
        if len(tokens) > limit:
            line, column = _position(part, tokens[limit].start)
            yield Problem(
                phrase(
                    "{label} has {count} {kind}; {network} allows {limit} (from {first})",
                    label=label,
                    count=len(tokens),
                    kind=_KINDS[kind],
                    network=spec.name,
                    limit=limit,
                    first=tokens[limit].text,
                ),
                line,
                column,
            )


@rule("too-many-hashtags", "TX04", Severity.ERROR, "variant")
def too_many_hashtags(
    post: Post, variant: Variant, spec: NetworkSpec, ctx: Context
) -> Iterator[Problem]:
    """More hashtags than the network (or the brand's ``limits``) allows.

    Instagram has allowed 5 per post since December 2025. The problem points at the
    first hashtag over the limit. Hashtags are found the way each network finds them:
    Bluesky's tag facets (``#кофе`` after a space; ``a#b`` is none), Mastodon's tags
    (``#tag`` after a space or at a line start), twitter-text's rules elsewhere.
    """
    yield from _too_many("hashtags", spec.hashtag_limit, variant, spec)


@rule("too-many-mentions", "TX05", Severity.WARNING, "variant")
def too_many_mentions(
    post: Post, variant: Variant, spec: NetworkSpec, ctx: Context
) -> Iterator[Problem]:
    """More @mentions than the network (or the brand's ``limits``) allows.

    Mentions are found the way each network finds them: on Bluesky a handle with a known
    top-level domain (``@aylin.bsky.social``; ``@aylin`` alone is no mention there), on
    Mastodon ``@user``, ``@user.name`` and ``@user@host`` (not after ``/`` or ``=``),
    twitter-text's ``@user`` elsewhere.
    """
    yield from _too_many("mentions", spec.mention_limit, variant, spec)


@cache
def _word_pattern(words: tuple[str, ...]) -> regex.Pattern | None:
    if not words:
        return None
    alternatives = "|".join(
        regex.escape(w.strip()) for w in sorted(words, key=len, reverse=True) if w.strip()
    )
    return regex.compile(rf"(?<![\w#@])(?:{alternatives})(?!\w)", regex.IGNORECASE | regex.V1)


def _public_texts(post: Post) -> Iterator[tuple[str | None, str, TextPart]]:
    """(network, what, part) for every text the audience sees."""
    for network, parts in own_texts(post):
        for part in parts:
            yield network, phrase("text"), part
    seen: set[tuple[str, str]] = set()
    for variant in post.variants:
        for key in ("title", "first_comment"):
            value = getattr(variant, key)
            if value and key in variant.overrides and (key, value) not in seen:
                seen.add((key, value))
                yield variant.network, _TEXT_NAMES[key], TextPart(value, variant.lines[key])
    if post.first_comment:
        text = TextPart(post.first_comment, post.line_of("first_comment"))
        yield None, _TEXT_NAMES["first_comment"], text


@rule("banned-word", "TX06", Severity.ERROR, "post")
def banned_word(post: Post, ctx: Context) -> Iterator[Problem]:
    """The text uses a word the brand has banned (``banned_words`` in the brand file).

    Whole words only, case-insensitive, in any script: ``ucuz`` matches ``Ucuz`` and
    ``UCUZ`` but not ``ucuzluq``. Checked in the text, public titles and first comments.
    A brand with ``languages`` may ban words in one language's posts only
    (``banned_words: {all: [spam], az: [ucuz], ru: [дёшево]}``): each translation is
    checked against its own language's words and those of ``all``.
    """
    brand = ctx.project.brand_of(post)
    own = brand.language_banned_words.get(post.language or "", ()) if brand else ()
    pattern = _word_pattern(brand.banned_words + own) if brand else None
    if pattern is None:
        return
    for network, what, part in _public_texts(post):
        for match in pattern.finditer(part.text):
            line, column = _position(part, match.start())
            yield Problem(
                phrase(
                    "'{word}' is a banned word for {brand} (in the {what})",
                    word=match.group(),
                    brand=brand.name,
                    what=what,
                ),
                line,
                column,
                network,
            )


@rule("missing-disclosure", "TX07", Severity.ERROR, "post")
def missing_disclosure(post: Post, ctx: Context) -> Iterator[Problem]:
    """A ``sponsored: true`` post does not carry the brand's disclosure.

    The text must contain one of the brand's ``disclosure`` tags (default ``#ad``),
    checked in every network's text, since the first comment is easy to miss.
    """
    if not post.sponsored:
        return
    brand = ctx.project.brand_of(post)
    tags = (brand.disclosure if brand else ()) or DEFAULT_DISCLOSURE
    pattern = _word_pattern(tuple(tags))
    for network, parts in own_texts(post):
        if not any(pattern.search(part.text) for part in parts):
            line = parts[0].line if parts else post.body_line
            yield Problem(
                phrase(
                    "sponsored post without a disclosure: add one of {tags} to the {network} text",
                    tags=", ".join(tags),
                    network=network,
                )
                if network
                else phrase(
                    "sponsored post without a disclosure: add one of {tags}", tags=", ".join(tags)
                ),
                line,
                network=network,
            )


@rule("invalid-link", "TX08", Severity.ERROR, "post")
def invalid_link(post: Post, ctx: Context) -> Iterator[Problem]:
    """A ``link`` that is not an absolute http(s) URL.

    UTM parameters are added to links on export, so they must parse:
    ``https://example.com/bf`` is fine; ``example.com/bf``, ``htps://…`` and
    ``javascript:`` are not.
    """
    if post.link and not counting.is_valid_url(post.link):
        yield Problem(
            phrase("link '{link}' is not an absolute http(s) URL", link=post.link),
            post.line_of("link"),
        )
    for variant in post.variants:
        if "link" in variant.overrides and variant.link and not counting.is_valid_url(variant.link):
            yield Problem(
                phrase("link '{link}' is not an absolute http(s) URL", link=variant.link),
                variant.lines["link"],
                network=variant.network,
            )


NEW_POST_HINT = "Write the post here. A line holding only --- starts the next part of a thread."
NEW_POST_HINTS = {  # the same hint in each language a brand may speak
    "en": NEW_POST_HINT,
    "ru": "Напишите пост здесь. Строка из одних --- начинает следующую часть треда.",
    "az": "Postu bura yazın. Yalnız --- olan sətir tredin növbəti hissəsini başladır.",
    "tl": "Isulat dito ang post. Ang linyang --- lamang ay nagsisimula ng susunod na bahagi.",
}
_PLACEHOLDER = regex.compile(
    r"(?i:lorem ipsum)"  # filler text
    r"|\b(?:TODO|TBD|FIXME|XXX)\b"  # notes to self; upper case only ("todo" is a word)
    r"|\{\{[^{}\n]{0,40}\}\}"  # a template variable nobody filled in
    r"|\[(?i:insert|add|вставить|добавить)\b[^\]\n]{0,40}\]"  # [insert link], [вставить ссылку]
    r"|\[(?i:link|url|photo|image|ссылка|фото|link buraya)\]"
    r"|<(?i:link|url|insert)[^>\n]{0,40}>"
    r"|" + "|".join(regex.escape(hint) for hint in NEW_POST_HINTS.values()),
    regex.V1,
)
# What every match of _PLACEHOLDER holds, as plain text: a text holding none of these (and
# no "lorem" once case-folded) is not searched, as most texts hold none
_PLACEHOLDER_SIGNS = ("{{", "[", "<", "TODO", "TBD", "FIXME", "XXX", *NEW_POST_HINTS.values())


def _placeholder(text: str) -> regex.Match[str] | None:
    if any(sign in text for sign in _PLACEHOLDER_SIGNS) or "lorem" in text.casefold():
        return _PLACEHOLDER.search(text)
    return None


@rule("placeholder-text", "TX09", Severity.ERROR, "post")
def placeholder_text(post: Post, ctx: Context) -> Iterator[Problem]:
    """The text still holds a placeholder: filler, a note to self or an unfilled template.

    Catches ``Lorem ipsum``, ``TODO``/``TBD``/``FIXME``/``XXX`` (in capitals), ``{{ name }}``,
    ``[insert link]``-style brackets, ``<link>`` and the hint ``smmplan new`` writes into a new
    post. An error from ``approved`` on (it would be published), a warning before; ideas are
    left alone.
    """
    if post.status in ("idea", "cancelled"):
        return
    soft = None if post.status in ("approved", "scheduled", "published") else Severity.WARNING
    for network, what, part in _public_texts(post):
        match = _placeholder(part.text)
        if match:
            line, column = _position(part, match.start())
            shown = match.group() if len(match.group()) <= 40 else match.group()[:37] + "..."
            yield Problem(
                phrase("placeholder '{shown}' left in the {what}", shown=shown, what=what),
                line,
                column,
                network,
                severity=soft,
            )
