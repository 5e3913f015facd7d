"""Benchmark: ``smmplan build`` (the calendar site) on 1,000 and 5,000 generated posts,
against Hugo building the same number of plain pages as the fast-generator reference.

For each size it generates a repository (3 brands in three time zones, 2 campaigns,
multilingual posts with per-network overrides, 3 networks each; no images, so the site is
measured, not the image renderer) and a Hugo site with as many pages of the same text,
then times, in the same run:

- ``hugo --quiet`` (Debian package ``hugo``), a fresh process;
- ``smmplan build`` as a user runs it (a subprocess: start-up, loading, checking, feeds,
  exports and every page included).

Prints wall times, pages per second, the ratio to Hugo, the peak memory of each process
and how the time grows with the number of posts. Goal: >= 330 pages/s on 5,000 posts
(within 3x of Hugo), peak memory <= 1 GB, time linear in posts.

    python bench/site.py [--posts 1000 5000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from corpus import SENTENCES, STATUSES

BRANDS = {
    "kofe": ("Europe/Moscow", "ru", ["telegram", "vk", "x"]),
    "bayan": ("Asia/Manila", "tl", ["facebook", "linkedin", "x"]),
    "karvan": ("Asia/Baku", "az", ["threads", "mastodon", "bluesky"]),
}
NOW = "2026-06-01T09:00:00+00:00"


def posts_of(count: int, seed: int = 11):
    """(brand, language, moment, status, networks, body, override) per post."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 5, 8, 0)
    for n in range(count):
        brand = rng.choice(list(BRANDS))
        _, locale, networks = BRANDS[brand]
        lang = rng.choice([locale, locale, "en"])
        when = start + timedelta(minutes=(365 * 24 * 60 // count) * n)
        body = " ".join(rng.choice(SENTENCES[lang]) for _ in range(rng.randint(2, 6)))
        body += f"\n\nhttps://example.com/{brand}/{n} #{brand} @{brand}team"
        yield n, brand, lang, when, rng.choice(STATUSES), networks, body


def make_repository(root: Path, count: int) -> None:
    (root / "brands").mkdir(parents=True)
    for brand, (tz, locale, _) in BRANDS.items():
        (root / "brands" / f"{brand}.yml").write_text(
            f"name: {brand.title()}\ntimezone: {tz}\nlocale: {locale}\n"
            'disclosure: ["#ad"]\nposting: {min_gap: 1h}\n',
            encoding="utf-8",
        )
    (root / "smmplan.yml").write_text("title: Bench calendar\nlocale: en\n", encoding="utf-8")
    campaigns = root / "content" / "campaigns"
    campaigns.mkdir(parents=True)
    for slug, brand in (("autumn", "karvan"), ("payday", "bayan")):
        (campaigns / f"{slug}.md").write_text(
            f"---\ntitle: {slug}\nbrand: {brand}\nstart: 2026-01-01\nend: 2026-12-31\n---\nBrief.\n",
            encoding="utf-8",
        )
    for n, brand, lang, when, status, networks, body in posts_of(count):
        folder = root / "content" / "posts" / f"{when:%Y}" / f"{when:%m}"
        folder.mkdir(parents=True, exist_ok=True)
        campaign = {"karvan": "autumn", "bayan": "payday"}.get(brand, "null")
        short = body.split("\n")[0][:180].replace('"', "")
        front = "\n".join(
            [
                "---",
                f'title: "Post {n}: {short[:40]}"',
                f"brand: {brand}",
                f"campaign: {campaign}",
                f"publish_at: {when:%Y-%m-%d %H:%M}",
                f"status: {status}",
                f"author: editor{n % 7}",
                f"approved_by: lead{n % 3}",
                f"tags: [pillar-{n % 5}, {lang}]",
                f"link: https://example.com/{brand}/{n}",
                "networks:",
                f"  {networks[0]}: {{}}",
                f'  {networks[1]}: {{text: "{short}"}}',
                f"  {networks[2]}: {{}}",
                "---",
                "",
            ]
        )
        (folder / f"post-{n:05d}.md").write_text(front + body + "\n", encoding="utf-8")


HUGO_LAYOUT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav><a href="{{ .Site.BaseURL }}">Home</a></nav><main><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2006-01-02 15:04" }}</p>{{ .Content }}</main></body></html>
"""


def make_hugo(root: Path, count: int) -> None:
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
    for n, _, _, when, _, _, body in posts_of(count):
        (posts / f"post-{n:05d}.md").write_text(
            f'---\ntitle: "Post {n}"\ndate: {when:%Y-%m-%dT%H:%M:%S}Z\n---\n{body}\n',
            encoding="utf-8",
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


def run(size: int, work: Path) -> dict:
    repo, hugo = work / f"repo-{size}", work / f"hugo-{size}"
    if not repo.exists():
        make_repository(repo, size)
    if not hugo.exists():
        make_hugo(hugo, size)
    env = {**os.environ, "SMMPLAN_NOW": NOW}
    hugo_out = work / f"hugo-out-{size}"
    hugo_cmd = ["hugo", "--quiet", "-s", str(hugo), "-d", str(hugo_out)]
    timed(hugo_cmd)  # warm the file cache
    hugo_wall, hugo_peak = timed(hugo_cmd)
    site_out = work / f"site-{size}"
    smmplan = [
        sys.executable,
        "-m",
        "smmplan",
        "--root",
        str(repo),
        "build",
        "--out",
        str(site_out),
    ]
    wall, peak = timed(smmplan, env)
    return {
        "posts": size,
        "pages": html_pages(site_out),
        "wall": wall,
        "peak": peak,
        "hugo_pages": html_pages(hugo_out),
        "hugo_wall": hugo_wall,
        "hugo_peak": hugo_peak,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    if shutil.which("hugo") is None:
        sys.exit("hugo is not installed (Debian: apt-get install hugo)")
    work = args.keep or Path(tempfile.mkdtemp(prefix="smmplan-site-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for size in args.posts:
        print(f"generating and building {size} posts in {work} ...", flush=True)
        results.append(run(size, work))
    print(
        f"{'posts':>6} {'pages':>6} {'smmplan s':>9} {'pages/s':>8} {'peak MB':>8}"
        f" {'hugo pages':>10} {'hugo s':>7} {'hugo p/s':>8} {'ratio':>6}"
    )
    for r in results:
        print(
            f"{r['posts']:>6} {r['pages']:>6} {r['wall']:>9.2f} {r['pages'] / r['wall']:>8.0f}"
            f" {r['peak']:>8} {r['hugo_pages']:>10} {r['hugo_wall']:>7.2f}"
            f" {r['hugo_pages'] / r['hugo_wall']:>8.0f} {r['wall'] / r['hugo_wall']:>5.1f}x"
        )
    if len(results) > 1:
        a, b = results[0], results[-1]
        growth = (b["wall"] / a["wall"]) / (b["posts"] / a["posts"])
        print(f"time per post, {b['posts']} vs {a['posts']} posts: {growth:.2f}x (1.00 = linear)")
    print("goal: >= 330 pages/s on 5,000 posts (within 3x of Hugo), peak <= 1024 MB, linear")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
