"""Brand hashtag sets: ``#{coffee}`` in a post's text stands for the brand's set ``coffee``.

Sets are expanded while loading, so every check counts, and the site and exports show,
exactly the text that will be published. A name the brand does not define stays as it is
and is reported (``unknown-reference``) on its line.
"""

from __future__ import annotations

from collections.abc import Mapping

import regex

from smmplan.model import Finding, TextPart
from smmplan.suggest import did_you_mean

REFERENCE = regex.compile(r"#\{([^{}\s]{1,40})\}")


def expand_parts(
    parts: tuple[TextPart, ...],
    sets: Mapping[str, tuple[str, ...]],
    findings: list[Finding],
    network: str | None = None,
) -> tuple[TextPart, ...]:
    if not any("#{" in part.text for part in parts):
        return parts
    return tuple(TextPart(expand(p.text, p.line, sets, findings, network), p.line) for p in parts)


def expand(
    text: str,
    line: int,
    sets: Mapping[str, tuple[str, ...]],
    findings: list[Finding],
    network: str | None = None,
) -> str:
    if "#{" not in text:
        return text

    def replace(match: regex.Match) -> str:
        name = match.group(1)
        tags = sets.get(name)
        if tags is not None:
            return " ".join(tags)
        before = text.rfind("\n", 0, match.start())
        known = ", ".join(sorted(sets)) or "none"
        findings.append(
            Finding(
                "unknown-reference",
                f"hashtag set '{name}' is not one of the brand's hashtag_sets ({known})"
                f"{did_you_mean(name, sets)}",
                line + text.count("\n", 0, match.start()),
                match.start() - before,
                network,
            )
        )
        return match.group()

    return REFERENCE.sub(replace, text)
