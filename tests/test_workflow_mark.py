"""``smmplan mark published``: only the status and published lines change, byte for byte."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smmplan.load import load_project
from smmplan.workflow.edit import EditError, FrontMatterEditor, scalar
from smmplan.workflow.mark import Request, plan_marks, write_change
from tests.conftest import NOW

URL = "https://x.com/qehveevi/status/2107715716774148525"
TOP = "---\ntitle: Morning coffee\nbrand: qehve-evi\npublish_at: 2026-11-20 10:00\n"


def post(middle: str, body: str = "Good morning! Fresh coffee is ready.\n") -> str:
    return f"{TOP}{middle}networks: [x, telegram]\n---\n{body}"


def mark(smmplan, root: Path, *args: str):
    return smmplan("--root", str(root), "--now", NOW.isoformat(), "mark", "published", *args)


def run(smmplan, root: Path, middle: str | bytes, *args: str, write: bool = True):
    """Mark ``content/posts/a.md`` (made from ``middle`` unless bytes); its new bytes."""
    data = middle if isinstance(middle, bytes) else post(middle).encode()
    (root / "content/posts/a.md").write_bytes(data)
    result = mark(smmplan, root, str(root / "content/posts/a.md"), *args, *(["--write"] * write))
    assert result.exit_code == 0, result.output
    return (root / "content/posts/a.md").read_bytes(), result


# -- what changes ----------------------------------------------------------------------------


def test_absent_published_is_a_block_after_the_status_line(repo, smmplan):
    after, result = run(smmplan, repo(), "status: approved\n", "--url", f"x={URL}")
    assert after == post(f"status: published\npublished:\n  x: {URL}\n").encode()
    assert result.stdout == "marked content/posts/a.md: status published, published: x\n"


def test_block_published_gets_a_line_indented_like_its_siblings(repo, smmplan):
    middle = "status: approved\npublished:\n    telegram: 'https://t.me/qehveevi/412'  # ok\n"
    after, _ = run(smmplan, repo(), middle, "--url", f"x={URL}")
    assert after == post(f"status: published\n{middle[17:]}    x: {URL}\n").encode()


def test_an_existing_entry_is_updated_in_its_own_quoting(repo, smmplan):
    middle = "status: published\npublished:\n  x: 'https://x.com/old'  # typo\n  telegram: t\n"
    after, _ = run(smmplan, repo(), middle, "--url", f"x={URL}")
    new = f"status: published\npublished:\n  x: '{URL}'  # typo\n  telegram: t\n"
    assert after == post(new).encode()


def test_flow_published_keeps_its_order_and_style(repo, smmplan):
    middle = 'status: scheduled # imported\npublished: { telegram: "412" }  # ids\n'
    after, _ = run(smmplan, repo(), middle, "--url", f"x={URL}")
    new = f'status: published # imported\npublished: {{ telegram: "412", x: {URL} }}  # ids\n'
    assert after == post(new).encode()


def test_empty_and_null_published(repo, smmplan):
    root = repo()
    after, _ = run(smmplan, root, "status: approved\npublished:  # later\n", "--url", f"x={URL}")
    assert after == post(f"status: published\npublished:  # later\n  x: {URL}\n").encode()
    after, _ = run(smmplan, root, "status: approved\npublished: ~\n", "--url", f"x={URL}")
    assert after == post(f"status: published\npublished: {{x: {URL}}}\n").encode()


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('status: "approved"\n', 'status: "published"\n'),
        ("status: 'approved'\n", "status: 'published'\n"),
        ("status: approved  # comment\n", "status: published  # comment\n"),
        ("status:   approved\t# tab\n", "status:   published\t# tab\n"),
        ("status:\n", "status: published\n"),
    ],
)
def test_status_keeps_its_quoting_spacing_and_comment(repo, smmplan, before, after):
    if before == "status:\n":  # no status is a draft: only an export could show it out
        data = FrontMatterEditor(post(before).encode())
        data.set_scalar("status", "published")
        assert data.result() == post(after).encode()
        return
    assert run(smmplan, repo(), before)[0] == post(after).encode()


def test_without_a_status_line_both_are_added_at_the_end_of_the_front_matter():
    text = "---\ntitle: T\n# networks: [x]\nnetworks: [x]\n---\nBody\n"
    editor = FrontMatterEditor(text.encode())
    editor.set_scalar("status", "published")
    editor.set_entries("published", {"x": URL}, after="status")
    assert (
        editor.result()
        == (
            f"---\ntitle: T\n# networks: [x]\nnetworks: [x]\nstatus: published\npublished:\n"
            f"  x: {URL}\n---\nBody\n"
        ).encode()
    )


def test_crlf_stays_crlf_and_the_bom_is_kept(repo, smmplan):
    data = ("\ufeff" + post("status: approved # ok\n")).replace("\n", "\r\n").encode()
    after, _ = run(smmplan, repo(), data, "--url", f"x={URL}")
    expected = "\ufeff" + post(f"status: published # ok\npublished:\n  x: {URL}\n")
    assert after == expected.replace("\n", "\r\n").encode()


def test_a_missing_final_newline_stays_missing(repo, smmplan):
    data = post("status: approved\n", body="Last line").encode()
    after, _ = run(smmplan, repo(), data)
    assert after == post("status: published\n", body="Last line").encode()


def test_urls_are_quoted_only_when_yaml_needs_it():
    assert scalar(URL) == URL
    assert scalar("https://a.example/?q=a: b") == '"https://a.example/?q=a: b"'
    assert scalar("https://a.example/ #top") == '"https://a.example/ #top"'
    assert scalar("@handle/1") == '"@handle/1"'
    assert scalar("412") == '"412"'  # an id, never a number
    assert scalar("2026-11-20") == '"2026-11-20"'
    assert scalar("https://a.example/a,b") == "https://a.example/a,b"
    assert scalar("https://a.example/a,b", flow=True) == '"https://a.example/a,b"'
    assert scalar("it's", style="'") == "'it''s'"
    assert scalar('a "b"\u2028', style='"') == '"a \\"b\\"\\u2028"'


def test_the_file_mode_is_kept(repo, smmplan):
    root = repo()
    path = root / "content/posts/a.md"
    path.write_text(post("status: approved\n"))
    path.chmod(0o640)
    assert mark(smmplan, root, str(path), "--write").exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in path.parent.iterdir()] == ["a.md"]  # no temporary file left


# -- dry run, idempotence ------------------------------------------------------------------


def test_dry_run_prints_the_exact_diff_and_changes_nothing(repo, smmplan):
    root = repo()
    before = post("status: approved  # by ilya\n").encode()
    after, result = run(smmplan, root, before, "--url", f"x={URL}", write=False)
    assert after == before
    assert result.stdout == (
        "--- a/content/posts/a.md\n"
        "+++ b/content/posts/a.md\n"
        "@@ -2,7 +2,9 @@\n"
        " title: Morning coffee\n"
        " brand: qehve-evi\n"
        " publish_at: 2026-11-20 10:00\n"
        "-status: approved  # by ilya\n"
        "+status: published  # by ilya\n"
        "+published:\n"
        f"+  x: {URL}\n"
        " networks: [x, telegram]\n"
        " ---\n"
        " Good morning! Fresh coffee is ready.\n"
    )
    assert result.stderr == "1 post to mark (run again with --write to change the files)\n"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_dry_run_diff_applies_with_git_even_to_crlf_without_final_newline(repo, smmplan):
    root = repo()
    data = post("status: 'approved'\n", body="Hi").replace("\n", "\r\n").encode()
    (root / "content/posts/a.md").write_bytes(data)
    patch = mark(smmplan, root, str(root / "content/posts/a.md"), "--url", f"x={URL}").stdout_bytes
    assert patch.count(b"\r\n") == 9 and patch.endswith(b"Hi\n\\ No newline at end of file\n")
    (root / "a.patch").write_bytes(patch)
    done = subprocess.run(["git", "apply", "a.patch"], cwd=root, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert (root / "content/posts/a.md").read_bytes() == (
        post(f"status: 'published'\npublished:\n  x: {URL}\n", body="Hi").replace("\n", "\r\n")
    ).encode()


def test_marking_twice_changes_nothing_the_second_time(repo, smmplan):
    root = repo()
    first, _ = run(smmplan, root, "status: approved\n", "--url", f"x={URL}")
    result = mark(smmplan, root, str(root / "content/posts/a.md"), "--url", f"x={URL}", "--write")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == "1 already published as asked\n"
    assert (root / "content/posts/a.md").read_bytes() == first


# -- which posts -------------------------------------------------------------------------------

METRICS = (
    "network,url,id,date,text,views,reach,likes\n"
    "x,https://x.com/qehveevi/status/42,,2026-11-20T10:00:00+04:00,"
    "Good morning! Fresh coffee is ready.,100,80,5\n"
    "telegram,,412,2026-11-21T12:00:00+04:00,Cookies to go with your coffee today,50,,2\n"
)


def test_from_metrics_end_to_end(repo, smmplan):
    cookies = (
        "---\ntitle: Cookies\npublish_at: 2026-11-21 12:00  # Baku\nnetworks: [telegram]\n---\n"
        "Cookies to go with your coffee today\n"
    )
    root = repo(
        {
            "content/posts/a.md": post("status: approved\n"),
            "content/posts/cookies.md": cookies,
            "content/posts/later.md": post("status: approved\n").replace("11-20", "11-30"),
            "content/metrics/results-2026-11-22.csv": METRICS,
        }
    )
    result = mark(smmplan, root, "--from-metrics", "--write")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "marked content/posts/a.md: status published, published: x\n"
        "marked content/posts/cookies.md: status published, published: telegram\n"
    )
    assert "content/posts/cookies.md: was draft: the exports show it published on telegram\n" in (
        result.stderr
    )
    assert (root / "content/posts/a.md").read_bytes() == post(
        "status: published\npublished:\n  x: https://x.com/qehveevi/status/42\n"
    ).encode()
    assert (root / "content/posts/cookies.md").read_text() == cookies.replace(
        "[telegram]\n", '[telegram]\nstatus: published\npublished:\n  telegram: "412"\n'
    )
    assert (root / "content/posts/later.md").read_text() == post("status: approved\n").replace(
        "11-20", "11-30"
    )
    again = mark(smmplan, root, "--from-metrics", "--write")
    assert (again.exit_code, again.stdout, again.stderr) == (
        0,
        "",
        "2 already published as asked\n",
    )
    assert {p.path: p.status for p in load_project(root).posts}["content/posts/cookies.md"] == (
        "published"
    )


def test_from_metrics_without_exports_has_nothing_to_do(repo, smmplan):
    result = mark(
        smmplan, repo({"content/posts/a.md": post("status: approved\n")}), "--from-metrics"
    )
    assert result.exit_code == 0
    assert (
        result.stderr
        == "no analytics exports in content/metrics: nothing to mark\nnothing to mark\n"
    )


def test_cancelled_and_unproven_drafts_are_not_marked(repo, smmplan):
    root = repo(
        {
            "content/posts/c.md": post("status: cancelled\n"),
            "content/posts/d.md": post("status: draft\n"),
        }
    )
    named = mark(smmplan, root, str(root / "content/posts/c.md"), str(root / "content/posts/d.md"))
    assert named.exit_code == 1
    assert named.stderr == (
        "content/posts/c.md: cancelled: a cancelled post is never marked published\n"
        "content/posts/d.md: status is draft and no analytics export shows it published:"
        " not marked (set the status by hand if it went out)\n"
        "2 refused\n"
    )
    folder = mark(smmplan, root, str(root / "content/posts"), "--write")
    assert folder.exit_code == 0 and "(skipped)" in folder.stderr
    assert (root / "content/posts/c.md").read_text() == post("status: cancelled\n")


def test_a_folder_marks_the_posts_under_it(repo, smmplan, monkeypatch):
    root = repo({"content/posts/2026/11/a.md": post("status: approved\n")})
    monkeypatch.chdir(root / "content")
    result = mark(smmplan, root, "posts/2026", "--write")
    assert result.stdout == "marked content/posts/2026/11/a.md: status published\n"


# -- bad input ---------------------------------------------------------------------------------


def test_bad_files_are_refused_and_the_others_still_marked(repo, smmplan, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "b.md"
    outside.write_text(post("status: approved\n"))
    root = repo(
        {
            "content/posts/a.md": post("status: approved\n"),
            "content/posts/broken.md": post("status: approved\ntags: [a\n"),
        }
    )
    (root / "content/posts/link.md").symlink_to(outside)
    result = mark(
        smmplan,
        root,
        *(str(root / p) for p in ("content/posts/broken.md", "content/posts/link.md")),
        *(str(p) for p in (outside, root / "brands/qehve-evi.yml", root / "nope.md")),
        str(root / "content/posts/a.md"),
        "--write",
    )
    assert result.exit_code == 1
    assert result.stdout == "marked content/posts/a.md: status published\n"
    lines = result.stderr.splitlines()
    assert lines[-1] == "1 post marked; 5 refused"
    assert sorted(lines[:-1]) == sorted(
        [
            f"{outside}: outside the repository {root}",
            "brands/qehve-evi.yml: not a post: posts are Markdown files under content/posts/",
            f"{root / 'nope.md'}: no such file or folder",
            "content/posts/link.md: a link to a file outside the repository: refused, not read",
            "content/posts/broken.md:7: YAML syntax error: while parsing a flow sequence"
            " did not find expected ',' or ']'",
        ]
    )
    assert (root / "content/posts/broken.md").read_text() == post("status: approved\ntags: [a\n")
    assert outside.read_text() == post("status: approved\n")


def test_a_read_only_file_is_refused(repo, smmplan, monkeypatch):
    root = repo({"content/posts/a.md": post("status: approved\n")})
    path = root / "content/posts/a.md"
    path.chmod(0o444)
    if os.name == "posix" and os.geteuid() == 0:  # root may write anything: act as a user
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, m: real(p, m) and (m != os.W_OK or p != path))
    result = mark(smmplan, root, str(path), "--write")
    assert result.exit_code == 1
    assert "content/posts/a.md: the file is read-only: not changed\n" in result.stderr
    assert path.read_text() == post("status: approved\n")


def test_an_edit_that_would_change_other_keys_is_refused(repo, smmplan):
    middle = "status: &s approved\nauthor: *s\n"
    root = repo({"content/posts/a.md": post(middle)})
    result = mark(smmplan, root, str(root / "content/posts/a.md"), "--write")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "content/posts/a.md:5: not changed: this value has a tag, an anchor or a block style"
    )


def test_usage_errors_exit_2(repo, smmplan):
    root = repo({"content/posts/a.md": post("status: approved\n"), "content/posts/b.md": post("")})
    files = [str(root / "content/posts/a.md"), str(root / "content/posts/b.md")]
    assert mark(smmplan, root).exit_code == 2
    assert mark(smmplan, root, files[0], "--url", "x").exit_code == 2
    assert mark(smmplan, root, files[0], "--url", "twiter=u").exit_code == 2
    assert mark(smmplan, root, files[0], "--network", "x").exit_code == 2
    two = mark(smmplan, root, *files, "--url", f"x={URL}")
    assert two.exit_code == 2 and "--url gives one post's URL" in two.stderr


def test_a_hand_url_for_a_network_the_post_does_not_use_is_refused(repo, smmplan):
    root = repo({"content/posts/a.md": post("status: approved\n")})
    result = mark(smmplan, root, str(root / "content/posts/a.md"), "--url", "vk=https://vk.com/w")
    assert result.exit_code == 1 and "--url vk: the post does not go to vk" in result.stderr


def test_the_editor_refuses_what_it_cannot_edit_safely():
    for text, line in [
        ("no front matter\n", 1),
        ("---\ntitle: a\n", 1),
        ("---\ntitle: [a\n---\n", 2),
        ("---\ntitle: a\nstatus: |\n  approved\n---\n", 3),
    ]:
        with pytest.raises(EditError) as error:
            editor = FrontMatterEditor(text.encode())
            editor.set_scalar("status", "published")
        assert error.value.line == line, text


# -- property: only the status and published lines change ---------------------------------------

NAMES = st.from_regex(r"[a-z][a-z_]{1,8}", fullmatch=True).filter(
    lambda n: n not in {"status", "published", "title", "networks"}
)
WORDS = st.from_regex(r"[A-Za-z][A-Za-z0-9 ]{0,12}[A-Za-z0-9]", fullmatch=True)
COMMENT = st.sampled_from(["", "  # note", " #: odd # comment", "\t# tab"])


@st.composite
def value_lines(draw, name: str) -> list[str]:
    word = draw(WORDS)
    kind = draw(
        st.sampled_from(["plain", "single", "double", "int", "flow", "list", "block", "map"])
    )
    comment = draw(COMMENT)
    if kind == "list":
        return [f"{name}:{comment}", f"  - {word}", "  - two"]
    if kind == "block":
        return [f"{name}: |", f"  {word}", "  second line"]
    if kind == "map":
        return [f"{name}:", f"    inner: {word}{comment}"]
    value = {
        "plain": word,
        "single": f"'{word} it''s'",
        "double": f'"{word} \\"q\\""',
        "int": str(draw(st.integers(0, 10**6))),
        "flow": f"[{word}, 'b']",
    }[kind]
    return [f"{name}: {value}{comment}"]


@st.composite
def front_matters(draw):
    chunks = [(["title: Post"], "other"), (["networks: [x, instagram]"], "other")]
    for name in draw(st.lists(NAMES, unique=True, max_size=5)):
        chunks.append((draw(value_lines(name)), "other"))
    chunks += [([c.strip()], "other") for c in draw(st.lists(COMMENT.filter(bool), max_size=2))]
    status = draw(st.sampled_from(["approved", "scheduled", "published"]))
    quote = draw(st.sampled_from(["", "'", '"']))
    chunks.append(([f"status: {quote}{status}{quote}{draw(COMMENT)}"], "edited"))
    published = draw(st.sampled_from(["none", "block", "flow", "empty"]))
    old = "https://www.instagram.com/p/DPq3xYkNa1B/"
    if published == "block":
        chunks.append((["published:", f"  instagram: {old}{draw(COMMENT)}"], "edited"))
    elif published == "flow":
        chunks.append(([f"published: {{instagram: {old}}}{draw(COMMENT)}"], "edited"))
    elif published == "empty":
        chunks.append((["published:"], "edited"))
    order = draw(st.permutations(range(len(chunks))))
    return [chunks[i] for i in order], published


URLS = st.builds(
    lambda tail: f"https://x.com/a/status/1{tail}",
    st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "S"]), max_size=8),
)


@settings(max_examples=60, deadline=None)
@given(front_matters(), URLS, st.sampled_from(["\n", "\r\n"]), st.booleans(), st.booleans())
def test_marking_changes_only_the_status_and_published_lines(fm, url, newline, bom, final):
    chunks, published = fm
    lines = ["---", *(line for chunk, _ in chunks for line in chunk), "---", "Body text"]
    edited = set()
    number = 1
    for chunk, kind in chunks:
        for _ in chunk:
            if kind == "edited":
                edited.add(number)
            number += 1
    data = (("\ufeff" if bom else "") + newline.join(lines) + (newline if final else "")).encode()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / "content/posts/p.md"
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        plan = plan_marks(load_project(root), NOW, Request((path,), urls={"x": url}, cwd=root))
        assert not plan.refused, plan.refused
        (change,) = plan.changes
        assert write_change(change) is None
        after = path.read_bytes()
        (again,) = load_project(root).posts
    assert again.status == "published"
    expected = {"x": url.strip()}
    if published in ("block", "flow"):
        expected["instagram"] = "https://www.instagram.com/p/DPq3xYkNa1B/"
    assert dict(again.published) == expected
    old_lines = data.decode().split("\n")
    new_lines = after.decode().split("\n")
    new_key = re.compile(r"\s*(status|published|x)\s*:")
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines).get_opcodes():
        if op == "equal":
            continue
        assert set(range(i1, i2)) <= edited, (op, old_lines[i1:i2])
        assert all(new_key.match(line) for line in new_lines[j1:j2]), new_lines[j1:j2]
    assert after.startswith(b"\xef\xbb\xbf") == bom
    assert after.endswith(newline.encode()) == final
    assert after.count(b"\r\n") == (after.count(b"\n") if newline == "\r\n" else 0)


def test_python_runs_the_module_as_a_command(repo):
    root = repo({"content/posts/a.md": post("status: approved\n")})
    done = subprocess.run(
        [sys.executable, "-m", "smmplan", "--root", str(root), "mark", "published", str(root)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and done.stdout.startswith("--- a/content/posts/a.md\n")


def test_network_narrows_what_the_exports_mark(repo, smmplan):
    root = repo(
        {
            "content/posts/a.md": post("status: approved\n"),
            "content/metrics/results-2026-11-22.csv": METRICS,
        }
    )
    result = mark(smmplan, root, "--from-metrics", "--network", "telegram")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "nothing to mark\n")
    result = mark(smmplan, root, "--from-metrics", "-n", "X", str(root / "content/posts/a.md"))
    assert result.stdout.endswith(
        "+  x: https://x.com/qehveevi/status/42\n networks: [x, telegram]\n ---\n Good morning! Fresh coffee is ready.\n"
    )
