"""Severity follows the stage: work-in-progress rules warn for ideas and drafts, levels by stage."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from smmplan.check.registry import RULES, WORK_IN_PROGRESS
from smmplan.workflow.schema import schema
from tests.conftest import check

EXAMPLE = Path(__file__).parents[1]
STAMP = "2026-11-23T06:00:00+00:00"
EXAMPLE_NOW = "2026-11-21T22:00:00+00:00"  # the moment the example plan is dated for


def post(status: str, networks: str = "[instagram]", body: str = "Hello") -> str:
    return (
        f"---\ntitle: T\npublish_at: 2026-11-27 10:00\nstatus: {status}\napproved_by: ilya\n"
        f"networks: {networks}\n---\n{body}\n"
    )


def levels(root: Path, rule: str) -> list[tuple[str, int, str]]:
    return [(d.path, d.line, str(d.severity)) for d in check(root) if d.rule == rule]


def test_the_work_in_progress_rules_are_the_three_about_what_is_missing():
    assert {"text-empty", "media-required", "title-required"} == WORK_IN_PROGRESS
    assert {str(RULES[name].severity) for name in WORK_IN_PROGRESS} == {"error"}


@pytest.mark.parametrize(
    ("status", "level"),
    [("draft", ["warning"]), ("review", ["error"]), ("approved", ["error"]), ("idea", [])],
)
def test_a_post_without_its_picture_warns_until_review(repo, status, level):
    root = repo({"content/posts/a.md": post(status)})
    assert [s for _, _, s in levels(root, "media-required")] == level


def test_empty_text_and_missing_title_follow_the_stage_too(repo):
    files = {
        "content/posts/a.md": post("draft", "[x]", body=""),
        "content/posts/b.md": post("review", "[x]", body=""),
        "content/posts/c.md": post("draft", "{youtube: {title: ' '}}"),
        "content/posts/d.md": post("review", "{youtube: {title: ' '}}"),
    }
    root = repo(files)
    assert levels(root, "text-empty") == [
        ("content/posts/a.md", 8, "warning"),
        ("content/posts/b.md", 8, "error"),
    ]
    assert [(p, s) for p, _, s in levels(root, "title-required")] == [
        ("content/posts/c.md", "warning"),
        ("content/posts/d.md", "error"),
    ]


def test_rules_about_what_is_wrong_keep_their_level_for_drafts(repo):
    root = repo({"content/posts/a.md": post("draft", "[x]", body="a" * 281)})
    assert levels(root, "text-too-long") == [("content/posts/a.md", 8, "error")]


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("media-required: error", ["error", "error", "error"]),
        ("media-required: 'off'", []),
        ("MD02: warning", ["warning", "warning", "warning"]),
        ("media-required: {review: warning, approved: error}", ["warning", "warning", "error"]),
        ("media-required: {draft: 'off', approved: error}", ["error"]),
        ("media-required: {idea: info}", ["info", "info", "info"]),
    ],
)
def test_smmplan_yml_sets_levels_for_every_stage_or_from_a_stage_on(repo, setting, expected):
    files = {
        "smmplan.yml": f"rules:\n  {setting}\n",
        "content/posts/a.md": post("draft"),
        "content/posts/b.md": post("review"),
        "content/posts/c.md": post("approved"),
    }
    root = repo(files)
    assert [s for _, _, s in levels(root, "media-required")] == expected


def test_any_rule_may_follow_the_stage_even_across_posts(repo):
    def twin(name: str, at: str, status: str) -> str:
        return f"---\ntitle: {name}\npublish_at: {at}\nstatus: {status}\nnetworks: [x]\n---\nHi\n"

    files = {
        "smmplan.yml": "rules:\n  schedule-conflict: {idea: 'off', review: error}\n",
        "content/posts/a.md": twin("a", "2026-11-27 10:00", "draft"),
        "content/posts/b.md": twin("b", "2026-11-27 10:30", "draft"),  # 30 min apart: off
        "content/posts/c.md": twin("c", "2026-11-28 10:00", "review"),
        "content/posts/d.md": twin("d", "2026-11-28 10:30", "review"),  # an error from review
    }
    assert levels(repo(files), "schedule-conflict") == [("content/posts/d.md", 3, "error")]


def test_a_brand_file_has_no_stage_and_keeps_the_usual_level(repo):
    files = {"smmplan.yml": "rules:\n  handle-invalid: {draft: warning}\n"}
    root = repo(files, brand='name: Q\ntimezone: Asia/Baku\naccounts: {x: "@our-brand"}\n')
    assert levels(root, "handle-invalid") == [("brands/qehve-evi.yml", 3, "error")]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("{draft: warning, aproved: error}", "unknown stage 'aproved' (did you mean 'approved'?)"),
        ("{draft: loud}", "'loud' is not one of off, info, warning, error"),
        ("[draft, warning]", "rules: write a level (off, info, warning, error) or levels by stage"),
    ],
)
def test_a_wrong_stage_setting_is_named_and_the_rest_still_checked(repo, setting, message):
    files = {"smmplan.yml": f"title: T\nrules:\n  media-required: {setting}\n"}
    files["content/posts/a.md"] = post("review")
    root = repo(files)
    found = [(d.path, d.line, d.rule, d.message) for d in check(root) if d.path == "smmplan.yml"]
    assert len(found) == 1 and found[0][:3] == ("smmplan.yml", 2, "invalid-value")
    assert message in found[0][3]
    assert levels(root, "media-required") == [("content/posts/a.md", 6, "error")]


def test_the_settings_schema_accepts_levels_by_stage_and_refuses_unknown_stages():
    config = schema("config")
    good = {"rules": {"media-required": {"draft": "warning", "review": "error"}, "SC03": "off"}}
    jsonschema.validate(good, config)
    for bad in ({"media-required": {"drafts": "warning"}}, {"media-required": {"draft": "x"}}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"rules": bad}, config)


def _hook_command(root: Path) -> list[str]:
    hooks = yaml.safe_load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for repo in hooks["repos"] for h in repo["hooks"] if h["id"] == "smmplan-check"]
    assert hook["entry"] == "smmplan check" and hook["pass_filenames"] is False
    return shlex.split(hook["entry"])[1:]


def _new_posts_pass(smmplan, root: Path, brands: list[str], now: str = STAMP) -> list[str]:
    """``new post`` for each brand, then the pre-commit hook's command; the new files."""
    created = []
    for brand in brands:
        result = smmplan("--root", str(root), "--now", now, "new", "post", f"N {brand}",
                         "--brand", brand)  # fmt: skip
        assert result.exit_code == 0, result.output
        created.append(result.output.split("created ", 1)[1].split("\n", 1)[0])
    hook = smmplan("--root", str(root), "--now", now, *_hook_command(root))
    assert hook.exit_code == 0, hook.output
    return created


def test_new_posts_of_every_example_brand_pass_check_and_the_hook(tmp_path, smmplan):
    for name in ("smmplan.yml", "brands", "content"):
        source = EXAMPLE / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, tmp_path / name)
    shutil.copy(EXAMPLE / "smmplan/workflow/templates/init/dot-pre-commit-config.yaml",
                tmp_path / ".pre-commit-config.yaml")  # fmt: skip
    brands = ["bangko-bayan", "karvan-travel", "kofe-na-kuhne"]
    created = _new_posts_pass(smmplan, tmp_path, brands, EXAMPLE_NOW)
    paths = [str(tmp_path / name) for name in created]
    result = smmplan("--root", str(tmp_path), "--now", EXAMPLE_NOW, "check", *paths)
    lines = [line for line in result.output.splitlines() if "media-required" in line]
    assert [line.split(": ")[1] for line in lines] == ["warning"] * 4  # 3 karvan, 1 kofe
    assert result.output.splitlines()[-1] == "58 files, 3 posts checked: 0 errors, 7 warnings"


def test_a_new_post_in_a_fresh_init_passes_check_and_the_hook(tmp_path, smmplan):
    assert smmplan("--now", STAMP, "init", str(tmp_path / "plan")).exit_code == 0
    root = tmp_path / "plan"
    (created,) = _new_posts_pass(smmplan, root, ["our-brand"])
    result = smmplan("--root", str(root), "--now", STAMP, "check")
    assert result.output.splitlines() == [
        f"{created}:9:1: warning: placeholder 'Write the post here. A line holding o...'"
        " left in the text [placeholder-text]",
        "6 files, 3 posts checked: 0 errors, 1 warning",
    ]


def test_the_same_draft_in_review_fails_the_hook(tmp_path, smmplan):
    assert smmplan("--now", STAMP, "init", str(tmp_path / "plan")).exit_code == 0
    root = tmp_path / "plan"
    (created,) = _new_posts_pass(smmplan, root, ["our-brand"])
    path = root / created
    path.write_text(path.read_text().replace("status: draft", "status: review"))
    path.write_text(path.read_text().replace("networks: [x, linkedin]", "networks: [instagram]"))
    hook = smmplan("--root", str(root), "--now", STAMP, *_hook_command(root))
    assert hook.exit_code == 1
    assert f"{created}:7:1: error: Instagram needs an image or a video" in hook.output
