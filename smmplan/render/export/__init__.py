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
import json
from collections.abc import Iterable
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
from smmplan.render.export.prepare import (
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
    "SelectionError",
    "WriteError",
    "build_all",
    "export",
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
    prepared: dict[Capabilities, PreparedRows] | None = None,
) -> Export:
    """Build one format's files in memory; posts with errors in ``diagnostics`` are refused.
    ``chosen``: ``select(project, selection)`` when the caller has it already; ``prepared``:
    the rows made for other formats of this ``chosen``, by capabilities (formats that take
    the same capabilities get the same rows; this format's are added)."""
    module = FORMATS[fmt]
    chosen = select(project, selection) if chosen is None else chosen
    prepared = {} if prepared is None else prepared
    if module.CAPS not in prepared:
        prepared[module.CAPS] = prepare(project, chosen, module.CAPS, diagnostics, image_urls or {})
    rows = prepared[module.CAPS]
    options = Options(
        now=now,
        date_order=date_order,
        title=project.config.title,
        site_url=project.config.site_url,
        root=project.root,
        selection=selection.describe(),
        refused=tuple(sorted(rows.refused, key=_order)),
    )
    rendered = module.render(rows.rows, options)
    return Export(
        format=fmt,
        selected=len(chosen),
        files=rendered.files,
        refused=sorted(rows.refused + rendered.refused, key=_order),
        notices=rows.notices + rendered.notices,
    )


def build_all(
    project: Project,
    now: datetime,
    image_urls: ImageUrls | None,
    diagnostics: Iterable[Diagnostic],
) -> dict[str, bytes]:
    """Every format for the upcoming plan, file name -> bytes (for ``smmplan build``).

    Scheduler formats get one file per brand and network that has something to import;
    ``plan.csv``, ``plan.xlsx`` and ``plan.json`` are always made, ``plan.ics`` when it
    has an event.
    ``index.json`` lists the files (with the time zone each assumes) and what was left
    out and why.
    """
    diagnostics = list(diagnostics)
    selection = ExportFilter(after=now)
    outputs: dict[str, bytes] = {}
    index: dict[str, list] = {"files": [], "refused": [], "notices": []}
    chosen = select(project, selection)  # the same slots for every format
    prepared: dict[Capabilities, PreparedRows] = {}  # and the same rows for the same needs
    for fmt in FORMATS:
        result = export(
            project,
            fmt,
            selection,
            now,
            image_urls,
            diagnostics=diagnostics,
            chosen=chosen,
            prepared=prepared,
        )
        for item in result.files:
            if item.rows or fmt in ALWAYS:
                outputs[item.name] = item.data
                index["files"].append(_listed(fmt, item))
        index["refused"] += [
            {
                "format": fmt,
                "post": r.path,
                "line": r.at_line,
                "network": r.network,
                "reason": r.reason,
            }
            for r in result.refused
        ]
        index["notices"] += [f"{fmt}: {n}" for n in result.notices]
    manifest = {
        "version": 1,
        "generated_at": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "selection": selection.describe(),
        **index,
    }
    outputs[MANIFEST] = indented_json(manifest)
    return outputs


def _listed(fmt: str, item: OutFile) -> dict:
    return {
        "format": fmt,
        "file": item.name,
        "rows": item.rows,
        "brand": item.brand,
        "network": item.network,
        "note": item.note,
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
