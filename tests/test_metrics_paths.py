"""The reader's fast paths give exactly what the plain ones give: a folder read on two
cores against one process, and rows converted a batch at a time against one by one."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from smmplan.load.metrics import load_metrics, posts, split

QUIRKS = ["", "N/A", "--", "1 204", "1,5", "-3", "12a", "1.2E+17", "7"]


def _generic(rows: int, seed: int) -> str:
    pick = random.Random(seed)
    lines = ["network,url,date,views,reach,likes,comments,text"]
    for n in range(rows):
        cells = [pick.choice(QUIRKS) if pick.random() < 0.2 else str(pick.randint(0, 99999))]
        cells += [str(pick.randint(0, 999)) for _ in range(3)]
        text = '"two lines\nof caption"' if n % 97 == 0 else f"post {n}"
        day = f"2026-11-{1 + n % 28:02d}"
        lines.append(",".join(["x", f"https://x.com/a/status/{10**15 + n}", day, *cells, text]))
    return "\n".join(lines) + "\n"


def _folder(root: Path) -> Path:
    folder = root / "content" / "metrics"
    folder.mkdir(parents=True)
    for index in range(4):
        (folder / f"x-2026-11-{20 + index}.csv").write_text(_generic(3000, index), "utf-8")
    return folder


def test_two_processes_read_what_one_reads(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    monkeypatch.setattr(split, "PARALLEL_BYTES", 1 << 60)
    alone = load_metrics(tmp_path, folder)
    monkeypatch.setattr(split, "PARALLEL_BYTES", 0)
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: the folder is never split")
    assert len(split.worker_share(sorted(folder.iterdir()))) in (1, 2, 3)
    shared = load_metrics(tmp_path, folder)
    assert len(alone.posts) == 12000
    assert shared == alone


def test_rows_in_batches_read_what_rows_one_by_one_read(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    monkeypatch.setattr(split, "PARALLEL_BYTES", 1 << 60)
    batched = load_metrics(tmp_path, folder)
    monkeypatch.setattr(posts, "CHUNK", 1)
    single = load_metrics(tmp_path, folder)
    assert batched.findings and batched == single
