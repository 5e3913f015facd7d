"""The filter bar of the week, month and board pages, and the data each card carries for it.

Every card (a month entry too) says what it can be filtered by in ``data-`` attributes:
``data-brand``, ``data-status`` and ``data-campaign`` hold one value, ``data-network`` and
``data-tags`` a JSON list. The bar offers the values present on the page, with how many
posts have each; ``assets/filters.js`` shows it and hides what no longer matches. The
bar is rendered ``hidden``: without the script it never shows and every card stays.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from smmplan.model import STATUSES, Brand, Post
from smmplan.render.site.views.colours import colour_of, style

FACETS = ("brand", "network", "status", "campaign", "tag")


@dataclass(frozen=True)
class Item:
    """What one card can be filtered by."""

    path: str
    brand: str
    networks: tuple[str, ...]
    status: str
    campaign: str
    tags: tuple[str, ...]

    def values(self, facet: str) -> tuple[str, ...]:
        single = {"brand": self.brand, "status": self.status, "campaign": self.campaign}
        if facet in single:
            return (single[facet],) if single[facet] else ()
        return self.networks if facet == "network" else self.tags


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    count: int
    style: str | None = None  # the brand's colour, on brand choices


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    choices: tuple[Choice, ...]


def item(post: Post, brand: Brand | None, networks: Sequence[str], shown: str) -> Item:
    return Item(
        post.path,
        brand.id if brand is not None else "",
        tuple(dict.fromkeys(networks)),
        shown,
        post.campaign or "",
        tuple(dict.fromkeys(post.tags)),
    )


def attributes(entry: Item) -> dict[str, str]:
    """The ``data-`` attributes of a card (values escaped by the template)."""
    return {
        "data-brand": entry.brand,
        "data-network": json.dumps(list(entry.networks), ensure_ascii=False),
        "data-status": entry.status,
        "data-campaign": entry.campaign,
        "data-tags": json.dumps(list(entry.tags), ensure_ascii=False),
    }


def facets(h, items: Iterable[Item]) -> list[Facet]:
    """The facets worth offering: those where choosing a value would hide some post."""
    unique = list({i.path: i for i in items}.values())
    result = []
    for key in FACETS:
        counts: dict[str, int] = {}
        for entry in unique:
            for value in entry.values(key):
                counts[value] = counts.get(value, 0) + 1
        if not counts or (len(counts) == 1 and next(iter(counts.values())) == len(unique)):
            continue
        choices = [Choice(v, label(h, key, v), n, _style(h, key, v)) for v, n in counts.items()]
        result.append(Facet(key, h.t(f"filters.{key}"), tuple(sorted(choices, key=_order(key)))))
    return result


def label(h, facet: str, value: str) -> str:
    if facet == "brand":
        return h.brand_name(value)
    if facet == "network":
        return h.network(value)
    if facet == "status":
        return h.status(value)
    if facet == "campaign":
        campaign = h.site.project.campaigns.get(value)
        return campaign.title if campaign is not None else value
    return value


def _style(h, facet: str, value: str) -> str | None:
    return style(colour_of(h.site, value)) if facet == "brand" else None


def _order(facet: str):
    if facet == "status":
        return lambda c: (
            STATUSES.index(c.value) if c.value in STATUSES else len(STATUSES),
            c.value,
        )
    return lambda c: (c.label.casefold(), c.value)


def bar(h, items: Iterable[Item]) -> dict | None:
    """The bar's context (``_filters.html``), or None when nothing is worth filtering."""
    found = facets(h, items)
    if not found:
        return None
    return {
        "facets": found,
        "shown": h.t("filters.shown"),
        "clear_text": h.t("filters.clear"),
        "label": h.t("filters.label"),
    }


def board_bar(h, columns) -> dict | None:
    """The bar of the board: every post is on it once, in its status's column."""
    items = [item(c.post, c.brand, c.networks, status) for status, cards in columns for c in cards]
    return bar(h, items)
