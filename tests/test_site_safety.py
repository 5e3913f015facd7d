"""What a pull request cannot do to the calendar site: markup in settings, a ``site_url``
that is not a URL, files from outside the repository, a site configuration run by ``check``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from smmplan.cli import cli
from smmplan.render.site.safety import UnsafeSite, check_site_url, read_site_page, site_file
from tests.conftest import write

NOW = "2026-11-25T09:00:00+00:00"
SETTINGS = "title: {title}\nlocale: en\ntimezone: UTC\nsite_url: {url}\n"
POST = (
    "---\ntitle: Hello\nbrand: la\npublish_at: 2026-11-26 10:00\nstatus: draft\n"
    "networks: [x]\n---\nHello.\n"
)
REPO = {
    "smmplan.yml": SETTINGS.format(title="Plan", url="https://cal.example.org/"),
    "brands/la.yml": "name: Sunset Cafe\ntimezone: America/Los_Angeles\n",
    "content/posts/hello.md": POST,
}
OWN_SITE = "site_name: Our site\ndocs_dir: pages\ntheme: {name: material}\n"


def run(root: Path, *args: str):
    return CliRunner().invoke(
        cli, ["--root", str(root), "--now", NOW, *args], catch_exceptions=False
    )


def every_output(site: Path) -> str:
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace") for p in sorted(site.rglob("*")) if p.is_file()
    )


# -- markup in settings -----------------------------------------------------------------------


def test_a_title_with_markup_is_text_in_every_page(tmp_path):
    title = "'<script>window.__pwned=1</script><img src=x onerror=alert(1)>'"
    root = write(tmp_path / "repo", {**REPO, "smmplan.yml": SETTINGS.format(title=title, url="")})
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    pages = sorted((root / "public").rglob("*.html"))
    assert len(pages) == 14  # with the brand's link-in-bio, review page and the media library
    escaped = "&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in text and "<img src=x" not in text, page
        assert f"- {escaped}</title>" in text or f"<title>{escaped}</title>" in text, page


def test_a_site_name_with_markup_in_site_mkdocs_yml_is_escaped_too(tmp_path):
    own = OWN_SITE.replace("Our site", '"<b onmouseover=alert(1)>Ours</b>"')
    root = write(tmp_path / "repo", {**REPO, "site/mkdocs.yml": own, "site/pages/a.md": "# A\n"})
    assert run(root, "build").exit_code == 0
    home = (root / "public" / "index.html").read_text(encoding="utf-8")
    assert "<b onmouseover" not in home
    assert "<title>Calendar - &lt;b onmouseover=alert(1)&gt;Ours&lt;/b&gt;</title>" in home


SITE_URLS = [
    '"https://x.org/\\"><script>alert(1)</script>"',
    "\"https://x.org/' onload='alert(1)\"",
    "http://[",
    "javascript:alert(1)",
    "=HYPERLINK(1)",
]


@pytest.mark.parametrize("url", SITE_URLS)
def test_a_site_url_in_smmplan_yml_that_is_not_a_web_address_is_a_problem_not_a_link(tmp_path, url):
    root = write(tmp_path / "repo", {**REPO, "smmplan.yml": SETTINGS.format(title="P", url=url)})
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    problems = (root / "public" / "problems" / "index.html").read_text(encoding="utf-8")
    assert "site_url" in problems and "invalid-value" in problems
    text = every_output(root / "public")
    assert "<script>alert" not in text and "onload='alert" not in text
    assert 'rel="canonical"' not in (root / "public" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ('"https://x.org/\\"><script>alert(1)</script>"', "holds characters a URL cannot"),
        ("\"https://x.org/' onload='alert(1)\"", "holds characters a URL cannot"),
        ('"https://x.org/a b"', "holds characters a URL cannot"),
        ("ftp://x.org/", "is not an http(s) address"),
    ],
)
def test_a_site_url_in_site_mkdocs_yml_that_is_not_a_web_address_stops_the_build(
    tmp_path, url, says
):
    own = f"{OWN_SITE}site_url: {url}\n"
    root = write(tmp_path / "repo", {**REPO, "site/mkdocs.yml": own, "site/pages/a.md": "# A\n"})
    result = run(root, "build")
    assert result.exit_code == 2, result.output
    assert "site/mkdocs.yml: site_url " in result.output and says in result.output
    assert "Traceback" not in result.output
    assert not (root / "public").exists()


def test_site_url_messages():
    assert (
        check_site_url("https://cal.example.org/a/b?c=d#e") == "https://cal.example.org/a/b?c=d#e"
    )
    with pytest.raises(UnsafeSite) as refused:
        check_site_url('https://x.org/"><script>')
    assert str(refused.value) == (
        "site_url 'https://x.org/\"><script>' holds characters a URL cannot (quotes, <, >,"
        " spaces or control characters); write it like https://example.org/calendar/"
    )
    with pytest.raises(UnsafeSite, match=r"^site_url 'ftp://x\.org/' is not an http\(s\)"):
        check_site_url("ftp://x.org/")
    with pytest.raises(UnsafeSite, match=r"'https://x\.org/a{63}\.\.\.' holds"):
        check_site_url("https://x.org/" + "a" * 100 + " ")


@given(st.text(max_size=40))
def test_an_accepted_site_url_can_never_close_an_attribute_or_a_tag(tail):
    try:
        url = check_site_url("https://x.org/" + tail)
    except UnsafeSite:
        return
    assert not set(url) & set("\"'<> \t\r\n\\`")


# -- files from outside the repository --------------------------------------------------------


def test_a_site_folder_outside_the_repository_is_refused(tmp_path):
    outside = write(tmp_path / "elsewhere", {"mkdocs.yml": OWN_SITE, "pages/a.md": "# A\n"})
    root = write(tmp_path / "repo", REPO)
    (root / "site").symlink_to(outside)
    result = run(root, "build")
    assert result.exit_code == 2, result.output
    assert f"site/ {root / 'site'} resolves outside the repository" in result.output
    assert not (root / "public").exists()


def test_a_docs_dir_outside_the_repository_is_refused(tmp_path):
    write(tmp_path / "elsewhere", {"a.md": "# A\n"})
    own = OWN_SITE.replace("docs_dir: pages", f"docs_dir: {tmp_path / 'elsewhere'}")
    root = write(tmp_path / "repo", {**REPO, "site/mkdocs.yml": own})
    result = run(root, "build")
    assert result.exit_code == 2, result.output
    assert "docs_dir" in result.output and "resolves outside the repository" in result.output


def test_pages_linked_to_files_outside_the_repository_are_left_out(tmp_path):
    secret = write(tmp_path / "secret", {"env.md": "# Leak\n\nAWS_SECRET=hunter2\n"})
    root = write(
        tmp_path / "repo",
        {**REPO, "site/mkdocs.yml": OWN_SITE, "site/pages/help.md": "# Help\n\nAsk Ana.\n"},
    )
    (root / "site" / "pages" / "leak.md").symlink_to(secret / "env.md")
    (root / "site" / "pages" / "logo.png").symlink_to(secret / "env.md")
    (root / "site" / "pages" / "inside.md").symlink_to(root / "site" / "pages" / "help.md")
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    site = root / "public"
    assert "hunter2" not in every_output(site)
    assert not (site / "leak").exists() and not (site / "logo.png").exists()
    assert "Ask Ana." in (site / "help" / "index.html").read_text(encoding="utf-8")
    assert "Ask Ana." in (site / "inside" / "index.html").read_text(encoding="utf-8")


def test_site_pages_and_files_go_through_the_safe_reader(tmp_path):
    root = write(tmp_path / "repo", {"site/pages/a.md": "# A\n", "site/pages/b.png": "png"})
    pages = root / "site" / "pages"
    (pages / "out.md").symlink_to("/etc/hostname")
    (pages / "out.png").symlink_to("/etc/hostname")
    os.mkfifo(pages / "fifo.md")
    assert read_site_page(root, pages / "a.md") == b"# A\n"
    assert site_file(root, pages / "b.png") == (pages / "b.png").resolve()
    for refused in ("out.md", "fifo.md"):
        with pytest.raises(UnsafeSite, match=rf"^site/pages/{refused}: .*: not published$"):
            read_site_page(root, pages / refused)
    with pytest.raises(UnsafeSite, match=r"^site/pages/out\.png: .*: not published$"):
        site_file(root, pages / "out.png")
    (pages / "huge.md").write_bytes(b"#" * (4 * 2**20 + 1))
    with pytest.raises(UnsafeSite, match=r"^site/pages/huge\.md: "):
        read_site_page(root, pages / "huge.md")


# -- the site configuration is code: check never runs it --------------------------------------


def hooked_repository(tmp_path: Path) -> tuple[Path, Path]:
    marker = tmp_path / "marker"
    hook = f"from pathlib import Path\nPath({str(marker)!r}).write_text('ran')\n"
    config = (
        OWN_SITE + "hooks: [hook.py]\nextra:\n  run: !!python/name:os.system\n"
        "markdown_extensions:\n  - pymdownx.superfences\n"
    )
    files = {**REPO, "site/mkdocs.yml": config, "site/hook.py": hook, "site/pages/a.md": "# A\n"}
    return write(tmp_path / "repo", files), marker


def test_check_never_loads_site_mkdocs_yml(tmp_path):
    root, marker = hooked_repository(tmp_path)
    result = run(root, "check")
    assert result.exit_code == 0, result.output
    assert "1 posts checked" in result.output or "1 post checked" in result.output
    assert not marker.exists()


def test_build_does_run_the_hooks_of_site_mkdocs_yml(tmp_path):
    """Why the site configuration is reviewed like code (and why ``check`` must not load
    it): MkDocs imports its hooks."""
    root, marker = hooked_repository(tmp_path)
    assert run(root, "build").exit_code == 0
    assert marker.read_text() == "ran"


# -- a typo in a year -------------------------------------------------------------------------


def test_a_post_dated_decades_away_adds_two_pages_and_a_warning(tmp_path):
    typo = POST.replace("title: Hello", "title: Typo").replace("2026-11-26", "1996-11-28")
    root = write(tmp_path / "repo", {**REPO, "content/posts/typo.md": typo})
    assert run(root, "build").exit_code == 0
    site = root / "public"
    assert sorted(p.name for p in (site / "week").iterdir()) == ["1996-W48", "2026-W48"]
    assert sorted(p.name for p in (site / "month").iterdir()) == ["1996-11", "2026-11"]
    week = (site / "week" / "1996-W48" / "index.html").read_text(encoding="utf-8")
    assert 'href="../2026-W48/" rel="next"' in week
    result = run(root, "check")
    assert (
        "content/posts/typo.md:4:1: warning: dated 1996-11-28, 10,955 days from Sunset Cafe's"
        " nearest other post (content/posts/hello.md, 2026-11-26): is the year right?"
        " [publish-far-away]"
    ) in result.output
