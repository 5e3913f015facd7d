"""The media library: a page per used file (renditions, posts and when, alt, credit, licence)
and the index; credit and licence as the loader reads them."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st
from PIL import Image as Picture

from smmplan.load import load_project
from smmplan.render.site import urls
from smmplan.render.site.data import Image, assemble
from smmplan.render.site.views import render
from smmplan.render.site.views.media_library import entries, renditions
from tests.conftest import write

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
CUP = "content/media/kofe/cup.jpg"

MEDIA_REPO = {
    "smmplan.yml": "title: Plan\nlocale: en\ntimezone: UTC\n",
    "brands/kofe.yml": "name: Kofe\ntimezone: Europe/Moscow\nlocale: en\n",
    "content/posts/late.md": (
        "---\ntitle: Late cup\nbrand: kofe\npublish_at: 2026-11-28 10:00\nnetworks: [telegram]\n"
        "media:\n  - src: /content/media/kofe/cup.jpg\n    alt: A red cup\n"
        "    credit: '<script>alert(1)</script> Ana'\n    license: CC BY 4.0\n---\nText.\n"
    ),
    "content/posts/early.md": (
        "---\ntitle: Early cup\nbrand: kofe\npublish_at: 2026-11-20 09:00\nnetworks:\n"
        "  telegram: {}\n  vk:\n    media: [{src: /content/media/kofe/cup.jpg, alt: A red cup,"
        " license: CC BY 4.0}]\n---\nText.\n"
    ),
    "content/posts/undated.md": (
        "---\ntitle: Someday\nbrand: kofe\nnetworks: [telegram]\n"
        "media: [{src: /content/media/kofe/cup.jpg, alt: 'Cup, top view'}]\n---\nText.\n"
    ),
    "content/posts/beans.md": (
        "---\ntitle: Beans\nbrand: kofe\npublish_at: 2026-11-21 09:00\nnetworks: [telegram]\n"
        "media: [{src: beans.png, alt: Beans}]\n---\nText.\n"
    ),
}


def site_of(tmp_path, images=None):
    root = write(tmp_path, MEDIA_REPO)
    for name, size in ((CUP, (1600, 1200)), ("content/posts/beans.png", (800, 800))):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        Picture.new("RGB", size, "#a0522d").save(root / name)
    (root / "content/media/spare.jpg").write_bytes((root / CUP).read_bytes())
    return assemble(load_project(root), [], NOW, images=images)


def page_of(site, kind: str, key: str = "") -> str:
    definition = next(d for d in site.pages() if d.kind == kind and d.key == key)
    return render(site, definition, urls.page_url(definition.src_uri)).html


def test_credit_and_license_are_read_from_media_entries(tmp_path):
    site = site_of(tmp_path)
    late = site.posts_by_path["content/posts/late.md"]
    assert [(m.credit, m.license, m.line) for m in late.media] == [
        ("<script>alert(1)</script> Ana", "CC BY 4.0", 7)
    ]
    assert [f.rule for p in site.project.posts for f in p.findings] == []


def test_used_files_get_pages_with_their_type_in_the_slug(tmp_path):
    site = site_of(tmp_path)
    assert site.media_slugs == {
        "content/media/kofe/cup.jpg": "cup-jpg",
        "content/posts/beans.png": "beans-png",
    }
    assert site.media_url(CUP) == "media/cup-jpg/"
    assert site.project.media_files == (CUP, "content/media/spare.jpg")
    assert [d.src_uri for d in site.pages() if d.kind.startswith("media")] == [
        "media/index.md",
        "media/cup-jpg.md",
        "media/beans-png.md",
    ]


def test_uses_are_in_publishing_order_with_their_network(tmp_path):
    site = site_of(tmp_path)
    assert list(entries(site)) == [CUP, "content/posts/beans.png"]
    cup = entries(site)[CUP]
    assert [(u.post.path, u.network) for u in cup.uses] == [
        ("content/posts/early.md", "vk"),
        ("content/posts/late.md", None),
        ("content/posts/undated.md", None),
    ]
    assert (cup.credits, cup.licenses, cup.alts) == (
        ["<script>alert(1)</script> Ana"],
        ["CC BY 4.0"],
        ["A red cup", "Cup, top view"],
    )
    assert (cup.info.width, cup.info.height) == (1600, 1200)


def test_the_page_lists_posts_renditions_and_rights_escaped(tmp_path):
    thumb = Image("media/t.jpg", 320, 240, None, "thumb", source=CUP)
    feed = Image("media/v.jpg", 1080, 810, "vk", "feed", source=CUP)
    other = Image("media/b.jpg", 320, 320, None, "thumb", source="content/posts/beans.png")
    images = {
        "content/posts/late.md": [thumb],
        "content/posts/early.md": [thumb, feed],
        "content/posts/beans.md": [other],
    }
    site = site_of(tmp_path, images)
    assert renditions(site, CUP) == [thumb, feed]
    page = page_of(site, "media", CUP)
    assert re.findall(r'<tr data-post="([^"]+)">', page) == [
        "content/posts/early.md",
        "content/posts/late.md",
        "content/posts/undated.md",
    ]
    assert re.findall(r'<a href="(\.\./\.\./posts/[^"]+)">([^<]+)</a>', page) == [
        ("../../posts/early/", "Early cup"),
        ("../../posts/late/", "Late cup"),
        ("../../posts/undated/", "Someday"),
    ]
    assert '<time datetime="2026-11-20T09:00:00+03:00">Nov 20, 2026 9:00\u202fAM</time>' in page
    assert "<td>Not scheduled</td>" in page and page.count("Every network") == 2
    assert "<dd>&lt;script&gt;alert(1)&lt;/script&gt; Ana</dd>" in page and "<script>" not in page
    assert "<dd>CC BY 4.0</dd>" in page and "<dd>1600×1200 jpeg</dd>" in page
    assert re.findall(r"<code>(\w+)</code> (\d+×\d+)", page) == [
        ("thumb", "320×240"),
        ("feed", "1080×810"),
    ]
    assert 'src="../t.jpg"' in page and 'src="../b.jpg"' not in page


def test_the_index_lists_each_used_file_once_by_path(tmp_path):
    site = site_of(tmp_path)
    page = page_of(site, "media_index")
    rows = re.findall(
        r'<tr data-media="([^"]+)"><td>.*?<a href="([^"]+)">[^<]+</a></td><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td>',
        page,
    )
    assert rows == [
        (CUP, "cup-jpg/", "3", "&lt;script&gt;alert(1)&lt;/script&gt; Ana", "CC BY 4.0"),
        ("content/posts/beans.png", "beans-png/", "1", "", ""),
    ]
    assert "spare.jpg" not in page


def test_a_plan_without_media_has_an_empty_index(tmp_path):
    root = write(tmp_path, {k: v for k, v in MEDIA_REPO.items() if "media" not in v})
    site = assemble(load_project(root), [], NOW)
    assert site.media_slugs == {}
    assert '<p class="smm-empty">No post uses a media file yet.</p>' in page_of(site, "media_index")


def test_media_slugs_keep_the_type_and_break_ties_with_folders():
    assert urls.media_slugs(
        ["content/media/a/cup.jpg", "content/media/b/cup.jpg", "content/media/cup.mp4", "x/noext"],
        "content/media/",
    ) == {
        "content/media/a/cup.jpg": "a-cup-jpg",
        "content/media/b/cup.jpg": "b-cup-jpg",
        "content/media/cup.mp4": "cup-mp4",
        "x/noext": "noext",
    }


def test_a_credit_that_is_not_text_is_reported_and_the_rest_still_loads(tmp_path):
    files = {
        **MEDIA_REPO,
        "content/posts/bad.md": (
            "---\ntitle: Bad\nbrand: kofe\nnetworks: [telegram]\nmedia:\n"
            "  - {src: /content/media/kofe/cup.jpg, alt: A, credit: [Ana, Bo], license: {a: 1}}\n"
            "---\nText.\n"
        ),
    }
    project = load_project(write(tmp_path, files))
    bad = next(p for p in project.posts if p.path == "content/posts/bad.md")
    assert [(f.rule, f.line) for f in bad.findings] == [("invalid-value", 6), ("invalid-value", 6)]
    assert [(m.src, m.credit, m.license) for m in bad.media] == [
        ("/content/media/kofe/cup.jpg", None, None)
    ]
    assert len(project.posts) == 5


@given(
    st.lists(
        st.text(alphabet="ab.-/Ж ", min_size=1, max_size=8).map(lambda t: f"content/media/{t}"),
        max_size=8,
    )
)
def test_every_media_file_gets_its_own_slug(paths):
    slugs = urls.media_slugs(paths, "content/media/")
    assert set(slugs) == set(paths)
    assert len(set(slugs.values())) == len(slugs)
    assert all(s and "/" not in s and s != "index" for s in slugs.values())


def test_the_post_schema_takes_credit_and_license_as_text():
    import jsonschema

    from smmplan.workflow.schema import post_schema

    validator = jsonschema.Draft202012Validator(post_schema())
    good = {"title": "T", "media": [{"src": "a.jpg", "credit": "Ana", "license": "CC0 1.0"}]}
    bad = {"title": "T", "media": [{"src": "a.jpg", "credit": ["Ana"]}]}
    assert list(validator.iter_errors(good)) == []
    assert len(list(validator.iter_errors(bad))) == 1
