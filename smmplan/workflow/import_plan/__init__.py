"""``smmplan import``: a content plan kept in a spreadsheet, or an export, into post files.

:func:`plan_import` reads the file (:mod:`.source`), finds its format (:mod:`.columns`),
turns each row into a record (:mod:`.rows`), the records into posts (:mod:`.assemble`)
and gives each post its file and text (:mod:`.write`); nothing is written until
:func:`write_import`. Every problem is a ``file:row: message`` line and the other rows
go on. The columns, aliases and formats are documented in ``docs/import.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from smmplan.locale import phrase
from smmplan.model import Brand, Project
from smmplan.workflow.import_plan.assemble import (
    Draft,
    from_plan_rows,
    from_record,
    group_plan_rows,
)
from smmplan.workflow.import_plan.columns import FORMAT_NAMES, FormatError, Layout, layout_for
from smmplan.workflow.import_plan.rows import (
    Context,
    Record,
    RowError,
    cell_text,
    is_blank,
    read_row,
)
from smmplan.workflow.import_plan.source import Table, read_table
from smmplan.workflow.import_plan.write import Taken, place, post_text, rooted_media, write_new

__all__ = [
    "FORMAT_NAMES",
    "ImportRequestError",
    "Plan",
    "Planned",
    "Request",
    "plan_import",
    "write_import",
]

LINK_COLUMN = {"buffer": False, "postoplan": False}  # the others have a link column


class ImportRequestError(ValueError):
    """A usage error: an unknown --brand or --network; nothing is read."""


@dataclass(frozen=True)
class Planned:
    draft: Draft
    relative: str  # repository-relative path with "/"
    text: str


@dataclass
class Plan:
    format: str | None = None
    detected: bool = False
    planned: list[Planned] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    zones: dict[str, str] = field(default_factory=dict)  # brand id -> zone of naive times


@dataclass(frozen=True)
class Request:
    """What the command line asked for."""

    file: Path
    display: str  # the file as the user wrote it, for messages
    brand: str | None = None
    format: str | None = None
    networks: tuple[str, ...] = ()
    status: str = "draft"
    date_order: str = "dmy"


def _from_file_name(project: Project, fmt: str, name: str) -> tuple[str | None, str | None]:
    """``buffer-<brand>-<network>.csv`` (``-2`` for Postoplan's next files): brand, network."""
    stem = Path(name).stem
    if not stem.startswith(f"{fmt}-"):
        return None, None
    rest = stem[len(fmt) + 1 :]
    for brand in sorted(project.brands, key=len, reverse=True):
        if rest.startswith(f"{brand}-"):
            network = rest[len(brand) + 1 :]
            if network not in project.networks:
                network = re.sub(r"-\d+$", "", network)
            return brand, network if network in project.networks else None
    return None, None


def _brand(project: Project, wanted: str | None) -> Brand | None:
    from smmplan.suggest import did_you_mean

    if wanted is not None:
        if wanted not in project.brands:
            hint = did_you_mean(wanted, project.brands)
            raise ImportRequestError(
                phrase(
                    "--brand {name}: no such brand{hint} (brands: {known})",
                    name=wanted,
                    hint=hint,
                    known=", ".join(project.brands),
                )
            )
        return project.brands[wanted]
    return next(iter(project.brands.values())) if len(project.brands) == 1 else None


def _networks(project: Project, names: tuple[str, ...]) -> tuple[str, ...]:
    from smmplan.networks import aliases
    from smmplan.suggest import did_you_mean

    other = aliases(project.networks)
    found = []
    for name in names:
        network = name if name in project.networks else other.get(name.casefold())
        if network is None:
            hint = did_you_mean(name, project.networks, other)
            raise ImportRequestError(
                phrase("--network {name}: unknown network{hint}", name=name, hint=hint)
            )
        found.append(network)
    return tuple(dict.fromkeys(found))


def _context(project: Project, request: Request, layout: Layout) -> Context:
    brand = _brand(project, request.brand)
    networks = _networks(project, request.networks)
    if layout.format.per_channel and (brand is None or not networks):
        named_brand, named_network = _from_file_name(project, layout.format.id, request.file.name)
        if brand is None and named_brand is not None:
            brand = project.brands[named_brand]
        if (
            not networks
            and named_network is not None
            and (brand is None or brand.id == named_brand)
        ):
            networks = (named_network,)
    return Context(project, layout, brand, networks, request.date_order, request.status)


def _records(table: Table, context: Context, plan: Plan, display: str) -> list[Record]:
    records: list[Record] = []
    rows = table.rows[1:] if context.layout.has_header else table.rows
    while rows and is_blank(rows[-1][1]):
        rows = rows[:-1]  # a sheet's empty rows at the end say nothing
    for line, cells in rows:
        if is_blank(cells):
            plan.problems.append(
                f"{display}:{line}: " + phrase("the row is empty (a blank or merged row); skipped")
            )
            continue
        try:
            records.append(read_row(line, cells, context))
        except RowError as error:
            problem = phrase("{problem}; the row is not imported", problem=error)
            plan.problems.append(f"{display}:{line}: {problem}")
    return records


def _drafts(records: list[Record], context: Context) -> list[Draft]:
    project, fmt = context.project, context.layout.format.id
    if fmt == "csv":
        return [from_plan_rows(group, project) for group in group_plan_rows(records)]
    link_column = LINK_COLUMN.get(fmt, True)
    return [from_record(record, project, link_column) for record in records]


def plan_import(project: Project, request: Request) -> Plan:
    """What importing ``request.file`` would write; raises :class:`ImportRequestError`."""
    plan = Plan()
    table = read_table(request.file)
    plan.problems += [
        f"{request.display}:{line}: {m}" if line else f"{request.display}: {m}"
        for line, m in table.problems
    ]
    if not table.rows:
        if not table.problems:
            plan.problems.append(f"{request.display}: {phrase('is empty')}")
        return plan
    header = [_header_text(cell) for cell in table.rows[0][1]]
    try:
        layout = layout_for(header, request.format)
    except FormatError as error:
        plan.problems.append(f"{request.display}:{table.rows[0][0]}: {error}")
        return plan
    plan.format, plan.detected = layout.format.id, layout.detected
    context = _context(project, request, layout)
    for draft in _drafts(_records(table, context, plan, request.display), context):
        _plan_one(project, draft, plan, request.display)
    return plan


def _header_text(cell: object) -> str:
    try:
        return cell_text(cell)  # type: ignore[arg-type]
    except RowError:
        return ""


def _plan_one(project: Project, draft: Draft, plan: Plan, display: str) -> None:
    taken = {item.relative for item in plan.planned}
    relative, moved = place(draft, project, taken)
    if relative is None:
        plan.problems.append(
            f"{display}:{draft.line}: "
            + phrase("{path} already exists; not overwritten, skipped", path=draft.post)
        )
        return
    if draft.image_urls:
        plan.notes.append(
            f"{display}:{draft.line}: "
            + phrase(
                "image URLs are not read back (they point to renditions, not to your media"
                " files): add the media to the post"
            )
        )
    plan.zones.setdefault(draft.brand.id, draft.brand.timezone)
    text = post_text(draft, project, rooted_media(draft, moved))
    plan.planned.append(Planned(draft, relative, text))


def write_import(project: Project, plan: Plan) -> tuple[list[Planned], list[str]]:
    """Write the planned files; those that exist by now are named and left alone."""
    written, problems = [], []
    for item in plan.planned:
        try:
            write_new(project.root / item.relative, item.text)
        except Taken:
            problems.append(f"{item.relative}: {phrase('already exists; not overwritten')}")
            continue
        except OSError as error:
            reason = phrase("cannot be written ({reason})", reason=error.strerror or error)
            problems.append(f"{item.relative}: {reason}")
            continue
        written.append(item)
    return written, problems
