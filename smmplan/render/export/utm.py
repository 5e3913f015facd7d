"""UTM parameters: a brand's ``utm`` template applied to a post's link, per network.

``utm: {source: "{network}", medium: social, campaign: "{campaign}"}`` becomes
``utm_source=x&utm_medium=social&utm_campaign=black-friday-2026``. Placeholders:
``{network}``, ``{campaign}`` (the post's campaign id) and ``{brand}`` (the brand id).
A parameter whose value comes out empty (a post without a campaign) is left out.
The link's own query parameters are kept as written, in their order, and win over the
template: a ``utm_source`` the author wrote is not replaced. The fragment stays last.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

import regex

from smmplan.plan import utm_parameters

__all__ = ["tag_in_text", "utm_parameters", "with_utm"]

# Characters that may continue a URL: a link followed by one of them is a longer URL.
_URL_CONTINUES = r"[\w/?#&=%~+\-@:;]"


def with_utm(url: str, parameters: list[tuple[str, str]]) -> str:
    """``url`` with the parameters appended; non-web links and bad URLs are returned as is."""
    if not parameters:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return url
    existing = {name for name, _ in parse_qsl(parts.query, keep_blank_values=True)}
    added = "&".join(
        f"{quote(name, safe='')}={quote(value, safe='')}"
        for name, value in parameters
        if name not in existing
    )
    if not added:
        return url
    query = f"{parts.query}&{added}" if parts.query else added
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


# What, right after a link, makes it part of a longer URL (so not the link itself).
_CONTINUED = regex.compile(rf"{_URL_CONTINUES}|[.,!?)\]'\"]+{_URL_CONTINUES}")


def tag_in_text(text: str, link: str, tagged: str) -> tuple[str, bool]:
    """Replace each standalone occurrence of ``link`` in ``text``; True if there was one.

    A longer URL that merely starts with the link (``link/more``, ``link?x=1``) is left
    alone; sentence punctuation after the link (``link.``) is not part of it. Found by
    plain search, then one shared pattern at each end: no pattern per link (a plan has
    as many links as posts).
    """
    if not link or link not in text:
        return text, False
    pieces, start = [], 0
    at = text.find(link)
    while at != -1:
        end = at + len(link)
        if _CONTINUED.match(text, end) is None:
            pieces += (text[start:at], tagged)
            start = end
            at = text.find(link, end)
        else:
            at = text.find(link, at + 1)
    if not pieces:
        return text, False
    pieces.append(text[start:])
    return "".join(pieces), True
