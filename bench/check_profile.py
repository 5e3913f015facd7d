"""Profile a cold ``smmplan check`` in one process: where the per-post work goes.

Loads and checks a repository with the check cache off and a single process (the work
one share of ``check --jobs N`` does, plus the parent's rules across posts), writes the
JSON report, and prints the CPU seconds of each stage (``time.process_time``, steadier
than wall time on a shared machine), the read + C-YAML parse floor measured in the same
process, and the ratio. ``--profile N`` adds cProfile's top N functions by own and by
cumulative time.

    python bench/check_profile.py DIR [--now 2026-01-01T00:00] [--repeat 3] [--profile 40 [--dump FILE]]

``DIR`` is a repository, e.g. one kept by ``python bench/check.py --keep DIR``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import time
from datetime import UTC, datetime
from pathlib import Path


def floor_seconds(root: Path) -> float:
    """CPU seconds to read every post and parse its front matter with PyYAML's C loader."""
    import yaml

    start = time.process_time()
    loader = yaml.CSafeLoader
    for path in sorted((root / "content" / "posts").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        end = text.index("\n---\n", 4)
        yaml.load(text[4:end], Loader=loader)
    return time.process_time() - start


def check_once(root: Path, now: datetime) -> tuple[float, float, int]:
    """CPU seconds of loading and checking, of writing the JSON report; the findings."""
    from smmplan.pipeline import check_repository
    from smmplan.report import FORMATS, Report

    start = time.process_time()
    outcome = check_repository(root, now, None, 1, cache=False)
    checked = time.process_time()
    report = Report(outcome.diagnostics, outcome.files, outcome.posts, color=False, root=root)
    FORMATS["json"](report)
    return checked - start, time.process_time() - checked, len(outcome.diagnostics)


def _profile(root: Path, now: datetime, top: int, dump: Path | None) -> None:
    profiler = cProfile.Profile()
    profiler.runcall(check_once, root, now)
    if dump:
        profiler.dump_stats(dump)
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top)
        print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--now", default="2026-01-01T00:00")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--dump", type=Path, help="also save the profile here (pstats)")
    args = parser.parse_args()
    os.environ["SMMPLAN_NO_CACHE"] = "1"
    now = datetime.fromisoformat(args.now)
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    check_once(args.root, now)  # imports, compiled expressions, the file cache
    floors, checks, reports = [], [], []
    for _ in range(args.repeat):
        floors.append(floor_seconds(args.root))
        checked, reported, found = check_once(args.root, now)
        checks.append(checked)
        reports.append(reported)
    floor, check, report = min(floors), min(checks), min(reports)
    print(f"floor (read + C YAML), CPU:     {floor:.2f} s  (best of {args.repeat})")
    print(f"load + check, one process, CPU: {check:.2f} s  = {check / floor:.2f}x the floor")
    print(f"JSON report of {found} findings: {report:.2f} s")
    print(f"together:                       {(check + report) / floor:.2f}x the floor")
    if args.profile:
        _profile(args.root, now, args.profile, args.dump)


if __name__ == "__main__":
    main()
