"""Helpers for the image tests: repositories with posts and pictures made by Pillow.

(No tests here; the ``test_images_*`` modules import from it.)
"""

from __future__ import annotations

import io
import random
import struct
from pathlib import Path

from PIL import Image

from smmplan.load import load_project
from smmplan.pipeline import Pictures, render_images
from smmplan.render.images import RenderedImage

BACKGROUND = "#f4efe9"
BACKGROUND_RGB = (0xF4, 0xEF, 0xE9)
BRAND = f"""\
name: Qəhvə Evi
timezone: Asia/Baku
colors: {{background: "{BACKGROUND}"}}
"""


def post(networks: str, media: str, extra: str = "") -> str:
    """A post; ``media`` is the YAML list under ``media:`` (indented by two spaces)."""
    return (
        "---\ntitle: Pictures\nbrand: qehve-evi\npublish_at: 2026-11-27 10:00\n"
        f"status: draft\nnetworks: {networks}\n{extra}media:\n{media}---\nText\n"
    )


def item(src: str, focus: tuple[float, float] | None = None) -> str:
    text = f"  - src: {src}\n    alt: a picture\n"
    return text + (f"    focus: [{focus[0]}, {focus[1]}]\n" if focus else "")


def make_repo(root: Path, files: dict[str, str | bytes], brand: str = BRAND) -> Path:
    for name, content in {"brands/qehve-evi.yml": brand, **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (root / "content" / "posts").mkdir(parents=True, exist_ok=True)
    return root


def render(root: Path, **options) -> Pictures:
    options.setdefault("jobs", 1)
    return render_images(load_project(root), root / "out", **options)


def one(result: Pictures, network: str | None, rendition: str | None = None) -> RenderedImage:
    found = [
        image
        for image in result.images
        if image.network == network and (rendition is None or image.rendition == rendition)
    ]
    assert len(found) == 1, (network, rendition, result.images, result.diagnostics)
    return found[0]


def encoded(image: Image.Image, fmt: str = "JPEG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def opened(path: Path) -> Image.Image:
    image = Image.open(path)
    image.load()
    return image


def quadrants(size: tuple[int, int] = (200, 100)) -> Image.Image:
    """Four flat quadrants: red top-left, green top-right, blue bottom-left, white bottom-right."""
    width, height = size
    image = Image.new("RGB", size, (255, 255, 255))
    image.paste((255, 0, 0), (0, 0, width // 2, height // 2))
    image.paste((0, 255, 0), (width // 2, 0, width, height // 2))
    image.paste((0, 0, 255), (0, height // 2, width // 2, height))
    return image


def stripes(width: int, height: int) -> Image.Image:
    """Vertical stripes whose red channel is the x coordinate scaled to 0..255: a pixel's
    colour says which column of the source it came from."""
    row = bytes(round(x * 255 / (width - 1)) for x in range(width))
    red = Image.frombytes("L", (width, 1), row).resize((width, height), Image.Resampling.NEAREST)
    zero = Image.new("L", (width, height), 0)
    return Image.merge("RGB", (red, zero, zero))


def noise(size: tuple[int, int] = (1600, 900), amplitude: int = 50, seed: int = 1) -> Image.Image:
    """Deterministic colour noise around mid grey: hard for JPEG, so large files."""
    data = random.Random(seed).randbytes(size[0] * size[1] * 3)
    image = Image.frombytes("RGB", size, data)
    return Image.eval(image, lambda v: 128 + (v - 128) * amplitude // 100)


def close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def swapped_primaries_profile() -> bytes:
    """An ICC v2 RGB profile whose red channel is sRGB's blue primary and whose blue is sRGB's
    red (linear curves), so converting through it swaps red and blue."""

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ " + bytes(4) + struct.pack(">3i", *(round(v * 65536) for v in (x, y, z)))

    def text(value: str) -> bytes:
        raw = value.encode("ascii") + b"\0"
        return b"desc" + bytes(4) + struct.pack(">I", len(raw)) + raw + bytes(4 + 2 + 1 + 67)

    red, green, blue = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)
    curve = b"curv" + bytes(4) + struct.pack(">I", 0)  # identity: linear light
    tags = [
        (b"desc", text("Swapped test RGB")),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(*blue)),
        (b"gXYZ", xyz(*green)),
        (b"bXYZ", xyz(*red)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
        (b"cprt", b"text" + bytes(4) + b"none\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        data += bytes(-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (
        struct.pack(">I", size)
        + b"none"
        + bytes([2, 0x10, 0, 0])
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
        + b"acsp"
        + bytes(24)
        + struct.pack(">I", 0)  # rendering intent
        + struct.pack(">3i", 63190, 65536, 54061)  # D50 illuminant
        + bytes(4)
        + bytes(44)
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body
