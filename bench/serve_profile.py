"""Where ``smmplan serve``'s update after one edit spends its time, without the server.

Generates a plan (``site_corpus``), builds it the way ``serve`` does (``Rebuilder``, no
HTTP), then appends a line to one post per ``--edits`` and runs the update again: prints
each update's wall and CPU time up to the moment the browsers would be told to reload,
their median, and with ``--profile`` the functions that took most of the last update's
time (cProfile, cumulative). The background work after the reload (the other stale
pages, the exports) is not timed here; ``bench/serve.py`` measures the whole loop over
HTTP.

    python bench/serve_profile.py [--posts 5000] [--edits 3] [--profile] [--keep DIR]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from site_corpus import NOW, make_repository, post_paths


def rebuilder(root: Path, site_dir: Path):
    from smmplan.pipeline import live_stages
    from smmplan.render.site.serve import Rebuilder, ServeClock

    clock = ServeClock(datetime.fromisoformat(NOW))
    builder = Rebuilder(root, site_dir, live_stages(root), clock, "127.0.0.1:8000")
    builder.serve_url = "http://127.0.0.1:8000/"
    return builder


def edit(path: Path, number: int) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\nEdited in the benchmark, {number}.\n")


def timed_update(builder, profile: cProfile.Profile | None) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    if profile is not None:
        profile.enable()
    builder()
    if profile is not None:
        profile.disable()
    return time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative, tottime")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="smmplan-serve-profile-"))
    root = work / "plan"
    if not root.exists():
        make_repository(root, args.posts)
    site_dir = work / "site"
    shutil.rmtree(site_dir, ignore_errors=True)
    site_dir.mkdir(parents=True)
    builder = rebuilder(root, site_dir)
    wall, cpu = timed_update(builder, None)
    print(f"first build: {wall:.1f} s ({cpu:.1f} s of CPU), {args.posts} posts")
    builder.settle()
    paths = post_paths(root)
    walls = []
    for number in range(1, args.edits + 1):
        time.sleep(2.1)  # past the file times' resolution (a settled file is not re-read)
        edit(paths[(number * 7919) % len(paths)], number)
        profile = cProfile.Profile() if args.profile and number == args.edits else None
        wall, cpu = timed_update(builder, profile)
        walls.append(wall)
        stale = len(builder.session.stale) if builder.session else -1
        print(f"edit {number}: {wall:.2f} s to the reload ({cpu:.2f} s of CPU), {stale} stale")
        builder.settle()
    print(f"median: {statistics.median(walls):.2f} s to the reload (goal: 2 s)")
    if args.profile:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(45)
        print(out.getvalue())
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
