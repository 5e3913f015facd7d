"""``smmplan new post``: a draft from the template, in the brand's language and its own day.

With ``--from POST`` the new post repurposes another one for another network or brand:
it takes that post's text, media (written relative to the repository root, so they still
resolve from the new folder), link, first comment, tags and ``sponsored`` flag, and gets
its own title, file name, time and ``status: draft``. Where it came from is recorded as a
comment in its front matter, not as a key: the post format does not change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from smmplan.check.text import NEW_POST_HINTS
from smmplan.load import POSTS_DIR
from smmplan.load.posts import suggest_network
from smmplan.load.values import localize
from smmplan.locale import phrase
from smmplan.model import Brand, Campaign, Post, Project
from smmplan.suggest import did_you_mean
from smmplan.workflow.new.files import (
    FALLBACK_LOCALE,
    NewError,
    fill,
    free_path,
    language,
    quote,
    words,
    write_new,
)
from smmplan.workflow.new.slots import (
    campaign_problems,
    next_free_slot,
    parse_when,
    time_problems,
    why_no_slot,
)
from smmplan.workflow.slug import slugify

DEFAULT_NETWORKS = ("x", "linkedin")
NEW_STATUSES = ("idea", "draft")  # later stages come with review: `smmplan mark`


@dataclass(frozen=True)
class PostRequest:
    title: str
    brand: str | None = None
    when: str | None = None
    campaign: str | None = None
    networks: tuple[str, ...] = ()
    status: str = "draft"
    source: str | None = None  # --from: a post's path, from the current folder or the root


@dataclass(frozen=True)
class Created:
    path: Path
    relative: str
    publish_at: datetime | None = None
    suggested: bool = False
    warnings: tuple[str, ...] = field(default=())


def choose_brand(project: Project, brand: str | None, fallback: str | None = None) -> Brand:
    if brand is not None:
        if brand not in project.brands:
            raise NewError(
                phrase(
                    "--brand {name}: no such brand{hint} (brands: {known})",
                    name=brand,
                    hint=did_you_mean(brand, project.brands),
                    known=", ".join(sorted(project.brands)),
                )
            )
        return project.brands[brand]
    if fallback in project.brands:
        return project.brands[fallback]
    if len(project.brands) == 1:
        return next(iter(project.brands.values()))
    raise NewError(
        phrase(
            "this repository has {count} brands: pass --brand ({known})",
            count=len(project.brands),
            known=", ".join(sorted(project.brands)),
        )
    )


def choose_campaign(project: Project, name: str | None) -> Campaign | None:
    if name is None:
        return None
    if name not in project.campaigns:
        known = ", ".join(sorted(project.campaigns)) or phrase("none yet")
        raise NewError(
            phrase(
                "--campaign {name}: no such campaign in content/campaigns/{hint}"
                " (campaigns: {known})",
                name=name,
                hint=did_you_mean(name, project.campaigns),
                known=known,
            )
        )
    return project.campaigns[name]


def find_source(project: Project, given: str | None, cwd: Path) -> Post | None:
    if given is None:
        return None
    for candidate in (cwd / given, project.root / given):
        wanted = candidate.resolve()
        for post in project.posts:
            if (project.root / post.path).resolve() != wanted:
                continue
            broken = next((f for f in post.findings if f.rule == "front-matter-invalid"), None)
            if broken is not None:
                raise NewError(f"--from {post.path}:{broken.line}: {broken.message}")
            return post
    raise NewError(
        phrase(
            "--from {given}: not a post of this repository (posts are under {folder}/)",
            given=given,
            folder=POSTS_DIR,
        )
    )


def choose_networks(
    project: Project, brand: Brand, asked: tuple[str, ...], campaign: Campaign | None
) -> list[str]:
    for name in asked:
        if name not in project.networks:
            raise NewError(
                phrase(
                    "--network {name}: unknown network{hint}",
                    name=name,
                    hint=suggest_network(name, project.networks),
                )
            )
    if asked:
        return list(dict.fromkeys(asked))
    if campaign is not None and campaign.networks:
        return list(campaign.networks)
    return [n for n in brand.accounts if n in project.networks] or list(DEFAULT_NETWORKS)


def brand_locale(brand: Brand) -> str:
    return language(brand.locale) or FALLBACK_LOCALE


def _schedule(
    project: Project, brand: Brand, now: datetime, request: PostRequest, campaign: Campaign | None
) -> tuple[datetime | None, bool, list[str]]:
    """The new post's time, whether it was chosen for it, and warnings about it."""
    day, exact = parse_when(request.when)
    if exact is not None:
        naive = (
            exact.astimezone(ZoneInfo(brand.timezone)).replace(tzinfo=None)
            if exact.tzinfo
            else exact
        )
        moment, problem = localize(naive, brand.timezone)
        if problem is not None:
            raise NewError(phrase("--date {when}: {problem}", when=request.when, problem=problem))
        refusal, warnings = time_problems(brand, now, moment, campaign)
        if refusal is not None:
            raise NewError(phrase("--date {when}: {problem}", when=request.when, problem=refusal))
        return moment, False, warnings
    moment = next_free_slot(project, brand, now, day)
    if day is not None and moment is None:
        raise NewError(
            phrase(
                "--date {when}: {problem}",
                when=request.when,
                problem=why_no_slot(project, brand, now, day),
            )
        )
    shown = moment.astimezone(ZoneInfo(brand.timezone)).date() if moment else None
    return moment, True, campaign_problems(campaign, shown) if shown else []


def new_post(project: Project, request: PostRequest, now: datetime, cwd: Path) -> Created:
    """Write a new post; refuse (writing nothing) when the brand, date or source is wrong."""
    if not request.title.strip():
        raise NewError(phrase("the title is empty"))
    if request.status not in NEW_STATUSES:
        raise NewError(
            phrase("--status {status}: a new post starts as idea or draft", status=request.status)
        )
    source = find_source(project, request.source, cwd)
    brand = choose_brand(project, request.brand, source.brand if source else None)
    campaign = choose_campaign(project, request.campaign)
    if source is not None and campaign is None and project.brand_of(source) is brand:
        campaign = project.campaigns.get(source.campaign or "")
    networks = choose_networks(project, brand, request.networks, campaign)
    moment, suggested, warnings = _schedule(project, brand, now, request, campaign)
    folder_day = (moment or now).astimezone(ZoneInfo(brand.timezone)).date()
    folder = project.root / POSTS_DIR / f"{folder_day:%Y}" / f"{folder_day:%m}"
    path = free_path(folder, slugify(request.title))
    values = _values(project, brand, request, campaign, networks, moment, suggested, source)
    write_new(path, fill("post.md", brand_locale(brand), values))
    relative = path.relative_to(project.root).as_posix()
    return Created(path, relative, moment, suggested, tuple(warnings))


def _values(
    project: Project,
    brand: Brand,
    request: PostRequest,
    campaign: Campaign | None,
    networks: list[str],
    moment: datetime | None,
    suggested: bool,
    source: Post | None,
) -> dict[str, str]:
    locale = brand_locale(brand)
    said = words(locale)
    if moment is None:
        publish_at = f"# publish_at: YYYY-MM-DD HH:MM  ({said['no_slot']})"
    else:
        note = f"  # {said['next_slot']}" if suggested else ""
        publish_at = (
            f"publish_at: {moment.astimezone(ZoneInfo(brand.timezone)):%Y-%m-%d %H:%M}{note}"
        )
    several = len(project.brands) > 1 or brand.path is not None
    return {
        "TITLE": quote(request.title.strip()),
        "BRAND": f"brand: {brand.id}" if several else "",
        "CAMPAIGN": f"campaign: {campaign.id}" if campaign else "",
        "PUBLISH_AT": publish_at,
        "STATUS": request.status,
        "TAGS": f"[{', '.join(quote(tag) for tag in source.tags)}]" if source else "[]",
        "COPIED": _copied(project, source) if source else "",
        "NETWORKS": ", ".join(networks),
        "FROM": f"# {said['from']} {source.path}" if source else "",
        "BODY": _body(project, source) if source else NEW_POST_HINTS[locale],
    }


def _copied(project: Project, source: Post) -> str:
    lines = []
    if source.sponsored:
        lines.append("sponsored: true")
    if source.link:
        lines.append(f"link: {quote(source.link)}")
    if source.first_comment:
        lines.append(f"first_comment: {quote(source.first_comment)}")
    if source.media:
        lines.append("media:")
    for item in source.media:
        lines.append(f"  - src: {quote(_rooted(project, item.src, item.path))}")
        if item.alt:
            lines.append(f"    alt: {quote(item.alt)}")
        if item.focus:
            lines.append(f"    focus: [{item.focus[0]:g}, {item.focus[1]:g}]")
    return "\n".join(lines)


def _rooted(project: Project, src: str, resolved: Path | None) -> str:
    """``src`` as seen from the repository root, so that it resolves from any folder."""
    if src.startswith("/") or resolved is None or "://" in src:
        return src
    try:
        return "/" + resolved.relative_to(project.root.resolve()).as_posix()
    except ValueError:
        return src


def _body(project: Project, source: Post) -> str:
    """The source's text exactly as written below its front matter."""
    try:
        text = (project.root / source.path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise NewError(
            f"--from {source.path}: cannot be read ({error.__class__.__name__})"
        ) from None
    return "\n".join(text.split("\n")[source.body_line - 1 :]).rstrip("\n")
