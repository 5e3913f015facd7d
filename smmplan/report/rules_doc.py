"""The rules reference page (``docs/rules.md``), written from the registry's docstrings.

Families come in the order and under the titles their modules declare (``FAMILY``).
Each rule's section is a ``### name`` heading, so its anchor is the rule's name; SARIF's
``helpUri`` (``links.help_uri``) links there.
"""

from __future__ import annotations

from itertools import groupby

from smmplan.report.links import rule_anchor


def rules_markdown() -> str:
    from smmplan.check import iter_rules
    from smmplan.check.registry import FAMILIES

    lines = [
        "# Checks",
        "",
        "Generated from the rules' docstrings by `python -m smmplan.report.rules_doc`;"
        " `smmplan rules NAME` prints the same text.",
        "",
        "| code | name | default |",
        "|---|---|---|",
    ]
    rules = sorted(iter_rules(), key=lambda r: (FAMILIES[r.family].rank, r.code))
    lines += [f"| {r.code} | [`{r.name}`](#{rule_anchor(r.name)}) | {r.default} |" for r in rules]
    for family, members in groupby(rules, key=lambda r: r.family):
        lines += ["", f"## {FAMILIES[family].title}"]
        for rule in members:
            lines += [
                "",
                f"### {rule.name}",
                "",
                f"`{rule.code}`, default **{rule.default}**.",
                "",
            ]
            lines.append(rule.doc)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(rules_markdown(), end="")
