"""Load a large repository's posts on every core, a share of the posts per process.

Posts are independent of each other once settings, brands and campaigns are loaded, so
each forked worker loads its share and hands it to ``work`` (the pipeline's: check the
share); only what ``work`` returns crosses back, never the posts themselves: rebuilding
10,000 of them in the parent would cost more than parsing them.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from smmplan.load import with_posts
from smmplan.model import Project

T = TypeVar("T")

MIN_POSTS_PER_WORKER = 400  # below this, starting a process costs more than it saves
_SHARED: tuple | None = None  # what forked workers inherit: (settings, work)


def map_shares(
    settings: Project,
    paths: Sequence[Path],
    work: Callable[[Project], T],
    jobs: int | None = None,
) -> list[T]:
    """``work(project with a share of the posts)`` for each share, in share order.

    ``settings`` is a project without posts (``load_settings``); ``jobs`` caps the
    processes (default: every available core, fewer for small plans)."""
    workers = worker_count(jobs, len(paths))
    if workers == 1:
        return [work(with_posts(settings, paths))]
    global _SHARED
    _SHARED = (settings, work)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_in_worker, [list(paths[n::workers]) for n in range(workers)])
    finally:
        _SHARED = None


def worker_count(jobs: int | None, posts: int) -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if jobs is None:
        jobs = (
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else os.cpu_count() or 1
        )
    return max(1, min(jobs, posts // MIN_POSTS_PER_WORKER))


def _in_worker(paths: list[Path]):
    assert _SHARED is not None
    settings, work = _SHARED
    return work(with_posts(settings, paths))
