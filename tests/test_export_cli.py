"""``smmplan export``: where files go, what is said, exit codes 0/1/2, nothing half written."""

from __future__ import annotations

import os
import sys

import pytest

from tests.test_export_formats import TEASER, jpeg, make_plan, plan, rows

NOW = "2026-11-23T06:00:00+00:00"


def run(smmplan, root, *args):
    return smmplan("--root", str(root), "--now", NOW, "export", *args)


def test_one_file_to_stdout_with_the_time_zone_on_stderr(tmp_path, smmplan):
    root = plan(tmp_path)
    result = run(smmplan, root, "--format", "hootsuite", "--network", "x")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b'"27/11/2026 10:00","Say ""hi""')
    assert result.stderr == (
        "hootsuite: 1 of 1 posts exported\n"
        "  standard output: 1 post; dates dd/mm/yyyy HH:MM in Asia/Baku: pick that date format"
        " when uploading and use this time zone in Hootsuite\n"
    )


def test_left_out_posts_are_named_and_exit_1_unless_skip_invalid(tmp_path, smmplan):
    root = plan(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    args = ("--format", "sprout", "-n", "x", "-n", "telegram", "-o", str(out))
    result = run(smmplan, root, *args)
    assert result.exit_code == 1
    assert (
        "left out: content/posts/teaser.md:11 [telegram]: Sprout Social does not publish to"
        " Telegram: use publer, postoplan, csv or json\n" in result.stderr
    )
    assert "sprout: 1 of 2 posts exported, 1 left out" in result.stderr
    assert sorted(os.listdir(out)) == ["sprout-qehve-evi-x.csv"]
    again = run(smmplan, root, *args, "--skip-invalid")
    assert again.exit_code == 0


def test_several_channels_need_a_folder(tmp_path, smmplan):
    root = plan(tmp_path)
    result = run(smmplan, root, "--format", "publer", "--network", "x", "--network", "telegram")
    assert result.exit_code == 2
    assert "publer writes one file per channel and this selection has 2" in result.stderr
    assert result.stdout_bytes == b""


def test_unknown_network_suggests_by_alias(tmp_path, smmplan):
    root = plan(tmp_path)
    result = run(smmplan, root, "--format", "buffer", "--network", "twitter")
    assert result.exit_code == 2
    assert "--network twitter: unknown network (did you mean 'x'?) (networks: " in result.stderr
    assert "Traceback" not in result.output


def test_xlsx_to_a_file(tmp_path, smmplan):
    root = plan(tmp_path)
    target = tmp_path / "plan.xlsx"
    result = run(smmplan, root, "--format", "xlsx", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes().startswith(b"PK\x03\x04")
    assert f"  {target}: 3 posts;" in result.stderr


def test_single_file_to_a_path(tmp_path, smmplan):
    root = plan(tmp_path)
    target = tmp_path / "plan.json"
    result = run(smmplan, root, "--format", "json", "-o", str(target))
    assert result.exit_code == 0 and target.read_bytes().startswith(b'{\n  "format"')
    assert f"  {target}: 3 posts;" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "excel"], "Invalid value for '--format'"),
        (
            ["--format", "csv", "--week", "2027-W02"],
            "nothing to export: no approved or scheduled"
            " posts in 2027-W02 (2027-01-11 to 2027-01-17)",
        ),
        (["--format", "csv", "--brand", "other"], "--brand other: no such brand"),
        (["--format", "csv", "--status", "idea"], "nothing to export: no idea posts"),
        (["--format", "csv", "--week", "2026-W48", "--from", "2026-11-01"], "not both"),
    ],
)
def test_usage_errors_exit_2(tmp_path, smmplan, args, message):
    root = plan(tmp_path)
    result = run(smmplan, root, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_a_brand_with_no_posts(tmp_path, smmplan):
    root = make_plan(tmp_path, {"t.md": TEASER})
    (root / "brands/empty.yml").write_text("name: Empty\ntimezone: UTC\n", encoding="utf-8")
    (root / "content/posts/t.md").write_text(
        TEASER.replace("title: Teaser\n", "title: Teaser\nbrand: qehve-evi\n"), encoding="utf-8"
    )
    result = run(smmplan, root, "--format", "json", "--brand", "empty")
    assert result.exit_code == 2
    assert "nothing to export: no approved or scheduled posts of brand empty" in result.stderr


def test_output_folder_missing_or_read_only(tmp_path, smmplan):
    root = plan(tmp_path)
    result = run(smmplan, root, "--format", "json", "-o", str(tmp_path / "nope" / "plan.json"))
    assert result.exit_code == 2
    assert "no such folder" in result.stderr
    if sys.platform != "win32" and os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        result = run(smmplan, root, "--format", "buffer", "-o", str(locked))
        assert result.exit_code == 2 and "cannot write here" in result.stderr
        assert os.listdir(locked) == []


def test_unwritable_folder_leaves_nothing(tmp_path, smmplan, monkeypatch):
    from smmplan.render.export import safe

    root = plan(tmp_path)
    out = tmp_path / "out"
    out.mkdir()

    def broken(folder):
        raise safe.WriteError(f"{folder}: cannot write here (Permission denied)")

    monkeypatch.setattr(safe, "check_writable", broken)
    result = run(smmplan, root, "--format", "publer", "-n", "x", "-n", "telegram", "-o", str(out))
    assert result.exit_code == 2
    assert "cannot write here (Permission denied)" in result.stderr
    assert os.listdir(out) == []


def test_image_formats_need_site_url(tmp_path, smmplan):
    post = TEASER.replace("networks:\n  x: {}\n", "media: [a.jpg]\nnetworks:\n  instagram: {}\n")
    root = make_plan(tmp_path, {"t.md": post, "a.jpg": jpeg()})
    result = run(smmplan, root, "--format", "buffer", "--network", "instagram")
    assert result.exit_code == 2
    assert "buffer needs public image URLs and site_url is not set" in result.stderr
    # csv and json only use URLs when they are known
    assert run(smmplan, root, "--format", "json", "--network", "instagram").exit_code == 0


def test_images_are_rendered_for_their_urls(tmp_path, smmplan):
    pytest.importorskip("smmplan.render.images")
    post = TEASER.replace("networks:\n  x: {}\n", "media: [a.jpg]\nnetworks:\n  instagram: {}\n")
    root = make_plan(tmp_path, {"t.md": post, "a.jpg": jpeg()})
    (root / "smmplan.yml").write_text("site_url: https://cal.example.org/\n", encoding="utf-8")
    result = run(smmplan, root, "--format", "buffer", "--network", "instagram")
    assert result.exit_code == 0, result.stderr
    url = rows(result.stdout_bytes)[1][1]
    assert url.startswith("https://cal.example.org/media/") and url.endswith(".jpg")
    rendered = [p.name for p in (root / ".smmplan-cache" / "media").rglob("*.jpg")]
    assert url.rsplit("/", 1)[1] in rendered
