"""Benchmark: where a first run of ``smmplan images`` spends its time, stage by stage.

On ``bench/images.py``'s photo-like inputs (20 photos, six networks each: 120 renditions,
unless told otherwise), each phase in a fresh process:

1. ``python -c pass``: the interpreter's own start, the floor of any command;
2. one first run on a single thread, every stage's CPU time (``time.thread_time``)
   measured by wrapping the renderer's own functions, each stage counted once (a stage
   called inside another is taken out of the outer one): the process's start, the
   imports, loading the repository (posts and media headers), planning, the cache's
   index of the output folder, reading and hashing each source, opening its header and
   EXIF, decoding, reducing and colour, resampling, turning upright, encoding (with the
   write into the temporary file), creating and renaming the temporary file, and the
   rest (the pool, bookkeeping);
3. the same first run on every core, as ``bench/images.py`` times it: wall time, CPU
   time, the cores the threads got, renditions per second, and what the CPU time
   would give on cores of its own;
4. ``smmplan images`` end to end with nothing left to render: the command's fixed cost.

It changes nothing in smmplan; the figures explain ``bench/images.py``'s rate. ::

    python bench/images_stages.py [--photos 20] [--pngs 0] [--inputs DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from as_installed import run_as_installed
from images import make_inputs, make_repo

STARTED_CPU = time.process_time()  # the interpreter's start and this module's imports

#: (module, function, stage), wrapped in this order; a module is named relative to
#: ``smmplan.render.images``, where the renderer looks the function up.
WRAPPED = (
    ("", "plan", "planning (jobs from posts)"),
    ("", "listing", "cache index (listing the output folder)"),
    (".worker", "read_source", "reading sources"),
    (".worker", "digest", "hashing sources"),
    (".worker", "existing", "cache look-ups"),
    (".pixels", "open_source", "headers and EXIF"),
    (".pixels", "orientation", "headers and EXIF"),
    (".pixels", "load", "decoding (JPEG draft)"),
    (".pixels", "prepare", "reducing and colour"),
    (".pixels", "cut", "resampling (BICUBIC)"),
    (".pixels", "turn", "turning upright"),
    (".pixels", "settle_alpha", "reducing and colour"),
    (".encode", "_encode", "encoding and writing"),
)


class Stages:
    """Exclusive CPU time per stage on one thread: a call inside another counts once."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.inner: list[float] = []

    def timed(self, label: str, action, *args, **kwargs):
        self.inner.append(0.0)
        begun = time.thread_time()
        try:
            return action(*args, **kwargs)
        finally:
            spent = time.thread_time() - begun
            self.seconds[label] += spent - self.inner.pop()
            self.calls[label] += 1
            if self.inner:
                self.inner[-1] += spent

    def wrap(self, module, name: str, label: str) -> None:
        original = getattr(module, name)
        setattr(module, name, lambda *a, **k: self.timed(label, original, *a, **k))

    def wrap_atomic(self, module) -> None:
        """``atomic`` is a context manager: time its entry (create) and exit (rename)."""
        original, stages = module.atomic, self

        class Timed:
            def __init__(self, final) -> None:
                self.manager = original(final)

            def __enter__(self):
                return stages.timed("temporary file and rename", self.manager.__enter__)

            def __exit__(self, *exc):
                return stages.timed("temporary file and rename", self.manager.__exit__, *exc)

        module.atomic = Timed


def phase_stages(root: Path, out: Path) -> dict:
    """One single-thread first run, stage by stage."""
    import importlib

    begun = time.thread_time()
    from PIL import Image  # noqa: F401 - its import is part of what is measured

    import smmplan.render.images as images
    from smmplan.load import load_project

    imported = time.thread_time()
    project = load_project(root)
    loaded = time.thread_time()
    stages = Stages()
    for module, name, label in WRAPPED:
        where = importlib.import_module(module, "smmplan.render.images") if module else images
        stages.wrap(where, name, label)
    stages.wrap_atomic(importlib.import_module("smmplan.render.images.encode"))
    result = stages.timed("rest (pool, bookkeeping)", images.render_images, project, out, jobs=1)
    table = {"process start": STARTED_CPU, "imports": imported - begun}
    table["loading the repository"] = loaded - imported
    table.update(stages.seconds)
    return {
        "seconds": table,
        "calls": dict(stages.calls),
        "renditions": len(result.images),
        "rendered": result.rendered,
    }


def phase_parallel(root: Path, out: Path) -> dict:
    """A first run on every core, timed like ``bench/images.py``."""
    from smmplan.load import load_project
    from smmplan.render.images import render_images

    project = load_project(root)
    started, cpu = time.perf_counter(), time.process_time()
    result = render_images(project, out)
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "renditions": len(result.images),
        "cores": len(os.sched_getaffinity(0)),
    }


def _phase(name: str, *args: str) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--phase", name, *args]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _timed_command(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of a command run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def report(stages: dict, parallel: dict, floor: tuple, command: tuple) -> None:
    seconds, calls, count = stages["seconds"], stages["calls"], stages["renditions"]
    total = sum(seconds.values())
    print(f"\n== one first run on one thread: {count} renditions, CPU time per stage")
    print("| stage | CPU | share | calls | each |\n|---|---|---|---|---|")
    for label, spent in seconds.items():
        made = calls.get(label, 1)
        print(
            f"| {label} | {spent:.3f} s | {spent / total:.1%} | {made} |"
            f" {spent / made * 1000:.1f} ms |"
        )
    print(f"| total | {total:.3f} s | | | {total / count * 1000:.1f} ms a rendition |")
    rate, cpu, cores = (
        parallel["renditions"] / parallel["seconds"],
        parallel["cpu"],
        parallel["cores"],
    )
    print(
        f"\n== on every core ({cores}): {parallel['seconds']:.2f} s = {rate:.1f} renditions/s,"
        f" CPU {cpu:.2f} s, so the threads got {cpu / parallel['seconds']:.2f} cores;"
        f" on {cores} cores of its own that CPU time gives"
        f" {parallel['renditions'] / (cpu / cores):.1f} renditions/s"
    )
    print(
        f"== fixed costs: 'python -c pass' {floor[0]:.2f} s (CPU {floor[1]:.2f} s);"
        f" 'smmplan images' with nothing to render {command[0]:.2f} s (CPU {command[1]:.2f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=20, help="12-megapixel JPEGs")
    parser.add_argument("--pngs", type=int, default=0, help="2400×2400 PNGs with alpha")
    parser.add_argument("--inputs", type=Path, help="keep the generated pictures here")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args()
    run_as_installed()
    if options.phase:
        run = phase_stages if options.phase == "stages" else phase_parallel
        print(json.dumps(run(Path(options.args[0]), Path(options.args[1]))))
        return
    work = Path(tempfile.mkdtemp(prefix="smmplan-bench-stages-"))
    try:
        inputs = options.inputs or work / "inputs"
        names = make_inputs(inputs, options.photos, options.pngs)
        root = work / "repo"
        make_repo(root, inputs, names)
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        stages = _phase("stages", str(root), str(work / "out-stages"))
        parallel = _phase("parallel", str(root), str(work / "out-parallel"))
        floor = _timed_command([sys.executable, "-c", "pass"])
        command = [sys.executable, "-m", "smmplan", "--root", str(root), "images"]
        fixed = _timed_command([*command, "--out", str(work / "out-parallel")])
        report(stages, parallel, floor, fixed)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
