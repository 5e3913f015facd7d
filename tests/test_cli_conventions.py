"""What every command shares: -q/-v at the group and on each command, colour from
NO_COLOR / FORCE_COLOR / TERM, and build's progress on a terminal only."""

from __future__ import annotations

import io

import click
import pytest

from smmplan.cli import cli, forced_color, use_color
from smmplan.cli.progress import Stages
from tests.conftest import POST

NOW = "2026-11-23T06:00:00+00:00"
APPROVED = POST.replace("status: draft", "status: approved\napproved_by: ilya")
LONG = "---\ntitle: Long\npublish_at: 2026-11-27 14:00\nnetworks: [x]\n---\n" + "a" * 290 + "\n"
CLEAN_ENV = {"NO_COLOR": None, "FORCE_COLOR": None, "TERM": "xterm-256color"}
SUMMARY = (
    "csv: 2 of 2 posts exported\n"
    "  standard output: 2 posts; publish_at carries each brand's UTC offset;"
    " publish_at_utc is in UTC\n"
)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def every_command(group: click.Group = cli, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from every_command(command, (*prefix, name))


def test_every_command_and_group_takes_quiet_and_verbose(smmplan):
    names = list(every_command())
    assert ("mark", "published") in names and ("completion",) in names
    for path in names:
        result = smmplan("-q", "-v", *path, "-q", "-v", "--help")
        assert result.exit_code == 0, path
        assert "-q, --quiet" in result.output and "-v, --verbose" in result.output, path


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ((), SUMMARY),
        (("-q", "export"), ""),
        (("export", "-q"), ""),
        (("--quiet", "export", "--verbose"), SUMMARY),  # the one given last wins
    ],
)
def test_quiet_silences_the_export_summary_at_either_level(repo, smmplan, where, expected):
    root = repo({"content/posts/a.md": APPROVED})
    command = list(where) if "export" in where else ["export"]
    result = smmplan("--root", str(root), "--now", NOW, *command, "--format", "csv")
    assert result.exit_code == 0
    assert result.stderr == expected
    assert result.stdout.count("\n") == 3  # the header and two rows still print


ERROR_PLAIN = "content/posts/long.md:6:1: error: text is 290 of 280"
ERROR_RED = "content/posts/long.md:6:1: \x1b[31merror\x1b[0m: text is 290 of 280"


@pytest.mark.parametrize(
    ("env", "first"),
    [
        ({}, ERROR_PLAIN),  # not a terminal
        ({"FORCE_COLOR": "1"}, ERROR_RED),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, ERROR_PLAIN),
        ({"FORCE_COLOR": "1", "TERM": "dumb"}, ERROR_PLAIN),
    ],
)
def test_colour_follows_the_environment(repo, smmplan, env, first):
    root = repo({"content/posts/long.md": LONG})
    result = smmplan("--root", str(root), "--now", NOW, "check", env={**CLEAN_ENV, **env})
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith(first)
    assert result.stdout.splitlines()[1] == "2 files, 1 post checked: 1 error, 0 warnings"


@pytest.mark.parametrize(
    ("env", "terminal", "colour", "forced"),
    [
        ({}, True, True, None),
        ({}, False, False, None),
        ({"NO_COLOR": "1"}, True, False, False),
        ({"TERM": "dumb"}, True, False, None),
        ({"FORCE_COLOR": "1", "TERM": "dumb"}, False, False, None),
        ({"FORCE_COLOR": "1"}, False, True, True),
        ({"FORCE_COLOR": "1", "NO_COLOR": ""}, False, True, True),  # an empty NO_COLOR is unset
    ],
)
def test_use_color_and_forced_color(monkeypatch, env, terminal, colour, forced):
    for name, value in {**CLEAN_ENV, **env}.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    stream = Terminal() if terminal else io.StringIO()
    assert use_color(stream) is colour
    assert forced_color() is forced


def test_stages_print_on_a_terminal_only(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "dumb")
    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        stages = Stages(stream)
        for name in ("check", "images", "exports", "site pages"):
            stages.start(name)
    assert terminal.getvalue() == "1/4 check\n2/4 images\n3/4 exports\n4/4 site pages\n"
    assert pipe.getvalue() == ""
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("NO_COLOR", "1")  # no colour; dim and bold stay, as NO_COLOR allows
    styled = Terminal()
    Stages(styled).start("images")
    assert styled.getvalue() == "\x1b[2m2/4\x1b[0m \x1b[1mimages\x1b[0m\n"
    quiet = Terminal()
    Stages(quiet, enabled=False).start("check")
    assert quiet.getvalue() == ""


def test_build_announces_its_stages_in_order_and_quiet_says_nothing(repo, smmplan, monkeypatch):
    root = repo({"content/posts/a.md": APPROVED})
    heard: list[str] = []

    def record(self: Stages, name: str) -> None:
        if self.enabled:
            heard.append(name)

    def on_a_terminal(self: Stages, stream, *, enabled: bool = True) -> None:
        self.enabled = enabled

    monkeypatch.setattr(Stages, "start", record)
    monkeypatch.setattr(Stages, "__init__", on_a_terminal)
    out = root.parent / "site-out"
    result = smmplan("--root", str(root), "--now", NOW, "build", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert heard == ["check", "images", "exports", "site pages"]
    assert result.stdout.startswith("built ") and result.stderr == ""
    heard.clear()
    quiet = smmplan("--root", str(root), "--now", NOW, "build", "-q", "--out", str(out))
    assert quiet.exit_code == 0
    assert (quiet.stdout, quiet.stderr, heard) == ("", "", [])
