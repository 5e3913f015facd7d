"""Numbers with thousands of digits in settings and brand limits: one clear error each,
worded by the number's length, never echoed or converted."""

from __future__ import annotations

import pytest

from smmplan.suggest import shown_number
from tests.conftest import check


def messages(root, rule="invalid-value"):
    return [(d.path, d.line, d.message) for d in check(root) if d.rule == rule]


def test_a_text_limit_past_the_largest_spec_number_is_refused(repo):
    root = repo({"smmplan.yml": "networks:\n  x:\n    text_limit: 1" + "0" * 40 + "\n"})
    assert messages(root) == [
        (
            "smmplan.yml",
            1,
            "networks.x: smmplan.yml: text_limit for network x must be a positive integer,"
            " not a number of 41 digits",
        )
    ]


def test_a_number_too_long_for_python_to_read_is_named_by_its_length(repo):
    root = repo({"smmplan.yml": "networks:\n  x:\n    text_limit: " + "9" * 6000 + "\n"})
    assert messages(root) == [
        ("smmplan.yml", 1, "networks: a number of 6,000 digits is far too large")
    ]


def test_the_largest_spec_number_is_still_accepted(repo):
    root = repo({"smmplan.yml": "networks:\n  x:\n    text_limit: " + str(10**12) + "\n"})
    assert messages(root) == []


@pytest.mark.parametrize(
    ("value", "shown"),
    [(12345, "12,345"), (10**29, f"{10**29:,}"), (10**30, "a number of 31 digits"),
     (-(10**5000), "a number of 5,001 digits"), (2.5, "2.5")],
    ids=["small", "29 digits", "30 digits", "5,001 digits", "float"],
)  # fmt: skip
def test_numbers_in_messages(value, shown):
    assert shown_number(value) == shown
