"""GitHub Actions workflow commands: each problem an annotation on its line of the diff.

Paths are relative to the git repository (``locations``), where GitHub looks for them.
Properties and messages are escaped as the runner reads them back (``%``, CR and LF in
both; ``:`` and ``,`` in properties too), after user content was made printable.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (and 50 per
job): https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md#limitations
(read 2026-12-01). The rest are printed as plain lines in the log, and a closing notice
says how many and where they are.
"""

from __future__ import annotations

from collections import Counter

from smmplan.model import Diagnostic, Severity
from smmplan.report.core import Report, plural, summary_line, text_line
from smmplan.report.locations import Locations
from smmplan.report.terminal import printable

ANNOTATIONS_PER_KIND = 10
_KINDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic, path: str) -> str:
    """``::error file=…,line=…,col=…,title=rule (code) on network::message``."""
    title = f"{d.rule} ({d.code})" + (f" on {d.network}" if d.network else "")
    properties = (
        f"file={escape_property(printable(path))},line={d.line},col={d.column},"
        f"title={escape_property(printable(title))}"
    )
    return f"::{_KINDS[d.severity]} {properties}::{escape_data(printable(d.message))}"


def _room(diagnostics: list[Diagnostic]) -> dict[str, int]:
    """How many annotations of each kind to print: with more than GitHub shows, one
    notice is kept free for the closing one."""
    counts = Counter(_KINDS[d.severity] for d in diagnostics)
    room = dict.fromkeys(_KINDS.values(), ANNOTATIONS_PER_KIND)
    if any(n > room[kind] for kind, n in counts.items()):
        room["notice"] -= 1
    return room


def _not_shown_notice(left_out: Counter[str]) -> str:
    words = {"error": "error", "warning": "warning", "notice": "note"}
    parts = [plural(left_out[kind], words[kind]) for kind in _KINDS.values() if left_out[kind]]
    found = ", ".join(parts)
    message = (
        f"{found} not shown as annotations (GitHub shows {ANNOTATIONS_PER_KIND} of each kind"
        " per step): they are listed in this step's log above, in code scanning where the"
        " workflow uploads 'smmplan check --format sarif', and in 'smmplan check' locally"
    )
    return f"::notice title={escape_property('smmplan: more problems')}::{escape_data(message)}"


def as_github(report: Report) -> str:
    """Annotations up to GitHub's limit, the rest as log lines, then the summary."""
    locations = Locations.for_root(report.root)
    room = _room(list(report.diagnostics))
    annotations: list[str] = []
    overflow: list[str] = []
    left_out: Counter[str] = Counter()
    for d in report.diagnostics:
        kind, path = _KINDS[d.severity], locations.shown(d.path)
        if room[kind] > 0:
            room[kind] -= 1
            annotations.append(annotation(d, path))
        else:
            left_out[kind] += 1
            overflow.append(text_line(d, path))
    lines = annotations + overflow
    if left_out:
        lines.append(_not_shown_notice(left_out))
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
