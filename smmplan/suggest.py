"""Suggestions for misspelt names: the known name closest to the one written ("did you mean").

A bottom-layer module (it imports nothing of smmplan), so that the network loader, the
file loaders, the checks and the command line all suggest names the same way.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

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
    return f" (did you mean '{candidates[match]}'?)" if match else ""
