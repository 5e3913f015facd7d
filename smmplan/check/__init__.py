"""Check a loaded project: run every enabled rule and stamp its diagnostics.

``run`` is pure: the project (model + network specs + media headers) in, a sorted list
of ``Diagnostic`` out. Nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from smmplan.check import media, schedule, structure, text, workflow  # noqa: F401 - registers rules
from smmplan.check.registry import RULES, Context, Problem, Rule, lookup
from smmplan.model import Diagnostic, Post, Project, Severity

_WORDS = {"info": Severity.INFO, "warning": Severity.WARNING, "error": Severity.ERROR}


def severities(project: Project) -> tuple[dict[str, Severity | None], list[Diagnostic]]:
    """Each rule's severity after ``smmplan.yml``'s ``rules:`` (None = off)."""
    levels: dict[str, Severity | None] = {name: r.severity for name, r in RULES.items()}
    problems = []
    config = project.config
    for key, word in config.rules.items():
        found = lookup(key)
        if found is None:
            problems.append(
                _stamp(
                    RULES["unknown-reference"],
                    Problem(
                        f"rules: unknown rule '{key}' (see 'smmplan rules')",
                        config.lines.get("rules", 1),
                    ),
                    config.path or "smmplan.yml",
                    Severity.ERROR,
                )
            )
            continue
        levels[found.name] = _WORDS.get(word)
    return levels, problems


def run(project: Project, now: datetime, only: Iterable[str] | None = None) -> list[Diagnostic]:
    """All diagnostics; with ``only`` (repository-relative post paths), just those posts'."""
    selected = None if only is None else set(only)
    levels, diagnostics = severities(project)
    ctx = Context(project, now)
    by_target: dict[str, list[Rule]] = {}
    for rule in RULES.values():
        if levels[rule.name] is not None:
            by_target.setdefault(rule.target, []).append(rule)

    def emit(
        rule: Rule, problems: Iterable[Problem], path: str, ignore: frozenset[str] = frozenset()
    ) -> None:
        if rule.name in ignore or rule.code in ignore:
            return
        level = levels[rule.name]
        for problem in problems:
            severity = level if problem.severity is None else min(level, problem.severity)
            diagnostics.append(_stamp(rule, problem, problem.path or path, severity))

    files = [project.config, *project.brands.values(), *project.campaigns.values(), *project.posts]
    for item in files:
        path = getattr(item, "path", None)
        if path is None or (
            selected is not None and isinstance(item, Post) and path not in selected
        ):
            continue
        for rule in by_target.get("file", ()):
            emit(rule, rule.check(item), path, getattr(item, "ignore", frozenset()))

    for post in project.posts:
        if selected is not None and post.path not in selected:
            continue
        if any(f.rule == "front-matter-invalid" for f in post.findings):
            continue  # nothing else can be trusted about a post whose YAML did not parse
        emit_ignored = post.ignore
        for rule in by_target.get("post", ()):
            emit(rule, rule.check(post, ctx), post.path, emit_ignored)
        for variant in post.variants:
            spec = project.spec(variant.network, post.brand)
            if spec is None or variant.disabled:
                continue
            for rule in by_target.get("variant", ()):
                problems = (
                    _with_network(p, variant.network) for p in rule.check(post, variant, spec, ctx)
                )
                emit(rule, problems, post.path, emit_ignored)

    ignored = {post.path: post.ignore for post in project.posts}
    for rule in by_target.get("project", ()):
        for problem in rule.check(ctx):
            path = problem.path or ""
            involved = {path, *problem.related}
            if selected is not None and not involved & selected:
                continue
            emit(rule, [problem], path, ignored.get(path, frozenset()))
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def _with_network(problem: Problem, network: str) -> Problem:
    if problem.network is not None:
        return problem
    return Problem(
        problem.message,
        problem.line,
        problem.column,
        network,
        problem.path,
        problem.severity,
        problem.related,
    )


def _stamp(rule: Rule, problem: Problem, path: str, severity: Severity) -> Diagnostic:
    return Diagnostic(
        path=path,
        line=problem.line,
        column=problem.column,
        rule=rule.name,
        code=rule.code,
        severity=severity,
        message=problem.message,
        network=problem.network,
    )


def exit_code(diagnostics: Iterable[Diagnostic], strict: bool = False) -> int:
    worst = max((d.severity for d in diagnostics), default=Severity.INFO)
    if worst >= Severity.ERROR or (strict and worst >= Severity.WARNING):
        return 1
    return 0


def iter_rules() -> Iterator[Rule]:
    return iter(sorted(RULES.values(), key=lambda r: r.code))
