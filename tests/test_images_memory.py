"""Memory: decodes share a budget, alpha pictures are reduced band by band to the same pixels."""

from __future__ import annotations

import gc
import random
import threading

import pytest
from PIL import Image

from smmplan.model import MediaInfo
from smmplan.render.images import budget, pixels
from smmplan.render.images.budget import MemoryBudget, estimate
from smmplan.render.images.plan import SourceJob
from tests.test_images_support import encoded, item, make_repo, post, render


def rgba_noise(size: tuple[int, int], seed: int) -> Image.Image:
    data = random.Random(seed).randbytes(size[0] * size[1] * 4)
    return Image.frombytes("RGBA", size, data)


@pytest.mark.parametrize(
    ("size", "factor", "band_pixels"),
    [((301, 203), 2, 1), ((301, 203), 3, 5_000), ((64, 1000), 7, 64 * 20), ((50, 9), 4, 1)],
)
def test_reducing_in_bands_gives_the_pixels_of_one_whole_reduce(
    monkeypatch, size, factor, band_pixels
):
    monkeypatch.setattr(pixels, "BAND_PIXELS", band_pixels)
    image = rgba_noise(size, seed=size[0] + factor)
    banded = pixels.reduce_in_bands(image, factor)
    whole = image.convert("RGBa").reduce(factor)
    assert banded.mode == "RGBa" and banded.size == whole.size
    assert banded.tobytes() == whole.tobytes()


def test_an_opaque_picture_is_reduced_as_it_is():
    image = rgba_noise((40, 30), seed=3).convert("RGB")
    assert pixels.reduce_in_bands(image, 3).tobytes() == image.reduce(3).tobytes()


def job(width: int, height: int, size: int = 0) -> SourceJob:
    info = MediaInfo("image", "png", width, height, size)
    return SourceJob(pixels.__file__, info, (), ())  # type: ignore[arg-type]


def test_the_estimate_is_four_bytes_a_pixel_and_the_file():
    assert estimate(job(10954, 10954, 3_051_236)) == 10954 * 10954 * 4 + 3_051_236
    assert estimate(job(0, 0)) == 0


def test_a_holder_over_the_budget_waits_for_the_others_and_then_runs_alone():
    room = MemoryBudget(100)
    first_in, release_first = threading.Event(), threading.Event()
    order: list[str] = []

    def small() -> None:
        with room.hold(60):
            order.append("small in")
            first_in.set()
            release_first.wait(10)
            order.append("small out")

    def large() -> None:
        first_in.wait(10)
        with room.hold(10**12):  # more than the whole budget: held as all of it
            order.append(f"large in, free {room.free}")

    threads = [threading.Thread(target=small), threading.Thread(target=large)]
    for thread in threads:
        thread.start()
    first_in.wait(10)
    assert room.free == 40 and order == ["small in"]
    release_first.set()
    for thread in threads:
        thread.join(10)
    assert order == ["small in", "small out", "large in, free 0"]
    assert room.free == 100


def test_pictures_over_the_budget_are_decoded_one_at_a_time(tmp_path, monkeypatch):
    monkeypatch.setattr(budget, "MEMORY_BUDGET", 1)  # every picture needs all of it
    running, most = [0], [0]
    lock = threading.Lock()
    decode = pixels.load

    def counted(image, draft):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            return decode(image, draft)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(pixels, "load", counted)
    files = {}
    for n in range(4):
        files[f"content/media/{n}.png"] = encoded(rgba_noise((400, 300), n), "PNG")
        files[f"content/posts/{n}.md"] = post("[x]", item(f"/content/media/{n}.png"))
    result = render(make_repo(tmp_path, files), jobs=4)
    assert (len(result.images), result.diagnostics, most[0]) == (4, (), 1)


def test_a_png_decoded_to_read_its_exif_is_let_go_before_its_renditions_decode_it(
    tmp_path, monkeypatch
):
    # Pillow decodes a whole PNG when asked for its EXIF (an eXIf chunk may follow the
    # pixels); holding that decode while the bucket decodes again doubled the peak
    size = (613, 409)
    decode, alive = pixels.load, []

    def counted(image, draft):
        gc.collect()
        decoded = [
            o
            for o in gc.get_objects()
            if isinstance(o, Image.Image) and o.size == size and getattr(o, "_im", None)
        ]
        alive.append(len(decoded))
        return decode(image, draft)

    monkeypatch.setattr(pixels, "load", counted)
    files = {
        "content/media/a.png": encoded(rgba_noise(size, 7), "PNG"),
        "content/posts/p.md": post("[telegram]", item("/content/media/a.png")),
    }
    result = render(make_repo(tmp_path, files))
    assert (len(result.images), result.diagnostics, alive) == (1, (), [0])
