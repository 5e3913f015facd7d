"""The rules reference page (``docs/rules.md``), written from the registry's docstrings.

Families come in the order and under the titles their modules declare (``FAMILY``).
"""

from __future__ import annotations

from itertools import groupby


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
    lines += [f"| {r.code} | [`{r.name}`](#{r.name}) | {r.severity} |" for r in rules]
    for family, members in groupby(rules, key=lambda r: r.family):
        lines += ["", f"## {FAMILIES[family].title}"]
        for rule in members:
            lines += [
                "",
                f"### {rule.name}",
                "",
                f"`{rule.code}`, default **{rule.severity}**.",
                "",
            ]
            lines.append(rule.doc)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(rules_markdown(), end="")
