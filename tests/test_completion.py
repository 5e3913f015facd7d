"""Shell completion: the scripts ``smmplan completion SHELL`` prints, and the brand,
campaign, network and rule names it completes from a project, broken or not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete

from smmplan.check.registry import RULES
from smmplan.cli import cli
from smmplan.networks import load_builtin
from tests.conftest import write

KARVAN = "name: Karvan Travel\ntimezone: Asia/Baku\n"
QEHVE = "name: Qəhvə Evi\ntimezone: Asia/Baku\n"
CAMPAIGN = "---\ntitle: {title}\nstart: 2026-11-20\nend: 2026-11-30\n---\n"


def project(tmp_path: Path) -> Path:
    return write(
        tmp_path / "plan",
        {
            "brands/karvan-travel.yml": KARVAN,
            "brands/qehve-evi.yml": QEHVE,
            "content/campaigns/black-friday.md": CAMPAIGN.format(title="Black Friday"),
            "content/campaigns/new-year.md": CAMPAIGN.format(title="New Year"),
            "content/posts/.keep": "",
        },
    )


def complete(args: list[str], incomplete: str) -> list[tuple[str, str | None]]:
    found = ShellComplete(cli, {}, "smmplan", "_SMMPLAN_COMPLETE").get_completions(args, incomplete)
    return [(item.value, item.help) for item in found]


def test_brands_complete_with_their_names(tmp_path):
    root = str(project(tmp_path))
    expected = [("karvan-travel", "Karvan Travel"), ("qehve-evi", "Qəhvə Evi")]
    assert complete(["--root", root, "export", "--brand"], "") == expected
    assert complete(["--root", root, "report", "--brand"], "Q") == [("qehve-evi", "Qəhvə Evi")]
    assert complete(["--root", root, "calendar", "--brand"], "k") == [
        ("karvan-travel", "Karvan Travel")
    ]


def test_campaigns_networks_and_rules_complete(tmp_path):
    root = str(project(tmp_path))
    assert complete(["--root", root, "metrics", "--campaign"], "") == [
        ("black-friday", "Black Friday"),
        ("new-year", "New Year"),
    ]
    assert complete(["--root", root, "export", "--network"], "te") == [("telegram", "Telegram")]
    assert complete(["--root", root, "networks"], "bl") == [("bluesky", "Bluesky")]
    assert complete(["count", "--network"], "x") == [("x", "X (Twitter)")]
    text_rules = sorted(
        (name, rule.code) for name, rule in RULES.items() if name.startswith("text-")
    )
    assert complete(["rules"], "text-") == text_rules
    assert [name for name, _ in text_rules] == ["text-empty", "text-not-shown", "text-too-long"]


def test_every_network_completes_where_no_project_is_found(tmp_path):
    missing = str(tmp_path / "nowhere")
    found = complete(["--root", missing, "export", "--network"], "")
    assert [name for name, _ in found] == sorted(load_builtin())
    assert complete(["--root", missing, "export", "--brand"], "") == []


TWO_BRANDS = [("karvan-travel", "Karvan Travel"), ("qehve-evi", "Qəhvə Evi")]


@pytest.mark.parametrize(
    ("damage", "brands"),
    [
        ({"smmplan.yml": "title: [unclosed\n"}, TWO_BRANDS),
        ({"smmplan.yml": b"\xff\xfe not utf-8"}, TWO_BRANDS),
        ({"brands/broken.yml": ": : :\n\t- ["}, [("broken", "broken"), *TWO_BRANDS]),
    ],
)
def test_a_broken_project_still_completes_what_it_can(tmp_path, damage, brands):
    root = project(tmp_path)
    write(root, damage)
    assert complete(["--root", str(root), "export", "--brand"], "") == brands
    assert complete(["--root", str(root), "rules"], "text-e") == [
        ("text-empty", RULES["text-empty"].code)
    ]


def test_a_loader_failure_completes_nothing_instead_of_failing(tmp_path, monkeypatch):
    import smmplan.load

    def fail(root):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(smmplan.load, "load_settings", fail)
    root = str(project(tmp_path))
    assert complete(["--root", root, "export", "--brand"], "") == []
    assert complete(["--root", root, "metrics", "--campaign"], "") == []
    assert [n for n, _ in complete(["--root", root, "export", "--network"], "")] == sorted(
        load_builtin()
    )


def test_init_brand_is_free_text(tmp_path):
    assert complete(["--root", str(project(tmp_path)), "init", "--brand"], "") == []


def test_the_environment_protocol_of_the_real_command(tmp_path):
    root = project(tmp_path)
    env = {
        **os.environ,
        "_SMMPLAN_COMPLETE": "bash_complete",
        "COMP_WORDS": f"smmplan --root {root} export --brand q",
        "COMP_CWORD": "5",
    }
    done = subprocess.run(
        [sys.executable, "-m", "smmplan"], env=env, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "plain,qehve-evi\n", "")


@pytest.mark.parametrize(
    ("shell", "lines"),
    [
        ("bash", ["_smmplan_completion() {", "complete -o nosort -F _smmplan_completion smmplan"]),
        ("zsh", ["#compdef smmplan", "compdef _smmplan_completion smmplan"]),
        ("fish", ['complete --no-files --command smmplan --arguments "(_smmplan_completion)";']),
    ],
)
def test_completion_prints_each_shells_script(smmplan, shell, lines):
    result = smmplan("completion", shell)
    assert result.exit_code == 0
    script = result.stdout.splitlines()
    for line in lines:
        assert line in [text.strip() for text in script], (shell, line)
    assert f"_SMMPLAN_COMPLETE={shell}_complete" in result.stdout


def test_completion_refuses_an_unknown_shell(smmplan):
    result = smmplan("completion", "powershell")
    assert result.exit_code == 2
    assert "'powershell' is not one of 'bash', 'zsh', 'fish'" in result.stderr
