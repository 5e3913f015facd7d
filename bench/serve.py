"""Benchmark: how soon an edit shows in the browser under ``smmplan serve``.

Generates a plan (``site_corpus``, 5,000 posts by default), starts ``smmplan serve`` on it
and waits for the first build (the server answers only once it is done: that is the
full-build figure of this run). Then, for each of ``--edits`` edits, it appends a line to
one post and times, from the moment the file was written:

- until MkDocs' live-reload endpoint (``/livereload/<epoch>/<id>``, long-polled by every
  open page) reports a newer build: the moment a browser reloads;
- until the edited post's page, fetched over HTTP, holds the new line.

Prints each edit's figures, their median and the full build for comparison, and what
the server's log says of each update (its time, the pages it left to render) and of
any whole build during the edits. Goal (issue 15): the edit shows within 2 s on 5,000
posts.

The server runs a copy of smmplan's package taken when the benchmark starts: the server
builds the whole site again when smmplan's own files change, which an edit to the
checkout while it measures would otherwise cause (``--live-code`` runs the checkout).

    python bench/serve.py [--posts 5000] [--edits 3] [--port 8123] [--keep DIR] [--live-code]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from as_installed import run_as_installed
from site_corpus import NOW, make_repository, post_paths

EPOCH = re.compile(rb"livereload\((\d+),\s*(\d+)\)")
UPDATED = re.compile(r"Updated \d+ file\(s\) in ([\d.]+) s \(([\d.]+) s of CPU\); (\d+) page")
LAUNCHER = (  # the package copy first, ahead of the editable install's finder
    "import runpy, sys; sys.meta_path[:] = [f for f in sys.meta_path"
    " if 'editable' not in repr(f).lower()]; sys.path.insert(0, sys.argv.pop(1));"
    " runpy.run_module('smmplan', run_name='__main__', alter_sys=True)"
)


def server_command(work: Path, live_code: bool) -> list[str]:
    """How to start smmplan: the checkout, or a copy of its package made now."""
    if live_code:
        return [sys.executable, "-m", "smmplan"]
    import smmplan

    code = work / "code"
    shutil.rmtree(code, ignore_errors=True)
    ignored = shutil.ignore_patterns("__pycache__")
    shutil.copytree(Path(smmplan.__file__).parent, code / "smmplan", ignore=ignored)
    return [sys.executable, "-c", LAUNCHER, str(code)]


def server_log(path: Path) -> None:
    """What the server said of the edits: each update's time, whole builds among them."""
    text = path.read_text(encoding="utf-8", errors="replace")
    for seconds, cpu, pages in UPDATED.findall(text):
        print(f"server: plan and page keys updated in {seconds} s ({cpu} s CPU), {pages} stale")
    whole = text.count("Building the calendar...") - 1
    print(f"server: {whole} whole build(s) during the edits")


def fetch(url: str, timeout: float = 120) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for_server(base: str, process: subprocess.Popen, limit: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if process.poll() is not None:
            sys.exit(f"smmplan serve stopped (exit {process.returncode})")
        if fetch(base, timeout=5) is not None:
            return time.perf_counter() - started
        time.sleep(0.2)
    sys.exit(f"smmplan serve did not answer within {limit:.0f} s")


def post_url(base: str, repo: Path, path: Path) -> str:
    from smmplan.render.site import urls

    relative = [p.relative_to(repo).as_posix() for p in post_paths(repo)]
    slugs = urls.unique_slugs(relative, "content/posts/")
    page = urls.page_url(urls.source("post", slugs[path.relative_to(repo).as_posix()]), True)
    return base + page


def one_edit(base: str, repo: Path, path: Path, n: int) -> tuple[float, float]:
    """(seconds until the reload endpoint reports a new build, until the page shows it)."""
    page = fetch(base) or b""
    epoch, request = EPOCH.search(page).groups()
    marker = f"Edited for the benchmark, number {n}."
    url = post_url(base, repo, path)  # before the write: finding it takes this process time
    path.write_text(path.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
    written = time.perf_counter()
    while True:
        answer = fetch(f"{base}livereload/{int(epoch)}/{int(request)}")
        if answer is not None and int(answer) > int(epoch):
            break
    reloaded = time.perf_counter() - written
    while marker.encode() not in (fetch(url) or b""):
        time.sleep(0.05)
    return reloaded, time.perf_counter() - written


def edits(base: str, repo: Path, edited: Path, count: int) -> list[tuple[float, float]]:
    figures = []
    for n in range(count):
        reloaded, shown = one_edit(base, repo, edited, n)
        figures.append((reloaded, shown))
        print(f"edit {n + 1}: reload after {reloaded:.2f} s, page has it after {shown:.2f} s")
        time.sleep(1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--live-code", action="store_true", help="run the checkout's code")
    args = parser.parse_args()
    run_as_installed()
    work = args.keep or Path(tempfile.mkdtemp(prefix="smmplan-serve-bench-"))
    repo = work / f"repo-{args.posts}"
    if not repo.exists():
        print(f"generating {args.posts} posts in {repo} ...", flush=True)
        make_repository(repo, args.posts)
    base = f"http://127.0.0.1:{args.port}/"
    command = [*server_command(work, args.live_code), "--root", str(repo), "--now", NOW]
    command += ["serve", "--port", str(args.port)]
    log = open(work / "serve.log", "wb")  # noqa: SIM115 - open for the server's lifetime
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=os.environ)
    try:
        first = wait_for_server(base, process, limit=1800)
        print(f"first (full) build, start-up included: {first:.2f} s", flush=True)
        figures = edits(base, repo, post_paths(repo)[args.posts // 2], args.edits)
        reload_median = statistics.median(r for r, _ in figures)
        shown_median = statistics.median(s for _, s in figures)
        print(
            f"median: reload {reload_median:.2f} s, page {shown_median:.2f} s"
            f" ({100 * shown_median / first:.1f} % of the first build); goal <= 2 s"
        )
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        server_log(work / "serve.log")
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
