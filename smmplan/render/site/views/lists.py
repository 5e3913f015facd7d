"""Overview pages: the board by status, every problem, the campaign and brand lists."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from smmplan.model import STATUSES, Brand, Campaign, Diagnostic, Post, Severity
from smmplan.render.site.data import Site, local_time
from smmplan.render.site.views.calendar import unscheduled_lane
from smmplan.render.site.views.series import board_moments


@dataclass(frozen=True)
class BoardCard:
    post: Post
    brand: Brand | None
    local: datetime | None
    networks: tuple[str, ...]


def board_card(site: Site, post: Post) -> BoardCard:
    """A post on the board: its earliest moment on its brand's clock, every network it uses."""
    brand = site.project.brand_of(post)
    networks = tuple(v.network for v in post.variants if not v.disabled)
    moments = [v.publish_at for v in post.variants if v.publish_at and not v.disabled]
    moment = min(moments, default=post.publish_at)
    return BoardCard(post, brand, local_time(moment, brand), networks)


def occurrence_cards(card: BoardCard) -> list[BoardCard]:
    """A card per occurrence that goes out, for a recurring post; else the card itself."""
    return [replace(card, local=moment) for moment in board_moments(card.post, card.local)]


def board_columns(site: Site) -> list[tuple[str, list[BoardCard]]]:
    """One column per status, idea to published (then cancelled), cards by date, undated last."""
    columns: dict[str, list[BoardCard]] = {status: [] for status in STATUSES}
    for post in site.project.posts:
        card = board_card(site, post)
        shown = "published" if site.went_out(post, card.networks) else post.status
        columns.setdefault(shown, []).extend(occurrence_cards(card))
    for cards in columns.values():
        cards.sort(
            key=lambda c: (
                c.local is None,
                c.local.timestamp() if c.local else 0.0,
                c.post.title or "",
                c.post.path,
            )
        )
    return list(columns.items())


def board(site: Site, key: str, h) -> tuple[str, dict, list]:
    from smmplan.render.site.views.filters import board_bar

    columns = board_columns(site)
    context = {
        "title": site.lang.t("board.title"),
        "columns": columns,
        "unscheduled": unscheduled_lane(site),
        "filters": board_bar(h, columns),
    }
    return "board.html", context, []


def problem_files(site: Site) -> list[tuple[str, str | None, list[Diagnostic]]]:
    """(path, link to the page that shows the file, its problems), by path."""
    pages: dict[str, str] = {}
    for post in site.project.posts:
        pages[post.path] = site.post_url(post)
    for campaign in site.project.campaigns.values():
        url = site.campaign_url(campaign.id)
        if url is not None:
            pages[campaign.path] = url
    for brand in site.project.brands.values():
        url = site.brand_url(brand.id)
        if brand.path and url is not None:
            pages[brand.path] = url
    return [(path, pages.get(path), items) for path, items in sorted(site.by_path.items())]


def problems(site: Site, key: str, h) -> tuple[str, dict, list]:
    posts = site.posts_by_path
    files = [
        (path, h.link(url) if url is not None else None, items, posts.get(path))
        for path, url, items in problem_files(site)
    ]
    counts = {
        "errors": sum(1 for d in site.diagnostics if d.severity == Severity.ERROR),
        "warnings": sum(1 for d in site.diagnostics if d.severity == Severity.WARNING),
    }
    context = {"title": site.lang.t("problems.title"), "files": files, "counts": counts}
    return "problems.html", context, []


def campaign_row(site: Site, campaign: Campaign) -> dict:
    posts = [p for p in site.project.posts if p.campaign == campaign.id]
    return {"campaign": campaign, "posts": len(posts), "problems": site.problems(campaign.path)}


def campaigns(site: Site, key: str, h) -> tuple[str, dict, list]:
    rows = sorted(
        (campaign_row(site, c) for c in site.project.campaigns.values()),
        key=lambda r: (r["campaign"].start is None, r["campaign"].start or "", r["campaign"].title),
    )
    return "campaigns.html", {"title": site.lang.t("nav.campaigns"), "rows": rows}, []


def brands(site: Site, key: str, h) -> tuple[str, dict, list]:
    counts: dict[str, int] = {}
    for post in site.project.posts:
        brand = site.project.brand_of(post)
        if brand is not None:
            counts[brand.id] = counts.get(brand.id, 0) + 1
    rows = [
        {"brand": b, "posts": counts.get(b.id, 0), "problems": site.problems(b.path)}
        for b in sorted(site.project.brands.values(), key=lambda b: b.name)
    ]
    return "brands.html", {"title": site.lang.t("nav.brands"), "rows": rows}, []
