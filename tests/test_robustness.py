"""Hostile input never crashes a check: every file still gets diagnostics, no traceback."""

from __future__ import annotations

import contextlib
import json
import os
import shutil

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode

from smmplan.cli import cli
from smmplan.load import values
from smmplan.load.documents import read_yaml
from smmplan.load.files import LIMITS, read_file, walk
from smmplan.plan import week_range, weeks_between

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


# The one safe reader ------------------------------------------------------------------------


def _messages(root, rule: str | None = None) -> list[tuple[str, int, str]]:
    from tests.conftest import check

    return [(d.path, d.line, d.message) for d in check(root) if rule is None or d.rule == rule]


def test_the_reader_refuses_links_out_special_files_and_oversized_files(tmp_path):
    root, outside = tmp_path / "repo", tmp_path / "outside.md"
    root.mkdir()
    outside.write_text("secret", encoding="utf-8")
    (root / "inside.md").write_text("kept", encoding="utf-8")
    (root / "link-in.md").symlink_to(root / "inside.md")
    (root / "link-out.md").symlink_to(outside)
    (root / "environ.md").symlink_to("/proc/self/environ")
    os.mkfifo(root / "fifo.md")
    with open(root / "huge.md", "wb") as stream:
        stream.truncate(LIMITS["post"] + 1)
    results = {name: read_file(root / name, root, "post") for name in sorted(os.listdir(root))}
    assert {name: data for name, (data, _) in results.items() if data is not None} == {
        "inside.md": b"kept",
        "link-in.md": b"kept",
    }
    assert {name: refusal.reason for name, (_, refusal) in results.items() if refusal} == {
        "environ.md": "a link to a file outside the repository: refused, not read",
        "fifo.md": "not a regular file (a device, FIFO or socket): refused, not read",
        "huge.md": "the file is 2,097,153 bytes, over the 2 MiB limit for a post: refused, not read",
        "link-out.md": "a link to a file outside the repository: refused, not read",
    }


def test_a_50_mb_post_is_refused_unread_and_the_others_checked(repo):
    root = repo({"content/posts/ok.md": "---\ntitle: T\nnetworks: [x]\n---\n" + "a" * 281 + "\n"})
    with open(root / "content/posts/huge.md", "wb") as stream:
        stream.write(b"---\ntitle: big\n")
        stream.truncate(50 << 20)
    assert _messages(root) == [
        (
            "content/posts/huge.md",
            1,
            "the file is 50 MiB, over the 2 MiB limit for a post: refused, not read",
        ),
        (
            "content/posts/ok.md",
            5,
            "text is 281 of 280 weighted characters on X (Twitter) (1 over)",
        ),
    ]


def test_walks_do_not_follow_folder_links_out_of_the_repository_or_in_loops(tmp_path):
    root, elsewhere = tmp_path / "repo", tmp_path / "elsewhere"
    (root / "posts" / "real").mkdir(parents=True)
    elsewhere.mkdir()
    (elsewhere / "secret.md").write_text("x", encoding="utf-8")
    (root / "posts" / "real" / "a.md").write_text("x", encoding="utf-8")
    (root / "posts" / "out").symlink_to(elsewhere)
    (root / "posts" / "loop").symlink_to("..")
    (root / "posts" / "again").symlink_to(root / "posts" / "real")
    files, refused = walk(root / "posts", root, (".md",))
    assert [f.relative_to(root).as_posix() for f in files] == [
        "posts/again/a.md",
        "posts/real/a.md",
    ]
    assert [r.path for r in refused] == ["posts/loop", "posts/out"]


# Values validated at the loader --------------------------------------------------------------

SHAPES = {
    "cycle.md": "networks: &a {x: *a}\n",
    "deep.md": "networks:" + "".join(f"\n{'  ' * (i + 1)}x:" for i in range(40)) + " 1\n",
    "list-key.md": "? [1, 2]\n: v\nnetworks: [x]\n",
    "nested-duplicate.md": "networks: {x: {text: a, text: b}}\n",
}


def test_cycles_depth_key_types_and_nested_duplicates_are_front_matter_errors(repo):
    root = repo({f"content/posts/{n}": f"---\ntitle: T\n{t}---\nx\n" for n, t in SHAPES.items()})
    assert _messages(root, "front-matter-invalid") == [
        (
            "content/posts/cycle.md",
            3,
            "a YAML alias refers to a value that contains it (a cycle): refused",
        ),
        ("content/posts/deep.md", 34, "values are nested more than 32 levels deep: refused"),
        ("content/posts/list-key.md", 3, "a key must be a plain text, not a list"),
        (
            "content/posts/nested-duplicate.md",
            3,
            "duplicate key 'text' (first on line 3): the second value would silently win",
        ),
    ]


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (
            "publish_at: 0001-01-01 00:00+05:00",
            "publish_at: '0001-01-01 00:00+05:00': the year 1 is outside the years smmplan plans, 1900 to 2999",
        ),
        (
            "publish_at: 9999-12-31 23:59",
            "publish_at: '9999-12-31 23:59': the year 9999 is outside the years smmplan plans, 1900 to 2999",
        ),
        (
            'media: ["a\\0.png"]',
            "media: a media path holds a NUL byte or is over 4096 characters long: refused",
        ),
        (
            f"media: [{{src: a.png, focus: [{'9' * 400}, 0]}}]",
            "media[].focus: a number of 400 digits is out of range (at most 1,000,000,000,000,000)",
        ),
        ("media: [{src: a.png, focus: [.inf, 0]}]", "media[].focus: expected a number, got inf"),
    ],
)
def test_values_at_the_ends_of_their_ranges_are_invalid_values(repo, front, message):
    root = repo({"content/posts/p.md": f"---\ntitle: T\nnetworks: [x]\n{front}\n---\nx\n"})
    assert _messages(root, "invalid-value") == [("content/posts/p.md", 4, message)]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            "timezone: America",
            "timezone: unknown time zone 'America': use an IANA name such as Europe/Moscow or Asia/Baku ('America' is a region: name a place in it, e.g. America/Adak)",
        ),
        (
            "timezone: Europe/Moskow",
            "timezone: unknown time zone 'Europe/Moskow': use an IANA name such as Europe/Moscow or Asia/Baku (did you mean 'Europe/Moscow'?)",
        ),
        (
            f"timezone: {'x' * 300}",
            f"timezone: unknown time zone '{'x' * 64}…': use an IANA name such as Europe/Moscow or Asia/Baku",
        ),
        ("site_url: 'http://['", "site_url: 'http://[' is not a web address (Invalid IPv6 URL)"),
        (
            "site_url: '=HYPERLINK(1)'",
            "site_url: '=HYPERLINK(1)' is not a web address: write it like https://example.com/plan/",
        ),
        (
            "site_url: 'https://a.org/\"><script>'",
            "site_url: 'https://a.org/\"><script>' is not a web address: it holds spaces, quotes or markup",
        ),
    ],
)
def test_settings_values_are_validated(repo, settings, message):
    root = repo({"smmplan.yml": f"title: T\n{settings}\n"})
    assert _messages(root, "invalid-value") == [("smmplan.yml", 2, message)]


def test_brand_durations_and_limits_with_thousands_of_digits_are_invalid(repo):
    brand = (
        f"name: B\ntimezone: UTC\nposting: {{min_gap: {'9' * 5000}h}}\n"
        f"limits: {{x: {{hashtags: {'9' * 4000}}}}}\n"
    )
    root = repo({"brands/qehve-evi.yml": brand})
    assert [(p, line) for p, line, _ in _messages(root, "invalid-value")] == [
        ("brands/qehve-evi.yml", 3),
        ("brands/qehve-evi.yml", 4),
    ]
    assert [m[:60] for _, _, m in _messages(root, "invalid-value")] == [
        "posting.min_gap: '9999999999999999999999999999999999999999' ",
        "limits: a number of 4,000 digits is out of range (at most 1,",
    ]


@given(st.text(max_size=60))
def test_value_parsers_raise_only_value_errors(raw):
    for parse in (
        values.duration,
        values.local_datetime,
        values.calendar_date,
        values.web_address,
        values.zone,
        values.now_moment,
    ):
        with contextlib.suppress(ValueError):
            parse(raw)


@given(st.text(max_size=300))
def test_any_yaml_text_gives_a_mapping_or_located_findings(raw):
    document = read_yaml(raw.encode("utf-8", "surrogatepass"))
    assert document.root is None or isinstance(document.root, MappingNode)
    assert all(f.rule == "front-matter-invalid" and f.line >= 1 for f in document.findings)
    if document.root is None and raw.strip() and not raw.strip().startswith("#"):
        assert document.findings or raw.strip() in ("~", "null", "---", "...")


# Commands on values at the ends of the calendar ----------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["calendar", "--week", "9999-W52"],
            "--week: '9999-W52': the year 9999 is outside the years smmplan plans, 1900 to 2999",
        ),
        (
            ["--now", "9999-12-31T23:59:59+00:00", "check"],
            "'9999-12-31T23:59:59+00:00': the year 9999 is outside the years smmplan plans, 1900 to 2999",
        ),
        (
            ["new", "post", "T", "--date", "0001-01-01"],
            "--date '0001-01-01': the year 1 is outside the years smmplan plans, 1900 to 2999",
        ),
        (
            ["init", "{tmp}/fresh", "--timezone", "America"],
            "--timezone: unknown time zone 'America'",
        ),
    ],
)
def test_commands_refuse_dates_and_zones_out_of_range(repo, tmp_path, args, message):
    root = repo()
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = CliRunner().invoke(cli, ["--root", str(root), *argv])
    assert result.exit_code == 2
    assert message in result.output and "internal error" not in result.output


def test_week_arithmetic_at_the_end_of_the_calendar_does_not_overflow():
    from datetime import date

    assert weeks_between(date(9999, 12, 20), date.max) == ["9999-W51", "9999-W52"]
    with pytest.raises(ValueError, match="outside the years smmplan plans"):
        week_range("9999-W52")


def test_diff_reads_an_old_tree_holding_absolute_and_escaping_links(tmp_path):
    from tests import hostile

    outside = hostile.plant_secrets(tmp_path / "outside")
    root = hostile.build(tmp_path / "repo", outside, "links_outside", git=True)
    result = CliRunner().invoke(
        cli, ["--root", str(root), "--now", "2026-11-21T22:00", "diff", "HEAD", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert (payload["added"], payload["removed"]) == ([], [])
    assert hostile.SECRET not in result.output


def test_refreshing_workflows_refuses_settings_linked_outside(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    (tmp_path / "secret.yml").write_text("ci: {install: SECRET-INSTALL}\n", encoding="utf-8")
    (root / "smmplan.yml").symlink_to(tmp_path / "secret.yml")
    result = CliRunner().invoke(cli, ["init", str(root), "--workflows"])
    assert result.exit_code == 2
    assert (
        f"{root / 'smmplan.yml'}: a link to a file outside the repository: refused, not read"
        in " ".join(result.output.split())
    )
    assert not (root / ".github").exists() and "SECRET-INSTALL" not in result.output
