"""Network specs for people (``smmplan networks``) and for programs (``--format json``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from importlib import resources
from typing import Any

from smmplan.model import NetworkSpec

_SKIP = {"id", "name", "sources", "renditions", "post_formats"}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return value


def spec_json(spec: NetworkSpec) -> dict[str, Any]:
    data = {
        f.name: _plain(getattr(spec, f.name))
        for f in dataclasses.fields(spec)
        if f.name != "sources"
    }
    data["renditions"] = {
        name: {"width": r.width, "height": r.height, "fit": r.fit}
        | ({"aspect": list(r.aspect)} if r.aspect else {})
        for name, r in spec.renditions.items()
    }
    data["post_formats"] = dict(spec.post_formats)
    data["sources"] = {
        key: {
            "source": s.source,
            "verified": s.verified.isoformat() if s.verified else None,
            "confidence": s.confidence,
            "note": s.note or None,
        }
        for key, s in spec.sources.items()
    }
    return data


def _limit(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def table_lines(specs: Sequence[NetworkSpec]) -> list[str]:
    header = f"{'network':<10} {'text':>7} {'unit':<20} {'hashtags':>8} {'media':>5}  renditions"
    rows = [header, "-" * len(header)]
    for s in specs:
        renditions = ", ".join(f"{n} {r.width}×{r.height}" for n, r in s.renditions.items())
        rows.append(
            f"{s.id:<10} {_limit(s.text_limit):>7} {s.unit:<20} {_limit(s.hashtag_limit):>8}"
            f" {_limit(s.max_media):>5}  {renditions}"
        )
    rows.append("")
    rows.append("'smmplan networks NAME' shows every value of one network with its source.")
    return rows


def spec_lines(spec: NetworkSpec) -> list[str]:
    lines = [f"{spec.name} ({spec.id})", ""]
    for field in dataclasses.fields(spec):
        if field.name in _SKIP:
            continue
        value = getattr(spec, field.name)
        if value in (None, (), False) and field.name not in spec.sources:
            continue
        shown = ", ".join(value) if isinstance(value, tuple) else value
        lines.append(f"  {field.name:<16} {shown}")
        source = spec.sources.get(field.name)
        if source:
            weak = " [weak]" if source.confidence == "weak" else ""
            verified = f", verified {source.verified}" if source.verified else ""
            lines.append(f"  {'':<16} ↳ {source.source}{verified}{weak}")
            if source.note:
                lines.append(f"  {'':<16}   {source.note}")
    lines.append("  renditions:")
    for name, r in spec.renditions.items():
        default = " (default)" if name == spec.default_rendition else ""
        lines.append(f"    {name:<12} {r.width}×{r.height} {r.fit}{_shapes(r)}{default}")
    if spec.post_formats:
        formats = ", ".join(f"{k} → {v}" for k, v in spec.post_formats.items())
        lines.append(f"  post formats: {formats}")
    return lines


def _shapes(rendition) -> str:
    """`` (own shape from 0.80:1 to 1.91:1)`` for a rendition that keeps a range of shapes."""
    if not rendition.aspect:
        return ""
    low, high = rendition.aspect
    return f" (own shape from {low:.2f}:1 to {high:.2f}:1)"


def _shapes_source(spec: NetworkSpec, name: str) -> str:
    source = spec.sources.get(f"renditions.{name}.aspect")
    if source is None:
        return ""
    weak = " **weak**" if source.confidence == "weak" else ""
    verified = f" (verified {source.verified})" if source.verified else ""
    return _cell(f"; shapes: {source.source}{verified}") + weak


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def networks_markdown(specs: Sequence[NetworkSpec]) -> str:
    """``docs/networks.md``: every network's values with their sources, from the data files."""
    lines = [
        "# Networks",
        "",
        "Generated from `smmplan/networks/data/*.yml` by `python -m smmplan.report.networks`;"
        " `smmplan networks NAME` prints the same. **weak** marks a fact whose source is thin:"
        " check it before relying on it, and override it in `smmplan.yml` if your account differs.",
        "",
        "```text",
        *table_lines(specs)[:-3],
        "```",
    ]
    for spec in specs:
        lines += [
            "",
            f"## {spec.name} (`{spec.id}`)",
            "",
            "| field | value | source |",
            "|---|---|---|",
        ]
        for field in dataclasses.fields(spec):
            if field.name in _SKIP:
                continue
            value = getattr(spec, field.name)
            source = spec.sources.get(field.name)
            if value in (None, (), False) and source is None:
                continue
            shown = ", ".join(value) if isinstance(value, tuple) else value
            where = ""
            if source is not None:
                verified = f" (verified {source.verified})" if source.verified else ""
                weak = " **weak**" if source.confidence == "weak" else ""
                note = f" — {source.note}" if source.note else ""
                where = f"{source.source}{verified}{weak}{note}"
            lines.append(f"| `{field.name}` | {_cell(shown)} | {_cell(where)} |")
        lines += ["", "| rendition | size | fit | source |", "|---|---|---|---|"]
        for name, r in spec.renditions.items():
            source = spec.sources.get(f"renditions.{name}")
            weak = " **weak**" if source and source.confidence == "weak" else ""
            default = " (default)" if name == spec.default_rendition else ""
            lines.append(
                f"| {name}{default} | {r.width}×{r.height} | {r.fit}{_shapes(r)} | {_cell(source.source if source else '')}{weak}{_shapes_source(spec, name)} |"
            )
    differences = resources.files("smmplan").joinpath("data/counting-differences.md")
    lines += ["", differences.read_text(encoding="utf-8").rstrip("\n")]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    from smmplan.networks import load_builtin

    builtin = load_builtin()
    print(networks_markdown([builtin[name] for name in sorted(builtin)]), end="")
