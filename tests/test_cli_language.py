"""The command line speaks smmplan.yml's locale, else the environment's; programs' formats
stay English."""

from __future__ import annotations

import json

import pytest

from smmplan.locale.language import cli_language
from tests.conftest import write

LONG_POST = (
    "---\ntitle: Hello\nbrand: kofe\nstatus: draft\npublish_at: 2026-12-01 10:00\n"
    "networks: [x]\n---\n" + "word " * 70 + "\n"
)


def _repo(tmp_path, locale: str | None):
    config = "title: T\ntimezone: UTC\n" + (f"locale: {locale}\n" if locale else "")
    return write(
        tmp_path,
        {
            "smmplan.yml": config,
            "brands/kofe.yml": "name: Kofe\ntimezone: Europe/Moscow\n",
            "content/posts/a.md": LONG_POST,
        },
    )


@pytest.mark.parametrize(
    ("locale", "environ", "language"),
    [
        ("ru", {"LANG": "az_AZ.UTF-8"}, "ru"),  # smmplan.yml first
        (None, {"LANG": "az_AZ.UTF-8"}, "az"),
        (None, {"LANG": "ru_RU.UTF-8", "LC_MESSAGES": "tl_PH"}, "tl"),
        (None, {"LANG": "ru_RU.UTF-8", "LC_ALL": "C"}, "en"),  # LC_ALL wins, C is English
        (None, {"LANG": "de_DE.UTF-8"}, "en"),  # no catalog: English
        (None, {}, "en"),
        ("tl-PH", {}, "tl"),
    ],
)
def test_the_language_is_the_configs_then_the_environments(tmp_path, locale, environ, language):
    assert cli_language(_repo(tmp_path, locale), environ) == language


def test_a_broken_or_missing_config_leaves_the_environment(tmp_path):
    (tmp_path / "smmplan.yml").write_text("locale: [ru\n", encoding="utf-8")
    assert cli_language(tmp_path, {"LANG": "az_AZ.UTF-8"}) == "az"
    assert cli_language(None, {"LANG": "ru_RU.UTF-8"}) == "ru"


def _check(smmplan, root, *args, env=None):
    return smmplan("--root", str(root), "--now", "2026-11-23", "check", *args, env=env)


def test_check_speaks_russian_for_a_russian_plan(tmp_path, smmplan):
    result = _check(smmplan, _repo(tmp_path, "ru"), "--format", "text", env={"LANG": "C"})
    assert result.exit_code == 1
    assert result.output == (
        "content/posts/a.md:8:1: error: текст: 350 из 280 (взвешенных символов) в X (Twitter)"
        " (лишних: 70) [text-too-long x]\n"
        "проверено 3 файла, 1 пост: 1 ошибка, 0 предупреждений\n"
    )


def test_check_follows_lang_and_is_english_without_one(tmp_path, smmplan):
    root = _repo(tmp_path, None)
    tagalog = _check(smmplan, root, "--format", "text", env={"LANG": "tl_PH.UTF-8", "LC_ALL": ""})
    assert tagalog.output.splitlines() == [
        "content/posts/a.md:8:1: error: ang teksto ay 350 sa 280 na weighted character sa X"
        " (Twitter) (70 ang sobra) [text-too-long x]",
        "nasuri ang 3 file, 1 post: 1 error, 0 babala",
    ]
    english = _check(smmplan, root, "--format", "text", env={"LANG": "", "LC_ALL": ""})
    assert english.output.splitlines() == [
        "content/posts/a.md:8:1: error: text is 350 of 280 weighted characters on X (Twitter)"
        " (70 over) [text-too-long x]",
        "3 files, 1 post checked: 1 error, 0 warnings",
    ]


@pytest.mark.parametrize("output_format", ["json", "sarif", "github"])
def test_machine_formats_stay_english(tmp_path, smmplan, output_format):
    result = _check(smmplan, _repo(tmp_path, "az"), "--format", output_format)
    text = result.output
    assert "text is 350 of 280 weighted characters on X (Twitter) (70 over)" in text
    assert "mətn" not in text and "yoxlanıldı" not in text
    if output_format == "json":
        assert json.loads(text)["diagnostics"][0]["message"] == (
            "text is 350 of 280 weighted characters on X (Twitter) (70 over)"
        )


def test_usage_errors_speak_the_language(tmp_path, smmplan):
    missing = tmp_path / "nowhere"
    result = smmplan("--root", str(missing), "check", env={"LANG": "az_AZ.UTF-8", "LC_ALL": ""})
    assert result.exit_code == 2
    assert result.output == f"Error: --root {missing}: belə qovluq yoxdur\n"
    root = _repo(tmp_path, "ru")
    rules = smmplan("--root", str(root), "rules", "nosuch")
    assert rules.output == "Error: нет правила 'nosuch'; см. 'smmplan rules'\n"
