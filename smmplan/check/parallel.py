"""Check a whole repository, on every core when it is large enough to pay off.

Posts are independent until the schedule rules compare them, so each worker process
loads and checks a share of the posts and sends back only its diagnostics and small
schedule entries; the parent runs the rules across posts on all entries. Posts are
never sent between processes: rebuilding 10,000 of them would cost more than parsing.
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from smmplan.check import Checker, finish
from smmplan.check.registry import Context
from smmplan.check.schedule import ScheduleEntry, schedule_entries
from smmplan.check.select import Selection
from smmplan.load import load_settings, post_files, with_posts
from smmplan.model import Diagnostic, Project

MIN_POSTS_PER_WORKER = 400  # below this, starting a process costs more than it saves
_SHARED: tuple | None = None  # what forked workers inherit: (settings, checker, now, selection)


@dataclass(frozen=True)
class Outcome:
    diagnostics: list[Diagnostic]
    files: int  # files read
    posts: int  # posts checked
    config_path: str | None


def check_repository(
    root: Path, now: datetime, selection: Selection | None = None, jobs: int | None = None
) -> Outcome:
    selection = selection or Selection()
    settings = load_settings(root)
    paths = post_files(settings.root)
    checker = Checker.for_project(settings)
    workers = _workers(jobs, len(paths))
    if workers == 1:
        results = [_check_share(paths, (settings, checker, now, selection))]
    else:
        global _SHARED
        _SHARED = (settings, checker, now, selection)
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results = pool.map(_check_in_worker, [paths[n::workers] for n in range(workers)])
        finally:
            _SHARED = None
    diagnostics = checker.settings(settings)
    entries: list[ScheduleEntry] = []
    selected: set[str] = set()
    for found, share_entries, share_selected in results:
        diagnostics += found
        entries += share_entries
        selected |= share_selected
    entries.sort(key=lambda e: (e.brand, e.network, e.at, e.path))
    ctx = Context(settings, now, tuple(entries))
    diagnostics += checker.across(ctx, selected if selection.limits(settings) else None)
    return Outcome(
        finish(diagnostics), settings.files + len(paths), len(selected), settings.config.path
    )


def _workers(jobs: int | None, posts: int) -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if jobs is None:
        jobs = (
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else os.cpu_count() or 1
        )
    return max(1, min(jobs, posts // MIN_POSTS_PER_WORKER))


def _check_in_worker(paths: list[Path]) -> tuple[list[Diagnostic], list[ScheduleEntry], set[str]]:
    assert _SHARED is not None
    return _check_share(paths, _SHARED)


def _check_share(
    paths: list[Path], shared: tuple
) -> tuple[list[Diagnostic], list[ScheduleEntry], set[str]]:
    settings, checker, now, selection = shared
    project: Project = with_posts(settings, paths)
    chosen = {post.path for post in project.posts if selection.selects(post, settings)}
    only = chosen if selection.limits(settings) else None
    return checker.posts(project, now, only), list(schedule_entries(project)), chosen
