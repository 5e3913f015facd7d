"""The cache: a rerun does no image work; a changed setting re-renders exactly what it affects."""

from __future__ import annotations

import os
import threading

import pytest
from PIL import Image

from smmplan.render.images import cache, pixels, spread
from tests.test_images_support import encoded, item, make_repo, noise, one, post, render

NETWORKS = "[x, telegram, instagram]"


def repo(tmp_path, focus=(0.5, 0.5), background="#f4efe9", colour=(40, 80, 120), size=(2000, 1500)):
    brand = f'name: Q\ntimezone: UTC\ncolors: {{background: "{background}"}}\n'
    files = {
        "content/media/a.jpg": encoded(Image.new("RGB", size, colour), quality=90),
        "content/posts/p.md": post(NETWORKS, item("/content/media/a.jpg", focus)),
    }
    return make_repo(tmp_path, files, brand=brand)


def outputs(result) -> dict[str | None, str]:
    return {image.network: image.output.name for image in result.images}


def no_decoding(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("an image was decoded")

    monkeypatch.setattr(pixels, "open_source", refuse)
    monkeypatch.setattr(pixels, "load", refuse)


def test_a_rerun_with_nothing_changed_decodes_nothing(tmp_path, monkeypatch):
    root = repo(tmp_path)
    first = render(root, thumbnails=True)
    assert first.rendered == 4 and first.cached == 0
    stamps = {image.output: image.output.stat().st_mtime_ns for image in first.images}
    no_decoding(monkeypatch)
    second = render(root, thumbnails=True, jobs=2)
    assert second.images == first.images  # same files, sizes and bytes
    assert second.rendered == 0 and second.cached == 4
    assert {image.output: image.output.stat().st_mtime_ns for image in second.images} == stamps


def test_a_changed_focus_re_renders_only_the_crops(tmp_path):
    first = outputs(render(repo(tmp_path)))
    second_result = render(repo(tmp_path, focus=(0.1, 0.5)))
    second = outputs(second_result)
    assert second["x"] != first["x"]  # cropped from 4:3 to 16:9 around the focus
    # shown whole in their own 4:3 shape: the focus does not matter
    assert second["telegram"] == first["telegram"] and second["instagram"] == first["instagram"]
    assert {i.network for i in second_result.images if i.cached} == {"telegram", "instagram"}


def test_a_changed_background_re_renders_only_what_is_padded(tmp_path):
    panorama = (6000, 200)  # 30:1: Telegram pads it to 20:1, X and Instagram crop it
    first = outputs(render(repo(tmp_path, size=panorama)))
    second = outputs(render(repo(tmp_path, background="#000000", size=panorama)))
    assert second["telegram"] != first["telegram"]
    assert second["x"] == first["x"] and second["instagram"] == first["instagram"]


def test_changed_source_bytes_re_render_everything(tmp_path):
    first = outputs(render(repo(tmp_path)))
    second = outputs(render(repo(tmp_path, colour=(200, 80, 120))))
    assert set(second.values()).isdisjoint(first.values())


def test_a_new_pipeline_version_re_renders_everything(tmp_path, monkeypatch):
    root = repo(tmp_path)
    first = outputs(render(root))
    monkeypatch.setattr(cache, "PIPELINE_VERSION", "test")
    assert set(outputs(render(root)).values()).isdisjoint(first.values())


def test_a_damaged_cached_file_is_rendered_again(tmp_path):
    root = repo(tmp_path)
    image = one(render(root), "x")
    image.output.write_bytes(b"")
    again = one(render(root), "x")
    assert again.output == image.output and not again.cached
    assert again.output.stat().st_size == image.bytes


def test_foreign_files_are_kept_and_no_temporary_file_is_left(tmp_path):
    root = repo(tmp_path)
    out = root / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / ("0" * 32 + ".jpg")).write_bytes(b"someone else's")
    result = render(root, jobs=2)
    names = sorted(os.listdir(out))
    assert names == sorted(
        {"notes.txt", "0" * 32 + ".jpg", *(i.output.name for i in result.images)}
    )
    assert (out / "notes.txt").read_text() == "mine"


def test_threads_and_a_single_worker_give_the_same_files(tmp_path):
    one_worker = render(repo(tmp_path / "a"), jobs=1, thumbnails=True)
    two_workers = render(repo(tmp_path / "b"), jobs=2, thumbnails=True)
    assert [i.output.name for i in one_worker.images] == [i.output.name for i in two_workers.images]
    for a, b in zip(one_worker.images, two_workers.images, strict=True):
        assert a.output.read_bytes() == b.output.read_bytes()


def test_a_single_pictures_renditions_are_shared_between_threads_with_the_same_bytes(
    tmp_path, monkeypatch
):
    files = {
        "content/media/a.jpg": encoded(noise((1800, 1200)), quality=90),
        "content/posts/p.md": post(
            "[x, telegram, instagram, facebook]", item("/content/media/a.jpg")
        ),
    }
    alone = render(make_repo(tmp_path / "a", files), jobs=1)
    spare_cut = threading.Event()
    makers: list[str] = []
    real = pixels.cut

    def cut(*args, **kwargs):
        name = threading.current_thread().name
        makers.append(name.rsplit("_", 1)[0])
        if name == "MainThread":
            spare_cut.wait(30)  # hold this thread until a spare thread has taken a rendition
        else:
            spare_cut.set()
        return real(*args, **kwargs)

    monkeypatch.setattr(pixels, "cut", cut)
    shared = render(make_repo(tmp_path / "b", files), jobs=2)
    assert spare_cut.is_set()
    assert sorted(set(makers)) == ["MainThread", "smmplan-images-spare"]
    assert len(makers) == 4
    assert [i.output.name for i in alone.images] == [i.output.name for i in shared.images]
    for a, b in zip(alone.images, shared.images, strict=True):
        assert a.output.read_bytes() == b.output.read_bytes()


def test_sharing_runs_every_task_once_and_stops_at_an_error_here():
    ran: list[int] = []

    def run(task: int) -> None:
        ran.append(task)
        if task == 2:
            raise ValueError("bad task")

    spread.share([0, 1, 3], run, None)
    assert ran == [0, 1, 3]
    ran.clear()
    with pytest.raises(ValueError, match="bad task"):
        spread.share([1, 2, 3, 4], run, None)
    assert ran == [1, 2]


def test_an_error_on_a_spare_thread_is_raised_after_the_other_tasks_are_done():
    spare_failed = threading.Event()
    ran: list[int] = []

    def run(task: int) -> None:
        if threading.current_thread().name != "MainThread":
            spare_failed.set()
            raise OSError(f"disk full at {task}")
        spare_failed.wait(30)  # let the spare thread take one task before this thread goes on
        ran.append(task)

    with spread.spare_threads(1) as spare, pytest.raises(OSError, match="disk full at"):
        spread.share([1, 2, 3, 4], run, spare)
    assert spare_failed.is_set()
    assert len(ran) == 3  # the three tasks the spare thread did not take


def test_targets_differing_only_in_byte_limit_are_encoded_once(tmp_path, monkeypatch):
    files = {
        "content/media/a.jpg": encoded(Image.new("RGB", (2000, 1500), (1, 2, 3)), quality=90),
        "content/posts/p.md": post("[x, bluesky, mastodon]", item("/content/media/a.jpg")),
    }
    root = make_repo(tmp_path, files)
    from smmplan.render.images import encode

    calls = []
    real = encode._encode
    monkeypatch.setattr(encode, "_encode", lambda *a: calls.append(1) or real(*a))
    result = render(root)
    names = {image.output.name for image in result.images}
    assert len(names) == 3  # x (5 MB), bluesky (1 MB) and mastodon (16 MB) limits
    assert len(calls) == 1
    assert len({image.output.read_bytes() for image in result.images}) == 1


def test_an_animation_too_large_for_the_network_falls_back_to_its_first_frame(tmp_path):
    from tests.test_images_support import noise

    frames = [noise((800, 450), 100, seed).quantize(256) for seed in range(8)]
    gif = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=80)
    files = {
        "content/media/a.gif": gif,
        "content/posts/p.md": post("[bluesky, mastodon]", item("/content/media/a.gif")),
    }
    root = make_repo(tmp_path, files)
    first = render(root)
    assert one(first, "mastodon").output.suffix == ".gif"  # 16 MB allowed: animated
    assert one(first, "bluesky").output.suffix == ".jpg"  # over 1 MB as a GIF: first frame
    (warning,) = first.diagnostics
    assert (warning.rule, str(warning.severity), warning.network, warning.line) == (
        "media-unsupported",
        "warning",
        "bluesky",
        8,
    )
    assert warning.message == (
        "'/content/media/a.gif' is animated, but as an animation it is too large for Bluesky:"
        " its first frame is used"
    )
    again = render(root)
    assert again.cached == 2 and again.diagnostics == first.diagnostics


def test_rule_settings_and_post_ignores_apply(tmp_path):
    files = {
        "content/posts/p.md": post("[x]", item("/content/media/gone.jpg")),
        "content/posts/q.md": post(
            "[x]", item("/content/media/gone.jpg"), extra="ignore: [media-missing]\n"
        ),
    }
    root = make_repo(tmp_path, files)
    (problem,) = render(root).diagnostics
    assert (problem.path, problem.line, problem.rule) == ("content/posts/p.md", 8, "media-missing")
    (root / "smmplan.yml").write_text("rules: {MD01: warning}\n", encoding="utf-8")
    (softer,) = render(root).diagnostics
    assert str(softer.severity) == "warning"
    (root / "smmplan.yml").write_text("rules: {media-missing: off}\n", encoding="utf-8")
    assert render(root).diagnostics == ()


# Facebook alone decodes at half size; beside Pinterest (5/6 of the source) or a thumbnail
# (1/5) a run needs other scales too. Each rendition's bytes must not care.
TOGETHER = ("facebook", "pinterest", "x", "telegram")


def photo_repo(root, networks):
    from tests.test_images_support import noise

    files = {
        "content/media/a.jpg": encoded(noise((2400, 1800), 40, seed=7), quality=90),
        "content/posts/p.md": post(f"[{', '.join(networks)}]", item("/content/media/a.jpg")),
    }
    return make_repo(root, files)


def rendered_bytes(result) -> dict[str | None, tuple[str, bytes]]:
    return {i.network: (i.output.name, i.output.read_bytes()) for i in result.images}


def test_a_rendition_is_the_same_file_alone_or_with_others(tmp_path):
    together = rendered_bytes(render(photo_repo(tmp_path / "all", TOGETHER), thumbnails=True))
    assert set(together) == {*TOGETHER, None}
    for network in TOGETHER:
        alone = rendered_bytes(render(photo_repo(tmp_path / network, [network])))
        assert alone == {network: together[network]}, network
    thumb_alone = render(photo_repo(tmp_path / "thumb", []), thumbnails=True)
    assert rendered_bytes(thumb_alone) == {None: together[None]}


def test_a_rendition_is_the_same_file_with_a_cold_or_a_warm_cache(tmp_path):
    root = photo_repo(tmp_path / "warm", TOGETHER)
    cold = render(root, thumbnails=True)
    expected = rendered_bytes(cold)
    for gone in ("facebook", "pinterest", None):  # re-rendered while the others are cached
        image = one(cold, gone)
        image.output.unlink()
        again = render(root, thumbnails=True)
        assert [i.network for i in again.images if not i.cached] == [gone]
        assert rendered_bytes(again) == expected, gone
    partial = photo_repo(tmp_path / "partial", ["pinterest"])
    render(partial)  # the cache holds Pinterest's file only, then the rest joins it
    (partial / "content/posts/p.md").write_text(
        post(f"[{', '.join(TOGETHER)}]", item("/content/media/a.jpg")), encoding="utf-8"
    )
    assert rendered_bytes(render(partial, thumbnails=True)) == expected


PILLOW_HEIF_LOADED = """
import sys
from pathlib import Path
from smmplan.load import load_project
from smmplan.render.images import render_images
root = Path(sys.argv[1])
result = render_images(load_project(root), root / "out", jobs=1)
print(len(result.images), "pillow_heif" in sys.modules)
"""


def test_a_plan_without_heic_does_not_pay_for_pillow_heif(tmp_path):
    import subprocess
    import sys

    root = photo_repo(tmp_path, ["x"])
    done = subprocess.run(
        [sys.executable, "-c", PILLOW_HEIF_LOADED, str(root)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["1", "False"]
