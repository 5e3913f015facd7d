"""Brands are checked like posts: account networks, handles, posts where no account is."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smmplan.load import load_project
from smmplan.model import HandleRule
from smmplan.networks import NetworkDataError, from_mapping, load_builtin
from smmplan.pipeline import check_repository
from smmplan.workflow.init import scaffold, write_scaffold
from tests.conftest import check, write

BRAND = "name: Qəhvə Evi\ntimezone: Asia/Baku\n"
MINIMAL = {
    "id": "demo",
    "name": "Demo",
    "counting": {"value": "codepoints", "source": "a test", "verified": "2026-12-01"},
    "unit": "characters",
    "text_limit": {"value": 100, "source": "a test", "verified": "2026-12-01"},
}


def brand_problems(root: Path) -> list[tuple[int, str, str, str]]:
    return [
        (d.line, d.rule, str(d.severity), d.message)
        for d in check(root)
        if d.path == "brands/qehve-evi.yml"
    ]


def test_the_loaded_brand_keeps_each_account_line(repo):
    root = repo(brand=BRAND + 'accounts:\n  x: "@qehveevi"\n\n  vk: "qehveevi"\n')
    brand = load_project(root).brands["qehve-evi"]
    assert (brand.lines["accounts.x"], brand.lines["accounts.vk"]) == (4, 6)


def test_unknown_network_and_bad_handles_are_reported_on_their_lines(repo):
    accounts = 'accounts:\n  vkontakte: "@qehveevi"\n  x: "@our-brand"\n  telegram: "@q"\n'
    root = repo(brand=BRAND + accounts + '  instagram: "qehve evi"\n')
    assert brand_problems(root) == [
        (4, "account-unknown-network", "error", "accounts: unknown network 'vkontakte' (did you mean 'vk'?)"),
        (5, "handle-invalid", "error", "accounts.x: '@our-brand' cannot be an account on X (Twitter):"
         " 1-15 letters A-Z, digits or _ (no hyphens, dots or spaces)"),
        (6, "handle-invalid", "error", "accounts.telegram: '@q' cannot be an account on Telegram:"
         " 4-32 letters, digits or _, starting with a letter and not ending with _"),
        (7, "handle-invalid", "warning", "accounts.instagram: 'qehve evi' cannot be an account on"
         " Instagram: 1-30 letters, digits, . or _"),
    ]  # fmt: skip


def test_an_alias_close_to_the_key_suggests_its_network(repo):
    root = repo(brand=BRAND + 'accounts: {insta: "@qehve.evi", tg: "@qehveevi"}\n')
    assert [m for _, _, _, m in brand_problems(root)] == [
        "accounts: unknown network 'insta' (did you mean 'instagram'?)",
        "accounts: unknown network 'tg' (did you mean 'telegram'?)",
    ]


def test_a_post_where_the_brand_has_no_account_is_a_warning_per_network(repo):
    post = "---\ntitle: T\npublish_at: 2026-11-27 10:00\nnetworks: [x, telegram, vk]\n---\nHi\n"
    root = repo({"content/posts/a.md": post}, brand=BRAND + 'accounts: {telegram: "@qehveevi"}\n')
    missing = [
        (d.line, d.network, str(d.severity)) for d in check(root) if d.rule == "account-missing"
    ]
    assert missing == [(4, "vk", "warning"), (4, "x", "warning")]


@pytest.mark.parametrize(
    ("accounts", "lines"),
    [
        ("accounts: [x, vk]\n", [(3, "invalid-value")]),
        ("accounts: {x: [a, b]}\n", [(3, "invalid-value")]),
        ("accounts: {x: 12345}\n", []),  # a YAML number is read as its text: a valid X name
        ("accounts: {x: '@' }\n", [(3, "handle-invalid")]),
        ("accounts:\n", []),
    ],
)
def test_bad_accounts_never_crash_and_are_named(repo, accounts, lines):
    root = repo(brand=BRAND + accounts)
    assert [(line, rule) for line, rule, _, _ in brand_problems(root)] == lines


def test_every_shipped_network_has_a_sourced_handle_rule():
    specs = load_builtin()
    for spec in specs.values():
        assert isinstance(spec.handle, HandleRule), spec.id
        source = spec.sources["handle"]
        assert source.source and source.verified is not None, spec.id
        assert source.confidence == "strong" or source.note, spec.id
    strong = sorted(s.id for s in specs.values() if s.sources["handle"].confidence == "strong")
    assert strong == ["bluesky", "mastodon", "telegram", "x"]


@pytest.mark.parametrize(
    ("network", "good", "bad"),
    [
        ("x", ["our_brand", "Q", "a" * 15, "12345"], ["our-brand", "a" * 16, "our.brand", ""]),
        ("telegram", ["kofe", "kofenakuhne", "Kofe_Na_Kuhne1"], ["kof", "_kofe", "kofe_", "1kofe"]),
        ("instagram", ["karvan.travel", "a" * 30], ["a" * 31, "karvan-travel", "karvan travel"]),
        ("bluesky", ["brand.bsky.social", "example.com"], ["brand", "-a.com", "a.1com"]),
        ("mastodon", ["brand@mastodon.social", "a_b@x.org"], ["brand", "brand@", "@x.org"]),
        ("youtube", ["KarvanTravel", "abc"], ["ab", "a" * 31]),
    ],
)
def test_handle_rules_accept_real_names_and_refuse_others(network, good, bad):
    rule = load_builtin()[network].handle
    assert [bool(re.fullmatch(rule.pattern, name)) for name in good] == [True] * len(good)
    assert [bool(re.fullmatch(rule.pattern, name)) for name in bad] == [False] * len(bad)


@given(st.text(alphabet="abcXYZ019_", min_size=1, max_size=15))
def test_any_x_name_of_letters_digits_and_underscores_is_accepted(name):
    assert re.fullmatch(load_builtin()["x"].handle.pattern, name)


@given(st.text(max_size=10), st.sampled_from("-. @#!é"), st.text(max_size=10))
def test_no_x_name_holds_a_hyphen_dot_or_other_sign(before, sign, after):
    assert re.fullmatch(load_builtin()["x"].handle.pattern, before + sign + after) is None


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ({"pattern": "[a-z", "says": "letters"}, "is not a regular expression"),
        ({"pattern": "[a-z]+"}, "must be a mapping {pattern"),
        ({"pattern": "[a-z]+", "says": ""}, "both non-empty strings"),
        ("[a-z]+", "must be a mapping {pattern"),
    ],
)
def test_a_malformed_handle_rule_in_a_data_file_is_refused(value, problem):
    data = MINIMAL | {"handle": {"value": value, "source": "a test", "verified": "2026-12-01"}}
    with pytest.raises(NetworkDataError) as caught:
        from_mapping(data, origin="demo.yml")
    assert len(caught.value.problems) == 1 and problem in caught.value.problems[0]


def test_an_unsourced_handle_rule_is_refused():
    data = MINIMAL | {"handle": {"pattern": "[a-z]+", "says": "letters"}}
    with pytest.raises(NetworkDataError) as caught:
        from_mapping(data, origin="demo.yml")
    assert caught.value.problems[0].startswith("handle: ") and "has no source" in str(caught.value)


def test_a_project_may_override_a_handle_rule(repo):
    config = "networks:\n  x: {handle: {pattern: '[a-z-]+', says: 'lower case and -'}}\n"
    root = repo({"smmplan.yml": config}, brand=BRAND + 'accounts: {x: "@our-brand"}\n')
    assert brand_problems(root) == []


def test_networks_json_shows_the_handle_rule(smmplan):
    data = json.loads(smmplan("networks", "x", "--format", "json").output)
    assert data[0]["handle"] == ["[A-Za-z0-9_]{1,15}", load_builtin()["x"].handle.says]
    assert data[0]["sources"]["handle"]["confidence"] == "strong"


def test_a_fresh_init_checks_clean(tmp_path):
    now = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    write_scaffold(tmp_path, scaffold(now, brand_name="Our Brand"))
    brand = (tmp_path / "brands" / "our-brand.yml").read_text(encoding="utf-8")
    assert 'accounts: {x: "@our_brand", linkedin: "our-brand"}' in brand
    checked = check_repository(tmp_path, now)
    assert [(d.path, d.rule) for d in checked.diagnostics] == []


def test_the_handle_init_used_to_write_is_refused(tmp_path):
    now = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    write_scaffold(tmp_path, scaffold(now, brand_name="Our Brand"))
    path = tmp_path / "brands" / "our-brand.yml"
    path.write_text(path.read_text().replace("@our_brand", "@our-brand"), encoding="utf-8")
    found = [(d.path, d.line, d.rule) for d in check_repository(tmp_path, now).diagnostics]
    assert found == [("brands/our-brand.yml", 7, "handle-invalid")]


def test_the_example_brands_check_clean():
    root = Path(__file__).parents[1]
    project = load_project(root)
    assert set(project.brands) == {"bangko-bayan", "karvan-travel", "kofe-na-kuhne"}
    rules = {"account-unknown-network", "handle-invalid", "account-missing"}
    assert [d for d in check(root) if d.rule in rules] == []


def test_the_brand_rules_are_listed_with_the_other_checks(smmplan):
    listed = smmplan("rules").output
    assert re.search(r"^BR01\s+account-unknown-network\s+error", listed, re.M)
    assert re.search(r"^BR02\s+handle-invalid\s+error", listed, re.M)
    assert re.search(r"^BR03\s+account-missing\s+warning", listed, re.M)


def test_a_brand_without_a_file_has_no_brand_problems(tmp_path):
    write(tmp_path, {"content/posts/a.md": "---\ntitle: T\nnetworks: [x]\n---\nHi\n"})
    assert [d.rule for d in check(tmp_path) if d.path.startswith("brands/")] == []
