"""The workflows ``smmplan init`` writes, run for real from a wheel of this checkout.

A wheel is built once per session from a copy of the checkout's package files (so the
checkout gets no ``build/`` folder) with ``pip wheel --no-build-isolation --no-index``:
nothing is downloaded. ``smmplan init --install "smmplan @ file://<wheel>"`` writes a
scratch repository whose history looks like a pull request: ``main`` with the scaffold
and one more draft, then a branch that changes a post. Each workflow's ``run:`` steps run
in order, as GitHub runs them (``bash -eo pipefail``, the workflow's, job's and step's
``env:``, ``GITHUB_STEP_SUMMARY`` and friends pointing at temporary files); steps that use
an action are skipped and named.

Each job gets a fresh venv, as each job gets a fresh runner. Its install step must not
download smmplan's dependencies, so the venv sees the packages installed in the test's
own environment, minus smmplan itself: a ``.pth`` file points at a folder of links to
them. ``--system-site-packages`` would not do, because it exposes the base interpreter's
packages, not the test environment's. pip comes through the same links (``--without-pip``:
seeding pip into every venv takes longer than the rest of the test), and installs into
the venv it runs in. ``PIP_NO_INDEX`` turns any attempt to download into a failure
instead of a hang.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
PACKAGE_FILES = ("pyproject.toml", "README.md", "LICENSE")
# The expressions the workflows may use in env and if; anything else fails the test, so a
# new one is simulated on purpose rather than passed through as text.
EXPRESSIONS = {"${{ github.base_ref }}": "main"}
CONDITIONS = {"${{ !cancelled() }}": True}
PLACEHOLDER = "\n\nTODO: a better photo.\n"


def _git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
    }
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in PACKAGE_FILES:
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "smmplan", source / "smmplan", ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
    command += ["--no-build-isolation", "--no-index", "--wheel-dir", str(out), str(source)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = out.glob("smmplan-*.whl")
    return built


def _installed_elsewhere(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(("smmplan", "__editable__", "_distutils_hack")) or (
        lowered.endswith(".pth") or lowered == "__pycache__"
    )


@pytest.fixture(scope="session")
def dependencies(tmp_path_factory) -> Path:
    """Links to the packages of the test's environment, except smmplan."""
    folder = tmp_path_factory.mktemp("dependencies")
    paths = sysconfig.get_paths()
    for site in dict.fromkeys((paths["purelib"], paths["platlib"])):
        for entry in sorted(Path(site).iterdir()):
            if not _installed_elsewhere(entry.name) and not (folder / entry.name).exists():
                (folder / entry.name).symlink_to(entry)
    return folder


def _fresh_venv(folder: Path, dependencies: Path) -> Path:
    command = [sys.executable, "-m", "venv", "--without-pip", str(folder)]
    subprocess.run(command, check=True, timeout=120)
    purelib = subprocess.run(
        [
            str(folder / "bin/python"),
            "-c",
            "import sysconfig; print(sysconfig.get_path('purelib'))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(purelib, "test-environment.pth").write_text(f"{dependencies}\n", encoding="utf-8")
    return folder / "bin"


def _scratch_repository(tmp_path: Path, smmplan, wheel: Path) -> Path:
    repo = tmp_path / "calendar"
    result = smmplan("init", str(repo), "--install", f"smmplan @ {wheel.as_uri()}")
    assert result.exit_code == 0, result.output
    _git(repo, "init", "--quiet", "--initial-branch", "main")
    posts = sorted((repo / "content/posts").rglob("*.md"))
    draft = posts[0].with_name("older-draft.md")
    text = posts[-1].read_text(encoding="utf-8").replace("title: What we do", "title: Older")
    text = text.replace(" 12:30\n", " 17:45\n")  # not at the same time: no schedule-conflict
    draft.write_text(text.rstrip("\n") + PLACEHOLDER, encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "--quiet", "-m", "Content calendar")
    _git(repo, "update-ref", "refs/remotes/origin/main", "main")
    _git(repo, "switch", "--quiet", "-c", "what-we-do")
    changed = repo / "content/posts" / posts[-1].relative_to(repo / "content/posts")
    changed.write_text(changed.read_text(encoding="utf-8").rstrip("\n") + PLACEHOLDER)
    _git(repo, "commit", "--quiet", "-am", "What we do: a note")
    return repo


def _expand(value: object) -> str:
    text = str(value)
    for expression, replacement in EXPRESSIONS.items():
        text = text.replace(expression, replacement)
    assert "${{" not in text, f"no simulated value for {text}"
    return text


def _step_env(base: dict[str, str], *scopes: dict) -> dict[str, str]:
    env = dict(base)
    for scope in scopes:
        env.update({key: _expand(value) for key, value in (scope.get("env") or {}).items()})
    return env


def _github_env(tmp_path: Path, repo: Path, bin_dir: Path) -> dict[str, str]:
    runner = tmp_path / "runner"
    runner.mkdir(exist_ok=True)
    files = {name: runner / name.lower() for name in ("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT")}
    for path in files.values():
        path.write_text("", encoding="utf-8")
    return {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(tmp_path / "home"),
        "LANG": "C.UTF-8",
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(repo),
        "GITHUB_EVENT_NAME": "pull_request",
        "RUNNER_TEMP": str(runner),
        "PIP_NO_INDEX": "1",
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        **{name: str(path) for name, path in files.items()},
    }


def run_job(workflow: dict, job_id: str, repo: Path, base: dict[str, str]) -> tuple[list, dict]:
    """Run a job's ``run:`` steps in order: (names of the skipped actions, outputs by name)."""
    job = workflow["jobs"][job_id]
    skipped, outputs = [], {}
    for step in job["steps"]:
        if "uses" in step:
            skipped.append(step["uses"].split("@")[0])
            continue
        condition = step.get("if")
        assert condition is None or condition in CONDITIONS, f"no simulation for if: {condition}"
        if condition is not None and not CONDITIONS[condition]:
            continue
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=repo,
            env=_step_env(base, workflow, job, step),
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, (step["name"], done.stdout, done.stderr)
        outputs[step["name"]] = done.stdout
    return skipped, outputs


def _workflow(repo: Path, name: str) -> dict:
    return yaml.safe_load((repo / ".github/workflows" / name).read_text(encoding="utf-8"))


def test_check_workflow_runs_on_a_pull_request(tmp_path, smmplan, wheel, dependencies):
    repo = _scratch_repository(tmp_path, smmplan, wheel)
    bin_dir = _fresh_venv(tmp_path / "venv", dependencies)
    base = _github_env(tmp_path, repo, bin_dir)
    skipped, outputs = run_job(_workflow(repo, "check.yml"), "check", repo, base)
    assert skipped == [
        "actions/checkout",
        "actions/setup-python",
        "github/codeql-action/upload-sarif",
    ]
    assert list(outputs) == [
        "Install smmplan",
        "Check (annotations on the changed files)",
        "Check everything (SARIF for code scanning)",
        "Summary and calendar diff",
    ]
    assert Path(bin_dir, "smmplan").is_file()
    annotations = [
        line
        for line in outputs["Check (annotations on the changed files)"].splitlines()
        if line.startswith("::")
    ]
    assert len(annotations) == 1, annotations
    assert annotations[0].startswith("::warning ") and "what-we-do.md" in annotations[0]
    sarif = json.loads((repo / "smmplan.sarif").read_text(encoding="utf-8"))
    located = sorted(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1]
        for result in sarif["runs"][0]["results"]
    )
    assert located == ["older-draft.md", "what-we-do.md"]
    summary = Path(base["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert summary.startswith("## smmplan check\n\n```text\n")
    assert "what-we-do" in summary.split("```", 2)[2]


def test_publish_workflow_builds_the_site(tmp_path, smmplan, wheel, dependencies):
    repo = _scratch_repository(tmp_path, smmplan, wheel)
    _git(repo, "switch", "--quiet", "main")
    workflow = _workflow(repo, "publish.yml")
    base = _github_env(tmp_path, repo, _fresh_venv(tmp_path / "venv", dependencies))
    skipped, outputs = run_job(workflow, "build", repo, base)
    assert skipped == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-artifact",
        "actions/upload-pages-artifact",
    ]
    assert list(outputs) == ["Install smmplan", "Build the calendar site and the exports"]
    assert (repo / "public/index.html").is_file()
    exports = json.loads((repo / "public/exports/index.json").read_text(encoding="utf-8"))
    assert "plan.json" in {entry["file"] for entry in exports["files"]}
    deploy_skipped, deploy_outputs = run_job(workflow, "deploy", repo, base)
    assert (deploy_skipped, deploy_outputs) == (["actions/deploy-pages"], {})
