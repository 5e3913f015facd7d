"""``text-not-shown``: a format that publishes no caption (an Instagram story) with text.

The fact lives in the network data (``captionless_formats``, with its source), the rule
warns on the text's line, ``text-empty`` leaves such a format alone, and the post's page
shows the text struck through with the reason, in the site's language.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from smmplan.check.text import text_not_shown
from smmplan.model import Severity, TextPart, Variant
from smmplan.networks import NetworkDataError, from_mapping, load_builtin, override
from tests.conftest import check
from tests.test_site_build import build

STORY = (
    "---\ntitle: Poll\nbrand: qehve-evi\npublish_at: 2026-11-27 10:00\nstatus: draft\n"
    "media: [{src: a.jpg, alt: A cup}]\nnetworks:\n  instagram: {format: story}\n"
    "  telegram: {}\n---\nVote in the sticker!\n"
)
MINIMAL = (
    "id: demo\nname: Demo\nunit: characters\n"
    "counting: {value: codepoints, source: a test, verified: 2026-12-01}\n"
    "text_limit: {value: 100, source: a test, verified: 2026-12-01}\n"
    "renditions:\n  tall: {width: 9, height: 16, fit: cover, source: a test, verified: 2026-12-01}\n"
    "default_rendition: tall\npost_formats: {story: tall, feed: tall}\n"
)


def spec(network: str):
    return load_builtin()[network]


def _image(path) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1080, 1920), "#a0522d").save(path, "JPEG")


def _story_repo(repo, post: str = STORY):
    root = repo({"content/posts/poll.md": post})
    _image(root / "content/posts/a.jpg")
    return root


def test_instagram_story_says_it_shows_no_text_with_a_source():
    instagram = spec("instagram")
    assert instagram.captionless_formats == ("story",)
    assert not instagram.shows_text("story")
    assert instagram.shows_text("reel") and instagram.shows_text(None)
    source = instagram.sources["captionless_formats"]
    assert "ig-user/media" in source.source and source.verified.isoformat() == "2026-12-01"
    assert all(spec(n).captionless_formats == () for n in ("x", "telegram", "vk", "facebook"))


def test_captionless_formats_must_name_post_formats():
    loaded = from_mapping(
        yaml.safe_load(MINIMAL + "captionless_formats: [story]\n"), origin="demo.yml"
    )
    assert loaded.captionless_formats == ("story",)
    with pytest.raises(NetworkDataError) as caught:
        from_mapping(yaml.safe_load(MINIMAL + "captionless_formats: [stroy]\n"), origin="d.yml")
    assert caught.value.problems == [
        """network demo: captionless format 'stroy' is no post format (did you mean "story"?)"""
    ]
    with pytest.raises(NetworkDataError) as caught:
        from_mapping(yaml.safe_load(MINIMAL + "captionless_formats: story\n"), origin="d.yml")
    assert caught.value.problems == [
        "captionless_formats must be a list of post formats, not 'story'"
    ]


def test_a_project_may_say_a_format_shows_its_text_after_all():
    changed, messages = override(
        spec("instagram"), {"captionless_formats": []}, origin="smmplan.yml"
    )
    assert messages == [] and changed.captionless_formats == ()
    assert changed.shows_text("story")


def test_a_story_with_text_is_warned_on_the_text_line(repo):
    found = [d for d in check(_story_repo(repo)) if d.rule == "text-not-shown"]
    assert [(d.path, d.line, d.network, d.severity) for d in found] == [
        ("content/posts/poll.md", 11, "instagram", Severity.WARNING)
    ]
    assert found[0].message == (
        "Instagram's story shows no text: this text will not be published"
        " (put the words in the picture)"
    )


def test_a_story_with_its_own_empty_text_is_neither_empty_nor_not_shown(repo):
    post = STORY.replace("{format: story}", '{format: story, text: ""}')
    rules = {d.rule for d in check(_story_repo(repo, post)) if d.network == "instagram"}
    assert not rules & {"text-not-shown", "text-empty"}


@given(st.text(max_size=40), st.sampled_from(["story", "reel", "feed", None]))
def test_the_rule_warns_exactly_when_a_captionless_format_has_text(text, post_format):
    variant = Variant("instagram", (TextPart(text, 7),), None, (), format=post_format)
    post = SimpleNamespace(body_line=7)
    found = list(text_not_shown(post, variant, spec("instagram"), None))
    expected = post_format == "story" and bool(text.strip())
    assert [problem.line for problem in found] == ([7] if expected else [])


def test_the_post_page_strikes_the_text_through_with_the_reason(repo):
    root = _story_repo(repo)
    assert build(root).exit_code == 0
    page = (root / "public/posts/poll/index.html").read_text(encoding="utf-8")
    instagram = page.split('id="net-instagram"', 1)[1].split("</section>", 1)[0]
    reason = "Instagram shows no text on a story: this text will not be published."
    assert instagram.count(f'<p class="smm-note smm-not-shown__reason">{reason}</p>') == 1
    assert f'<del class="smm-not-shown" title="{reason}">Vote in the sticker!</del>' in instagram
    telegram = page.split('id="net-telegram"', 1)[1].split("</section>", 1)[0]
    assert "smm-not-shown" not in telegram and "Vote in the sticker!" in telegram


def test_the_reason_is_in_the_site_language(repo):
    root = _story_repo(repo)
    (root / "smmplan.yml").write_text("locale: ru\n", encoding="utf-8")
    assert build(root).exit_code == 0
    page = (root / "public/posts/poll/index.html").read_text(encoding="utf-8")
    assert (
        page.count(
            "Instagram не показывает текст в формате story: этот текст не будет опубликован."
        )
        == 2
    )  # the note and the struck text's title
