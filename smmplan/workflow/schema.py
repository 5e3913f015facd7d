"""JSON Schemas (2020-12) of the files editors write, for completion and validation.

Every schema is built from the loader's own key lists (``POST_KEYS``, ``OVERRIDE_KEYS``,
``BRAND_KEYS`` ...), the statuses and goals of the model, the known networks, rules and
limits, so it cannot drift from what ``smmplan check`` accepts: a key without a
definition here is a ``KeyError`` on import, caught by the tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from smmplan.load.media_refs import MEDIA_KEYS
from smmplan.load.posts import OVERRIDE_KEYS, POST_KEYS
from smmplan.load.repeat import INTERVAL_PATTERN as INTERVAL
from smmplan.load.repeat import MAX_OCCURRENCES, REPEAT_KEYS
from smmplan.load.settings import (
    BRAND_KEYS,
    CAMPAIGN_KEYS,
    CI_KEYS,
    CONFIG_KEYS,
    METRICS_KEYS,
    POSTING_KEYS,
    SEVERITY_WORDS,
)
from smmplan.model import CAMPAIGN_GOALS, STATUSES
from smmplan.workflow import SCHEMA_KINDS

KINDS = SCHEMA_KINDS
DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATE = r"^\d{4}-\d{1,2}-\d{1,2}$"
DATETIME = (
    r"^\d{4}-\d{1,2}-\d{1,2}([Tt ]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)\s*(Z|z|[+-]\d{2}:?\d{2})?$"
)
DURATION = r"^\s*(\d+\s*d)?\s*(\d+\s*h)?\s*(\d+\s*m(in)?)?\s*$"
SHARE = r"^\s*\d+(\.\d+)?\s*%?\s*$"
HEX_COLOUR = r"^\s*#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\s*$"
BRAND_COLOUR = "The brand's colour on the calendar site, #rrggbb or #rgb (quoted in YAML)"
LANGUAGE_TAG = r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$"
CLOCK_RANGE = r"^\s*\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2}\s*$"


def _networks() -> list[str]:
    from smmplan.networks import load_builtin

    return sorted(load_builtin())


def _rules() -> list[str]:
    from smmplan.check.registry import RULES

    return sorted({*RULES, *(r.code for r in RULES.values())})


def _text(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "description": description, **extra}


def _texts(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
    }


def _object(
    keys: Iterable[str], definitions: Mapping[str, Any], description: str, **extra: Any
) -> dict[str, Any]:
    keys = tuple(keys)
    if set(keys) != set(definitions):
        missing, extra = set(keys) - set(definitions), set(definitions) - set(keys)
        raise KeyError(f"schema out of step with the loader: missing {missing}, extra {extra}")
    return {
        "type": "object",
        "description": description,
        "properties": {key: definitions[key] for key in keys},
        "additionalProperties": False,
        **extra,
    }


def _media_field() -> dict[str, Any]:
    item = {
        "src": _text("The file, relative to the post; '/...' is relative to the repository root."),
        "alt": _text("Alternative text: what the picture shows, for people who cannot see it."),
        "focus": {
            "type": "array",
            "description": "Focal point for crops, [x, y] from 0 to 1 from the top-left.",
            "items": {"type": "number", "minimum": 0, "maximum": 1},
            "minItems": 2,
            "maxItems": 2,
        },
        "credit": _text(
            "Who made the file, as they must be credited (the media library shows it)."
        ),
        "license": _text("The terms the file may be used under: licence name, URL or contract."),
    }
    entry = {
        "anyOf": [
            {"type": "string", "description": "The file's path."},
            _object(MEDIA_KEYS, item, "A media item.", required=["src"]),
        ]
    }
    return {
        "description": "Images (or videos) of the post, in order.",
        "anyOf": [entry, {"type": "array", "items": entry}],
    }


def _repeat_field() -> dict[str, Any]:
    when = {"type": "string", "pattern": f"({DATE})|({DATETIME})"}
    dates = {"type": "array", "items": when, "minItems": 1}
    series = {
        "every": _text(
            "How often: days, weeks or calendar months, e.g. 10d, 6w, 1m.", pattern=INTERVAL
        ),
        "until": _text("The last day of the series (or a date and time).", **when),
        "max": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_OCCURRENCES,
            "description": "How many occurrences, the post's own date included.",
        },
        "dates": {**dates, "description": "The further dates, instead of every."},
        "skip": {"anyOf": [when, dates], "description": "Occurrences left out, by date."},
        "variants": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "Further texts, rotated in order after the body.",
        },
    }
    return {
        "description": "A recurring post: the series of dates it goes out on, counted from"
        " publish_at (every with until or max), or a list of further dates.",
        "anyOf": [dates, _object(REPEAT_KEYS, series, "The series of a recurring post.")],
    }


def _post_fields(networks: list[str]) -> dict[str, Any]:
    return {
        "title": _text("Internal title: the calendar shows it; the audience does not."),
        "brand": _text("A file in brands/ (required when the repository has several brands)."),
        "campaign": _text("A file in content/campaigns/."),
        "publish_at": _text(
            "Local time of the brand, YYYY-MM-DD HH:MM, or with an offset (+04:00).",
            pattern=DATETIME,
        ),
        "status": {"enum": list(STATUSES), "description": "Where the post is in the workflow."},
        "author": _text("Who wrote it."),
        "approved_by": _text("Who approved it (expected from status approved on)."),
        "review_by": _text(
            "When the review is due: a date (by the end of that day) or a date and time.",
            pattern=f"({DATE})|({DATETIME})",
        ),
        "tags": _texts("Free labels."),
        "pillar": _text("The content pillar it serves: one of its brand's pillars."),
        "sponsored": {"type": "boolean", "description": "A paid partnership: needs disclosure."},
        "link": _text("A link; UTM parameters are added per network on export.", format="uri"),
        "first_comment": _text("Posted as the first comment where the network allows it."),
        "media": _media_field(),
        "networks": _networks_field(networks),
        "published": _per_network(
            networks,
            _text("The post's URL or id on this network.", minLength=1),
            "Where the post went out: the published post's URL or id per network."
            " Quote an id written in digits: YAML would read it as a number.",
        ),
        "ignore": _texts("Checks to silence for this post (rule names or codes)."),
        "id": _text(
            "The post's id, shared by its translations: the file name without the language"
            " (qis-turu for qis-turu.ru.md). Optional; where written it must agree.",
            minLength=1,
        ),
        "repeat": _repeat_field(),
    }


def _override_fields() -> dict[str, Any]:
    return {
        "text": _text("This network's own text."),
        "title": _text("Pin or video title on this network."),
        "publish_at": _text("This network's own time.", pattern=DATETIME),
        "media": _media_field(),
        "first_comment": _text("This network's own first comment."),
        "link": _text("This network's own link.", format="uri"),
        "format": _text("Post format, e.g. instagram feed | story | reel."),
        "disabled": {"type": "boolean", "description": "Keep the network listed but skip it."},
    }


def _networks_field(networks: list[str]) -> dict[str, Any]:
    override = _object(OVERRIDE_KEYS, _override_fields(), "Per-network overrides.")
    return {
        "description": "Where the post goes: a list, or a mapping with per-network overrides.",
        "anyOf": [
            {"enum": networks},
            {"type": "array", "items": {"enum": networks}, "uniqueItems": True},
            {
                "type": "object",
                "propertyNames": {"enum": networks},
                "additionalProperties": {"anyOf": [{"type": "null"}, override]},
            },
        ],
    }


def post_schema() -> dict[str, Any]:
    fields = _post_fields(_networks())
    return _document(
        "post",
        _object(POST_KEYS, fields, "The front matter of a post.", required=["title"]),
    )


def campaign_schema() -> dict[str, Any]:
    networks = _networks()
    fields = {
        "title": _text("The campaign's name."),
        "brand": _text("A file in brands/."),
        "start": _text("First day, YYYY-MM-DD.", pattern=DATE),
        "end": _text("Last day, YYYY-MM-DD.", pattern=DATE),
        "goal": {"enum": list(CAMPAIGN_GOALS), "description": "What the campaign is for."},
        "networks": {"type": "array", "items": {"enum": networks}},
        "owner": _text("Who runs it."),
        "budget": {
            "description": "Paid promotion budget: a number or {amount, currency}.",
            "anyOf": [
                {"type": "number"},
                {
                    "type": "object",
                    "properties": {"amount": {"type": "number"}, "currency": {"type": "string"}},
                    "required": ["amount"],
                    "additionalProperties": False,
                },
            ],
        },
        "kpis": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"metric": {"type": "string"}, "target": {"type": "number"}},
                "required": ["metric", "target"],
                "additionalProperties": False,
            },
        },
        "ignore": _texts("Checks to silence for this campaign."),
    }
    return _document(
        "campaign",
        _object(CAMPAIGN_KEYS, fields, "The front matter of a campaign.", required=["title"]),
    )


def _per_network(networks: list[str], values: dict[str, Any], description: str) -> dict[str, Any]:
    """A mapping from network names to ``values``."""
    return {
        "type": "object",
        "description": description,
        "propertyNames": {"enum": networks},
        "additionalProperties": values,
    }


def _network_settings(networks: list[str], description: str) -> dict[str, Any]:
    from smmplan.networks import FIELDS

    values = {"type": "object", "propertyNames": {"enum": list(FIELDS)}}
    return _per_network(networks, values, description)


def _posting_schema() -> dict[str, Any]:
    range_ = _text("A time range.", pattern=CLOCK_RANGE)
    posting = {
        "min_gap": _text("Least time between two posts on one network, e.g. 3h.", pattern=DURATION),
        "windows": {
            "type": "object",
            "description": 'Posting hours by weekdays, e.g. {mon-fri: "08:00-21:00"}.',
            "additionalProperties": {"anyOf": [range_, {"type": "array", "items": range_}]},
        },
        "blackout": _texts("Dates without posts: YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD."),
    }
    return _object(POSTING_KEYS, posting, "Posting rhythm.")


def _planning_fields() -> dict[str, Any]:
    """Content pillars and who may approve."""
    share = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": SHARE}]}
    return {
        "pillars": {
            "type": "object",
            "description": "Content pillars and their target shares (40% or 40), adding up to 100%.",
            "propertyNames": {"pattern": "^[a-z0-9][a-z0-9_-]*$"},
            "additionalProperties": share,
        },
        "pillar_tolerance": {
            "description": "Points a week or month may stray from a target share (default 10%).",
            **share,
        },
        "approvers": {
            "description": "Who may approve (approved_by): a list of names, or 'codeowners'"
            " for the owners of the post's file in CODEOWNERS. Absent: anyone.",
            "anyOf": [
                {"type": "array", "items": {"type": "string", "minLength": 1}},
                {"const": "codeowners"},
            ],
        },
    }


def brand_schema() -> dict[str, Any]:
    from smmplan.networks import LIMIT_KEYS

    networks = _networks()
    limit = {"type": "integer", "minimum": 0}
    limits = _object(LIMIT_KEYS, dict.fromkeys(LIMIT_KEYS, limit), "Limits on one network.")
    fields = {
        "name": _text("The brand's display name."),
        "timezone": _text("IANA time zone, e.g. Asia/Baku: naive times are read in it."),
        "locale": _text("Language of the brand's content, e.g. az, ru, en."),
        "accounts": _per_network(
            networks,
            {
                "anyOf": [
                    {"type": "string"},
                    {"type": "object", "additionalProperties": {"type": "string"}},
                ]
            },
            "The brand's account on each network, or one per language"
            ' ({az: "@karvan_az", ru: "@karvan_ru"}).',
        ),
        "languages": {
            "type": "array",
            "description": "The languages its posts go out in, the first one primary: a"
            " post's translations are sibling files slug.az.md, slug.ru.md.",
            "items": {"type": "string", "pattern": LANGUAGE_TAG},
            "minItems": 1,
            "uniqueItems": True,
        },
        "disclosure": _texts("A sponsored post must contain one of these."),
        "banned_words": {
            "description": "Whole words, case-insensitive, in any script; or by language"
            " ({all: [...], az: [...], ru: [...]}) for a brand with languages.",
            "anyOf": [
                _texts("Banned in every post."),
                {"type": "object", "additionalProperties": _texts("Banned in these posts.")},
            ],
        },
        "posting": _posting_schema(),
        "limits": _per_network(networks, limits, "Limits stricter than the networks' own."),
        "hashtag_sets": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
        "utm": {
            "type": "object",
            "description": "UTM template; placeholders {network}, {campaign}, {brand}.",
            "additionalProperties": {"type": "string"},
        },
        "colors": {"type": "object", "additionalProperties": {"type": "string"}},
        "colour": _text(BRAND_COLOUR, pattern=HEX_COLOUR),
        "color": _text(f"{BRAND_COLOUR} (another spelling of colour)", pattern=HEX_COLOUR),
        "networks": _network_settings(networks, "This brand's network settings."),
        **_planning_fields(),
    }
    return _document("brand", _object(BRAND_KEYS, fields, "A brand: brands/<id>.yml."))


def _metrics_fields() -> dict[str, Any]:
    aliases = {"type": "object", "additionalProperties": _texts("Header texts of the column.")}
    return {
        "folder": _text("Where the exports are, relative to the root (default content/metrics)."),
        "aliases": {
            "type": "object",
            "description": "More header texts per export format and column (docs/analytics.md).",
            "additionalProperties": aliases,
        },
    }


def _ci_fields() -> dict[str, Any]:
    return {
        "install": _text(
            "The pip requirement the workflows install smmplan with, e.g. smmplan==0.1.0"
            " or smmplan @ git+https://github.com/OWNER/REPO@COMMIT"
            " (used by smmplan init --workflows).",
            pattern=r"^\s*smmplan\b",
        ),
    }


def config_schema() -> dict[str, Any]:
    fields = {
        "title": _text("The calendar site's title."),
        "locale": _text("Default language, e.g. en."),
        "timezone": _text("Default IANA time zone for brands that name none."),
        "site_url": _text(
            "Where the calendar site is published; exports link images there.", format="uri"
        ),
        "rules": {
            "type": "object",
            "description": "Turn checks off or change their severity, for every stage or"
            " from a stage on ({draft: warning, review: error}).",
            "propertyNames": {"enum": _rules()},
            "additionalProperties": {
                "anyOf": [
                    {"enum": list(SEVERITY_WORDS)},
                    {
                        "type": "object",
                        "propertyNames": {"enum": list(STATUSES)},
                        "additionalProperties": {"enum": list(SEVERITY_WORDS)},
                    },
                ]
            },
        },
        "networks": _network_settings(_networks(), "Project-wide network settings."),
        "metrics": _object(METRICS_KEYS, _metrics_fields(), "The networks' analytics exports."),
        "ci": _object(CI_KEYS, _ci_fields(), "The CI workflows that smmplan init writes."),
    }
    return _document("config", _object(CONFIG_KEYS, fields, "Project settings: smmplan.yml."))


def _document(kind: str, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": DRAFT,
        "$id": f"urn:smmplan:schema:{kind}",
        "title": f"smmplan {kind}",
        **body,
    }


def schema(kind: str) -> dict[str, Any]:
    if kind == "export":
        from smmplan.render.export.jsonfile import SCHEMA

        return SCHEMA
    if kind == "metrics":
        from smmplan.load.metrics import generic_csv_schema

        return generic_csv_schema()
    builders = {
        "post": post_schema,
        "campaign": campaign_schema,
        "brand": brand_schema,
        "config": config_schema,
    }
    return builders[kind]()
