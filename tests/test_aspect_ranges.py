"""Pictures in their own shape where the network allows it: sizes, crops, pads and the data."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from smmplan.model import Rendition
from smmplan.networks import load_builtin, override
from smmplan.render.images.geometry import layout, ranged_layout, within
from tests.test_images_support import (
    BACKGROUND_RGB,
    close,
    encoded,
    item,
    make_repo,
    one,
    opened,
    post,
    render,
    stripes,
)

SHAPES = {  # name: a source of that shape, large enough for every network's bound
    "4:3": (2400, 1800),
    "3:4": (1800, 2400),
    "16:9": (2560, 1440),
    "1:3": (1800, 5400),
    "3:1": (5400, 1800),
}
EXPECTED = {  # network: the size of each shape's rendition
    "telegram": {  # 1280 on the long side, any shape from 1:20 to 20:1
        "4:3": (1280, 960),
        "3:4": (960, 1280),
        "16:9": (1280, 720),
        "1:3": (427, 1280),
        "3:1": (1280, 427),
    },
    "vk": {  # the same range and bound
        "4:3": (1280, 960),
        "3:4": (960, 1280),
        "16:9": (1280, 720),
        "1:3": (427, 1280),
        "3:1": (1280, 427),
    },
    "instagram": {  # 1080 wide; 4:5 to 1.91:1, cropped to the nearer bound outside it
        "4:3": (1080, 810),
        "3:4": (1080, 1350),
        "16:9": (1080, 608),
        "1:3": (1080, 1350),
        "3:1": (1080, 565),
    },
    "x": dict.fromkeys(SHAPES, (1600, 900)),  # a fixed shape: every picture cropped to 16:9
}


def shapes_repo(tmp_path):
    files = {}
    for number, size in enumerate(SHAPES.values()):
        files[f"content/media/{number}.jpg"] = encoded(Image.new("RGB", size, (90, 60, 30)))
        media = item(f"/content/media/{number}.jpg")
        files[f"content/posts/{number}.md"] = post(f"[{', '.join(EXPECTED)}]", media)
    return make_repo(tmp_path, files)


def test_each_network_renders_each_shape_at_its_exact_size(tmp_path):
    result = render(shapes_repo(tmp_path), jobs=2)
    assert result.diagnostics == ()
    names = list(SHAPES)
    found = {
        (image.network, names[int(image.source.stem)]): (image.width, image.height)
        for image in result.images
    }
    expected = {
        (network, shape): size
        for network, sizes in EXPECTED.items()
        for shape, size in sizes.items()
    }
    assert found == expected
    for image in result.images:  # the manifest's size is the file's
        assert opened(image.output).size == (image.width, image.height)


def test_in_range_telegram_and_vk_get_the_same_pixels(tmp_path):
    result = render(shapes_repo(tmp_path))
    for number in range(len(SHAPES)):
        telegram, vk = (
            next(i for i in result.images if i.network == n and i.source.stem == str(number))
            for n in ("telegram", "vk")
        )
        assert telegram.output.read_bytes() == vk.output.read_bytes()  # pad or crop: moot


def single(tmp_path, source: Image.Image, network: str, focus=None):
    files = {
        "content/media/s.png": encoded(source, "PNG"),
        "content/posts/p.md": post(f"[{network}]", item("/content/media/s.png", focus)),
    }
    return opened(one(render(make_repo(tmp_path, files)), network).output)


def red_at(out: Image.Image, x: int, y: int) -> int:
    return out.getpixel((x, y))[0]


def column_red(column: int, width: int) -> float:
    return column * 255 / (width - 1)


def test_a_picture_inside_the_range_is_shown_whole(tmp_path):
    out = single(tmp_path, stripes(3000, 1000), "telegram")  # 3:1, inside 1:20 to 20:1
    assert out.size == (1280, 427)
    assert red_at(out, 0, 200) <= 3 and red_at(out, 1279, 200) >= 252  # first and last column


def test_instagram_crops_a_panorama_to_its_widest_shape(tmp_path):
    out = single(tmp_path, stripes(3000, 1000), "instagram")  # 1.91:1 keeps 1910 columns
    assert out.size == (1080, 565)
    assert abs(red_at(out, 0, 280) - column_red(545, 3000)) <= 3
    assert abs(red_at(out, 1079, 280) - column_red(545 + 1909, 3000)) <= 3
    left = single(tmp_path / "left", stripes(3000, 1000), "instagram", focus=(0.0, 0.5))
    assert red_at(left, 0, 280) <= 3


def test_instagram_crops_a_tall_picture_to_four_by_five(tmp_path):
    tall = stripes(3000, 1000).transpose(Image.Transpose.TRANSPOSE)  # red counts the rows
    out = single(tmp_path, tall, "instagram")  # 1000 wide: not upscaled, cut to 1000×1250
    assert out.size == (1000, 1250)
    assert abs(red_at(out, 500, 0) - column_red(875, 3000)) <= 3
    assert abs(red_at(out, 500, 1249) - column_red(875 + 1249, 3000)) <= 3


def test_vk_crops_beyond_twenty_to_one(tmp_path):
    out = single(tmp_path, stripes(6000, 200), "vk")  # 30:1: the middle 4000 columns
    assert out.size == (1280, 64)
    assert abs(red_at(out, 0, 32) - column_red(1000, 6000)) <= 3
    assert abs(red_at(out, 1279, 32) - column_red(4999, 6000)) <= 3


def test_telegram_pads_beyond_one_to_twenty(tmp_path):
    dark = (60, 55, 49)  # the background's hue, darker: JPEG's halved chroma cannot blur it
    out = single(tmp_path, Image.new("RGB", (200, 12000), dark), "telegram")
    assert out.size == (64, 1280)  # 1:60 scaled to 21×1280, centred on 1:20
    assert close(out.getpixel((4, 640)), BACKGROUND_RGB, 3)
    assert close(out.getpixel((59, 640)), BACKGROUND_RGB, 3)
    assert close(out.getpixel((28, 640)), dark, 6) and close(out.getpixel((36, 640)), dark, 6)


sizes = st.tuples(st.integers(1, 8000), st.integers(1, 8000))
bounds = st.tuples(st.integers(16, 2000), st.integers(16, 2000))
ranges = st.tuples(st.floats(0.05, 4.0), st.floats(1.0, 20.0)).filter(lambda r: r[0] <= r[1])


@given(sizes, bounds, ranges, st.sampled_from(["cover", "contain"]))
def test_a_ranged_layout_keeps_shapes_inside_and_bounds_the_rest(source, bound, aspect, fit):
    lay = ranged_layout(source, bound, fit, aspect)
    width, height = lay.canvas
    assert 1 <= width <= bound[0] and 1 <= height <= bound[1]
    assert lay.scale <= 1.0 + 1e-9
    if within(source, aspect):  # whole, in its own shape, no padding
        assert lay.box == (0, 0, *source) and not lay.pads
        ratio = source[0] / source[1]
        assert abs(width - height * ratio) <= max(1.0, ratio) / 2 + 1e-6 or min(width, height) == 1
    else:  # the nearest bound's shape, within a pixel of rounding
        nearest = min(max(source[0] / source[1], aspect[0]), aspect[1])
        slack = max(1.0, nearest) + 1e-6
        assert abs(width - height * nearest) <= slack or min(width, height) <= 2
        assert lay.pads == (fit == "contain" and lay.canvas != lay.size)


def test_a_fixed_rendition_keeps_its_old_layout():
    assert layout((4000, 3000), (1600, 900), "cover", None, None) == layout(
        (4000, 3000), (1600, 900), "cover"
    )


def test_the_ranges_are_data_with_their_sources():
    specs = load_builtin()
    ranged = {
        (network, name): rendition.aspect
        for network, spec in specs.items()
        for name, rendition in spec.renditions.items()
        if rendition.aspect
    }
    assert ranged == {
        ("instagram", "feed"): (0.8, 1.91),
        ("telegram", "photo"): (0.05, 20.0),
        ("vk", "photo"): (0.05, 20.0),
    }
    for network, name in ranged:
        source = specs[network].sources[f"renditions.{name}.aspect"]
        assert source.source and source.verified is not None
        assert source.confidence == "strong" or source.note, (network, name)
    assert specs["vk"].default_rendition == "photo"
    assert specs["x"].rendition_for(None).aspect is None


def test_an_override_can_fix_the_shape_or_change_the_range():
    instagram = load_builtin()["instagram"]
    fixed, problems = override(instagram, {"renditions": {"feed": {"aspect": None}}}, origin="o")
    assert problems == [] and fixed.rendition_for(None) == Rendition("feed", 1080, 1350, "cover")
    wider, _ = override(instagram, {"renditions": {"feed": {"aspect": [0.5, 3]}}}, origin="o")
    assert wider.rendition_for(None).aspect == (0.5, 3.0)
    assert wider.sources["renditions.feed.aspect"].source == "overridden in o"


@pytest.mark.parametrize("bad", [[2, 1], [0, 1], [1], "wide", [1, True]])
def test_a_malformed_range_is_reported(bad):
    instagram = load_builtin()["instagram"]
    same, problems = override(instagram, {"renditions": {"feed": {"aspect": bad}}}, origin="o")
    assert problems == [
        "o: renditions.feed for network instagram.aspect must be"
        " [lowest, highest] width / height, two positive numbers"
    ]
    assert same.rendition_for(None) == instagram.rendition_for(None)
