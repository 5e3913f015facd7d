"""The shipped network specs, their loader, and project/brand overrides."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from types import MappingProxyType

import pytest
import yaml

import smmplan.networks
from smmplan.model import NetworkSpec, Rendition, Source, TextPart
from smmplan.networks import (
    COUNTING_METHODS,
    FIELDS,
    NETWORK_IDS,
    SOURCED,
    NetworkDataError,
    aliases,
    from_mapping,
    load_builtin,
    load_folder,
    override,
    parse,
    tighten,
    validate,
)
from smmplan.networks.fields import _KINDS
from smmplan.text import COUNTING_UNITS

DATA = Path(smmplan.networks.__file__).parent / "data"
ALL = tuple(sorted(path.stem for path in DATA.glob("*.yml")))  # one file per network
# The networks the product promises (DESIGN.md); the data may hold more.
DESIGN_NETWORKS = frozenset(
    {"x", "bluesky", "threads", "mastodon", "instagram", "facebook", "linkedin", "tiktok"}
    | {"pinterest", "youtube", "telegram", "vk"}
)
VERIFIED = date(2026, 11, 21)  # the date written in MINIMAL


def spec(network: str) -> NetworkSpec:
    return load_builtin()[network]


# --- loading -------------------------------------------------------------------------------


def test_every_data_file_loads() -> None:
    assert NETWORK_IDS == ALL
    specs = load_builtin()
    assert tuple(specs) == ALL
    assert set(specs) >= DESIGN_NETWORKS
    assert all(isinstance(s, NetworkSpec) and s.id == key for key, s in specs.items())
    assert load_builtin() is specs  # cached


def test_fields_cover_the_model() -> None:
    model = {f.name for f in dataclasses.fields(NetworkSpec)} - {"sources"}
    assert set(FIELDS) == model


def test_data_files_are_consistent() -> None:
    for network in ALL:
        assert validate(spec(network)) == [], network
        assert spec(network).counting in COUNTING_METHODS


def test_loaded_values_are_immutable_types() -> None:
    ig = spec("instagram")
    assert isinstance(ig.formats, tuple)
    assert isinstance(ig.renditions, MappingProxyType)
    assert isinstance(ig.post_formats, MappingProxyType)
    assert isinstance(ig.sources, MappingProxyType)
    assert all(isinstance(r, Rendition) for r in ig.renditions.values())


def test_x_facts() -> None:
    x = spec("x")
    assert (x.name, x.counting, x.unit) == (
        "X (Twitter)",
        "twitter-weighted",
        "weighted characters",
    )
    assert (x.text_limit, x.url_length, x.threads) == (280, 23, True)
    assert (x.max_media, x.max_bytes) == (4, 5_000_000)
    assert x.formats == ("jpeg", "png", "gif", "webp")
    assert x.rendition_for(None) == Rendition("landscape", 1600, 900, "cover")
    assert x.sources["text_limit"].value == 280
    assert x.sources["formats"].confidence == "weak"


def test_bluesky_threads_mastodon_facts() -> None:
    bsky, threads, masto = spec("bluesky"), spec("threads"), spec("mastodon")
    assert (bsky.counting, bsky.unit, bsky.text_limit) == ("graphemes", "graphemes", 300)
    assert (bsky.max_media, bsky.max_bytes, bsky.url_length) == (4, 1_000_000, None)
    assert (threads.counting, threads.unit, threads.text_limit) == ("threads", "characters", 500)
    assert threads.hashtag_limit == 1
    assert threads.sources["hashtag_limit"].confidence == "weak"
    assert (masto.counting, masto.unit, masto.text_limit, masto.url_length) == (
        "mastodon",
        "graphemes",
        500,
        23,
    )
    assert all(s.threads for s in (bsky, threads, masto))


def test_only_four_networks_make_threads() -> None:
    threads = {n for n in DESIGN_NETWORKS if spec(n).threads}
    assert threads == {"x", "bluesky", "threads", "mastodon"}


def test_instagram_facts_and_renditions() -> None:
    ig = spec("instagram")
    assert (ig.text_limit, ig.hashtag_limit, ig.max_media) == (2200, 5, 10)
    assert ig.sources["hashtag_limit"].confidence == "weak"
    assert ig.media_required is True
    assert ig.formats == ("jpeg",)
    assert ig.max_bytes == 8 * 1024 * 1024
    assert (ig.min_aspect, ig.max_aspect) == (0.8, 1.91)
    assert ig.default_rendition == "feed"
    assert ig.rendition_for(None) == Rendition("feed", 1080, 1350, "cover", (0.8, 1.91))
    assert ig.rendition_for("feed") == ig.rendition_for(None)
    assert ig.rendition_for("square") == Rendition("square", 1080, 1080, "cover")
    assert ig.rendition_for("story") == Rendition("story", 1080, 1920, "cover")
    assert ig.rendition_for("reel") == Rendition("story", 1080, 1920, "cover")
    assert ig.rendition_for("unknown") == ig.rendition_for(None)
    assert ig.sources["renditions.story"].value == Rendition("story", 1080, 1920, "cover")


def test_youtube_pinterest_tiktok_facts() -> None:
    yt, pin, tt = spec("youtube"), spec("pinterest"), spec("tiktok")
    assert (yt.counting, yt.unit, yt.text_limit) == ("utf8-bytes", "bytes", 5000)
    assert (yt.title_limit, yt.title_required) == (100, True)
    assert yt.rendition_for(None) == Rendition("thumbnail", 1280, 720, "cover")
    assert (pin.text_limit, pin.title_limit, pin.title_required) == (500, 100, False)
    assert "800" in pin.sources["text_limit"].note
    assert pin.rendition_for(None) == Rendition("pin", 1000, 1500, "cover")
    assert (tt.counting, tt.unit, tt.text_limit) == ("utf16", "UTF-16 units", 2200)
    assert tt.rendition_for(None) == Rendition("photo", 1080, 1920, "cover")


def test_telegram_facebook_linkedin_vk_facts() -> None:
    tg, fb, li, vk = spec("telegram"), spec("facebook"), spec("linkedin"), spec("vk")
    assert (tg.text_limit, tg.caption_limit, tg.max_media) == (4096, 1024, 10)
    assert tg.rendition_for(None) == Rendition("photo", 1280, 1280, "contain", (0.05, 20.0))
    assert fb.rendition_for(None) == Rendition("landscape", 1200, 630, "cover")
    assert fb.rendition_for("square") == Rendition("square", 1080, 1080, "cover")
    assert li.rendition_for(None) == Rendition("landscape", 1200, 627, "cover")
    assert li.rendition_for("square") == Rendition("square", 1200, 1200, "cover")
    assert vk.rendition_for(None) == Rendition("photo", 1280, 1280, "cover", (0.05, 20.0))
    assert vk.rendition_for("square") == Rendition("square", 1080, 1080, "cover")
    assert vk.sources["text_limit"].confidence == "weak"


def test_units() -> None:
    """Each network's unit is the one its counting method counts in."""
    for network in ALL:
        assert spec(network).unit == COUNTING_UNITS[spec(network).counting], network
    assert (spec("x").unit, spec("youtube").unit) == ("weighted characters", "bytes")
    assert (spec("tiktok").unit, spec("bluesky").unit) == ("UTF-16 units", "graphemes")


# --- sources -------------------------------------------------------------------------------


def test_every_numeric_fact_has_a_source_and_date() -> None:
    numeric = {"positive", "count", "ratio"}
    assert {name for name in _KINDS if _KINDS[name] in numeric} <= set(SOURCED)
    for network in ALL:
        s = spec(network)
        for name in SOURCED:
            if getattr(s, name) is not None:
                source = s.sources.get(name)
                assert isinstance(source, Source), (network, name)
                assert source.source.strip(), (network, name)
                assert isinstance(source.verified, date), (network, name)
                assert source.value == getattr(s, name), (network, name)
        for name in s.renditions:
            source = s.sources[f"renditions.{name}"]
            assert source.source.strip() and isinstance(source.verified, date), (network, name)


def test_weak_facts_carry_a_note() -> None:
    weak = 0
    for network in ALL:
        for name, source in spec(network).sources.items():
            assert source.confidence in ("strong", "weak"), (network, name)
            if source.confidence == "weak":
                weak += 1
                assert source.note.strip(), (network, name)
    assert weak > 0


def test_smmplan_defaults_say_so() -> None:
    vk = spec("vk")
    assert "smmplan default" in vk.sources["renditions.square"].source
    assert spec("linkedin").sources["fold_at"].confidence == "weak"


# --- the data format -----------------------------------------------------------------------

MINIMAL = """
id: demo
name: Demo
counting: {value: codepoints, source: "a test", verified: 2026-11-21}
unit: characters
text_limit: {value: 100, source: "a test", verified: 2026-11-21}
"""


def test_parse_minimal_file() -> None:
    demo = parse(MINIMAL, origin="demo.yml")
    assert demo.text_limit == 100
    assert demo.sources["text_limit"] == Source(100, "a test", VERIFIED, "strong", "")
    assert demo.renditions == {}
    assert demo.rendition_for(None) is None


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ("text_limt: 3", "unknown key 'text_limt' (did you mean \"text_limit\"?)"),
        ("max_media: {value: 2, verified: 2026-11-21}", "max_media: source must be"),
        (
            "max_media: {value: 2, source: s, verified: 2026-11-21, confidence: weak}",
            "max_media: a weak fact needs a note saying why",
        ),
        ("max_media: {value: 2, source: s}", "max_media: verified must be a date"),
        ("formats: [jpg]", "formats has an unknown format 'jpg' (did you mean \"jpeg\"?)"),
        ("default_rendition: feed", "default_rendition 'feed' is not a rendition"),
        (
            "min_aspect: {value: 2, source: s, verified: 2026-11-21}\n"
            "max_aspect: {value: 1, source: s, verified: 2026-11-21}",
            "min_aspect 2.0 is above max_aspect 1.0",
        ),
        ("color: blue", 'color must be a colour such as "#1877f2", or null'),
        ("aliases: twitter", "aliases must be a list of names"),
        ("renditions: {a: {width: 0, height: 5}}", "renditions.a: width must be a positive"),
    ],
)
def test_parse_rejects_bad_data(extra: str, problem: str) -> None:
    with pytest.raises(NetworkDataError) as caught:
        parse(MINIMAL + extra + "\n", origin="demo.yml")
    assert any(problem in p for p in caught.value.problems), caught.value.problems
    assert str(caught.value).startswith("demo.yml: ")


def test_parse_requires_core_keys() -> None:
    with pytest.raises(NetworkDataError) as caught:
        parse("id: demo\nname: Demo\n", origin="demo.yml")
    assert caught.value.problems == [
        "missing key 'counting'",
        "missing key 'unit'",
        "missing key 'text_limit'",
    ]


# A plain value of each kind of field that needs a source.
PLAIN = {"counting": "codepoints", "positive": 100, "count": 3, "ratio": 1.5, "formats": ["jpeg"]}
PLAIN["handle"] = {"pattern": "[a-z]{1,8}", "says": "1-8 letters a-z"}


@pytest.mark.parametrize("field", SOURCED)
def test_a_value_posts_are_judged_against_needs_a_source(field: str) -> None:
    data = yaml.safe_load(MINIMAL) | {field: PLAIN[_KINDS[field]]}
    with pytest.raises(NetworkDataError) as caught:
        from_mapping(data, origin="demo.yml")
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith(f"{field}: ")
    assert "has no source; write it as {value: " in caught.value.problems[0]
    data[field] = {"value": PLAIN[_KINDS[field]], "source": "a test", "verified": VERIFIED}
    loaded = from_mapping(data, origin="demo.yml")
    assert loaded.sources[field].source == "a test"
    if field not in ("counting", "text_limit", "formats", "video_formats"):
        data[field] = None  # no such limit: nothing to source
        assert getattr(from_mapping(data, origin="demo.yml"), field) is None


def test_presentation_facts_need_no_source() -> None:
    extra = 'aliases: [Demo2, " dm "]\nicon: demo\ncolor: "#abc"\ndisplay_order: 3\n'
    demo = parse(MINIMAL + extra, origin="demo.yml")
    assert (demo.aliases, demo.icon, demo.color, demo.display_order) == (
        ("demo2", "dm"),
        "demo",
        "#abc",
        3,
    )
    assert set(demo.sources) == {"counting", "text_limit"}


def test_aliases_point_at_networks_and_are_no_ids() -> None:
    known = aliases()
    assert known["twitter"] == "x" and known["bsky"] == "bluesky"
    assert set(known.values()) <= set(ALL)
    assert not set(known) & set(ALL)
    assert known == {a: s.id for s in load_builtin().values() for a in s.aliases}


@pytest.mark.parametrize(
    ("second", "problem"),
    [
        ("aliases: [dm]", "alias 'dm' is an alias of demo already"),
        ("aliases: [demo]", "alias 'demo' is the id of network demo"),
    ],
)
def test_an_alias_names_one_network(tmp_path: Path, second: str, problem: str) -> None:
    (tmp_path / "demo.yml").write_text(MINIMAL + "aliases: [dm]\n", encoding="utf-8")
    other = MINIMAL.replace("id: demo", "id: other") + second + "\n"
    (tmp_path / "other.yml").write_text(other, encoding="utf-8")
    with pytest.raises(NetworkDataError) as caught:
        load_folder(tmp_path)
    assert caught.value.problems == [problem]
    assert str(caught.value).startswith("other.yml: ")


def test_a_file_must_be_named_after_its_network(tmp_path: Path) -> None:
    (tmp_path / "wrong.yml").write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(NetworkDataError, match="id 'demo' does not match the file name"):
        load_folder(tmp_path)


def test_only_youtube_takes_nothing_but_video() -> None:
    assert {n for n in DESIGN_NETWORKS if spec(n).video_only} == {"youtube"}


def test_limit_for_media_uses_the_caption_limit() -> None:
    tg, x = spec("telegram"), spec("x")
    assert tg.caption_limit is not None and tg.caption_limit < tg.text_limit
    assert (tg.limit_for(False), tg.limit_for(True)) == (tg.text_limit, tg.caption_limit)
    assert x.caption_limit is None and x.limit_for(True) == x.limit_for(False) == x.text_limit


def test_counted_parts_are_thread_parts_only_where_the_network_threads() -> None:
    parts = (TextPart("one", 5), TextPart("two", 8))
    assert spec("x").counted_parts(parts) == parts
    assert spec("instagram").counted_parts(parts) == (TextPart("one\n\ntwo", 5),)
    assert spec("x").counted_parts(parts[:1]) == spec("instagram").counted_parts(parts[:1])
    assert spec("x").counted_parts(()) == spec("instagram").counted_parts(()) == ()


def test_parse_rejects_unknown_counting() -> None:
    with pytest.raises(NetworkDataError) as caught:
        parse(MINIMAL.replace("codepoints", "grapheme"), origin="demo.yml")
    assert "counting must be one of" in caught.value.problems[0]
    assert '(did you mean "graphemes"?)' in caught.value.problems[0]


# --- override ------------------------------------------------------------------------------


def test_override_sets_fields_and_sources() -> None:
    x = spec("x")
    new, errors = override(x, {"text_limit": 25000, "hashtag_limit": 3}, origin="smmplan.yml")
    assert errors == []
    assert (new.text_limit, new.hashtag_limit) == (25000, 3)
    assert new.sources["text_limit"] == Source(25000, "overridden in smmplan.yml")
    assert new.sources["url_length"] == x.sources["url_length"]
    assert (x.text_limit, x.hashtag_limit) == (280, None)  # the builtin is untouched


def test_override_unknown_key_suggests() -> None:
    x = spec("x")
    new, errors = override(x, {"text_limt": 10}, origin="smmplan.yml")
    assert new is x
    assert errors == [
        "smmplan.yml: unknown setting 'text_limt' for network x (did you mean \"text_limit\"?)"
    ]


def test_override_wrong_types() -> None:
    x = spec("x")
    new, errors = override(
        x,
        {"text_limit": True, "max_media": "4", "threads": 1, "min_aspect": "wide", "id": "y"},
        origin="brands/acme.yml",
    )
    assert new is x
    assert errors == [
        "brands/acme.yml: text_limit for network x must be a positive integer, not True",
        "brands/acme.yml: max_media for network x must be a non-negative integer or null, not '4'",
        "brands/acme.yml: threads for network x must be true or false, not 1",
        "brands/acme.yml: min_aspect for network x must be a positive ratio or null, not 'wide'",
        "brands/acme.yml: the id of network x cannot be overridden",
    ]


def test_override_null_lifts_an_optional_limit_and_ints_become_floats() -> None:
    ig, errors = override(
        spec("instagram"), {"hashtag_limit": None, "max_aspect": 2}, origin="smmplan.yml"
    )
    assert errors == []
    assert ig.hashtag_limit is None
    assert ig.max_aspect == 2.0 and isinstance(ig.max_aspect, float)


def test_override_formats() -> None:
    ig, errors = override(spec("instagram"), {"formats": ["JPEG", "png"]}, origin="o")
    assert errors == [] and ig.formats == ("jpeg", "png")
    _, errors = override(spec("instagram"), {"formats": ["jpg"]}, origin="o")
    assert errors == [
        "o: formats for network instagram has an unknown format 'jpg' (did you mean \"jpeg\"?); "
        "known: jpeg, png, gif, webp, heic, avif, tiff, bmp, mp4, mov, webm"
    ]


def test_override_merges_renditions() -> None:
    ig, errors = override(
        spec("instagram"),
        {
            "renditions": {"feed": {"height": 1080}, "wide": {"width": 1920, "height": 1080}},
            "post_formats": {"banner": "wide"},
        },
        origin="smmplan.yml",
    )
    assert errors == []
    assert ig.rendition_for("feed") == Rendition("feed", 1080, 1080, "cover", (0.8, 1.91))
    assert ig.rendition_for("banner") == Rendition("wide", 1920, 1080, "cover")
    assert ig.rendition_for("story") == Rendition("story", 1080, 1920, "cover")
    assert ig.sources["renditions.wide"].source == "overridden in smmplan.yml"


def test_override_reports_inconsistency_and_bad_renditions() -> None:
    _, errors = override(
        spec("instagram"),
        {
            "default_rendition": "poster",
            "renditions": {"x": {"width": 5, "fit": "fill"}, "feed": {"fit": "contian"}},
        },
        origin="o",
    )
    assert errors == [
        "o: renditions.x for network instagram: height must be a positive integer",
        "o: renditions.x for network instagram: fit must be cover or contain",
        "o: renditions.feed for network instagram: fit must be cover or contain"
        ' (did you mean "contain"?)',
        "o: network instagram: default_rendition 'poster' is not a rendition",
    ]


# --- tighten -------------------------------------------------------------------------------


def test_tighten_lowers_limits() -> None:
    x = spec("x")
    new, errors = tighten(x, {"hashtags": 2, "text": 200, "media": 1}, origin="brands/acme.yml")
    assert errors == []
    assert (new.hashtag_limit, new.text_limit, new.max_media) == (2, 200, 1)
    assert new.sources["hashtag_limit"] == Source(2, "tightened in brands/acme.yml")
    assert new.sources["text_limit"] == Source(200, "tightened in brands/acme.yml")


def test_tighten_never_loosens() -> None:
    ig = spec("instagram")
    new, errors = tighten(ig, {"hashtags": 10, "bytes": 1_000_000}, origin="brands/acme.yml")
    assert new.hashtag_limit == 5
    assert new.max_bytes == 1_000_000
    assert new.sources["hashtag_limit"] == ig.sources["hashtag_limit"]
    assert errors == [
        "brands/acme.yml: limit hashtags: 10 for network instagram is looser than the "
        "network's 5 and is ignored (a brand can only tighten)"
    ]
    for network in ALL:
        for key, field in (("text", "text_limit"), ("media", "max_media")):
            base = getattr(spec(network), field)
            for value in (1, 7, 500, 10**9):
                tightened, _ = tighten(spec(network), {key: value})
                result = getattr(tightened, field)
                assert result == (value if base is None else min(base, value))


def test_tighten_equal_value_is_silent() -> None:
    ig = spec("instagram")
    new, errors = tighten(ig, {"hashtags": 5})
    assert (new, errors) == (ig, [])


def test_tighten_text_also_lowers_caption() -> None:
    tg = spec("telegram")
    assert tighten(tg, {"text": 500})[0].caption_limit == 500
    loose, errors = tighten(tg, {"text": 2000})
    assert (loose.text_limit, loose.caption_limit, errors) == (2000, 1024, [])


def test_tighten_unknown_key_suggests() -> None:
    x = spec("x")
    new, errors = tighten(x, {"hashtag": 2, "hashtag_limit": 2, "colour": 1}, origin="b.yml")
    assert new is x
    known = "known limits: text, title, hashtags, mentions, media, bytes"
    assert errors == [
        f"b.yml: unknown limit 'hashtag' for network x (did you mean \"hashtags\"?); {known}",
        f"b.yml: unknown limit 'hashtag_limit' for network x (did you mean \"hashtags\"?); {known}",
        f"b.yml: unknown limit 'colour' for network x; {known}",
    ]


def test_tighten_wrong_types() -> None:
    x = spec("x")
    new, errors = tighten(x, {"hashtags": "2", "text": 0, "media": True}, origin="b.yml")
    assert new is x
    assert errors == [
        "b.yml: limit hashtags for network x must be a non-negative integer, not '2'",
        "b.yml: limit text for network x must be a positive integer, not 0",
        "b.yml: limit media for network x must be a non-negative integer, not True",
    ]


def test_override_and_tighten_need_mappings() -> None:
    x = spec("x")
    assert override(x, 5, origin="o") == (x, ["o: settings for network x must be a mapping"])  # type: ignore[arg-type]
    assert tighten(x, [2], origin="b") == (  # type: ignore[arg-type]
        x,
        ["b: limits for network x must map a limit to a number"],
    )
