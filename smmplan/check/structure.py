"""Structure rules: what the loader noticed while reading a file.

The loader records findings under these rule names as it reads each key; these rules
report them, so that they can be listed, configured and ignored like any other rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from smmplan.check.registry import RULES, Family, Problem, rule
from smmplan.locale import phrase
from smmplan.model import Severity

FAMILY = Family("structure", "Structure", 1)  # its heading and place in docs/rules.md


def _findings(item: Any, name: str) -> Iterator[Problem]:
    for finding in getattr(item, "findings", ()):
        if finding.rule == name:
            yield Problem(
                finding.message,
                finding.line,
                finding.column,
                finding.network,
                severity=finding.severity,
            )


@rule("front-matter-invalid", "ST01", Severity.ERROR, "file")
def front_matter_invalid(item: Any) -> Iterator[Problem]:
    """The file cannot be read as front matter and text.

    Reported for a file that is not UTF-8, is empty, does not start with a ``---`` line,
    never closes its front matter, holds YAML with a syntax error or a duplicate key,
    has a list or a single value where a mapping of keys belongs, or uses YAML aliases
    that expand beyond a safe size. Nothing else is checked in such a post.

    Fix: open the file at the line given and correct the YAML.
    """
    yield from _findings(item, "front-matter-invalid")


@rule("missing-field", "ST02", Severity.ERROR, "file")
def missing_field(item: Any) -> Iterator[Problem]:
    """A required key is absent.

    Posts need ``title``; ``brand`` when the repository has more than one brand;
    ``networks`` unless the status is ``idea``; ``publish_at`` from status ``approved``
    on. Brands need ``timezone``, campaigns ``title``, media items ``src``.
    """
    yield from _findings(item, "missing-field")


@rule("unknown-field", "ST03", Severity.ERROR, "file")
def unknown_field(item: Any) -> Iterator[Problem]:
    """A key that smmplan does not know, usually a typo.

    A misspelt key (``pubish_at``) would otherwise be ignored silently and the post
    would go out unscheduled; the message names the key that was probably meant.
    """
    yield from _findings(item, "unknown-field")


@rule("invalid-value", "ST04", Severity.ERROR, "file")
def invalid_value(item: Any) -> Iterator[Problem]:
    """A value of the wrong type or outside its allowed set.

    Examples: ``status: aproved``, ``publish_at: 2026-13-45 10:00``, ``sponsored: "yes
    please"``, ``timezone: Mars/Olympus``, a ``focus`` outside 0..1, a campaign whose
    ``end`` is before its ``start``, a network override that is not a mapping.
    """
    yield from _findings(item, "invalid-value")
    ignore = getattr(item, "ignore", None)
    for name in sorted(ignore or ()):
        if name not in RULES and not any(r.code == name.upper() for r in RULES.values()):
            line = getattr(item, "lines", {}).get("ignore", 1)
            yield Problem(
                phrase("ignore: unknown rule '{name}' (see 'smmplan rules')", name=name), line
            )


@rule("unknown-reference", "ST05", Severity.ERROR, "file")
def unknown_reference(item: Any) -> Iterator[Problem]:
    """A name that points at nothing: a brand, campaign, network or rule.

    ``brand: qehve-evi`` needs ``brands/qehve-evi.yml``; ``campaign: bf`` needs
    ``content/campaigns/bf.md``; networks are the ones ``smmplan networks`` lists
    (``twitter`` is called ``x``).
    """
    yield from _findings(item, "unknown-reference")
