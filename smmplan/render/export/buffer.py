"""Buffer: the CSV bulk upload, one channel per file.

Template targeted: Buffer's bulk upload as described in its help article "How to upload
posts in bulk to Buffer" (support article 926, as cited in 2026-11). The networks, the
header and the row limit are in ``data/schedulers.yml``. Facts and how sure they are:

* Networks: the channels Buffer's own help lists (support article 588: Facebook,
  Instagram, X, LinkedIn, Pinterest, TikTok, Mastodon, YouTube, Threads, Bluesky; strong).
  Posts for Telegram or VK are refused, naming the formats that take them.

* Header, case-sensitive, in this order: ``Text,Image URL,Tags,Posting Time`` and, for a
  Pinterest channel, ``Board Name`` (strong).
* ``Posting Time`` is ``YYYY-MM-DD HH:mm``, 24-hour, read in the channel's time zone
  (strong). smmplan writes the brand's local time: the channel must use the brand's zone.
* At most 100 posts per channel per upload on paid plans (strong); more are refused.
* Text and a single image (a direct .jpg/.png link, at most 5 MB) only: no video,
  carousel, thread or first comment (strong). Such posts are refused (an animated GIF
  rendition too); a first comment is left out with a note. The 5 MB are not checked
  here: renditions are re-encoded JPEGs, far below it.
* ⚠ UTF-8 with a BOM and every field quoted: what several implementers write; followed.
* The file is checked in a spreadsheet before the upload (Buffer shows a review screen;
  teams edit the file first), so every cell keeps the formula guard: a text, or an image
  URL built from ``site_url``, that begins with ``= + - @`` refuses the post.
* ⚠ ``Tags`` must name tags that already exist in Buffer, so the column is left empty
  rather than risk failing the import with a tag Buffer does not know.
* ``Board Name`` is required for Pinterest; posts have no board field, so the column is
  written empty and the export says so.
"""

from __future__ import annotations

from smmplan.render.export.base import (
    FormatOutput,
    Options,
    OutFile,
    by_channel,
    channel_file,
    over_limit,
)
from smmplan.render.export.prepare import Capabilities, Row, formula_problem, refusal
from smmplan.render.export.safe import csv_bytes
from smmplan.render.export.schedulers import scheduler

NAME = "buffer"
LABEL = "Buffer's bulk upload"
CAPS = Capabilities(LABEL, max_images=1, link_column=False, needs_image_urls=True, scheduler=NAME)
IMAGES = "required"
FACTS = scheduler(NAME)
HEADER: tuple[str, ...] = FACTS.columns or ()
PINTEREST_HEADER = tuple(FACTS.extra["pinterest_columns"])
MAX_ROWS: int = FACTS.max_rows or 0
IMAGE_TYPES = (".jpg", ".jpeg", ".png")


def render(rows: list[Row], options: Options) -> FormatOutput:
    result = FormatOutput()
    for brand, network, found in by_channel(rows):
        cells: list[tuple[str, ...]] = []
        kept: list[Row] = []
        for row in found:
            record = {"Text": row.text, "Image URL": row.images[0] if row.images else ""}
            problem = formula_problem(record, urls=("Image URL",))
            if record["Image URL"] and not record["Image URL"].lower().endswith(IMAGE_TYPES):
                problem = "its image is not a .jpg or .png file, the only kinds Buffer fetches"
            if problem:
                result.refused.append(refusal(row.slot, problem))
                continue
            kept.append(row)
        kept, late = over_limit(kept, MAX_ROWS, LABEL)
        result.refused.extend(late)
        if not kept:
            continue
        pinterest = network == "pinterest"
        for row in kept:
            line = (
                row.text,
                row.images[0] if row.images else "",
                "",
                f"{row.local:%Y-%m-%d %H:%M}",
            )
            cells.append((*line, "") if pinterest else line)
        timezone = kept[0].slot.brand.timezone
        if pinterest:
            result.notices.append(
                f"{channel_file(NAME, brand, network, found)}: Buffer needs a Board Name for Pinterest;"
                " posts have no board, so fill the column before uploading"
            )
        result.files.append(
            OutFile(
                name=channel_file(NAME, brand, network, found),
                data=csv_bytes(PINTEREST_HEADER if pinterest else HEADER, cells, bom=True),
                rows=len(kept),
                note=f"Posting Time in {timezone}: set the Buffer channel to this time zone",
                brand=brand,
                network=network,
            )
        )
    return result
