"""Network specs for people (``smmplan networks``) and for programs (``--format json``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
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
        lines.append(f"    {name:<12} {r.width}×{r.height} {r.fit}{default}")
    if spec.post_formats:
        formats = ", ".join(f"{k} → {v}" for k, v in spec.post_formats.items())
        lines.append(f"  post formats: {formats}")
    return lines
