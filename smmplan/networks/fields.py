"""What each field of a network data file may hold, and the conversions of its values.

Shared by the data-file loader and by overrides (:mod:`smmplan.networks`); the names with
a leading underscore are for this package only.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from smmplan.model import HandleRule, NetworkSpec
from smmplan.suggest import closest, shown_number

COUNTING_METHODS: tuple[str, ...] = (
    *("twitter-weighted", "graphemes", "mastodon", "threads"),
    *("utf8-bytes", "utf16", "codepoints"),
)
FORMATS: tuple[str, ...] = (
    *("jpeg", "png", "gif", "webp", "heic", "avif"),
    *("tiff", "bmp", "mp4", "mov", "webm"),
)
FITS: tuple[str, ...] = ("cover", "contain")
CONFIDENCES: tuple[str, ...] = ("strong", "weak")


#: The largest number a spec may hold (a video's bytes reach ~10**11): a limit of thousands
#: of digits in a settings or brand file is refused before any arithmetic meets it.
LARGEST = 10**12


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) <= LARGEST


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and abs(value) <= LARGEST
    )


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_name_map(value: Any) -> bool:
    return isinstance(value, Mapping) and all(map(_is_text, (*value, *value.values())))


def _is_color(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"#(?:[0-9a-fA-F]{3}){1,2}", value) is not None


_KIND_FIELDS = {
    "text": "id name unit",
    "counting": "counting",
    "positive": "text_limit",
    "boolean": "threads title_required media_required first_comment video_only",
    "count": "url_length caption_limit fold_at title_limit hashtag_limit mention_limit"
    " max_media min_media max_bytes max_video_bytes min_width min_height",
    "ratio": "min_aspect max_aspect",
    "formats": "formats video_formats",
    "optional text": "default_rendition icon",
    "post formats": "post_formats",
    "format names": "captionless_formats",  # checked against post_formats by validate
    "renditions": "renditions",  # checked by _rendition
    "names": "aliases",
    "color": "color",
    "place": "display_order",
    "handle": "handle",
}
_KINDS = {name: kind for kind, names in _KIND_FIELDS.items() for name in names.split()}
#: Fields a data file must give as facts (with a source and the date it was verified)
#: whenever they are set: what a post is counted and judged against.
SOURCED: tuple[str, ...] = tuple(
    name
    for name, kind in _KINDS.items()
    if kind in ("counting", "positive", "count", "ratio", "formats", "handle")
)
_TESTS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "text": (_is_text, "a non-empty string"),
    "optional text": (lambda v: v is None or _is_text(v), "a name or null"),
    "positive": (lambda v: _is_int(v) and v > 0, "a positive integer"),
    "count": (
        lambda v: v is None or (_is_int(v) and v >= 0),
        "a non-negative integer or null",
    ),
    "boolean": (lambda v: isinstance(v, bool), "true or false"),
    "ratio": (lambda v: v is None or (_is_number(v) and v > 0), "a positive ratio or null"),
    "post formats": (_is_name_map, "a mapping of post formats to rendition names"),
    "names": (lambda v: isinstance(v, list | tuple) and all(map(_is_text, v)), "a list of names"),
    "format names": (
        lambda v: isinstance(v, list | tuple) and all(map(_is_text, v)),
        "a list of post formats",
    ),
    "color": (lambda v: v is None or _is_color(v), 'a colour such as "#1877f2", or null'),
    "place": (lambda v: v is None or (_is_int(v) and v >= 0), "a non-negative integer or null"),
}
#: The keys of a data file and of an override: the NetworkSpec fields but ``sources``.
FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(NetworkSpec) if f.name in _KINDS)


def _handle_rule(value: Any) -> tuple[Any, str | None]:
    """A :class:`HandleRule` from ``{pattern, says}``, or what is wrong with it."""
    wanted = "a mapping {pattern: <regular expression>, says: <the rule in words>}"
    if not isinstance(value, Mapping) or set(value) != {"pattern", "says"}:
        return value, f"must be {wanted}, not {value!r}"
    if not all(map(_is_text, value.values())):
        return value, f"must be {wanted}: both non-empty strings"
    try:
        re.compile(value["pattern"])
    except re.error as error:
        return value, f"pattern {value['pattern']!r} is not a regular expression: {error}"
    return HandleRule(value["pattern"], value["says"]), None


def _shown(value: Any) -> str:
    """A wrong value for a message: long numbers by their length, long texts cut."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return shown_number(value)
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _check(key: str, value: Any) -> tuple[Any, str | None]:
    """``value`` converted for the field ``key``, or an error saying what it must be."""
    kind = _KINDS[key]
    if kind == "handle":
        return (None, None) if value is None else _handle_rule(value)
    if kind == "counting" and value not in COUNTING_METHODS:
        hint = _did_you_mean(value, COUNTING_METHODS)
        return value, f"must be one of {', '.join(COUNTING_METHODS)}, not {value!r}{hint}"
    if kind == "formats":
        if not isinstance(value, list | tuple) or not value:
            return value, f"must be a non-empty list of formats, not {value!r}"
        for item in value:
            if not isinstance(item, str) or item.lower() not in FORMATS:
                hint = _did_you_mean(str(item).lower(), FORMATS)
                return value, f"has an unknown format {item!r}{hint}; known: {', '.join(FORMATS)}"
        return tuple(item.lower() for item in value), None
    test, wanted = _TESTS.get(kind, (lambda v: True, ""))
    if not test(value):
        return value, f"must be {wanted}, not {_shown(value)}"
    if kind == "format names":
        return tuple(name.strip() for name in value), None
    if kind == "ratio" and value is not None:
        return float(value), None
    if kind == "names":
        return tuple(name.strip().lower() for name in value), None
    return (MappingProxyType(dict(value)) if kind == "post formats" else value), None


def _did_you_mean(word: Any, choices: tuple[str, ...] | list[str]) -> str:
    match = closest(str(word), choices)
    return f' (did you mean "{match}"?)' if match else ""
