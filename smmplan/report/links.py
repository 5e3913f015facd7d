"""Where smmplan's pages are published: the home page, and each rule's documentation.

The documentation is the ``docs/`` folder of the source repository, read on GitHub, which
renders Markdown and gives each heading an anchor made of its lower-cased text: rule
headings are the rule names, so ``docs/rules.md#text-too-long`` opens that rule.
"""

from __future__ import annotations

# [project.urls] Homepage and Documentation in pyproject.toml (a test compares them).
HOMEPAGE = "https://github.com/smmplan/smmplan"
DOCS_URL = "https://github.com/smmplan/smmplan/tree/main/docs"
RULES_PAGE = "https://github.com/smmplan/smmplan/blob/main/docs/rules.md"


def rule_anchor(name: str) -> str:
    """The fragment of a rule's section: rule names are already lower-case slugs."""
    return name


def help_uri(name: str) -> str:
    """The rule's section of ``docs/rules.md``."""
    return f"{RULES_PAGE}#{rule_anchor(name)}"
