"""Sprout Social: the Bulk Scheduling CSV, one profile per file.

Template targeted: "How do I use bulk scheduling?" (Sprout Social help article
115005864203, as read 2026-11).

* Required columns, case-sensitive: ``date``, ``time_24hr``, ``message_text`` (strong).
  ⚠ Sprout also takes link, image and tag columns, but their exact header names could
  not be read, so only the three required columns are written: a link missing from the
  text is appended to it, and posts with images are refused rather than published
  without them.
* ``date`` is ``dd/mm/yyyy`` or ``mm/dd/yyyy`` as chosen in Sprout's import preferences
  (``--date-order``); ``time_24hr`` is ``HH:MM`` (strong).
* ⚠ Times in the profile's or user's time zone: smmplan writes the brand's local time.
* At most 350 messages per import (strong); messages at least 10 minutes apart and at
  least 10 minutes after the upload, taken as ``--now`` (strong). Later messages that
  come too close to the one before are refused.
* Text must fit the network (``smmplan check`` errors refuse a post). No thread, no first
  comment. UTF-8 without a BOM (the headers are case-sensitive), every field quoted.
"""

from __future__ import annotations

from datetime import timedelta

from smmplan.render.export.base import (
    FormatOutput,
    Options,
    OutFile,
    by_channel,
    channel_file,
    date_words,
    day_month,
    over_limit,
    too_soon,
)
from smmplan.render.export.prepare import Capabilities, Row, formula_problem, refusal
from smmplan.render.export.safe import csv_bytes

NAME = "sprout"
LABEL = "Sprout Social's bulk scheduler"
CAPS = Capabilities(LABEL, max_images=0, link_column=False)
IMAGES = "none"
HEADER = ("date", "time_24hr", "message_text")
GAP = timedelta(minutes=10)
MARGIN = timedelta(minutes=10)
MAX_ROWS = 350


def render(rows: list[Row], options: Options) -> FormatOutput:
    result = FormatOutput()
    for brand, network, found in by_channel(rows):
        kept: list[Row] = []
        for row in found:
            early = too_soon(row, options.now, MARGIN, "Sprout Social")
            if early:
                result.refused.append(early)
                continue
            if kept and row.slot.publish_at - kept[-1].slot.publish_at < GAP:  # type: ignore[operator]
                result.refused.append(
                    refusal(
                        row.slot,
                        f"less than 10 minutes after {kept[-1].slot.post.path}"
                        f" ({kept[-1].local:%H:%M}); Sprout Social needs 10 minutes between messages",
                    )
                )
                continue
            problem = formula_problem({"message_text": row.text})
            if problem:
                result.refused.append(refusal(row.slot, problem))
                continue
            kept.append(row)
        kept, late = over_limit(kept, MAX_ROWS, "Sprout Social")
        result.refused.extend(late)
        if not kept:
            continue
        cells = [
            (day_month(row.local, options.date_order), f"{row.local:%H:%M}", row.text)
            for row in kept
        ]
        timezone = kept[0].slot.brand.timezone
        result.files.append(
            OutFile(
                name=channel_file(NAME, brand, network),
                data=csv_bytes(HEADER, cells),
                rows=len(kept),
                note=(
                    f"date {date_words(options.date_order)}, time_24hr in {timezone}: choose that"
                    " date format in Sprout's import preferences and use this time zone"
                ),
                brand=brand,
                network=network,
            )
        )
    return result
