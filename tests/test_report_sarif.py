"""``check --format sarif``: valid against the OASIS SARIF 2.1.0 schema, with encoded URIs,
the repository as base, code-point columns, per-network fingerprints and rule help links."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import tomllib
from pathlib import Path
from urllib.parse import quote, unquote

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smmplan.check import iter_rules
from smmplan.model import Diagnostic, Severity
from smmplan.report import Report, as_sarif
from smmplan.report.links import DOCS_URL, HOMEPAGE, RULES_PAGE
from smmplan.report.locations import relative_uri

HERE = Path(__file__).parent
SCHEMA = HERE / "schemas" / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
NOW = "2026-11-23T06:00:00+00:00"
LONG = (
    "---\ntitle: Long\npublish_at: 2026-11-27 14:00\nnetworks: [x, bluesky]\n---\n"
    + "a" * 400
    + "\n"
)
HOSTILE_NAMES = {
    "что-мы-делаем.md": "%D1%87%D1%82%D0%BE-%D0%BC%D1%8B-%D0%B4%D0%B5%D0%BB%D0%B0%D0%B5%D0%BC.md",
    "bad, name: 100%.md": "bad%2C%20name%3A%20100%25.md",
    "two words.md": "two%20words.md",
    "#hashtag.md": "%23hashtag.md",
    "why?.md": "why%3F.md",
}


def sarif_of(smmplan, root: Path, *args: str) -> dict:
    result = smmplan("--root", str(root), "--now", NOW, "check", "--format", "sarif", *args)
    assert result.exit_code == 1, result.output
    return json.loads(result.output)


def validate(sarif: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(sarif)]
    assert errors == []


def uris(sarif: dict) -> list[tuple[str, str | None]]:
    return [
        (location["uri"], location.get("uriBaseId"))
        for result in sarif["runs"][0]["results"]
        for location in [result["locations"][0]["physicalLocation"]["artifactLocation"]]
    ]


def test_the_vendored_schema_is_the_published_one():
    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == SCHEMA_SHA256


def test_the_format_checker_rejects_an_unencoded_uri():
    sarif = json.loads(as_sarif(Report([], 0, 0)))
    sarif["runs"][0]["originalUriBaseIds"] = {"%SRCROOT%": {"uri": "a b/"}}
    try:
        validate(sarif)
    except AssertionError:
        return
    raise AssertionError("a URI with a space passed: the format checker is not active")


@given(st.lists(st.text(min_size=1).filter(lambda s: "/" not in s), min_size=1, max_size=4))
def test_any_relative_path_is_a_valid_uri_reference_that_decodes_back(segments):
    path = "/".join(segments)
    uri = relative_uri(path)
    assert jsonschema.FormatChecker().conforms(uri, "uri-reference"), uri
    assert unquote(uri, errors="strict") == path
    assert uri.split("/") == [relative_uri(segment) for segment in segments]


def test_hostile_file_names_validate_with_percent_encoded_uris(repo, smmplan, tmp_path):
    root = repo({f"content/posts/{name}": LONG for name in HOSTILE_NAMES})
    sarif = sarif_of(smmplan, root)
    validate(sarif)
    run = sarif["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.resolve().as_uri() + "/"}}
    encoded = sorted({f"content/posts/{uri}" for uri in HOSTILE_NAMES.values()})
    assert sorted(set(uris(sarif))) == [(uri, "%SRCROOT%") for uri in encoded]
    assert {unquote(uri) for uri, _ in uris(sarif)} == {f"content/posts/{n}" for n in HOSTILE_NAMES}
    too_long = [r["properties"]["network"] for r in run["results"] if r["ruleId"] == "TX02"]
    assert too_long == ["bluesky", "x"] * len(HOSTILE_NAMES)


def test_paths_are_relative_to_the_git_repository_holding_the_content(tmp_path, smmplan):
    repository = tmp_path / "команда #1?"
    content = repository / "calendar" / "content" / "posts"
    content.mkdir(parents=True)
    (content / "long.md").write_text(LONG, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    sarif = sarif_of(smmplan, repository / "calendar")
    validate(sarif)
    base = sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == "file://" + quote(str(repository.resolve())) + "/"
    assert base.endswith("/%D0%BA%D0%BE%D0%BC%D0%B0%D0%BD%D0%B4%D0%B0%20%231%3F/")
    assert uris(sarif) == [("calendar/content/posts/long.md", "%SRCROOT%")] * 2


def test_columns_are_unicode_code_points(repo, smmplan):
    # ☕ U+FE0F 🎉 and a space are four code points (five UTF-16 units): TODO starts at 12
    post = (
        "---\ntitle: T\npublish_at: 2026-11-27 10:00\nstatus: draft\nnetworks: [telegram]\n---\n"
        "\u2615\ufe0f\U0001f389 Привет TODO\n"
    )
    sarif = sarif_of(smmplan, repo({"content/posts/a.md": post}), "--strict")
    run = sarif["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    [result] = run["results"]
    assert result["ruleId"] == "TX09"
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 7,
        "startColumn": 12,
    }


def expected_fingerprint(code: str, network: str, path: str, line: str, n: int = 1) -> str:
    digest = hashlib.sha256("\0".join((code, network, path, line)).encode()).hexdigest()
    return f"{digest[:32]}:{n}"


def fingerprints(sarif: dict) -> list[tuple[str, str, str]]:
    return [
        (
            r["ruleId"],
            r["properties"]["network"],
            r["partialFingerprints"]["primaryLocationLineHash"],
        )
        for r in sarif["runs"][0]["results"]
    ]


def test_fingerprints_tell_networks_apart_and_survive_lines_moving(repo, smmplan):
    root = repo({"content/posts/long.md": LONG})
    before = fingerprints(sarif_of(smmplan, root))
    path = "content/posts/long.md"
    assert before == [
        ("TX02", "bluesky", expected_fingerprint("TX02", "bluesky", path, "a" * 400)),
        ("TX02", "x", expected_fingerprint("TX02", "x", path, "a" * 400)),
    ]
    moved = LONG.replace("title: Long\n", "title: Long\nsponsored: false\nlink: https://e.com\n")
    (root / path).write_text(moved, encoding="utf-8")
    after = sarif_of(smmplan, root)
    assert (
        after["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]
        == 8
    )
    assert fingerprints(after) == before


@pytest.mark.parametrize("content", [b"TODO\nok\nTODO\n", b"\xef\xbb\xbfTODO\r\nok\r  TODO \r\n"])
def test_the_same_problem_on_identical_lines_is_counted_in_file_order(tmp_path, content):
    (tmp_path / "a.md").write_bytes(content)
    found = [
        Diagnostic("a.md", line, 1, "placeholder-text", "TX09", Severity.ERROR, "placeholder")
        for line in (1, 3)
    ]
    sarif = json.loads(as_sarif(Report(found, 1, 1, root=tmp_path)))
    validate(sarif)
    assert [
        r["partialFingerprints"]["primaryLocationLineHash"] for r in sarif["runs"][0]["results"]
    ] == [
        expected_fingerprint("TX09", "", "a.md", "TODO", 1),
        expected_fingerprint("TX09", "", "a.md", "TODO", 2),
    ]


def test_a_file_outside_the_base_gets_an_absolute_uri_and_no_base(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    outside = Diagnostic(
        "/srv/media/a b.jpg", 1, 1, "media-missing", "MD01", Severity.ERROR, "missing"
    )
    sarif = json.loads(as_sarif(Report([outside], 1, 1, root=content)))
    validate(sarif)
    assert uris(sarif) == [("file:///srv/media/a%20b.jpg", None)]


def test_without_a_root_uris_stay_relative_and_no_base_is_claimed():
    found = [Diagnostic("p/ä.md", 2, 3, "text-empty", "TX01", Severity.ERROR, "empty", "x")]
    sarif = json.loads(as_sarif(Report(found, 1, 1)))
    validate(sarif)
    assert "originalUriBaseIds" not in sarif["runs"][0]
    assert uris(sarif) == [("p/%C3%A4.md", None)]


def heading_anchors(markdown: str) -> set[str]:
    """The fragments GitHub and MkDocs give headings: lower case, punctuation dropped,
    spaces as hyphens."""
    anchors = set()
    for heading in re.findall(r"^#{1,6} (.+)$", markdown, flags=re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        anchors.add(slug)
    return anchors


def test_every_rule_has_a_help_uri_to_its_heading_in_rules_md():
    sarif = json.loads(as_sarif(Report([], 0, 0)))
    descriptors = sarif["runs"][0]["tool"]["driver"]["rules"]
    page = (HERE.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    anchors = heading_anchors(page)
    assert len(descriptors) == len(list(iter_rules()))
    for descriptor in descriptors:
        address, _, fragment = descriptor["helpUri"].partition("#")
        assert address == RULES_PAGE
        assert fragment == descriptor["name"] and fragment in anchors, descriptor["helpUri"]


def test_homepage_and_docs_url_are_the_project_urls():
    urls = tomllib.loads((HERE.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "urls"
    ]
    assert (urls["Homepage"], urls["Documentation"]) == (HOMEPAGE, DOCS_URL)
    assert RULES_PAGE.startswith(HOMEPAGE + "/blob/")


def test_terminal_controls_are_escaped_in_the_json_text():
    found = [Diagnostic("a.md", 1, 1, "text-empty", "TX01", Severity.ERROR, "x\u202ey\x9b2Jz\x7f")]
    text = as_sarif(Report(found, 1, 1))
    assert '"text": "x\\u202ey\\u009b2Jz\\u007f"' in text
    assert json.loads(text)["runs"][0]["results"][0]["message"]["text"] == "x\u202ey\x9b2Jz\x7f"


def test_two_runs_are_byte_identical(repo, smmplan):
    root = repo({"content/posts/long.md": LONG, "content/posts/bad, name: 100%.md": LONG})
    first = smmplan("--root", str(root), "--now", NOW, "check", "--format", "sarif").output
    second = smmplan("--root", str(root), "--now", NOW, "check", "--format", "sarif").output
    assert first == second


def test_a_diagnostic_of_an_unregistered_rule_still_validates_without_a_rule_index():
    found = [Diagnostic("a.md", 1, 1, "not-a-rule", "ZZ99", Severity.WARNING, "odd")]
    sarif = json.loads(as_sarif(Report(found, 1, 1)))
    validate(sarif)
    [result] = sarif["runs"][0]["results"]
    assert (result["ruleId"], "ruleIndex" in result, result["level"]) == ("ZZ99", False, "warning")


def test_a_file_that_cannot_be_read_is_fingerprinted_without_its_line(tmp_path):
    (tmp_path / "folder.md").mkdir()
    found = [
        Diagnostic(name, 4, 1, "text-empty", "TX01", Severity.ERROR, "empty", "x")
        for name in ("folder.md", "gone.md")
    ]
    sarif = json.loads(as_sarif(Report(found, 2, 2, root=tmp_path)))
    validate(sarif)
    assert fingerprints(sarif) == [
        ("TX01", "x", expected_fingerprint("TX01", "x", "folder.md", "")),
        ("TX01", "x", expected_fingerprint("TX01", "x", "gone.md", "")),
    ]
