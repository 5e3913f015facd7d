"""Bad input: each broken file becomes a diagnostic naming the post, the line and the file;
nothing crashes, memory stays bounded and every other image is still rendered."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest
from PIL import Image

from smmplan.load import load_project
from smmplan.pipeline import render_images
from smmplan.render.images import cache, pixels
from smmplan.render.images.pixels import SourceError
from smmplan.render.images.plan import plan
from tests.test_images_support import encoded, item, make_repo, one, post, render


def png_of_zeros(width: int, height: int, chunk: tuple[bytes, bytes] | None = None) -> bytes:
    """A greyscale PNG of black pixels, compressed row by row (a zlib bomb when large)."""

    def block(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    packer = zlib.compressobj(9)
    row = bytes(width + 1)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    extra = block(*chunk) if chunk else b""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + block(b"IHDR", header)
        + extra
        + block(b"IDAT", idat)
        + block(b"IEND", b"")
    )


def good_jpeg() -> bytes:
    return encoded(Image.new("RGB", (1600, 900), (40, 80, 120)), quality=90)


def test_every_bad_file_is_a_diagnostic_and_the_good_one_is_rendered(tmp_path):
    photo = good_jpeg()
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(photo)
    zipped_text = zlib.compress(bytes(50_000_000))  # a zTXt chunk that inflates to 50 MB
    bad = {
        "truncated.jpg": photo[: len(photo) // 2],
        "corrupt.jpg": photo[:200] + bytes(range(256)) * 40 + b"\xff\xd9",
        "zero.png": png_of_zeros(1, 1).replace(
            struct.pack(">II", 1, 1), struct.pack(">II", 0, 1), 1
        ),
        "text.jpg": b"this is not a picture at all, whatever its name says\n" * 10,
        "bomb.png": png_of_zeros(20000, 20000),  # 400 megapixels in 390 KB
        "huge-side.png": png_of_zeros(30000, 30000),
        "over-limit.png": png_of_zeros(12000, 12000),  # 144 MP: under Pillow's limit, over ours
        "text-bomb.png": png_of_zeros(16, 16, (b"zTXt", b"Comment\0\0" + zipped_text)),
        "empty.jpg": b"",
    }
    files = {f"content/media/{name}": data for name, data in bad.items()}
    files["content/media/good.jpg"] = photo
    files["content/media/liar.jpg"] = encoded(Image.new("RGB", (1600, 900), (9, 9, 9)), "PNG")
    names = [*bad, "good.jpg", "liar.jpg", "missing.jpg", "escape.jpg"]
    files["content/posts/p.md"] = post("[x]", "".join(item(f"/content/media/{n}") for n in names))
    root = make_repo(tmp_path / "repo", files)
    (root / "content/media/escape.jpg").symlink_to(outside)

    result = render(root, jobs=2)

    rendered = sorted(Path(image.source).name for image in result.images)
    assert rendered == ["good.jpg", "liar.jpg"]  # a PNG named .jpg is still a picture
    found = {(d.path, d.line, d.rule, d.message.split("'")[1]) for d in result.diagnostics}
    line = {name: 8 + 2 * index for index, name in enumerate(names)}
    expected_rules = {
        "truncated.jpg": "media-missing",
        "corrupt.jpg": "media-missing",
        "zero.png": "media-missing",
        "text.jpg": "media-missing",
        "bomb.png": "media-unsupported",
        "huge-side.png": "media-unsupported",
        "over-limit.png": "media-unsupported",
        "text-bomb.png": "media-missing",
        "empty.jpg": "media-missing",
        "missing.jpg": "media-missing",
        "escape.jpg": "media-missing",
    }
    assert found == {
        ("content/posts/p.md", line[name], rule, f"/content/media/{name}")
        for name, rule in expected_rules.items()
    }
    by_file = {d.message.split("'")[1].rsplit("/", 1)[1]: d.message for d in result.diagnostics}
    assert "outside the repository" in by_file["escape.jpg"]
    assert "truncated" in by_file["truncated.jpg"]
    assert "12000×12000" in by_file["over-limit.png"]


def test_corrupt_pixel_data_after_a_good_header_is_reported_by_the_renderer(tmp_path):
    photo = good_jpeg()
    broken = photo[:600] + bytes(len(photo) - 602) + b"\xff\xd9"  # header intact, scans zeroed
    files = {
        "content/media/broken.jpg": broken,
        "content/media/good.jpg": photo,
        "content/posts/a.md": post("[x]", item("/content/media/broken.jpg")),
        "content/posts/b.md": post("[x]", item("/content/media/good.jpg")),
    }
    result = render(make_repo(tmp_path, files))
    assert one(result, "x").post == "content/posts/b.md"
    (problem,) = result.diagnostics
    assert (problem.path, problem.line, problem.rule) == ("content/posts/a.md", 8, "media-missing")
    assert problem.message.startswith("'/content/media/broken.jpg': ")


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_the_renderer_refuses_a_bomb_without_decoding_it():
    for data in (png_of_zeros(12000, 12000), png_of_zeros(20000, 20000)):
        try:
            pixels.open_source(data)
        except SourceError as error:
            assert error.rule == "media-unsupported"
        else:
            raise AssertionError("a bomb was opened")


def test_unreadable_file_is_a_diagnostic(tmp_path, monkeypatch):
    files = {
        "content/media/a.jpg": good_jpeg(),
        "content/posts/p.md": post("[x]", item("/content/media/a.jpg")),
    }
    root = make_repo(tmp_path, files)
    project = load_project(root)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache, "open", refuse, raising=False)
    result = render_images(project, root / "out", jobs=1)
    assert result.images == ()
    (problem,) = result.diagnostics
    assert (problem.rule, problem.line) == ("media-missing", 8)
    assert problem.message == "'/content/media/a.jpg': cannot read it: Permission denied"


def test_a_failure_inside_the_renderer_is_a_diagnostic_not_a_traceback(tmp_path, monkeypatch):
    files = {
        "content/media/a.jpg": good_jpeg(),
        "content/posts/p.md": post("[x]", item("/content/media/a.jpg")),
    }
    root = make_repo(tmp_path, files)
    monkeypatch.delenv("SMMPLAN_DEBUG", raising=False)

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pixels, "load", explode)
    (problem,) = render(root).diagnostics
    assert problem.rule == "media-unsupported"
    assert "RuntimeError: boom" in problem.message


BOMB_UNDER_A_MEMORY_LIMIT = """
import json, resource, sys
from pathlib import Path
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from smmplan.load import load_project
from smmplan.pipeline import render_images
from smmplan.model import MediaInfo
from smmplan.render.images.plan import SourceJob, target
from smmplan.render.images.worker import render_source
root = Path(sys.argv[1])
project = load_project(root)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # imports and the plan, loaded
result = render_images(project, root / "out", jobs=2)
# as if the headers had said nothing: straight to the renderer
pretend = MediaInfo("image", "png", 4000, 3000)
jobs = [
    SourceJob(path, pretend, (target(1600, 900, "cover", None, (255, 255, 255), pretend),), ())
    for path in sorted((root / "content" / "media").iterdir())
]
(root / "direct").mkdir()
direct = [render_source(job, root / "direct", None) for job in jobs]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "rendered": [image.source.name for image in result.images],
    "rules": [d.rule for d in result.diagnostics],
    "direct": sorted((job.path.name, outcome.error.rule if outcome.error else None)
                     for job, outcome in zip(jobs, direct)),
    "peak_kb": peak,
    "base_kb": base,
}))
"""


def test_a_bomb_under_a_memory_limit_is_refused_and_the_rest_rendered(tmp_path):
    files = {
        "content/media/bomb.png": png_of_zeros(20000, 20000),
        "content/media/big.png": png_of_zeros(12000, 12000),
        "content/media/good.jpg": good_jpeg(),
        "content/posts/p.md": post(
            "[x]", item("/content/media/bomb.png") + item("/content/media/big.png")
        ),
        "content/posts/q.md": post("[x]", item("/content/media/good.jpg")),
    }
    root = make_repo(tmp_path, files)
    limit = 1024 * 1024 * 1024  # 1 GiB of address space: decoding the bomb needs 400 MB+ per copy
    code = textwrap.dedent(BOMB_UNDER_A_MEMORY_LIMIT)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(root), str(limit)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["rendered"] == ["good.jpg"]
    assert report["rules"] == ["media-unsupported", "media-unsupported"]
    # without the header check, the renderer's own guard still refuses both
    assert report["direct"] == [
        ["big.png", "media-unsupported"],
        ["bomb.png", "media-unsupported"],
        ["good.jpg", None],
    ]
    # what rendering added to the process's peak: decoding the bomb alone is 400 MB+
    assert report["peak_kb"] - report["base_kb"] < 200 * 1024, report


def test_a_symlink_inside_the_repository_is_followed(tmp_path):
    files = {
        "content/media/real.jpg": good_jpeg(),
        "content/posts/p.md": post("[x]", item("/content/media/link.jpg")),
    }
    root = make_repo(tmp_path, files)
    (root / "content/media/link.jpg").symlink_to(root / "content/media/real.jpg")
    result = render(root)
    assert result.diagnostics == ()
    assert one(result, "x").source == (root / "content/media/real.jpg").resolve()


def test_plan_skips_videos_and_unknown_networks(tmp_path):
    files = {
        "content/media/clip.mp4": b"\x00\x00\x00\x18ftypmp42",
        "content/posts/p.md": post("[x]", item("/content/media/clip.mp4")),
    }
    project = load_project(make_repo(tmp_path, files))
    assert plan(project) == ([], [])
