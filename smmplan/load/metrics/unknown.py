"""The finding for a file no format recognises: what was seen, and what to do about it.

It names the headers seen and the nearest known format, which of that format's columns
were found and which were not, and the headers it does not know, with the exact
``smmplan.yml`` lines that would teach it a localized header: the usual reason a real
export is not recognised is an interface language the shipped aliases lack.
"""

from __future__ import annotations

from collections.abc import Sequence

from smmplan.load.metrics.formats import Detector, norm
from smmplan.load.metrics.sources import Table

_SHOWN = 12


def _quoted(texts: Sequence[str]) -> str:
    shown = ", ".join(f"'{t}'" for t in texts[:_SHOWN])
    return shown + (f" and {len(texts) - _SHOWN} more" if len(texts) > _SHOWN else "")


def unknown_message(detector: Detector, tables: Sequence[Table]) -> str:
    """Why none of ``tables`` (a file's, or a zip's members') is a known export."""
    rows = [cells for table in tables for _, cells in table.head]
    if not any(c.strip() for cells in rows for c in cells):
        return "an empty file: not an export"
    first = " ".join(c for c in rows[0] if c).lstrip().lower()
    if first.startswith(("<!doctype html", "<html")):
        return (
            "an HTML page, not an export (Telegram Desktop: choose 'Machine-readable JSON'"
            " when exporting)"
        )
    near = detector.nearest(rows)
    where = ""
    members = [t.member for t in tables if t.member]
    if members:
        where = f" (members: {_quoted(members)})"
    message = f"not an export smmplan knows{where}; headers seen: {_quoted(list(near.headers))}"
    if near.spec is None or len(near.found) < 2:
        return message + (
            ". If it is a network's export, its layout is not supported yet; per-post"
            " figures can go in the generic CSV (smmplan schema metrics)"
        )
    spec = near.spec
    known = {norm(h) for h in near.found.values()}
    strangers = [h for h in near.headers if norm(h) not in known]
    missing = [c for group in spec.required for c in group if c not in near.found]
    message += f". Nearest format: {spec.id} ({spec.name}), which finds {_quoted(list(near.found.values()))}"
    if missing:
        message += f" but not {_quoted([spec.columns[c][0] for c in missing])}"
    if strangers:
        message += f"; headers it does not know: {_quoted(strangers)}"
    example_column = missing[0] if missing else next(iter(spec.columns))
    example_header = strangers[0] if strangers else "..."
    return message + (
        f". If the export is in another language, add its headers to smmplan.yml, e.g."
        f' metrics: {{aliases: {{{spec.id}: {{{example_column}: ["{example_header}"]}}}}}}'
        f" (columns: {', '.join(spec.columns)}), or export again with the interface in English"
    )
