"""Diagnostics as text, JSON, GitHub annotations or SARIF 2.1.0.

Each format is a function from a ``Report`` to a string; ``FORMATS`` maps names to them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from smmplan import __version__
from smmplan.model import Diagnostic, Severity

HOMEPAGE = "https://github.com/smmplan/smmplan"


@dataclass(frozen=True)
class Report:
    diagnostics: Sequence[Diagnostic]
    files: int
    posts: int
    color: bool = False

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}


def summary_line(report: Report) -> str:
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    infos = report.count(Severity.INFO)
    found = [_plural(errors, "error"), _plural(warnings, "warning")]
    if infos:
        found.append(_plural(infos, "note"))
    return f"{_plural(report.files, 'file')}, {_plural(report.posts, 'post')} checked: {', '.join(found)}"


def as_text(report: Report) -> str:
    """One line per problem: ``path:line:column: severity: message [rule network]``."""
    lines = []
    for d in report.diagnostics:
        level = str(d.severity)
        if report.color:
            level = f"{_COLORS[d.severity]}{level}\x1b[0m"
        where = f"{d.rule} {d.network}" if d.network else d.rule
        lines.append(f"{d.path}:{d.line}:{d.column}: {level}: {d.message} [{where}]")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    """The documented shape: ``{"version": 1, "summary": {...}, "diagnostics": [...]}``.

    One diagnostic per line: readable, diff-friendly, and written by json's C encoder
    (``indent`` would switch to the pure-Python one, slow on large plans).
    """
    summary = {
        "files": report.files,
        "posts": report.posts,
        "errors": report.count(Severity.ERROR),
        "warnings": report.count(Severity.WARNING),
    }
    items = ",\n  ".join(
        json.dumps(diagnostic_json(d), ensure_ascii=False) for d in report.diagnostics
    )
    body = f"[\n  {items}\n ]" if items else "[]"
    return f'{{"version": 1,\n "summary": {json.dumps(summary)},\n "diagnostics": {body}}}\n'


def diagnostic_json(d: Diagnostic) -> dict:
    return {
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "rule": d.rule,
        "code": d.code,
        "severity": str(d.severity),
        "network": d.network,
        "message": d.message,
    }


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def as_github(report: Report) -> str:
    """GitHub Actions workflow commands: annotations on the lines of the pull request."""
    lines = []
    for d in report.diagnostics:
        title = f"{d.rule} ({d.code})" + (f" on {d.network}" if d.network else "")
        lines.append(
            f"::{_GITHUB_LEVELS[d.severity]} file={_escape_property(d.path)},line={d.line},"
            f"col={d.column},title={_escape_property(title)}::{_escape_data(d.message)}"
        )
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


_SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def as_sarif(report: Report) -> str:
    """SARIF 2.1.0 for code scanning: every rule described once, results pointing at lines."""
    from smmplan.check import iter_rules

    rules = list(iter_rules())
    index = {rule.name: n for n, rule in enumerate(rules)}
    descriptors = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.doc},
            "help": {"text": rule.doc},
            "defaultConfiguration": {"level": _SARIF_LEVELS[rule.severity]},
            "properties": {"tags": [rule.family]},
        }
        for rule in rules
    ]
    results = []
    for d in report.diagnostics:
        result = {
            "ruleId": d.code,
            "ruleIndex": index[d.rule],
            "level": _SARIF_LEVELS[d.severity],
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": d.path, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": d.line, "startColumn": d.column},
                    }
                }
            ],
        }
        if d.network:
            result["properties"] = {"network": d.network}
        results.append(result)
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "smmplan",
                        "version": __version__,
                        "informationUri": HOMEPAGE,
                        "rules": descriptors,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": "./"}},
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Callable[[Report], str]] = {
    "text": as_text,
    "json": as_json,
    "github": as_github,
    "sarif": as_sarif,
}
