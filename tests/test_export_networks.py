"""Each scheduler's networks are data: the lists, their sources, and the refusal naming
the formats that do take a network."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smmplan.cli.export import FORMAT_NAMES
from smmplan.networks import load_builtin
from smmplan.render.export import FORMATS
from smmplan.render.export.schedulers import (
    SchedulerDataError,
    alternatives,
    builtin,
    not_published,
    parse,
)
from tests.test_export_formats import make_plan, run_export
from tests.test_export_rules import post, reasons

EXPECTED = {
    "buffer": {
        "bluesky", "facebook", "instagram", "linkedin", "mastodon", "pinterest", "threads",
        "tiktok", "x", "youtube",
    },
    "hootsuite": {
        "facebook", "instagram", "linkedin", "pinterest", "threads", "tiktok", "x", "youtube",
    },
    "sprout": {"facebook", "instagram", "linkedin", "pinterest", "tiktok", "x", "youtube"},
    "publer": {
        "bluesky", "facebook", "instagram", "linkedin", "mastodon", "pinterest", "telegram",
        "threads", "tiktok", "x", "youtube",
    },
    "postoplan": {"telegram", "vk"},
}  # fmt: skip


def test_each_scheduler_publishes_to_exactly_these_networks():
    assert {key: set(s.networks) for key, s in builtin().items()} == EXPECTED
    for key in EXPECTED:
        assert FORMATS[key].CAPS.scheduler == key
    for key in ("csv", "xlsx", "json", "ics"):
        assert FORMATS[key].CAPS.scheduler is None  # data formats take every network


def test_every_fact_has_a_source_and_a_date_and_names_real_networks():
    ids = set(load_builtin())
    for key, facts in builtin().items():
        assert facts.sources and all(source.strip() for source in facts.sources), key
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", facts.checked), key
        assert facts.networks <= ids and facts.unconfirmed <= ids, key
        assert not facts.networks & facts.unconfirmed, key
    assert builtin()["postoplan"].not_in_smmplan == ("Odnoklassniki",)


def test_the_command_line_offers_every_format():
    assert tuple(FORMATS) == FORMAT_NAMES


@pytest.mark.parametrize(
    ("fmt", "network", "name", "message"),
    [
        ("buffer", "vk", "VK", "Buffer does not publish to VK: use postoplan, csv or json"),
        (
            "hootsuite",
            "telegram",
            "Telegram",
            "Hootsuite does not publish to Telegram: use publer, postoplan, csv or json",
        ),
        (
            "sprout",
            "mastodon",
            "Mastodon",
            "Sprout Social does not publish to Mastodon: use buffer, publer, csv or json",
        ),
        ("publer", "vk", "VK", "Publer does not publish to VK: use postoplan, csv or json"),
        (
            "postoplan",
            "bluesky",
            "Bluesky",
            "Postoplan does not publish to Bluesky: use buffer, publer, csv or json",
        ),
    ],
)
def test_refusal_names_the_formats_that_take_the_network(fmt, network, name, message):
    assert not_published(fmt, network, name) == message


def test_alternatives_follow_the_data():
    data = parse(
        "a: {name: A, checked: 2026-12-01, sources: [s], networks: [vk]}\n"
        "b: {name: B, checked: 2026-12-01, sources: [s], networks: [x, vk]}\n"
    )
    assert {key: set(s.networks) for key, s in data.items()} == {"a": {"vk"}, "b": {"x", "vk"}}
    assert alternatives("vk", "buffer") == ("postoplan", "csv", "json")
    assert alternatives("x", "postoplan") == (
        "buffer",
        "hootsuite",
        "sprout",
        "publer",
        "csv",
        "json",
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[1, 2]", "must be a mapping of scheduler ids"),
        ("a: {networks: [x]}", "a: needs a mapping with a 'name'"),
        ("a: {name: A, networks: x}", "'networks' must be a list of strings"),
        ("a: {name: A, max_rows: 0}", "'max_rows' must be a positive number or null"),
        ("a: {name: A, max_rows: true}", "'max_rows' must be a positive number or null"),
        ("a: [b", "schedulers.yml: not YAML"),
    ],
)
def test_malformed_data_is_named(text, problem):
    with pytest.raises(SchedulerDataError, match=re.escape(problem)):
        parse(text)


@given(
    st.one_of(
        st.text(max_size=80),
        st.dictionaries(
            st.text(max_size=5),
            st.dictionaries(
                st.sampled_from(["name", "networks", "columns", "max_rows", "sources"]),
                st.one_of(st.none(), st.integers(), st.text(max_size=5), st.lists(st.integers())),
            ),
            max_size=3,
        ).map(lambda data: json.dumps(data)),
    )
)
def test_any_text_parses_or_is_a_named_data_error(text):
    try:
        parsed = parse(text)
    except SchedulerDataError as error:
        assert str(error).startswith("schedulers.yml")
    else:
        assert all(isinstance(s.networks, frozenset) for s in parsed.values())


def test_posts_for_other_networks_are_refused_with_file_and_line(tmp_path):
    root = make_plan(tmp_path, {"p.md": post("Salam", networks="[x, vk]")})
    result = run_export(root, "buffer")
    assert reasons(result) == {
        "p.md:vk": "Buffer does not publish to VK: use postoplan, csv or json"
    }
    (refused,) = result.refused
    assert refused.line() == (
        "left out: content/posts/p.md:6 [vk]: Buffer does not publish to VK:"
        " use postoplan, csv or json"
    )
    assert [f.name for f in result.files] == ["buffer-qehve-evi-x.csv"]
    every = {fmt: run_export(root, fmt) for fmt in FORMATS}
    assert {fmt: [r.network for r in e.refused] for fmt, e in every.items()} == {
        "buffer": ["vk"],
        "hootsuite": ["vk"],
        "sprout": ["vk"],
        "publer": ["vk"],
        "postoplan": ["x"],
        "csv": [],
        "xlsx": [],
        "json": [],
        "ics": [],
    }
