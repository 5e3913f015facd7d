"""The JSON Schema of one row of smmplan's generic results CSV (``smmplan schema metrics``).

The schema is built from ``formats/generic.yml``, so the documented headers are exactly
the ones the reader accepts. CSV cells are text; the schema describes them as the
values they must hold once read (a count is a non-negative number, missing is blank).
"""

from __future__ import annotations

from typing import Any

from smmplan.load.metrics.formats import shipped
from smmplan.load.metrics.numbers import MISSING
from smmplan.metrics_model import METRICS
from smmplan.networks import NETWORK_IDS

_DESCRIPTIONS = {
    "network": "smmplan network id; may be blank when the URL's host names the network",
    "url": "the post's public URL",
    "post_id": "the network's ID of the post, as text (never 1.2E+17)",
    "published": "when the post went out: YYYY-MM-DD, or an ISO date and time, with or without an offset",
    "account": "the account's handle or name",
    "text": "the post's text (helps matching when there is no URL or ID)",
    "kind": "the post's format: feed, reel, story, video, thread, ...",
    "views": "times the post was shown (impressions, views, plays)",
    "reach": "unique accounts that saw it",
    "reactions": "likes, reactions, hearts",
    "comments": "comments and replies",
    "shares": "shares, reposts, retweets, forwards",
    "saves": "saves and bookmarks",
    "link_clicks": "clicks on the post's link",
    "video_views": "video plays",
    "follows": "follows gained from the post",
    "engagements": "the network's own engagement total",
}


def generic_csv_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for one row of the generic CSV, keyed by header."""
    spec = next(s for s in shipped() if s.id == "generic")
    properties: dict[str, Any] = {}
    for column, aliases in spec.columns.items():
        header = aliases[0]
        entry: dict[str, Any] = {"description": _DESCRIPTIONS.get(column, column)}
        if column in METRICS:
            entry["type"] = ["number", "null"]
            entry["minimum"] = 0
        else:
            entry["type"] = ["string", "null"]
        if column == "network":
            entry["enum"] = [*NETWORK_IDS, *spec.option("networks", {}), "", None]
        if column == "url":
            entry["format"] = "uri"
        if len(aliases) > 1:
            entry["x-aliases"] = list(aliases[1:])
        if column in METRICS and header != column:
            entry["x-metric"] = column
        properties[header] = entry
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:smmplan:schema:metrics-generic-csv:1",
        "title": "smmplan generic results CSV: one row",
        "description": (
            "One row per post. The first row holds the headers (in any order, case and"
            " spacing ignored; the aliases are accepted too). UTF-8 (a BOM is fine) or"
            " cp1251; comma, semicolon or tab separated. A missing figure is a blank cell or"
            " one of " + ", ".join(repr(m) for m in sorted(MISSING) if m) + ", never 0."
            " Decimal commas and thousands separators are read. likes are read as"
            " reactions and reposts as shares."
        ),
        "type": "object",
        "properties": properties,
        "required": ["network"],
        "anyOf": [{"required": ["url"]}, {"required": ["id"]}],
        "additionalProperties": True,
        "x-format": "generic",
    }
