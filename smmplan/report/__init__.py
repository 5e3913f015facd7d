"""Diagnostics as text, JSON, GitHub annotations or SARIF 2.1.0.

Each format is a function from a ``Report`` to a string; ``FORMATS`` maps names to them.
``text`` and ``json`` name files relative to the content root; ``github`` and ``sarif``
relative to the git repository holding it (``locations``). Anything printed from user
content goes through ``terminal.printable`` first.
"""

from __future__ import annotations

from collections.abc import Callable

from smmplan.report.core import Report, as_json, as_text, diagnostic_json, summary_line
from smmplan.report.github import as_github
from smmplan.report.links import HOMEPAGE
from smmplan.report.sarif import as_sarif
from smmplan.report.terminal import printable

FORMATS: dict[str, Callable[[Report], str]] = {
    "text": as_text,
    "json": as_json,
    "github": as_github,
    "sarif": as_sarif,
}

__all__ = [
    "FORMATS",
    "HOMEPAGE",
    "Report",
    "as_github",
    "as_json",
    "as_sarif",
    "as_text",
    "diagnostic_json",
    "printable",
    "summary_line",
]
