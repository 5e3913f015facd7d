"""Scheduler exports: the plan as files that Buffer, Hootsuite, Sprout Social, Publer and
Postoplan import, plus ``csv`` and ``json`` for programs, ``xlsx`` for spreadsheets and
``ics`` for calendars.

Flow: :func:`~smmplan.render.export.select.select` picks slots (post × network) →
:func:`~smmplan.render.export.prepare.prepare` builds each slot's final text (variant text,
UTM-tagged link, image URLs) and refuses what a format cannot carry or a scheduler would
reject → the format module writes bytes and applies its own rules (time grid, spacing,
row limits). :func:`build_all` makes every format's files for ``smmplan build`` in memory
and :func:`write_folder` writes such a set; the command line writes the files of one
:class:`Export` itself. Nothing here checks the plan: the caller passes the diagnostics.

Each format module documents the scheduler template it targets and how sure each rule
is; rules marked ⚠ there are applied in their strictest form. The facts themselves
(networks each scheduler publishes to, columns, date formats, row limits, with sources)
are data: ``data/schedulers.yml``, read by :mod:`~smmplan.render.export.schedulers`.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from smmplan.model import Diagnostic, Project
from smmplan.plan import Slot
from smmplan.render.export import (
    buffer,
    hootsuite,
    ical,
    jsonfile,
    postoplan,
    publer,
    spreadsheet,
    sprout,
    workbook,
)
from smmplan.render.export.base import Options, OutFile, indented_json
from smmplan.render.export.images import media_url, urls_from
from smmplan.render.export.lengths import Lengths
from smmplan.render.export.lengths import kept as kept_lengths
from smmplan.render.export.prepare import (
    DATA,
    Capabilities,
    ImageUrls,
    PreparedRows,
    Refusal,
    prepare,
)
from smmplan.render.export.safe import WriteError, write_files
from smmplan.render.export.select import ExportFilter, SelectionError, make_selection, select

FORMATS: dict[str, ModuleType] = {
    "buffer": buffer,
    "hootsuite": hootsuite,
    "sprout": sprout,
    "publer": publer,
    "postoplan": postoplan,
    "csv": spreadsheet,
    "xlsx": workbook,
    "json": jsonfile,
    "ics": ical,
}
MANIFEST = "index.json"
ALWAYS = ("csv", "xlsx", "json")  # written by build even when nothing is upcoming

__all__ = [
    "FORMATS",
    "Export",
    "ExportFilter",
    "ImageUrls",
    "Outputs",
    "SelectionError",
    "WriteError",
    "build_all",
    "export",
    "kept_lengths",
    "make_selection",
    "media_url",
    "urls_from",
    "write_folder",
]


@dataclass
class Export:
    format: str
    selected: int  # slots selected before any refusal
    files: list[OutFile] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def exported(self) -> int:
        return sum(f.rows for f in self.files)


def _order(refusal: Refusal) -> tuple:
    when = refusal.when.timestamp() if refusal.when else float("inf")
    return (when, refusal.path, refusal.network)


def export(
    project: Project,
    fmt: str,
    selection: ExportFilter,
    now: datetime,
    image_urls: ImageUrls | None = None,
    *,
    diagnostics: Iterable[Diagnostic],
    date_order: str = "dmy",
    chosen: list[Slot] | None = None,
) -> Export:
    """Build one format's files in memory; posts with errors in ``diagnostics`` are refused.
    ``chosen``: ``select(project, selection)`` when the caller has it already."""
    chosen = select(project, selection) if chosen is None else chosen
    rows = prepare(project, chosen, FORMATS[fmt].CAPS, diagnostics, image_urls or {})
    options = _options(project, selection, now, date_order, rows)
    return _rendered(fmt, rows, options, len(chosen))


def _options(
    project: Project, selection: ExportFilter, now: datetime, date_order: str, rows: PreparedRows
) -> Options:
    return Options(
        now=now,
        date_order=date_order,
        title=project.config.title,
        site_url=project.config.site_url,
        root=project.root,
        selection=selection.describe(),
        refused=tuple(sorted(rows.refused, key=_order)),
    )


def _rendered(fmt: str, rows: PreparedRows, options: Options, selected: int) -> Export:
    rendered = FORMATS[fmt].render(rows.rows, options)
    return Export(
        format=fmt,
        selected=selected,
        files=rendered.files,
        refused=sorted(rows.refused + rendered.refused, key=_order),
        notices=rows.notices + rendered.notices,
    )


class Outputs(Mapping[str, bytes]):
    """File name -> bytes, in the order the files were added; some are made the first time
    they are read (``later``), so that a caller who only needs the names does not wait."""

    def __init__(self) -> None:
        self._data: dict[str, bytes | None] = {}
        self._makers: dict[str, Callable[[], bytes]] = {}

    def add(self, name: str, data: bytes) -> None:
        self._data[name] = data

    def later(self, name: str, make: Callable[[], bytes]) -> None:
        self._data[name], self._makers[name] = None, make

    def __getitem__(self, name: str) -> bytes:
        data = self._data[name]
        if data is None:
            data = self._data[name] = self._makers.pop(name)()
        return data

    def __contains__(self, name: object) -> bool:  # Mapping's own would make the file
        return name in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def build_all(
    project: Project,
    now: datetime,
    image_urls: ImageUrls | None,
    diagnostics: Iterable[Diagnostic],
    lengths: Lengths | None = None,
) -> Outputs:
    """Every format for the upcoming plan, file name -> bytes (for ``smmplan build``);
    ``lengths``: the texts' lengths kept from the last run (``lengths.kept``).

    Scheduler formats get one file per brand and network that has something to import;
    ``plan.csv``, ``plan.xlsx`` and ``plan.json`` are always made, ``plan.ics`` when it
    has an event.
    ``index.json`` lists the files (with the time zone each assumes) and what was left
    out and why. The data formats' files (one file, one row per slot: their names and
    rows are known once the rows are) and ``index.json`` are made when first read.
    """
    diagnostics = list(diagnostics)
    selection = ExportFilter(after=now)
    chosen = select(project, selection)  # the same slots for every format
    prepared: dict[Capabilities, PreparedRows] = {}  # and the same rows for the same needs
    outputs, listed, results = Outputs(), [], []
    for fmt, module in FORMATS.items():
        if module.CAPS not in prepared:
            prepared[module.CAPS] = prepare(
                project, chosen, module.CAPS, diagnostics, image_urls or {}, lengths
            )
        rows = prepared[module.CAPS]
        made = functools.cache(
            functools.partial(
                _rendered, fmt, rows, _options(project, selection, now, "dmy", rows), len(chosen)
            )
        )
        results.append(made)
        if module.CAPS is DATA:
            if rows.rows or fmt in ALWAYS:
                outputs.later(module.FILE, lambda made=made: made().files[0].data)
                listed.append(_listed(fmt, module.FILE, len(rows.rows), module.NOTE))
            continue
        for item in made().files:
            if item.rows or fmt in ALWAYS:
                outputs.add(item.name, item.data)
                listed.append(
                    _listed(fmt, item.name, item.rows, item.note, item.brand, item.network)
                )
    outputs.later(MANIFEST, lambda: _manifest(now, selection, listed, [m() for m in results]))
    return outputs


def _manifest(
    now: datetime, selection: ExportFilter, listed: list[dict], results: list[Export]
) -> bytes:
    refused = [
        {
            "format": result.format,
            "post": r.path,
            "line": r.at_line,
            "network": r.network,
            "reason": r.reason,
        }
        for result in results
        for r in result.refused
    ]
    manifest = {
        "version": 1,
        "generated_at": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "selection": selection.describe(),
        "files": listed,
        "refused": refused,
        "notices": [f"{result.format}: {n}" for result in results for n in result.notices],
    }
    return indented_json(manifest)


def _listed(
    fmt: str, name: str, rows: int, note: str, brand: str | None = None, network: str | None = None
) -> dict:
    return {
        "format": fmt,
        "file": name,
        "rows": rows,
        "brand": brand,
        "network": network,
        "note": note,
    }


def write_folder(out_dir: Path, outputs: dict[str, bytes]) -> list[Path]:
    """Write a :func:`build_all` set into ``out_dir``, each file atomically; files that the
    previous set's ``index.json`` listed and this one does not are removed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stale = _previous_files(out_dir / MANIFEST) - set(outputs)
    written = write_files({out_dir / name: data for name, data in outputs.items()})
    for name in stale:
        with contextlib.suppress(OSError):
            (out_dir / name).unlink()
    return written


def _previous_files(manifest: Path) -> set[str]:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        names = {str(f["file"]) for f in data.get("files", [])}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return set()
    return {n for n in names if "/" not in n and "\\" not in n and not n.startswith(".")}
