"""Benchmark: a full ``smmplan build`` of a realistic plan, with the page frame and without.

Generates the realistic plan of ``site_corpus.py`` (the one ``bench/site.py`` builds:
several networks per post, pictures, and problems on a tenth of the posts), then builds
its site twice in the same process:

- with the page frame (:mod:`smmplan.render.site.frame`): Material's ``main.html`` rendered
  once per kind of page, each generated page spliced into it;
- without it (``smmplan.render.site.frame.ENABLED`` off): Material's template rendered
  for every page.

The pictures are rendered by the first build and come from the image cache in the
others, so the builds measure the site. Each way is built twice (alternating) and the
build with the least CPU time is kept; the two sites are compared file by file. Prints
wall and CPU time with pages per second for both (CPU time because the machine may be
shared), the share of the build spent in the page template (``main.html``, or the frame's),
the peak memory of the process, and whether the sites are identical.

``--stages`` adds one more build (with the frame) that prints the CPU seconds of each
stage of the build on its own (loading, checking, pictures, exports, the site's model,
smmplan's views, the page template, MkDocs' own work per page and the rest), each
stage's time without the stages it calls. ``--profile N`` adds one build under cProfile
and prints its top N functions by cumulative and by own time (``--dump FILE`` keeps the
statistics for ``python -m pstats``).

    python bench/site_render.py [--posts 5000] [--keep DIR] [--repeat 2]
    python bench/site_render.py --posts 1000 --repeat 1 --stages [--profile 40 [--dump F]]
"""

from __future__ import annotations

import argparse
import filecmp
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from site_corpus import NOW, make_repository


class TemplateClock:
    """The seconds spent rendering page templates: Material's ``main.html`` or the frame's
    (what MkDocs renders once per page; nested renders counted once)."""

    def __init__(self) -> None:
        import jinja2

        from smmplan.render.site import frame

        self.seconds = 0.0
        self.original = original = jinja2.Template.render
        pages, depth = {"main.html", frame.TEMPLATE}, [0]

        def render(template, *args, **kwargs):
            if template.name not in pages or depth[0]:
                return original(template, *args, **kwargs)
            depth[0] += 1
            start = time.process_time()
            try:
                return original(template, *args, **kwargs)
            finally:
                self.seconds += time.process_time() - start
                depth[0] -= 1

        jinja2.Template.render = render

    def close(self) -> None:
        import jinja2

        jinja2.Template.render = self.original


@dataclass
class Timing:
    wall: float  # seconds
    cpu: float  # seconds of this process's CPU (the machine may be shared)
    templates: float  # CPU seconds in the page template (Material's main.html, or the frame)
    pages: int


def build_once(root: Path, out: Path, use_frame: bool) -> Timing:
    """One full build (loading and checking the plan included), timed."""
    from smmplan.load import load_project
    from smmplan.load.values import now_moment
    from smmplan.pipeline import build_site
    from smmplan.render.site import frame

    if out.exists():
        shutil.rmtree(out)
    frame.ENABLED = use_frame
    clock = TemplateClock()
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        built = build_site(root, out, now_moment(NOW), project=load_project(root))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        clock.close()
        frame.ENABLED = True
    return Timing(wall, cpu, clock.seconds, built.pages)


STAGES = (  # (module, attribute, label): the functions a stage's time is measured in
    ("smmplan.load", "load_project", "load the plan"),
    ("smmplan.pipeline", "check_project", "check"),
    ("smmplan.pipeline", "render_images", "pictures (from the cache)"),
    ("smmplan.render.export", "build_all", "exports"),
    ("smmplan.render.site.media", "collect", "the site's pictures (media.collect)"),
    ("smmplan.render.site.data", "assemble", "the site's model (data.assemble)"),
    ("smmplan.render.site.plugin", "feeds", "calendar feeds (.ics)"),
    ("smmplan.render.site.views", "render", "smmplan's views (views.render)"),
    ("smmplan.render.site.frame", "PageFrames.render", "page template (frame)"),
    ("mkdocs.commands.build", "_populate_page", "MkDocs: reading pages"),
    ("mkdocs.commands.build", "_build_page", "MkDocs: each page (search, writing)"),
    ("mkdocs.commands.build", "_build_theme_template", "MkDocs: sitemap, 404"),
    ("mkdocs.commands.build", "build", "MkDocs: the rest (files, navigation, copying)"),
)


class StageClock:
    """CPU seconds per stage: each function of ``STAGES`` wrapped, a stage's time counted
    without the time of the stages it calls."""

    def __init__(self) -> None:
        import importlib

        self.seconds: dict[str, float] = {}
        self.originals: list[tuple[object, str, object]] = []
        self.running: list[list] = []  # [label, CPU time its current stretch began]
        for module, attribute, label in STAGES:
            owner: object = importlib.import_module(module)
            *path, name = attribute.split(".")
            for part in path:
                owner = getattr(owner, part)
            original = getattr(owner, name)
            self.originals.append((owner, name, original))
            setattr(owner, name, self._timed(original, label))

    def _timed(self, function, label: str):
        def timed(*args, **kwargs):
            now = time.process_time()
            if self.running:
                outer = self.running[-1]
                self.seconds[outer[0]] = self.seconds.get(outer[0], 0.0) + now - outer[1]
            self.running.append([label, now])
            try:
                return function(*args, **kwargs)
            finally:
                end = time.process_time()
                _, start = self.running.pop()
                self.seconds[label] = self.seconds.get(label, 0.0) + end - start
                if self.running:
                    self.running[-1][1] = end

        return timed

    def close(self) -> None:
        for owner, name, original in self.originals:
            setattr(owner, name, original)


def print_stages(root: Path, out: Path) -> None:
    clock = StageClock()
    try:
        timing = build_once(root, out, use_frame=True)
    finally:
        clock.close()
    print(f"\nstages of one build: CPU {timing.cpu:.2f} s, {timing.pages / timing.cpu:.0f} pages/s")
    print("| stage | CPU s | share | ms a page |\n|---|---|---|---|")
    rows = sorted(clock.seconds.items(), key=lambda item: -item[1])
    rest = timing.cpu - sum(clock.seconds.values())
    for label, seconds in [*rows, ("outside these (the benchmark's own calls)", rest)]:
        share, per_page = 100 * seconds / timing.cpu, 1000 * seconds / timing.pages
        print(f"| {label} | {seconds:.2f} | {share:.1f} % | {per_page:.2f} |")


def print_profile(root: Path, out: Path, top: int, dump: Path | None) -> None:
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    build_once(root, out, use_frame=True)
    profile.disable()
    if dump is not None:
        profile.dump_stats(dump)
    for order in ("cumulative", "tottime"):
        print(f"\n-- cProfile, one build, by {order} --")
        pstats.Stats(profile).sort_stats(order).print_stats(top)


def differences(a: Path, b: Path) -> list[str]:
    """Files present in one site only or different in bytes."""
    found = []
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    found += [f"only in one: {p}" for p in sorted(files_a ^ files_b)]
    for path in sorted(files_a & files_b):
        if not filecmp.cmp(a / path, b / path, shallow=False):
            found.append(f"differs: {path}")
    return found


def main() -> None:
    import logging

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--repeat", type=int, default=2, help="builds each way (best kept)")
    parser.add_argument("--stages", action="store_true", help="CPU time of each stage")
    parser.add_argument("--profile", type=int, metavar="N", help="cProfile's top N functions")
    parser.add_argument("--dump", type=Path, help="with --profile: keep the statistics here")
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    work = args.keep or Path(tempfile.mkdtemp(prefix="smmplan-site-render-"))
    repo = work / f"repo-{args.posts}"
    if not repo.exists():
        print(f"generating {args.posts} posts in {repo} ...", flush=True)
        make_repository(repo, args.posts)
    build_once(repo, work / "warm", use_frame=True)  # renders the pictures into the cache
    best: dict[bool, Timing] = {}
    for use_frame in (True, False) * args.repeat:
        timing = build_once(repo, work / f"site-{use_frame}", use_frame)
        if use_frame not in best or timing.cpu < best[use_frame].cpu:
            best[use_frame] = timing
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"posts: {args.posts}, pages: {best[True].pages} (best of {args.repeat} each way)")
    for use_frame, label in ((True, "with the page frame"), (False, "Material for every page")):
        t = best[use_frame]
        print(
            f"{label:<24} wall {t.wall:6.2f} s {t.pages / t.wall:5.0f} pages/s"
            f" | CPU {t.cpu:6.2f} s {t.pages / t.cpu:5.0f} pages/s"
            f" | page template {t.templates:5.2f} s ({100 * t.templates / t.cpu:.0f} % of CPU)"
        )
    print(f"speed-up (CPU): {best[False].cpu / best[True].cpu:.2f}x; peak memory {peak} MB")
    found = differences(work / "site-True", work / "site-False")
    print("sites identical" if not found else f"{len(found)} differences: {found[:10]}")
    print("goal: >= 800 pages/s on 5,000 posts, peak <= 1024 MB, identical pages")
    if args.stages:
        print_stages(repo, work / "site-stages")
    if args.profile:
        print_profile(repo, work / "site-profile", args.profile, args.dump)
    if not args.keep:
        shutil.rmtree(work)
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
