"""Pages as HTML: each module computes a page's context (pure), a Jinja template renders it.

The Jinja environment autoescapes everything: titles, bodies, alt texts, messages are
data handed to templates, never template source, so ``{{ x }}`` or ``<script>`` in a post
is shown as text. ``render`` returns the page's HTML and its table of contents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from smmplan.model import Diagnostic, Post, Severity
from smmplan.render.site import urls
from smmplan.render.site.data import Image, PageDef, Site, post_title, worst
from smmplan.render.site.views import cards


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("smmplan.render.site", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # smmplan's own templates: no file check on every page
    )
    env.globals["net_class"] = cards.net_class
    return env


@dataclass(frozen=True)
class RenderedPage:
    html: str
    toc: list[dict[str, Any]]
    search: str | None = None  # what the search index gets instead of ``html`` (shorter)


def toc_item(anchor: str, name: str, level: int = 2, children: list | None = None) -> dict:
    """A table-of-contents token as MkDocs' ``get_toc`` takes it (the name escaped: MkDocs'
    templates print it as it is)."""
    return {"level": level, "id": anchor, "name": escape(name), "children": children or []}


class Helpers:
    """What every template gets as ``h``: translation, formats and links from this page."""

    def __init__(self, site: Site, here: str) -> None:
        self.site = site
        self.here = here
        self.lang = site.lang
        self.t = site.lang.t
        self.n = site.lang.n
        self.memo = site.memo

    # pieces (views.cards)
    def net(self, network: str, label: bool = False) -> Markup:
        return cards.net(self, network, label)

    def nets(self, networks) -> Markup:
        return cards.nets(self, networks)

    def badge(self, diagnostics) -> Markup:
        return cards.badge(self, diagnostics)

    def status_pill(self, value: str) -> Markup:
        return cards.status(self, value)

    def post_status(self, post: Post, networks) -> Markup:
        """The status pill, published where an analytics export shows the post went out."""
        return cards.post_status(self, post, networks)

    def shown_status(self, post: Post, networks) -> str:
        return "published" if self.site.went_out(post, networks) else post.status

    def card(self, post, brand, local, networks, with_date: bool = False) -> Markup:
        return cards.card(self, post, brand, local, networks, with_date)

    def kept(self, post, brand_id, local, networks, shown_as, make, *args) -> Markup:
        """``make(*args)`` (a macro showing one post), kept between builds (``cards.kept``)."""
        return cards.kept(self, post, brand_id, local, networks, shown_as, make, *args)

    def entry_card(self, entry, with_date: bool = False) -> Markup:
        return cards.entry_card(self, entry, with_date)

    def lookalike(self, preview) -> Markup:
        """A network preview as the network shows it (``views.look_html``)."""
        from smmplan.render.site.views.look_html import lookalike

        return lookalike(preview, self)

    # links
    def link(self, url: str) -> str:
        return urls.relative_url(url, self.here)

    def post(self, post: Post) -> str:
        return self.link(self.site.post_url(post))

    def occurrence(self, post: Post, local) -> str:
        """The anchor of a recurring post's date on its page (``#occurrence-…``), or ""."""
        from smmplan.render.site.views.series import occurrence_anchor

        return occurrence_anchor(post, local)

    def page(self, kind: str, key: str = "") -> str:
        return self.link(self.site.url(kind, key))

    def brand(self, brand_id: str | None) -> str | None:
        url = self.site.brand_url(brand_id) if brand_id else None
        return self.link(url) if url is not None else None

    def campaign(self, campaign_id: str | None) -> str | None:
        url = self.site.campaign_url(campaign_id) if campaign_id else None
        return self.link(url) if url is not None else None

    def analytics(self, brand_id: str) -> str | None:
        """The brand's Analytics page, where the repository has analytics exports."""
        url = self.site.analytics_url(brand_id)
        return self.link(url) if url is not None else None

    def week(self, week: str) -> str | None:
        return self.page("week", week) if week in self.site.weeks else None

    # words
    def title(self, post: Post) -> str:
        return post_title(self.lang, post)

    def status(self, status: str) -> str:
        return self.lang.status(status)

    def severity(self, severity: Severity) -> str:
        return self.t(f"severity.{severity}")

    def network(self, network: str) -> str:
        spec = self.site.project.networks.get(network)
        return spec.name if spec else network

    def problems_summary(self, diagnostics: list[Diagnostic]) -> str:
        errors = sum(1 for d in diagnostics if d.severity == Severity.ERROR)
        warnings = sum(1 for d in diagnostics if d.severity == Severity.WARNING)
        key = ("summary", errors, warnings, len(diagnostics))
        cached = self.memo.get(key)
        if cached is None:
            parts = [self.n("count.errors", errors)] if errors else []
            if warnings:
                parts.append(self.n("count.warnings", warnings))
            cached = self.memo[key] = ", ".join(parts) or self.n("count.problems", len(diagnostics))
        return cached

    def brand_name(self, brand_id: str | None) -> str:
        brand = self.site.project.brands.get(brand_id) if brand_id else None
        return brand.name if brand else (brand_id or "")

    def time(self, moment: datetime) -> str:
        return self.lang.time(moment)

    # problems
    def problems(self, path: str | None) -> list[Diagnostic]:
        return self.site.problems(path)

    def worst(self, diagnostics: list[Diagnostic]) -> str:
        level = worst(diagnostics)
        return str(level) if level is not None else ""

    def thumb(self, post: Post) -> Image | None:
        return self.site.thumb(post)


def render(site: Site, page: PageDef, here: str) -> RenderedPage:
    """The HTML of one generated page, at URL ``here``."""
    h = Helpers(site, here)
    template, context, toc = makers()[page.kind](site, page.key, h)
    html = environment().get_template(template).render(h=h, **context)
    search = context.get("search")
    return RenderedPage(Markup(html), toc, search)


@cache
def makers() -> dict[str, Any]:
    """Each kind of page's view; imported on first use (a build that forks imports them
    before, so that both processes have them: about 0.2 s each)."""
    from smmplan.render.site.views import (
        analytics_page,
        brand,
        calendar,
        campaign,
        links,
        lists,
        media_library,
        post,
        review,
    )

    return {
        "home": calendar.home,
        "week": calendar.week,
        "month": calendar.month,
        "board": lists.board,
        "problems": lists.problems,
        "campaigns": lists.campaigns,
        "brands": lists.brands,
        "campaign": campaign.page,
        "brand": brand.page,
        "post": post.page,
        "analytics": analytics_page.page,
        "links": links.page,
        "media_index": media_library.index,
        "media": media_library.page,
        "review": review.page,
    }


def search_html(
    title: str, *texts: str, facts: list[str] | tuple[str, ...] = (), anchor: str = "top"
) -> Markup:
    """A short page for the search index: the title, each distinct text, one line of facts
    (the title with an id: it is the section's title)."""
    seen: list[str] = []
    for text in texts:
        if text and text.strip() and text not in seen:
            seen.append(text)
    line = " · ".join(f for f in facts if f)
    return cards.macros().search(anchor, title, seen, line)
