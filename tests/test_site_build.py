"""The calendar site end to end: ``smmplan build`` on a small repository, plain MkDocs with
``plugins: [smmplan]``, reproducible and atomic output, hostile content, feeds, languages."""

from __future__ import annotations

import gzip
import html.parser
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import icalendar
import pytest
from click.testing import CliRunner

from smmplan.cli import cli
from tests.conftest import write

NOW = "2026-11-25T09:00:00+00:00"
HOSTILE_TITLE = "<script>window.__pwned=1</script>{{ 7*7 }}{% raw %}"

SITE_REPO = {
    "smmplan.yml": (
        "title: Test calendar\nlocale: en\ntimezone: UTC\nsite_url: https://cal.example.org/\n"
    ),
    "brands/manila.yml": (
        "name: Bangko\ntimezone: Asia/Manila\nlocale: tl\n"
        'accounts: {x: "@bangko", facebook: "@bangkoph"}\n'
        "posting: {min_gap: 90m, windows: {mon-fri: '08:00-21:00', sun: '10:00-12:00'}}\n"
    ),
    "brands/la.yml": "name: Sunset Cafe\ntimezone: America/Los_Angeles\nlocale: en\n",
    "content/campaigns/launch.md": (
        "---\ntitle: Launch\nbrand: manila\nstart: 2026-11-20\nend: 2026-11-30\ngoal: sales\n"
        "networks: [x, linkedin]\nbudget: {amount: 500, currency: PHP}\n"
        "kpis:\n  - {metric: reach, target: 50000}\n---\n"
        "## Plan\n\n**Bold** plan. <script>window.__pwned=4</script>\n\n"
        "[click](javascript:window.__pwned=5) {{ config }}\n"
    ),
    # 01:00 in Manila on Monday 23 November is still Sunday 22 in UTC.
    "content/posts/2026/11/manila-monday.md": (
        "---\ntitle: Manila Monday\nbrand: manila\ncampaign: launch\n"
        "publish_at: 2026-11-23 01:00\nstatus: approved\napproved_by: ana\n"
        "networks: [x, facebook]\n---\nGood morning, Manila! #IponSaSahod @bangko https://example.com/a\n"
    ),
    # 22:00 in Los Angeles on Sunday 29 November is already Monday 30 in UTC.
    "content/posts/2026/11/la-sunday.md": (
        "---\ntitle: LA Sunday night\nbrand: la\npublish_at: 2026-11-29 22:00\nstatus: scheduled\n"
        "approved_by: bo\nnetworks: [instagram]\n---\nLate coffee in LA.\n"
    ),
    "content/posts/2026/11/thread.md": (
        "---\ntitle: Long thread\nbrand: manila\ncampaign: launch\npublish_at: 2026-11-25 12:00\n"
        "status: draft\nnetworks:\n  x: {}\n  facebook: {publish_at: 2026-11-26 09:00}\n---\n"
        "First part of the thread.\n---\n" + "Second part is long. " * 16 + "\n"
    ),
    "content/posts/2026/11/hostile.md": (
        f'---\ntitle: "{HOSTILE_TITLE}"\nbrand: la\npublish_at: 2026-11-26 10:00\n'
        "status: draft\nnetworks: [x, telegram]\n---\n"
        '<img src=x onerror="window.__pwned=2"> **not bold** {{ config }} {% if 1 %}x{% endif %}\n'
        '<a href="javascript:window.__pwned=3">link</a>\n'
    ),
    "content/posts/2026/11/broken.md": "---\ntitle: [unclosed\nnetworks: [x\n---\nText\n",
    "content/posts/ideas/someday.md": (
        "---\ntitle: Someday idea\nbrand: la\nstatus: idea\nnetworks: [instagram]\n---\nMaybe.\n"
    ),
}


def build(root: Path, *args: str, now: str = NOW):
    return CliRunner().invoke(
        cli, ["--root", str(root), "--now", now, "build", *args], catch_exceptions=False
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = write(tmp_path_factory.mktemp("repo"), SITE_REPO)
    result = build(root)
    assert result.exit_code == 0, result.output
    return root / "public"


def html_of(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


class Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def test_build_writes_every_page_feed_and_asset(built):
    for url in (
        "",
        "week/2026-W48",
        "month/2026-11",
        "board",
        "problems",
        "campaigns",
        "campaigns/launch",
        "brands",
        "brands/manila",
        "posts/manila-monday",
        "posts/hostile",
        "posts/broken",
        "posts/someday",
        "about",
    ):
        assert (built / url / "index.html").is_file(), url
    for name in ("calendar.ics", "brands/manila/calendar.ics", "brands/la/calendar.ics"):
        assert (built / name).is_file(), name
    assert (built / "assets/smmplan/smmplan.css").is_file()
    assert ".smm-net--x{" in (built / "assets/smmplan/networks.css").read_text()
    assert (built / "sitemap.xml.gz").is_file()


def test_home_opens_on_the_current_week_and_days_follow_brand_time_zones(built):
    home = html_of(built, "")
    assert 'data-week="2026-W48"' in home
    week = html_of(built, "week/2026-W48")
    days = dict(
        re.findall(
            r'<section class="smm-day[^"]*" data-date="([\d-]+)">(.*?)</section>', week, re.S
        )
    )
    assert "Manila Monday" in days["2026-11-23"]
    assert "LA Sunday night" in days["2026-11-29"]
    # The thread goes out on X on Wednesday and on Facebook on Thursday: two cards.
    assert "Long thread" in days["2026-11-25"] and "Long thread" in days["2026-11-26"]
    assert not any("Someday idea" in day for day in days.values())  # undated: on no day,
    lane = week.split('<section class="smm-unscheduled"', 1)[1].split("</section>", 1)[0]
    assert "Someday idea" in lane  # but in the week's unscheduled lane
    assert "Someday idea" in html_of(built, "board")


def test_post_page_shows_each_network_preview_counts_and_problems(built):
    page = html_of(built, "posts/thread")
    bubbles = re.findall(r'<div class="smm-bubble( smm-bubble--over)?">', page)
    assert bubbles == ["", " smm-bubble--over", ""]  # two parts on X, joined on Facebook
    assert "Part 2 of 2" in page
    assert "smm-cut" in page and "smm-count--over" in page  # part 2 is over 280 on X
    assert "smm-fold" in page  # Facebook folds after 110 characters
    assert "text-too-long" in page
    monday = html_of(built, "posts/manila-monday")
    assert '<span class="smm-tag">#IponSaSahod</span>' in monday
    assert '<span class="smm-mention">@bangko</span>' in monday
    assert '<span class="smm-url">https://example.com/a</span>' in monday
    assert "@bangkoph" in monday  # the brand's account on that network


def test_posts_with_errors_still_get_their_page_with_the_errors(built):
    page = html_of(built, "posts/broken")
    assert "front-matter-invalid" in page
    assert "content/posts/2026/11/broken.md" in html_of(built, "problems")


def test_hostile_content_is_text_everywhere(built):
    for path in built.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in text, path
        assert "onerror=" not in text.replace("onerror=&#34;", "").replace("onerror=&quot;", ""), (
            path
        )
        assert 'href="javascript:' not in text, path
    page = html_of(built, "posts/hostile")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;{{ 7*7 }}{% raw %}" in page
    assert "{{ config }} {% if 1 %}x{% endif %}" in page
    assert "**not bold**" in page
    campaign = html_of(built, "campaigns/launch")
    assert "<strong>Bold</strong>" in campaign and "&lt;script&gt;" in campaign
    index = (built / "search/search_index.json").read_text(encoding="utf-8")
    assert "<script>" not in index


def broken_links(site: Path) -> list[str]:
    missing = []
    for path in site.rglob("*.html"):
        if path.name == "404.html":  # links from the site root, whatever URL shows it
            continue
        parser = Links()
        parser.feed(path.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("#", "mailto:")):
                continue
            target = (path.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                missing.append(f"{path.relative_to(site)} -> {link}")
    return missing


def test_every_internal_link_and_image_resolves(built):
    assert broken_links(built) == []


def test_links_resolve_without_directory_urls(tmp_path):
    site = "site_name: Flat\ndocs_dir: pages\nuse_directory_urls: false\ntheme: {name: material}\n"
    root = write(
        tmp_path / "repo", {**SITE_REPO, "site/mkdocs.yml": site, "site/pages/a.md": "# A\n"}
    )
    assert build(root).exit_code == 0
    assert (root / "public" / "week" / "2026-W48.html").is_file()
    assert broken_links(root / "public") == []


def test_search_indexes_posts_not_calendar_pages(built):
    index = json.loads((built / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert "posts/manila-monday/" in locations
    assert "campaigns/launch/" in locations
    assert not any(loc.startswith(("week/", "month/", "board/")) for loc in locations)
    text = next(d["text"] for d in index["docs"] if d["location"] == "posts/manila-monday/")
    assert "Good morning, Manila!" in text


def test_calendar_feeds_are_rfc5545_with_stable_uids(built):
    data = (built / "calendar.ics").read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert b"\n" not in data.replace(b"\r\n", b"")
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert len(events) == 5  # the thread is two events (X, then Facebook the next day)
    assert "Manila Monday — X (Twitter), Facebook" in summaries  # the post's order
    monday = next(e for e in events if str(e["SUMMARY"]).startswith("Manila Monday"))
    assert monday.decoded("DTSTART") == datetime(2026, 11, 22, 17, 0, tzinfo=UTC)
    assert str(monday["URL"]) == "https://cal.example.org/posts/manila-monday/"
    manila = icalendar.Calendar.from_ical((built / "brands/manila/calendar.ics").read_bytes())
    assert {str(e["UID"]) for e in manila.walk("VEVENT")} <= {str(e["UID"]) for e in events}
    assert len(manila.walk("VEVENT")) == 3


def test_two_builds_are_byte_identical(tmp_path):
    root = write(tmp_path / "repo", SITE_REPO)
    assert build(root, "--out", str(tmp_path / "a")).exit_code == 0
    assert build(root, "--out", str(tmp_path / "b")).exit_code == 0
    a = {
        p.relative_to(tmp_path / "a"): p.read_bytes()
        for p in (tmp_path / "a").rglob("*")
        if p.is_file()
    }
    b = {
        p.relative_to(tmp_path / "b"): p.read_bytes()
        for p in (tmp_path / "b").rglob("*")
        if p.is_file()
    }
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
    sitemap = gzip.decompress((tmp_path / "a" / "sitemap.xml.gz").read_bytes())
    assert b"<lastmod>2026-11-25</lastmod>" in sitemap
    mtime = (tmp_path / "a" / "sitemap.xml.gz").read_bytes()[4:8]  # the gzip header's
    assert mtime == int(datetime(2026, 11, 25, tzinfo=UTC).timestamp()).to_bytes(4, "little")


def test_a_failed_build_leaves_the_last_good_site(tmp_path, monkeypatch):
    root = write(tmp_path / "repo", SITE_REPO)
    assert build(root).exit_code == 0
    before = (root / "public" / "index.html").read_bytes()
    import mkdocs.commands.build as mkdocs_build

    def explode(config, **kwargs):
        (Path(config.site_dir) / "index.html").write_text("half")
        raise KeyboardInterrupt

    monkeypatch.setattr(mkdocs_build, "build", explode)
    assert build(root, "--clean").exit_code == 1  # click's "Aborted!"
    assert (root / "public" / "index.html").read_bytes() == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".public")] == []


def test_problems_do_not_stop_the_build_unless_strict(tmp_path):
    root = write(tmp_path / "repo", SITE_REPO)
    result = build(root)
    assert result.exit_code == 0
    assert "built " in result.output
    strict = build(root, "--strict", "--out", str(tmp_path / "strict"))
    assert strict.exit_code == 1
    assert "build stopped (--strict)" in strict.output
    assert not (tmp_path / "strict").exists()


def test_output_folder_that_is_not_a_site_is_refused(tmp_path):
    root = write(tmp_path / "repo", SITE_REPO)
    result = build(root, "--out", str(root / "content"))
    assert result.exit_code == 2 and "outside content/" in result.output
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("keep me")
    result = build(root, "--out", str(tmp_path / "notes"))
    assert result.exit_code == 2 and "no index.html" in result.output
    assert (tmp_path / "notes" / "todo.txt").read_text() == "keep me"


def test_site_mkdocs_yml_is_used_and_gets_the_plugin(tmp_path):
    root = write(
        tmp_path / "repo",
        {
            **SITE_REPO,
            "site/mkdocs.yml": "site_name: Our own\ndocs_dir: pages\ntheme: {name: material}\n",
            "site/pages/help.md": "# Help page\n\nHello.\n",
        },
    )
    assert build(root).exit_code == 0
    home = html_of(root / "public", "")
    assert "<title>Calendar - Our own</title>" in home
    assert (root / "public" / "help" / "index.html").is_file()
    assert (root / "public" / "week" / "2026-W48" / "index.html").is_file()


def test_broken_mkdocs_configuration_is_a_clear_usage_error(tmp_path):
    root = write(
        tmp_path / "repo",
        {
            **SITE_REPO,
            "site/mkdocs.yml": "site_name: X\ndocs_dir: nowhere\ntheme: {name: material}\n",
        },
    )
    result = build(root)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "nowhere" in result.output


def test_plain_mkdocs_build_with_the_plugin(tmp_path, monkeypatch):
    from mkdocs.__main__ import cli as mkdocs_cli

    from smmplan.render.site.configure import register_plugin

    register_plugin()  # the entry point, for a checkout that is not pip-installed
    root = write(
        tmp_path / "repo",
        {
            **SITE_REPO,
            "site/mkdocs.yml": (
                "site_name: Plain\ndocs_dir: pages\ntheme: {name: material}\n"
                "plugins: [search, smmplan]\n"
            ),
            "site/pages/about.md": "# About\n",
        },
    )
    monkeypatch.setenv("SMMPLAN_NOW", NOW)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    out = tmp_path / "plain"
    result = CliRunner().invoke(
        mkdocs_cli, ["build", "-q", "-f", str(root / "site/mkdocs.yml"), "-d", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert 'data-week="2026-W48"' in html_of(out, "")
    strict = CliRunner().invoke(
        mkdocs_cli, ["build", "--strict", "-f", str(root / "site/mkdocs.yml"), "-d", str(out)]
    )
    assert strict.exit_code == 1  # the plan's problems are a warning: fatal in strict mode


def test_plain_mkdocs_build_dates_the_sitemap_by_the_calendars_now(tmp_path, monkeypatch):
    from mkdocs.__main__ import cli as mkdocs_cli

    from smmplan.render.site.configure import register_plugin

    register_plugin()
    site = "site_name: Plain\ndocs_dir: pages\ntheme: {name: material}\nplugins: [smmplan]\n"
    root = write(
        tmp_path / "repo",
        {**SITE_REPO, "site/mkdocs.yml": site, "site/pages/about.md": "# About\n"},
    )
    monkeypatch.setenv("SMMPLAN_NOW", NOW)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = tmp_path / "plain"
    args = ["build", "-q", "-f", str(root / "site/mkdocs.yml"), "-d", str(out)]
    assert CliRunner().invoke(mkdocs_cli, args).exit_code == 0
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert sitemap.count("<lastmod>2026-11-25</lastmod>") == sitemap.count("<url>") > 1
    mtime = (out / "sitemap.xml.gz").read_bytes()[4:8]
    assert mtime == int(datetime(2026, 11, 25, tzinfo=UTC).timestamp()).to_bytes(4, "little")
    assert "SOURCE_DATE_EPOCH" not in os.environ  # pinned for the build only


def test_interface_and_dates_follow_the_locale(tmp_path):
    files = {**SITE_REPO, "smmplan.yml": "title: Календарь\nlocale: ru\ntimezone: UTC\n"}
    root = write(tmp_path / "repo", files)
    assert build(root).exit_code == 0
    week = html_of(root / "public", "week/2026-W48")
    assert '<html lang="ru"' in week
    assert "Неделя 48, 2026" in week
    assert '<span class="smm-day__name">пн</span>' in week
    assert "пн, 23 нояб.\xa0— вс, 29 нояб. 2026\u202fг." in week  # the week, Monday to Sunday
    post = html_of(root / "public", "posts/thread")
    assert "Часть 2 из 2" in post


def test_serve_passes_options_through(tmp_path, monkeypatch):
    import smmplan.pipeline as serve_module

    calls = []
    monkeypatch.setattr(serve_module, "serve", lambda root, **kw: calls.append((root, kw)))
    root = write(tmp_path / "repo", SITE_REPO)
    result = CliRunner().invoke(cli, ["--root", str(root), "serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert calls == [
        (root, {"host": "127.0.0.1", "port": 8123, "now": None, "open_browser": False})
    ]


def test_serve_watches_posts_brands_and_settings(tmp_path):
    from smmplan.render.site.plugin import SmmplanPlugin

    root = write(tmp_path / "repo", SITE_REPO)

    class Server:
        def __init__(self):
            self.watched = []

        def watch(self, path):
            self.watched.append(path)

    plugin = SmmplanPlugin()
    plugin.root = root
    server = plugin.on_serve(Server(), None, None)
    assert server.watched == [
        str(root / "content"),
        str(root / "brands"),
        str(root / "smmplan.yml"),
    ]


@pytest.mark.skipif(
    __import__("importlib").util.find_spec("smmplan.render.images") is None,
    reason="the images renderer (smmplan.render.images) is not part of this checkout",
)
def test_rendition_images_and_thumbnails_are_linked(tmp_path):
    from PIL import Image

    root = write(tmp_path / "repo", SITE_REPO)
    Image.new("RGB", (1600, 1200), (200, 120, 40)).save(root / "content" / "photo.jpg")
    post = root / "content/posts/2026/11/la-sunday.md"
    post.write_text(
        post.read_text().replace(
            "networks: [instagram]",
            "media:\n  - {src: /content/photo.jpg, alt: A warm cup}\nnetworks: [instagram]",
        )
    )
    assert build(root).exit_code == 0
    site = root / "public"
    week = html_of(site, "week/2026-W48")
    thumbs = re.findall(r'class="smm-card__thumb" src="\.\./\.\./(media/[^"]+)"', week)
    assert len(thumbs) == 1 and (site / thumbs[0]).is_file()
    page = html_of(site, "posts/la-sunday")
    images = re.findall(r'<img src="\.\./\.\./(media/[^"]+)" alt="A warm cup"', page)
    assert images and all((site / image).is_file() for image in images)
