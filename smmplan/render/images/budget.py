"""A memory budget for the render pool: sources are decoded in parallel only while the
pixels they decode to fit in ``MEMORY_BUDGET`` together.

A picture near the pixel limit decodes to about 480 MB (four bytes a pixel) on top of its
file; two of them at once would take a process past 1 GiB. Each job holds an estimate of
what its decode needs (:func:`estimate`) while it runs; a job that needs more than the
whole budget still runs, alone. Small photos run one per core as before. After a large
decode the freed memory is handed back to the system (:func:`give_back_memory`).
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator

from smmplan.render.images.plan import SourceJob

MEMORY_BUDGET = 600 * 2**20
"""Bytes of decoded pixels (and source files) the pool holds at once."""
BYTES_PER_PIXEL = 4  # RGBA or CMYK: the largest 8-bit decode


def estimate(job: SourceJob) -> int:
    """What decoding ``job``'s source takes: its pixels at four bytes, and its file."""
    info = job.info
    return max(0, info.width) * max(0, info.height) * BYTES_PER_PIXEL + max(0, info.bytes)


class MemoryBudget:
    """A counting limit shared by the pool's threads (``hold`` blocks until there is room)."""

    def __init__(self, total: int | None = None) -> None:
        self.total = MEMORY_BUDGET if total is None else total
        self.free = self.total
        self._changed = threading.Condition()

    @contextlib.contextmanager
    def hold(self, amount: int) -> Iterator[None]:
        amount = min(max(0, amount), self.total)
        with self._changed:
            self._changed.wait_for(lambda: self.free >= amount)
            self.free -= amount
        try:
            yield
        finally:
            if amount >= self.total // 4:
                give_back_memory()
            with self._changed:
                self.free += amount
                self._changed.notify_all()


@functools.cache
def _malloc_trim():
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None  # not glibc


def give_back_memory() -> None:
    """Return freed memory to the system now. glibc keeps what a thread freed in that
    thread's own arena, where another thread's next large decode cannot reuse it: without
    this, two threads decoding one large picture after the other hold both pictures."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
