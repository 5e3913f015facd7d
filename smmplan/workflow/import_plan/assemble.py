"""Records into posts: one post per row, or per ``post`` of a ``plan.csv``.

Links come back as the post had them: the brand's UTM parameters that the export added
are taken off again (only when putting them back gives exactly the link read), and a
link a format appended to the text (Buffer, Postoplan) becomes the post's ``link``.
A ``plan.csv`` post keeps the first row's values; every other network whose text,
time, link, first comment, media, title or format differs gets that override.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

import regex

from smmplan.model import Brand, Project
from smmplan.workflow.import_plan.rows import Record

THREAD_BREAK = "\n---\n"
_URL = regex.compile(r"https?://[^\s<>\"]+")
_TRAILING = ".,!?;:)]}'\""
TITLE_LENGTH = 60


@dataclass
class Draft:
    """A post to write, with the row it came from."""

    line: int
    brand: Brand
    title: str
    moment: datetime
    status: str
    body: str
    campaign: str | None = None
    link: str | None = None
    first_comment: str | None = None
    author: str | None = None
    approved_by: str | None = None
    tags: tuple[str, ...] = ()
    sponsored: bool = False
    media: tuple[tuple[str, str], ...] = ()
    networks: dict[str, dict[str, object]] = field(default_factory=dict)
    post: str | None = None
    image_urls: bool = False


def untag(url: str, brand: Brand, network: str, campaign: str | None) -> str:
    """``url`` without the UTM parameters ``smmplan export`` added for this slot."""
    from smmplan.render.export.utm import utm_parameters, with_utm

    params = utm_parameters(brand.utm, network=network, campaign=campaign, brand=brand.id)
    if not params or "?" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    pieces = parts.query.split("&")
    for cut in range(min(len(params), len(pieces)), 0, -1):
        query = "&".join(pieces[:-cut])
        base = urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
        if with_utm(base, params) == url:
            return base
    return url


def _clean(record: Record, network: str, link_column: bool) -> tuple[str, str | None]:
    """The record's text and link with the export's UTM parameters taken off."""
    text, link = record.text, record.link
    brand, campaign = record.brand, record.campaign
    if link:
        base = untag(link, brand, network, campaign)
        return text.replace(link, base) if base != link else text, base
    for match in _URL.finditer(record.text):
        found = match[0].rstrip(_TRAILING)
        base = untag(found, brand, network, campaign)
        if base != found:
            text, link = text.replace(found, base), link or base
    if link and not link_column and text.endswith(f"\n\n{link}"):
        text = text.removesuffix(f"\n\n{link}")  # the export appended it
    return text, link


def derived_title(text: str) -> str:
    """A title from the text's first line, at most :data:`TITLE_LENGTH` characters."""
    lines = (line.strip() for line in text.splitlines())
    first = next((line for line in lines if line and line != "---"), "") or "Untitled"
    if len(first) <= TITLE_LENGTH:
        return first
    cut = first[:TITLE_LENGTH].rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:—-") or first[:TITLE_LENGTH]


def _threads(project: Project, brand: Brand, network: str) -> bool:
    spec = project.spec(network, brand.id)
    return bool(spec and spec.threads)


def _thread(text: str, comments: list[str], link: str | None) -> tuple[str, str | None]:
    """Publer's comments on a threading network: the thread's next parts, then maybe the
    first comment. The export tags the link in every part, never in the first comment, so
    a last comment holding the link untagged is the first comment."""
    from smmplan.render.export.utm import tag_in_text

    first_comment = None
    if link and comments and tag_in_text(comments[-1], link, link)[1]:
        first_comment = comments.pop()
    return THREAD_BREAK.join([text, *comments]), first_comment


def from_record(record: Record, project: Project, link_column: bool) -> Draft:
    """A scheduler file's or a generic plan's row: one post."""
    network = record.networks[0]
    text, link = _clean(record, network, link_column)
    first_comment = record.first_comment
    if record.comments:
        if _threads(project, record.brand, network):
            text, first_comment = _thread(text, record.comments.split("||"), link)
        else:
            first_comment = record.comments
    overrides: dict[str, object] = {"format": record.format} if record.format else {}
    return Draft(
        line=record.line,
        brand=record.brand,
        title=record.title or derived_title(text),
        moment=record.moment,
        status=record.status or "draft",
        body=text,
        campaign=record.campaign,
        link=link,
        first_comment=first_comment,
        author=record.author,
        approved_by=record.approved_by,
        tags=record.tags,
        sponsored=record.sponsored,
        networks={n: dict(overrides) for n in record.networks},
        image_urls=record.image_urls,
    )


def _on_network(body: str, threads: bool) -> str:
    return body if threads else "\n\n".join(body.split(THREAD_BREAK))


def _overrides(post: Draft, record: Record, text: str, link: str | None, threads: bool) -> dict:
    found: dict[str, object] = {}
    if text != _on_network(post.body, threads):
        found["text"] = text
    if record.moment != post.moment:
        found["publish_at"] = record.moment
    if record.media != post.media:
        found["media"] = record.media
    if (record.first_comment or None) != post.first_comment:
        found["first_comment"] = record.first_comment or ""
    if link != post.link:
        found["link"] = link or ""
    if record.network_title and record.network_title != post.title:
        found["title"] = record.network_title
    if record.format:
        found["format"] = record.format
    return found


def from_plan_rows(records: list[Record], project: Project) -> Draft:
    """The rows of one post in ``plan.csv`` (one per network), first row first."""
    cleaned = [(r, *_clean(r, r.networks[0], True)) for r in records]
    threaded = [c for c in cleaned if THREAD_BREAK in c[1]]
    first, text, link = (threaded or cleaned)[0]
    post = replace(from_record(replace(first, text=text, link=link), project, True), networks={})
    post.link, post.first_comment = link, first.first_comment
    post.media, post.post, post.body = first.media, first.post, text
    head = cleaned[0][0]
    post.moment, post.line = head.moment, head.line
    for record, own_text, own_link in cleaned:
        network = record.networks[0]
        threads = _threads(project, record.brand, network)
        post.networks[network] = _overrides(post, record, own_text, own_link, threads)
    return post


def group_plan_rows(records: Iterable[Record]) -> list[list[Record]]:
    """``plan.csv`` rows by their ``post`` column, in the order each post first appears."""
    groups: dict[str, list[Record]] = {}
    for record in records:
        key = record.post or f"row {record.line}"
        groups.setdefault(key, []).append(record)
    return list(groups.values())
