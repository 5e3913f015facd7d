"""User content printed by the reports: controls, DEL, C1 and bidi overrides never raw."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from smmplan.model import Diagnostic, Severity
from smmplan.report import Report, as_json, as_text
from smmplan.report.terminal import json_safe, printable

NOW = "2026-11-23T06:00:00+00:00"
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def test_each_kind_of_character_is_shown_as_an_escape():
    assert printable("a\nb\rc\td") == "a\\nb\\rc\\td"
    assert printable("\x1b[2J\x00\x7f\x9b") == "\\x1b[2J\\x00\\x7f\\x9b"
    assert printable("\u202eevil\u2066\u2069\u2028") == "\\u202eevil\\u2066\\u2069\\u2028"
    assert printable("Qəbələ: payız ☕️ 🎉 — Привет, مرحبا") == "Qəbələ: payız ☕️ 🎉 — Привет, مرحبا"


@given(st.text())
def test_printable_output_holds_no_unsafe_character(text):
    shown = printable(text)
    assert UNSAFE.search(shown) is None
    if UNSAFE.search(text) is None:
        assert shown == text


@given(st.text())
def test_json_safe_is_the_same_json_value_and_safe_to_print(text):
    encoded = json.dumps({"k": text}, ensure_ascii=False)
    safe = json_safe(encoded)
    assert json.loads(safe) == {"k": text}
    assert UNSAFE.search(safe) is None


def test_text_report_escapes_paths_messages_and_networks():
    hostile = Diagnostic(
        "content/\x1b]0;owned\x07.md",
        2,
        1,
        "text-too-long",
        "TX02",
        Severity.ERROR,
        "line one\nline two \u202eevil",
        "x\x9b",
    )
    assert as_text(Report([hostile], 1, 1)) == (
        "content/\\x1b]0;owned\\x07.md:2:1: error: line one\\nline two \\u202eevil"
        " [text-too-long x\\x9b]\n"
        "1 file, 1 post checked: 1 error, 0 warnings\n"
    )


def test_json_report_keeps_the_values_and_prints_no_raw_control():
    hostile = Diagnostic(
        "a.md", 1, 1, "text-empty", "TX01", Severity.ERROR, "x\u202e\x85\x1b", None
    )
    text = as_json(Report([hostile], 1, 1))
    assert '"message": "x\\u202e\\u0085\\u001b"' in text
    assert json.loads(text)["diagnostics"][0]["message"] == "x\u202e\x85\x1b"


def test_check_shows_a_hostile_file_name_and_placeholder_escaped(repo, smmplan):
    post = (
        "---\ntitle: T\npublish_at: 2026-11-27 10:00\nstatus: draft\nnetworks: [telegram]\n---\n"
        "Soon <link\x1b[2J>\n"
    )
    root = repo({"content/posts/evil\u202e\x1b[31m.md": post})
    result = smmplan("--root", str(root), "--now", NOW, "check", "--strict")
    assert result.output == (
        "content/posts/evil\\u202e\\x1b[31m.md:7:6: warning: placeholder '<link\\x1b[2J>' left"
        " in the text [placeholder-text]\n"
        "2 files, 1 post checked: 0 errors, 1 warning\n"
    )
