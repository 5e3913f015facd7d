"""SARIF 2.1.0 for code scanning, valid against the OASIS schema.

- Artifact URIs are relative to the git repository (``locations``), percent-encoded, with
  ``uriBaseId`` ``%SRCROOT%`` whose ``originalUriBaseIds`` entry is the repository's
  absolute ``file://`` URI; a file outside it gets its own absolute URI.
- Columns count Unicode code points, as Python strings index them and as every smmplan
  diagnostic counts: the run says so in ``columnKind``.
- ``partialFingerprints.primaryLocationLineHash`` hashes the rule, the network, the file
  and the text of the line (not its number), so an alert survives lines moving above it,
  and ``text-too-long`` on X and on Bluesky in one line stay two alerts. GitHub computes
  this key itself only when it is missing, from the line alone.
- Each rule has a ``helpUri``: its section of ``docs/rules.md``.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from smmplan import __version__
from smmplan.model import Diagnostic, Severity
from smmplan.report.core import Report
from smmplan.report.links import HOMEPAGE, help_uri
from smmplan.report.locations import Locations, file_uri, relative_uri
from smmplan.report.terminal import json_safe

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_LARGEST_READ = 32 * 1024 * 1024  # larger files are fingerprinted without their line's text


def _descriptors() -> tuple[list[dict], dict[str, int]]:
    from smmplan.check import iter_rules

    rules = list(iter_rules())
    descriptors = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.doc},
            "help": {"text": rule.doc},
            "helpUri": help_uri(rule.name),
            "defaultConfiguration": {
                "level": _LEVELS[rule.severity],
                **({"enabled": False} if rule.off_by_default else {}),
            },
            "properties": {"tags": [rule.family]},
        }
        for rule in rules
    ]
    return descriptors, {rule.name: n for n, rule in enumerate(rules)}


class _Lines:
    """The text of a file's lines, read once per file; empty where a file cannot be read."""

    def __init__(self, locations: Locations) -> None:
        self._locations = locations
        self._files: dict[str, list[str]] = {}

    def text(self, path: str, line: int) -> str:
        if path not in self._files:
            self._files[path] = self._read(self._locations.file(path), self._locations.content_root)
        lines = self._files[path]
        return lines[line - 1] if 0 < line <= len(lines) else ""

    @staticmethod
    def _read(file: Path | None, root: Path | None) -> list[str]:
        from smmplan.load.files import read_file  # refuses links out, FIFOs, devices

        try:
            if file is None or root is None or file.stat().st_size > _LARGEST_READ:
                return []
            data, _ = read_file(file, root, "metrics")
        except (OSError, ValueError):  # gone, a folder, unreadable, or a name the OS refuses
            return []
        if data is None:
            return []
        text = data.decode("utf-8", "replace").removeprefix("\ufeff")
        # numbered as the loader numbers lines: CRLF, CR and LF end a line, nothing else
        return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _line_hash(d: Diagnostic, repo_path: str, line_text: str) -> str:
    """The hash of what identifies an alert apart from its line number."""
    parts = (d.code, d.network or "", repo_path, " ".join(line_text.split()))
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def _artifact(path: str, locations: Locations) -> dict:
    relative = locations.relative(path)
    if relative is not None:
        location = {"uri": relative_uri(relative)}
        if locations.base is not None:
            location["uriBaseId"] = SRCROOT
        return location
    return {"uri": Path(path).as_uri()}


def _result(d: Diagnostic, locations: Locations, index: dict[str, int], fingerprint: str) -> dict:
    result: dict = {"ruleId": d.code}
    if d.rule in index:  # a diagnostic from outside the registry has no descriptor
        result["ruleIndex"] = index[d.rule]
    result |= {
        "level": _LEVELS[d.severity],
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact(d.path, locations),
                    "region": {"startLine": max(d.line, 1), "startColumn": max(d.column, 1)},
                }
            }
        ],
        "partialFingerprints": {"primaryLocationLineHash": fingerprint},
    }
    if d.network:
        result["properties"] = {"network": d.network}
    return result


def _results(report: Report, locations: Locations, index: dict[str, int]) -> list[dict]:
    lines = _Lines(locations)
    seen: Counter[str] = Counter()
    results = []
    for d in report.diagnostics:
        digest = _line_hash(d, locations.shown(d.path), lines.text(d.path, d.line))
        seen[digest] += 1  # the same problem on two identical lines: :1, :2 in file order
        results.append(_result(d, locations, index, f"{digest}:{seen[digest]}"))
    return results


def as_sarif(report: Report) -> str:
    """One run: every rule described once (indented), results pointing at lines (one a line)."""
    locations = Locations.for_root(report.root)
    descriptors, index = _descriptors()
    run: dict = {
        "tool": {
            "driver": {
                "name": "smmplan",
                "version": __version__,
                "informationUri": HOMEPAGE,
                "rules": descriptors,
            }
        },
        "columnKind": "unicodeCodePoints",
    }
    if locations.base is not None:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": file_uri(locations.base)}}
    run["results"] = []
    sarif = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    head, _, tail = json.dumps(sarif, ensure_ascii=False, indent=2).rpartition('"results": []')
    return json_safe(head + _results_json(_results(report, locations, index)) + tail) + "\n"


def _results_json(results: list[dict]) -> str:
    """The results one per line: written by json's C encoder (``indent`` would switch to
    the pure-Python one, many times slower on a large plan's thousands of results)."""
    if not results:
        return '"results": []'
    items = ",\n        ".join(json.dumps(r, ensure_ascii=False) for r in results)
    return f'"results": [\n        {items}\n      ]'
