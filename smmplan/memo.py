"""Results of pure functions of immutable model objects, kept while the objects are the
same ones.

``serve`` keeps the posts that an edit did not touch as the same objects from one update
to the next; what is computed from one post alone (its slots, its media files, its part
of a page key) is then looked up instead of computed again for thousands of posts. The
inputs are compared by identity, never by value, and held by the memo, so that an
object's ``id`` cannot be reused while its result is kept.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class ByIdentity(Generic[T]):
    """``get(inputs, make)``: ``make()``'s value, computed once for the same ``inputs``
    (a tuple of objects, the first identifying the entry). Bounded: emptied when full."""

    def __init__(self, limit: int = 100_000) -> None:
        self.limit = limit
        self.known: dict[int, tuple[tuple[Any, ...], T]] = {}

    def get(self, inputs: tuple[Any, ...], make: Callable[[], T]) -> T:
        found = self.known.get(id(inputs[0]))
        if found is not None:
            held, value = found
            if len(held) == len(inputs) and all(map(operator.is_, held, inputs)):
                return value
        value = make()
        if len(self.known) >= self.limit:
            self.known.clear()
        self.known[id(inputs[0])] = (inputs, value)
        return value
