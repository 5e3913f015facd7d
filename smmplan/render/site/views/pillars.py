"""The content mix of a week or a month against a brand's pillar targets, as bars.

The numbers come from :mod:`smmplan.check.mix`, the same counts ``content-mix`` judges
(a recurring post once per occurrence that goes out, in the week or month it falls in);
the template ``_pillars.html`` draws them as two stacked bars (the posts, the targets)
in plain HTML and CSS, with every figure also written out as text.
"""

from __future__ import annotations

from dataclasses import dataclass

from smmplan.check.mix import MIN_POSTS, PeriodMix, brand_mixes, percent, strays
from smmplan.model import Brand
from smmplan.render.charts import num
from smmplan.render.site.data import Site

PALETTE_SIZE = 6  # colours in smmplan.css (smm-mix__part--0 ... --5), reused past that


@dataclass(frozen=True)
class MixPart:
    """One pillar of a period: its posts and share against its target."""

    pillar: str
    posts: int
    share: float  # percent of the posts that name a pillar
    target: float  # percent
    colour: int
    off: str = ""  # "over" or "under" when past the tolerance, else ""

    @property
    def share_text(self) -> str:
        return percent(round(self.share))

    @property
    def target_text(self) -> str:
        return percent(self.target)

    @property
    def share_width(self) -> str:
        return num(self.share)

    @property
    def target_width(self) -> str:
        return num(self.target)


@dataclass(frozen=True)
class MixBar:
    brand: Brand
    period: str
    parts: tuple[MixPart, ...]
    assigned: int
    unassigned: int
    judged: bool  # enough posts for content-mix to judge the period

    @property
    def minimum(self) -> int:
        return MIN_POSTS

    @property
    def tolerance(self) -> str:
        return percent(self.brand.pillar_tolerance)


def mix_bar(brand: Brand, mix: PeriodMix) -> MixBar:
    off = {
        name: "over" if actual > target else "under" for name, actual, target in strays(mix, brand)
    }
    judged = mix.assigned >= MIN_POSTS
    parts = tuple(
        MixPart(
            pillar,
            mix.counts.get(pillar, 0),
            mix.share(pillar),
            target,
            index % PALETTE_SIZE,
            off.get(pillar, "") if judged else "",
        )
        for index, (pillar, target) in enumerate(brand.pillars.items())
    )
    return MixBar(brand, mix.period, parts, mix.assigned, mix.unassigned, judged)


def _mixes(site: Site, brand: Brand) -> tuple[list[PeriodMix], list[PeriodMix]]:
    key = ("pillar mixes", brand.id)
    cached = site.memo.get(key)
    if cached is None:
        cached = site.memo[key] = brand_mixes(site.project, brand)
    return cached


def _with_pillars(site: Site) -> list[Brand]:
    brands = (b for b in site.project.brands.values() if b.pillars)
    return sorted(brands, key=lambda b: b.name)


def week_bars(site: Site, week: str) -> list[MixBar]:
    """The week's mix of each brand with pillars that posts in it."""
    bars = []
    for brand in _with_pillars(site):
        weeks, _ = _mixes(site, brand)
        bars.extend(mix_bar(brand, mix) for mix in weeks if mix.period == week)
    return bars


def brand_bars(site: Site, brand: Brand) -> list[MixBar]:
    """The brand's mix month by month, newest first."""
    if not brand.pillars:
        return []
    _, months = _mixes(site, brand)
    return [mix_bar(brand, mix) for mix in reversed(months)]
