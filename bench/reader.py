"""Benchmark: the safe reader (``smmplan.load.files``) against a plain read, in one run.

Writes 10,000 post-sized files into nested folders (as ``content/posts/YYYY/MM/``), then
times, best of ``--repeat``: listing them with ``walk`` against ``os.walk``, and reading
each with ``read_file`` (links resolved, file type and size checked) against
``Path.read_bytes``. Prints both and the ratio; the goal is that the checks cost less
than 0.1 s per 10,000 posts over the plain read.

    python bench/reader.py [--files 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from smmplan.load.files import read_file, walk

POST = ("---\ntitle: A post\nnetworks: [x, telegram]\n---\n" + "Text of the post. " * 40).encode()


def make(root: Path, count: int) -> None:
    for n in range(count):
        folder = root / "content" / "posts" / f"{2026 + n % 3}" / f"{n % 12 + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"post-{n}.md").write_bytes(POST)


def plain(root: Path) -> int:
    total = 0
    for folder, dirnames, filenames in os.walk(root / "content" / "posts"):
        dirnames.sort()
        for name in sorted(filenames):
            total += len(Path(folder, name).read_bytes())
    return total


def safe(root: Path) -> int:
    files, _ = walk(root / "content" / "posts", root, (".md",))
    total = 0
    for path in files:
        data, _ = read_file(path, root, "post")
        total += len(data or b"")
    return total


def best(function, root: Path, repeat: int) -> tuple[float, int]:
    times, result = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(root)
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="smmplan-reader-"))
    try:
        make(root, args.files)
        plain(root)  # warm the file cache
        plain_time, plain_bytes = best(plain, root, args.repeat)
        safe_time, safe_bytes = best(safe, root, args.repeat)
        assert plain_bytes == safe_bytes, (plain_bytes, safe_bytes)
        print(f"files:                     {args.files}")
        print(f"os.walk + read_bytes:      {plain_time:.3f} s  (best of {args.repeat})")
        print(f"walk + read_file (safe):   {safe_time:.3f} s  (best of {args.repeat})")
        print(
            f"overhead:                  {safe_time - plain_time:+.3f} s,"
            f" {safe_time / plain_time:.2f}x   (goal: < 0.1 s per 10,000 files)"
        )
    finally:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
