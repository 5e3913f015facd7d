"""Network specs as data: the shipped ``data/<id>.yml`` files, their loader and overrides.

A data file's keys are the :class:`~smmplan.model.NetworkSpec` fields. A value is plain
(``unit: graphemes``) or a *fact*: ``{value: 280, source: "...", verified: 2026-11-21,
confidence: strong|weak, note: "..."}``. Loading unwraps facts and keeps each one's
:class:`~smmplan.model.Source` in ``spec.sources[field]`` (``"renditions.<name>"`` for a
rendition). Projects and brands change specs with :func:`override` and :func:`tighten`.
``formats`` and ``max_bytes`` are about images; ``video_formats`` and ``max_video_bytes`` about video.

Every value a post is counted or judged against has a source, and the loader enforces it:
the :data:`SOURCED` fields (the counting method, every number, the format lists) must be
facts whenever they are set, and every rendition carries its own source. ``null`` (no
such limit) needs none. Plain values are names and choices smmplan makes (``id``, ``name``,
``unit``, ``default_rendition``, ``post_formats``), the yes/no flags (``threads``,
``video_only``, ...: facts where a source exists), ``captionless_formats`` (the post
formats that show no text, each one of ``post_formats``; a fact with its source) and the
presentation facts, which say how smmplan names and shows a network rather than what it
accepts: ``aliases`` (other names people write, suggested for a misspelt network),
``icon`` (a Font Awesome brand icon), ``color`` and ``display_order`` (the site's style
sheet). Overrides need no source: they are recorded as "overridden in <file>".
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from collections.abc import Mapping
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import Any

import yaml

from smmplan.model import NetworkSpec, Rendition, Source
from smmplan.networks.fields import (
    _KINDS,
    CONFIDENCES,
    COUNTING_METHODS,
    FIELDS,
    FITS,
    SOURCED,
    _check,
    _did_you_mean,
    _is_int,
    _is_number,
    _is_text,
)

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: A brand's ``limits`` keys and the fields they tighten.
LIMIT_KEYS: Mapping[str, str] = MappingProxyType(
    dict(text="text_limit", title="title_limit", hashtags="hashtag_limit")
    | dict(mentions="mention_limit", media="max_media", bytes="max_bytes")
)
_LIMIT_BY_FIELD = {field: key for key, field in LIMIT_KEYS.items()}

_FACT_KEYS = frozenset({"value", "source", "verified", "confidence", "note"})
_SIZE_KEYS = ("width", "height", "fit")
_SHAPE_KEY = "aspect"  # a rendition's range of shapes: a fact in a data file, a pair in overrides
_RENDITION_KEYS = (_FACT_KEYS - {"value"}) | {*_SIZE_KEYS, _SHAPE_KEY}
_OVERRIDE_KEYS = (*_SIZE_KEYS, _SHAPE_KEY)
_REQUIRED = ("id", "name", "counting", "unit", "text_limit")
_DATA = resources.files(__package__ or __name__) / "data"


def _ids(folder: Traversable) -> tuple[str, ...]:
    """The network ids of a folder of data files: the names of its ``.yml`` files, sorted."""
    return tuple(
        sorted(item.name[: -len(".yml")] for item in folder.iterdir() if item.name.endswith(".yml"))
    )


NETWORK_IDS: tuple[str, ...] = _ids(_DATA)


class NetworkDataError(ValueError):
    """A shipped or project network data file is malformed; ``problems`` lists every fault."""

    def __init__(self, origin: str, problems: list[str]) -> None:
        self.origin = origin
        self.problems = problems
        super().__init__(f"{origin}: " + "; ".join(problems))


def _fact_source(raw: Mapping[str, Any], value: Any, what: str, problems: list[str]) -> Source:
    """The :class:`Source` of a fact (or rendition) mapping; faults go to ``problems``."""
    source, verified = raw.get("source"), raw.get("verified")
    confidence, note = raw.get("confidence", "strong"), raw.get("note", "")
    if isinstance(verified, str):
        with contextlib.suppress(ValueError):
            verified = date.fromisoformat(verified)
    verified = verified if isinstance(verified, date) else None
    weak_without_note = confidence == "weak" and not _is_text(note)
    for fault, message in (
        (not _is_text(source), "source must be a non-empty string"),
        (verified is None, "verified must be a date (YYYY-MM-DD)"),
        (confidence not in CONFIDENCES, f"confidence must be strong or weak, not {confidence!r}"),
        (weak_without_note or not isinstance(note, str), "a weak fact needs a note saying why"),
    ):
        if fault:
            problems.append(f"{what}: {message}")
    return Source(value, str(source or ""), verified, str(confidence), str(note))


def _unknown_keys(what: str, raw: Mapping[Any, Any], allowed: Any, problems: list[str]) -> None:
    for extra in sorted(set(raw) - set(allowed), key=str):
        problems.append(f"{what}: unknown key {extra!r}{_did_you_mean(extra, sorted(allowed))}")


def _rendition(
    name: str, raw: Any, base: Rendition | None, what: str, problems: list[str], allowed: Any
) -> Rendition | None:
    """A :class:`Rendition` from ``{width, height, fit}``; missing keys come from ``base``."""
    if not isinstance(raw, Mapping):
        problems.append(f"{what} must be a mapping with width, height and fit")
        return None
    _unknown_keys(what, raw, allowed, problems)
    size = dataclasses.asdict(base) if base else {"width": None, "height": None, "fit": "cover"}
    size.update({key: raw[key] for key in _SIZE_KEYS if key in raw})
    aspect = _aspect(raw[_SHAPE_KEY], f"{what}.aspect", problems) if _SHAPE_KEY in raw else None
    if _SHAPE_KEY not in raw and base is not None:
        aspect = base.aspect
    faults = [
        f"{what}: {key} must be a positive integer"
        for key in ("width", "height")
        if not (_is_int(size[key]) and size[key] > 0)
    ]
    if size["fit"] not in FITS:
        faults.append(f"{what}: fit must be cover or contain{_did_you_mean(size['fit'], FITS)}")
    problems.extend(faults)
    if faults or aspect is False:
        return None
    return Rendition(name, size["width"], size["height"], size["fit"], aspect or None)


def _aspect(raw: Any, what: str, problems: list[str]) -> tuple[float, float] | bool | None:
    """A rendition's ``aspect``: ``[lowest, highest]`` width / height (the value of a fact in a
    data file), None for a fixed shape, False (and a problem) when it is malformed."""
    value = raw.get("value") if isinstance(raw, Mapping) else raw
    if value is None:
        return None
    pair = list(value) if isinstance(value, list | tuple) else []
    if len(pair) != 2 or not all(_is_number(v) and v > 0 for v in pair) or pair[0] > pair[1]:
        problems.append(f"{what} must be [lowest, highest] width / height, two positive numbers")
        return False
    return (float(pair[0]), float(pair[1]))


def from_mapping(data: Any, *, origin: str) -> NetworkSpec:
    """Build a spec from one parsed data file; raise :class:`NetworkDataError` on any fault."""
    if not isinstance(data, Mapping):
        raise NetworkDataError(origin, ["the file must hold a mapping of spec fields"])
    problems: list[str] = []
    values: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    for key, raw in data.items():
        if key not in _KINDS:
            problems.append(f"unknown key {key!r}{_did_you_mean(key, FIELDS)}")
            continue
        if key == "renditions":
            values[key] = _renditions(raw, {}, sources, problems)
            continue
        fact = isinstance(raw, Mapping) and "value" in raw
        if fact:
            _unknown_keys(key, raw, _FACT_KEYS, problems)
        value, error = _check(key, raw["value"] if fact else raw)
        if error:
            problems.append(f"{key} {error}")
            continue
        values[key] = value
        if fact:
            sources[key] = _fact_source(raw, value, key, problems)
    problems.extend(f"missing key {key!r}" for key in _REQUIRED if key not in data)
    problems.extend(_unsourced(data, values, sources))
    if not problems:
        spec = NetworkSpec(**values, sources=MappingProxyType(sources))
        problems = validate(spec)
        if not problems:
            return spec
    raise NetworkDataError(origin, problems)


def _unsourced(
    data: Mapping[str, Any], values: Mapping[str, Any], sources: Mapping[str, Source]
) -> list[str]:
    """A problem for each :data:`SOURCED` value given without its source."""
    return [
        f"{key}: {data[key]} has no source; write it as"
        f' {{value: {data[key]}, source: "where it is written", verified: YYYY-MM-DD}}'
        for key in SOURCED
        if values.get(key) is not None and key not in sources
    ]


def _renditions(
    raw: Any,
    base: Mapping[str, Rendition],
    sources: dict[str, Source],
    problems: list[str],
    *,
    where: tuple[str, str] = ("", ""),
    stamp: str | None = None,
) -> Mapping[str, Rendition]:
    """``base`` plus the renditions in ``raw``; ``where`` frames each message.

    Without ``stamp`` (a data file) each entry is a fact with its own source; with it (an
    override) entries are plain sizes, recorded as ``Source(rendition, stamp)``.
    """
    merged = dict(base)
    prefix, suffix = where
    if not isinstance(raw, Mapping):
        if raw is not None:
            problems.append(f"{prefix}renditions{suffix} must map a name to a size")
        return MappingProxyType(merged)
    allowed = _RENDITION_KEYS if stamp is None else _OVERRIDE_KEYS
    for name, entry in raw.items():
        what = f"{prefix}renditions.{name}{suffix}"
        rendition = _rendition(str(name), entry, base.get(str(name)), what, problems, allowed)
        if rendition is not None:
            merged[str(name)] = rendition
            sources[f"renditions.{name}"] = (
                Source(rendition, stamp)
                if stamp
                else _fact_source(entry, rendition, what, problems)
            )
            if _SHAPE_KEY in entry:
                sources[f"renditions.{name}.aspect"] = _aspect_source(
                    entry[_SHAPE_KEY], rendition.aspect, f"{what}.aspect", problems, stamp
                )
    return MappingProxyType(merged)


def _aspect_source(
    raw: Any, value: Any, what: str, problems: list[str], stamp: str | None
) -> Source:
    """Where a rendition's range of shapes comes from: its own fact in a data file."""
    if stamp:
        return Source(value, stamp)
    if not (isinstance(raw, Mapping) and "value" in raw):
        problems.append(
            f"{what}: write it as {{value: [lowest, highest], source: ..., verified: ...}}"
        )
        return Source(value, "")
    _unknown_keys(what, raw, _FACT_KEYS, problems)
    return _fact_source(raw, value, what, problems)


def parse(text: str, *, origin: str) -> NetworkSpec:
    """Parse the YAML text of one network data file (see :func:`from_mapping`)."""
    try:
        data = yaml.load(text, Loader=_Loader)  # a safe loader
    except yaml.YAMLError as error:
        raise NetworkDataError(origin, [f"invalid YAML: {error}"]) from error
    return from_mapping(data, origin=origin)


def load_folder(folder: Traversable) -> Mapping[str, NetworkSpec]:
    """The specs of a folder of data files (``<id>.yml``, one per network), by id.

    The shipped specs are such a folder: a new network is one more file. Any fault raises
    :class:`NetworkDataError`, naming the file.
    """
    specs: dict[str, NetworkSpec] = {}
    for network_id in _ids(folder):
        origin = f"{network_id}.yml"
        spec = parse((folder / origin).read_text(encoding="utf-8"), origin=origin)
        if spec.id != network_id:
            raise NetworkDataError(origin, [f"id {spec.id!r} does not match the file name"])
        specs[network_id] = spec
    _check_aliases(specs)
    return MappingProxyType(specs)


@functools.cache
def load_builtin() -> Mapping[str, NetworkSpec]:
    """The specs shipped with smmplan, by network id (read once, then cached)."""
    return load_folder(_DATA)


def aliases(specs: Mapping[str, NetworkSpec] | None = None) -> dict[str, str]:
    """Other names people write for the networks (``twitter``, ``ig``), each to its id."""
    chosen = load_builtin() if specs is None else specs
    return {alias: spec.id for spec in chosen.values() for alias in spec.aliases}


def _check_aliases(specs: Mapping[str, NetworkSpec]) -> None:
    """An alias names one network only, and never another network's id."""
    owners: dict[str, str] = {}
    for spec in specs.values():
        for alias in spec.aliases:
            if alias in specs:
                problem = f"alias {alias!r} is the id of network {alias}"
            elif alias in owners:
                problem = f"alias {alias!r} is an alias of {owners[alias]} already"
            else:
                owners[alias] = spec.id
                continue
            raise NetworkDataError(f"{spec.id}.yml", [problem])


def validate(spec: NetworkSpec) -> list[str]:
    """Consistency problems of a spec (empty when it is sound)."""
    problems: list[str] = []
    where = f"network {spec.id}"
    if not (_is_int(spec.text_limit) and spec.text_limit > 0):
        problems.append(f"{where}: text_limit must be a positive integer")
    if spec.counting not in COUNTING_METHODS:
        problems.append(f"{where}: unknown counting method {spec.counting!r}")
    if (
        spec.renditions or spec.default_rendition
    ) and spec.default_rendition not in spec.renditions:
        problems.append(f"{where}: default_rendition {spec.default_rendition!r} is not a rendition")
    for post_format, name in spec.post_formats.items():
        if name not in spec.renditions:
            problems.append(f"{where}: post format {post_format!r} names no rendition {name!r}")
    for post_format in spec.captionless_formats:
        if post_format not in spec.post_formats:
            hint = _did_you_mean(post_format, sorted(spec.post_formats))
            problems.append(f"{where}: captionless format {post_format!r} is no post format{hint}")
    for name, rendition in spec.renditions.items():
        if rendition.width <= 0 or rendition.height <= 0 or rendition.fit not in FITS:
            problems.append(f"{where}: rendition {name!r} needs a positive size and a known fit")
    for low, high in (("min_aspect", "max_aspect"), ("min_media", "max_media")):
        low_value, high_value = getattr(spec, low), getattr(spec, high)
        if low_value is not None and high_value is not None and low_value > high_value:
            problems.append(f"{where}: {low} {low_value} is above {high} {high_value}")
    return problems


def override(
    spec: NetworkSpec, values: Mapping[str, Any], *, origin: str
) -> tuple[NetworkSpec, list[str]]:
    """Apply project or brand overrides (plain values keyed by field name).

    ``renditions`` and ``post_formats`` are merged into the network's own (a rendition may give
    only the keys it changes). Keys that are unknown or have the wrong type are skipped and
    reported; every applied field gets ``Source(value, "overridden in <origin>")``.
    """
    messages: list[str] = []
    changes: dict[str, Any] = {}
    sources = dict(spec.sources)
    stamp = f"overridden in {origin}"
    if not isinstance(values, Mapping):
        return spec, [f"{origin}: settings for network {spec.id} must be a mapping"]
    for key, raw in values.items():
        if key == "id":
            messages.append(f"{origin}: the id of network {spec.id} cannot be overridden")
            continue
        if key not in _KINDS:
            hint = _did_you_mean(key, FIELDS)
            messages.append(f"{origin}: unknown setting {key!r} for network {spec.id}{hint}")
            continue
        if key == "renditions":
            where = (f"{origin}: ", f" for network {spec.id}")
            changes[key] = _renditions(
                raw, spec.renditions, sources, messages, where=where, stamp=stamp
            )
            continue
        value, error = _check(key, raw)
        if error:
            messages.append(f"{origin}: {key} for network {spec.id} {error}")
            continue
        if key == "post_formats":
            value = MappingProxyType({**spec.post_formats, **value})
        changes[key] = value
        sources[key] = Source(value, stamp)
    if not changes:
        return spec, messages
    new = dataclasses.replace(spec, **changes, sources=MappingProxyType(sources))
    before = set(validate(spec))
    messages.extend(f"{origin}: {problem}" for problem in validate(new) if problem not in before)
    return new, messages


def tighten(
    spec: NetworkSpec, limits: Mapping[str, Any], *, origin: str = "brand limits"
) -> tuple[NetworkSpec, list[str]]:
    """Apply a brand's ``limits`` for this network, e.g. ``{hashtags: 2, text: 200}``.

    Each key (see :data:`LIMIT_KEYS`) lowers its field to ``min(network, brand)``; where the
    network has no limit, the brand's applies. ``text`` also lowers ``caption_limit``. A looser
    value is ignored and reported: a brand can only tighten.
    """
    messages: list[str] = []
    changes: dict[str, Any] = {}
    sources = dict(spec.sources)
    if not isinstance(limits, Mapping):
        return spec, [f"{origin}: limits for network {spec.id} must map a limit to a number"]
    for key, value in limits.items():
        field = LIMIT_KEYS.get(key)
        if field is None:
            hint = _did_you_mean(_LIMIT_BY_FIELD.get(key, key), tuple(LIMIT_KEYS))
            messages.append(
                f"{origin}: unknown limit {key!r} for network {spec.id}{hint}; "
                f"known limits: {', '.join(LIMIT_KEYS)}"
            )
            continue
        if not _is_int(value) or value < (1 if key == "text" else 0):
            kind = "positive" if key == "text" else "non-negative"
            where = f"{origin}: limit {key} for network {spec.id}"
            messages.append(f"{where} must be a {kind} integer, not {value!r}")
            continue
        current = getattr(spec, field)
        if current is not None and value > current:
            messages.append(
                f"{origin}: limit {key}: {value} for network {spec.id} is looser than "
                f"the network's {current} and is ignored (a brand can only tighten)"
            )
        for target in (field, "caption_limit") if key == "text" else (field,):
            current = getattr(spec, target)
            if (current is None and target == field) or (current is not None and value < current):
                changes[target] = value
                sources[target] = Source(value, f"tightened in {origin}")
    if not changes:
        return spec, messages
    return dataclasses.replace(spec, **changes, sources=MappingProxyType(sources)), messages
