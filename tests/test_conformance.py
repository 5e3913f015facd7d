"""twitter-text's own conformance suite, read at test time (upstream's advice), unchanged.

The data lives in ``shared/twitter-text-conformance`` beside the checkout, or wherever
``SMMPLAN_CONFORMANCE_DIR`` points. Harness convention (upstream ``rb/test/conformance_test.rb``
and ``js/test/conformance.html``): ``WeightedTweetsCounterTest`` runs with config v2,
``WeightedTweetsWithDiscountedEmojiCounterTest`` with v3 and
``UnicodeDirectionalMarkerCounterTest`` with the default config, which is v3.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from smmplan.text import (
    extract_hashtags,
    extract_mentions,
    extract_urls,
    is_valid_url,
    parse_tweet,
)
from smmplan.text._extract import _tlds

CONFORMANCE_DIR = Path(
    os.environ.get("SMMPLAN_CONFORMANCE_DIR")
    or Path(__file__).resolve().parents[2] / "shared" / "twitter-text-conformance"
)
MISSING = f"twitter-text conformance data not found in {CONFORMANCE_DIR.name}/ (set SMMPLAN_CONFORMANCE_DIR)"


def test_conformance_data_is_present_in_ci():
    """Locally the suite may be absent (its cases skip); in CI it must run, never skip."""
    if not os.environ.get("CI"):
        pytest.skip("outside CI the conformance cases may skip")
    assert CONFORMANCE_DIR.is_dir(), MISSING


# Cases where smmplan deliberately differs from twitter-text, with the reason.
DEVIATIONS = {
    "Extract lone metion but not @user@user (too close to an email)": (
        "smmplan also extracts Mastodon handles: @test@example.com is one mention"
    ),
}


@cache
def _load(name: str) -> dict[str, Any]:
    return yaml.safe_load((CONFORMANCE_DIR / name).read_text(encoding="utf-8"))["tests"]


def cases(name: str, section: str) -> list[Any]:
    """One pytest param per case, id = the case description; a skip if the data is absent."""
    if not CONFORMANCE_DIR.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=MISSING), id="missing")]
    params = []
    for case in _load(name)[section]:
        reason = DEVIATIONS.get(case["description"])
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(case, id=case["description"], marks=marks))
    return params


def config(version: str) -> dict[str, Any]:
    return json.loads((CONFORMANCE_DIR / "config" / f"{version}.json").read_text("utf-8"))


def parsed(text: str, cfg: dict[str, Any] | None) -> dict[str, Any]:
    r = parse_tweet(text, cfg)
    return {
        "weightedLength": r.weighted_length,
        "valid": r.valid,
        "permillage": r.permillage,
        "displayRangeStart": r.display_range_start,
        "displayRangeEnd": r.display_range_end,
        "validRangeStart": r.valid_range_start,
        "validRangeEnd": r.valid_range_end,
    }


def utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le", "surrogatepass")) // 2


# --- validate.yml: weighted length ------------------------------------------------------------


@pytest.mark.parametrize("case", cases("validate.yml", "WeightedTweetsCounterTest"))
def test_weighted_v2(case: dict[str, Any]) -> None:
    v2 = config("v2")
    assert "emojiParsingEnabled" not in v2  # v2 predates emoji parsing: off
    assert parsed(case["text"], v2) == case["expected"]


@pytest.mark.parametrize(
    "case", cases("validate.yml", "WeightedTweetsWithDiscountedEmojiCounterTest")
)
def test_weighted_v3(case: dict[str, Any]) -> None:
    assert parsed(case["text"], config("v3")) == case["expected"]


@pytest.mark.parametrize("case", cases("validate.yml", "UnicodeDirectionalMarkerCounterTest"))
def test_directional_markers_default_config(case: dict[str, Any]) -> None:
    assert parsed(case["text"], None) == case["expected"]


def test_embedded_default_config_is_v3() -> None:
    if not CONFORMANCE_DIR.is_dir():
        pytest.skip(MISSING)
    from smmplan.text import TWITTER_V3_CONFIG

    v3 = config("v3")
    assert {k: v for k, v in TWITTER_V3_CONFIG.items() if k != "ranges"} == {
        k: v for k, v in v3.items() if k != "ranges"
    }
    assert [dict(r) for r in TWITTER_V3_CONFIG["ranges"]] == v3["ranges"]


# --- validate.yml: single entities ------------------------------------------------------------


@pytest.mark.parametrize("case", cases("validate.yml", "hashtags"))
def test_validate_hashtag(case: dict[str, Any]) -> None:
    text = case["text"]
    assert ([t.text for t in extract_hashtags(text)] == [text]) is case["expected"]


@pytest.mark.parametrize("case", cases("validate.yml", "usernames"))
def test_validate_username(case: dict[str, Any]) -> None:
    text = case["text"]
    assert ([t.text for t in extract_mentions(text)] == [text]) is case["expected"]


@pytest.mark.parametrize("case", cases("validate.yml", "urls"))
def test_validate_url(case: dict[str, Any]) -> None:
    assert is_valid_url(case["text"]) is case["expected"]


@pytest.mark.parametrize("case", cases("validate.yml", "urls_without_protocol"))
def test_validate_url_without_protocol(case: dict[str, Any]) -> None:
    text = case["text"]
    assert ([t.text for t in extract_urls(text)] == [text]) is case["expected"]


# --- extract.yml ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", cases("extract.yml", "urls"))
def test_extract_urls(case: dict[str, Any]) -> None:
    assert [t.text for t in extract_urls(case["text"])] == case["expected"]


@pytest.mark.parametrize(
    "case",
    cases("extract.yml", "urls_with_indices")
    + cases("extract.yml", "urls_with_directional_markers"),
)
def test_extract_urls_with_indices(case: dict[str, Any]) -> None:
    text = case["text"]
    got = [
        {"url": t.text, "indices": [utf16(text, t.start), utf16(text, t.end)]}
        for t in extract_urls(text)
    ]
    assert got == case["expected"]


@pytest.mark.parametrize("case", cases("extract.yml", "tco_urls_with_params"))
def test_extract_tco_urls(case: dict[str, Any]) -> None:
    assert [t.text for t in extract_urls(case["text"])] == case["expected"]


@pytest.mark.parametrize(
    "case", cases("extract.yml", "hashtags") + cases("extract.yml", "hashtags_from_astral")
)
def test_extract_hashtags(case: dict[str, Any]) -> None:
    assert [t.name for t in extract_hashtags(case["text"])] == case["expected"]


@pytest.mark.parametrize("case", cases("extract.yml", "hashtags_with_indices"))
def test_extract_hashtags_with_indices(case: dict[str, Any]) -> None:
    text = case["text"]
    got = [
        {"hashtag": t.name, "indices": [utf16(text, t.start), utf16(text, t.end)]}
        for t in extract_hashtags(text)
    ]
    assert got == case["expected"]


@pytest.mark.parametrize("case", cases("extract.yml", "mentions"))
def test_extract_mentions(case: dict[str, Any]) -> None:
    assert [t.name for t in extract_mentions(case["text"])] == case["expected"]


@pytest.mark.parametrize("case", cases("extract.yml", "mentions_with_indices"))
def test_extract_mentions_with_indices(case: dict[str, Any]) -> None:
    text = case["text"]
    got = [
        {"screen_name": t.name, "indices": [utf16(text, t.start), utf16(text, t.end)]}
        for t in extract_mentions(text)
    ]
    assert got == case["expected"]


# --- tlds.yml and the embedded TLD list --------------------------------------------------------


@pytest.mark.parametrize("section", ["country", "generic"])
def test_tlds(section: str) -> None:
    if not CONFORMANCE_DIR.is_dir():
        pytest.skip(MISSING)
    all_cases = _load("tlds.yml")[section]
    failed = [
        c["description"]
        for c in all_cases
        if [t.text for t in extract_urls(c["text"])] != c["expected"]
    ]
    assert failed == [], f"{len(failed)} of {len(all_cases)} failed"


def test_embedded_tld_list_matches_tld_lib() -> None:
    """``smmplan/data/tlds.txt`` is up to date (regenerate with ``scripts/gen_tlds.py``)."""
    if not CONFORMANCE_DIR.is_dir():
        pytest.skip(MISSING)
    lib = yaml.safe_load((CONFORMANCE_DIR / "tld_lib.yml").read_text(encoding="utf-8"))
    assert set(_tlds()) == {str(t).lower() for t in lib["country"] + lib["generic"]}
