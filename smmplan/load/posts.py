"""Posts: Markdown files with YAML front matter, into ``Post`` objects with every key's line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from smmplan.load import values as v
from smmplan.load.documents import Document, items, read_markdown
from smmplan.load.hashtag_sets import expand, expand_parts
from smmplan.load.media_refs import media_list
from smmplan.model import (
    APPROVED_STATUSES,
    STATUSES,
    Brand,
    Campaign,
    Finding,
    Post,
    Severity,
    TextPart,
    Variant,
)

POST_KEYS = (
    "title",
    "brand",
    "campaign",
    "publish_at",
    "status",
    "author",
    "approved_by",
    "tags",
    "sponsored",
    "link",
    "first_comment",
    "media",
    "networks",
    "ignore",
)
OVERRIDE_KEYS = (
    "text",
    "title",
    "publish_at",
    "media",
    "first_comment",
    "link",
    "format",
    "disabled",
)
NETWORK_ALIASES = {
    "twitter": "x",
    "ig": "instagram",
    "insta": "instagram",
    "fb": "facebook",
    "yt": "youtube",
    "tg": "telegram",
    "vkontakte": "vk",
    "bsky": "bluesky",
}


def suggest_network(name: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for 'twitter', 'twiter', 'instgram' ..."""
    known = list(known)
    candidates = {**{k: k for k in known}, **NETWORK_ALIASES}
    close = difflib.get_close_matches(name.lower(), list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{candidates[close[0]]}'?)" if close else ""


@dataclass(frozen=True)
class Known:
    """What a post may refer to: loaded before the posts."""

    root: Path
    brands: Mapping[str, Brand]
    campaigns: Mapping[str, Campaign]
    formats: Mapping[str, frozenset[str]]  # each known network -> the post formats it knows


def load_post(path: Path, rel: str, data: bytes, known: Known) -> Post:
    doc = read_markdown(data)
    findings = list(doc.findings)
    slug = PurePosixPath(rel).stem
    if doc.root is None:
        if not findings:
            findings.append(
                Finding(
                    "missing-field",
                    "the front matter is empty: add at least 'title' and 'networks'",
                    1,
                )
            )
        return Post(path=rel, slug=slug, title=None, brand=None, findings=tuple(findings))
    lines: dict[str, int] = {}
    f = v.Fields(doc, doc.root, POST_KEYS, findings, lines)
    status = f.get("status", v.choice(STATUSES), "draft")
    f.require("title", "every post needs an internal title")
    title = f.get("title", v.text, None)
    brand = _brand(f, known)
    tz = known.brands[brand].timezone if brand in known.brands else "UTC"
    campaign = f.get("campaign", v.text, None)
    if campaign is not None and campaign not in known.campaigns:
        findings.append(
            Finding(
                "unknown-reference",
                f"campaign '{campaign}' has no file content/campaigns/{campaign}.md"
                f"{v.did_you_mean(campaign, known.campaigns)}",
                f.line("campaign"),
            )
        )
    publish_at = _publish_at(f, "publish_at", tz, findings)
    if publish_at is None and status in APPROVED_STATUSES and "publish_at" not in f:
        findings.append(
            Finding("missing-field", f"a post with status {status} needs 'publish_at'", f.line_here)
        )
    here = path.parent
    media = media_list(f, "media", here, known.root, findings, doc)
    sets = known.brands[brand].hashtag_sets if brand in known.brands else {}
    parts = expand_parts(split_parts(doc.body, doc.body_line), sets, findings)
    first_comment = f.get("first_comment", v.text, None)
    if first_comment:
        first_comment = expand(first_comment, f.line("first_comment"), sets, findings)
    post_fields = dict(
        title=title,
        publish_at=publish_at,
        media=media,
        first_comment=first_comment,
        link=f.get("link", v.text, None),
        hashtag_sets=sets,
    )
    networks, variants = _variants(f, doc, known, parts, post_fields, tz, here, findings, status)
    return Post(
        path=rel,
        slug=slug,
        title=title,
        brand=brand,
        campaign=campaign,
        publish_at=publish_at,
        status=status,
        author=f.get("author", v.text, None),
        approved_by=f.get("approved_by", v.text, None),
        tags=f.get("tags", v.text_list, ()),
        sponsored=f.get("sponsored", v.boolean, False),
        link=post_fields["link"],
        first_comment=post_fields["first_comment"],
        media=media,
        networks=networks,
        variants=variants,
        ignore=frozenset(f.get("ignore", v.text_list, ())),
        parts=parts,
        body_line=doc.body_line,
        lines=lines,
        findings=tuple(findings),
    )


def _brand(f: v.Fields, known: Known) -> str | None:
    brand = f.get("brand", v.text, None)
    if brand is None:
        if len(known.brands) == 1:
            return next(iter(known.brands))
        f.require("brand", f"this repository has {len(known.brands)} brands; name one of them")
        return None
    if brand not in known.brands:
        f.findings.append(
            Finding(
                "unknown-reference",
                f"brand '{brand}' has no file brands/{brand}.yml"
                f"{v.did_you_mean(brand, known.brands)}",
                f.line("brand"),
            )
        )
        return None
    return brand


def split_parts(body: str, first_line: int) -> tuple[TextPart, ...]:
    """Split text on lines holding only ``---``; each part keeps the line where it starts."""
    parts: list[TextPart] = []
    chunk: list[str] = []
    start = first_line

    def flush() -> None:
        while chunk and not chunk[-1].strip():
            chunk.pop()
        lead = 0
        while lead < len(chunk) and not chunk[lead].strip():
            lead += 1
        if lead < len(chunk):
            parts.append(TextPart("\n".join(chunk[lead:]), start + lead))

    for offset, line in enumerate(body.split("\n")):
        if line.rstrip() == "---":
            flush()
            chunk = []
            start = first_line + offset + 1
        else:
            chunk.append(line)
    flush()
    return tuple(parts)


def localize(naive: datetime, tz_name: str) -> tuple[datetime, str | None]:
    """A wall-clock time in a zone; the second item explains a DST gap or fold."""
    tz = ZoneInfo(tz_name)
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    round_trip = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != naive:
        return first, (
            f"{naive:%Y-%m-%d %H:%M} does not exist in {tz_name}: the clocks jump forward"
            " (daylight saving time); pick another time"
        )
    if first.utcoffset() != second.utcoffset():
        return first, (
            f"{naive:%Y-%m-%d %H:%M} happens twice in {tz_name} (clocks go back);"
            " smmplan takes the first; add an offset to choose"
        )
    return first, None


def _publish_at(
    f: v.Fields, key: str, tz: str, findings: list[Finding], network: str | None = None
) -> datetime | None:
    parsed = f.get(key, v.local_datetime, None)
    if parsed is None:
        return None
    moment, has_offset = parsed
    if has_offset:
        return moment
    aware, problem = localize(moment, tz)
    if problem:
        severity = Severity.WARNING if "twice" in problem else None
        findings.append(
            Finding(
                "nonexistent-local-time", problem, f.line(key), network=network, severity=severity
            )
        )
    return aware


def _override_comment(
    f: v.Fields, defaults: dict[str, Any], findings: list[Finding], network: str
) -> str | None:
    if "first_comment" not in f:
        return defaults["first_comment"]
    comment = f.get("first_comment", v.text, None)
    if not comment:
        return comment
    return expand(comment, f.line("first_comment"), defaults["hashtag_sets"], findings, network)


def _variants(
    f: v.Fields,
    doc: Document,
    known: Known,
    parts: tuple[TextPart, ...],
    defaults: dict[str, Any],
    tz: str,
    here: Path,
    findings: list[Finding],
    status: str,
) -> tuple[tuple[str, ...], tuple[Variant, ...]]:
    node = f.nodes.get("networks")
    if node is None:
        if status != "idea":
            f.require("networks", "list the networks this post goes to, e.g. [instagram, x]")
        return (), ()
    if isinstance(node, ScalarNode):
        entries = [(node.value, doc.line(node), None)] if node.value else []
    elif isinstance(node, SequenceNode):
        entries = [
            (item.value, doc.line(item), None)
            for item in node.value
            if isinstance(item, ScalarNode)
        ]
        if len(entries) != len(node.value):
            f.invalid("networks: each item must be a network name", f.line("networks"))
    elif isinstance(node, MappingNode):
        entries = [(key, line, value) for key, line, value in items(node, doc.offset)]
    else:  # pragma: no cover - composer yields only these node kinds
        return (), ()
    names: list[str] = []
    variants: list[Variant] = []
    for name, line, override in entries:
        name = str(name).strip().lower()
        if name not in known.formats:
            hint = suggest_network(name, known.formats)
            findings.append(Finding("unknown-reference", f"unknown network '{name}'{hint}", line))
            continue
        if name in names:
            findings.append(Finding("invalid-value", f"network '{name}' is listed twice", line))
            continue
        names.append(name)
        variants.append(
            _variant(name, line, override, doc, parts, defaults, tz, here, known, findings)
        )
    return tuple(names), tuple(variants)


def _variant(
    network: str,
    line: int,
    node: Node | None,
    doc: Document,
    parts: tuple[TextPart, ...],
    defaults: dict[str, Any],
    tz: str,
    here: Path,
    known: Known,
    findings: list[Finding],
) -> Variant:
    if node is None or (isinstance(node, ScalarNode) and node.value in ("", "~", "null")):
        return Variant(
            network,
            parts,
            defaults["publish_at"],
            defaults["media"],
            title=defaults["title"],
            first_comment=defaults["first_comment"],
            link=defaults["link"],
            line=line,
        )
    lines: dict[str, int] = {}
    prefix = f"networks.{network}."
    f = v.Fields(
        doc, node, OVERRIDE_KEYS, findings, lines, prefix=prefix, where=f"networks.{network}"
    )
    own_parts = parts
    if "text" in f:
        text = f.get("text", v.text, "")
        text_node = f.nodes["text"]
        first = doc.line(text_node) + (
            1
            if isinstance(text_node, ScalarNode) and text_node.style in "|>" and text_node.style
            else 0
        )
        own_parts = expand_parts(
            split_parts(text, first), defaults["hashtag_sets"], findings, network
        )
    publish_at = defaults["publish_at"]
    if "publish_at" in f:
        publish_at = _publish_at(f, "publish_at", tz, findings, network) or publish_at
    media = defaults["media"]
    if "media" in f:
        media = media_list(f, "media", here, known.root, findings, doc)
    post_format = f.get("format", v.text, None)
    formats = known.formats[network]
    if post_format is not None and post_format not in formats:
        choices = ", ".join(sorted(formats)) or "none"
        f.invalid(
            f"{prefix}format: '{post_format}' is not a format of {network} ({choices})"
            f"{v.did_you_mean(post_format, formats)}",
            f.line("format"),
        )
        post_format = None
    post_lines = {key[len(prefix) :]: value for key, value in lines.items()}
    return Variant(
        network=network,
        parts=own_parts,
        publish_at=publish_at,
        media=media,
        title=f.get("title", v.text, defaults["title"]),
        first_comment=_override_comment(f, defaults, findings, network),
        link=f.get("link", v.text, defaults["link"]),
        format=post_format,
        disabled=f.get("disabled", v.boolean, False),
        line=line,
        lines=post_lines,
    )
