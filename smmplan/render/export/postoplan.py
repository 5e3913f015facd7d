"""Postoplan: the CSV bulk upload ("CSV import" in the post editor), one account per file.

Template targeted: Postoplan's help article on bulk upload and scheduling with CSV
(doc.postoplan.app, "bulk-upload-and-scheduling-content-with-csv", read 2026-12-01 in its
Serbian edition; the English template could not be downloaded). The networks, columns,
date formats and row limit are in ``data/schedulers.yml``. Facts and how sure they are:

* Networks: VK and Telegram (the reason to use it: Postoplan reaches the networks
  Russian- and Azerbaijani-speaking audiences use most). ⚠ Postoplan also advertises
  Facebook, Instagram, X, LinkedIn, Pinterest, TikTok and YouTube, but the help page read
  does not confirm its CSV import for them: they are refused, naming the formats that
  take them. It also reaches Odnoklassniki, which smmplan has no network for yet.
* Three fields: date, message, media URL (strong). ⚠ The header row is written as
  ``Date,Message,Media URL``: the page names the fields, not the template's exact header
  text; check it against a freshly downloaded template.
* Date ``mm/dd/yyyy hh:mm`` or ``dd.mm.yyyy hh:mm`` (strong; the date alone, "today" and
  "next Friday" are also taken, never written). ``--date-order mdy`` writes the first,
  the default ``dmy`` the second. ⚠ Hours are written on the 24-hour clock; the page
  does not say whether ``hh`` is 12- or 24-hour. Keep to the format exactly (the page
  insists on it). ⚠ Read in the account's time zone in Postoplan: smmplan writes the
  brand's local time.
* The message holds the text and any link (strong): a link missing from the text is
  appended to it.
* Media URL: one direct link ending in ``.jpg``, ``.png`` or ``.mp4`` (strong; Postoplan
  publishes only MP4 video). ⚠ One per post: posts with more images are refused, and so
  are videos (smmplan publishes no video files) and threads.
* At most 100 posts per file; more must be split into several files (strong): the rows
  are split into ``postoplan-<brand>-<network>.csv``, ``…-2.csv`` and so on, 100 each.
* ⚠ UTF-8 without a BOM (not documented; a BOM could end up in the first header name),
  every field quoted, CRLF row ends. The file is prepared in a spreadsheet, so every cell
  keeps the formula guard: a message or media URL (built from ``site_url``) that begins
  with ``= + - @`` refuses the post.
"""

from __future__ import annotations

from smmplan.render.export.base import FormatOutput, Options, OutFile, by_channel, channel_file
from smmplan.render.export.prepare import Capabilities, Row, formula_problem, refusal
from smmplan.render.export.safe import csv_bytes
from smmplan.render.export.schedulers import scheduler

NAME = "postoplan"
LABEL = "Postoplan's CSV import"
CAPS = Capabilities(LABEL, max_images=1, link_column=False, needs_image_urls=True, scheduler=NAME)
IMAGES = "required"
FACTS = scheduler(NAME)
HEADER: tuple[str, ...] = FACTS.columns or ()
MAX_ROWS: int = FACTS.max_rows or 0
MEDIA_TYPES = (".jpg", ".jpeg", ".png")  # MP4 too, but smmplan publishes no video
DATE_FORMATS = {"dmy": "%d.%m.%Y %H:%M", "mdy": "%m/%d/%Y %H:%M"}
DATE_WORDS = {"dmy": "dd.mm.yyyy hh:mm", "mdy": "mm/dd/yyyy hh:mm"}


def cells(row: Row, date_order: str) -> tuple[str, str, str]:
    """Date, message, media URL."""
    moment = row.local.strftime(DATE_FORMATS.get(date_order, DATE_FORMATS["dmy"]))
    return (moment, row.text, row.images[0] if row.images else "")


def _problem(line: tuple[str, str, str]) -> str | None:
    media = line[2]
    if media and not media.lower().endswith(MEDIA_TYPES):
        return "its image is not a .jpg or .png file, the only kinds Postoplan fetches"
    return formula_problem(dict(zip(HEADER, line, strict=True)), urls=(HEADER[2],))


def file_name(brand: str, network: str, part: int, rows: list[Row]) -> str:
    """``postoplan-<brand>-<network>.csv``, then ``…-2.csv`` for the second 100 posts."""
    base = channel_file(NAME, brand, network, rows)
    return base if part == 1 else f"{base[: -len('.csv')]}-{part}.csv"


def render(rows: list[Row], options: Options) -> FormatOutput:
    result = FormatOutput()
    for brand, network, found in by_channel(rows):
        lines: list[tuple[str, str, str]] = []
        for row in found:
            line = cells(row, options.date_order)
            problem = _problem(line)
            if problem:
                result.refused.append(refusal(row.slot, problem))
                continue
            lines.append(line)
        if not lines:
            continue
        timezone = found[0].slot.brand.timezone
        words = DATE_WORDS.get(options.date_order, DATE_WORDS["dmy"])
        chunks = [lines[start : start + MAX_ROWS] for start in range(0, len(lines), MAX_ROWS)]
        for part, chunk in enumerate(chunks, 1):
            result.files.append(
                OutFile(
                    name=file_name(brand, network, part, found),
                    data=csv_bytes(HEADER, chunk),
                    rows=len(chunk),
                    note=(
                        f"dates {words} in {timezone}: set the Postoplan account to this"
                        " time zone"
                        + (f" (file {part} of {len(chunks)})" if len(chunks) > 1 else "")
                    ),
                    brand=brand,
                    network=network,
                )
            )
    return result
