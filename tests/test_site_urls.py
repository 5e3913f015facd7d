"""A page's canonical and absolute URL, joined without ``urljoin`` for plain paths, are
the ones MkDocs computes."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from hypothesis import example, given
from hypothesis import strategies as st

from smmplan.render.site import urls

SEGMENT = st.text(alphabet=st.sampled_from("aя-_.%~:?#\\ 9\t\n\x00\x1f"), min_size=0, max_size=6)
PATH = st.lists(SEGMENT, min_size=1, max_size=4).map("/".join)
BASES = st.sampled_from(
    [
        "https://cal.example.org/",
        "https://cal.example.org/sub/",
        "https://cal.example.org/sub",
        "HTTPS://Cal.Example.org//twice//",
        "http://127.0.0.1:8000/?q=1",
        "https://x.example/a/b#top",
        "/relative/",
    ]
)


@given(BASES, PATH)
@example("https://cal.example.org/", " ")  # urljoin strips spaces and controls
@example("https://cal.example.org/", "posts/a\tb/")
@example("https://cal.example.org/sub/", "\x00posts/")
def test_joined_is_urljoin_and_its_path(base, url):
    canonical = urljoin(base, url)
    assert urls.joined(base, url) == (canonical, urlsplit(canonical).path)


def test_a_generated_page_address_is_appended():
    assert urls.joined("https://cal.example.org/sub/", "posts/fiesta/") == (
        "https://cal.example.org/sub/posts/fiesta/",
        "/sub/posts/fiesta/",
    )
    assert urls.joined("https://cal.example.org/", "week/2026-W48/") == (
        "https://cal.example.org/week/2026-W48/",
        "/week/2026-W48/",
    )
