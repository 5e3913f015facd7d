"""Sprout Social: the Bulk Scheduling CSV, one profile per file.

Template targeted: "How do I use bulk scheduling?" (Sprout Social help article
115005864203, as read 2026-11). The networks, columns, date formats and row limit are in
``data/schedulers.yml``.

* ⚠ Networks: X, Facebook, Instagram, LinkedIn, Pinterest, TikTok and YouTube, the
  profile types Sprout's API reports on (its publishing list was not read). Threads and
  Bluesky were not confirmed and are refused, like Telegram, Mastodon and VK, with the
  formats that take them.
* Required columns, case-sensitive: ``date``, ``time_24hr``, ``message_text`` (strong).
* Optional columns ``link``, ``image_url`` and ``tags`` ("up to 350 messages containing
  tags, links and images", strong; ⚠ their exact header names come from Sprout's sample
  template, not the article's text; Sprout lets columns be renamed when importing, so a
  different name is mapped there). Filled where the post has them: the link (with its
  UTM parameters) unless the text already holds it, the public URL of the post's image
  (⚠ one image per message: posts with more are refused), the post's ``tags`` separated
  by ``,`` (⚠ tags Sprout does not know may be dropped by the import).
* ``date`` is ``dd/mm/yyyy`` or ``mm/dd/yyyy`` as chosen in Sprout's import preferences
  (``--date-order``); ``time_24hr`` is ``HH:MM`` (strong).
* ⚠ Times in the profile's or user's time zone: smmplan writes the brand's local time.
* At most 350 messages per import (strong); messages at least 10 minutes apart and at
  least 10 minutes after the upload, taken as ``--now`` (strong). Later messages that
  come too close to the one before are refused.
* Text must fit the network (``smmplan check`` errors refuse a post). No thread, no first
  comment. UTF-8 without a BOM (the headers are case-sensitive), every field quoted.
* Sprout asks for the file to be prepared in a spreadsheet (Google Sheets, then saved as
  CSV), so every cell keeps the formula guard: a text, link, image URL or tag that begins
  with ``= + - @`` refuses the post.
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
from smmplan.render.export.prepare import Capabilities, Refusal, Row, formula_problem, refusal
from smmplan.render.export.safe import csv_bytes
from smmplan.render.export.schedulers import scheduler

NAME = "sprout"
LABEL = "Sprout Social's bulk scheduler"
CAPS = Capabilities(LABEL, max_images=1, link_column=True, needs_image_urls=True, scheduler=NAME)
IMAGES = "required"
FACTS = scheduler(NAME)
HEADER: tuple[str, ...] = (*(FACTS.columns or ()), *FACTS.extra["optional_columns"])
URL_COLUMNS = ("link", "image_url")
GAP = timedelta(minutes=10)
MARGIN = timedelta(minutes=10)
MAX_ROWS: int = FACTS.max_rows or 0


def cells(row: Row, date_order: str) -> tuple[str, ...]:
    """The row's cells in :data:`HEADER` order."""
    return (
        day_month(row.local, date_order),
        f"{row.local:%H:%M}",
        row.text,
        "" if row.link_in_text else (row.link or ""),
        row.images[0] if row.images else "",
        ",".join(row.slot.post.tags),
    )


def _problem(row: Row, kept: list[Row], options: Options) -> Refusal | None:
    early = too_soon(row, options.now, MARGIN, "Sprout Social")
    if early:
        return early
    if kept and row.slot.publish_at - kept[-1].slot.publish_at < GAP:  # type: ignore[operator]
        return refusal(
            row.slot,
            f"less than 10 minutes after {kept[-1].slot.post.path}"
            f" ({kept[-1].local:%H:%M}); Sprout Social needs 10 minutes between messages",
        )
    if any("," in tag for tag in row.slot.post.tags):
        return refusal(row.slot, "a tag contains ',', the separator of Sprout's tags column")
    problem = formula_problem(
        dict(zip(HEADER, cells(row, options.date_order), strict=True)), urls=URL_COLUMNS
    )
    return refusal(row.slot, problem) if problem else None


def render(rows: list[Row], options: Options) -> FormatOutput:
    result = FormatOutput()
    for brand, network, found in by_channel(rows):
        kept: list[Row] = []
        for row in found:
            problem = _problem(row, kept, options)
            if problem:
                result.refused.append(problem)
                continue
            kept.append(row)
        kept, late = over_limit(kept, MAX_ROWS, "Sprout Social")
        result.refused.extend(late)
        if not kept:
            continue
        timezone = kept[0].slot.brand.timezone
        result.files.append(
            OutFile(
                name=channel_file(NAME, brand, network, found),
                data=csv_bytes(HEADER, [cells(row, options.date_order) for row in kept]),
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
