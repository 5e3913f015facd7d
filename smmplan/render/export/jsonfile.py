"""``json``: the plan as a versioned document, for scripts and scheduler APIs.

The shape is :data:`SCHEMA` (JSON Schema 2020-12, published as
``docs/json-export.schema.json`` and printed by ``smmplan schema export``). ``version``
changes only when a field is removed or changes meaning; new fields may appear in any
release, so readers should ignore what they do not know.

``publish_at`` is the brand's local time with its UTC offset, ``publish_at_utc`` the
same instant in UTC. ``parts`` are the thread parts (one item unless the network takes
threads); ``text`` is what a network without threads shows; ``occurrence`` is a
recurring post's place in its series (null for a post that goes out once). ``refused`` lists what the
export left out and why. Keys are written in a fixed order, UTF-8, not ASCII-escaped.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from smmplan.render.export.base import FormatOutput, Options, OutFile, indented_json
from smmplan.render.export.prepare import DATA, PLAN_FIELDS, Refusal, Row, occurrence_number

NAME = "json"
CAPS = DATA
IMAGES = "optional"
FILE = "plan.json"
NOTE = "publish_at carries each brand's UTC offset; publish_at_utc is in UTC"
VERSION = 1


def _utc(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def item(row: Row) -> dict[str, Any]:
    slot, post = row.slot, row.slot.post
    urls = row.images or (None,) * len(slot.variant.media)
    return {
        "post": post.path,
        "slug": post.slug,
        "title": post.title,
        "brand": slot.brand.id,
        "brand_name": slot.brand.name,
        "account": slot.brand.account(slot.network, post.language),
        "campaign": post.campaign,
        "network": slot.network,
        "network_name": slot.spec.name,
        "status": post.status,
        "publish_at": row.local.isoformat(),
        "timezone": slot.brand.timezone,
        "publish_at_utc": _utc(slot.publish_at),
        "text": row.text,
        "parts": list(row.parts),
        "first_comment": row.first_comment,
        "link": row.link,
        "media": [
            {"src": m.src, "alt": m.alt, "url": url}
            for m, url in zip(slot.variant.media, urls, strict=True)
        ],
        "network_title": row.title if slot.spec.title_limit is not None else None,
        "format": slot.variant.format,
        "tags": list(post.tags),
        "author": post.author,
        "approved_by": post.approved_by,
        "sponsored": post.sponsored,
        "occurrence": occurrence_number(slot),
    }


def refused_item(refusal: Refusal) -> dict[str, Any]:
    return {
        "post": refusal.path,
        "network": refusal.network,
        "brand": refusal.brand,
        "publish_at": refusal.when.isoformat() if refusal.when else None,
        "reason": refusal.reason,
    }


def render(rows: list[Row], options: Options) -> FormatOutput:
    document = {
        "format": "smmplan-export",
        "version": VERSION,
        "generated_at": _utc(options.now),
        "title": options.title,
        "selection": options.selection,
        "items": [item(row) for row in rows],
        "refused": [refused_item(r) for r in options.refused],
    }
    return FormatOutput(
        files=[
            OutFile(
                name=FILE,
                data=indented_json(document),
                rows=len(rows),
                note=NOTE,
            )
        ]
    )


def _nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **extra}


_STRING = {"type": "string"}
_DATETIME = {"type": "string", "format": "date-time"}

ITEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "One post on one network.",
    "required": list(PLAN_FIELDS),
    "properties": {
        "post": {**_STRING, "description": "The post's file, relative to the repository root."},
        "slug": _STRING,
        "title": _nullable("string", description="The post's internal title."),
        "brand": {**_STRING, "description": "The brand's id (its file name in brands/)."},
        "brand_name": _STRING,
        "account": _nullable(
            "string",
            description="The brand's account on this network (its language's, where it has"
            " one per language).",
        ),
        "campaign": _nullable("string", description="The campaign's id, if any."),
        "network": {**_STRING, "description": "The network's id: x, instagram, telegram ..."},
        "network_name": _STRING,
        "status": {**_STRING, "description": "idea, draft, review, approved, scheduled ..."},
        "publish_at": {**_DATETIME, "description": "Local time of the brand, with offset."},
        "timezone": {**_STRING, "description": "The brand's IANA time zone."},
        "publish_at_utc": {**_DATETIME, "pattern": "Z$"},
        "text": {**_STRING, "description": "The text, thread parts joined by a blank line."},
        "parts": {
            "type": "array",
            "minItems": 1,
            "items": _STRING,
            "description": "Thread parts; one item unless the network takes threads.",
        },
        "first_comment": _nullable("string"),
        "link": _nullable("string", description="The link with its UTM parameters."),
        "media": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["src", "alt", "url"],
                "properties": {
                    "src": {**_STRING, "description": "As written in the post."},
                    "alt": _nullable("string"),
                    "url": _nullable(
                        "string", description="The rendition published under site_url."
                    ),
                },
            },
        },
        "network_title": _nullable("string", description="Pin or video title."),
        "format": _nullable("string", description="Post format: story, reel, pin ..."),
        "tags": {"type": "array", "items": _STRING},
        "author": _nullable("string"),
        "approved_by": _nullable("string"),
        "sponsored": {"type": "boolean"},
        "occurrence": _nullable(
            "integer",
            minimum=1,
            description="A recurring post's place in its series (1: its first date, skipped"
            " dates counted); null for a post that goes out once.",
        ),
    },
}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:smmplan:schema:export:1",
    "title": "smmplan export",
    "description": (
        "What 'smmplan export --format json' writes: the selected posts, one item per"
        " post and network, and what was left out. Readers should ignore unknown fields."
    ),
    "type": "object",
    "required": ["format", "version", "generated_at", "title", "selection", "items", "refused"],
    "properties": {
        "format": {"const": "smmplan-export"},
        "version": {"const": VERSION},
        "generated_at": {**_DATETIME, "description": "The time the export took as now, UTC."},
        "title": {**_STRING, "description": "The project's title (smmplan.yml)."},
        "selection": {**_STRING, "description": "What was selected, in words."},
        "items": {"type": "array", "items": ITEM_SCHEMA},
        "refused": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["post", "network", "brand", "publish_at", "reason"],
                "properties": {
                    "post": _STRING,
                    "network": _STRING,
                    "brand": _STRING,
                    "publish_at": _nullable("string", format="date-time"),
                    "reason": _STRING,
                },
            },
        },
    },
}
