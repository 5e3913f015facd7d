"""Money on the site: CLDR's currency format of the site's language (babel)."""

from __future__ import annotations

import pytest

from smmplan.render.site.i18n import WHOLE_FROM, Lang

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("language", "amount", "currency", "shown"),
    [
        ("az", 800, "AZN", f"800,00{NBSP}₼"),
        ("ru", 45000, "RUB", f"45{NBSP}000{NBSP}₽"),  # whole and large: no kopecks
        ("ru", 45000.5, "rub", f"45{NBSP}000,50{NBSP}₽"),
        ("ru", 800, "RUB", f"800,00{NBSP}₽"),
        ("en", 1250.5, "EUR", "€1,250.50"),
        ("en", 12000, "USD", "$12,000"),
        ("tl", 1250.5, "PHP", "₱1,250.50"),
        ("az", 12000, "AZN", f"12.000{NBSP}₼"),
        ("ru", -20000, "EUR", f"-20{NBSP}000{NBSP}€"),
        ("en", 9999, "USD", "$9,999.00"),
    ],
)
def test_money_is_formatted_by_the_language(language, amount, currency, shown):
    assert Lang(language).money(amount, currency) == shown


def test_money_without_a_currency_is_a_number_and_an_unknown_one_shows_its_code():
    assert Lang("ru").money(1500, None) == f"1{NBSP}500"
    assert Lang("en").money(1500, "XYZW") == "XYZW1,500.00"  # CLDR has no symbol for it
    assert WHOLE_FROM == 10_000


def test_the_campaign_budget_on_the_site_is_in_the_language(tmp_path):
    from smmplan.render.site.views.results import money

    assert money(Lang("az"), 800.0, "AZN") == f"800,00{NBSP}₼"
    assert money(Lang("ru"), 45000.0, "RUB") == f"45{NBSP}000{NBSP}₽"
    assert money(Lang("ru"), None, "RUB") == "—"
