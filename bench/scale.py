"""Benchmark: do ``check`` and ``build`` stay linear from 5,000 to 50,000 posts?

An agency with 50 brands plans ~50,000 posts a year. For each size this generates the
realistic plan of ``site_corpus.py`` (the one ``bench/site.py`` builds; every size uses
the same pictures), renders those pictures once with an untimed build of a 500-post plan
that uses them all and gives every size that picture cache, then times, each in a fresh
process as a user runs it:

- ``smmplan check --format json --no-cache`` (cold);
- ``smmplan build --clean --no-cache`` (a full build, check included).

Renditions that depend on a post (its focus point, its networks) and that the warm plan did not
ask for are rendered by the timed build, as in a team's first build after adding posts.
So a larger plan's build carries a little picture work the smaller one does not.

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
from dataclasses import dataclass
from pathlib import Path

from as_installed import run_as_installed
from check import timed
from site_corpus import NOW, make_repository

GOAL_GROWTH, GOAL_MB = 1.2, 2048


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mb: int


def measured(command: list[str]) -> Run:
    """Wall and CPU seconds (with the workers it waited for) and the tree's peak RSS."""
    wall, peak_mb, _out, cpu = timed(command)
    return Run(wall, cpu, peak_mb)


PICTURE_CACHE = Path(".smmplan-cache") / "media"


WARM_POSTS = 500  # enough posts for every one of the corpus's pictures to be used


def picture_cache(work: Path) -> Path:
    """The picture cache of every size: an untimed build of a plan that uses every picture
    (each size's plan has the same pictures; a small plan would leave some out)."""
    repo = work / "pictures"
    if not repo.exists():
        make_repository(repo, WARM_POSTS)
    warm = [sys.executable, "-m", "smmplan", "--root", str(repo), "build", "--quiet"]
    subprocess.run([*warm, "--out", str(work / "pictures-site")], capture_output=True, check=False)
    return repo / PICTURE_CACHE


def measure_size(size: int, work: Path, only: str | None, pictures: Path) -> dict[str, Run]:
    """The runs at ``size`` posts, its pictures from the cache ``pictures``."""
    repo = work / f"repo-{size}"
    if not repo.exists():
        print(f"generating {size} posts ...", flush=True)
        make_repository(repo, size)
    smmplan = [sys.executable, "-m", "smmplan", "--root", str(repo)]
    if not (repo / PICTURE_CACHE).exists():
        shutil.copytree(pictures, repo / PICTURE_CACHE)
    runs: dict[str, Run] = {}
    if only in (None, "check"):
        runs["check"] = measured([*smmplan, "check", "--format", "json", "--no-cache"])
        print(f"{size}: check {runs['check']}", flush=True)
    if only in (None, "build"):
        site = work / f"site-{size}"
        build = [*smmplan, "build", "--clean", "--no-cache", "--quiet", "--out", str(site)]
        runs["build"] = measured(build)
        print(f"{size}: build {runs['build']}", flush=True)
        shutil.rmtree(site, ignore_errors=True)
    return runs


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
    run_as_installed()
    os.environ["SMMPLAN_NOW"] = NOW  # the commands below inherit it
    work = args.keep or Path(tempfile.mkdtemp(prefix="smmplan-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        pictures = picture_cache(work)
        results = {
            size: measure_size(size, work, args.only, pictures) for size in sorted(args.posts)
        }
        report(results)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
