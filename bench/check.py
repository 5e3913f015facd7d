"""Benchmark: ``smmplan check`` on 10,000 realistic posts against the cost of just parsing them.

Generates a repository (3 brands, 2 campaigns, 10,000 posts in Russian, Azerbaijani,
Tagalog and English with ~15 front matter keys, per-network overrides and images), then
times, in the same run:

- the floor: read every post and YAML-parse its front matter with PyYAML's C loader, in
  a fresh Python process (as ``smmplan check`` runs in one);
- ``smmplan check --format json --no-cache`` as a user runs it (a subprocess: start-up
  included);
- with ``--cached``, the check cache: a check with nothing changed since the last, one
  after one post changed, and one after every post got a new mtime with its bytes
  unchanged (a fresh clone), each against the floor measured just before it.

Prints the wall times, the ratios, and the peak memory of each process, and the CPU
times (user + system, its workers included) with their ratios: on a shared machine the
wall times of a short and a long process stretch differently, the CPU times much less.

    python bench/check.py [--posts 10000] [--keep DIR] [--repeat 3] [--cached]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from as_installed import run_as_installed
from corpus import make_repository

FLOOR = r"""
import sys, time, pathlib, yaml
start = time.perf_counter()
loader = yaml.CSafeLoader
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.md")):
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4)
    yaml.load(text[4:end], Loader=loader)
print(time.perf_counter() - start)
"""


def _tree_rss(pid: int) -> int:
    """Resident memory (kB) of a process and all its descendants, from /proc."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as status:
                total += next(
                    (int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0
                )
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    todo.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def timed(command: list[str]) -> tuple[float, int, str, float]:
    """Wall seconds, peak memory in MB (the process and its workers together), stdout and
    CPU seconds (user + system, of the process and the workers it waited for)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _tree_rss(process.pid))
                done.wait(0.01)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1) or (command[1] == "-c" and process.returncode):
            sys.exit(
                f"{' '.join(command)} failed ({process.returncode}):\n{process.stderr.read().decode()}"
            )
        process.stderr.close()
        out.seek(0)
        cpu = usage.ru_utime + usage.ru_stime  # on Linux, with the workers it reaped
        return wall, max(peak[0], usage.ru_maxrss) // 1024, out.read(), cpu


def _best(command: list[str], repeat: int, before=None) -> tuple[float, int, str, float]:
    """The best wall time of ``repeat`` runs, the peak memory of the last, its output and
    the best CPU time; ``before()`` runs ahead of each (untimed)."""
    walls, cpus = [], []
    for _ in range(repeat):
        if before:
            before()
        wall, peak, out, cpu = timed(command)
        walls.append(wall)
        cpus.append(cpu)
    return min(walls), peak, out, min(cpus)


def _summary(out: str) -> str:
    return out[out.index('"summary"') : out.index("}", out.index('"summary"')) + 1]


def _edit_one(root: Path) -> None:
    """Change one post's text (a different text each time)."""
    post = next(iter(sorted((root / "content" / "posts").rglob("*.md"))))
    text = post.read_text(encoding="utf-8")
    post.write_text(text.rstrip("\n") + " Ещё.\n", encoding="utf-8")


def _touch_all(root: Path) -> None:
    """Every post gets a new mtime, its bytes unchanged: a fresh clone or checkout."""
    stamp = time.time_ns()
    for path in (root / "content" / "posts").rglob("*.md"):
        os.utime(path, ns=(stamp, stamp))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    parser.add_argument(
        "--cached",
        action="store_true",
        help="also time the check cache: unchanged, one post changed, every mtime changed",
    )
    args = parser.parse_args()
    run_as_installed()
    root = args.keep or Path(tempfile.mkdtemp(prefix="smmplan-bench-"))
    if not (root / "content").exists():
        print(f"generating {args.posts} posts in {root} ...", flush=True)
        make_repository(root, args.posts)
    python = sys.executable
    smmplan = [python, "-m", "smmplan", "--root", str(root), "--now", "2026-01-01T00:00"]
    smmplan += ["check", "--format", "json"]
    floor_cmd = [python, "-c", FLOOR, str(root / "content" / "posts")]
    timed(floor_cmd)  # warm the file cache
    floors, checks, floor_cpus, check_cpus = [], [], [], []
    for _ in range(args.repeat):
        wall, floor_peak, _, cpu = timed(floor_cmd)
        floors.append(wall)
        floor_cpus.append(cpu)
        wall, check_peak, out, cpu = timed([*smmplan, "--no-cache"])
        checks.append(wall)
        check_cpus.append(cpu)
    floor, check = min(floors), min(checks)
    floor_cpu, check_cpu = min(floor_cpus), min(check_cpus)
    print(f"posts:                {args.posts}")
    print(f"floor (read + C YAML, fresh process): {floor:.2f} s  (best of {args.repeat})")
    print(f"smmplan check --no-cache:             {check:.2f} s  (best of {args.repeat})")
    print(f"ratio check / floor:                  {check / floor:.2f}x   (goal <= 1.3x, <= 3 s)")
    print(f"CPU: floor {floor_cpu:.2f} s, check {check_cpu:.2f} s = {check_cpu / floor_cpu:.2f}x")
    print(f"peak memory: check {check_peak} MB (goal <= 300 MB); floor {floor_peak} MB")
    print(f"check said: {_summary(out)}")
    if args.cached:
        _cached(smmplan, floor_cmd, root, args.repeat, out)
    if not args.keep:
        shutil.rmtree(root)


def _cached(smmplan: list[str], floor_cmd: list[str], root: Path, repeat: int, cold: str) -> None:
    """The check cache's three cases, each against the floor measured right before it."""
    timed(smmplan)  # fills the cache
    cases = [
        ("cached, nothing changed", None, 0.25),
        ("cached, one post changed", lambda: _edit_one(root), 0.3),
        ("cached, every mtime changed", lambda: _touch_all(root), None),
    ]
    for name, before, goal in cases:
        floor, _, _, floor_cpu = _best(floor_cmd, repeat)
        wall, peak, out, cpu = _best(smmplan, repeat, before)
        target = f"goal <= {goal}x" if goal else "no goal"
        print(f"{name + ':':37} {wall:.2f} s = {wall / floor:.2f}x the floor {floor:.2f} s")
        print(f"{'':37} CPU {cpu:.2f} s = {cpu / floor_cpu:.2f}x the floor's {floor_cpu:.2f} s")
        print(f"{'':37} ({target}; peak {peak} MB)")
        if before is None and out != cold:
            sys.exit("the cached check said something else than the cold one")
    timed(smmplan)


if __name__ == "__main__":
    main()
