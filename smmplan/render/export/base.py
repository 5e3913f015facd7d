"""What every format module shares: its output files, options and channel grouping.

A format module has ``NAME``, ``CAPS`` (:class:`~smmplan.render.export.prepare.Capabilities`),
``IMAGES`` (``"required"``: posts with images need their URLs; ``"optional"``: URLs are
written when known; ``"none"``) and ``render(rows, options) -> FormatOutput``; a format
that writes one file per brand and network groups its rows with :func:`by_channel`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from smmplan.render.export.prepare import Refusal, Row, refusal

JsonValue = dict[str, "JsonValue"] | list["JsonValue"] | str | int | bool | None


def indented_json(document: JsonValue) -> bytes:
    """``json.dumps(document, ensure_ascii=False, indent=2) + "\\n"`` in UTF-8, the same bytes,
    by orjson: the standard library's encoder is pure Python once it indents, and the plan
    and index of 5,000 posts took it half a second each. For the documents of this type:
    orjson writes some floats differently (``0.00001`` for ``1e-05``), and where it refuses
    a document (a key that is not a string) the standard library writes it."""
    import orjson

    try:
        return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"
    except TypeError:
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()


@dataclass(frozen=True)
class Options:
    now: datetime
    date_order: str = "dmy"  # hootsuite and sprout: dd/mm/yyyy or mm/dd/yyyy
    title: str = "Content calendar"
    site_url: str | None = None
    root: Path | None = None  # the content repository (ics: its git history dates events)
    selection: str = ""  # what was selected, in words (json)
    refused: tuple[Refusal, ...] = ()  # refused before the format saw the rows (json)


@dataclass(frozen=True)
class OutFile:
    name: str  # file name, e.g. "buffer-karvan-travel-instagram.csv"
    data: bytes
    rows: int
    note: str  # the time zone and date format the file assumes, for the user
    brand: str | None = None
    network: str | None = None


@dataclass
class FormatOutput:
    files: list[OutFile] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def account_language(row: Row) -> str | None:
    """The language whose account the row goes to, where its brand has an account per
    language on the network (``accounts: {telegram: {az: …, ru: …}}``); else None."""
    slot = row.slot
    return slot.post.language if slot.network in slot.brand.language_accounts else None


def by_channel(rows: Iterable[Row]) -> Iterator[tuple[str, str, list[Row]]]:
    """(brand, network, rows) per channel, one account each, in a stable order: a brand
    with an account per language on a network has a channel per language there."""
    groups: dict[tuple[str, str, str], list[Row]] = {}
    for row in rows:
        key = (row.slot.brand.id, row.slot.network, account_language(row) or "")
        groups.setdefault(key, []).append(row)
    for (brand, network, _), found in sorted(groups.items()):
        yield brand, network, found


def channel_file(fmt: str, brand: str, network: str, rows: Sequence[Row] = ()) -> str:
    """``buffer-karvan-travel-instagram.csv``; a channel of one language's account (its
    ``rows``) ends in the language: ``buffer-karvan-travel-telegram-ru.csv``."""
    language = account_language(rows[0]) if rows else None
    return f"{fmt}-{brand}-{network}{f'-{language}' if language else ''}.csv"


def day_month(moment: datetime, order: str) -> str:
    return f"{moment:%d/%m/%Y}" if order == "dmy" else f"{moment:%m/%d/%Y}"


def date_words(order: str) -> str:
    return "dd/mm/yyyy" if order == "dmy" else "mm/dd/yyyy"


def too_soon(row: Row, now: datetime, margin: timedelta, label: str) -> Refusal | None:
    """A refusal when the row's time is less than ``margin`` after ``now``."""
    moment = row.slot.publish_at
    if moment is not None and moment - now < margin:
        minutes = int(margin.total_seconds() // 60)
        return refusal(
            row.slot,
            f"{label} takes only times at least {minutes} minutes after the upload"
            f" (now is {now.astimezone(row.local.tzinfo):%Y-%m-%d %H:%M})",
        )
    return None


def over_limit(rows: list[Row], limit: int, label: str) -> tuple[list[Row], list[Refusal]]:
    """The first ``limit`` rows; the rest refused."""
    kept, rest = rows[:limit], rows[limit:]
    reason = f"{label} takes at most {limit} posts per file; export a shorter window (--week)"
    return kept, [refusal(row.slot, reason) for row in rest]
