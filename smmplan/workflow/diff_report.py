"""A calendar diff as Markdown (for a pull request's job summary) or JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from smmplan.report import diagnostic_json
from smmplan.workflow.diff import CalendarDiff, PostSnapshot, local_text

_ESCAPE = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>|~!#"})


def md(text: str) -> str:
    """User text made inert in Markdown: no links, images, HTML or table breaks."""
    return " ".join(text.split()).translate(_ESCAPE)


def _counted(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _post(entry: PostSnapshot) -> str:
    return f"{md(entry.title)}<br>`{entry.path.replace('`', '')}`"


def _when(entry: PostSnapshot, moment: datetime | None = None) -> str:
    return f"{local_text(moment or entry.publish_at, entry.timezone)} ({entry.timezone})"


def _dates(entry: PostSnapshot, moments: tuple[datetime, ...]) -> str:
    return "<br>".join(local_text(m, entry.timezone) for m in moments)


def summary(diff: CalendarDiff) -> str:
    counts = [
        (len(diff.added), "added", None),
        (len(diff.removed), "removed", None),
        (len(diff.renamed), "renamed", None),
        (len(diff.moved), "moved", None),
        (len(diff.retargeted), "retargeted", None),
        (len(diff.status_changed), "status change", "status changes"),
        (len(diff.occurrences), "series changed", "series changed"),
        (len(diff.new_problems), "new problem", "new problems"),
    ]
    parts = []
    for n, word, plural in counts:
        if n:
            parts.append(f"{n} {word}" if plural is None else _counted(n, word, plural))
    if diff.resolved_problems:
        parts.append(f"{_counted(diff.resolved_problems, 'problem')} fixed")
    return ", ".join(parts) if parts else "no changes"


Table = tuple[str, list[str], list[list[str]]]  # title, header, rows


def diff_markdown(diff: CalendarDiff) -> str:
    lines = ["## Calendar changes", "", f"Against `{diff.ref}`: **{summary(diff)}**.", ""]
    if diff.empty:
        return "\n".join(lines)
    for title, header, rows in _tables(diff):
        if rows:
            lines.extend([f"### {title}", "", "| " + " | ".join(header) + " |"])
            lines.append("|" + "---|" * len(header))
            lines.extend("| " + " | ".join(row) + " |" for row in rows)
            lines.append("")
    if diff.new_problems:
        lines.extend(["### New problems", ""])
        for d in diff.new_problems:
            where = f" ({d.network})" if d.network else ""
            lines.append(f"- **{d.severity}** `{d.path}:{d.line}` {d.rule}{where}: {md(d.message)}")
        lines.append("")
    return "\n".join(lines)


def _networks(entry: PostSnapshot) -> str:
    return ", ".join(entry.networks) or "none"


def _tables(diff: CalendarDiff) -> list[Table]:
    """The report's tables, in order (the report leaves out those without rows)."""
    posts = ["When", "Post", "Brand", "Networks", "Status"]
    tables: list[Table] = [
        (title, posts, [[_when(e), _post(e), md(e.brand), _networks(e), e.status] for e in found])
        for title, found in (("Added", diff.added), ("Removed", diff.removed))
    ]

    def table(title: str, header: list[str], rows: list[list[str]]) -> None:
        tables.append((title, header, rows))

    table(
        "Moved",
        ["Post", "Network", "Before", "After"],
        [[_post(e), net or "all", _when(e, old), _when(e, new)] for e, net, old, new in diff.moved],
    )
    table(
        "Networks changed",
        ["Post", "Added", "Removed"],
        [[_post(e), ", ".join(g) or "", ", ".join(lost) or ""] for e, g, lost in diff.retargeted],
    )
    table(
        "Status changed",
        ["Post", "Before", "After"],
        [[_post(e), old, new] for e, old, new in diff.status_changed],
    )
    table(
        "Series changed",
        ["Post", "Dates added", "Dates removed"],
        [[_post(e), _dates(e, gained), _dates(e, lost)] for e, gained, lost in diff.occurrences],
    )
    table(
        "Renamed",
        ["Before", "After"],
        [[f"`{old}`", f"`{new}`"] for old, new in diff.renamed],
    )
    return tables


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _entry(entry: PostSnapshot) -> dict:
    return {
        "post": entry.path,
        "title": entry.title,
        "brand": entry.brand,
        "status": entry.status,
        "networks": list(entry.networks),
        "publish_at": _iso(entry.publish_at),
    }


def diff_json(diff: CalendarDiff, now: datetime) -> str:
    payload = {
        "version": 1,
        "ref": diff.ref,
        "generated_at": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "summary": summary(diff),
        "added": [_entry(e) for e in diff.added],
        "removed": [_entry(e) for e in diff.removed],
        "renamed": [{"from": old, "to": new} for old, new in diff.renamed],
        "moved": [
            {"post": e.path, "title": e.title, "network": net, "from": _iso(a), "to": _iso(b)}
            for e, net, a, b in diff.moved
        ],
        "retargeted": [
            {"post": e.path, "title": e.title, "added": list(g), "removed": list(lost)}
            for e, g, lost in diff.retargeted
        ],
        "status_changed": [
            {"post": e.path, "title": e.title, "from": old, "to": new}
            for e, old, new in diff.status_changed
        ],
        "occurrences": [
            {
                "post": e.path,
                "title": e.title,
                "added": [_iso(m) for m in gained],
                "removed": [_iso(m) for m in lost],
            }
            for e, gained, lost in diff.occurrences
        ],
        "new_problems": [diagnostic_json(d) for d in diff.new_problems],
        "resolved_problems": diff.resolved_problems,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
