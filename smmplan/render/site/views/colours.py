"""One colour per brand on the site: the brand file's ``colour:``, else the default palette.

The palette is Okabe and Ito's, chosen to stay apart for the common kinds of colour
blindness (https://jfly.uni-koeln.de/color/, 2008); its black is replaced by its grey so
a chip still shows on the dark scheme. Brands without a colour of their own take the
palette's colours in the order of their ids, so adding a colour to one brand never
changes another's. A colour is only ever printed as a validated ``#rrggbb``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from smmplan.model import Project

PALETTE = (
    "#0072b2",  # blue
    "#e69f00",  # orange
    "#009e73",  # bluish green
    "#d55e00",  # vermillion
    "#cc79a7",  # reddish purple
    "#56b4e9",  # sky blue
    "#f0e442",  # yellow
    "#999999",  # grey
)
_HEX = re.compile(r"#[0-9a-f]{6}")


def brand_colours(project: Project) -> Mapping[str, str]:
    """brand id -> ``#rrggbb``: its own colour, or the palette's next one."""
    colours: dict[str, str] = {}
    unset = 0
    for brand_id in sorted(project.brands):
        own = project.brands[brand_id].colour
        if own is not None and _HEX.fullmatch(own):
            colours[brand_id] = own
        else:
            colours[brand_id] = PALETTE[unset % len(PALETTE)]
            unset += 1
    return colours


def site_colours(site) -> Mapping[str, str]:
    """The brand colours of a site, computed once per build."""
    cached = site.memo.get("brand colours")
    if cached is None:
        cached = site.memo["brand colours"] = brand_colours(site.project)
    return cached


def colour_of(site, brand_id: str | None) -> str | None:
    return site_colours(site).get(brand_id) if brand_id is not None else None


@cache  # every card of a brand prints the same
def style(colour: str | None) -> str | None:
    """The ``style`` attribute that hands the colour to the CSS (``--smm-brand``)."""
    if colour is None or not _HEX.fullmatch(colour):
        return None
    return f"--smm-brand:{colour};--smm-on-brand:{text_on(colour)}"


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    channels = []
    for index in (1, 3, 5):
        value = int(colour[index : index + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (an avatar's initial)."""
    return "#000000" if contrast(colour, "#000000") >= contrast(colour, "#ffffff") else "#ffffff"
