"""Rules that are off by default: they run only when smmplan.yml gives them a level, and
every listing of the rules (docs/rules.md, ``smmplan rules``, SARIF) says they are off."""

from __future__ import annotations

from click.testing import CliRunner

from smmplan.check import RULES
from smmplan.cli import cli
from smmplan.load import load_project
from smmplan.pipeline import check_project, measure
from smmplan.report.rules_doc import rules_markdown
from smmplan.report.sarif import _descriptors
from tests.conftest import BRAND, NOW, write

OFF = {"media-unused", "media-license-missing"}
POST = "---\ntitle: T\nnetworks: [x]\nmedia: [{src: a.png, alt: A}]\n---\nBody\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201a5d6a1b40000000049454e44ae426082"
)


def test_exactly_the_media_rights_rules_are_off_by_default():
    assert {name for name, rule in RULES.items() if rule.off_by_default} == OFF
    assert {RULES[name].default for name in OFF} == {"off"}
    assert RULES["media-missing"].default == "error"


def test_listings_say_off():
    page = rules_markdown()
    assert "| MD08 | [`media-unused`](#media-unused) | off |" in page
    assert "`MD09`, default **off**." in page
    listing = CliRunner().invoke(cli, ["rules"]).output
    assert [
        line.split()[2] for line in listing.splitlines() if line.startswith(("MD08", "MD09"))
    ] == [
        "off",
        "off",
    ]
    descriptors, _ = _descriptors()
    configured = {d["name"]: d["defaultConfiguration"] for d in descriptors}
    assert configured["media-unused"] == {"level": "warning", "enabled": False}
    assert configured["media-missing"] == {"level": "error"}


def test_a_level_by_stage_turns_an_off_rule_on_from_that_stage(tmp_path):
    settings = "rules:\n  media-license-missing: {review: error}\n"
    files = {
        "smmplan.yml": settings,
        "brands/qehve-evi.yml": BRAND,
        "content/posts/a.md": POST,
        "content/posts/b.md": POST.replace("title: T", "title: T\nstatus: review"),
        "content/posts/a.png": PNG,
    }
    project = load_project(write(tmp_path, files))
    found = check_project(project, NOW, measure(project, NOW))
    got = [(d.path, d.line, str(d.severity)) for d in found if d.rule == "media-license-missing"]
    assert got == [("content/posts/b.md", 5, "error")]
