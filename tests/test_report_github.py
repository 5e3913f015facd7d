"""``check --format github``: workflow commands escaped as the runner reads them, paths
from the git repository, GitHub's 10-per-kind limit announced instead of silently hit."""

from __future__ import annotations

import subprocess
from pathlib import Path

from smmplan.model import Diagnostic, Severity
from smmplan.report import Report, as_github

NOW = "2026-11-23T06:00:00+00:00"
LONG = "---\ntitle: Long\npublish_at: 2026-11-27 14:00\nnetworks: [x]\n---\n" + "a" * 290 + "\n"
SUMMARY_MORE = (
    "::notice title=smmplan%3A more problems::{found} not shown as annotations (GitHub shows"
    " 10 of each kind per step): they are listed in this step's log above, in code scanning"
    " where the workflow uploads 'smmplan check --format sarif', and in 'smmplan check' locally"
)


def diagnostic(line: int, severity: Severity = Severity.ERROR, **fields) -> Diagnostic:
    values = {
        "path": "content/posts/a.md",
        "column": 1,
        "rule": "text-too-long",
        "code": "TX02",
        "message": "too long",
        "network": "x",
        **fields,
    }
    return Diagnostic(line=line, severity=severity, **values)


def test_properties_and_message_are_escaped():
    hostile = diagnostic(
        3,
        path="content/posts/bad, name: 100%.md",
        column=7,
        network="x,y:z",
        message="50% over\r\nsee: a, b",
    )
    assert as_github(Report([hostile], 1, 1)) == (
        "::error file=content/posts/bad%2C name%3A 100%25.md,line=3,col=7,"
        "title=text-too-long (TX02) on x%2Cy%3Az::50%25 over\\r\\nsee: a, b\n"
        "1 file, 1 post checked: 1 error, 0 warnings\n"
    )


def test_terminal_controls_never_reach_the_log_raw():
    hostile = diagnostic(
        1, path="content/posts/\x1b[2Jevil.md", message="title \u202eevil\x9b", network=None
    )
    assert as_github(Report([hostile], 1, 1)).splitlines()[0] == (
        "::error file=content/posts/\\x1b[2Jevil.md,line=1,col=1,title=text-too-long (TX02)"
        "::title \\u202eevil\\x9b"
    )


def test_each_kind_up_to_ten_annotations_then_log_lines_and_a_notice():
    found = (
        [diagnostic(n) for n in range(1, 13)]
        + [diagnostic(n, Severity.WARNING, rule="too-many-mentions", code="TX05") for n in (20, 21)]
        + [diagnostic(30, Severity.INFO, rule="kpi-behind-pace", code="RS01", network=None)]
    )
    lines = as_github(Report(found, 1, 1)).splitlines()
    errors = [
        f"::error file=content/posts/a.md,line={n},col=1,title=text-too-long (TX02) on x::too long"
        for n in range(1, 11)
    ]
    assert lines == [
        *errors,
        "::warning file=content/posts/a.md,line=20,col=1,title=too-many-mentions (TX05) on x::too long",
        "::warning file=content/posts/a.md,line=21,col=1,title=too-many-mentions (TX05) on x::too long",
        "::notice file=content/posts/a.md,line=30,col=1,title=kpi-behind-pace (RS01)::too long",
        "content/posts/a.md:11:1: error: too long [text-too-long x]",
        "content/posts/a.md:12:1: error: too long [text-too-long x]",
        SUMMARY_MORE.format(found="2 errors"),
        "1 file, 1 post checked: 12 errors, 2 warnings, 1 note",
    ]


def test_the_closing_notice_keeps_room_among_the_notices():
    # 11 errors and 10 notes: the closing notice is the tenth notice, so one note moves
    found = [diagnostic(n) for n in range(1, 12)]
    found += [diagnostic(n, Severity.INFO, network=None) for n in range(20, 30)]
    lines = as_github(Report(found, 1, 1)).splitlines()
    assert [line.split(" ", 1)[0] for line in lines[:19]] == ["::error"] * 10 + ["::notice"] * 9
    assert lines[19:] == [
        "content/posts/a.md:11:1: error: too long [text-too-long x]",
        "content/posts/a.md:29:1: info: too long [text-too-long]",
        SUMMARY_MORE.format(found="1 error, 1 note"),
        "1 file, 1 post checked: 11 errors, 0 warnings, 10 notes",
    ]


def test_exactly_ten_of_a_kind_need_no_notice():
    found = [diagnostic(n, Severity.WARNING) for n in range(1, 11)]
    lines = as_github(Report(found, 1, 1)).splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::warning"] * 10 + ["1"]


def test_paths_are_relative_to_the_git_repository(tmp_path, smmplan):
    calendar = tmp_path / "calendar"
    (calendar / "content" / "posts").mkdir(parents=True)
    (calendar / "content" / "posts" / "long.md").write_text(LONG, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = smmplan("--root", str(calendar), "--now", NOW, "check", "--format", "github")
    assert result.output == (
        "::error file=calendar/content/posts/long.md,line=6,col=1,title=text-too-long (TX02)"
        " on x::text is 290 of 280 weighted characters on X (Twitter) (10 over)\n"
        "1 file, 1 post checked: 1 error, 0 warnings\n"
    )
    text = smmplan("--root", str(calendar), "--now", NOW, "check", "--format", "text")
    assert text.output.startswith("content/posts/long.md:6:1: error:")


def test_outside_git_paths_stay_relative_to_the_content_root(tmp_path: Path):
    found = [diagnostic(2)]
    assert (
        as_github(Report(found, 1, 1, root=tmp_path))
        .splitlines()[0]
        .startswith("::error file=content/posts/a.md,line=2,")
    )
