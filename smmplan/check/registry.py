"""The rule registry: each rule is a small pure function registered with ``@rule``.

A rule's name is stable and readable (``text-too-long``), its code is short and never
changes (``TX02``), its docstring is its documentation (``smmplan rules`` prints it) and
its severity is a default that ``smmplan.yml`` may change. The engine, not the rule,
stamps the name, code, severity and path onto each problem.

Targets say what the engine feeds a rule:

- ``file``: any loaded file (post, campaign, brand, smmplan.yml), for structure problems;
- ``post``: ``(post, ctx)``;
- ``variant``: ``(post, variant, spec, ctx)`` for each network a post goes to;
- ``project``: ``(ctx)``, for rules that compare posts with each other;
- ``brand``: ``(brand, project)`` for each brand file, with the project's networks.

A ``post`` or ``variant`` rule that reads ``ctx.now`` or what the results stage knows
(``ctx.went_out``, ``ctx.progress``) says so with ``uses_now=True``: the check cache
keeps what the other per-post rules found, but runs these on every check. Such a rule
finds nothing while ``now`` is before every moment its post names (the cache does not
run it then), and every per-post rule reports on its own post's file.

A rule's level may follow a post's stage (its ``status``): the rules in
:data:`WORK_IN_PROGRESS` are at most warnings for :data:`EARLY_STAGES`, and ``smmplan.yml``
may give any rule levels by stage (``{draft: warning, review: error}``).
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from smmplan.model import Project, Severity

TARGETS = ("file", "post", "variant", "project", "brand")
#: Rules about what a post still lacks to be published, not about what it gets wrong:
#: a draft without its text, picture or title is work in progress, not a broken build.
WORK_IN_PROGRESS = frozenset({"text-empty", "media-required", "title-required"})
EARLY_STAGES = frozenset({"idea", "draft"})  # where those rules are at most warnings


@dataclass(frozen=True, slots=True)
class Problem:
    message: str
    line: int = 1
    column: int = 1
    network: str | None = None
    path: str | None = None  # project rules name the file; others get it from their target
    severity: Severity | None = None  # a rule may soften itself for one problem
    related: tuple[str, ...] = ()  # other files involved (schedule conflicts)


@dataclass(frozen=True)
class Context:
    """What every rule may look at besides its target: read-only.

    ``schedule`` is filled for ``project`` rules only: every post's publishing slots.
    ``went_out`` holds the (post path, network) pairs that a network's analytics export
    shows as published; ``progress`` the KPI progress of each campaign with results
    (``smmplan.metrics_model.KpiProgress``). Both come from the results stage.
    """

    project: Project
    now: datetime
    schedule: tuple[Any, ...] = ()
    went_out: frozenset[tuple[str, str]] = frozenset()
    progress: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Rule:
    name: str
    code: str
    severity: Severity
    target: str
    family: str
    check: Callable[..., Iterator[Problem]]
    off_by_default: bool = False  # runs only when smmplan.yml gives it a level
    uses_now: bool = False  # reads ctx.now, went_out or progress: never served from a cache

    @property
    def default(self) -> str:
        """Its level unless ``smmplan.yml`` says otherwise: ``off`` or the severity."""
        return "off" if self.off_by_default else str(self.severity)

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.check) or ""

    @property
    def summary(self) -> str:
        return self.doc.split("\n", 1)[0]


@dataclass(frozen=True, slots=True)
class Family:
    """A family of rules, declared by its module above its first rule: ``FAMILY = Family(...)``."""

    name: str  # for programs: ``Rule.family``, SARIF tags, ``smmplan rules --format json``
    title: str  # its heading in docs/rules.md
    rank: int  # its place among the families in docs/rules.md


RULES: dict[str, Rule] = {}
BY_CODE: dict[str, Rule] = {}
FAMILIES: dict[str, Family] = {}  # by name, as their rules register


def rule(
    name: str,
    code: str,
    severity: Severity,
    target: str,
    *,
    off_by_default: bool = False,
    uses_now: bool = False,
) -> Callable:
    """Register a rule function under a name and a code; ``off_by_default`` rules run
    only when ``smmplan.yml`` gives them a level (``rules: {name: warning}``);
    ``uses_now`` marks a per-post rule that reads ``ctx.now`` (see the module's docstring)."""
    if target not in TARGETS:
        raise ValueError(f"unknown target {target}")

    def register(check: Callable[..., Iterator[Problem]]) -> Callable[..., Iterator[Problem]]:
        if name in RULES or code in BY_CODE:
            raise ValueError(f"rule {name} / {code} registered twice")
        if not inspect.getdoc(check):
            raise ValueError(f"rule {name} has no docstring")
        family = _family_of(check, name)
        RULES[name] = BY_CODE[code] = Rule(
            name, code, severity, target, family.name, check, off_by_default, uses_now
        )
        return check

    return register


def _family_of(check: Callable, name: str) -> Family:
    """The :class:`Family` that the module of a rule function declares as ``FAMILY``."""
    family = getattr(sys.modules.get(check.__module__), "FAMILY", None)
    if not isinstance(family, Family):
        raise ValueError(f"rule {name}: {check.__module__} declares no FAMILY = Family(...)")
    if FAMILIES.setdefault(family.name, family) != family:
        raise ValueError(f"rule {name}: family {family.name} is declared twice, differently")
    return family


def lookup(name_or_code: str) -> Rule | None:
    return RULES.get(name_or_code) or BY_CODE.get(name_or_code.upper())
