"""Hostile input never crashes a check: every file still gets diagnostics, no traceback."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smmplan.cli import cli

KEYS = [
    "title",
    "brand",
    "campaign",
    "publish_at",
    "status",
    "tags",
    "sponsored",
    "link",
    "media",
    "networks",
    "ignore",
    "zzz",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.sampled_from(
        ["2026-13-45 10:00", "2026-02-30", "x", "instagram", "../../../../etc/passwd", "<script>"]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _yaml_value(value) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=True)  # JSON is YAML flow syntax


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(front=st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=8), body=st.text(max_size=300))
def test_any_front_matter_gives_diagnostics_not_tracebacks(tmp_path_factory, front, body):
    root = tmp_path_factory.mktemp("repo")
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    lines = ["---", *(f"{key}: {_yaml_value(value)}" for key, value in front.items()), "---", body]
    (posts / "fuzz.md").write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    (posts / "good.md").write_text(
        "---\ntitle: Fine\nnetworks: [x]\n---\nHello\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        cli,
        ["--root", str(root), "--now", "2026-11-23T00:00", "check", "--format", "json"],
        catch_exceptions=True,
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2)
    payload = json.loads(result.output)
    assert payload["summary"]["posts"] == 2
    shutil.rmtree(root)


HOSTILE = [
    "<script>alert(1)</script>",
    "{{ 7*7 }} {% raw %}",
    '=HYPERLINK("http://evil")',
    "\u202eevil\u202c",
    "\x00\x01\x7f",
    "🧑‍🧑‍🧒" * 500,
    "a" * 100_000,
]


def test_hostile_strings_everywhere(tmp_path):
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    for n, hostile in enumerate(HOSTILE):
        quoted = json.dumps(hostile)
        (posts / f"h{n}.md").write_text(
            f"---\ntitle: {quoted}\nnetworks: [x, bluesky, threads, mastodon, youtube]\n"
            f"first_comment: {quoted}\nlink: {quoted}\n---\n{hostile}\n---\n{hostile}\n",
            encoding="utf-8",
        )
    result = CliRunner().invoke(
        cli, ["--root", str(tmp_path), "--now", "2026-11-23T00:00", "check", "--format", "sarif"]
    )
    assert result.exit_code == 1
    sarif = json.loads(result.output)
    paths = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    assert paths == {f"content/posts/h{n}.md" for n in range(len(HOSTILE))}


def test_unreadable_files_are_reported_and_the_rest_still_checked(tmp_path):
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    (posts / "dangling.md").symlink_to(tmp_path / "gone.md")
    (posts / "long.md").write_text(
        "---\ntitle: T\nnetworks: [x]\n---\n" + "a" * 281 + "\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "check", "--format", "json"])
    found = [(d["path"], d["rule"], d["message"]) for d in json.loads(result.output)["diagnostics"]]
    assert found == [
        (
            "content/posts/dangling.md",
            "front-matter-invalid",
            "cannot read the file: No such file or directory",
        ),
        (
            "content/posts/long.md",
            "text-too-long",
            "text is 281 of 280 weighted characters on X (Twitter) (1 over)",
        ),
    ]


HOSTILE_REPO = {
    "smmplan.yml": "site_url: 5\nrules: {nope: loud}\n",
    "brands/b.yml": (
        "name: B\ntimezone: Mars/Base\ncolors: {background: nope}\n"
        'posting: {min_gap: soon, windows: {funday: "25:00-99:00"}, blackout: [2026-02-30]}\n'
        "limits: {x: {hashtags: -1}}\n"
    ),
    "brands/c.yml": "- not\n- a mapping\n",
    "content/campaigns/c.md": "---\ntitle: C\nstart: 2026-12-01\nend: 2026-11-01\nkpis: oops\n---\n",
    "content/posts/broken.md": "---\ntitle: [\n---\n",
    "content/posts/evil.md": (
        '---\ntitle: "<script>alert(1)</script>"\nbrand: b\npublish_at: 2026-13-45 10:00\n'
        "status: approved\nnetworks: {x: {text: 5, media: 7}, instagram: [1], pinterest: null}\n"
        "media: [../../../../etc/passwd, {src: fake.jpg, focus: [9, 9]}]\n"
        'link: "=HYPERLINK(\\"x\\")"\ncampaign: c\n---\n=cmd|calc\n---\n\n'
    ),
    "content/posts/fake.jpg": b"not an image",
    "content/posts/binary.md": b"\xff\xfe bad",
}


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["images", "--out", "{tmp}/img"],
        ["build", "--out", "{tmp}/site"],
        ["export", "--format", "csv", "-o", "{tmp}/plan.csv"],
        ["export", "--format", "publer", "-o", "{tmp}/publer.csv"],
        ["calendar", "--week", "2026-W48"],
        ["new", "post", "Test", "--brand", "b"],
    ],
)
def test_every_command_survives_a_hostile_repository(tmp_path, command):
    root = tmp_path / "repo"
    for name, content in HOSTILE_REPO.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    args = [part.replace("{tmp}", str(tmp_path)) for part in command]
    result = CliRunner().invoke(
        cli, ["--root", str(root), "--now", "2026-11-21T22:00", *args], catch_exceptions=False
    )
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
