"""Which format a table is in and which of its columns fills which field of a post.

The formats are data (``formats.yml``): the generic plan's fields with their localized
header aliases, and each export's header mapped onto fields. A header is compared after
:func:`~smmplan.load.metrics.formats.norm` (NFKC, case-insensitive, one space between
words), as the analytics readers compare theirs. Detection, when ``--format`` is not
given: an export's exact header first (the export formats are tried in file order), then
the generic plan when its required fields are found, then Hootsuite's header-less file
when the first cell is a date and the row has two or three cells.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

from smmplan.load.metrics.formats import norm

FORMAT_NAMES = ("generic", "buffer", "publer", "hootsuite", "sprout", "postoplan", "csv")
IGNORED = "ignored"


class FormatError(ValueError):
    """The table's header does not fit the format asked for, or no format at all."""


@dataclass(frozen=True)
class ImportFormat:
    id: str
    header: Mapping[str, str]  # header text -> field (empty for a header-less format)
    positions: tuple[str, ...]  # header-less: the field of each column, in order
    aliases: Mapping[str, tuple[str, ...]]  # generic: field -> header texts
    required: tuple[str, ...]
    date: str  # "iso" or "day_month" (slashes follow --date-order)
    per_channel: bool  # one brand and network per file (named in the file name)


@dataclass(frozen=True)
class Layout:
    """A table's format and where each field is: field -> column index."""

    format: ImportFormat
    fields: Mapping[str, int]
    has_header: bool
    detected: bool


@functools.cache
def formats() -> Mapping[str, ImportFormat]:
    import yaml

    source = resources.files(__package__) / "formats.yml"
    data: dict[str, Any] = yaml.safe_load(source.read_text(encoding="utf-8"))
    found = {}
    for key, entry in data.items():
        columns = entry.get("columns") or {}
        found[key] = ImportFormat(
            id=key,
            header=MappingProxyType(
                {str(k): str(v) for k, v in (entry.get("header") or {}).items()}
            ),
            positions=tuple(entry.get("positions") or ()),
            aliases=MappingProxyType(
                {str(k): tuple(str(a) for a in v) for k, v in columns.items()}
            ),
            required=tuple(entry.get("required") or ()),
            date=str(entry.get("date", "iso")),
            per_channel=bool(entry.get("per_channel", False)),
        )
    return MappingProxyType(found)


def _header_fields(spec: ImportFormat, header: Sequence[str]) -> dict[str, int] | None:
    """An export's header: every cell one of its columns, in a prefix of its order."""
    names = list(spec.header)
    cells = [norm(cell) for cell in header]
    while cells and not cells[-1]:
        cells.pop()
    if len(cells) < min(3, len(names)) or cells != [norm(n) for n in names[: len(cells)]]:
        return None
    fields = {}
    for index, name in enumerate(names[: len(cells)]):
        field = spec.header[name]
        if field != IGNORED:
            fields.setdefault(field, index)
    return fields


def _generic_fields(spec: ImportFormat, header: Sequence[str]) -> dict[str, int]:
    lookup = {norm(alias): field for field, aliases in spec.aliases.items() for alias in aliases}
    fields: dict[str, int] = {}
    for index, cell in enumerate(header):
        field = lookup.get(norm(cell))
        if field is not None:
            fields.setdefault(field, index)
    return fields


def _headerless(spec: ImportFormat, first: Sequence[str]) -> dict[str, int] | None:
    from smmplan.workflow.import_plan.dates import parse_moment

    filled = [cell for cell in first if cell.strip()]
    if not 2 <= len(first) <= len(spec.positions) or len(filled) < 2:
        return None
    if all(parse_moment(first[0], order)[0] is None for order in ("dmy", "mdy")):
        return None
    return {field: index for index, field in enumerate(spec.positions)}


def layout_for(header: Sequence[str], wanted: str | None) -> Layout:
    """The layout of a table whose first row is ``header``; raises :class:`FormatError`."""
    specs = formats()
    if wanted is not None:
        return _layout(specs[wanted], header, detected=False)
    for spec in specs.values():
        if spec.header and (fields := _header_fields(spec, header)) is not None:
            return Layout(spec, MappingProxyType(fields), True, True)
    generic = specs["generic"]
    fields = _generic_fields(generic, header)
    if all(f in fields for f in generic.required):
        return Layout(generic, MappingProxyType(fields), True, True)
    hootsuite = _headerless(specs["hootsuite"], header)
    if hootsuite is not None:
        return Layout(specs["hootsuite"], MappingProxyType(hootsuite), False, True)
    raise FormatError(_missing(generic, fields))


def _layout(spec: ImportFormat, header: Sequence[str], detected: bool) -> Layout:
    if spec.positions:
        fields = _headerless(spec, header)
        if fields is None:
            raise FormatError(
                f"is not a {spec.id} file: its rows are a date and time, a message and a link"
            )
        return Layout(spec, MappingProxyType(fields), False, detected)
    if spec.header:
        fields = _header_fields(spec, header)
        if fields is None:
            expected = ", ".join(spec.header)
            raise FormatError(f"is not a {spec.id} file: its header must be {expected}")
        return Layout(spec, MappingProxyType(fields), True, detected)
    fields = _generic_fields(spec, header)
    if not all(f in fields for f in spec.required):
        raise FormatError(_missing(spec, fields))
    return Layout(spec, MappingProxyType(fields), True, detected)


def _missing(generic: ImportFormat, fields: Mapping[str, int]) -> str:
    lacking = [f for f in generic.required if f not in fields]
    wanted = "; ".join(
        f"{field}: {', '.join(repr(a) for a in generic.aliases[field][:4])} ..."
        for field in lacking
    )
    return (
        "has no header smmplan recognises: an export's own header, or a plan with the"
        f" columns {wanted} (see docs/import.md)"
    )
