"""Posts: Markdown files with YAML front matter, into ``Post`` objects with every key's line."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from smmplan.load import values as v
from smmplan.load.documents import ValueProblem, items, read_markdown, split_parts, to_python
from smmplan.load.hashtag_sets import expand, expand_parts
from smmplan.load.media_refs import media_list
from smmplan.load.pillars import post_pillar
from smmplan.load.repeat import post_repeat
from smmplan.load.review_due import review_by
from smmplan.load.translations import translation
from smmplan.locale import phrase
from smmplan.model import (
    APPROVED_STATUSES,
    STATUSES,
    Brand,
    Campaign,
    Finding,
    Media,
    Post,
    Severity,
    TextPart,
    Variant,
)
from smmplan.suggest import did_you_mean

POST_KEYS = (
    "title",
    "brand",
    "campaign",
    "publish_at",
    "status",
    "author",
    "approved_by",
    "review_by",
    "tags",
    "pillar",
    "sponsored",
    "link",
    "first_comment",
    "media",
    "networks",
    "published",
    "ignore",
    "repeat",
    "id",
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


def suggest_network(name: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for 'twitter', 'twiter', 'instgram' ..."""
    from smmplan.networks import aliases  # each network's data file lists its aliases

    return did_you_mean(name, known, aliases())


@dataclass(frozen=True)
class Known:
    """What a post may refer to: loaded before the posts."""

    root: Path
    brands: Mapping[str, Brand]
    campaigns: Mapping[str, Campaign]
    formats: Mapping[str, frozenset[str]]  # each known network -> the post formats it knows


@dataclass(frozen=True)
class PostDefaults:
    """The post's own values, read once: what each of its networks has unless it overrides
    the key. ``timezone`` and ``folder`` are what a network's own ``publish_at`` and
    ``media`` are read against."""

    parts: tuple[TextPart, ...]
    title: str | None
    publish_at: datetime | None
    media: tuple[Media, ...]
    first_comment: str | None
    link: str | None
    hashtag_sets: Mapping[str, tuple[str, ...]]
    timezone: str
    folder: Path

    def variant(self, network: str, line: int) -> Variant:
        """The post on ``network`` as the post itself describes it: nothing overridden."""
        return Variant(
            network,
            self.parts,
            self.publish_at,
            self.media,
            title=self.title,
            first_comment=self.first_comment,
            link=self.link,
            line=line,
        )


def load_post(path: Path, rel: str, data: bytes, known: Known) -> Post:
    doc = read_markdown(data)
    findings = list(doc.findings)
    slug = _stem(rel)
    if doc.root is None:
        return _unreadable(rel, slug, findings)
    lines: dict[str, int] = {}
    f = v.Fields(doc, doc.root, POST_KEYS, findings, lines)
    status = f.get("status", v.choice(STATUSES), "draft")
    f.require("title", phrase("every post needs an internal title"))
    brand = _brand(f, known)
    campaign = _campaign(f, known)
    defaults = _defaults(f, known, known.brands.get(brand) if brand else None, path.parent, status)
    networks, variants = _variants(f, known, defaults, status)
    brand_of = known.brands.get(brand) if brand else None
    own = translation(path, slug, brand_of, f.get("id", v.text, None), f.line("id"))
    findings.extend(own.findings)
    return Post(
        path=rel,
        slug=slug,
        title=defaults.title,
        brand=brand,
        campaign=campaign,
        publish_at=defaults.publish_at,
        status=status,
        author=f.get("author", v.text, None),
        approved_by=f.get("approved_by", v.text, None),
        review_by=review_by(f, defaults.timezone),
        tags=f.get("tags", v.text_list, ()),
        pillar=post_pillar(f, known.brands.get(brand) if brand else None),
        sponsored=f.get("sponsored", v.boolean, False),
        link=defaults.link,
        first_comment=defaults.first_comment,
        media=defaults.media,
        networks=networks,
        variants=variants,
        published=_published(f, known),
        ignore=frozenset(f.get("ignore", v.text_list, ())),
        repeat=post_repeat(f, defaults.publish_at, defaults.timezone, defaults.hashtag_sets),
        language=own.language,
        translation_id=own.translation_id,
        translations=own.translations,
        parts=defaults.parts,
        body_line=doc.body_line,
        lines=lines,
        findings=tuple(findings),
    )


def _stem(rel: str) -> str:
    """``PurePosixPath(rel).stem`` of a repository-relative path, without making a path."""
    name = rel.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _unreadable(rel: str, slug: str, findings: list[Finding]) -> Post:
    """A post whose front matter holds nothing to read: only its findings."""
    if not findings:
        message = phrase("the front matter is empty: add at least 'title' and 'networks'")
        findings.append(Finding("missing-field", message, 1))
    return Post(path=rel, slug=slug, title=None, brand=None, findings=tuple(findings))


def _brand(f: v.Fields, known: Known) -> str | None:
    brand = f.get("brand", v.text, None)
    if brand is None:
        if len(known.brands) == 1:
            return next(iter(known.brands))
        f.require(
            "brand",
            phrase("this repository has {count} brands; name one of them", count=len(known.brands)),
        )
        return None
    if brand not in known.brands:
        f.findings.append(
            Finding(
                "unknown-reference",
                phrase(
                    "brand '{brand}' has no file brands/{brand}.yml{hint}",
                    brand=brand,
                    hint=did_you_mean(brand, known.brands),
                ),
                f.line("brand"),
            )
        )
        return None
    return brand


def _campaign(f: v.Fields, known: Known) -> str | None:
    campaign = f.get("campaign", v.text, None)
    if campaign is not None and campaign not in known.campaigns:
        f.findings.append(
            Finding(
                "unknown-reference",
                phrase(
                    "campaign '{campaign}' has no file content/campaigns/{campaign}.md{hint}",
                    campaign=campaign,
                    hint=did_you_mean(campaign, known.campaigns),
                ),
                f.line("campaign"),
            )
        )
    return campaign


def _defaults(
    f: v.Fields, known: Known, brand: Brand | None, folder: Path, status: str
) -> PostDefaults:
    timezone = brand.timezone if brand else "UTC"
    sets = brand.hashtag_sets if brand else {}
    title = f.get("title", v.text, None)
    publish_at = _publish_at(f, "publish_at", timezone)
    if publish_at is None and status in APPROVED_STATUSES and "publish_at" not in f:
        f.findings.append(
            Finding(
                "missing-field",
                phrase("a post with status {status} needs 'publish_at'", status=status),
                f.line_here,
            )
        )
    media = media_list(f, "media", folder, known.root, f.findings, f.doc)
    parts = expand_parts(split_parts(f.doc.body, f.doc.body_line), sets, f.findings)
    first_comment = f.get("first_comment", v.text, None)
    if first_comment:
        first_comment = expand(first_comment, f.line("first_comment"), sets, f.findings)
    link = f.get("link", v.text, None)
    return PostDefaults(
        parts, title, publish_at, media, first_comment, link, sets, timezone, folder
    )


def _publish_at(f: v.Fields, key: str, tz: str, network: str | None = None) -> datetime | None:
    parsed = f.get(key, v.local_datetime, None)
    if parsed is None:
        return None
    moment, has_offset = parsed
    if has_offset:
        return moment
    aware, problem = v.localize(moment, tz)
    if problem:
        severity = Severity.WARNING if "twice" in problem else None
        f.findings.append(
            Finding(
                "nonexistent-local-time", problem, f.line(key), network=network, severity=severity
            )
        )
    return aware


def _network_name(
    raw: Any, line: int, seen: Iterable[str], known: Known, f: v.Fields, where: str = ""
) -> str | None:
    """The network id ``raw`` names, or None after a finding saying why it names none."""
    name = str(raw).strip().lower()
    if name not in known.formats:
        hint = suggest_network(name, known.formats)
        f.findings.append(
            Finding(
                "unknown-reference",
                phrase("{field}unknown network '{name}'{hint}", field=where, name=name, hint=hint),
                line,
            )
        )
        return None
    if name in seen:
        f.findings.append(
            Finding(
                "invalid-value",
                phrase("{field}network '{name}' is listed twice", field=where, name=name),
                line,
            )
        )
        return None
    return name


def _network_entries(f: v.Fields, status: str) -> list[tuple[Any, int, Node | None]]:
    """(name, line, override node or None) for each network the ``networks`` key names."""
    node, doc = f.nodes.get("networks"), f.doc
    if node is None:
        if status != "idea":
            f.require(
                "networks", phrase("list the networks this post goes to, e.g. [instagram, x]")
            )
        return []
    if isinstance(node, ScalarNode):
        return [(node.value, doc.line(node), None)] if node.value else []
    if isinstance(node, SequenceNode):
        names = [item for item in node.value if isinstance(item, ScalarNode)]
        if len(names) != len(node.value):
            f.invalid(phrase("networks: each item must be a network name"), f.line("networks"))
        return [(item.value, doc.line(item), None) for item in names]
    if isinstance(node, MappingNode):
        return list(items(node, doc.offset))
    return []  # pragma: no cover - composer yields only these node kinds


def _variants(
    f: v.Fields, known: Known, defaults: PostDefaults, status: str
) -> tuple[tuple[str, ...], tuple[Variant, ...]]:
    names: list[str] = []
    variants: list[Variant] = []
    for raw, line, override in _network_entries(f, status):
        name = _network_name(raw, line, names, known, f)
        if name is not None:
            names.append(name)
            variants.append(_variant(name, line, override, f, defaults, known))
    return tuple(names), tuple(variants)


def _variant(
    network: str, line: int, node: Node | None, post: v.Fields, defaults: PostDefaults, known: Known
) -> Variant:
    """The post on one network: the keys its override sets, the post's values for the rest."""
    if node is None or (isinstance(node, ScalarNode) and node.value in ("", "~", "null")):
        return defaults.variant(network, line)
    lines: dict[str, int] = {}
    prefix, doc, findings = f"networks.{network}.", post.doc, post.findings
    f = v.Fields(doc, node, OVERRIDE_KEYS, findings, lines, prefix=prefix, where=prefix[:-1])
    parts = _own_parts(f, defaults, network) if "text" in f else defaults.parts
    publish_at = defaults.publish_at
    if "publish_at" in f:
        publish_at = _publish_at(f, "publish_at", defaults.timezone, network) or publish_at
    media = defaults.media
    if "media" in f:
        media = media_list(f, "media", defaults.folder, known.root, findings, doc)
    post_format = _format(f, network, known.formats[network])
    return Variant(
        network=network,
        parts=parts,
        publish_at=publish_at,
        media=media,
        title=f.get("title", v.text, defaults.title),
        first_comment=_own_comment(f, defaults, network),
        link=f.get("link", v.text, defaults.link),
        format=post_format,
        disabled=f.get("disabled", v.boolean, False),
        line=line,
        lines={key[len(prefix) :]: value for key, value in lines.items()},
        overrides=frozenset(f.nodes),
    )


def _own_parts(f: v.Fields, defaults: PostDefaults, network: str) -> tuple[TextPart, ...]:
    """A network's own ``text``, split into thread parts that keep their lines."""
    text = f.get("text", v.text, "")
    node = f.nodes["text"]
    block = isinstance(node, ScalarNode) and node.style in ("|", ">")
    parts = split_parts(text, f.doc.line(node) + (1 if block else 0))
    return expand_parts(parts, defaults.hashtag_sets, f.findings, network)


def _own_comment(f: v.Fields, defaults: PostDefaults, network: str) -> str | None:
    if "first_comment" not in f:
        return defaults.first_comment
    comment = f.get("first_comment", v.text, None)
    if not comment:
        return comment
    return expand(comment, f.line("first_comment"), defaults.hashtag_sets, f.findings, network)


def _format(f: v.Fields, network: str, formats: frozenset[str]) -> str | None:
    post_format = f.get("format", v.text, None)
    if post_format is None or post_format in formats:
        return post_format
    choices = ", ".join(sorted(formats)) or "none"
    f.invalid(
        phrase(
            "{field}format: '{format}' is not a format of {network} ({choices}){hint}",
            field=f.prefix,
            format=post_format,
            network=network,
            choices=choices,
            hint=did_you_mean(post_format, formats),
        ),
        f.line("format"),
    )
    return None


def _published(f: v.Fields, known: Known) -> Mapping[str, str]:
    """``published: {x: https://x.com/…/status/…, instagram: …}``: where the post went out,
    a URL or an id per network, kept as written; each key's line is ``published.<network>``."""
    node = f.nodes.get("published")
    if node is None or (isinstance(node, ScalarNode) and f.raw("published") is None):
        return MappingProxyType({})
    if not isinstance(node, MappingNode):
        f.invalid(
            phrase(
                "published: write a mapping of network to the published post's URL or id,"
                " e.g. {example}",
                example="{x: https://x.com/brand/status/1}",
            ),
            f.line("published"),
        )
        return MappingProxyType({})
    found: dict[str, str] = {}
    for raw, line, value in items(node, f.doc.offset):
        name = _network_name(raw, line, found, known, f, "published: ")
        if name is None:
            continue
        f.lines[f"published.{name}"] = line
        where = _published_at(value, f"published.{name}", f, line)
        if where is not None:
            found[name] = where
    return MappingProxyType(found)


def _published_at(node: Node, key: str, f: v.Fields, line: int) -> str | None:
    """One network's URL or id, as text; numbers are refused (YAML rounds long ids)."""
    try:
        value = to_python(node, f.doc.offset)
    except ValueProblem as problem:
        f.invalid(f"{key}: {problem}", line)
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        f.invalid(
            f"{key}: {node.value} is read as a number, and a long id loses its last digits"
            f' that way: quote it, e.g. "{node.value}"',
            line,
        )
        return None
    if not isinstance(value, str) or not value.strip():
        f.invalid(f"{key}: expected the post's URL or id, got {v.describe_value(value)}", line)
        return None
    return value.strip()
