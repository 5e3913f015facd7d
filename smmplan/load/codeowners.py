"""CODEOWNERS: who owns which file, in GitHub's syntax, for brands with ``approvers: codeowners``.

The file is looked for where GitHub looks, in its order: ``.github/CODEOWNERS``, then
``CODEOWNERS`` at the root, then ``docs/CODEOWNERS``. Each line is a path pattern and its
owners; the last line whose pattern matches a file names its owners (a line with a
pattern and no owners leaves the file without owners).

Patterns follow ``.gitignore`` with GitHub's exceptions: ``!`` negation and ``[ ]``
ranges are not supported (such lines match nothing), ``\\#`` starts a pattern with ``#``,
and ``docs/*`` matches the files directly in ``docs/`` but not those deeper down.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from smmplan.load.files import read_file
from smmplan.model import Brand, CodeOwnersRule, Finding

LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")


def find_codeowners(
    root: Path,
) -> tuple[str | None, tuple[CodeOwnersRule, ...], str | None]:
    """The first CODEOWNERS file GitHub would use: its path, its rules, and why it was
    refused (a link out of the repository, a file too large ...) if it was."""
    for rel in LOCATIONS:
        path = root / rel
        if not (path.is_file() or path.is_symlink()):
            continue
        data, refusal = read_file(path, root, "settings")
        if data is None:
            return rel, (), refusal.message if refusal else "it cannot be read"
        return rel, parse_codeowners(data.decode("utf-8-sig", errors="replace")), None
    return None, (), None


def parse_codeowners(text: str) -> tuple[CodeOwnersRule, ...]:
    """Every line with a pattern, in order; comments and blank lines are skipped."""
    rules = []
    for number, raw in enumerate(text.splitlines(), start=1):
        words = raw.split()
        if not words or words[0].startswith("#"):
            continue
        pattern = words[0][1:] if words[0].startswith("\\#") else words[0]
        owners = []
        for word in words[1:]:
            if word.startswith("#"):  # the rest of the line is a comment
                break
            owners.append(word)
        rules.append(CodeOwnersRule(pattern, tuple(owners), number))
    return tuple(rules)


def owners_of(path: str, rules: Sequence[CodeOwnersRule]) -> tuple[str, ...] | None:
    """The owners of the repository-relative ``path`` (``/`` separated), or None when no
    line matches it. The last matching line wins, as on GitHub."""
    for entry in reversed(rules):
        matcher = _matcher(entry.pattern)
        if matcher is not None and matcher.fullmatch(path):
            return entry.owners
    return None


def owner_name(owner: str) -> str:
    """An owner as ``approved_by`` names it: without the ``@``, in lower case."""
    return owner.removeprefix("@").casefold()


@lru_cache(maxsize=512)
def _matcher(pattern: str) -> re.Pattern[str] | None:
    if not pattern or pattern.startswith("!") or "[" in pattern or "]" in pattern:
        return None
    directory_only = pattern.endswith("/")
    body = pattern.strip("/")
    if not body:
        return re.compile(r".+") if pattern.startswith("/") else None
    anchored = pattern.startswith("/") or "/" in body
    segments = body.split("/")
    regex = "" if anchored else "(?:.*/)?"
    regex += "/".join(_segment(segment) for segment in segments)
    regex = regex.replace("(?:.*/)?/", "(?:.*/)?")  # "**/" needs no slash of its own
    if segments[-1] == "**":  # "docs/**": everything below docs/
        regex = regex.removesuffix("(?:.*/)?") + ".+"
    elif directory_only:
        regex += "/.+"
    elif segments[-1] != "*":  # a name matches the file, or a folder and all below it
        regex += "(?:/.*)?"
    return re.compile(regex, re.DOTALL)


def _segment(segment: str) -> str:
    if segment == "**":
        return "(?:.*/)?"
    out = []
    index = 0
    while index < len(segment):
        char = segment[index]
        if segment.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        out.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
        index += 1
    return "".join(out)


def attach_codeowners(
    root: Path, brands: dict[str, Brand]
) -> tuple[str | None, tuple[CodeOwnersRule, ...]]:
    """The CODEOWNERS path and rules when a brand takes its approvers from it (else none);
    such a brand gets a finding on its ``approvers`` line when the file is absent or refused."""
    askers = [brand for brand in brands.values() if brand.approvers_from_codeowners]
    if not askers:
        return None, ()
    rel, rules, refused = find_codeowners(root)
    if rel is not None and refused is None:
        return rel, rules
    message = (
        f"approvers: codeowners, but {refused}"
        if refused
        else "approvers: codeowners, but there is no CODEOWNERS file"
        f" (looked for {', '.join(LOCATIONS)})"
    )
    for brand in askers:
        finding = Finding("unknown-reference", message, brand.lines.get("approvers", 1))
        brands[brand.id] = dataclasses.replace(brand, findings=(*brand.findings, finding))
    return rel, ()
