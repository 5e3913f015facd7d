"""What each scheduler's bulk import takes, read from ``data/schedulers.yml``.

The data file holds the facts (networks, columns, date formats, row limits, with their
sources and the date they were checked); the format modules apply them. A network a
scheduler does not publish to is refused with the formats that do take it, so the
message always follows the data: "Buffer does not publish to VK: use postoplan, csv or
json".
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Any

DATA_FORMATS = ("csv", "json")  # take every network: the way out for any refused post


class SchedulerDataError(ValueError):
    """``schedulers.yml`` is malformed (a packaging error, never the user's)."""


@dataclass(frozen=True)
class Scheduler:
    id: str  # the export format's name: "buffer"
    name: str  # "Buffer"
    networks: frozenset[str]
    columns: tuple[str, ...] | None  # None: the file has no header row
    date_formats: tuple[str, ...]
    max_rows: int | None
    checked: str
    sources: tuple[str, ...]
    unconfirmed: frozenset[str] = frozenset()
    not_in_smmplan: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)  # scheduler-specific facts

    def publishes_to(self, network: str) -> bool:
        return network in self.networks


def _strings(entry: Mapping[str, Any], key: str, origin: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SchedulerDataError(f"{origin}: '{key}' must be a list of strings")
    return tuple(value)


def _scheduler(key: str, entry: Any) -> Scheduler:
    origin = f"schedulers.yml: {key}"
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise SchedulerDataError(f"{origin}: needs a mapping with a 'name'")
    max_rows = entry.get("max_rows")
    if max_rows is not None and (type(max_rows) is not int or max_rows < 1):
        raise SchedulerDataError(f"{origin}: 'max_rows' must be a positive number or null")
    known = {"name", "checked", "sources", "networks", "unconfirmed", "not_in_smmplan"}
    known |= {"columns", "date_formats", "max_rows"}
    return Scheduler(
        id=key,
        name=entry["name"],
        networks=frozenset(_strings(entry, "networks", origin)),
        columns=_strings(entry, "columns", origin) if entry.get("columns") is not None else None,
        date_formats=_strings(entry, "date_formats", origin),
        max_rows=max_rows,
        checked=str(entry.get("checked", "")),
        sources=_strings(entry, "sources", origin),
        unconfirmed=frozenset(_strings(entry, "unconfirmed", origin)),
        not_in_smmplan=_strings(entry, "not_in_smmplan", origin),
        extra=MappingProxyType({k: v for k, v in entry.items() if k not in known}),
    )


def parse(text: str) -> Mapping[str, Scheduler]:
    """Every scheduler in a ``schedulers.yml`` text, in the file's order."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise SchedulerDataError(f"schedulers.yml: not YAML ({error})") from None
    if not isinstance(data, dict):
        raise SchedulerDataError("schedulers.yml: must be a mapping of scheduler ids")
    return MappingProxyType({str(key): _scheduler(str(key), entry) for key, entry in data.items()})


@functools.cache
def builtin() -> Mapping[str, Scheduler]:
    """The schedulers shipped with smmplan (read once)."""
    source = resources.files(__package__ or __name__) / "data" / "schedulers.yml"
    return parse(source.read_text(encoding="utf-8"))


def scheduler(format_id: str) -> Scheduler:
    return builtin()[format_id]


def alternatives(network: str, refusing: str) -> tuple[str, ...]:
    """The formats that take ``network``: schedulers publishing to it, then csv and json."""
    found = [s.id for s in builtin().values() if s.id != refusing and s.publishes_to(network)]
    return (*found, *DATA_FORMATS)


def in_words(names: tuple[str, ...]) -> str:
    """'postoplan, csv or json'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def not_published(format_id: str, network: str, network_name: str) -> str:
    """Why a post for ``network`` is refused by the scheduler ``format_id``."""
    name = scheduler(format_id).name
    others = in_words(alternatives(network, format_id))
    return f"{name} does not publish to {network_name}: use {others}"
