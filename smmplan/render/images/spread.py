"""Sharing the renditions of one decode between threads.

A source is decoded by the thread that took its job; its renditions are then cut and
encoded by that thread and, at the same time, by spare threads that have nothing else
to do. A run with a single new picture (a post edited while ``serve`` runs) or the last
job of a larger run then keeps every core busy instead of one. Each rendition is made by
exactly the same calls whichever thread makes it, so the files are the same.
"""

from __future__ import annotations

import collections
import contextlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

Task = TypeVar("Task")


@dataclass(frozen=True)
class SpareThreads:
    """Threads that take part in any job's renditions when they are free."""

    pool: ThreadPoolExecutor
    threads: int


@contextlib.contextmanager
def spare_threads(threads: int) -> Iterator[SpareThreads | None]:
    """``threads`` spare threads for the length of a run (None for none)."""
    if threads <= 0:
        yield None
        return
    with ThreadPoolExecutor(threads, thread_name_prefix="smmplan-images-spare") as pool:
        yield SpareThreads(pool, threads)


def share(tasks: Sequence[Task], run: Callable[[Task], None], spare: SpareThreads | None) -> None:
    """``run(task)`` for every task, here and on the free spare threads; returns when all
    are done, then raises the first error met (an error here drops the tasks not started)."""
    pending = collections.deque(tasks)

    def drain() -> None:
        while True:
            try:
                task = pending.popleft()  # atomic: each task is taken once
            except IndexError:
                return
            run(task)

    offers = 0 if spare is None else min(spare.threads, len(tasks) - 1)
    offered = [spare.pool.submit(drain) for _ in range(offers)] if spare else []
    try:
        drain()
    except BaseException:
        pending.clear()
        _finish(offered)
        raise
    error = _finish(offered)
    if error is not None:
        raise error


def _finish(offered: list[Future]) -> BaseException | None:
    """Withdraw the offers no spare thread has taken up (this thread did their work); wait for
    the others. The first error a spare thread met, if any."""
    error = None
    for future in offered:
        if future.cancel():
            continue
        found = future.exception()
        error = error or found
    return error
