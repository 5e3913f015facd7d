"""Rendering: orientation, colour, transparency, animation, crops, padding, encoding."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageCms

from smmplan.render.images.encode import JPEG_QUALITY_FLOOR, srgb_profile
from tests.test_images_support import (
    BACKGROUND_RGB,
    close,
    encoded,
    item,
    make_repo,
    noise,
    one,
    opened,
    post,
    quadrants,
    render,
    stripes,
    swapped_primaries_profile,
)

# How to store an upright picture so that EXIF orientation N shows it upright again.
STORED = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def single(tmp_path, data: bytes, networks: str = "[telegram]", name: str = "a.jpg", **kw):
    files = {
        f"content/media/{name}": data,
        "content/posts/p.md": post(networks, item(f"/content/media/{name}", kw.pop("focus", None))),
    }
    root = make_repo(tmp_path, files)
    return render(root, **kw)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_applied_and_dropped(tmp_path, orientation):
    upright = quadrants((200, 100))
    method = STORED[orientation]
    stored = upright if method is None else upright.transpose(method)
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    data = encoded(stored, quality=95, exif=exif.tobytes())
    result = single(tmp_path, data)  # telegram: its own shape, the source is not upscaled
    assert result.diagnostics == ()
    out = opened(one(result, "telegram").output)
    assert out.size == (200, 100)  # upright: 200 wide, whichever way it was stored
    left, top = 0, 0
    assert close(out.getpixel((left + 50, top + 25)), (255, 0, 0), 40)
    assert close(out.getpixel((left + 150, top + 25)), (0, 255, 0), 40)
    assert close(out.getpixel((left + 50, top + 75)), (0, 0, 255), 40)
    assert close(out.getpixel((left + 150, top + 75)), (255, 255, 255), 40)
    assert len(out.getexif()) == 0


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize(("focus", "top"), [((0.5, 0.0), "top"), ((0.5, 1.0), "bottom")])
def test_a_crop_of_a_turned_picture_keeps_the_part_the_focus_names(
    tmp_path, orientation, focus, top
):
    # an upright 3600×4800 portrait stored as EXIF orientation N, decoded at half size;
    # X cuts a 16:9 band of it and scales it down, before it is turned upright
    upright = quadrants((3600, 4800))
    method = STORED[orientation]
    stored = upright if method is None else upright.transpose(method)
    exif = Image.Exif()
    exif[0x0112] = orientation
    data = encoded(stored, quality=95, exif=exif.tobytes())
    out = opened(one(single(tmp_path, data, "[x]", focus=focus), "x").output)
    assert out.size == (1600, 900)
    left, right = ((255, 0, 0), (0, 255, 0)) if top == "top" else ((0, 0, 255), (255, 255, 255))
    assert close(out.getpixel((400, 450)), left, 30), orientation
    assert close(out.getpixel((1200, 450)), right, 30), orientation


def test_xmp_orientation_is_applied(tmp_path):
    upright = quadrants((200, 100))
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22'
        b'-rdf-syntax-ns#"><rdf:Description xmlns:tiff="http://ns.adobe.com/tiff/1.0/" '
        b'tiff:Orientation="6"/></rdf:RDF></x:xmpmeta>'
    )
    data = encoded(upright.transpose(Image.Transpose.ROTATE_90), quality=95, xmp=xmp)
    out = opened(one(single(tmp_path, data), "telegram").output)
    assert out.size == (200, 100)
    assert close(out.getpixel((50, 25)), (255, 0, 0), 40)
    assert close(out.getpixel((150, 75)), (255, 255, 255), 40)
    assert "xmp" not in out.info


def test_cmyk_jpeg_becomes_rgb(tmp_path):
    cmyk = Image.new("CMYK", (300, 300), (255, 0, 0, 0))  # pure cyan ink
    out = opened(one(single(tmp_path, encoded(cmyk, quality=95)), "telegram").output)
    assert out.mode == "RGB"
    assert close(out.getpixel((150, 150)), (0, 255, 255), 8)


def test_embedded_icc_profile_is_converted_to_srgb(tmp_path):
    red_in_swapped_space = Image.new("RGB", (300, 300), (255, 0, 0))
    data = encoded(red_in_swapped_space, quality=95, icc_profile=swapped_primaries_profile())
    out = opened(one(single(tmp_path, data), "telegram").output)
    assert close(out.getpixel((150, 150)), (0, 0, 255), 10)  # its red primary is sRGB blue
    profile = ImageCms.ImageCmsProfile(io.BytesIO(out.info["icc_profile"]))
    assert "sRGB" in ImageCms.getProfileDescription(profile)
    assert out.info["icc_profile"] == srgb_profile()


def test_sixteen_bit_greyscale_is_scaled_not_clipped(tmp_path):
    grey = Image.new("I;16", (300, 300), 32768)  # half of 65535: mid grey, not white
    out = opened(one(single(tmp_path, encoded(grey, "PNG"), name="g.png"), "telegram").output)
    assert out.mode == "RGB"
    assert close(out.getpixel((150, 150)), (128, 128, 128), 3)


def test_palette_source_is_rendered_in_colour(tmp_path):
    palette = Image.new("RGB", (300, 300), (10, 120, 200)).quantize(4)
    out = opened(one(single(tmp_path, encoded(palette, "PNG"), name="p.png"), "telegram").output)
    assert out.mode == "RGB"
    assert close(out.getpixel((150, 150)), (10, 120, 200), 6)


def test_alpha_is_flattened_onto_the_brand_background_for_instagram(tmp_path):
    logo = Image.new("RGBA", (1200, 1500), (0, 0, 0, 0))
    logo.paste((200, 0, 0, 255), (400, 500, 800, 1000))
    result = single(tmp_path, encoded(logo, "PNG"), "[instagram, x]", name="logo.png")
    instagram = one(result, "instagram")
    assert instagram.output.suffix == ".jpg"
    out = opened(instagram.output)
    assert out.mode == "RGB" and out.size == (1080, 1350)
    assert close(out.getpixel((20, 20)), BACKGROUND_RGB, 4)
    assert close(out.getpixel((540, 675)), (200, 0, 0), 8)
    x = one(result, "x")  # X takes PNG: the transparency is kept
    assert x.output.suffix == ".png"
    kept = opened(x.output)
    assert kept.mode == "RGBA" and kept.getpixel((5, 5))[3] == 0
    assert kept.info["icc_profile"] == srgb_profile()


def test_opaque_alpha_channel_gives_a_jpeg(tmp_path):
    opaque = Image.new("RGBA", (1600, 900), (20, 40, 60, 255))
    result = single(tmp_path, encoded(opaque, "PNG"), "[x]", name="o.png")
    assert one(result, "x").output.suffix == ".jpg"


def animation() -> bytes:
    frames = [Image.new("RGB", (320, 180), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    return encoded(
        frames[0], "GIF", save_all=True, append_images=frames[1:], duration=[100, 300], loop=0
    )


def test_animation_keeps_its_frames_where_gifs_are_taken_and_the_first_elsewhere(tmp_path):
    result = single(tmp_path, animation(), "[instagram, x]", name="anim.gif")
    x = opened(one(result, "x").output)
    assert one(result, "x").output.suffix == ".gif"
    assert x.n_frames == 2 and x.size == (320, 180)
    x.seek(1)
    assert close(x.convert("RGB").getpixel((160, 90)), (0, 0, 255), 8)
    assert x.info["duration"] == 300
    still = opened(one(result, "instagram").output)
    assert one(result, "instagram").output.suffix == ".jpg"
    assert getattr(still, "n_frames", 1) == 1
    assert close(still.getpixel((10, 10)), (255, 0, 0), 8)  # the first frame, in its own 16:9
    assert still.size == (320, 180)


def test_focal_point_decides_which_pixels_survive_a_cover_crop(tmp_path):
    source = stripes(3000, 1000)  # x landscape 1600×900 from a 3:1 picture keeps 1778 columns
    data = encoded(source, "PNG")
    for focus, first_column in (((0.0, 0.5), 0), ((1.0, 0.5), 3000 - 1778), ((0.5, 0.5), 611)):
        result = single(tmp_path, data, "[x]", name="s.png", focus=focus)
        out = opened(one(result, "x").output)
        assert out.size == (1600, 900)
        left = out.getpixel((0, 450))[0]
        right = out.getpixel((1599, 450))[0]
        assert abs(left - first_column * 255 / 2999) <= 3, (focus, left)
        assert abs(right - (first_column + 1777) * 255 / 2999) <= 3, (focus, right)


def test_contain_pads_with_the_brand_background(tmp_path):
    # 60:1 is beyond Telegram's 20:1: scaled to 1280×21 and padded to 1280×64 (rows 21..41)
    dark = (60, 55, 49)  # the background's hue, darker: JPEG's halved chroma cannot blur it
    wide = Image.new("RGB", (12000, 200), dark)
    out = opened(one(single(tmp_path, encoded(wide, quality=95)), "telegram").output)
    assert out.size == (1280, 64)
    assert close(out.getpixel((640, 4)), BACKGROUND_RGB, 3)  # padding above
    assert close(out.getpixel((640, 59)), BACKGROUND_RGB, 3)  # and below
    assert close(out.getpixel((640, 28)), dark, 6)
    assert close(out.getpixel((640, 36)), dark, 6)


def test_small_sources_are_not_upscaled(tmp_path):
    small = Image.new("RGB", (800, 600), (50, 50, 50))
    result = single(tmp_path, encoded(small, quality=90), "[x, instagram]")
    assert (one(result, "x").width, one(result, "x").height) == (800, 450)
    assert (one(result, "instagram").width, one(result, "instagram").height) == (800, 600)


def test_byte_budget_lowers_quality_until_it_fits(tmp_path):
    data = encoded(noise(), "PNG")
    files = {
        "content/media/n.png": data,
        "content/posts/p.md": post("[x]", item("/content/media/n.png")),
    }
    roomy = one(render(make_repo(tmp_path / "a", files)), "x")
    brand = "name: Q\ntimezone: UTC\nlimits: {x: {bytes: 500000}}\n"
    tight = one(render(make_repo(tmp_path / "b", files, brand=brand)), "x")
    assert roomy.bytes > 700_000  # quality 85
    assert 400_000 < tight.bytes <= 500_000  # a few steps down, not straight to the floor
    assert tight.output.stat().st_size == tight.bytes
    assert (tight.width, tight.height) == (1600, 900)


def test_a_rendition_that_cannot_fit_at_the_quality_floor_is_an_error(tmp_path):
    brand = "name: Q\ntimezone: UTC\nlimits: {x: {bytes: 200000}}\n"
    files = {
        "content/media/n.png": encoded(noise(), "PNG"),
        "content/posts/p.md": post("[x]", item("/content/media/n.png")),
    }
    result = render(make_repo(tmp_path, files, brand=brand))
    assert result.images == ()
    (problem,) = result.diagnostics
    assert (problem.rule, problem.line, problem.network, str(problem.severity)) == (
        "media-unsupported",
        8,
        "x",
        "error",
    )
    assert f"at JPEG quality {JPEG_QUALITY_FLOOR}" in problem.message
    assert "'/content/media/n.png'" in problem.message
    assert list((tmp_path / "out").iterdir()) == []  # nothing half-written left behind


def test_metadata_is_stripped_but_srgb_kept(tmp_path):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (40.0, 24.0, 0.0)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">secret</x:xmpmeta>'
    photo = Image.new("RGB", (1600, 1200), (90, 60, 30))
    data = encoded(photo, quality=90, exif=exif, xmp=xmp, comment=b"shot at home")
    result = single(tmp_path, data, "[instagram, x, telegram]", thumbnails=True)
    assert len(result.images) == 4
    for image in result.images:
        out = opened(image.output)
        assert len(out.getexif()) == 0 and out.getexif().get_ifd(0x8825) == {}
        assert not {"exif", "xmp", "comment", "XML:com.adobe.xmp"} & set(out.info)
        assert out.info["icc_profile"] == srgb_profile()
        raw = image.output.read_bytes()
        assert b"PhoneMaker" not in raw and b"secret" not in raw and b"shot at home" not in raw


def test_output_is_baseline_jpeg_and_the_same_bytes_every_time(tmp_path):
    photo = stripes(2000, 1500)
    first = one(single(tmp_path / "a", encoded(photo, quality=92), "[x]"), "x")
    second = one(single(tmp_path / "b", encoded(photo, quality=92), "[x]"), "x")
    assert first.output.name == second.output.name
    assert first.output.read_bytes() == second.output.read_bytes()
    assert "progressive" not in opened(first.output).info


def test_thumbnails_are_small_squares(tmp_path):
    result = single(tmp_path, encoded(quadrants((1600, 1200)), quality=90), "[x]", thumbnails=True)
    thumb = one(result, None, "thumb")
    assert (thumb.width, thumb.height) == (480, 480) and thumb.output.suffix == ".jpg"


@pytest.mark.parametrize(
    ("fmt", "name", "options"),
    [
        ("WEBP", "a.webp", {"quality": 95}),
        ("TIFF", "a.tiff", {}),
        ("AVIF", "a.avif", {"quality": 95}),
        ("MPO", "a.mpo", {"quality": 95}),
    ],
)
def test_other_formats_are_read(tmp_path, fmt, name, options):
    if fmt == "AVIF" and not Image.registered_extensions().get(".avif"):
        pytest.skip("this Pillow cannot write AVIF")
    source = Image.new("RGB", (400, 300), (30, 140, 220))
    if fmt == "MPO":
        options = {**options, "save_all": True, "append_images": [source]}
    result = single(tmp_path, encoded(source, fmt, **options), name=name)
    assert result.diagnostics == ()
    assert close(opened(one(result, "telegram").output).getpixel((200, 150)), (30, 140, 220), 8)


def test_heic_is_read_with_pillow_heif(tmp_path):
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    source = Image.new("RGB", (400, 300), (200, 60, 20))
    result = single(tmp_path, encoded(source, "HEIF", quality=95), name="phone.heic")
    assert result.diagnostics == ()
    out = opened(one(result, "telegram").output)
    assert close(out.getpixel((200, 150)), (200, 60, 20), 12)
