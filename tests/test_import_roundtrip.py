"""``export → import → export`` gives the same bytes, for every format that can be read back.

Each test builds a small plan, exports it, imports each exported file into a copy of the
project without posts, exports that copy again and compares the files byte for byte.
Scheduler files carry no status: their posts come back as drafts, so the second export
selects drafts.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from smmplan.load import load_project
from tests.test_export_formats import CAMPAIGN, NOW, jpeg, make_plan, run_export

BRAND = """\
name: Qəhvə Evi
timezone: Asia/Baku
accounts: {x: "@qehveevi", telegram: "qehveevi", facebook: "qehveevi", instagram: "qehve.evi"}
utm: {source: "{network}", medium: social, campaign: "{campaign}"}
"""
POSTS = {
    "teaser.md": """\
---
title: Teaser
campaign: bf
publish_at: 2026-11-27 10:00
status: approved
approved_by: ilya
tags: [promo, friday]
link: https://example.com/bf?ref=a
networks:
  x: {}
  facebook: {}
  telegram: {text: "Telegram: https://example.com/bf?ref=a"}
---
Say "hi", friends — 50% off ☕
""",
    "2026/11/thread.md": """\
---
title: Thread
publish_at: 2026-11-28 12:00
status: scheduled
approved_by: aylin
author: ilya
link: https://example.com/menu
first_comment: "Menu: https://example.com/menu"
networks: [x, facebook, telegram]
---
Yeni menyu: https://example.com/menu
---
İkinci hissə — qəhvə və şirniyyat.
""",
    "plain.md": """\
---
title: Plain
publish_at: 2026-11-29 15:35
status: approved
approved_by: ilya
sponsored: true
networks:
  x: {publish_at: 2026-11-29 18:00}
  telegram: {}
---
Qəhvə #ad
""",
    "late.md": """\
---
title: Late
publish_at: 2026-11-30 09:00
status: approved
approved_by: ilya
networks: [telegram, x]
---
Sabahınız xeyir!
""",
}
PHOTO = """\
---
title: Photo
publish_at: 2026-11-28 16:00
status: approved
approved_by: ilya
media:
  - {src: cup.jpg, alt: "A cup, on a table"}
networks:
  instagram: {}
  x: {media: [/content/media/pin.jpg]}
---
Fresh roast.
"""


def _plan(root: Path, with_media: bool) -> Path:
    posts: dict[str, str | bytes] = dict(POSTS)
    if with_media:
        posts |= {"photo.md": PHOTO, "cup.jpg": jpeg()}
    make_plan(root, posts, brand=BRAND)
    if with_media:
        (root / "content" / "media").mkdir(parents=True)
        (root / "content" / "media" / "pin.jpg").write_bytes(jpeg(1000, 1500))
    return root


def _empty_copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    for post in (target / "content" / "posts").rglob("*.md"):
        post.unlink()
    (target / "content" / "campaigns" / "bf.md").write_text(CAMPAIGN, encoding="utf-8")
    return target


def _round_trip(
    tmp_path: Path, smmplan, fmt: str, with_media: bool = False, order: str = "dmy"
) -> None:
    first = _plan(tmp_path / "first", with_media)
    exported = run_export(first, fmt, urls={}, date_order=order)
    assert exported.files, exported.refused
    if fmt in ("csv", "xlsx"):
        assert exported.refused == []
    second = _empty_copy(first, tmp_path / "second")
    files = tmp_path / "files"
    files.mkdir()
    for item in exported.files:
        (files / item.name).write_bytes(item.data)
        result = smmplan(
            "--root",
            str(second),
            "import",
            str(files / item.name),
            "--date-order",
            order,
            "--write",
        )
        assert result.exit_code == 0, result.output
    statuses = ["approved", "scheduled"] if fmt in ("csv", "xlsx") else ["draft"]
    again = run_export(second, fmt, urls={}, date_order=order, statuses=statuses)
    assert [f.name for f in again.files] == [f.name for f in exported.files]
    for before, after in zip(exported.files, again.files, strict=True):
        assert after.data == before.data, before.name
    assert len(load_project(second).posts) >= 1


@pytest.mark.parametrize("fmt", ["buffer", "hootsuite", "sprout", "publer", "postoplan"])
def test_scheduler_files_come_back_identical(tmp_path, smmplan, fmt):
    _round_trip(tmp_path, smmplan, fmt)


@pytest.mark.parametrize("fmt", ["hootsuite", "sprout", "postoplan"])
def test_month_first_dates_come_back_identical(tmp_path, smmplan, fmt):
    _round_trip(tmp_path, smmplan, fmt, order="mdy")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_plan_csv_and_xlsx_come_back_identical_with_media(tmp_path, smmplan, fmt):
    _round_trip(tmp_path, smmplan, fmt, with_media=True)


def test_plan_csv_restores_the_posts_paths_and_overrides(tmp_path, smmplan):
    first = _plan(tmp_path / "first", with_media=True)
    second = _empty_copy(first, tmp_path / "second")
    target = tmp_path / "plan.csv"
    target.write_bytes(run_export(first, "csv", urls={}).files[0].data)
    assert smmplan("--root", str(second), "import", str(target), "--write").exit_code == 0
    assert (second / "content/posts/plain.md").read_text(encoding="utf-8") == (
        "---\n"
        'title: "Plain"\n'
        "brand: qehve-evi\n"
        "publish_at: 2026-11-29 15:35\n"
        "status: approved\n"
        'approved_by: "ilya"\n'
        "sponsored: true\n"
        "tags: []\n"
        "networks:\n"
        "  telegram: {}\n"
        "  x: {publish_at: 2026-11-29 18:00}\n"
        "---\n"
        "Qəhvə #ad\n"
    )
    assert (second / "content/posts/photo.md").read_text(encoding="utf-8") == (
        "---\n"
        'title: "Photo"\n'
        "brand: qehve-evi\n"
        "publish_at: 2026-11-28 16:00\n"
        "status: approved\n"
        'approved_by: "ilya"\n'
        "tags: []\n"
        'media: [{src: "cup.jpg", alt: "A cup, on a table"}]\n'
        "networks:\n"
        "  instagram: {}\n"
        '  x: {media: [{src: "/content/media/pin.jpg"}]}\n'
        "---\n"
        "Fresh roast.\n"
    )
    check = smmplan("--root", str(second), "--now", NOW.isoformat(), "check")
    assert check.exit_code == 0, check.output
