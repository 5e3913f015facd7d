"""``smmplan new post|campaign``: a new file from the template, named after its title.

A new post gets the brand's next free slot as its suggested ``publish_at``: the first
time on a half-hour grid, at least an hour from now, inside the brand's posting windows
(10:00 on any day when it has none), not on a blackout date and at least ``min_gap``
(default 1h) away from the brand's other posts. It starts as a ``draft``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from smmplan.check.text import NEW_POST_HINT
from smmplan.load import CAMPAIGNS_DIR, POSTS_DIR
from smmplan.load.values import check_year, localize
from smmplan.model import Brand, Project
from smmplan.workflow.slug import slugify

GRID = timedelta(minutes=30)
DEFAULT_GAP = timedelta(hours=1)
DEFAULT_TIME = time(10, 0)
SEARCH_DAYS = 90
DEFAULT_NETWORKS = ("x", "linkedin")


class NewError(ValueError):
    """The brand, date or file asked for cannot be used."""


@dataclass(frozen=True)
class Created:
    path: Path
    relative: str
    publish_at: datetime | None = None
    suggested: bool = False


def choose_brand(project: Project, brand: str | None) -> Brand:
    if brand is not None:
        if brand not in project.brands:
            raise NewError(f"--brand {brand}: no such brand (brands: {', '.join(project.brands)})")
        return project.brands[brand]
    if len(project.brands) == 1:
        return next(iter(project.brands.values()))
    raise NewError(
        f"this repository has {len(project.brands)} brands: pass --brand"
        f" ({', '.join(sorted(project.brands))})"
    )


def _allowed(brand: Brand, local: datetime) -> bool:
    if local.date() in brand.blackout:
        return False
    if not brand.windows:
        return local.time() == DEFAULT_TIME
    clock = local.time()
    for window in brand.windows:
        if window.start <= window.end:
            inside = local.weekday() in window.weekdays and window.start <= clock < window.end
        else:
            inside = (local.weekday() in window.weekdays and clock >= window.start) or (
                (local.weekday() - 1) % 7 in window.weekdays and clock < window.end
            )
        if inside:
            return True
    return False


def next_free_slot(
    project: Project, brand: Brand, now: datetime, day: date | None = None
) -> datetime | None:
    """The brand's first free time (aware, brand zone) from ``now + 1h`` or on ``day``."""
    zone = ZoneInfo(brand.timezone)
    gap = brand.min_gap or DEFAULT_GAP
    taken = [
        variant.publish_at
        for post in project.posts
        if project.brand_of(post) is brand and post.status != "cancelled"
        for variant in post.variants
        if variant.publish_at is not None and not variant.disabled
    ]
    earliest = now + timedelta(hours=1)
    if day is not None:
        naive, stop = datetime.combine(day, time(0, 0)), datetime.combine(day, time(23, 59))
    else:
        naive = earliest.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
        naive += timedelta(minutes=(-naive.minute) % 30)
        stop = naive + timedelta(days=SEARCH_DAYS)
    while naive <= stop:
        moment, problem = localize(naive, brand.timezone)
        if (
            problem is None
            and moment >= earliest
            and _allowed(brand, naive)
            and all(abs(moment - other) >= gap for other in taken)
        ):
            return moment
        naive += GRID
    return None


def _quote(value: str) -> str:
    """A YAML scalar for any text (JSON strings are YAML double-quoted scalars)."""
    return json.dumps(value, ensure_ascii=False)


def _free_path(folder: Path, slug: str) -> Path:
    path = folder / f"{slug}.md"
    number = 2
    while path.exists():
        path = folder / f"{slug}-{number}.md"
        number += 1
    return path


def _write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except FileExistsError:
        raise NewError(f"{path} already exists") from None


def parse_when(value: str | None) -> tuple[date | None, datetime | None]:
    """``--date``: a day (find the free slot that day) or a day and a time (use it)."""
    if not value:
        return None, None
    text = value.strip().replace("T", " ")
    try:
        moment = datetime.fromisoformat(text) if " " in text else None
        day = date.fromisoformat(text) if moment is None else None
    except ValueError:
        raise NewError(f"--date {value}: write YYYY-MM-DD or 'YYYY-MM-DD HH:MM'") from None
    try:
        check_year((moment or day).year, value)  # type: ignore[union-attr]
    except ValueError as error:
        raise NewError(f"--date {error}") from None
    return day, moment


def new_post(
    project: Project, title: str, now: datetime, brand_id: str | None, when: str | None
) -> Created:
    if not title.strip():
        raise NewError("the title is empty")
    brand = choose_brand(project, brand_id)
    day, exact = parse_when(when)
    suggested = exact is None
    if exact is not None:
        moment = exact if exact.tzinfo else exact.replace(tzinfo=ZoneInfo(brand.timezone))
    else:
        moment = next_free_slot(project, brand, now, day)
    folder_date = (moment or now).astimezone(ZoneInfo(brand.timezone)).date()
    folder = project.root / POSTS_DIR / f"{folder_date:%Y}" / f"{folder_date:%m}"
    path = _free_path(folder, slugify(title))
    networks = [n for n in brand.accounts if n in project.networks] or list(DEFAULT_NETWORKS)
    lines = ["---", f"title: {_quote(title.strip())}"]
    if len(project.brands) > 1 or brand.path is not None:
        lines.append(f"brand: {brand.id}")
    if moment is not None:
        local = moment.astimezone(ZoneInfo(brand.timezone))
        note = "  # the brand's next free slot" if suggested else ""
        lines.append(f"publish_at: {local:%Y-%m-%d %H:%M}{note}")
    else:
        lines.append("# publish_at: YYYY-MM-DD HH:MM  (no free slot found; pick a time)")
    lines += [
        "status: draft",
        "tags: []",
        f"networks: [{', '.join(networks)}]",
        "---",
        NEW_POST_HINT,
        "",
    ]
    _write_new(path, "\n".join(lines))
    return Created(path, path.relative_to(project.root).as_posix(), moment, suggested)


def new_campaign(
    project: Project, title: str, now: datetime, brand_id: str | None, when: str | None
) -> Created:
    if not title.strip():
        raise NewError("the title is empty")
    brand = choose_brand(project, brand_id)
    day, exact = parse_when(when)
    start = day or (exact.date() if exact else None)
    if start is None:
        today = now.astimezone(ZoneInfo(brand.timezone)).date()
        start = today + timedelta(days=7 - today.weekday())  # next Monday
    folder = project.root / CAMPAIGNS_DIR
    path = _free_path(folder, slugify(title))
    lines = ["---", f"title: {_quote(title.strip())}"]
    if len(project.brands) > 1 or brand.path is not None:
        lines.append(f"brand: {brand.id}")
    lines += [
        f"start: {start:%Y-%m-%d}",
        f"end: {start + timedelta(days=13):%Y-%m-%d}",
        "goal: awareness  # awareness | engagement | traffic | leads | sales",
        "networks: []",
        "kpis:",
        "  - {metric: reach, target: 10000}",
        "---",
        "## Brief",
        "",
        "What the campaign is for, who it speaks to, its key message and its dates.",
        "",
    ]
    _write_new(path, "\n".join(lines))
    return Created(path, path.relative_to(project.root).as_posix(), None, False)
