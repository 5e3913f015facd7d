"""Network icons as a style sheet: each network's brand icon (the Font Awesome icons that
mkdocs-material ships, licence comment kept) as a CSS mask, in the network's colour.

One small CSS file instead of an SVG per card keeps pages light; icons that are black
follow the text colour so they stay visible in the dark scheme.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from urllib.parse import quote

ICONS = {
    "x": ("x-twitter", None),
    "bluesky": ("bluesky", "#1185fe"),
    "threads": ("threads", None),
    "mastodon": ("mastodon", "#6364ff"),
    "instagram": ("instagram", "#e1306c"),
    "facebook": ("facebook", "#1877f2"),
    "linkedin": ("linkedin", "#0a66c2"),
    "tiktok": ("tiktok", None),
    "pinterest": ("pinterest", "#e60023"),
    "youtube": ("youtube", "#ff0000"),
    "telegram": ("telegram", "#26a5e4"),
    "vk": ("vk", "#0077ff"),
}
"""network id -> (Font Awesome brand icon, colour; None = the text colour)."""


def _svg(name: str) -> str | None:
    try:
        folder = resources.files("material").joinpath("templates").joinpath(".icons")
        path = folder.joinpath("fontawesome").joinpath("brands").joinpath(f"{name}.svg")
        return path.read_text("utf-8").strip()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return None


def rule(network: str, svg: str | None, color: str | None) -> str:
    declarations = []
    if svg:
        declarations.append(f'--smm-icon:url("data:image/svg+xml,{quote(svg, safe=" /:=")}")')
    if color:
        declarations.append(f"--smm-net-color:{color}")
    return f".smm-net--{network}{{{';'.join(declarations)}}}" if declarations else ""


@cache
def networks_css() -> str:
    rules = [rule(network, _svg(icon), color) for network, (icon, color) in ICONS.items()]
    header = "/* Network icons: Font Awesome Free brand icons (CC BY 4.0), via mkdocs-material. */"
    return "\n".join([header, *filter(None, rules)]) + "\n"
