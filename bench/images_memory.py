"""Benchmark: the peak memory of ``smmplan images`` on pictures just under the pixel limit.

Makes a content repository with ``--pngs`` PNGs (default 3) of just under
``smmplan.load.media.MAX_PIXELS`` pixels each (a square of the largest side that fits;
every other one with an alpha channel, the largest decode there is: four bytes a
pixel), one post each going to instagram, x and facebook, then runs ``smmplan images``
in a fresh process, as a user does, and reports the peak resident memory of that process
(``ru_maxrss`` from ``wait4``, which covers every thread). In the same run, for
comparison, it measures a plain Pillow script that opens and fully decodes one of the
pictures (the floor of any renderer that decodes the whole picture once), and
``smmplan images --jobs 1``. Goal: ``smmplan images`` under 1 GiB whatever the number of
pictures or cores. ::

    python bench/images_memory.py [--pngs 3] [--inputs DIR]

``--inputs DIR`` keeps the generated pictures for the next run (making them takes a while).
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from as_installed import run_as_installed

GIB = 1024**3
NETWORKS = ["instagram", "x", "facebook"]
BRAND = 'name: Bench\ntimezone: UTC\ncolors: {background: "#f4efe9"}\n'
NAIVE = (
    "import sys\nfrom PIL import Image\nImage.MAX_IMAGE_PIXELS = None\n"
    "with Image.open(sys.argv[1]) as image:\n    image.load()\n"
)


def side_under_limit() -> int:
    from smmplan.load.media import MAX_PIXELS

    return math.isqrt(MAX_PIXELS - 1)


def make_picture(path: Path, side: int, alpha: bool) -> None:
    """A noisy gradient (so the PNG neither compresses to nothing nor takes minutes)."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None
    small = 512
    gradient = Image.linear_gradient("L").resize((small, small))
    noise = Image.effect_noise((small, small), 40)
    channels = [gradient, noise, gradient.rotate(90)]
    if alpha:
        channels.append(gradient.rotate(180).point(lambda v: 128 + v // 2))
    picture = Image.merge("RGBA" if alpha else "RGB", channels)
    picture = picture.resize((side, side), Image.Resampling.NEAREST)
    picture.save(path, compress_level=1)


def make_inputs(folder: Path, count: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    side = side_under_limit()
    names = []
    for n in range(count):
        alpha = n % 2 == 0
        name = f"huge-{n}-{side}{'-alpha' if alpha else ''}.png"
        if not (folder / name).is_file():
            print(f"making {name} ({side}×{side}) ...", file=sys.stderr)
            make_picture(folder / name, side, alpha)
        names.append(name)
    return names


def make_repo(root: Path, inputs: Path, names: list[str]) -> None:
    (root / "brands").mkdir(parents=True)
    (root / "brands" / "bench.yml").write_text(BRAND, encoding="utf-8")
    (root / "smmplan.yml").write_text("title: Bench\ntimezone: UTC\n", encoding="utf-8")
    media, posts = root / "content" / "media", root / "content" / "posts"
    media.mkdir(parents=True)
    posts.mkdir(parents=True)
    for n, name in enumerate(names):
        try:
            os.link(inputs / name, media / name)
        except OSError:
            shutil.copy(inputs / name, media / name)
        (posts / f"post-{n}.md").write_text(
            f"---\ntitle: Post {n}\nbrand: bench\npublish_at: 2026-11-27 10:00\n"
            f"status: draft\nnetworks: [{', '.join(NETWORKS)}]\nmedia:\n"
            f"  - src: /content/media/{name}\n    alt: picture {n}\n---\nText {n}\n",
            encoding="utf-8",
        )


def peak_of(command: list[str], cwd: Path) -> tuple[int, int]:
    """(exit status, peak resident bytes) of a command run to its end."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_maxrss * 1024


def smmplan_peak(root: Path, jobs: int | None) -> tuple[int, int]:
    out = root / "renders"
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "smmplan", "images", "--out", str(out)]
    command += ["--jobs", str(jobs)] if jobs else []
    return peak_of(command, root)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pngs", type=int, default=3)
    parser.add_argument("--inputs", type=Path)
    args = parser.parse_args()
    run_as_installed()
    with tempfile.TemporaryDirectory(prefix="smmplan-images-memory-") as temp:
        inputs = args.inputs or Path(temp) / "inputs"
        names = make_inputs(inputs, args.pngs)
        root = Path(temp) / "repo"
        make_repo(root, inputs, names)
        _, naive = peak_of([sys.executable, "-c", NAIVE, str(inputs / names[0])], root)
        status_all, peak_all = smmplan_peak(root, None)
        status_one, peak_one = smmplan_peak(root, 1)
        rendered = len(list((root / "renders").iterdir()))
    side = side_under_limit()
    print(f"{args.pngs} PNGs of {side}×{side} ({side * side / 1e6:.1f} MP), {rendered} outputs")
    print(f"Pillow, full decode of one picture:  {naive / GIB:.2f} GiB")
    print(f"smmplan images --jobs 1:             {peak_one / GIB:.2f} GiB (exit {status_one})")
    print(
        f"smmplan images ({os.cpu_count()} cores):            {peak_all / GIB:.2f} GiB"
        f" (exit {status_all})"
    )
    verdict = "met" if peak_all < GIB and peak_one < GIB else "NOT met"
    print(f"goal: under 1.00 GiB: {verdict}")


if __name__ == "__main__":
    main()
