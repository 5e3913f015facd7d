"""The client report: one standalone HTML page of a brand's month that an agency sends as is.

Inline CSS and SVG, no script and no request to anything outside the file; print CSS, so
a browser's "Save as PDF" gives a clean A4 document (one section per page, no screen-only
parts). In the brand's ``locale``. Pure: the project, the month's results (and the
previous month's, for the changes) go in, bytes come out; the same input gives the same
bytes. :func:`write` puts them in place atomically.
"""

from __future__ import annotations

import calendar
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup

from smmplan.model import Brand, Project
from smmplan.render.charts import table_html
from smmplan.render.site import urls
from smmplan.render.site.data import POSTS_PREFIX
from smmplan.render.site.i18n import Lang
from smmplan.render.site.views.analytics import (
    HEADLINE,
    Present,
    figures,
    unplanned_table,
    waiting_table,
)
from smmplan.render.site.views.results import (
    CampaignView,
    campaign_view,
    change,
    count,
    metric_label,
    rate_text,
)
from smmplan.results.model import BrandResult, CampaignResult, Group, Results


@dataclass(frozen=True)
class Month:
    """A calendar month, ``2026-11``."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """'2026-11' -> Month; ValueError with what to write otherwise."""
        try:
            year, month = text.strip().split("-")
            if len(year) != 4 or len(month) != 2:
                raise ValueError
            value = cls(int(year), int(month))
            value.first  # noqa: B018  (validates the month number)
        except ValueError:
            raise ValueError(f"'{text}' is not a month; write it like 2026-11") from None
        return value

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class CampaignSection:
    title: str
    dates: str
    view: CampaignView


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("smmplan.render.client_report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


@cache
def stylesheet() -> Markup:
    text = resources.files(__package__).joinpath("report.css").read_text("utf-8")
    return Markup(text)  # our own file, never user text


def post_links(project: Project) -> dict[str, str]:
    """Post path -> its page on the published calendar site (only with ``site_url``)."""
    base = (project.config.site_url or "").rstrip("/")
    if not base.startswith(("https://", "http://")):
        return {}
    slugs = urls.unique_slugs((p.path for p in project.posts), POSTS_PREFIX)
    return {
        path: f"{base}/{urls.page_url(urls.source('post', slug))}" for path, slug in slugs.items()
    }


def headline(
    lang: Lang, now: BrandResult | None, before: BrandResult | None
) -> list[tuple[str, str, str, str]]:
    """(figure, this month, previous month, change) rows; blanks where there is no figure."""
    t = lang.t
    a, b = (now.totals if now else None), (before.totals if before and before.totals.n else None)

    def row(label: str, get) -> tuple[str, str, str, str]:
        mine, theirs = (get(a) if a else None), (get(b) if b else None)
        shown = change(lang, mine, theirs) or ""
        return label, count(lang, mine), count(lang, theirs) if b else "", shown

    rows = [
        row(t("analytics.posts"), lambda g: float(g.n)),
        row(t("metric.engagement"), lambda g: g.engagement),
    ]
    rate = rate_text(lang, a.engagement_rate, a.rate_of) if a else "—"
    before_rate = rate_text(lang, b.engagement_rate, b.rate_of) if b else ""
    rows.append((t("metric.engagement_rate"), rate, before_rate, ""))
    rows += [row(metric_label(lang, m), _metric(m)) for m in HEADLINE]
    return rows


def _metric(name: str):
    def get(group: Group) -> float | None:
        return group.totals.get(name)

    return get


def campaigns(
    lang: Lang, project: Project, results: Results, month: Month, chosen: str | None
) -> list[CampaignSection]:
    """The campaigns the month covers (or the one asked for), each with its KPI bars."""
    out = []
    for result in results.campaigns:
        if chosen is not None and result.id != chosen:
            continue
        if chosen is None and not _overlaps(result, month):
            continue
        dates = " – ".join(lang.date(d) for d in (result.start, result.end) if d)
        out.append(CampaignSection(result.title, dates, campaign_view(lang, result)))
    return out


def _overlaps(result: CampaignResult, month: Month) -> bool:
    if result.start is None or result.end is None:
        return result.measured > 0
    return result.start <= month.last and result.end >= month.first


def as_of(results: Results, brand: str) -> date | None:
    """The day of the newest export the month's figures come from."""
    items = [m for m in (*results.posts, *results.unplanned) if m.brand == brand]
    return max((r.snapshot.taken for m in items for r in m.rows), default=None)


def context(
    project: Project,
    brand: Brand,
    month: Month,
    results: Results | None,
    previous: Results | None,
    campaign: str | None = None,
) -> dict:
    """Everything the template shows; ``results`` None: the repository has no exports."""
    lang = Lang(brand.locale)
    t = lang.t
    links = post_links(project)
    present = Present(lang, project, links.get)
    result = _brand(results, brand.id)
    before = _brand(previous, brand.id)
    has = result is not None and result.totals.n > 0
    now = results.now.astimezone(ZoneInfo(brand.timezone)).date() if results else None
    newest = as_of(results, brand.id) if results else None
    waiting = [w for w in results.no_results if w.brand == brand.id] if results else []
    extra = [m for m in results.unplanned if m.brand == brand.id] if results else []
    tagged = sum(1 for m in results.posts if m.brand == brand.id and m.tags) if results else 0
    chosen = project.campaigns.get(campaign) if campaign else None
    return {
        "lang": lang.code,
        "t": t,
        "css": stylesheet(),
        "brand": brand,
        "month": lang.month(month.year, month.month),
        "period": t("report.period", start=lang.date(month.first), end=lang.date(month.last)),
        "prepared_by": project.config.title,
        "campaign_title": chosen.title if chosen else None,
        "as_of": lang.date(newest) if newest else None,
        "pace_on": lang.date(now) if now else None,
        "has_results": has,
        "previous": lang.month(month.previous.year, month.previous.month),
        "has_previous": before is not None and before.totals.n > 0,
        "headline": headline(lang, result, before) if has else [],
        "campaigns": campaigns(lang, project, results, month, campaign) if results else [],
        "figures": figures(present, result, tagged=tagged, bottom=False) if has and result else [],
        "waiting": table_html(waiting_table(present, waiting)) if waiting else None,
        "unplanned": table_html(unplanned_table(present, extra)) if extra else None,
    }


def _brand(results: Results | None, brand: str) -> BrandResult | None:
    return next((b for b in results.brands if b.id == brand), None) if results else None


def render(
    project: Project,
    brand: Brand,
    month: Month,
    results: Results | None,
    previous: Results | None = None,
    campaign: str | None = None,
) -> bytes:
    """The report as UTF-8 HTML."""
    values = context(project, brand, month, results, previous, campaign)
    html = environment().get_template("report.html").render(**values)
    return html.encode("utf-8")


def write(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` atomically: a temporary file beside it, then a rename.
    Raises OSError when the folder cannot be made or written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def default_path(root: Path, brand: str, month: Month) -> Path:
    return root / "reports" / f"{brand}-{month}.html"


__all__ = ["Month", "default_path", "render", "write"]
