"""Reading a large metrics folder on two cores: some files in a forked process, the rest here.

The files of a folder are read independently, so a forked process can read a share of
them while this one reads the others; its records come back packed (pickled as plain
tuples: a named tuple would unpickle through a Python call per row) and are put in file
order, so the result is the one a single process gives. The gain is capped by the
packing: on ``bench/metrics.py``'s folder (100,000 rows in 20 files, 33 MB) on 2 cores,
one process reads in 2.1 s and two in 1.6 s, the second spending about 0.3 s packing its
45 % and this one about 0.4 s unpacking it, which is why it gets the smaller share; on
10,000 rows (3.4 MB) 0.34 s becomes 0.26 s, and on the example plan's 96 KB forking costs
more than it saves. With the second core busy elsewhere the split is slower than one
process. So it is used for a folder of ``PARALLEL_BYTES`` or more, with two usable cores,
``fork``, and no other thread running (forking a process that has threads can deadlock
the child). Anything going wrong in the forked process makes this one read its share.
"""

from __future__ import annotations

import contextlib
import copyreg
import io
import multiprocessing
import pickle
import time
from collections.abc import Callable, Mapping, Sequence
from itertools import repeat
from pathlib import Path
from types import MappingProxyType

from smmplan.load.metrics.context import Sink
from smmplan.load.parallel import available_cores, flush_before_fork, may_fork
from smmplan.metrics_model import AccountRow, PostRow
from smmplan.model import EMPTY

PARALLEL_BYTES = 2 << 20
"""A folder smaller than this is read in one process."""
WORKER_SHARE = 0.45
"""The part of the bytes the forked process reads."""


def worker_share(paths: Sequence[Path]) -> list[int]:
    """Which files (by index) a forked process should read; none where it would not pay."""
    if len(paths) < 2 or not may_fork() or available_cores() < 2:
        return []
    try:
        sizes = [path.stat().st_size for path in paths]
    except OSError:
        return []
    total = sum(sizes)
    if total < PARALLEL_BYTES:
        return []
    share, taken = [], 0
    for index in sorted(range(len(paths)), key=lambda i: -sizes[i]):  # largest first
        if taken + sizes[index] <= WORKER_SHARE * total:
            share.append(index)
            taken += sizes[index]
    return sorted(share)


def read_in_two(count: int, share: Sequence[int], read: Callable[[int], Sink]) -> list[Sink]:
    """``read(index)`` of every file in ``range(count)``, those in ``share`` in a forked
    process, the others here at the same time; in file order."""
    flush_before_fork()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(share, read, send), daemon=True)
    child.start()
    send.close()
    started = time.monotonic()
    chosen = set(share)
    parts = {index: read(index) for index in range(count) if index not in chosen}
    patience = 4 * (time.monotonic() - started) + 30  # then it is stuck: read its share here
    try:
        if receive.poll(patience):
            parts.update(_unpack(receive.recv_bytes()))
    except (EOFError, OSError, pickle.UnpicklingError):
        pass  # it failed: its files are read below
    finally:
        receive.close()
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
            child.join()
    for index in share:
        if index not in parts:
            parts[index] = read(index)
    return [parts[index] for index in range(count)]


def _child(share: Sequence[int], read: Callable[[int], Sink], send) -> None:
    """In the forked process: read the share and send it back packed (nothing on failure)."""
    with contextlib.suppress(Exception):
        send.send_bytes(_pack([(index, read(index)) for index in share]))
    send.close()


def _proxy(mapping: MappingProxyType) -> tuple:
    return (_unproxy, (dict(mapping),))


def _unproxy(mapping: dict) -> Mapping:
    return MappingProxyType(mapping) if mapping else EMPTY


_REDUCERS = {**copyreg.dispatch_table, MappingProxyType: _proxy}  # EMPTY is a mappingproxy


def _pack(parts: list[tuple[int, Sink]]) -> bytes:
    plain = [
        (index, (sink.snapshots, list(map(tuple, sink.posts)), sink.spend, sink.traffic,
                 list(map(tuple, sink.accounts)), sink.findings))
        for index, sink in parts
    ]  # fmt: skip
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _REDUCERS  # type: ignore[assignment]
    pickler.dump(plain)
    return buffer.getvalue()


def _unpack(data: bytes) -> dict[int, Sink]:
    parts = {}
    for index, (snapshots, posts, spend, traffic, accounts, findings) in pickle.loads(data):
        posts = list(map(tuple.__new__, repeat(PostRow), posts))
        accounts = list(map(tuple.__new__, repeat(AccountRow), accounts))
        parts[index] = Sink(snapshots, posts, spend, traffic, accounts, findings)
    return parts
