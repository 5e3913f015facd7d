"""Numbers and IDs as the networks' exports write them.

One parser for every figure: ``4210``, ``"9,120"``, ``1 204`` with a non-breaking or thin
space, ``0,642819`` with a decimal comma, ``2140.0`` written as a float. Blank, ``N/A``,
``--`` and ``-`` mean "not reported" (``None``), never zero. Plain digits take a fast
path, because a metrics folder holds hundreds of thousands of cells.

IDs are text: ``1362248909258331`` stays a string, and an ID a spreadsheet has turned into
``1.2E+17`` (or ``1362248909258331.0`` past a float's precision) is refused rather than
rounded, since a rounded ID silently names another post.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time

MISSING = frozenset({"", "n/a", "na", "-", "--", "—", "–", "null"})
"""Cell texts (casefolded, stripped) that mean "not reported"."""

# Spaces used as thousands separators: regular, no-break, narrow no-break, thin,
# figure and hair spaces, and the apostrophe of Swiss German.
_SEPARATORS = str.maketrans("", "", " \u00a0\u202f\u2009\u2007\u200a'\u2019")
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_NUMBER_CHARS = frozenset("0123456789.,-+eE")
_EXACT_DIGITS = 15  # an integer with more digits may have been rounded by a float


class BadNumber(ValueError):
    """A cell that should hold a number holds something else."""


class DamagedId(ValueError):
    """An ID a spreadsheet turned into a rounded number (``1.2E+17``)."""


def parse_number(text: str) -> int | float | None:
    """The number in a cell; ``None`` when missing; ``BadNumber`` for garbage.

    Integral values come back as ``int`` (``"2140.0"`` is 2140), others as ``float``.
    A trailing ``%`` is dropped: whether a column holds percentages is the format's call.
    """
    if text.isdigit() and text.isascii():
        return int(text)
    if text.count(".") == 1 and text.replace(".", "", 1).isdigit() and text.isascii():
        value = float(text)  # "874.2031", "2140.0": the common decimal, without the slow path
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    return _parse_slow(text)


def _parse_slow(text: str) -> int | float | None:
    cleaned = text.strip().strip('"')
    if cleaned.casefold() in MISSING:
        return None
    cleaned = cleaned.translate(_SEPARATORS).translate(_MINUS).removesuffix("%")
    if not cleaned or not _NUMBER_CHARS.issuperset(cleaned) or not _has_digit(cleaned):
        raise BadNumber(f"'{text.strip()}' is not a number")
    cleaned = _decimal_point(cleaned)
    try:
        value = float(cleaned) if any(c in cleaned for c in ".eE") else int(cleaned)
    except ValueError:
        raise BadNumber(f"'{text.strip()}' is not a number") from None
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BadNumber(f"'{text.strip()}' is not a number")
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
    return value


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _decimal_point(text: str) -> str:
    """``text`` with thousands separators dropped and a decimal comma made a point.

    Both ``,`` and ``.``: the last one is the decimal separator. Only commas: several
    (``1,234,567``) or one before exactly three digits (``9,120``) are thousands;
    otherwise (``0,642819``, ``1,5``) a decimal comma. Several dots are thousands
    (``1.234.567``); a single dot is a decimal point.
    """
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            return text.replace(".", "").replace(",", ".")
        return text.replace(",", "")
    if "," in text:
        whole, _, fraction = text.rpartition(",")
        if text.count(",") > 1 or (len(fraction) == 3 and whole.lstrip("+-") not in ("", "0")):
            return text.replace(",", "")
        return f"{whole}.{fraction}"
    if text.count(".") > 1:
        return text.replace(".", "")
    return text


def parse_id(text: str) -> str | None:
    """An ID as text, trimmed; ``None`` when missing; ``DamagedId`` when a spreadsheet rounded it."""
    cleaned = text.strip().strip("\u200b\ufeff").strip()
    if cleaned.isdigit():
        return cleaned
    if cleaned.casefold() in MISSING:
        return None
    if _is_scientific(cleaned):
        raise DamagedId(
            f"ID '{cleaned}' was turned into a rounded number by a spreadsheet;"
            " export the file again and do not open and save it in a spreadsheet"
        )
    whole, dot, zeros = cleaned.partition(".")
    if dot and whole.isdigit() and zeros.strip("0") == "" and zeros:
        if len(whole) > _EXACT_DIGITS:
            raise DamagedId(
                f"ID '{cleaned}' was saved as a floating-point number and may be rounded;"
                " export the file again without a spreadsheet"
            )
        return whole
    return cleaned


def _is_scientific(text: str) -> bool:
    """``1.2E+17``, ``1,2E+17``, ``7.5135e18``: a number in scientific notation."""
    mantissa, e, exponent = text.upper().partition("E")
    if not e or not exponent.lstrip("+-").isdigit():
        return False
    digits = mantissa.lstrip("+-").replace(".", "", 1).replace(",", "", 1)
    return digits.isdigit()


def sheet_cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV would hold.

    Floats that are whole and exact print as integers; larger ones keep their float form
    (``7.5e+18``) so that an ID stored as a number is recognised as damaged, not rounded.
    """
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 10**_EXACT_DIGITS:
            return str(int(value))
        return repr(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):  # a date cell is a datetime at midnight: keep it a date
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)
