"""Words for messages: the known name closest to a misspelt one ("did you mean"), and
numbers too long to print.

A bottom-layer module (it imports nothing of smmplan), so that the network loader, the
file loaders, the checks and the command line all word these the same way.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping

from smmplan.locale import phrase

CUTOFF = 0.6  # difflib's similarity ratio below which a name is not worth suggesting


def closest(word: str, choices: Iterable[str], cutoff: float = CUTOFF) -> str | None:
    """The choice most like ``word``, or None when none is close enough."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(
    word: str, choices: Iterable[str], aliases: Mapping[str, str] | None = None
) -> str:
    """``" (did you mean 'publish_at'?)"`` for ``pubish_at``, or ``""`` when nothing is close.

    ``word`` is compared in lower case. ``aliases`` maps other names people use to a
    choice (``twitter`` -> ``x``): a word close to an alias suggests the choice it stands for.
    """
    candidates = {choice: choice for choice in choices}
    candidates.update(aliases or {})
    match = closest(word.lower(), candidates)
    return phrase(" (did you mean '{name}'?)", name=candidates[match]) if match else ""


def shown_number(value: int | float) -> str:
    """A number for a message: one with thousands of digits is shown by its length."""
    if isinstance(value, int) and abs(value) >= 10**30:
        digits = int(abs(value).bit_length() * math.log10(2)) + 1  # str() refuses 4,300+
        if abs(value) < 10 ** (digits - 1):
            digits -= 1
        return f"a number of {digits:,} digits"
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"
