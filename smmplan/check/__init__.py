"""Check a loaded project: run every enabled rule and stamp its diagnostics.

``run`` is pure: the project (model + network specs + media headers) in, a sorted list
of ``Diagnostic`` out. Nothing here reads a file. It has three stages, which
``smmplan.pipeline`` can spread over processes:

1. settings: ``smmplan.yml``, brands and campaigns (``file`` and ``brand`` rules);
2. posts: each post on its own (``file``, ``post`` and ``variant`` rules), which also
   yields the post's schedule entries;
3. across posts: ``project`` rules over every schedule entry (conflicts).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from smmplan.check import (  # noqa: F401 - importing a rule module registers its rules
    brands,
    far_away,
    media,
    mix,
    repeat,
    results,
    schedule,
    structure,
    text,
    translations,
    workflow,
)
from smmplan.check.registry import (
    EARLY_STAGES,
    RULES,
    WORK_IN_PROGRESS,
    Context,
    Problem,
    Rule,
    lookup,
)
from smmplan.check.repeat import with_variant_texts  # also registers the repeat rules
from smmplan.check.schedule import ScheduleEntry, schedule_entries
from smmplan.locale import phrase
from smmplan.model import STATUSES, Diagnostic, FileFinding, Project, Severity

_WORDS = {"info": Severity.INFO, "warning": Severity.WARNING, "error": Severity.ERROR}
_POST_TARGETS = ("file", "post", "variant")


@dataclass
class Checker:
    """Enabled rules by target, with their configured severities.

    ``levels`` holds each rule's level for files that are not posts; ``stages`` the level
    by post status of the rules whose level follows the stage."""

    levels: dict[str, Severity | None]
    by_target: dict[str, list[Rule]] = field(default_factory=dict)
    config_problems: list[Diagnostic] = field(default_factory=list)
    stages: dict[str, dict[str, Severity | None]] = field(default_factory=dict)

    @classmethod
    def for_project(cls, project: Project) -> Checker:
        levels: dict[str, Severity | None] = {
            name: None if r.off_by_default else r.severity for name, r in RULES.items()
        }
        stages = {name: _early_warnings(levels[name]) for name in WORK_IN_PROGRESS}
        problems = []
        config = project.config
        for key, word in config.rules.items():
            found = lookup(key)
            if found is None:
                message = phrase("rules: unknown rule '{name}' (see 'smmplan rules')", name=key)
                problem = Problem(
                    message, config.lines.get(f"rules.{key}", config.lines.get("rules", 1))
                )
                problems.append(
                    _stamp(RULES["unknown-reference"], problem, config.path or "", Severity.ERROR)
                )
                continue
            if isinstance(word, str):
                levels[found.name] = _WORDS.get(word)
                stages.pop(found.name, None)  # one level for every stage
            else:
                start = stages.get(found.name) or dict.fromkeys(STATUSES, levels[found.name])
                stages[found.name] = _from_stages(start, word)
        checker = cls(levels, config_problems=problems, stages=stages)
        for rule in RULES.values():
            if levels[rule.name] is not None or any(
                v is not None for v in stages.get(rule.name, {}).values()
            ):
                checker.by_target.setdefault(rule.target, []).append(rule)
        return checker

    def level(self, name: str, status: str | None = None) -> Severity | None:
        """A rule's level for a post at ``status`` (None: a file that is no post)."""
        by_stage = self.stages.get(name)
        if by_stage is None or status is None:
            return self.levels[name]
        return by_stage.get(status, self.levels[name])

    def emit(
        self,
        rule: Rule,
        problems: Iterable[Problem],
        path: str,
        ignore: frozenset[str],
        out: list,
        status: str | None = None,
    ) -> None:
        if rule.name in ignore or rule.code in ignore:
            return
        level = self.level(rule.name, status)
        if level is None:
            return
        for problem in problems:
            out.append(_stamp(rule, problem, path, _level(level, problem)))

    def settings(self, project: Project) -> list[Diagnostic]:
        """Stage 1: smmplan.yml, brands and campaigns."""
        out = list(self.config_problems)
        files = [project.config, *project.brands.values(), *project.campaigns.values()]
        for item in files:
            if item.path is None:
                continue
            for rule in self.by_target.get("file", ()):
                self.emit(
                    rule, rule.check(item), item.path, getattr(item, "ignore", frozenset()), out
                )
        for brand in project.brands.values():
            for rule in self.by_target.get("brand", ()) if brand.path else ():
                self.emit(rule, rule.check(brand, project), brand.path, frozenset(), out)
        return out

    def _enabled(
        self, target: str, ignore: frozenset[str], status: str | None = None
    ) -> list[tuple[Rule, Severity]]:
        chosen = []
        for rule in self.by_target.get(target, ()):
            level = self.level(rule.name, status)
            if level is not None and rule.name not in ignore and rule.code not in ignore:
                chosen.append((rule, level))
        return chosen

    def located(
        self,
        findings: Iterable[FileFinding],
        ignored: Mapping[str, frozenset[str]],
        statuses: Mapping[str, str] | None = None,
    ) -> list[Diagnostic]:
        """Findings about files that are not posts, campaigns or brands (a picture that
        cannot be rendered, a row of an analytics export), stamped like every problem:
        the rule's code and configured level (at the status of the post they belong
        to, in ``statuses`` by path), the ``ignore:`` of that post."""
        out: list[Diagnostic] = []
        statuses = statuses or {}
        for item in findings:
            found = item.finding
            rule = RULES[found.rule]
            problem = Problem(
                found.message, found.line, found.column, found.network, None, found.severity
            )
            ignore = ignored.get(item.path, frozenset())
            self.emit(rule, [problem], item.path, ignore, out, statuses.get(item.path))
        return out

    def posts(self, ctx: Context, only: set[str] | None) -> list[Diagnostic]:
        """Stage 2: each post on its own. The hot loop of a check: kept flat on purpose."""
        out: list[Diagnostic] = []
        project = ctx.project
        plans: dict[tuple[str, frozenset[str]], dict[str, list[tuple[Rule, Severity]]]] = {}
        for post in with_variant_texts(project.posts):  # each repeat.variants text too
            path = post.path
            if only is not None and path not in only:
                continue
            rules = plans.get((post.status, post.ignore))
            if rules is None:  # the enabled rules and levels, once per status and ignore:
                rules = plans[post.status, post.ignore] = {
                    t: self._enabled(t, post.ignore, post.status) for t in _POST_TARGETS
                }
            for rule, level in rules["file"]:
                for problem in rule.check(post):
                    out.append(_stamp(rule, problem, path, _level(level, problem)))
            if any(f.rule == "front-matter-invalid" for f in post.findings):
                continue  # nothing else can be trusted about a post whose YAML did not parse
            for rule, level in rules["post"]:
                for problem in rule.check(post, ctx):
                    out.append(_stamp(rule, problem, path, _level(level, problem)))
            for variant in post.variants:
                spec = project.spec(variant.network, post.brand)
                if spec is None or variant.disabled:
                    continue
                network = variant.network
                for rule, level in rules["variant"]:
                    for problem in rule.check(post, variant, spec, ctx):
                        out.append(_stamp(rule, problem, path, _level(level, problem), network))
        return out

    def across(self, ctx: Context, only: set[str] | None) -> list[Diagnostic]:
        """Stage 3: rules that compare posts (``ctx.schedule``) with each other."""
        out: list[Diagnostic] = []
        ignored = {entry.path: entry.ignore for entry in ctx.schedule}
        statuses = {entry.path: entry.status for entry in ctx.schedule}
        for rule in self.by_target.get("project", ()):
            for problem in rule.check(ctx):
                path = problem.path or ""
                if only is not None and not {path, *problem.related} & only:
                    continue
                ignore = ignored.get(path, frozenset())
                self.emit(rule, [problem], path, ignore, out, statuses.get(path))
        return out


def run(
    project: Project,
    now: datetime,
    only: Iterable[str] | None = None,
    *,
    went_out: frozenset[tuple[str, str]] = frozenset(),
    progress: tuple = (),
) -> list[Diagnostic]:
    """All diagnostics; with ``only`` (repository-relative post paths), just those posts'.

    ``went_out`` and ``progress`` are what the results stage knows (see ``Context``)."""
    selected = None if only is None else set(only)
    checker = Checker.for_project(project)
    ctx = Context(project, now, went_out=went_out, progress=progress)
    diagnostics = checker.settings(project)
    diagnostics += checker.posts(ctx, selected)
    ctx = replace(ctx, schedule=tuple(schedule_entries(project)))
    diagnostics += checker.across(ctx, selected)
    return finish(diagnostics)


def stamp(project: Project, findings: Iterable[FileFinding]) -> list[Diagnostic]:
    """``Checker.located`` with the project's configured levels and each post's ``ignore:``."""
    ignored = {post.path: post.ignore for post in project.posts}
    statuses = {post.path: post.status for post in project.posts}
    return Checker.for_project(project).located(findings, ignored, statuses)


def finish(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file, line and rule, each problem once (keyed by plain tuples: fast)."""
    unique = {d.sort_key(): d for d in diagnostics}
    return [unique[key] for key in sorted(unique)]


def _early_warnings(level: Severity | None) -> dict[str, Severity | None]:
    """A work-in-progress rule's levels: at most a warning for ideas and drafts."""
    early = None if level is None else min(level, Severity.WARNING)
    return {status: early if status in EARLY_STAGES else level for status in STATUSES}


def _from_stages(
    start: Mapping[str, Severity | None], words: Mapping[str, str]
) -> dict[str, Severity | None]:
    """``start`` with each stage named in ``words`` setting the level from that stage on,
    up to the next stage named (in the order of ``STATUSES``)."""
    levels = dict(start)
    current: Severity | None = None
    named = False
    for status in STATUSES:
        if status in words:
            current, named = _WORDS.get(words[status]), True
        if named:
            levels[status] = current
    return levels


def _level(configured: Severity, problem: Problem) -> Severity:
    return configured if problem.severity is None else min(configured, problem.severity)


def _stamp(
    rule: Rule, problem: Problem, path: str, severity: Severity, network: str | None = None
) -> Diagnostic:
    return Diagnostic(
        path=problem.path or path,
        line=problem.line,
        column=problem.column,
        rule=rule.name,
        code=rule.code,
        severity=severity,
        message=problem.message,
        network=problem.network or network,
    )


def exit_code(diagnostics: Iterable[Diagnostic], strict: bool = False) -> int:
    worst = max((d.severity for d in diagnostics), default=Severity.INFO)
    if worst >= Severity.ERROR or (strict and worst >= Severity.WARNING):
        return 1
    return 0


def iter_rules() -> Iterator[Rule]:
    return iter(sorted(RULES.values(), key=lambda r: r.code))


__all__ = [
    "RULES",
    "Checker",
    "Context",
    "ScheduleEntry",
    "exit_code",
    "finish",
    "iter_rules",
    "run",
    "stamp",
]
