"""The link-in-bio page: which posts, in which order, with which UTM-tagged links, escaped."""

from __future__ import annotations

import html.parser
from datetime import UTC, datetime

from smmplan.load import load_project
from smmplan.render.site.data import Image, assemble
from smmplan.render.site.views import render
from smmplan.render.site.views.links import SHOWN, latest, smallest_image
from tests.conftest import write

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
BRAND = (
    "name: Kofe <&> Co\ntimezone: Europe/Moscow\nlocale: en\n"
    'accounts: {instagram: "@kofe"}\n'
    'utm: {source: "{network}", medium: social, campaign: "{campaign}"}\n'
)


def post(title: str, status: str, when: str | None, extra: str = "", brand: str = "kofe") -> str:
    moment = f"publish_at: {when}\n" if when else ""
    approved = "approved_by: ana\n" if status in ("scheduled", "published") else ""
    return (
        f"---\ntitle: {title}\nbrand: {brand}\nstatus: {status}\n{moment}{approved}{extra}"
        "networks: [telegram]\n---\nText.\n"
    )


LINKS_REPO = {
    "smmplan.yml": "title: Plan\nlocale: en\ntimezone: UTC\n",
    "brands/kofe.yml": BRAND,
    "brands/other.yml": "name: Other\ntimezone: UTC\nlocale: en\n",
    "content/campaigns/winter.md": (
        "---\ntitle: Winter\nbrand: kofe\nstart: 2026-11-01\nend: 2026-12-31\n---\n"
    ),
    "content/posts/a.md": post(
        '"<b>Raf</b> & \\"halva\\""', "published", "2026-11-20 10:00", "link: https://k.example/a\n"
    ),
    "content/posts/b.md": post(
        "Guide",
        "scheduled",
        "2026-11-24 09:00",
        "campaign: winter\nlink: https://k.example/b?x=1\n",
    ),
    "content/posts/c.md": post(
        "Future", "scheduled", "2026-11-30 09:00", "link: https://k.example/c\n"
    ),
    "content/posts/d.md": post("No link", "published", "2026-11-21 09:00"),
    "content/posts/e.md": post("Draft", "draft", "2026-11-19 09:00", "link: https://k.example/e\n"),
    "content/posts/f.md": post(
        "Script", "published", "2026-11-22 09:00", 'link: "javascript:x()"\n'
    ),
    "content/posts/g.md": (
        "---\ntitle: Own link\nbrand: kofe\nstatus: published\npublish_at: 2026-11-18 09:00\n"
        "approved_by: ana\nnetworks:\n  telegram: {link: 'https://k.example/g'}\n---\nText.\n"
    ),
    "content/posts/h.md": post(
        "Other brand", "published", "2026-11-23 09:00", "link: https://o.example/\n", "other"
    ),
    "content/posts/i.md": post("Undated", "published", None, "link: https://k.example/i\n"),
}


class Anchors(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "a" and "smm-bio__link" in (found.get("class") or ""):
            self.hrefs.append(found["href"])


def site_of(tmp_path, files=LINKS_REPO, images=None):
    project = load_project(write(tmp_path, files))
    return assemble(project, [], NOW, images=images)


def page_html(site, brand: str = "kofe") -> str:
    definition = next(d for d in site.pages() if d.kind == "links" and d.key == brand)
    return render(site, definition, site.links_url(brand)).html


def test_latest_are_the_public_posts_with_a_web_link_newest_first(tmp_path):
    site = site_of(tmp_path)
    chosen = latest(site, site.project.brands["kofe"])
    assert [b.post.path for b in chosen] == [
        "content/posts/b.md",
        "content/posts/a.md",
        "content/posts/g.md",
        "content/posts/i.md",
    ]
    assert [b.url for b in chosen] == [
        "https://k.example/b?x=1&utm_source=link-in-bio&utm_medium=social&utm_campaign=winter",
        "https://k.example/a?utm_source=link-in-bio&utm_medium=social",
        "https://k.example/g?utm_source=link-in-bio&utm_medium=social",
        "https://k.example/i?utm_source=link-in-bio&utm_medium=social",
    ]
    assert [b.moment.isoformat() if b.moment else None for b in chosen] == [
        "2026-11-24T09:00:00+03:00",
        "2026-11-20T10:00:00+03:00",
        "2026-11-18T09:00:00+03:00",
        None,
    ]


def test_the_page_lists_the_links_escaped_with_the_brand_and_its_accounts(tmp_path):
    site = site_of(tmp_path)
    page = page_html(site)
    anchors = Anchors()
    anchors.feed(page)
    assert anchors.hrefs == [
        "https://k.example/b?x=1&utm_source=link-in-bio&utm_medium=social&utm_campaign=winter",
        "https://k.example/a?utm_source=link-in-bio&utm_medium=social",
        "https://k.example/g?utm_source=link-in-bio&utm_medium=social",
        "https://k.example/i?utm_source=link-in-bio&utm_medium=social",
    ]
    assert '<h1 class="smm-bio__title">Kofe &lt;&amp;&gt; Co</h1>' in page
    assert '<span class="smm-bio__name">&lt;b&gt;Raf&lt;/b&gt; &amp; &#34;halva&#34;</span>' in page
    assert "<b>Raf" not in page and "javascript:" not in page
    assert page.count("@kofe") == 1
    assert (
        '<time class="smm-bio__date" datetime="2026-11-24T09:00:00+03:00">Nov 24, 2026</time>'
        in page
    )


def test_a_brand_with_nothing_out_says_so(tmp_path):
    site = site_of(tmp_path)
    anchors = Anchors()
    anchors.feed(page_html(site, "other"))
    assert anchors.hrefs == ["https://o.example/"]  # its brand has no UTM template
    files = {k: v for k, v in LINKS_REPO.items() if k != "content/posts/h.md"}
    empty = page_html(site_of(tmp_path / "empty", files), "other")
    assert '<p class="smm-empty">Nothing published with a link yet.</p>' in empty
    assert "smm-bio__link" not in empty


def test_only_the_latest_twelve_are_shown(tmp_path):
    files = {
        "brands/kofe.yml": BRAND,
        **{
            f"content/posts/p{n:02}.md": post(
                f"P{n}", "published", f"2026-11-{n:02} 09:00", f"link: https://k.example/{n}\n"
            )
            for n in range(1, 15)
        },
    }
    site = site_of(tmp_path, files)
    chosen = latest(site, site.project.brands["kofe"])
    assert len(chosen) == SHOWN == 12
    assert [b.title for b in chosen] == [f"P{n}" for n in range(14, 2, -1)]


def test_the_image_is_the_smallest_rendition_sharp_at_twice_the_card_size(tmp_path):
    thumb = Image("media/t.jpg", 320, 240, None, "thumb")
    story = Image("media/s.jpg", 1080, 1920, "instagram", "story")
    tiny = Image("media/x.jpg", 200, 200, "x", "tiny")
    assert smallest_image([story, thumb, tiny]) == thumb
    assert smallest_image([tiny]) == tiny
    assert smallest_image([]) is None
    site = site_of(tmp_path, images={"content/posts/a.md": [story, thumb]})
    page = page_html(site)
    assert (
        '<img class="smm-bio__image" src="../../media/t.jpg" alt="" width="320" height="240"'
        in page
    )
    assert page.count("<img") == 1


def test_the_brand_page_links_its_bio_page_and_the_media_library(tmp_path):
    site = site_of(tmp_path)
    definition = next(d for d in site.pages() if d.kind == "brand" and d.key == "kofe")
    page = render(site, definition, site.brand_url("kofe")).html
    assert '<a class="smm-bio-link" href="../../links/kofe/">Link-in-bio page</a>' in page
    assert '<a class="smm-media-link" href="../../media/">Media library</a>' in page
