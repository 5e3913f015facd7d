"""Cards kept between builds: each post's card, as each page printed it, by what it is made of.

A post edited on a 5,000-post plan changes every page that shows all posts (the board, the
home page, its brand's pages), and those pages are mostly cards: the board alone prints
5,000 of them and took half of such a build's page time. A card depends only on its post
(``keys.PageKeys.post_print``: the files, problems, renditions, slug and results), its
brand, the moment and networks it is shown for, the page it is on (its links are
relative) and what every page has (the settings, the structure of the site, smmplan's
code: ``salt``). So a build keeps the cards it printed, by a hash of those; the next one
prints the others and reuses these, and a page made of kept cards is byte for byte the page
a clean build makes (``tests/test_card_store.py``, ``tests/test_incremental_build.py``).
The other pieces of a list that each show one post (a campaign's timeline, a month's day
cells, the Problems page's sections, the review page's items: ``views.cards.kept``) are
kept the same way, with what else they read in their key.

The store holds the salt it was made under: cards of another salt could never be shown
again, so a build under a new one (an upgrade, an edit of the settings, a new week) starts
an empty store rather than carry them forward.

The cards are kept under ``.smmplan-cache/site/``, beside the build manifest, in a file
signed with the check cache's per-user secret (``load.cache.write_signed``): the cache sits
in a repository that someone else may have written, and a card is put on the site as it is.
A file that does not verify is ignored, and the build prints every card.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from markupsafe import Markup

ROLE = b"site-cards"
KEPT_CARDS = 50_000
"""The most cards and pieces a build keeps (about 60 MB of markup; a 5,000-post site shows
some 31,000): those it showed first, then those of the last builds it did not need this
time (the pages it kept show them). Sites whose pages wait compressed
(``PACK_FROM_PAGES``, from about 10,000 posts on), where memory is short, keep none."""


class CardStore:
    """The cards of the last builds (``earlier``) and those this one showed (``printed``)."""

    def __init__(
        self,
        earlier: dict[str, str],
        post_print: Callable[[str], str],
        brand_prints: Mapping[str, str],
        salt: str,
        added: Mapping[str, str] | None = None,
    ) -> None:
        self.earlier = earlier
        self.added = added or {}  # those of ``earlier`` in the store's additions
        self.printed: dict[str, str] = {}
        self.post_print = post_print
        self.brand_prints = brand_prints
        self.salt = salt

    def card(
        self,
        here: str,
        post: Any,
        brand_id: str | None,  # None: no brand
        local: datetime | None,
        networks: Sequence[str],
        shown_as: tuple,
        make: Callable[[], Markup],
    ) -> Markup:
        """The card of ``post`` on the page at ``here``; ``make`` prints it when it is new.
        ``shown_as``: the card's other arguments (with a date, in its own shape)."""
        brand = self.brand_prints.get(brand_id or "", "")
        made_of = (self.salt, here, self.post_print(post.path), brand, local, networks)
        key = hashlib.blake2b(
            repr(made_of + shown_as).encode("utf-8", "surrogatepass"),
            digest_size=16,
        ).hexdigest()
        found = self.printed.get(key)
        if found is None:
            found = self.earlier.get(key)
            if found is None:
                found = str(make())
            if len(self.printed) < KEPT_CARDS:
                self.printed[key] = found
        return Markup(found)

    def kept(self) -> dict[str, str]:
        """What the next build gets: the cards shown in this one, then the earlier ones it
        did not need, within ``KEPT_CARDS``."""
        kept = dict(self.printed)
        for key, card in self.earlier.items():
            if len(kept) >= KEPT_CARDS:
                break
            kept.setdefault(key, card)
        return kept

    def fresh(self) -> dict[str, str]:
        """The cards this build printed that the store did not have."""
        earlier = self.earlier
        return {key: card for key, card in self.printed.items() if key not in earlier}

    def keep(self, printed: Mapping[str, str]) -> None:
        """Keep what another process of this build printed too (within ``KEPT_CARDS``)."""
        room = KEPT_CARDS - len(self.printed)
        if room > 0:
            self.printed.update(itertools.islice(printed.items(), room))


ADDED_AT_MOST = 3_000
"""The most cards kept in the store's additions before the store is written whole again:
a build after one edit adds its post's few cards to a small file instead of writing some
30,000 cards again (about 0.3 s on a 5,000-post plan)."""


def store_path(manifest: Path) -> Path:
    return manifest.with_suffix(".cards")


def additions_path(manifest: Path) -> Path:
    return manifest.with_suffix(".cards-added")


class Kept(NamedTuple):
    """The cards a build left (with those of the store's additions), and the salt they
    were made under."""

    salt: str
    cards: dict[str, str]
    added: Mapping[str, str] = MappingProxyType({})  # those of ``cards`` in the additions

    def under(self, salt: str) -> Kept:
        """The cards a build with ``salt`` can use: none when they were made under another
        (smmplan's code, the settings or the site's structure changed: no key can match,
        and carrying them forward would only fill the store with cards never shown)."""
        return self if salt == self.salt else NOTHING_KEPT


NOTHING_KEPT = Kept("", {})


def load(manifest: Path) -> Kept:
    """The cards kept beside this build manifest, with the store's additions made under
    the same salt; none when there are none we wrote."""
    from smmplan.load.cache import load_secret

    secret = load_secret()
    if secret is None:
        return NOTHING_KEPT
    whole = _read(store_path(manifest), secret)
    if whole is None:
        return NOTHING_KEPT
    added = _read(additions_path(manifest), secret)
    if added is None or added.salt != whole.salt or not added.cards:
        return whole
    return Kept(whole.salt, {**whole.cards, **added.cards}, added.cards)


def _read(path: Path, secret: bytes) -> Kept | None:
    import orjson

    from smmplan.load.cache import read_signed

    payload = read_signed(path, secret, ROLE)
    if payload is None:
        return None
    try:
        found = orjson.loads(payload)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(found, dict) or not isinstance(found.get("salt"), str):
        return None
    cards = found.get("cards")
    if not isinstance(cards, dict) or not all(isinstance(v, str) for v in cards.values()):
        return None
    return Kept(found["salt"], cards)


def save(manifest: Path, store: CardStore) -> None:
    """Keep this build's cards for the next one (signed; nothing is kept without the
    secret): the new ones beside the store when it had cards and they fit in its
    additions, otherwise the whole store (and no additions)."""
    from smmplan.load.cache import load_secret

    secret = load_secret()
    if secret is None:
        return
    fresh = store.fresh()
    added = len(store.added) + len(fresh)
    room = len(store.earlier) + len(fresh) <= KEPT_CARDS
    try:
        if store.earlier and added <= ADDED_AT_MOST and room:
            if fresh:
                _write(additions_path(manifest), secret, store.salt, {**store.added, **fresh})
            return
        _write(store_path(manifest), secret, store.salt, store.kept())
        additions_path(manifest).unlink(missing_ok=True)
    except OSError:
        return  # the next build prints the cards it does not find


def _write(path: Path, secret: bytes, salt: str, cards: Mapping[str, str]) -> None:
    import orjson

    from smmplan.load.cache import write_signed

    write_signed(path, secret, ROLE, orjson.dumps({"salt": salt, "cards": cards}))
