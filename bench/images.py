"""Benchmark: ``render_images`` against a naive Pillow loop on the same photo-sized inputs.

Makes content repositories of photo-like 12-megapixel JPEGs (layered noise, gradients and
grain, so each is 2-5 MB like a phone photo; every fourth one is stored sideways with EXIF
orientation 6) and 2400×2400 PNGs with alpha, one post each going to six networks
(instagram feed, x, facebook, linkedin, pinterest, telegram), then times, for each set in
the same run and each phase in a fresh process:

- ``render_images`` into an empty folder (the first run), with ``--jobs`` threads, and
  apart from it the process's start-up (imports and loading the repository);
- the naive loop: for every rendition, open → exif_transpose → crop → resize LANCZOS →
  save (JPEG quality 85, PNG for transparent pictures where the network takes PNG), in one
  process, one picture after the other;
- ``render_images`` again with nothing changed (the rerun), and ``smmplan images`` as a
  user runs it (start-up and loading included) for comparison, on the rerun and on a first
  run into an empty folder.

Besides the wall-clock rate it prints what the first run's CPU time gives on cores of its
own: on a machine shared with other work the threads get less than a core each, and the
rate falls with them (``bench/images_stages.py`` shows where that CPU time goes).

The two sets are the large one (40 photos and 4 PNGs: 264 renditions) and the small one
(20 photos, no PNG: 120 renditions), where a fixed cost weighs twice as much; ``--photos``
and ``--pngs`` measure one set of your choice instead. It reports renditions per second,
the speed-up, the mean and lowest SSIM of every rendition against the naive loop's (luma,
11-tap Gaussian window, σ = 1.5; transparent outputs composited onto the brand background
first) and the rerun's share of the first run. Goals, on each set: ≥ 40 renditions/s,
≥ 7.5× the naive loop, mean SSIM ≥ 0.97, rerun ≤ 5 %. NumPy is needed to run it (not by
smmplan)::

    python bench/images.py [--photos 20 --pngs 0] [--jobs N] [--inputs DIR] [--keep DIR]

``--inputs DIR`` keeps the generated pictures for the next run (making them takes a while).
The machine's load average is printed before and after each set: other processes count.
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
from pathlib import Path

from as_installed import run_as_installed

NETWORKS = ["instagram", "x", "facebook", "linkedin", "pinterest", "telegram"]
BACKGROUND = (0xF4, 0xEF, 0xE9)
BRAND = 'name: Bench\ntimezone: UTC\ncolors: {background: "#f4efe9"}\n'
PHOTO = (4000, 3000)
LOGO = (2400, 2400)


# --- inputs ----------------------------------------------------------------------------------


def _scene(rng, size):
    """A smooth photo-like scene: noise at four scales, colour gradients, a few soft shapes."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    width, height = size
    acc = np.zeros((height, width, 3), np.float32)
    for cells, amplitude in ((6, 60), (24, 36), (96, 20), (400, 10)):
        small = rng.normal(0, 1, (max(2, cells * height // width), cells, 3)).astype(np.float32)
        for channel in range(3):
            layer = Image.fromarray(small[..., channel], "F").resize(size, Image.Resampling.BICUBIC)
            acc[..., channel] += np.asarray(layer) * amplitude
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    acc += (xs / width * 70)[..., None] * rng.uniform(-1, 1, 3).astype(np.float32)
    acc += (ys / height * 70)[..., None] * rng.uniform(-1, 1, 3).astype(np.float32)
    acc += rng.uniform(70, 170, 3).astype(np.float32)
    shapes = Image.new("L", size, 0)
    draw = ImageDraw.Draw(shapes)
    for _ in range(12):
        x, y, r = rng.integers(0, width), rng.integers(0, height), rng.integers(80, 600)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=int(rng.integers(40, 255)))
    shapes = np.asarray(shapes.filter(ImageFilter.GaussianBlur(6)), np.float32)
    acc += (shapes[..., None] - 100) * rng.uniform(-0.4, 0.4, 3).astype(np.float32)
    return acc


def make_inputs(folder: Path, photos: int, logos: int) -> list[str]:
    """The pictures (made once per folder) and their names."""
    import numpy as np
    from PIL import Image

    names = [f"photo-{n:02d}.jpg" for n in range(photos)] + [f"logo-{n}.png" for n in range(logos)]
    if all((folder / name).is_file() for name in names):
        return names
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(2026)
    scenes = [_scene(rng, PHOTO) for _ in range(4)]
    grain = rng.normal(0, 1, (PHOTO[1] + 64, PHOTO[0] + 64, 3)).astype(np.float32)
    for n in range(photos):
        base = np.roll(
            scenes[n % 4], (int(rng.integers(0, 3000)), int(rng.integers(0, 4000))), (0, 1)
        )
        dy, dx = int(rng.integers(0, 64)), int(rng.integers(0, 64))
        sigma = float(rng.uniform(5.0, 8.0))
        pixels = (
            base * rng.uniform(0.85, 1.15) + grain[dy : dy + PHOTO[1], dx : dx + PHOTO[0]] * sigma
        )
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
        exif = Image.Exif()
        exif[0x010F] = "BenchCam"
        if n % 4 == 3:
            exif[0x0112] = 6  # shot in portrait: stored sideways, shown 3000×4000
        image.save(folder / names[n], "JPEG", quality=90, exif=exif)
    ys, xs = np.mgrid[0 : LOGO[1], 0 : LOGO[0]].astype(np.float32)
    for n in range(logos):
        colour = np.clip(_scene(rng, LOGO), 0, 255).astype(np.uint8)
        radius = np.hypot(xs - LOGO[0] / 2, ys - LOGO[1] / 2) / (LOGO[0] * (0.36 + 0.03 * n))
        alpha = np.clip((1.0 - radius) * 12, 0, 1) * 255
        rgba = np.dstack([colour, alpha.astype(np.uint8)])
        Image.fromarray(rgba, "RGBA").save(folder / names[photos + n], "PNG")
    return names


def make_repo(root: Path, inputs: Path, names: list[str]) -> None:
    (root / "brands").mkdir(parents=True, exist_ok=True)
    (root / "brands" / "bench.yml").write_text(BRAND, encoding="utf-8")
    media, posts = root / "content" / "media", root / "content" / "posts"
    media.mkdir(parents=True, exist_ok=True)
    posts.mkdir(parents=True, exist_ok=True)
    for n, name in enumerate(names):
        target = media / name
        if not target.exists():
            os.link(inputs / name, target) if _same_device(inputs, media) else shutil.copy(
                inputs / name, target
            )
        focus = "\n    focus: [0.4, 0.45]" if n % 3 == 0 else ""
        (posts / f"post-{n:02d}.md").write_text(
            f"---\ntitle: Post {n}\npublish_at: 2026-11-27 10:00\nstatus: approved\n"
            f"approved_by: bench\nnetworks: [{', '.join(NETWORKS)}]\nmedia:\n"
            f"  - src: /content/media/{name}\n    alt: picture {n}{focus}\n---\nText {n}\n",
            encoding="utf-8",
        )


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited on exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _same_device(a: Path, b: Path) -> bool:
    return a.stat().st_dev == b.stat().st_dev


# --- phases, each run in its own process ---------------------------------------------------


def phase_smmplan(root: Path, out: Path, jobs: int | None) -> dict:
    begun = time.perf_counter()
    from smmplan.load import load_project
    from smmplan.render.images import render_images

    project = load_project(root)
    started, cpu = time.perf_counter(), time.process_time()
    result = render_images(project, out, jobs=jobs)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "startup": started - begun,
        "cpu": time.process_time() - cpu,
        "renditions": len(result.images),
        "rendered": result.rendered,
        "problems": [f.finding.message for f in result.findings],
        "outputs": [
            [Path(i.source).name, i.network, i.rendition, str(i.output)] for i in result.images
        ],
        "peak_mb": _peak_mb(),
    }


def phase_naive(root: Path, out: Path) -> dict:
    """The loop a script would write: everything per rendition, one after the other."""
    from PIL import Image, ImageOps

    from smmplan.load import load_project
    from smmplan.render.images.geometry import layout

    project = load_project(root)
    work = []
    for post in project.posts:
        for variant in post.variants:
            spec = project.spec(variant.network)
            rendition = spec.rendition_for(variant.format)
            for item in variant.media:
                work.append((item, spec, rendition))
    out.mkdir(parents=True, exist_ok=True)
    outputs = []
    started, cpu = time.perf_counter(), time.process_time()
    for item, spec, rendition in work:
        with Image.open(item.path) as image:
            image = ImageOps.exif_transpose(image)
            target = (rendition.width, rendition.height)  # the same shapes smmplan makes
            lay = layout(image.size, target, rendition.fit, item.focus, rendition.aspect)
            image = image.crop(lay.box)
            if image.size != lay.size:
                image = image.resize(lay.size, Image.Resampling.LANCZOS)
            if lay.pads:
                canvas = Image.new("RGB", lay.canvas, BACKGROUND)
                canvas.paste(image, lay.offset, image if image.mode == "RGBA" else None)
                image = canvas
            name = f"{Path(item.path).stem}-{spec.id}-{rendition.name}"
            if image.mode == "RGBA" and "png" in spec.formats:
                path = out / f"{name}.png"
                image.save(path, "PNG")
            else:
                if image.mode == "RGBA":
                    flat = Image.new("RGB", image.size, BACKGROUND)
                    flat.paste(image, (0, 0), image)
                    image = flat
                path = out / f"{name}.jpg"
                image.save(path, "JPEG", quality=85)
            outputs.append([Path(item.path).name, spec.id, rendition.name, str(path)])
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "cpu": time.process_time() - cpu,
        "renditions": len(outputs),
        "outputs": outputs,
        "peak_mb": _peak_mb(),
    }


# --- comparison ------------------------------------------------------------------------------


def ssim(a, b) -> float:
    """Mean SSIM of two same-size pictures' luma (Wang et al. 2004: Gaussian σ 1.5, 11 taps)."""
    import numpy as np
    from PIL import Image

    def luma(image):
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            flat = Image.new("RGB", image.size, BACKGROUND)
            flat.paste(image, (0, 0), image)
            image = flat
        return np.asarray(image.convert("L"), np.float32)

    x, y = luma(a), luma(b)
    taps = np.exp(-0.5 * ((np.arange(11) - 5) / 1.5) ** 2)
    taps = (taps / taps.sum()).astype(np.float32)

    def blur(z):
        rows = sum(w * z[:, k : z.shape[1] - 10 + k] for k, w in enumerate(taps))
        return sum(w * rows[k : rows.shape[0] - 10 + k, :] for k, w in enumerate(taps))

    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mx, my = blur(x), blur(y)
    sxx, syy, sxy = blur(x * x) - mx * mx, blur(y * y) - my * my, blur(x * y) - mx * my
    index = ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx * mx + my * my + c1) * (sxx + syy + c2))
    return float(index.mean())


def compare(ours: dict, naive: dict) -> list[float]:
    from PIL import Image

    theirs = {tuple(row[:3]): row[3] for row in naive["outputs"]}
    scores = []
    for source, network, rendition, path in ours["outputs"]:
        other = theirs.get((source, network, rendition))
        if other is None:
            continue
        with Image.open(path) as a, Image.open(other) as b:
            if a.size != b.size:
                scores.append(0.0)
                continue
            scores.append(ssim(a, b))
    return scores


def _phase(name: str, *args: str) -> dict:
    here = Path(__file__).resolve()
    command = [sys.executable, str(here), "--phase", name, *args]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


SETS = ((40, 4), (20, 0))  # (photos, PNGs): the large set and the small one


def _timed_cli(root: Path, out: Path) -> float:
    """Seconds ``smmplan images`` takes as a user runs it, start-up included."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "smmplan", "--root", str(root), "images", "--out", str(out)]
    subprocess.run(command, capture_output=True, check=True)
    return time.perf_counter() - started


def measure(work: Path, inputs: Path, photos: int, pngs: int, jobs: str) -> dict:
    """Every phase on one set, in fresh processes, one after the other."""
    names = [f"photo-{n:02d}.jpg" for n in range(photos)] + [f"logo-{n}.png" for n in range(pngs)]
    root = work / f"repo-{photos}-{pngs}"
    make_repo(root, inputs, names)
    out, naive_out = work / f"out-{photos}-{pngs}", work / f"naive-{photos}-{pngs}"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(naive_out, ignore_errors=True)
    load_before = os.getloadavg()[0]
    first = _phase("smmplan", str(root), str(out), jobs)
    naive = _phase("naive", str(root), str(naive_out))
    rerun = _phase("smmplan", str(root), str(out), jobs)
    cli_seconds = _timed_cli(root, out)
    cli_out = work / f"out-cli-{photos}-{pngs}"
    shutil.rmtree(cli_out, ignore_errors=True)
    cli_first_seconds = _timed_cli(root, cli_out)
    return {
        "photos": photos,
        "pngs": pngs,
        "first": first,
        "naive": naive,
        "rerun": rerun,
        "cli_seconds": cli_seconds,
        "cli_first_seconds": cli_first_seconds,
        "scores": compare(first, naive),
        "load": (load_before, os.getloadavg()[0]),
    }


def report(figures: dict, jobs: int | None) -> list[tuple[str, bool]]:
    """Print one set's figures; its goals, met or not."""
    first, naive, rerun, scores = (figures[k] for k in ("first", "naive", "rerun", "scores"))
    count = first["renditions"]
    rate = count / first["seconds"]
    speedup = naive["seconds"] / first["seconds"]
    mean = sum(scores) / len(scores) if scores else 0.0
    share = rerun["seconds"] / first["seconds"]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    before, after = figures["load"]
    print(f"\n== {figures['photos']} photos, {figures['pngs']} PNGs: {count} renditions")
    print(
        f"machine: {cores} cores available; jobs: {jobs or 'all'};"
        f" load average {before:.2f} before, {after:.2f} after (other processes count)"
    )
    if first["problems"]:
        print(f"problems: {first['problems']}")
    print(
        f"smmplan, first run: {first['seconds']:.2f} s = {rate:.1f} renditions/s"
        f" (CPU {first['cpu']:.2f} s, peak {first['peak_mb']:.0f} MB;"
        f" start-up and loading before it {first['startup']:.2f} s)"
    )
    print(
        f"                    on {cores} cores of its own, that CPU time gives"
        f" {count / (first['cpu'] / cores):.1f} renditions/s; 'smmplan images' end to end"
        f" (start-up and loading included): {figures['cli_first_seconds']:.2f} s ="
        f" {count / figures['cli_first_seconds']:.1f} renditions/s"
    )
    print(
        f"naive loop:         {naive['seconds']:.2f} s = {count / naive['seconds']:.1f}"
        f" renditions/s (CPU {naive['cpu']:.2f} s, peak {naive['peak_mb']:.0f} MB)"
    )
    print(f"speed-up:           {speedup:.1f}× (CPU time: {naive['cpu'] / first['cpu']:.1f}× less)")
    print(f"SSIM vs naive:      mean {mean:.4f}, lowest {min(scores):.4f} ({len(scores)} pairs)")
    print(
        f"rerun, nothing changed: {rerun['seconds'] * 1000:.0f} ms = {share:.1%} of the first run"
        f" ({rerun['rendered']} rendered); 'smmplan images' end to end:"
        f" {figures['cli_seconds']:.2f} s"
    )
    goals = [
        ("≥ 40 renditions/s", rate >= 40),
        ("≥ 7.5× naive", speedup >= 7.5),
        ("mean SSIM ≥ 0.97", mean >= 0.97),
        ("rerun ≤ 5 %", share <= 0.05),
    ]
    print("goals: " + ", ".join(f"{name} {'met' if ok else 'MISSED'}" for name, ok in goals))
    return goals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--photos", "--images", type=int, default=None, help="12-megapixel JPEGs (one set only)"
    )
    parser.add_argument("--pngs", type=int, default=None, help="2400×2400 PNGs with alpha")
    parser.add_argument("--jobs", type=int, default=None, help="threads (default: all cores)")
    parser.add_argument("--inputs", type=Path, help="keep the generated pictures here")
    parser.add_argument("--keep", type=Path, help="build the repositories and outputs here")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args()
    run_as_installed()
    if options.phase == "smmplan":
        jobs = int(options.args[2]) if len(options.args) > 2 and options.args[2] != "0" else None
        print(json.dumps(phase_smmplan(Path(options.args[0]), Path(options.args[1]), jobs)))
        return
    if options.phase == "naive":
        print(json.dumps(phase_naive(Path(options.args[0]), Path(options.args[1]))))
        return

    chosen = options.photos is not None or options.pngs is not None
    sets = [(options.photos or 0, options.pngs or 0)] if chosen else list(SETS)
    work = options.keep or Path(tempfile.mkdtemp(prefix="smmplan-bench-images-"))
    inputs = options.inputs or work / "inputs"
    started = time.perf_counter()
    make_inputs(inputs, max(p for p, _ in sets), max(n for _, n in sets))
    sizes = [path.stat().st_size / 1e6 for path in inputs.glob("photo-*.jpg")]
    print(
        f"inputs: JPEGs {PHOTO[0]}×{PHOTO[1]} ({min(sizes):.1f}-{max(sizes):.1f} MB),"
        f" PNGs {LOGO[0]}×{LOGO[1]} with alpha (made in {time.perf_counter() - started:.0f} s)"
    )
    missed = []
    for photos, pngs in sets:
        figures = measure(work, inputs, photos, pngs, str(options.jobs or 0))
        goals = report(figures, options.jobs)
        missed += [f"{name} ({photos}+{pngs})" for name, ok in goals if not ok]
    print("\nall goals met" if not missed else "\nmissed: " + ", ".join(missed))
    if not options.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
