"""One row of a table into a :class:`Record`: the fields of one post on its networks.

Every problem is a :class:`RowError` with a message meant for ``file:row: message``; the
caller skips that row and goes on. A cell holding a formula, text that is not UTF-8, an
unparseable date, an unknown network, brand, campaign or status, and an empty text are
refused. Cells are never trusted to be text: any cell value gives a record or an error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import regex

from smmplan.load.values import localize
from smmplan.locale import phrase
from smmplan.model import STATUSES, Brand, Project
from smmplan.suggest import did_you_mean
from smmplan.workflow.import_plan.columns import Layout
from smmplan.workflow.import_plan.dates import parse_moment, with_time
from smmplan.workflow.import_plan.source import MAX_CELL, Cell, Formula
from smmplan.workflow.new import DEFAULT_NETWORKS

_LIST_SPLIT = ","
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RowError(ValueError):
    """Why a row cannot become a post."""


@dataclass(frozen=True)
class Context:
    """What every row of one file shares."""

    project: Project
    layout: Layout
    brand: Brand | None  # --brand, the file name, or the only brand
    networks: tuple[str, ...]  # --network or the file name; else each row's or the brand's
    date_order: str
    status: str


@dataclass(frozen=True)
class Record:
    line: int
    brand: Brand
    moment: datetime  # aware
    text: str
    networks: tuple[str, ...]
    title: str | None = None
    status: str | None = None
    campaign: str | None = None
    link: str | None = None
    first_comment: str | None = None
    comments: str | None = None  # Publer's comments: thread parts, or the first comment
    author: str | None = None
    approved_by: str | None = None
    tags: tuple[str, ...] = ()
    sponsored: bool = False
    media: tuple[tuple[str, str], ...] = ()  # (src, alt)
    network_title: str | None = None
    format: str | None = None
    post: str | None = None  # plan.csv: the post file it came from
    image_urls: bool = False  # the row had image URLs (not read back)


def cell_text(cell: Cell) -> str:
    """Any cell as text; raises :class:`RowError` for a formula or bytes that are not UTF-8."""
    if isinstance(cell, Formula):
        raise RowError(
            phrase(
                "a cell holds a formula ({formula}): save the sheet with values",
                formula=cell.text[:30],
            )
        )
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return f"{cell:%Y-%m-%d %H:%M:%S}".removesuffix(":00")
    if isinstance(cell, date):
        return f"{cell:%Y-%m-%d}"
    text = str(cell)
    if any("\udc80" <= char <= "\udcff" for char in text):
        raise RowError(phrase("the row is not UTF-8 text: save the file as CSV UTF-8"))
    control = _CONTROL.search(text)
    if control:
        raise RowError(
            phrase("a cell holds the control character U+{code}", code=f"{ord(control[0]):04X}")
        )
    if len(text) > MAX_CELL:
        raise RowError(
            phrase(
                "a cell holds {count} characters, more than {limit}",
                count=f"{len(text):,}",
                limit=f"{MAX_CELL:,}",
            )
        )
    return text.replace("\r\n", "\n")


def is_blank(cells: Sequence[Cell]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _get(cells: Sequence[Cell], fields: Mapping[str, int], name: str) -> Cell:
    index = fields.get(name)
    return cells[index] if index is not None and index < len(cells) else None


def _texts(cells: Sequence[Cell], context: Context) -> dict[str, str]:
    texts = {
        name: cell_text(_get(cells, context.layout.fields, name)) for name in context.layout.fields
    }
    if context.layout.format.id != "csv":  # plan.csv keeps text as written, "=" included
        for name, value in texts.items():
            if value.startswith("=") and name != "date":
                raise RowError(
                    phrase(
                        "the {field} cell holds a formula ({formula}): save the sheet with values",
                        field=name,
                        formula=value[:30],
                    )
                )
    return texts


def _brand(name: str, context: Context) -> Brand:
    if not name:
        if context.brand is None:
            brands = ", ".join(sorted(context.project.brands))
            raise RowError(
                phrase(
                    "no brand: pass --brand or fill a brand column (brands: {known})", known=brands
                )
            )
        return context.brand
    brand = context.project.brands.get(name)
    if brand is None:
        hint = did_you_mean(name, context.project.brands)
        raise RowError(phrase("unknown brand '{name}'{hint}", name=name[:40], hint=hint))
    return brand


def _networks(raw: str, brand: Brand, context: Context) -> tuple[str, ...]:
    from smmplan.networks import aliases

    if context.networks:
        return context.networks
    known = context.project.networks
    names = [n.strip() for n in raw.replace(";", ",").replace("\n", ",").split(",") if n.strip()]
    if not names:
        return tuple(n for n in brand.accounts if n in known) or DEFAULT_NETWORKS
    other = aliases(known)
    found: list[str] = []
    for name in names:
        key = name.casefold()
        network = key if key in known else other.get(key)
        if network is None:
            hint = did_you_mean(key, known, other)
            raise RowError(phrase("unknown network '{name}'{hint}", name=name[:40], hint=hint))
        if network not in found:
            found.append(network)
    return tuple(found)


def _moment(
    texts: Mapping[str, str], cells: Sequence[Cell], context: Context, brand: Brand
) -> datetime:
    raw = _get(cells, context.layout.fields, "date")
    if isinstance(raw, Formula) or not isinstance(raw, datetime | date):
        raw = texts.get("date", "")
    moment, problem = parse_moment(raw, context.date_order)
    if moment is not None and "time" in texts:
        moment, problem = with_time(moment, _get(cells, context.layout.fields, "time") or "")
    if moment is None:
        raise RowError(phrase("date: {problem}", problem=problem))
    if moment.tzinfo is not None:
        return moment.astimezone(ZoneInfo(brand.timezone))
    aware, problem = localize(moment, brand.timezone)
    if problem and "does not exist" in problem:
        raise RowError(phrase("date: {problem}", problem=problem))
    return aware


def _choice(value: str, allowed: Sequence[str], what: str) -> str | None:
    if not value:
        return None
    key = value.strip().casefold()
    if key not in allowed:
        hint = did_you_mean(key, allowed)
        raise RowError(
            phrase("unknown {field} '{name}'{hint}", field=what, name=value[:40], hint=hint)
        )
    return key


def _media(texts: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    sources = [s for s in texts.get("media", "").split("\n") if s.strip()]
    alts = texts.get("alt_texts", "").split("\n")
    return tuple((src, alts[i] if i < len(alts) else "") for i, src in enumerate(sources))


def read_row(line: int, cells: Sequence[Cell], context: Context) -> Record:
    """The row's record; raises :class:`RowError` with what is wrong."""
    texts = _texts(cells, context)
    brand = _brand(texts.get("brand", "").strip(), context)
    text = texts.get("text", "")
    if not text.strip() and not texts.get("comments", "").strip():
        raise RowError(phrase("the text is empty"))
    campaign = texts.get("campaign", "").strip() or None
    if campaign is not None and campaign not in context.project.campaigns:
        hint = did_you_mean(campaign, context.project.campaigns)
        raise RowError(phrase("unknown campaign '{name}'{hint}", name=campaign[:40], hint=hint))
    tags = tuple(t.strip() for t in texts.get("tags", "").split(_LIST_SPLIT) if t.strip())
    return Record(
        line=line,
        brand=brand,
        moment=_moment(texts, cells, context, brand),
        text=text,
        networks=_networks(texts.get("networks", ""), brand, context),
        title=texts.get("title", "").strip() or None,
        status=_choice(texts.get("status", ""), STATUSES, "status") or context.status,
        campaign=campaign,
        link=texts.get("link", "").strip() or None,
        first_comment=texts.get("first_comment") or None,
        comments=texts.get("comments") or None,
        author=texts.get("author", "").strip() or None,
        approved_by=texts.get("approved_by", "").strip() or None,
        tags=tags,
        sponsored=texts.get("sponsored", "").strip().casefold() in ("true", "yes", "1"),
        media=_media(texts),
        network_title=texts.get("network_title") or None,
        format=texts.get("format", "").strip() or None,
        post=texts.get("post", "").strip() or None,
        image_urls=bool(texts.get("image_urls", "").strip()),
    )
