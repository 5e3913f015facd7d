"""Profile a cold ``smmplan check`` in one process: where the per-post work goes.

Loads and checks a repository with the check cache off and a single process (the work
one share of ``check --jobs N`` does, plus the parent's rules across posts), writes the
JSON report, and prints the CPU seconds of each stage (``time.process_time``, steadier
than wall time on a shared machine), the read + C-YAML parse floor measured in the same
process, and the ratio. ``--profile N`` adds cProfile's top N functions by own and by
cumulative time. ``--stages`` prints instead the CPU seconds of each stage of the per-post
work on its own (reading and composing the YAML, building the typed model, the rules on
each post, the cache's rows) and of the parent's work after it, each against the floor.

    python bench/check_profile.py DIR [--now 2026-01-01T00:00] [--repeat 3] [--profile 40 [--dump FILE]]
    python bench/check_profile.py DIR --stages [--repeat 3]

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


def _stage_seconds(root: Path, now: datetime) -> dict[str, float]:
    """CPU seconds of each stage of a cold check in this process, one after the other."""
    from smmplan.check import Checker, Context, finish
    from smmplan.check.cached import fresh_entries
    from smmplan.check.schedule import schedule_entries
    from smmplan.load import load_settings, post_files, with_posts
    from smmplan.load.documents import read_markdown
    from smmplan.report import FORMATS, Report

    settings = load_settings(root)
    paths = post_files(settings.root)
    checker = Checker.for_project(settings)
    clock = [time.process_time()]

    def lap() -> float:
        clock.append(time.process_time())
        return clock[-1] - clock[-2]

    laps = {"floor": floor_seconds(root)}
    lap()
    for path in paths:
        read_markdown(path.read_bytes())
    laps["read + compose + tree checks"] = lap()
    project = with_posts(settings, paths)
    laps["guarded read, typed model, media headers"] = lap() - laps["read + compose + tree checks"]
    found = checker.posts(Context(project, now), None)
    laps["rules on each post"] = lap()
    fresh_entries(checker, now, {}, {}, False, project, {})
    laps["cache rows, schedule entries"] = lap() - laps["rules on each post"]
    across = checker.across(Context(project, now, tuple(schedule_entries(project))), None)
    diagnostics = finish([*checker.settings(project), *found, *across])
    laps["rules across posts, sorting"] = lap()
    FORMATS["json"](Report(diagnostics, project.files, len(paths), color=False, root=root))
    laps["JSON report"] = lap()
    return laps


def _stages(root: Path, now: datetime, repeat: int) -> None:
    best: dict[str, float] = {}
    for _ in range(repeat):
        for name, seconds in _stage_seconds(root, now).items():
            best[name] = min(best.get(name, seconds), seconds)
    floor = best.pop("floor")
    print(f"{'stage (CPU, one process, best of ' + str(repeat) + ')':44} {'s':>7} {'× floor':>8}")
    print(f"{'floor: read + C YAML':44} {floor:7.2f} {1:8.2f}")
    for name, seconds in best.items():
        print(f"{name:44} {seconds:7.2f} {seconds / floor:8.2f}")
    total = sum(best.values())
    print(f"{'together':44} {total:7.2f} {total / floor:8.2f}")


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
    parser.add_argument("--stages", action="store_true", help="CPU of each stage on its own")
    args = parser.parse_args()
    os.environ["SMMPLAN_NO_CACHE"] = "1"
    now = datetime.fromisoformat(args.now)
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    check_once(args.root, now)  # imports, compiled expressions, the file cache
    if args.stages:
        _stages(args.root, now, args.repeat)
        return
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
