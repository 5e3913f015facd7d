"""The site's language: our own strings (by key, from the gettext catalogs of
:mod:`smmplan.locale`), diagnostics (:func:`smmplan.locale.translate`) and dates, numbers,
money and weekday names from babel (CLDR), all following ``smmplan.yml``'s ``locale``.

mkdocs-material translates its own interface through ``theme.language``;
:func:`material_language` picks the closest language it ships.
"""

from __future__ import annotations

import copy
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib import resources
from typing import Any

from babel import Locale, UnknownLocaleError, dates, numbers

from smmplan.locale import LANGUAGES, catalog, translate
from smmplan.locale.catalogs import translations

__all__ = ["LANGUAGES", "WHOLE_FROM", "Lang", "material_language", "own_keys"]

WHOLE_FROM = 10_000
"""Whole amounts of money from this on are shown without minor units (budgets, spend)."""


def _tag(locale: str) -> str:
    return (locale or "en").replace("_", "-").strip()


def _babel_locale(tag: str) -> Locale:
    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(tag.split("-")[0])
        except (UnknownLocaleError, ValueError):
            return Locale.parse("en")


def material_language(locale: str, available: frozenset[str] | None = None) -> str:
    """The mkdocs-material ``theme.language`` for a locale: exact tag, else its language, else en."""
    tag = _tag(locale)
    known = available if available is not None else _material_languages()
    for candidate in (tag, tag.split("-")[0].lower()):
        if candidate in known:
            return candidate
    return "en"


@cache
def _material_languages() -> frozenset[str]:
    try:
        folder = (
            resources.files("material")
            .joinpath("templates")
            .joinpath("partials")
            .joinpath("languages")
        )
        return frozenset(
            p.name[: -len(".html")] for p in folder.iterdir() if p.name.endswith(".html")
        )
    except (ModuleNotFoundError, FileNotFoundError):
        return frozenset({"en"})


class Lang:
    """Strings, dates and numbers in one language (an ``smmplan.yml`` locale such as ``ru``)."""

    def __init__(self, locale: str = "en") -> None:
        tag = _tag(locale)
        primary = tag.split("-")[0].lower()
        self.code = primary if primary in LANGUAGES else "en"
        self.locale = _babel_locale(tag)
        self._catalog = translations(self.code)  # English behind it
        self._memo: dict[tuple, str] = {}  # babel is slow; the same dates repeat a lot

    def _cached(self, key: tuple, make) -> str:
        value = self._memo.get(key)
        if value is None:
            value = self._memo[key] = make()
        return value

    # -- our strings --------------------------------------------------------------------------

    def t(self, key: str, **values: Any) -> str:
        """The string ``key`` with ``{placeholders}`` filled; an unknown key is returned as is."""
        text = self._catalog.gettext(key)
        if text == key:  # a key with plural forms only: its general form
            text = self._catalog.ngettext(key, key, 2)
        return text.format(**values) if values else text

    def n(self, key: str, n: int, **values: Any) -> str:
        """The plural form of ``key`` for ``n`` (the catalog's plural rule), ``{n}`` filled."""
        return self._catalog.ngettext(key, key, n).format(n=self.number(n), **values)

    def phrase(self, english: str) -> str:
        """A diagnostic (or any sentence made with ``smmplan.locale.phrase``) in this language."""
        return translate(english, self.code)

    def status(self, status: str) -> str:
        return self.t(f"status.{status}")

    def unit(self, unit: str) -> str:
        return self.t(f"unit.{unit}")

    # -- dates and numbers --------------------------------------------------------------------

    def weekdays(self, width: str = "abbreviated") -> list[str]:
        """Weekday names, Monday first."""
        key = ("weekdays", width)
        if key not in self._memo:
            names = dates.get_day_names(width, locale=self.locale)
            self._memo[key] = [names[i] for i in range(7)]  # type: ignore[assignment]
        return list(self._memo[key])

    def weekday(self, day: date, width: str = "abbreviated") -> str:
        return self.weekdays(width)[day.weekday()]

    def day(self, day: date) -> str:
        """Day and month, short: '23 Nov' / '23 нояб.'."""
        return self._cached(
            ("day", day), lambda: dates.format_skeleton("MMMd", day, locale=self.locale)
        )

    def day_long(self, day: date) -> str:
        """Weekday, day, month and year: 'Monday, 23 November 2026'."""
        return self._cached(
            ("day_long", day), lambda: dates.format_date(day, "full", locale=self.locale)
        )

    def date(self, day: date) -> str:
        return self._cached(
            ("date", day), lambda: dates.format_date(day, "medium", locale=self.locale)
        )

    def month(self, year: int, month: int) -> str:
        """'November 2026' in the language's stand-alone form."""
        return dates.format_skeleton("yMMMM", date(year, month, 1), locale=self.locale)

    def time(self, moment: datetime | time) -> str:
        """Wall-clock time, short ('9:00 AM' / '09:00'), of the moment as given."""
        clock = time(moment.hour, moment.minute)
        return self._cached(
            ("time", clock), lambda: dates.format_time(clock, "short", locale=self.locale)
        )

    def datetime(self, moment: datetime) -> str:
        """Date and time on the moment's own clock, with its UTC offset."""
        return self._cached(
            ("datetime", moment, moment.utcoffset()), lambda: self._datetime(moment)
        )

    def _datetime(self, moment: datetime) -> str:
        offset = moment.strftime("%z")
        offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else ""
        text = f"{self.day_long(moment.date())}, {self.time(moment)}"
        return f"{text} ({offset})" if offset else text

    def number(self, value: float) -> str:
        return self._cached(
            ("number", value), lambda: numbers.format_decimal(value, locale=self.locale)
        )

    def money(self, amount: float, currency: str | None) -> str:
        """An amount in the language's currency format (CLDR): ``800,00 ₼`` in az; a whole
        amount from :data:`WHOLE_FROM` on without minor units: ``45 000 ₽`` in ru."""
        if not currency:
            return self.number(amount)
        code = currency.upper()
        try:
            if abs(amount) >= WHOLE_FROM and float(amount).is_integer():
                pattern = copy.copy(self.locale.currency_formats["standard"])
                pattern.frac_prec = (0, 0)
                return pattern.apply(amount, self.locale, currency=code, currency_digits=False)
            return numbers.format_currency(amount, code, locale=self.locale)
        except (ValueError, numbers.UnknownCurrencyError):
            return f"{self.number(amount)} {currency}"

    def duration(self, delta: timedelta) -> str:
        """'3 hours', '1 hour 30 minutes': exact, unlike babel's rounding."""
        minutes = int(delta.total_seconds() // 60)
        hours, minutes = divmod(minutes, 60)
        parts = (
            [dates.format_timedelta(timedelta(hours=hours), threshold=1, locale=self.locale)]
            if hours
            else []
        )
        if minutes or not parts:
            parts.append(
                dates.format_timedelta(timedelta(minutes=minutes), threshold=1, locale=self.locale)
            )
        return " ".join(parts)

    def language_name(self, code: str) -> str:
        try:
            return _babel_locale(_tag(code)).get_display_name(self.locale) or code
        except (ValueError, AttributeError):
            return code

    def keys(self) -> frozenset[str]:
        return own_keys("en") | own_keys(self.code)


@cache
def own_keys(language: str) -> frozenset[str]:
    """The keys one catalog translates (for tests: every language has every key)."""
    keys = set()
    for message in catalog(language):
        key = message.id if isinstance(message.id, str) else message.id[0]
        forms = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if key and message.context is None and not message.fuzzy and all(forms):
            keys.add(key)
    return frozenset(keys)
