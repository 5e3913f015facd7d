"""The ``utm_campaign`` smmplan writes into a campaign's links, to find its GA4 rows.

The same parameters the exports add (``smmplan.plan.utm_parameters``): the brand's
``utm`` template with ``{network}``, ``{campaign}`` and ``{brand}`` filled in. A template
that names ``{network}`` in its campaign gives one value per network. A brand without a
campaign in its template: the campaign's id, which is what a hand-written link carries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from smmplan.plan import utm_parameters


def utm_campaigns(
    template: Mapping[str, str], *, campaign: str, brand: str, networks: Iterable[str]
) -> tuple[str, ...]:
    """Every ``utm_campaign`` value the campaign's links carry, sorted."""
    values = set()
    for network in sorted(set(networks)) or [""]:
        parameters = utm_parameters(template, network=network, campaign=campaign, brand=brand)
        values.update(value for name, value in parameters if name == "utm_campaign")
    return tuple(sorted(values)) or (campaign,)
