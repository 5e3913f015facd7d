"""Content mix: how a brand's weeks and months share out between its content pillars.

A brand declares ``pillars:`` with target shares and each post names its ``pillar:``.
The functions here count the posts of a period by pillar (the site draws the same
counts as bars) and ``content-mix`` warns when a period strays from the targets. A
recurring post (``repeat:``) counts once per occurrence that goes out, in the period
that occurrence falls in; skipped occurrences are not counted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from smmplan.check.registry import Context, Family, Problem, rule
from smmplan.load.pillars import percent_text as percent
from smmplan.locale import phrase
from smmplan.model import Brand, Post, Project, Severity

FAMILY = Family("mix", "Content mix", 8)  # its heading and place in docs/rules.md

NOT_COUNTED = frozenset({"idea", "cancelled"})
MIN_POSTS = 5  # fewer posts with a pillar in a period, and one post moves a share too far


@dataclass(frozen=True)
class PeriodMix:
    """The posts of one brand in one period (``2026-W48`` or ``2026-11``) by pillar."""

    period: str
    counts: Mapping[str, int]  # pillar -> posts, in the brand's order of pillars
    unassigned: int = 0  # posts without a pillar: shown, never judged
    paths: tuple[str, ...] = field(default=(), compare=False)

    @property
    def assigned(self) -> int:
        return sum(self.counts.values())

    def share(self, pillar: str) -> float:
        """The pillar's share of the posts that name a pillar, in percent."""
        return 100 * self.counts.get(pillar, 0) / self.assigned if self.assigned else 0.0


def post_moment(post: Post) -> datetime | None:
    """When a post goes out: its ``publish_at``, else its earliest network's."""
    if post.publish_at is not None:
        return post.publish_at
    times = [v.publish_at for v in post.variants if v.publish_at is not None and not v.disabled]
    return min(times, default=None)


def post_moments(post: Post) -> list[datetime]:
    """Every time a post goes out: each occurrence of a series that is not skipped, else
    :func:`post_moment` alone (none for a post with no time)."""
    if post.repeat is not None and post.publish_at is not None:
        return [occurrence.publish_at for occurrence in post.repeat.active]
    moment = post_moment(post)
    return [moment] if moment is not None else []


def week_of(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def month_of(moment: datetime) -> str:
    return f"{moment:%Y-%m}"


def brand_mixes(project: Project, brand: Brand) -> tuple[list[PeriodMix], list[PeriodMix]]:
    """The brand's weeks and months with posts, each sorted, in the brand's time zone."""
    weeks: dict[str, list[Post]] = defaultdict(list)
    months: dict[str, list[Post]] = defaultdict(list)
    zone = ZoneInfo(brand.timezone)
    for post in project.posts:
        if post.status in NOT_COUNTED or project.brand_of(post) != brand:
            continue
        for moment in post_moments(post):
            local = moment.astimezone(zone)
            weeks[week_of(local)].append(post)
            months[month_of(local)].append(post)
    return (
        [period_mix(key, weeks[key], brand) for key in sorted(weeks)],
        [period_mix(key, months[key], brand) for key in sorted(months)],
    )


def period_mix(period: str, posts: list[Post], brand: Brand) -> PeriodMix:
    named = Counter(post.pillar for post in posts if post.pillar in brand.pillars)
    counts = {pillar: named[pillar] for pillar in brand.pillars}
    paths = tuple(sorted({post.path for post in posts}))  # a series' path once
    return PeriodMix(period, counts, len(posts) - sum(named.values()), paths)


def strays(mix: PeriodMix, brand: Brand) -> list[tuple[str, float, float]]:
    """(pillar, share, target) of the pillars past the tolerance: those over, then under."""
    over, under = [], []
    for pillar, target in brand.pillars.items():
        actual = mix.share(pillar)
        if actual - target > brand.pillar_tolerance:
            over.append((pillar, actual, target))
        elif target - actual > brand.pillar_tolerance:
            under.append((pillar, actual, target))
    return over + under


def mix_message(mix: PeriodMix, found: list[tuple[str, float, float]]) -> str:
    parts = (
        phrase(
            "{pillar} {actual} (target {target})",
            pillar=name,
            actual=percent(round(actual)),
            target=percent(t),
        )
        for name, actual, t in found
    )
    return phrase(
        "{period}: {pillars}; {count} posts with a pillar",
        period=mix.period,
        pillars=", ".join(parts),
        count=mix.assigned,
    )


@rule("content-mix", "MX01", Severity.WARNING, "project")
def content_mix(ctx: Context) -> Iterator[Problem]:
    """A week or a month of a brand strays from its content pillars' target shares.

    A brand's ``pillars:`` give each pillar a target share of its posts and
    ``pillar_tolerance`` (default 10%) how many points a period may stray from it. Each
    ISO week and each calendar month, in the brand's time zone, with at least 5 posts
    that name a ``pillar:`` is judged; posts without one, ideas and cancelled posts are
    not counted. A recurring post counts once per occurrence in the period it falls in
    (skipped occurrences not at all). Reported at the brand file's ``pillars:`` line, naming the period and
    the pillars over and under their targets.
    """
    for brand in sorted(ctx.project.brands.values(), key=lambda b: b.id):
        if not brand.pillars or brand.path is None:
            continue
        weeks, months = brand_mixes(ctx.project, brand)
        for mix in (*weeks, *months):
            found = strays(mix, brand) if mix.assigned >= MIN_POSTS else []
            if found:
                yield Problem(
                    mix_message(mix, found),
                    brand.lines.get("pillars", 1),
                    path=brand.path,
                    related=mix.paths,
                )
