"""``smmplan new``: slugs from any script, the brand's next free slot, nothing interactive."""

from __future__ import annotations

import click
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smmplan.load import load_project
from smmplan.workflow.slug import MAX_LENGTH, slugify
from tests.conftest import BRAND, POST

NOW = "2026-11-23T06:00:00+00:00"  # Monday 10:00 in Baku


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Печенье к кофе: рецепт", "pechenye-k-kofe-retsept"),
        ("Раф с халвой — первый снег", "raf-s-khalvoy-pervyy-sneg"),
        ("Qara Cümə — tizer", "qara-cume-tizer"),
        ("İçərişəhər axşam gəzintisi", "icherisheher-axsham-gezintisi"),
        ("Şəki: qış turu 2026!", "sheki-qish-turu-2026"),
        ("Huwag ibigay ang OTP", "huwag-ibigay-ang-otp"),
        ("Crème brûlée & Straße", "creme-brulee-strasse"),
        ("Ελληνικά νέα", "ελληνικα-νεα"),
        ("🎉🎉", "untitled"),
        ("CON", "con-untitled"),
    ],
)
def test_slug_examples(title, slug):
    assert slugify(title) == slug


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=120))
def test_any_title_gives_a_safe_stable_file_name(title):
    slug = slugify(title)
    assert slug and len(slug) <= MAX_LENGTH
    assert slugify(slug) == slug
    assert slug == slug.lower() or not slug.isascii()
    assert not slug.startswith(("-", ".")) and not slug.endswith("-")
    assert "--" not in slug
    assert all(ch.isalnum() or ch == "-" for ch in slug)
    assert slug.encode("utf-8").__len__() <= 255


def two_brands(repo):
    return repo(
        {
            "brands/other.yml": "name: Other\ntimezone: UTC\n",
            "content/posts/2026/11/taken.md": POST.replace("2026-11-27 10:00", "2026-11-24 08:00"),
        }
    )


def test_new_post_gets_the_next_free_slot(repo, smmplan, monkeypatch):
    monkeypatch.setattr(click, "edit", lambda *a, **k: pytest.fail("opened an editor"))
    root = two_brands(repo)
    result = smmplan(
        "--root",
        str(root),
        "--now",
        NOW,
        "new",
        "post",
        "Qəhvə: yeni menyu",
        "--brand",
        "qehve-evi",
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        "created content/posts/2026/11/qehve-yeni-menyu.md\n"
        "publish_at 2026-11-23 11:00 (Asia/Baku): the next free slot\n"
    )
    text = (root / "content/posts/2026/11/qehve-yeni-menyu.md").read_text(encoding="utf-8")
    assert text.startswith(
        '---\ntitle: "Qəhvə: yeni menyu"\nbrand: qehve-evi\n'
        "publish_at: 2026-11-23 11:00  # the brand's next free slot\nstatus: draft\n"
    )
    # the next one keeps min_gap (3h) from the first, and gets its own file name
    again = smmplan(
        "--root",
        str(root),
        "--now",
        NOW,
        "new",
        "post",
        "Qəhvə: yeni menyu",
        "--brand",
        "qehve-evi",
    )
    assert "content/posts/2026/11/qehve-yeni-menyu-2.md" in again.output
    assert "publish_at 2026-11-23 14:00" in again.output
    posts = {p.path: p for p in load_project(root).posts}
    assert not posts["content/posts/2026/11/qehve-yeni-menyu-2.md"].findings


def test_new_post_on_a_given_day_respects_windows_and_blackout(repo, smmplan):
    root = two_brands(repo)
    args = ["--root", str(root), "--now", NOW, "new", "post", "Weekend", "--brand", "qehve-evi"]
    saturday = smmplan(*args, "--date", "2026-11-28")
    assert "publish_at 2026-11-28 10:00" in saturday.output  # sat-sun window opens at 10:00
    tuesday = smmplan(*args, "--date", "2026-11-24")  # 08:00 is taken; min_gap 3h
    assert "publish_at 2026-11-24 11:00" in tuesday.output
    blackout = smmplan(*args, "--date", "2026-12-31")
    assert "no free slot found" in blackout.output
    exact = smmplan(*args, "--date", "2026-12-01 07:15")
    assert exact.exit_code == 0
    created = exact.output.split()[1]
    assert "publish_at: 2026-12-01 07:15\n" in (root / created).read_text(encoding="utf-8")


def test_new_needs_a_brand_when_there_are_several(repo, smmplan):
    root = two_brands(repo)
    result = smmplan("--root", str(root), "--now", NOW, "new", "post", "Hi")
    assert result.exit_code == 2
    assert "this repository has 2 brands: pass --brand (other, qehve-evi)" in result.stderr
    bad = smmplan("--root", str(root), "new", "post", "Hi", "--brand", "x", "--date", "27.11")
    assert bad.exit_code == 2


def test_new_campaign(repo, smmplan):
    root = repo()
    result = smmplan("--root", str(root), "--now", NOW, "new", "campaign", "Qara Cümə 2026")
    assert result.output == "created content/campaigns/qara-cume-2026.md\n"
    campaign = load_project(root).campaigns["qara-cume-2026"]
    assert (campaign.title, str(campaign.start), str(campaign.end)) == (
        "Qara Cümə 2026",
        "2026-11-30",
        "2026-12-13",
    )
    assert campaign.brand == "qehve-evi" and not campaign.findings


def test_new_post_passes_check_as_a_draft(repo, smmplan):
    root = repo({"brands/qehve-evi.yml": BRAND + 'accounts: {x: "@q", telegram: "qehveevi"}\n'})
    assert smmplan("--root", str(root), "--now", NOW, "new", "post", "Hello").exit_code == 0
    assert smmplan("--root", str(root), "--now", NOW, "check").exit_code == 0
