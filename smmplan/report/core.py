"""The report every format starts from, and the two formats for people and programs.

``as_text`` is for a terminal: one line per problem, user content shown escaped
(``terminal.printable``). ``as_json`` is the documented machine shape. Both name files
relative to the content root, as the diagnostics do.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from pathlib import Path

from smmplan.model import Diagnostic, Severity
from smmplan.report.terminal import json_safe, printable


@dataclass(frozen=True)
class Report:
    """What a check found. ``root`` is the content root the diagnostics' paths are
    relative to; the GitHub and SARIF formats use it to find the git repository."""

    diagnostics: Sequence[Diagnostic]
    files: int
    posts: int
    color: bool = False
    root: Path | None = None
    language: str = "en"  # of the text format's messages and summary; the others stay English

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}


def summary_line(report: Report, language: str = "en") -> str:
    """``3 files, 2 posts checked: 1 error, 0 warnings`` in ``language``."""
    from smmplan.locale.language import Words

    words = Words(language)
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    infos = report.count(Severity.INFO)
    found = [words.n("cli.errors", errors), words.n("cli.warnings", warnings)]
    if infos:
        found.append(words.n("cli.notes", infos))
    return words.t(
        "cli.summary",
        files=words.n("cli.files", report.files),
        posts=words.n("cli.posts", report.posts),
        found=", ".join(found),
    )


def text_line(d: Diagnostic, path: str, color: bool = False, language: str = "en") -> str:
    """``path:line:column: severity: message [rule network]``, user content escaped; the
    message in ``language`` (the severity stays the word editors' problem matchers read)."""
    from smmplan.locale import translate

    level = str(d.severity)
    if color:
        level = f"{_COLORS[d.severity]}{level}\x1b[0m"
    where = f"{d.rule} {printable(d.network)}" if d.network else d.rule
    message = printable(translate(d.message, language))
    return f"{printable(path)}:{d.line}:{d.column}: {level}: {message} [{where}]"


def as_text(report: Report) -> str:
    """One line per problem (``text_line``), then the summary."""
    lines = [text_line(d, d.path, report.color, report.language) for d in report.diagnostics]
    lines.append(summary_line(report, report.language))
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
    items = ",\n  ".join(map(diagnostic_line, report.diagnostics))
    body = f"[\n  {items}\n ]" if items else "[]"
    return json_safe(
        f'{{"version": 1,\n "summary": {json.dumps(summary)},\n "diagnostics": {body}}}\n'
    )


def diagnostic_line(d: Diagnostic) -> str:
    """``json.dumps(diagnostic_json(d), ensure_ascii=False)``, its strings by json's C
    string encoder: an encoder call per diagnostic was a fifth of a cached ``check``."""
    text = encode_basestring
    network = "null" if d.network is None else text(d.network)
    return (
        f'{{"path": {text(d.path)}, "line": {int(d.line)!r}, "column": {int(d.column)!r},'
        f' "rule": {text(d.rule)}, "code": {text(d.code)}, "severity": {text(str(d.severity))},'
        f' "network": {network}, "message": {text(d.message)}}}'
    )


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
