"""Hootsuite: the classic Bulk Composer CSV, one social profile per file.

Template targeted: the classic bulk-schedule file (help.hootsuite.com "bulk-schedule",
as described by Hootsuite users 2015-2016 and by tools that copied its rules). The
official page could not be read, so every rule marked ⚠ is applied in its strictest form.
The networks, date formats and row limit are in ``data/schedulers.yml``.

* ⚠ Networks: Facebook, Instagram, X, LinkedIn, Pinterest, YouTube, TikTok and Threads.
  Bluesky is not confirmed for the bulk composer and, like Telegram, Mastodon and VK, is
  refused with the formats that take it.

* No header row. Column A: date and time, ``dd/mm/yyyy HH:MM`` or ``mm/dd/yyyy HH:MM``
  (24-hour; the user picks the order when uploading: ``--date-order``). Column B: the
  message. Column C: a link (optional). ⚠ Newer templates may add columns; none is
  written.
* ⚠ Times in the user's Hootsuite time zone: smmplan writes the brand's local time.
* ⚠ Times on the 5-minute grid (minutes ending in 0 or 5, no seconds) and at least
  10 minutes after the upload (taken as ``--now``): other posts are refused, with the
  nearest allowed time as a hint.
* ⚠ At most 350 posts per file (350 minus those already scheduled): more are refused.
* ⚠ No duplicate messages: a repeated message is refused (the first one is kept).
* No media column in the classic file: posts with images are refused rather than
  published without them. Threads and first comments cannot be expressed either.
* No BOM (the first cell is a date, there is no header to absorb one); every field quoted.
* Files are opened in a spreadsheet to check them before the upload, so the message and
  the link keep the formula guard: one that begins with ``= + - @`` refuses the post.
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
from smmplan.render.export.schedulers import scheduler

NAME = "hootsuite"
LABEL = "Hootsuite's bulk composer"
CAPS = Capabilities(LABEL, max_images=0, link_column=True, scheduler=NAME)
IMAGES = "none"
GRID_MINUTES = 5
MARGIN = timedelta(minutes=10)
MAX_ROWS: int = scheduler(NAME).max_rows or 0


def _off_grid(row: Row) -> str | None:
    local = row.local
    if local.minute % GRID_MINUTES == 0 and local.second == 0:
        return None
    earlier = local.replace(second=0) - timedelta(minutes=local.minute % GRID_MINUTES)
    later = earlier + timedelta(minutes=GRID_MINUTES)
    return (
        f"{local:%H:%M:%S} is off Hootsuite's 5-minute grid;"
        f" move it to {earlier:%H:%M} or {later:%H:%M}"
    )


def render(rows: list[Row], options: Options) -> FormatOutput:
    result = FormatOutput()
    for brand, network, found in by_channel(rows):
        kept: list[Row] = []
        messages: dict[str, str] = {}
        for row in found:
            problem = _off_grid(row)
            if problem:
                result.refused.append(refusal(row.slot, problem))
                continue
            early = too_soon(row, options.now, MARGIN, "Hootsuite")
            if early:
                result.refused.append(early)
                continue
            problem = formula_problem({"message": row.text, "link": row.link or ""}, urls=("link",))
            if problem:
                result.refused.append(refusal(row.slot, problem))
                continue
            if row.text in messages:
                result.refused.append(
                    refusal(
                        row.slot,
                        f"the same message as {messages[row.text]}: Hootsuite refuses duplicates",
                    )
                )
                continue
            messages[row.text] = row.slot.post.path
            kept.append(row)
        kept, late = over_limit(kept, MAX_ROWS, "Hootsuite")
        result.refused.extend(late)
        if not kept:
            continue
        cells = [
            (
                f"{day_month(row.local, options.date_order)} {row.local:%H:%M}",
                row.text,
                "" if row.link_in_text else (row.link or ""),
            )
            for row in kept
        ]
        timezone = kept[0].slot.brand.timezone
        result.files.append(
            OutFile(
                name=channel_file(NAME, brand, network, found),
                data=csv_bytes(None, cells),
                rows=len(kept),
                note=(
                    f"dates {date_words(options.date_order)} HH:MM in {timezone}: pick that"
                    " date format when uploading and use this time zone in Hootsuite"
                ),
                brand=brand,
                network=network,
            )
        )
    return result
