"""The command line: formats, exit codes, selection by path and by git history."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from smmplan import __version__
from smmplan.check.registry import RULES
from smmplan.cli import cli
from smmplan.networks import load_builtin
from tests.conftest import POST, as_json

NOW = "2026-11-23T06:00:00+00:00"
LONG = "---\ntitle: Long\npublish_at: 2026-11-27 14:00\nnetworks: [x]\n---\n" + "a" * 290 + "\n"


WARN = "---\ntitle: Late\npublish_at: 2026-11-27 22:30\nnetworks: [telegram]\n---\nLate news\n"


def check_at(smmplan, root, *args: str, **options):
    """``smmplan --root ROOT --now NOW check ARGS``."""
    return smmplan("--root", str(root), "--now", NOW, "check", *args, **options)


def test_version_and_help_on_every_command(smmplan):
    assert smmplan("--version").output == f"smmplan, version {__version__}\n"
    for name in cli.commands:
        result = smmplan(name, "--help")
        assert result.exit_code == 0 and "Usage: smmplan" in result.output, name


def test_check_text_format_and_exit_code(repo, smmplan):
    root = repo({"content/posts/a.md": POST, "content/posts/long.md": LONG})
    result = check_at(smmplan, root)
    assert result.exit_code == 1
    assert result.output == (
        "content/posts/long.md:6:1: error: text is 290 of 280 weighted characters on X (Twitter)"
        " (10 over) [text-too-long x]\n"
        "3 files, 2 posts checked: 1 error, 0 warnings\n"
    )


def test_check_json_has_exactly_the_documented_shape(repo, smmplan):
    root = repo({"content/posts/long.md": LONG})
    payload = as_json(check_at(smmplan, root, "--format", "json"))
    assert payload == {
        "version": 1,
        "summary": {"files": 2, "posts": 1, "errors": 1, "warnings": 0},
        "diagnostics": [
            {
                "path": "content/posts/long.md",
                "line": 6,
                "column": 1,
                "rule": "text-too-long",
                "code": "TX02",
                "severity": "error",
                "network": "x",
                "message": "text is 290 of 280 weighted characters on X (Twitter) (10 over)",
            }
        ],
    }


def test_github_format_is_chosen_on_actions_and_escapes(repo, smmplan):
    root = repo({"content/posts/long.md": LONG})
    result = check_at(smmplan, root, env={"GITHUB_ACTIONS": "true"})
    assert result.output.splitlines()[0] == (
        "::error file=content/posts/long.md,line=6,col=1,title=text-too-long (TX02) on x::"
        "text is 290 of 280 weighted characters on X (Twitter) (10 over)"
    )


def test_sarif_describes_each_rule_once(repo, smmplan):
    root = repo({"content/posts/long.md": LONG, "content/posts/late.md": WARN})
    sarif = as_json(check_at(smmplan, root, "--format", "sarif"))
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids)) == len(RULES)
    results = [
        (r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
        for r in run["results"]
    ]
    assert results == [("SC03", "warning", 3), ("TX02", "error", 6)]
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_warnings_pass_unless_strict(repo, smmplan):
    root = repo({"content/posts/late.md": WARN})
    assert check_at(smmplan, root).exit_code == 0
    assert check_at(smmplan, root, "--strict").exit_code == 1


def test_smmplan_yml_can_turn_rules_off_or_change_severity(repo, smmplan):
    root = repo({"content/posts/late.md": WARN, "content/posts/long.md": LONG})
    (root / "smmplan.yml").write_text("rules:\n  outside-posting-window: off\n  TX02: warning\n")
    payload = as_json(check_at(smmplan, root, "--format", "json"))
    assert [(d["rule"], d["severity"]) for d in payload["diagnostics"]] == [
        ("text-too-long", "warning")
    ]


def test_a_post_can_ignore_a_rule(repo, smmplan):
    ignored = WARN.replace("networks:", "ignore: [outside-posting-window]\nnetworks:")
    root = repo({"content/posts/late.md": ignored})
    payload = as_json(check_at(smmplan, root, "--format", "json"))
    assert payload["diagnostics"] == []


def test_a_broken_smmplan_yml_is_a_configuration_error(repo, smmplan):
    root = repo({"content/posts/a.md": POST, "smmplan.yml": "rules: [oops\n"})
    result = check_at(smmplan, root)
    assert result.exit_code == 2
    assert result.output.startswith("smmplan.yml:2:1: error: YAML syntax error")


def test_paths_limit_the_check(repo, smmplan):
    root = repo({"content/posts/a/long.md": LONG, "content/posts/b/late.md": WARN})
    payload = as_json(
        check_at(
            smmplan,
            root,
            "--format",
            "json",
            str(root / "content/posts/b"),
        )
    )
    assert [d["path"] for d in payload["diagnostics"]] == ["content/posts/b/late.md"]
    assert payload["summary"]["posts"] == 1
    missing = smmplan("--root", str(root), "check", str(root / "nope"))
    assert missing.exit_code == 2 and "no such file or folder" in missing.output


def git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_changed_since_checks_changed_posts_and_their_neighbours(repo, smmplan):
    early = (
        "---\ntitle: Early\npublish_at: 2026-11-27 10:00\nnetworks: [x]\n---\n" + "b" * 290 + "\n"
    )
    root = repo({"content/posts/early.md": early, "content/posts/old.md": LONG})
    git(root, "init", "-q", "-b", "main")
    git(
        root,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-qam",
        "start",
        "--allow-empty",
    )
    git(root, "add", ".")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "posts")
    # a new post an hour after an unchanged one: its conflict is reported, the old errors are not
    (root / "content/posts/new.md").write_text(
        "---\ntitle: New\npublish_at: 2026-11-27 11:00\nnetworks: [x]\n---\nNew\n", encoding="utf-8"
    )
    payload = as_json(
        check_at(
            smmplan,
            root,
            "--format",
            "json",
            "--changed-since",
            "HEAD",
        )
    )
    assert [(d["path"], d["rule"]) for d in payload["diagnostics"]] == [
        ("content/posts/new.md", "schedule-conflict")
    ]
    bad = smmplan("--root", str(root), "check", "--changed-since", "no-such-ref")
    assert bad.exit_code == 2 and "--changed-since no-such-ref" in bad.output


def test_changed_since_outside_git_is_a_clear_error(repo, smmplan):
    root = repo({"content/posts/a.md": POST})
    result = smmplan("--root", str(root), "check", "--changed-since", "main")
    assert result.exit_code == 2
    assert "not a git repository" in result.output.lower()


@pytest.mark.parametrize(
    ("network", "text", "length", "limit", "unit", "valid"),
    [
        (
            "x",
            "Привет, мир! 🧑‍🧑‍🧒 https://example.com/a/very/long/path/indeed",
            39,
            280,
            "weighted characters",
            True,
        ),
        ("bluesky", "🧑‍🧑‍🧒" * 301, 301, 300, "graphemes", False),
        ("youtube", "Ж" * 10, 20, 5000, "bytes", True),
    ],
)
def test_count_json(smmplan, network, text, length, limit, unit, valid):
    result = smmplan("count", "--network", network, "--format", "json", text)
    assert json.loads(result.output) == {
        "network": network,
        "length": length,
        "limit": limit,
        "unit": unit,
        "valid": valid,
    }
    assert result.exit_code == (0 if valid else 1)


def test_count_reads_stdin_and_rejects_unknown_networks(smmplan):
    assert (
        smmplan("count", "-n", "x", "-", input="Salam!\n").output
        == "x: 6 of 280 weighted characters (fits)\n"
    )
    result = smmplan("count", "-n", "twiter", "hi")
    assert result.exit_code == 2 and "did you mean" in result.output


def test_rules_lists_every_rule_and_documents_one(smmplan):
    listing = smmplan("rules").output.splitlines()
    assert len(listing) == len(RULES)
    first = min(RULES.values(), key=lambda r: r.code)
    assert listing[0].startswith(f"{first.code}  {first.name}")
    one = smmplan("rules", "TX02").output
    assert one.startswith("text-too-long (TX02, text, default error)")
    assert smmplan("rules", "nope").exit_code == 2


def test_networks_lists_specs_with_sources(smmplan):
    table = smmplan("networks").output
    assert "instagram" in table and "1080×1350" in table
    detail = smmplan("networks", "x").output
    x = load_builtin()["x"]
    assert f"text_limit       {x.text_limit}" in detail
    assert f"verified {x.sources['text_limit'].verified}" in detail
    payload = json.loads(smmplan("networks", "instagram", "--format", "json").output)
    assert payload[0]["renditions"]["story"] == {"width": 1080, "height": 1920, "fit": "cover"}


def test_no_repository_is_a_clear_usage_error(tmp_path, smmplan, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = smmplan("check")
    assert result.exit_code == 2
    assert "no smmplan repository here" in result.output


def test_bad_now_is_a_usage_error(repo, smmplan):
    root = repo({"content/posts/a.md": POST})
    result = smmplan("--root", str(root), "--now", "yesterday", "check")
    assert result.exit_code == 2 and "not a date-time" in result.output


def _user_files(root):
    """Every file but the cache, which ``check`` keeps under ``.smmplan-cache/``."""
    return {
        p: p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and ".smmplan-cache" not in p.relative_to(root).parts
    }


def test_check_never_writes_into_the_repository(repo, smmplan):
    root = repo({"content/posts/a.md": POST, "content/posts/long.md": LONG})
    before = _user_files(root)
    check_at(smmplan, root, "--format", "sarif")
    assert _user_files(root) == before
    written = {p.relative_to(root).parts[:2] for p in root.rglob("*") if p.is_file()}
    assert written - {k.relative_to(root).parts[:2] for k in before} <= {
        (".smmplan-cache", "check")
    }


def test_check_without_cache_writes_nothing(repo, smmplan):
    root = repo({"content/posts/a.md": POST, "content/posts/long.md": LONG})
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    check_at(smmplan, root, "--no-cache", "--format", "sarif")
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_networks_reference_page_is_up_to_date():
    from pathlib import Path

    from smmplan.networks import load_builtin
    from smmplan.report.networks import networks_markdown

    specs = load_builtin()
    page = Path(__file__).parents[1] / "docs" / "networks.md"
    assert page.read_text(encoding="utf-8") == networks_markdown(
        [specs[n] for n in sorted(specs)]
    ), "regenerate with: python -m smmplan.report.networks > docs/networks.md"


def test_rules_reference_page_is_up_to_date():
    from pathlib import Path

    from smmplan.report.rules_doc import rules_markdown

    page = Path(__file__).parents[1] / "docs" / "rules.md"
    assert page.read_text(encoding="utf-8") == rules_markdown(), (
        "regenerate with: python -m smmplan.report.rules_doc > docs/rules.md"
    )


class _Terminal:
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_without_no_color(monkeypatch):
    from smmplan.cli import use_color
    from smmplan.model import Diagnostic, Severity
    from smmplan.report import Report, as_text

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert use_color(_Terminal()) is True
    assert use_color(object()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(_Terminal()) is False
    d = Diagnostic("a.md", 3, 1, "text-too-long", "TX02", Severity.ERROR, "too long", "x")
    assert as_text(Report([d], 1, 1, color=True)).startswith(
        "a.md:3:1: \x1b[31merror\x1b[0m: too long"
    )
    assert "\x1b" not in as_text(Report([d], 1, 1, color=False))


def test_every_command_is_found_where_the_command_line_imports_it() -> None:
    import importlib
    import pkgutil

    import smmplan.cli as package
    from smmplan.cli import COMMAND_MODULES

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"smmplan.cli.{module.name}")
    modules = {name: command.callback.__module__ for name, command in cli.commands.items()}
    assert modules == {name: f"smmplan.cli.{m}" for name, m in COMMAND_MODULES.items()}


def test_a_command_imports_only_its_own_module() -> None:
    code = (
        "import sys; from smmplan.cli import main; sys.argv = ['smmplan', 'rules'];\n"
        "try: main()\nexcept SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('smmplan.cli.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "smmplan.cli.check" in done.stdout
    assert "smmplan.cli.workflow" not in done.stdout and "smmplan.cli.importing" not in done.stdout


@pytest.mark.parametrize(
    "environment",
    [
        {},
        {"NO_COLOR": "1"},
        {"FORCE_COLOR": "1"},
        {"FORCE_COLOR": ""},
        {"TTY_COMPATIBLE": "0"},
        {"TTY_COMPATIBLE": "1"},
        {"TERM": "dumb"},
        {"COLORTERM": "truecolor"},
        {"NO_COLOR": "1", "FORCE_COLOR": "1"},
    ],
)
def test_colour_is_decided_as_rich_decides(monkeypatch, environment) -> None:
    from smmplan.cli import COLOR_SETTINGS, forced_color, rich_forced_color

    for name in (*COLOR_SETTINGS, "TERM", "COLORTERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert forced_color() == rich_forced_color()
