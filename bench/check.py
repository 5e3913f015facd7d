"""Benchmark: ``smmplan check`` on 10,000 realistic posts against the cost of just parsing them.

Generates a repository (3 brands, 2 campaigns, 10,000 posts in Russian, Azerbaijani,
Tagalog and English with ~15 front matter keys, per-network overrides and images), then
times, in the same run:

- the floor: read every post and YAML-parse its front matter with PyYAML's C loader, in
  a fresh Python process (as ``smmplan check`` runs in one);
- ``smmplan check --format json`` as a user runs it (a subprocess: start-up included).

Prints the wall times, the ratio, and the peak memory of each process.

    python bench/check.py [--posts 10000] [--keep DIR] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

from corpus import EMOJI, SENTENCES, STATUSES

BRANDS = {
    "kofe": ("Europe/Moscow", "ru", ["telegram", "vk", "instagram"]),
    "bayan": ("Asia/Manila", "tl", ["facebook", "linkedin", "x"]),
    "karvan": ("Asia/Baku", "az", ["instagram", "pinterest", "threads"]),
}
IMAGES = 200

FLOOR = r"""
import sys, time, pathlib, yaml
start = time.perf_counter()
loader = yaml.CSafeLoader
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.md")):
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4)
    yaml.load(text[4:end], Loader=loader)
print(time.perf_counter() - start)
"""


def make_repository(root: Path, posts: int, seed: int = 7) -> None:
    from PIL import Image

    rng = random.Random(seed)
    (root / "brands").mkdir(parents=True)
    for brand, (tz, locale, _) in BRANDS.items():
        (root / "brands" / f"{brand}.yml").write_text(
            f"name: {brand.title()}\ntimezone: {tz}\nlocale: {locale}\n"
            'disclosure: ["#ad"]\nbanned_words: ["cheap", "дешёвый", "ucuz"]\n'
            "posting: {min_gap: 1h}\n",
            encoding="utf-8",
        )
    campaigns = root / "content" / "campaigns"
    campaigns.mkdir(parents=True)
    for slug, brand in (("autumn", "karvan"), ("payday", "bayan")):
        (campaigns / f"{slug}.md").write_text(
            f"---\ntitle: {slug}\nbrand: {brand}\nstart: 2026-01-01\nend: 2027-12-31\n---\nBrief.\n",
            encoding="utf-8",
        )
    media = root / "content" / "media"
    media.mkdir(parents=True)
    for n in range(IMAGES):
        Image.effect_noise((180, 320), 40).convert("RGB").resize((1440, 2560)).save(
            media / f"photo-{n:03d}.jpg", quality=60
        )
    start = datetime(2026, 1, 5, 8, 0)
    for n in range(posts):
        brand = rng.choice(list(BRANDS))
        tz, locale, networks = BRANDS[brand]
        lang = rng.choice([locale, locale, "en"])
        when = start + timedelta(minutes=97 * n)
        body = " ".join(rng.choice(SENTENCES[lang]) for _ in range(rng.randint(3, 9)))
        body += f" {rng.choice(EMOJI)}\n\nhttps://example.com/{brand}/{n} #{brand} #{lang}2026"
        status = rng.choice(STATUSES)
        campaign = {"karvan": "autumn", "bayan": "payday"}.get(brand)
        folder = root / "content" / "posts" / f"{when:%Y}" / f"{when:%m}"
        folder.mkdir(parents=True, exist_ok=True)
        first, second = networks[0], networks[1]
        override = body[:200].replace('"', "").replace("\n", " ")
        third = "{format: story}" if networks[2] == "instagram" else "{}"
        front = "\n".join(
            [
                "---",
                f'title: "Post {n}: {override[:40]}"',
                f"brand: {brand}",
                f"campaign: {campaign}" if campaign else "campaign: null",
                f"publish_at: {when:%Y-%m-%d %H:%M}",
                f"status: {status}",
                f"author: editor{n % 7}",
                f"approved_by: lead{n % 3}",
                f"tags: [pillar-{n % 5}, {lang}]",
                f"sponsored: {'true' if n % 11 == 0 else 'false'}",
                f"link: https://example.com/{brand}/{n}?ref=social",
                f'first_comment: "#{brand} #{lang}"',
                "media:",
                f"  - src: /content/media/photo-{n % IMAGES:03d}.jpg",
                f"    alt: Photo number {n}",
                "    focus: [0.5, 0.4]",
                "networks:",
                f"  {first}: {{}}",
                f"  {second}:",
                f'    text: "{override} #ad"',
                f"  {networks[2]}: {third}",
                "---",
                "",
            ]
        )
        (folder / f"post-{n:05d}.md").write_text(front + body + " #ad\n", encoding="utf-8")


def _tree_rss(pid: int) -> int:
    """Resident memory (kB) of a process and all its descendants, from /proc."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as status:
                total += next(
                    (int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0
                )
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    todo.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def timed(command: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak memory in MB (the process and its workers together) and stdout."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _tree_rss(process.pid))
                done.wait(0.01)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1) or (command[1] == "-c" and process.returncode):
            sys.exit(
                f"{' '.join(command)} failed ({process.returncode}):\n{process.stderr.read().decode()}"
            )
        process.stderr.close()
        out.seek(0)
        return wall, max(peak[0], usage.ru_maxrss) // 1024, out.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="smmplan-bench-"))
    if not (root / "content").exists():
        print(f"generating {args.posts} posts in {root} ...", flush=True)
        make_repository(root, args.posts)
    python = sys.executable
    smmplan = [
        python,
        "-m",
        "smmplan",
        "--root",
        str(root),
        "--now",
        "2026-01-01T00:00",
        "check",
        "--format",
        "json",
    ]
    floor_cmd = [python, "-c", FLOOR, str(root / "content" / "posts")]
    timed(floor_cmd)  # warm the file cache
    floors, checks = [], []
    for _ in range(args.repeat):
        wall, floor_peak, _ = timed(floor_cmd)
        floors.append(wall)
        wall, check_peak, out = timed(smmplan)
        checks.append(wall)
    floor, check = min(floors), min(checks)
    summary = out[out.index('"summary"') : out.index("}", out.index('"summary"')) + 1]
    print(f"posts:                {args.posts}")
    print(f"floor (read + C YAML, fresh process): {floor:.2f} s  (best of {args.repeat})")
    print(f"smmplan check --format json:          {check:.2f} s  (best of {args.repeat})")
    print(f"ratio check / floor:                  {check / floor:.2f}x   (goal <= 1.3x, <= 3 s)")
    print(f"peak memory: check {check_peak} MB (goal <= 300 MB); floor {floor_peak} MB")
    print(f"check said: {summary}")
    if not args.keep:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
