"""A translated post's language tabs: one tab per translation, in its brand's order.

Each translation is a post of its own (``qis-turu.az.md``, ``qis-turu.ru.md``) with its
own page; every page of the set shows all of them as tabs, its own tab open, each with
that translation's previews and problems. The tabs are radio inputs and labels styled by
the site's CSS: they switch without JavaScript, also from ``file://``.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath

from smmplan.model import Diagnostic, Post
from smmplan.render.site.data import Site

MEMO_KEY = "translation-sets"


@dataclass(frozen=True)
class LanguageTab:
    language: str  # the tag, as the brand lists it: "az"
    name: str  # the language in its own words: "Azərbaycan"
    post: Post
    url: str  # the translation's own page
    current: bool  # the page's own post
    anchor: str  # the id of its radio input: "lang-az"
    previews: list  # NetworkPreview of each of its networks
    problems: list[Diagnostic]


@cache
def autonym(tag: str) -> str:
    """The language's name in itself, capitalised: 'Azərbaycan', 'Русский'; the tag in
    capitals when Babel has no name for it."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(tag.replace("-", "_")).get_display_name(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        name = None
    return name[:1].upper() + name[1:] if name else tag.upper()


def translation_sets(site: Site) -> Mapping[tuple, list[Post]]:
    """(folder, id, brand) -> the translations of one post, computed once per site."""
    sets = site.memo.get(MEMO_KEY)
    if sets is None:
        grouped: dict[tuple, list[Post]] = defaultdict(list)
        for post in site.project.posts:
            if post.translations and post.language:
                grouped[_set_key(post)].append(post)
        sets = site.memo[MEMO_KEY] = dict(grouped)
    return sets


def _set_key(post: Post) -> tuple:
    return (str(PurePosixPath(post.path).parent), post.translation_id, post.brand)


def translations_of(site: Site, post: Post) -> list[Post]:
    """The post's set in its brand's language order, itself included; [] when it has no
    other translation."""
    if not post.translations or not post.language:
        return []
    found = translation_sets(site).get(_set_key(post), [])
    brand = site.project.brand_of(post)
    order = {tag: n for n, tag in enumerate(brand.languages if brand else ())}
    ordered = sorted(found, key=lambda p: (order.get(p.language or "", len(order)), p.path))
    return ordered if len(ordered) > 1 else []


def language_tabs(site: Site, post: Post, h, preview) -> list[LanguageTab]:
    """The tabs of ``post``'s page; ``preview(site, post, variant, problems)`` makes one
    network's preview (the post page's own)."""
    tabs = []
    for sibling in translations_of(site, post):
        language = sibling.language or ""
        problems = site.problems(sibling.path)
        previews = [preview(site, sibling, v, problems) for v in sibling.variants]
        current = sibling.path == post.path
        if not current:  # the page's own previews keep the anchors its table of contents links
            previews = [
                dataclasses.replace(p, anchor=f"net-{language}-{p.variant.network}")
                for p in previews
            ]
        tabs.append(
            LanguageTab(
                language=language,
                name=autonym(language),
                post=sibling,
                url=h.post(sibling),
                current=current,
                anchor=f"lang-{language}",
                previews=previews,
                problems=problems,
            )
        )
    return tabs


def account_items(brand) -> list[tuple[str, str]]:
    """(network, handle) of every account of a brand, by network: one per language where
    it has an account per language, the language after the handle (``@karvan_ru (ru)``)."""
    found = []
    for network, handle in sorted(brand.accounts.items()):
        by_language = brand.language_accounts.get(network)
        if by_language is None:
            found.append((network, handle))
        else:
            found.extend((network, f"{own} ({tag})") for tag, own in by_language.items())
    return found
