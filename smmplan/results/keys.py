"""Keys that name one post on one network, from a URL or an id as a post or an export gives it.

``https://www.instagram.com/reel/DPq3xYkNa1B/?igsh=1`` and ``instagram.com/p/DPq3xYkNa1B``
are the same post; so are ``https://twitter.com/i/web/status/2107…`` and
``https://x.com/bakukitabevi/status/2107…``. :func:`keys` turns either into the same
small set of strings, so a row and a post match when their sets meet:

- ``id:<id>``: the network's own id, read out of a known URL shape (a status, a shortcode,
  a video id, a LinkedIn ``urn:li:…:<n>``, …) or given bare;
- ``url:<host/path>``: the URL itself with its scheme, ``www.``/``m.``, fragment and
  trailing slash dropped and its host in lower case (paths keep their case: shortcodes
  and video ids are case-sensitive); its query is dropped too, except parameters that may
  name the post (``?id=7``, not ``utm_*`` or ``igsh``). A URL whose post is named by its
  query (``youtube.com/watch?v=…``, ``facebook.com/permalink.php?story_fbid=…``) has its
  id as its only key, so two such URLs never meet on their shared path.

Ids are never case-folded or turned into numbers.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_HOST_PREFIXES = ("www.", "m.", "mobile.", "web.")
_HOST_ALIASES = {"twitter.com": "x.com", "vxtwitter.com": "x.com", "fxtwitter.com": "x.com"}

# Per network: URL shapes whose group 1 is the post's id. Tried in order on host + path
# (+ query where the id lives there).
_ID_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "x": (re.compile(r"^x\.com/(?:[^/]+|i/web|i)/status(?:es)?/(\d+)"),),
    "instagram": (re.compile(r"^instagram\.com/(?:[^/]+/)?(?:p|reel|reels|tv)/([\w-]+)"),),
    "threads": (re.compile(r"^threads\.(?:net|com)/(?:@[^/]+/)?post/([\w-]+)"),),
    "facebook": (
        re.compile(r"[?&](?:story_fbid|fbid|v)=([\w-]+)"),
        re.compile(r"^facebook\.com/(?:[^/]+/)?(?:posts|videos|reel|photos)/(?:[^/]+/)*?([\w]+)$"),
        re.compile(r"^fb\.watch/([\w-]+)"),
    ),
    "linkedin": (re.compile(r"urn:li:(?:activity|share|ugcPost):(\d+)"),),
    "youtube": (
        re.compile(r"^youtube\.com/(?:shorts|live|embed)/([\w-]{6,})"),
        re.compile(r"^youtube\.com/watch\?(?:.*&)?v=([\w-]{6,})"),
        re.compile(r"^youtu\.be/([\w-]{6,})"),
    ),
    "tiktok": (re.compile(r"^tiktok\.com/@[^/]+/(?:video|photo)/(\d+)"),),
    "telegram": (re.compile(r"^t\.me/(?:s/)?((?:c/)?[\w]+/\d+)"),),
    "pinterest": (re.compile(r"^pinterest\.[a-z.]+/pin/(\d+)"),),
    "vk": (re.compile(r"wall(-?\d+_\d+)"),),
    "bluesky": (
        re.compile(r"^bsky\.app/profile/[^/]+/post/([\w]+)"),
        re.compile(r"^at:/*[^/]+/app\.bsky\.feed\.post/([\w]+)"),
    ),
    "mastodon": (re.compile(r"^[^/]+/@[^/]+/(\d+)$"), re.compile(r"/statuses/(\d+)")),
}

# Handles inside post URLs, for exports without an account column.
_HANDLE_PATTERNS: dict[str, re.Pattern[str]] = {
    "x": re.compile(r"^x\.com/(?!i/)([\w]+)/status"),
    "tiktok": re.compile(r"^tiktok\.com/(@[\w.-]+)/"),
    "telegram": re.compile(r"^t\.me/(?!c/|s/)([\w]+)/\d+"),
    "threads": re.compile(r"^threads\.(?:net|com)/(@[\w.]+)/"),
    "bluesky": re.compile(r"^bsky\.app/profile/([^/]+)/"),
    "mastodon": re.compile(r"^[^/]+/(@[\w.]+)/\d+"),
}


def looks_like_url(value: str) -> bool:
    """A URL (with or without its scheme) rather than a bare id."""
    value = value.strip()
    return bool(_SCHEME.match(value)) or ("/" in value and "." in value.split("/", 1)[0])


@lru_cache(maxsize=65536)
def _locator(url: str) -> tuple[str, str]:
    """(host/path, host/path?query) of a URL, normalised as the module docstring says."""
    rest = _SCHEME.sub("", url.strip(), count=1)
    if rest.lower().startswith("at:"):  # at://did/... (bluesky) with its scheme kept
        rest = "at:" + rest[3:]
    rest = rest.split("#", 1)[0]
    path, _, query = rest.partition("?")
    host, slash, tail = path.partition("/")
    host = host.lower().rsplit("@", 1)[-1].split(":", 1)[0] if "." in host else host.lower()
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix) :]
            break
    host = _HOST_ALIASES.get(host, host)
    located = f"{host}{slash}{tail}".rstrip("/")
    return located, f"{located}?{query}" if query else located


@lru_cache(maxsize=65536)
def keys(network: str, value: str | None) -> frozenset[str]:
    """The keys of a URL or id on a network (empty for a blank value)."""
    if value is None or not value.strip():
        return frozenset()
    value = value.strip()
    if not looks_like_url(value):
        bare = value[4:] if network == "vk" and value.startswith("wall") else value
        found = {f"id:{bare}"}
        if network == "facebook" and "_" in bare:  # "<page id>_<post id>"
            found.add(f"id:{bare.rsplit('_', 1)[1]}")
        return frozenset(found)
    located, with_query = _locator(value)
    for pattern in _ID_PATTERNS.get(network, ()):
        match = pattern.search(located)
        if match:
            return frozenset({f"url:{located}", f"id:{match[1]}"})
    for pattern in _ID_PATTERNS.get(network, ()):
        match = pattern.search(with_query)
        if match:  # the post is named by its query (watch?v=, story_fbid=): the id alone
            return frozenset({f"id:{match[1]}"})
    return frozenset({f"url:{_with_naming_query(located, with_query)}"})


_TRACKING = re.compile(r"^(utm_\w+|igsh|igshid|si|fbclid|gclid|ref|ref_src|ref_url|s|t|feature)$")


def _with_naming_query(located: str, with_query: str) -> str:
    """``host/path`` plus the query parameters that may name the post (``?id=7``), without
    those that only track where a click came from (``utm_*``, ``igsh``, ``si``, …)."""
    query = with_query[len(located) + 1 :]
    kept = sorted(
        part for part in query.split("&") if part and not _TRACKING.match(part.split("=", 1)[0])
    )
    return f"{located}?{'&'.join(kept)}" if kept else located


@lru_cache(maxsize=262144)
def row_keys(network: str, post_id: str | None, url: str | None) -> frozenset[str]:
    """Every key of an export row: those of its id and of its URL."""
    if post_id and url:
        return keys(network, post_id) | keys(network, url)
    return keys(network, post_id or url)


def handle_in_url(network: str, url: str | None) -> str | None:
    """The account handle a post URL names (``x.com/<handle>/status/…``), or None."""
    pattern = _HANDLE_PATTERNS.get(network)
    if not url or pattern is None:
        return None
    match = pattern.search(_locator(url)[0])
    return match[1] if match else None


@lru_cache(maxsize=4096)
def same_handle(handle: str) -> str:
    """A handle as compared: without ``@``, case-folded, without surrounding space."""
    return handle.strip().lstrip("@").casefold()
