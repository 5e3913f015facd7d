"""Benchmark: ``smmplan build`` (the calendar site) on generated plans of 1,000 and 5,000
posts (``--posts 50000`` for the linearity row), against Hugo building the same number of
plain pages as the fast-generator reference.

The plan is ``site_corpus``'s: three brands, two campaigns, two to five networks per post,
real small JPEG pictures on most posts and problems on about a tenth of them (a few
hundred errors and a few thousand warnings per 5,000 posts; the figures are printed).
Before timing, one build renders every picture into ``.smmplan-cache/media/`` (the
image cache is warm in every figure below: this measures the site, not the renderer).
Then, in the same run and each as a fresh process:

- ``hugo --quiet`` (Debian package ``hugo``) on as many pages of the same text;
- ``smmplan build --clean``: the full build (check cache emptied first, if there is one);
- ``smmplan build`` with nothing changed (only verifies the site);
- ``smmplan build`` after one post's text changed (the check cache warm);
- the same after another post changed with the check cache emptied first.

Prints wall times, pages per second, each incremental build as a share of the full one,
peak memory, the ratio to Hugo and how the time grows with the number of posts. Goals
(issue 15): full build >= 800 pages/s on 5,000 posts, <= 1 GB; nothing changed <= 10 %
of the full build; one post changed <= 15 %; 50,000 posts within 1.2x the time per post
of 5,000, <= 2 GB.

``--profile FILE`` runs the one-post build (check cache warm) under cProfile and writes
its statistics to ``FILE`` (``python -m pstats FILE``); its time is then the profiler's.

    python bench/site.py [--posts 1000 5000] [--keep DIR] [--no-hugo] [--profile FILE]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from as_installed import run_as_installed
from site_corpus import NOW, make_repository, post_paths

CHECK_CACHE = Path(".smmplan-cache") / "check"


HUGO_LAYOUT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav><a href="{{ .Site.BaseURL }}">Home</a></nav><main><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2006-01-02 15:04" }}</p>{{ .Content }}</main></body></html>
"""


def make_hugo(root: Path, repo: Path) -> None:
    (root / "layouts" / "_default").mkdir(parents=True)
    (root / "layouts" / "_default" / "single.html").write_text(HUGO_LAYOUT, encoding="utf-8")
    (root / "layouts" / "_default" / "list.html").write_text(
        HUGO_LAYOUT.replace(
            "{{ .Content }}",
            "{{ range .Pages }}<a href='{{ .RelPermalink }}'>{{ .Title }}</a>{{ end }}",
        ),
        encoding="utf-8",
    )
    (root / "config.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "Bench"\ndisableKinds = ["taxonomy", "term", "RSS"]\nbuildFuture = true\n',
        encoding="utf-8",
    )
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    for n, path in enumerate(post_paths(repo)):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        when = next(line for line in front.splitlines() if line.startswith("publish_at:"))
        date = when.split(": ", 1)[1].replace(" ", "T")
        (posts / f"post-{n:05d}.md").write_text(
            f'---\ntitle: "Post {n}"\ndate: {date}:00Z\n---\n{body}\n', encoding="utf-8"
        )


def timed(command: list[str], env: dict | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS in MB of the process (via wait4)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            err.seek(0)
            sys.exit(f"{' '.join(command)} failed ({code}):\n{err.read().decode(errors='replace')}")
    return wall, usage.ru_maxrss // 1024


def html_pages(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*.html") if p.name != "404.html")


def problems(repo: Path, env: dict) -> tuple[int, int]:
    """(errors, warnings) ``smmplan check`` finds in the generated plan."""
    import json

    command = [sys.executable, "-m", "smmplan", "--root", str(repo), "check", "--format", "json"]
    done = subprocess.run(command, capture_output=True, env=env, check=False)
    found = json.loads(done.stdout)
    found = found.get("diagnostics", found) if isinstance(found, dict) else found
    return (
        sum(1 for d in found if d["severity"] == "error"),
        sum(1 for d in found if d["severity"] == "warning"),
    )


def edit_one(repo: Path, n: int) -> None:
    path = post_paths(repo)[n]
    path.write_text(path.read_text(encoding="utf-8") + f"\nEdited {time.time()}.\n", "utf-8")


def run(size: int, work: Path, hugo: bool, profile: Path | None = None) -> dict:
    repo = work / f"repo-{size}"
    if not repo.exists():
        make_repository(repo, size)
    env = {**os.environ, "SMMPLAN_NOW": NOW}
    site_out = work / f"site-{size}"
    smmplan = [sys.executable, "-m", "smmplan", "--root", str(repo), "build", "--out"]
    timed([*smmplan, str(work / f"warm-{size}")], env)  # renders the pictures once
    shutil.rmtree(repo / CHECK_CACHE, ignore_errors=True)
    wall, peak = timed([*smmplan, str(site_out), "--clean"], env)
    result = {"posts": size, "pages": html_pages(site_out), "wall": wall, "peak": peak}
    result["unchanged"], _ = timed([*smmplan, str(site_out)], env)
    edit_one(repo, size // 2)
    profiled = [sys.executable, "-m", "cProfile", "-o", str(profile)] if profile else []
    one = [*profiled, *smmplan[1:]] if profile else smmplan
    result["one"], result["one_peak"] = timed([*one, str(site_out)], env)
    shutil.rmtree(repo / CHECK_CACHE, ignore_errors=True)
    edit_one(repo, size // 3)
    result["one_cold"], _ = timed([*smmplan, str(site_out)], env)
    result["errors"], result["warnings"] = problems(repo, env)
    if hugo:
        result.update(run_hugo(work, repo, size))
    return result


def run_hugo(work: Path, repo: Path, size: int) -> dict:
    hugo = work / f"hugo-{size}"
    if not hugo.exists():
        make_hugo(hugo, repo)
    hugo_out = work / f"hugo-out-{size}"
    hugo_cmd = ["hugo", "--quiet", "-s", str(hugo), "-d", str(hugo_out)]
    timed(hugo_cmd)  # warm the file cache
    hugo_wall, hugo_peak = timed(hugo_cmd)
    return {"hugo_pages": html_pages(hugo_out), "hugo_wall": hugo_wall, "hugo_peak": hugo_peak}


def report(results: list[dict]) -> None:
    print(
        f"{'posts':>6} {'pages':>6} {'errors':>6} {'warn':>6} {'full s':>7} {'pages/s':>8}"
        f" {'peak MB':>8} {'same s':>7} {'%':>5} {'one s':>6} {'%':>5} {'cold s':>7} {'%':>5}"
    )
    for r in results:
        full = r["wall"]
        print(
            f"{r['posts']:>6} {r['pages']:>6} {r['errors']:>6} {r['warnings']:>6} {full:>7.2f}"
            f" {r['pages'] / full:>8.0f} {r['peak']:>8} {r['unchanged']:>7.2f}"
            f" {100 * r['unchanged'] / full:>5.1f} {r['one']:>6.2f} {100 * r['one'] / full:>5.1f}"
            f" {r['one_cold']:>7.2f} {100 * r['one_cold'] / full:>5.1f}"
        )
    print("same: nothing changed; one: one post changed; cold: one post, check cache emptied")
    for r in results:
        if "hugo_wall" in r:
            print(
                f"hugo, {r['posts']} posts: {r['hugo_pages']} pages in {r['hugo_wall']:.2f} s"
                f" ({r['hugo_pages'] / r['hugo_wall']:.0f} pages/s, {r['hugo_peak']} MB);"
                f" smmplan's full build {r['wall'] / r['hugo_wall']:.1f}x"
            )
    if len(results) > 1:
        a, b = results[0], results[-1]
        growth = (b["wall"] / a["wall"]) / (b["posts"] / a["posts"])
        print(f"time per post, {b['posts']} vs {a['posts']} posts: {growth:.2f}x (1.00 = linear)")
    print(
        "goals: full >= 800 pages/s on 5,000 posts, <= 1024 MB; nothing changed <= 10 %;"
        " one post changed <= 15 %; 50,000 posts <= 1.2x per post, <= 2048 MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--no-hugo", action="store_true", help="leave out the Hugo reference")
    parser.add_argument("--profile", type=Path, help="profile the one-post build into this file")
    args = parser.parse_args()
    run_as_installed()
    if not args.no_hugo and shutil.which("hugo") is None:
        sys.exit("hugo is not installed (Debian: apt-get install hugo); or --no-hugo")
    work = args.keep or Path(tempfile.mkdtemp(prefix="smmplan-site-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for size in args.posts:
        print(f"generating and building {size} posts in {work} ...", flush=True)
        results.append(run(size, work, not args.no_hugo, args.profile))
    report(results)
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
