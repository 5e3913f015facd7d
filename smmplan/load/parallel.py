"""Load a large repository's posts on every core, a share of the posts per process.

Posts are independent of each other once settings, brands and campaigns are loaded, so
each forked worker loads its share and hands it to ``work`` (the pipeline's: check the
share); only what ``work`` returns crosses back, never the posts themselves: rebuilding
10,000 of them in the parent would cost more than parsing them. ``map_reads`` also hands
``work`` what each post was loaded from (the check cache keys its entries by it).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple, TypeVar

from smmplan.load import relative, with_posts
from smmplan.load.cache import FileStat, now_ns, stat_of
from smmplan.model import Project

T = TypeVar("T")

MIN_POSTS_PER_WORKER = 400  # below this, starting a process costs more than it saves
_SHARED: tuple | None = None  # what forked workers inherit: (settings, work, with reads)


class Read(NamedTuple):
    """A post file as it was loaded: its stat taken before reading it, when, its bytes."""

    stat: FileStat | None
    read_ns: int
    data: bytes


def map_shares(
    settings: Project,
    paths: Sequence[Path],
    work: Callable[[Project], T],
    jobs: int | None = None,
) -> list[T]:
    """``work(project with a share of the posts)`` for each share, in share order.

    ``settings`` is a project without posts (``load_settings``); ``jobs`` caps the
    processes (default: every available core, fewer for small plans)."""
    return _map(settings, paths, work, jobs, False)


def map_reads(
    settings: Project,
    paths: Sequence[Path],
    work: Callable[[Project, dict[str, Read]], T],
    jobs: int | None = None,
) -> list[T]:
    """``map_shares``, with ``work(project, reads)``: ``reads`` holds each post's
    :class:`Read`, by repository-relative path (posts that could not be read are absent)."""
    return _map(settings, paths, work, jobs, True)


def _map(settings: Project, paths: Sequence[Path], work: Callable, jobs: int | None, reads: bool):
    workers = worker_count(jobs, len(paths))
    if workers == 1:
        return [_load(settings, list(paths), work, reads)]
    global _SHARED
    _SHARED = (settings, work, reads)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_in_worker, [list(paths[n::workers]) for n in range(workers)])
    finally:
        _SHARED = None


def worker_count(jobs: int | None, posts: int) -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(jobs or available_cores(), posts // MIN_POSTS_PER_WORKER))


def available_cores() -> int:
    """The cores this process may run on (its affinity, where the system tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def may_fork() -> bool:
    """Whether this process can be forked safely: ``fork`` exists and no other thread runs
    (forking a process that has threads can deadlock the child)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def flush_before_fork() -> None:
    """Write out what is buffered, or the forked process would write it again."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()


def _in_worker(paths: list[Path]):
    assert _SHARED is not None
    settings, work, reads = _SHARED
    return _load(settings, paths, work, reads)


def _load(settings: Project, paths: list[Path], work: Callable, reads: bool):
    if not reads:
        return work(with_posts(settings, paths))
    before = {relative(path, settings.root): (stat_of(path), now_ns()) for path in paths}
    seen: dict[str, bytes] = {}
    project = with_posts(settings, paths, seen)
    return work(project, {rel: Read(*before[rel], data) for rel, data in seen.items()})
