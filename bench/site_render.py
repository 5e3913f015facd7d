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

    python bench/site_render.py [--posts 5000] [--keep DIR] [--repeat 2]
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
    if not args.keep:
        shutil.rmtree(work)
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
