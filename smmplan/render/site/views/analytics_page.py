"""A brand's Analytics page (``brands/<brand>/analytics/``): headline figures, the charts of
``views.analytics`` with their tables, audience growth, the posts still waiting for
results and the posts the exports show that the plan does not have."""

from __future__ import annotations

from datetime import date

from smmplan.render.charts import table_html
from smmplan.render.site.data import Site
from smmplan.render.site.views.analytics import (
    Present,
    audience,
    figures,
    headline,
    unplanned_table,
    waiting_table,
)
from smmplan.results.model import Measured, Results


def newest(items: list[Measured]) -> date | None:
    """The day of the newest export the figures come from."""
    return max((row.snapshot.taken for item in items for row in item.rows), default=None)


def brand_items(results: Results, brand_id: str) -> tuple[list[Measured], list[Measured]]:
    """(planned, unplanned) measured posts of a brand."""
    planned = [m for m in results.posts if m.brand == brand_id]
    return planned, [m for m in results.unplanned if m.brand == brand_id]


def page(site: Site, key: str, h) -> tuple[str, dict, list]:
    from smmplan.render.site.views import search_html, toc_item

    brand = site.project.brands[key]
    lang, t = site.lang, site.lang.t
    results = site.results
    assert results is not None
    result = site.brand_result(brand.id)
    planned, extra = brand_items(results, brand.id)
    present = Present(lang, site.project, lambda path: h.post(site.posts_by_path[path]))
    has = result is not None and result.totals.n > 0
    waiting = [w for w in results.no_results if w.brand == brand.id]
    as_of = newest(planned + extra)
    title = t("analytics.title", brand=brand.name)
    context = {
        "title": title,
        "brand": brand,
        "brand_url": h.brand(brand.id),
        "has_results": has,
        "as_of": lang.date(as_of) if as_of else None,
        "headline": headline(present, result) if has and result else [],
        "figures": figures(present, result, tagged=sum(1 for m in planned if m.tags))
        if has and result
        else [],
        "audience": table_html(audience(present, result)) if result and result.audience else None,
        "waiting": table_html(waiting_table(present, waiting)) if waiting else None,
        "waiting_count": len(waiting),
        "unplanned": table_html(unplanned_table(present, extra)) if extra else None,
        "unplanned_count": len(extra),
        "search": search_html(title, facts=[brand.name, brand.timezone]),
    }
    toc = [toc_item("figures", t("analytics.figures"), 2)] if has else []
    if waiting:
        toc.append(toc_item("waiting", t("analytics.waiting"), 2))
    if extra:
        toc.append(toc_item("unplanned", t("analytics.unplanned"), 2))
    toc.append(toc_item("method", t("analytics.method"), 2))
    return "analytics.html", context, toc
