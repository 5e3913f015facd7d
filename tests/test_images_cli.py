"""``smmplan images``: text and JSON output, exit codes, the output folder."""

from __future__ import annotations

import json

from click.testing import CliRunner
from PIL import Image

from smmplan.cli import cli
from tests.test_images_support import encoded, item, make_repo, post


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, prog_name="smmplan")


def repo(tmp_path, broken: bool = False):
    photo = encoded(Image.new("RGB", (2000, 1500), (10, 20, 30)), quality=90)
    files = {
        "content/media/a.jpg": photo,
        "content/posts/p.md": post("[x, telegram]", item("/content/media/a.jpg")),
    }
    if broken:
        files["content/media/b.jpg"] = photo[: len(photo) // 2]
        files["content/posts/q.md"] = post("[x]", item("/content/media/b.jpg"))
    return make_repo(tmp_path / "repo", files)


def test_json_is_the_documented_manifest(tmp_path):
    root = repo(tmp_path, broken=True)
    result = run("--root", str(root), "images", "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert set(payload) == {"renditions", "diagnostics"}
    telegram, x = payload["renditions"]  # sorted by post, network, rendition
    assert x["output"].startswith("public/media/") and x["output"].endswith(".jpg")
    assert (root / x["output"]).is_file()
    assert {k: v for k, v in x.items() if k != "output"} == {
        "post": "content/posts/p.md",
        "network": "x",
        "rendition": "landscape",
        "source": "content/media/a.jpg",
        "width": 1600,
        "height": 900,
        "bytes": (root / x["output"]).stat().st_size,
    }
    assert (telegram["network"], telegram["width"], telegram["height"]) == ("telegram", 1280, 960)
    assert payload["diagnostics"] == [
        {
            "path": "content/posts/q.md",
            "line": 8,
            "column": 1,
            "rule": "media-missing",
            "code": "MD01",
            "severity": "error",
            "network": None,
            "message": "'/content/media/b.jpg': the file is truncated (its end is missing)",
        }
    ]


def test_text_lists_renditions_and_counts_the_cache(tmp_path):
    root = repo(tmp_path)
    out = tmp_path / "elsewhere"
    first = run("--root", str(root), "images", "--out", str(out), "--jobs", "2")
    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("content/posts/p.md  telegram/photo  content/media/a.jpg -> ")
    assert str(out) in lines[0]  # outside the root: absolute
    assert lines[-1].startswith("2 renditions (2 rendered, 0 cached) in ")
    second = run("--root", str(root), "images", "--out", str(out))
    assert second.stdout.splitlines()[-1].startswith("2 renditions (0 rendered, 2 cached) in ")


def test_problems_go_to_stderr_like_check(tmp_path):
    result = run("--root", str(repo(tmp_path, broken=True)), "images")
    assert result.exit_code == 1
    assert result.stderr == (
        "content/posts/q.md:8:1: error: '/content/media/b.jpg': the file is truncated"
        " (its end is missing) [media-missing]\n"
    )
    assert "2 renditions (2 rendered, 0 cached)" in result.stdout


def test_an_output_folder_that_cannot_be_made_is_a_usage_error(tmp_path):
    root = repo(tmp_path)
    (tmp_path / "file").write_text("not a folder")
    result = run("--root", str(root), "images", "--out", str(tmp_path / "file" / "media"))
    assert result.exit_code == 2
    assert "cannot create" in result.stderr
