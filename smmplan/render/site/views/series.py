"""A recurring post on the site: the anchor of each occurrence on its post's page, the
series table that page shows, and a card per occurrence on the board.

A calendar card of an occurrence links to ``posts/<slug>/#occurrence-2026-12-08``; the
post's page lists every date of the series there, skipped ones struck through, with the
text each one goes out with; the first date a variant goes out on folds out its preview
on every network that takes the occurrence's text (a network with its own ``text`` keeps
it, and is previewed above with the post's other previews).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from smmplan.model import Occurrence, Post
from smmplan.plan import iso_week, occurrence_variant
from smmplan.render.site.data import Site, local_time


@dataclass(frozen=True)
class SeriesRow:
    """One date of a series as the post's page lists it."""

    anchor: str  # "occurrence-2026-12-08"
    local: datetime
    when: str
    week: str  # ISO week, for the link to its page
    text: str  # "the post's text" or "variant 2"
    skipped: bool
    previews: tuple[Any, ...] = ()  # NetworkPreview of a variant's text, on its first date


def occurrence_anchor(post: Post, local: datetime | None) -> str:
    """``#occurrence-2026-12-08`` for a card of a recurring post on that day; else empty."""
    if post.repeat is None or local is None:
        return ""
    return f"#{_anchor(local)}"


def _anchor(local: datetime) -> str:
    return f"occurrence-{local.date().isoformat()}"


def series_rows(site: Site, post: Post) -> list[SeriesRow]:
    """Every occurrence of the post's series, in order; none for a post that does not repeat."""
    if post.repeat is None:
        return []
    brand = site.project.brand_of(post)
    t, lang = site.lang.t, site.lang
    rows, shown_at = [], _preview_dates(post.repeat.occurrences)
    for occurrence in post.repeat.occurrences:
        local = local_time(occurrence.publish_at, brand) or occurrence.publish_at
        text = t("post.series_variant", n=occurrence.text) if occurrence.text else None
        previews = variant_previews(site, post, occurrence) if occurrence in shown_at else ()
        rows.append(
            SeriesRow(
                anchor=_anchor(local),
                local=local,
                when=lang.datetime(local),
                week=iso_week(local.date()),
                text=text or t("post.series_body"),
                skipped=occurrence.skipped,
                previews=previews,
            )
        )
    return rows


def _preview_dates(occurrences: tuple[Occurrence, ...]) -> set[Occurrence]:
    """Where each variant is previewed: its first date that goes out (its first date, if
    every one is skipped); the body is previewed at the top of the page."""
    chosen: dict[int, Occurrence] = {}
    for occurrence in occurrences:
        if occurrence.text and occurrence.text not in chosen and not occurrence.skipped:
            chosen[occurrence.text] = occurrence
    for occurrence in occurrences:
        if occurrence.text:
            chosen.setdefault(occurrence.text, occurrence)
    return set(chosen.values())


def variant_previews(site: Site, post: Post, occurrence: Occurrence) -> tuple[Any, ...]:
    """The occurrence's text previewed on each network that takes it, as the page's own
    previews are (the networks with a ``text`` of their own keep it: none for them)."""
    from smmplan.render.site.views.post import network_preview  # it imports this module

    return tuple(
        network_preview(site, post, occurrence_variant(post, variant, occurrence), [])
        for variant in post.variants
        if not variant.disabled and "text" not in variant.overrides
    )


def board_moments(post: Post, moment: datetime | None) -> list[datetime | None]:
    """Where a post sits on the board: at each occurrence that goes out for a recurring
    post (its earliest network's time moved with the series), else at ``moment``."""
    if post.repeat is None or post.publish_at is None or moment is None:
        return [moment]
    return [moment + (o.publish_at - post.publish_at) for o in post.repeat.active] or [moment]
