"""``smmplan new campaign`` and ``smmplan new brand``: files from templates in their language."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from smmplan.load import BRANDS_DIR, CAMPAIGNS_DIR
from smmplan.load.values import zone_problem
from smmplan.locale import phrase
from smmplan.model import Project
from smmplan.workflow.new.files import NewError, fill, free_path, locale_problem, quote, write_new
from smmplan.workflow.new.post import Created, brand_locale, choose_brand
from smmplan.workflow.new.slots import parse_when
from smmplan.workflow.slug import slugify

CAMPAIGN_DAYS = 14


def new_campaign(
    project: Project, title: str, now: datetime, brand_id: str | None, when: str | None
) -> Created:
    """A two-week campaign from ``--date`` (default: next Monday), in the brand's language."""
    if not title.strip():
        raise NewError(phrase("the title is empty"))
    brand = choose_brand(project, brand_id)
    day, exact = parse_when(when)
    start = day or (exact.date() if exact else None)
    if start is None:
        today = now.astimezone(ZoneInfo(brand.timezone)).date()
        start = today + timedelta(days=7 - today.weekday())  # next Monday
    path = free_path(project.root / CAMPAIGNS_DIR, slugify(title))
    several = len(project.brands) > 1 or brand.path is not None
    values = {
        "TITLE": quote(title.strip()),
        "BRAND": f"brand: {brand.id}" if several else "",
        "START": f"{start:%Y-%m-%d}",
        "END": f"{start + timedelta(days=CAMPAIGN_DAYS - 1):%Y-%m-%d}",
    }
    write_new(path, fill("campaign.md", brand_locale(brand), values))
    return Created(path, path.relative_to(project.root).as_posix())


def new_brand(project: Project, name: str, timezone: str, locale: str) -> Created:
    """``brands/<slug>.yml`` for a brand called ``name``; never replaces a brand file."""
    if not name.strip():
        raise NewError(phrase("the name is empty"))
    problem = zone_problem(timezone)
    if problem is not None:
        raise NewError(phrase("--timezone {zone}: {problem}", zone=timezone, problem=problem))
    problem = locale_problem(locale)
    if problem is not None:
        raise NewError(problem)
    brand_id = slugify(name)
    path = project.root / BRANDS_DIR / f"{brand_id}.yml"
    if path.exists() or path.is_symlink() or brand_id in project.brands:
        raise NewError(
            phrase(
                "{folder}/{brand}.yml: the brand {brand} exists already",
                folder=BRANDS_DIR,
                brand=brand_id,
            )
        )
    values = {"NAME": quote(name.strip()), "TIMEZONE": timezone, "LOCALE": locale, "ID": brand_id}
    write_new(path, fill("brand.yml", locale, values))
    return Created(path, path.relative_to(project.root).as_posix())
