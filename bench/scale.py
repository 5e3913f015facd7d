"""Benchmark: do ``check`` and ``build`` stay linear from 5,000 to 50,000 posts?

An agency with 50 brands plans ~50,000 posts a year. For each size this generates the
realistic plan of ``site_corpus.py`` (the one ``bench/site.py`` builds; every size uses
the same pictures), renders those pictures once with an untimed build of the smallest
size and gives every size that picture cache (so the builds measure the site, as in
``bench/site.py``), then times, each in a fresh process as a user runs it:

- ``smmplan check --format json --no-cache`` (cold);
- ``smmplan build --clean --no-cache`` (a full build, check included).

Prints wall and CPU seconds (the process and its workers), CPU milliseconds per post, the
peak memory of the process tree, and for the largest size against the smallest the
growth of the time per post (1.00 = linear). Goals (issue 15): within 1.2x of the
5,000-post figures per post, at most 2 GB.

    python bench/scale.py [--posts 5000 50000] [--keep DIR] [--only check|build]
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
from dataclasses import dataclass
from pathlib import Path

from check import _tree_rss
from site_corpus import NOW, make_repository

GOAL_GROWTH, GOAL_MB = 1.2, 2048


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mb: int


def measured(command: list[str], env: dict[str, str]) -> Run:
    """Wall and CPU seconds (with the workers it waited for) and the tree's peak RSS."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env=env)
        peak, done = [0], threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _tree_rss(process.pid))
                done.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            err.seek(0)
            sys.exit(f"{' '.join(command)} failed:\n{err.read().decode(errors='replace')}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, max(peak[0], usage.ru_maxrss) // 1024)


PICTURE_CACHE = Path(".smmplan-cache") / "media"


def with_pictures(repo: Path, pictures: Path | None, env: dict[str, str]) -> Path:
    """Give ``repo`` the picture cache ``pictures`` (None: render it with a build)."""
    if pictures is None:
        warm = [sys.executable, "-m", "smmplan", "--root", str(repo), "build", "--quiet"]
        warm += ["--out", str(repo.parent / f"warm-{repo.name}")]
        subprocess.run(warm, env=env, capture_output=True, check=False)
        return repo / PICTURE_CACHE
    if not (repo / PICTURE_CACHE).exists():
        shutil.copytree(pictures, repo / PICTURE_CACHE)
    return pictures


def measure_size(size: int, work: Path, only: str | None, pictures: Path | None):
    """The runs at ``size`` posts and the picture cache for the next size."""
    repo = work / f"repo-{size}"
    if not repo.exists():
        print(f"generating {size} posts ...", flush=True)
        make_repository(repo, size)
    env = {**os.environ, "SMMPLAN_NOW": NOW}
    smmplan = [sys.executable, "-m", "smmplan", "--root", str(repo)]
    pictures = with_pictures(repo, pictures, env)
    runs: dict[str, Run] = {}
    if only in (None, "check"):
        runs["check"] = measured([*smmplan, "check", "--format", "json", "--no-cache"], env)
        print(f"{size}: check {runs['check']}", flush=True)
    if only in (None, "build"):
        site = work / f"site-{size}"
        build = [*smmplan, "build", "--clean", "--no-cache", "--quiet", "--out", str(site)]
        runs["build"] = measured(build, env)
        print(f"{size}: build {runs['build']}", flush=True)
        shutil.rmtree(site, ignore_errors=True)
    return runs, pictures


def report(results: dict[int, dict[str, Run]]) -> None:
    print(
        f"\n{'posts':>7} {'what':<6} {'wall s':>8} {'CPU s':>8} {'CPU ms/post':>12} {'peak MB':>8}"
    )
    for size, runs in results.items():
        for what, run in runs.items():
            per_post = 1000 * run.cpu / size
            print(
                f"{size:>7} {what:<6} {run.wall:>8.1f} {run.cpu:>8.1f} {per_post:>12.2f}"
                f" {run.peak_mb:>8}"
            )
    small, large = min(results), max(results)
    if small == large:
        return
    for what in results[small]:
        if what not in results[large]:
            continue
        a, b = results[small][what], results[large][what]
        growth = (b.cpu / large) / (a.cpu / small)
        wall_growth = (b.wall / large) / (a.wall / small)
        verdict = "met" if growth <= GOAL_GROWTH and b.peak_mb <= GOAL_MB else "NOT met"
        print(
            f"{what}: CPU per post at {large} vs {small} posts {growth:.2f}x (wall"
            f" {wall_growth:.2f}x), peak {b.peak_mb} MB; goal <= {GOAL_GROWTH}x and"
            f" <= {GOAL_MB} MB: {verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--only", choices=["check", "build"], help="measure one command")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="smmplan-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        results, pictures = {}, None
        for size in sorted(args.posts):
            results[size], pictures = measure_size(size, work, args.only, pictures)
        report(results)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
