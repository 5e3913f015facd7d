"""Benchmark: reading, matching and analysing 100,000 metric rows against the cost of just
reading them with the standard ``csv`` module, and the site build with analytics.

Generates (``metrics_corpus``, seeded) a repository of 3 brands, 6 campaigns and 10,000
posts on 6 networks, and 100,000 metric rows in 20 export files of six formats (Meta
Facebook and Instagram, X, YouTube ``Table data.csv``, TikTok ``Content.csv``, the
generic CSV) laid out as the networks write them, whose rows name the plan's posts by URL
or id, or by time and text, with some unplanned. Then times, in the same run, each in a
fresh Python process, best of ``--repeat``:

- the floor: the standard ``csv`` module reading every file (decode and iterate rows);
- ``load_metrics`` reading the folder into records;
- ``match`` and ``analyse`` (the results stage) on those records;

(the project itself is loaded before the clock starts: ``check`` and ``build`` load it
anyway; its time is printed apart). Goal: reading + matching + analysis <= 3 s on 2 cores
and <= 1.5x the floor.

Then, on a smaller plan (``--site-posts``, ``--site-rows``), ``smmplan build`` of the
repository with its metrics folder against the same repository without it (a fresh
process each, start-up included). Goal: <= 1.15x.

    python bench/metrics.py [--posts 10000] [--rows 100000] [--repeat 5] [--keep DIR]
                            [--site-posts 1000] [--site-rows 10000] [--site-repeat 3]
                            [--no-site]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from check import timed
from metrics_corpus import NOW, make_repository

FLOOR = r"""
import csv, sys, time, pathlib
files = sorted(p for p in pathlib.Path(sys.argv[1]).rglob("*") if p.is_file())
start = time.perf_counter()
rows = 0
for path in files:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for cells in csv.reader(handle):
            rows += 1
print(time.perf_counter() - start, rows)
"""

STAGES = r"""
import json, sys, time
from collections import Counter
from datetime import datetime
from pathlib import Path
start = time.perf_counter()
from smmplan.load import load_project
from smmplan.load.metrics import load_metrics
from smmplan.results import analyse, match
root, now = Path(sys.argv[1]), datetime.fromisoformat(sys.argv[2])
project = load_project(root)
loaded = time.perf_counter()
folder = root / project.config.metrics_folder
data = load_metrics(root, folder, aliases=project.config.metrics_aliases, now=now)
read = time.perf_counter()
matching = match(project, data)
matched = time.perf_counter()
results = analyse(project, data, matching, now)
done = time.perf_counter()
by = Counter(m.match.by for m in matching.matched)
rules = Counter(f.finding.rule for f in results.findings)
print(json.dumps({
    "project": loaded - start, "load": read - loaded, "match": matched - read,
    "analyse": done - matched, "posts": len(project.posts), "rows": len(data.posts),
    "files": len(data.snapshots), "by": by, "unmatched": len(matching.unmatched),
    "unplanned": len(results.unplanned), "no_results": len(results.no_results),
    "findings": rules,
}))
"""


def best(runs: list[dict], key: str) -> float:
    return min(run[key] for run in runs)


def measure_metrics(root: Path, repeat: int) -> dict:
    python = sys.executable
    folder = root / "content" / "metrics"
    floor_cmd = [python, "-c", FLOOR, str(folder)]
    stages_cmd = [python, "-c", STAGES, str(root), NOW]
    timed(floor_cmd)  # warm the file cache
    floors, runs, peaks = [], [], []
    for _ in range(repeat):
        _, _, out = timed(floor_cmd)
        seconds, rows = out.split()
        floors.append(float(seconds))
        _, peak, out = timed(stages_cmd)
        runs.append(json.loads(out))
        peaks.append(peak)
    for run in runs:
        run["total"] = run["load"] + run["match"] + run["analyse"]
    return {"floor": min(floors), "csv_rows": int(rows), "runs": runs, "peak": max(peaks)}


def measure_site(root: Path, repeat: int, work: Path) -> dict:
    bare = work / "site-without"
    if not bare.exists():
        shutil.copytree(root, bare)
        shutil.rmtree(bare / "content" / "metrics")
    python = sys.executable
    walls: dict[str, list[float]] = {"with": [], "without": []}
    peaks: dict[str, int] = {}
    for name, repo in (("with", root), ("without", bare)):  # warm caches and the media cache
        timed([python, "-m", "smmplan", "--root", str(repo), "--now", NOW, "build", "--out", str(work / f"out-{name}")])  # fmt: skip
    for _ in range(repeat):
        for name, repo in (("with", root), ("without", bare)):
            out = work / f"out-{name}"
            command = [python, "-m", "smmplan", "--root", str(repo), "--now", NOW, "build", "--out", str(out)]  # fmt: skip
            wall, peak, _ = timed(command)
            walls[name].append(wall)
            peaks[name] = max(peaks.get(name, 0), peak)
    pages = {
        name: sum(1 for _ in (work / f"out-{name}").rglob("*.html")) for name in ("with", "without")
    }
    return {name: min(w) for name, w in walls.items()} | {"peaks": peaks, "pages": pages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--site-posts", type=int, default=1_000)
    parser.add_argument("--site-rows", type=int, default=10_000)
    parser.add_argument("--site-repeat", type=int, default=3)
    parser.add_argument("--no-site", action="store_true", help="skip the site build comparison")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="smmplan-metrics-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    main_repo = work / f"repo-{args.posts}-{args.rows}"
    if not main_repo.exists():
        print(f"generating {args.posts} posts and {args.rows} rows in {main_repo} ...", flush=True)
        make_repository(main_repo, args.posts, args.rows)
    load_before = os.getloadavg()[0]
    m = measure_metrics(main_repo, args.repeat)
    runs, floor = m["runs"], m["floor"]
    load, match, analyse = best(runs, "load"), best(runs, "match"), best(runs, "analyse")
    total = best(runs, "total")
    last = runs[-1]
    n = args.repeat
    print()
    print(f"{last['posts']} posts; {last['rows']} post rows read from {last['files']} files")
    print(f"({m['csv_rows']} CSV rows with headers and Total rows); best of {n}, fresh processes")
    print()
    print(f"{'stage':<44} {'seconds':>8} {'x floor':>8}")
    print(f"{'(a) floor: csv module reads every file':<44} {floor:>8.3f} {1:>7.2f}x")
    print(f"{'(b) load_metrics':<44} {load:>8.3f} {load / floor:>7.2f}x")
    print(f"{'(c) match':<44} {match:>8.3f} {match / floor:>7.2f}x")
    print(f"{'    analyse':<44} {analyse:>8.3f} {analyse / floor:>7.2f}x")
    print(f"{'(d) read + match + analyse (best run)':<44} {total:>8.3f} {total / floor:>7.2f}x")
    print(f"{'    (the project loaded first, not counted)':<44} {best(runs, 'project'):>8.3f}")
    print(f"goal: <= 3 s: {'met' if total <= 3 else 'NOT met'};"
          f" <= 1.5x the floor: {'met' if total <= 1.5 * floor else 'NOT met'}"
          f" ({total / floor:.2f}x)")  # fmt: skip
    print(f"peak memory of the stages' process: {m['peak']} MB")
    print(f"load average (1 min) before and after: {load_before:.2f}, {os.getloadavg()[0]:.2f}")
    print(f"matched by {dict(last['by'])}; unmatched rows {last['unmatched']}")
    print(f"unplanned posts {last['unplanned']}; no results yet {last['no_results']};"
          f" findings {dict(last['findings'])}")  # fmt: skip
    if not args.no_site:
        site_repo = work / f"site-{args.site_posts}-{args.site_rows}"
        if not site_repo.exists():
            print(f"\ngenerating {args.site_posts} posts and {args.site_rows} rows ...", flush=True)
            make_repository(site_repo, args.site_posts, args.site_rows)
        s = measure_site(site_repo, args.site_repeat, work)
        ratio = s["with"] / s["without"]
        print()
        print(f"(e) smmplan build, {args.site_posts} posts, {args.site_rows} rows"
              f" (best of {args.site_repeat}, start-up included)")  # fmt: skip
        print(f"    with analytics:       {s['with']:.2f} s  {s['pages']['with']} pages"
              f"  peak {s['peaks']['with']} MB")  # fmt: skip
        print(f"    without metrics/:     {s['without']:.2f} s  {s['pages']['without']} pages"
              f"  peak {s['peaks']['without']} MB")  # fmt: skip
        print(f"    ratio: {ratio:.2f}x   goal <= 1.15x: {'met' if ratio <= 1.15 else 'NOT met'}")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
