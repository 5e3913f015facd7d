"""Export formats as data, and recognising a table by its header.

Each format is ``formats/<id>.yml``: its network, the reader that turns its rows into
records, and ``columns``, every canonical column with the header texts it goes by
(localized ones included; an alias ending in ``*`` is a prefix, as in
``Amount spent (*`` where the currency follows). A project adds aliases in
``smmplan.yml`` (``metrics: {aliases: {<format>: {<column>: [...]}}}``); they are tried
before the shipped ones.

A header is the first of a table's first rows in which some format finds two or more of
its columns, all of its ``required`` ones (a list inside ``required`` means "any of
these") and none of its ``exclude`` ones; when several formats qualify, the one that
recognises the most columns wins. A table no format recognises is described by its
nearest format, for the finding that tells the user which aliases to add.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

READERS = ("posts", "account-daily", "ads", "ga4", "telegram", "pinterest", "vk")


@dataclass(frozen=True)
class FormatSpec:
    """One export format, as its YAML file describes it."""

    id: str
    name: str
    reader: str
    network: str | None
    columns: Mapping[str, tuple[str, ...]]
    required: tuple[tuple[str, ...], ...] = ()
    exclude: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)

    def option(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)

    def satisfied(self, found: Mapping[str, Any]) -> bool:
        return (
            len(found) >= 2
            and all(any(c in found for c in group) for group in self.required)
            and not any(c in found for c in self.exclude)
        )

    def missing(self, found: Mapping[str, Any]) -> list[str]:
        """The required columns (or groups) not found, as header texts to look for."""
        gaps = []
        for group in self.required:
            if not any(c in found for c in group):
                gaps.append(
                    " or ".join(f"'{self.columns[c][0]}'" for c in group if self.columns[c])
                )
        return gaps


def norm(text: str) -> str:
    """A header as compared: NFKC, casefolded, one space between words, no BOM or quotes."""
    text = unicodedata.normalize("NFKC", text.replace("\ufeff", "")).strip().strip('"')
    return " ".join(text.split()).casefold()


@functools.cache
def shipped() -> tuple[FormatSpec, ...]:
    """The formats shipped with smmplan, in the order ties are broken (file order)."""
    folder = resources.files(__package__) / "formats"
    specs = []
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.name.endswith(".yml") and not item.name.startswith("_"):
            specs.append(_spec(yaml.load(item.read_text("utf-8"), Loader=_LOADER)))
    specs.sort(key=lambda s: s.id == "generic")  # the catch-all is tried last
    return tuple(specs)


def _spec(data: dict[str, Any]) -> FormatSpec:
    columns = {str(k): tuple(str(a) for a in v) for k, v in (data.get("columns") or {}).items()}
    required = tuple(
        tuple(item) if isinstance(item, list) else (item,) for item in data.get("required", ())
    )
    known = {"id", "name", "reader", "network", "columns", "required", "exclude"}
    return FormatSpec(
        id=data["id"],
        name=data["name"],
        reader=data["reader"],
        network=data.get("network"),
        columns=MappingProxyType(columns),
        required=required,
        exclude=tuple(data.get("exclude", ())),
        options=MappingProxyType({k: v for k, v in data.items() if k not in known}),
    )


FORMAT_IDS: tuple[str, ...] = tuple(spec.id for spec in shipped())


def with_aliases(
    extra: Mapping[str, Mapping[str, Sequence[str]]] | None,
) -> tuple[tuple[FormatSpec, ...], list[str]]:
    """The shipped formats with a project's aliases put first; and what was wrong in them."""
    specs = {spec.id: spec for spec in shipped()}
    problems = []
    for format_id, columns in (extra or {}).items():
        spec = specs.get(format_id)
        if spec is None:
            problems.append(f"metrics.aliases: no format '{format_id}' (known: {', '.join(specs)})")
            continue
        merged = dict(spec.columns)
        for column, headers in (columns or {}).items():
            if column not in merged:
                known = ", ".join(c for c in merged)
                problems.append(
                    f"metrics.aliases.{format_id}: no column '{column}' (known: {known})"
                )
                continue
            texts = [headers] if isinstance(headers, str) else list(headers or ())
            merged[column] = (*(str(t) for t in texts), *merged[column])
        specs[format_id] = FormatSpec(
            spec.id, spec.name, spec.reader, spec.network, MappingProxyType(merged),
            spec.required, spec.exclude, spec.options,
        )  # fmt: skip
    return tuple(specs.values()), problems


@dataclass(frozen=True)
class Detection:
    """A recognised header: the format, where the header is, and where each column sits."""

    spec: FormatSpec
    index: int  # position of the header among the table's first rows
    columns: Mapping[str, int]  # canonical column -> cell index
    headers: Mapping[str, str]  # canonical column -> the header text as written


@dataclass(frozen=True)
class Near:
    """The format a table resembles most, for a finding about a table not recognised."""

    spec: FormatSpec | None
    found: Mapping[str, str]  # canonical column -> header text
    headers: tuple[str, ...]  # the header row seen (the fullest of the first rows)


class Detector:
    """Finds headers among a table's first rows, for one set of formats."""

    def __init__(self, specs: Sequence[FormatSpec]) -> None:
        self.specs = {spec.id: spec for spec in specs}
        self._order = {spec.id: i for i, spec in enumerate(specs)}
        self._exact: dict[str, list[tuple[str, str, int]]] = {}
        self._prefix: list[tuple[str, str, str, int]] = []
        for spec in specs:
            for column, aliases in spec.columns.items():
                for rank, alias in enumerate(aliases):
                    if alias.endswith("*"):
                        self._prefix.append((norm(alias[:-1]), spec.id, column, rank))
                    else:
                        self._exact.setdefault(norm(alias), []).append((spec.id, column, rank))

    def match(self, cells: Sequence[str]) -> dict[str, dict[str, tuple[int, int, str]]]:
        """format id -> {canonical column: (cell index, alias rank, header text)}."""
        found: dict[str, dict[str, tuple[int, int, str]]] = {}
        for position, cell in enumerate(cells):
            key = norm(cell)
            if not key:
                continue
            hits = list(self._exact.get(key, ()))
            hits += [(f, c, r) for p, f, c, r in self._prefix if key.startswith(p)]
            for format_id, column, rank in hits:
                columns = found.setdefault(format_id, {})
                if column not in columns or rank < columns[column][1]:
                    columns[column] = (position, rank, cell.strip())
        return found

    def detect(
        self, rows: Sequence[Sequence[str]], refused: Sequence[str] = ()
    ) -> Detection | None:
        """The first row that is some format's header, with its best format (not ``refused``)."""
        for index, cells in enumerate(rows):
            best = None
            for format_id, columns in self.match(cells).items():
                spec = self.specs[format_id]
                if format_id in refused or not spec.satisfied(columns):
                    continue
                score = (len(columns), -self._order[format_id])
                if best is None or score > best[0]:
                    best = (score, spec, columns)
            if best is not None:
                _, spec, columns = best
                return Detection(
                    spec,
                    index,
                    MappingProxyType({c: v[0] for c, v in columns.items()}),
                    MappingProxyType({c: v[2] for c, v in columns.items()}),
                )
        return None

    def nearest(self, rows: Sequence[Sequence[str]]) -> Near:
        """The format recognising most columns in any of ``rows``, and the fullest row."""
        best: tuple[int, str, dict] | None = None
        for cells in rows:
            for format_id, columns in self.match(cells).items():
                score = len(columns) * 100 - self._order[format_id]
                if best is None or score > best[0]:
                    best = (score, format_id, columns)
        fullest = max(rows, key=lambda r: sum(1 for c in r if c.strip()), default=())
        headers = tuple(c.strip() for c in fullest if c.strip())
        if best is None:
            return Near(None, {}, headers)
        return Near(self.specs[best[1]], {c: v[2] for c, v in best[2].items()}, headers)
