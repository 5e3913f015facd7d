"""The ``utm_campaign`` smmplan writes into a campaign's links, to find its GA4 rows.

The same rule as ``smmplan.render.export.utm.utm_parameters`` (which the results stage
may not import: it sits below rendering): the brand's ``utm`` template's ``campaign``
(or ``utm_campaign``) value with ``{network}``, ``{campaign}`` and ``{brand}`` filled in.
A template that names ``{network}`` gives one value per network. A brand without a
template: the campaign's id, which is what a hand-written link usually carries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_PLACEHOLDER = re.compile(r"\{(network|campaign|brand)\}")


def utm_campaigns(
    template: Mapping[str, str], *, campaign: str, brand: str, networks: Iterable[str]
) -> tuple[str, ...]:
    """Every ``utm_campaign`` value the campaign's links carry, sorted."""
    raw = template.get("campaign", template.get("utm_campaign"))
    if raw is None:
        return (campaign,)
    values = set()
    for network in sorted(set(networks)) or [""]:
        filled = {"network": network, "campaign": campaign, "brand": brand}
        value = _PLACEHOLDER.sub(lambda m, f=filled: f[m[1]], str(raw)).strip()
        if value:
            values.add(value)
    return tuple(sorted(values))
