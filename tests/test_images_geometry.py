"""Crop and pad geometry (pure), and how posts and formats pick renditions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from smmplan.render.images.geometry import cover_box, layout
from tests.test_images_support import encoded, item, make_repo, post, render

sizes = st.tuples(st.integers(1, 6000), st.integers(1, 6000))
targets = st.tuples(st.integers(1, 2000), st.integers(1, 2000))
focuses = st.tuples(st.floats(0, 1), st.floats(0, 1))


def test_cover_box_examples():
    assert cover_box((4000, 3000), 1600 / 900) == (0, 375, 4000, 2625)
    assert cover_box((4000, 3000), 1080 / 1350, (0.0, 0.5)) == (0, 0, 2400, 3000)
    assert cover_box((4000, 3000), 1080 / 1350, (1.0, 0.5)) == (1600, 0, 4000, 3000)
    assert cover_box((4000, 3000), 1080 / 1350, (0.3, 0.5)) == (0, 0, 2400, 3000)  # clamped
    assert cover_box((4000, 3000), 1.0, (0.6, 0.9)) == (900, 0, 3900, 3000)


def test_layout_examples():
    assert layout((4000, 3000), (1080, 1350), "cover").size == (1080, 1350)
    small = layout((800, 600), (1600, 900), "cover")
    assert (small.box, small.size, small.canvas) == ((0, 75, 800, 525), (800, 450), (800, 450))
    padded = layout((2560, 1280), (1280, 1280), "contain")
    assert (padded.size, padded.canvas, padded.offset) == ((1280, 640), (1280, 1280), (0, 320))
    tiny = layout((200, 100), (1280, 1280), "contain")
    assert (tiny.size, tiny.offset) == ((200, 100), (540, 590))


@given(sizes, targets, focuses)
def test_cover_box_lies_inside_has_the_shape_and_holds_the_focus(source, target, focus):
    left, top, right, bottom = box = cover_box(source, target[0] / target[1], focus)
    width, height = source
    assert 0 <= left < right <= width and 0 <= top < bottom <= height
    assert right - left == width or bottom - top == height  # as large as the shape allows
    aspect = target[0] / target[1]
    box_w, box_h = right - left, bottom - top
    rounding = 0.5 * max(1.0, aspect) + 1e-9  # one side is rounded to whole pixels
    assert abs(box_w - box_h * aspect) <= rounding or min(box_w, box_h) == 1, box
    fx, fy = focus[0] * width, focus[1] * height
    assert left - 0.5 <= fx <= right + 0.5 and top - 0.5 <= fy <= bottom + 0.5


@given(sizes, targets, focuses, st.sampled_from(["cover", "contain"]))
def test_layout_never_upscales_and_fits_the_target(source, target, focus, fit):
    lay = layout(source, target, fit, focus)
    box_w, box_h = lay.box[2] - lay.box[0], lay.box[3] - lay.box[1]
    assert 1 <= lay.size[0] <= min(target[0], box_w) and 1 <= lay.size[1] <= min(target[1], box_h)
    assert lay.scale <= 1.0 + 1e-9
    if fit == "contain":
        assert lay.canvas == target and lay.box == (0, 0, *source)
        assert 0 <= lay.offset[0] <= target[0] - lay.size[0]
        assert 0 <= lay.offset[1] <= target[1] - lay.size[1]
    else:
        assert lay.canvas == lay.size and not lay.pads


def test_a_post_format_picks_its_rendition(tmp_path):
    photo = encoded(Image.new("RGB", (3000, 4000), (10, 20, 30)), quality=90)
    files = {
        "content/media/a.jpg": photo,
        "content/posts/feed.md": post("[instagram]", item("/content/media/a.jpg")),
        "content/posts/story.md": post(
            "{instagram: {format: story}}", item("/content/media/a.jpg")
        ),
    }
    result = render(make_repo(tmp_path, files))
    found = {(i.post, i.rendition, i.width, i.height) for i in result.images}
    assert found == {
        ("content/posts/feed.md", "feed", 1080, 1350),
        ("content/posts/story.md", "story", 1080, 1920),
    }


def test_statuses_and_disabled_networks_limit_the_work(tmp_path):
    photo = encoded(Image.new("RGB", (2000, 1500), (10, 20, 30)), quality=90)
    files = {
        "content/media/a.jpg": photo,
        "content/posts/draft.md": post("[x]", item("/content/media/a.jpg")),
        "content/posts/ok.md": post(
            "{x: {}, telegram: {disabled: true}}",
            item("/content/media/a.jpg"),
        ).replace("status: draft", "status: approved\napproved_by: ilya"),
    }
    root = make_repo(tmp_path, files)
    result = render(root, statuses={"approved"})
    assert [(i.post, i.network) for i in result.images] == [("content/posts/ok.md", "x")]
    everything = render(root)
    assert [(i.post, i.network) for i in everything.images] == [
        ("content/posts/draft.md", "x"),
        ("content/posts/ok.md", "x"),
    ]


def test_one_thumbnail_per_post_and_source(tmp_path):
    photo = encoded(Image.new("RGB", (2000, 1500), (10, 20, 30)), quality=90)
    media = item("/content/media/a.jpg") + item("/content/media/a.jpg")
    files = {
        "content/media/a.jpg": photo,
        "content/posts/p.md": post("{x: {}, telegram: {}}", media),
        "content/posts/q.md": post("[x]", item("/content/media/a.jpg")),
    }
    result = render(make_repo(tmp_path, files), thumbnails=True)
    thumbs = [i for i in result.images if i.rendition == "thumb"]
    assert [(t.post, t.network, t.width) for t in thumbs] == [
        ("content/posts/p.md", None, 480),
        ("content/posts/q.md", None, 480),
    ]
    assert thumbs[0].output == thumbs[1].output  # the same picture is rendered once
