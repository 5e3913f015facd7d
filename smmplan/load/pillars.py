"""Content pillars: a brand's ``pillars:`` with target shares, and a post's ``pillar:``.

A share is a percentage, written ``40%`` or ``40`` (decimals allowed: ``12.5%``). The
shares of a brand add up to 100, give or take one point for rounding (three pillars of
``33%`` are fine); a list written as fractions (``0.4``) adds up to 1 and is refused
with that hint.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from smmplan.load import values as v
from smmplan.model import Brand, Finding
from smmplan.suggest import did_you_mean

DEFAULT_TOLERANCE = 10.0  # percentage points
ROUNDING = 1.0  # how far from 100 the shares may add up
_PERCENT = re.compile(r"\s*(\d+(?:\.\d+)?)\s*%?\s*")
_PILLAR_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


def share(value: Any) -> float:
    """A percentage from ``40%``, ``40`` or ``12.5%``: between 0 and 100."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"expected a percentage like 40%, got {v.describe_value(value)}")
    if isinstance(value, int | float):
        number = float(value)
    else:
        match = _PERCENT.fullmatch(str(value))
        if match is None:
            raise ValueError(f"'{value}' is not a percentage: write it like 40%")
        number = float(match.group(1))
    if not math.isfinite(number) or not 0 <= number <= 100:
        raise ValueError(f"'{value}' is not a percentage between 0% and 100%")
    return number


def pillars(value: Any) -> Mapping[str, float]:
    """``{educate: 40%, promote: 20%, ...}``: names and shares that add up to 100%."""
    if not isinstance(value, dict) or not value:
        raise ValueError("expected a mapping of pillar names to shares, e.g. {educate: 40%}")
    shares: dict[str, float] = {}
    for name, item in value.items():
        text = str(name)
        if not _PILLAR_NAME.fullmatch(text):
            raise ValueError(f"'{text}' is not a pillar name: lower-case letters, digits, - or _")
        try:
            shares[text] = share(item)
        except ValueError as error:
            raise ValueError(f"{text}: {error}") from None
    total = sum(shares.values())
    if abs(total - 100) > ROUNDING:
        hint = " (write shares as percentages: 40% or 40)" if total <= 1 else ""
        raise ValueError(f"the shares add up to {percent_text(total)}, not 100%{hint}")
    return MappingProxyType(shares)


def percent_text(number: float) -> str:
    """``40%``, ``12.5%``: whole numbers without a decimal point."""
    rounded = round(number, 1)
    return f"{int(rounded)}%" if rounded == int(rounded) else f"{rounded}%"


def post_pillar(f: v.Fields, brand: Brand | None) -> str | None:
    """The post's ``pillar:``, which must be one of its brand's pillars."""
    name = f.get("pillar", v.text, None)
    if name is None or brand is None:
        return name
    if name not in brand.pillars:
        if brand.pillars:
            known = ", ".join(brand.pillars)
            message = (
                f"pillar '{name}' is not one of {brand.name}'s pillars ({known})"
                f"{did_you_mean(name, brand.pillars)}"
            )
        else:
            message = f"pillar '{name}': {brand.path or brand.id} declares no pillars"
        f.findings.append(Finding("unknown-reference", message, f.line("pillar")))
        return None
    return name
