"""``smmplan calendar`` at 80 columns, and ``smmplan schema`` against the loader and content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from smmplan.load.documents import read_markdown
from smmplan.workflow.schema import KINDS
from tests.conftest import BRAND, POST

NOW = "2026-11-23T06:00:00+00:00"
REPO = Path(__file__).resolve().parent.parent


def test_calendar_week_fits_80_columns(repo, smmplan):
    long_title = "A very long internal title that has to wrap inside its column somehow"
    root = repo(
        {
            "brands/other.yml": "name: Другой бренд\ntimezone: Europe/Moscow\n",
            "content/posts/a.md": POST.replace("brand: qehve-evi", "brand: qehve-evi"),
            "content/posts/b.md": POST.replace("Morning coffee", long_title).replace(
                "2026-11-27 10:00", "2026-11-24 09:00"
            ),
            "content/posts/c.md": POST.replace("brand: qehve-evi", "brand: other")
            .replace("networks: [x, telegram]", "networks: [vk, telegram, x, instagram]")
            .replace("status: draft", "status: review"),  # in review, missing media is an error
            "content/posts/next-week.md": POST.replace("2026-11-27", "2026-12-01"),
        }
    )
    result = smmplan("--root", str(root), "--now", NOW, "calendar")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].strip() == "2026-W48: Mon 23 Nov to Sun 29 Nov 2026"
    assert all(len(line) <= 80 for line in lines), "\n".join(lines)
    text = result.output
    assert "Tue 24" in text and "Fri 27" in text and "Morning coffee" in text
    assert "Другой бренд" in text and "draft" in text
    assert "instagram" in text and "! 1 error" in text  # instagram needs media, from review on
    assert "next-week" not in text and text.count("Morning coffee") == 2
    assert "\x1b[" not in text  # no colour when not on a terminal
    following = smmplan("--root", str(root), "--now", NOW, "calendar", "--week", "next")
    assert "2026-W49" in following.output and following.output.count("Morning coffee") == 1


def test_calendar_empty_week_and_bad_input(repo, smmplan):
    root = repo({"content/posts/a.md": POST})
    empty = smmplan("--root", str(root), "--now", NOW, "calendar", "--week", "2027-W01")
    assert empty.output == "2027-W01: Mon 04 Jan to Sun 10 Jan 2027: no posts.\n"
    assert smmplan("--root", str(root), "calendar", "--week", "soon").exit_code == 2
    assert smmplan("--root", str(root), "calendar", "--brand", "x").exit_code == 2


UNDATED = {
    "content/posts/a.md": POST,
    "content/posts/b.md": POST.replace("Morning coffee", "Evening tea")
    .replace("status: draft", "status: review")
    .replace("2026-11-27 10:00", "2026-11-27 22:30"),  # outside the posting window
    "content/posts/no-date.md": POST.replace(
        "publish_at: 2026-11-27 10:00\n", "tags: [poll]\n"
    ).replace("Morning coffee", '"Poll\\e[31m red"'),  # YAML's escape for ESC
    "content/posts/bad-date.md": POST.replace("2026-11-27", "2026-11-31").replace(
        "status: draft", "status: review"
    ),
}


def test_calendar_counts_unscheduled_posts_and_warnings(repo, smmplan):
    root = repo(UNDATED)
    result = smmplan("--root", str(root), "--now", NOW, "calendar")
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.output.splitlines()]
    assert lines[-3:] == [
        "Unscheduled: 2 posts without a valid publish_at",
        "  content/posts/bad-date.md  Morning coffee  review  ! 1 error",
        "  content/posts/no-date.md  Poll\\x1b[31m red  draft",
    ]
    assert "Evening tea  ! 1 warning" in result.output  # 22:30 is outside the window
    assert "2 posts; times are each brand's local time." in result.output
    assert "\x1b" not in result.output


def test_calendar_filters_by_status_tag_and_brand(repo, smmplan):
    root = repo(UNDATED)
    run = lambda *args: smmplan("--root", str(root), "--now", NOW, "calendar", *args)  # noqa: E731
    review = run("--status", "review").output
    assert "Evening tea" in review and "Morning coffee" not in review.split("Unscheduled")[0]
    assert "Unscheduled: 1 post without a valid publish_at" in review
    assert "bad-date.md" in review and "no-date.md" not in review
    both = run("--status", "review", "--status", "draft").output
    assert both.count("Unscheduled: 2 posts") == 1 and "Morning coffee" in both
    tagged = run("--tag", "poll").output
    assert tagged.splitlines()[0] == "2026-W48: Mon 23 Nov to Sun 29 Nov 2026: no posts."
    assert "Unscheduled: 1 post" in tagged and "no-date.md" in tagged
    assert "Unscheduled" not in run("--tag", "none").output
    assert run("--brand", "qehve-evi").output == run().output
    wrong = run("--brand", "qehve-evl")
    assert wrong.exit_code == 2 and "did you mean 'qehve-evi'?" in wrong.output
    assert run("--status", "aproved").exit_code == 2


class _Yaml12Loader(yaml.SafeLoader):
    """Like an editor's YAML 1.2 language server: dates stay strings."""


_Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _front_matter(path: Path) -> dict:
    doc = read_markdown(path.read_bytes())
    text = path.read_text(encoding="utf-8").split("---\n", 2)[1]
    assert doc.root is not None
    return yaml.load(text, Loader=_Yaml12Loader)


@pytest.mark.parametrize("kind", KINDS)
def test_schemas_are_valid_json_schema(smmplan, kind):
    jsonschema = pytest.importorskip("jsonschema")

    schema = json.loads(smmplan("schema", kind).output)
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schemas_accept_the_example_content_and_reject_typos(smmplan):
    jsonschema = pytest.importorskip("jsonschema")

    schemas = {
        k: json.loads(smmplan("schema", k).output) for k in ("post", "campaign", "brand", "config")
    }
    for path in sorted((REPO / "content/posts").rglob("*.md")):
        jsonschema.validate(_front_matter(path), schemas["post"])
    for path in sorted((REPO / "content/campaigns").glob("*.md")):
        jsonschema.validate(_front_matter(path), schemas["campaign"])
    for path in sorted((REPO / "brands").glob("*.yml")):
        jsonschema.validate(
            yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12Loader), schemas["brand"]
        )
    jsonschema.validate(
        yaml.load((REPO / "smmplan.yml").read_text(encoding="utf-8"), Loader=_Yaml12Loader),
        schemas["config"],
    )
    with pytest.raises(jsonschema.ValidationError, match="'pubish_at' was unexpected"):
        jsonschema.validate({"title": "x", "pubish_at": "2026-11-27 10:00"}, schemas["post"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "x", "status": "aproved"}, schemas["post"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "x", "networks": ["twitter"]}, schemas["post"])
    brand = yaml.load(BRAND, Loader=_Yaml12Loader)
    jsonschema.validate(brand, schemas["brand"])


def test_schemas_follow_the_loader_key_lists():
    from smmplan.load.posts import OVERRIDE_KEYS, POST_KEYS
    from smmplan.load.settings import BRAND_KEYS, CAMPAIGN_KEYS, CONFIG_KEYS
    from smmplan.model import STATUSES
    from smmplan.workflow.schema import schema

    post = schema("post")
    assert tuple(post["properties"]) == POST_KEYS
    assert post["properties"]["status"]["enum"] == list(STATUSES)
    override = post["properties"]["networks"]["anyOf"][2]["additionalProperties"]["anyOf"][1]
    assert tuple(override["properties"]) == OVERRIDE_KEYS
    assert tuple(schema("brand")["properties"]) == BRAND_KEYS
    assert tuple(schema("campaign")["properties"]) == CAMPAIGN_KEYS
    assert tuple(schema("config")["properties"]) == CONFIG_KEYS


def test_schema_of_a_key_the_loader_does_not_know_fails_loudly(monkeypatch):
    from smmplan.workflow import schema as module

    monkeypatch.setattr(module, "POST_KEYS", (*module.POST_KEYS, "mood"))
    with pytest.raises(KeyError, match=r"missing \{'mood'\}"):
        module.schema("post")
