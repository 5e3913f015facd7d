"""Rules of recurring posts (``repeat:``): a series that cannot be read, never ends, runs
too long or skips a date it does not have; and each text of ``repeat.variants`` checked
like the body.

Part of the schedule family. The loader notices these problems while it counts the series
(``smmplan.load.repeat``); the rules report them on the line of the key at fault. The
schedule rules themselves (gap, windows, blackout, campaign) see every occurrence through
``smmplan.check.schedule``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import Any

from smmplan.check.registry import Problem, rule
from smmplan.check.schedule import FAMILY
from smmplan.check.structure import _findings
from smmplan.model import Post, Severity

__all__ = ["FAMILY", "with_variant_texts"]


@rule("repeat-invalid", "SC11", Severity.ERROR, "file")
def repeat_invalid(item: Any) -> Iterator[Problem]:
    """A post's ``repeat:`` cannot be read.

    ``every`` must be a number of days, weeks or calendar months (``10d``, ``6w``,
    ``1m``); ``until`` a date (or a date and time) not before ``publish_at``; ``max`` a
    whole number from 1; ``dates`` dates after ``publish_at``, each once; ``variants``
    texts that are not empty. ``every`` and ``dates`` exclude each other, and the series
    needs the post's ``publish_at`` to start from.
    """
    yield from _findings(item, "repeat-invalid")


@rule("repeat-unbounded", "SC12", Severity.ERROR, "file")
def repeat_unbounded(item: Any) -> Iterator[Problem]:
    """A series counted with ``every`` has neither ``until`` nor ``max``.

    An endless series would fill every calendar and export to come; say when it ends
    (``until: 2027-06-30``) or how often it goes out (``max: 6``). Until then the post
    is planned once, at its ``publish_at``.
    """
    yield from _findings(item, "repeat-unbounded")


@rule("repeat-too-long", "SC13", Severity.ERROR, "file")
def repeat_too_long(item: Any) -> Iterator[Problem]:
    """A series has more than 366 occurrences (a daily post for a year).

    Only the first 366 are planned. End the series sooner with ``until`` or ``max``, or
    split it into posts with texts of their own.
    """
    yield from _findings(item, "repeat-too-long")


@rule("repeat-skip-unknown", "SC14", Severity.ERROR, "file")
def repeat_skip_unknown(item: Any) -> Iterator[Problem]:
    """``repeat.skip`` names a date that is not one of the series' occurrences.

    The date meant would still go out: the message names the nearest occurrences.
    A date skips every occurrence on that day; a date and time only that occurrence.
    """
    yield from _findings(item, "repeat-skip-unknown")


def with_variant_texts(posts: Iterable[Post]) -> Iterator[Post]:
    """Each post, then for each text of its ``repeat.variants`` the post with that text
    as its body, so that every rule counts and checks the variant like the body.

    The copies carry no findings and no series: what does not depend on the text comes
    out exactly as for the post itself and the engine reports it once (diagnostics are
    unique by path, line, rule and message); what does is reported on the variant's lines.
    """
    for post in posts:
        yield post
        if post.repeat is None or not post.repeat.texts:
            continue
        for parts in post.repeat.texts:
            variants = tuple(
                v if "text" in v.overrides else dataclasses.replace(v, parts=parts)
                for v in post.variants
            )
            yield dataclasses.replace(
                post, parts=parts, variants=variants, repeat=None, findings=()
            )
