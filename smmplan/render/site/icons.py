"""Network icons as a style sheet: each network's brand icon (the Font Awesome icons that
mkdocs-material ships, licence comment kept) as a CSS mask, in the network's colour.

One small CSS file instead of an SVG per card keeps pages light; icons that are black
follow the text colour so they stay visible in the dark scheme. Each network's ``icon``,
``color`` and ``display_order`` come from its data file (:mod:`smmplan.networks`).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from urllib.parse import quote

from smmplan.model import NetworkSpec
from smmplan.networks import load_builtin


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


def _place(spec: NetworkSpec) -> tuple[bool, int, str]:
    """Networks in their ``display_order``; those without one after them, by id."""
    return (spec.display_order is None, spec.display_order or 0, spec.id)


@cache
def networks_css() -> str:
    specs = sorted(load_builtin().values(), key=_place)
    rules = [rule(s.id, _svg(s.icon) if s.icon else None, s.color) for s in specs]
    header = "/* Network icons: Font Awesome Free brand icons (CC BY 4.0), via mkdocs-material. */"
    return "\n".join([header, *filter(None, rules)]) + "\n"
