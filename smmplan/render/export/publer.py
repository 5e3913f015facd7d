"""Publer: the CSV Bulk Uploader, the "new" 12-column template (2025).

Template targeted: Publer's 12-column CSV template (publer.com "ultimate CSV bulk
scheduler" and help article "What CSV template should I use", 2025; the header strings
are identical in six independent implementations: strong). One account per file, so
each network gets its own variant text. The networks and the header are in
``data/schedulers.yml``.

* Networks: those Publer's API documentation lists (Facebook, Instagram, X, LinkedIn,
  Pinterest, TikTok, YouTube, Telegram, Mastodon, Threads, Bluesky; strong). VK posts
  are refused with the formats that take them.

* All 12 columns, in order, even when empty (strong).
* Date in the international format ``YYYY-MM-DD HH:MM`` (strong). ⚠ Read in the
  workspace's time zone: smmplan writes the brand's local time.
* Several links or media URLs are separated by ``,``; several alt texts or comments by
  ``||`` (strong). A value that contains its own separator is refused.
* Images: their public URLs in ``Media URL(s)``, alt texts in the same order. Videos
  cannot be carried (smmplan publishes no video files): such posts are refused.
* ``Comment(s)`` holds the first comment. ⚠ Thread parts after the first also go there:
  Publer posts comments as replies from the same account, which is how a thread is made
  on X, Threads, Bluesky and Mastodon; the first comment, if any, follows the thread.
* ``Post subtype``: ``story`` for an Instagram story, whose ``Text`` stays empty: a story
  publishes no caption (``captionless_formats``; the export's notices say so). ``Title``
  is the pin or video title.
* ⚠ ``Label(s)`` would drive Publer's auto-scheduling; left empty, as are ``CTA`` and
  ``Reminder``. ``Pin board`` is needed for Pinterest: posts have no board, the export
  says so.
* ⚠ No row limit found. UTF-8 with a BOM (one implementer writes it; Publer warns about
  special characters in Excel), every field quoted.
* Publer recommends preparing the file in Google Sheets, so every cell keeps the formula
  guard: a text, title, alt text, comment, link or media URL (built from ``site_url``)
  that begins with ``= + - @`` refuses the post.
"""

from __future__ import annotations

from smmplan.render.export.base import FormatOutput, Options, OutFile, by_channel, channel_file
from smmplan.render.export.prepare import Capabilities, Row, formula_problem, refusal
from smmplan.render.export.safe import csv_bytes
from smmplan.render.export.schedulers import scheduler

NAME = "publer"
LABEL = "Publer's bulk uploader"
CAPS = Capabilities(
    LABEL,
    threads=True,
    first_comment=True,
    subtypes=frozenset({"story"}),
    needs_image_urls=True,
    scheduler=NAME,
)
IMAGES = "required"
HEADER: tuple[str, ...] = scheduler(NAME).columns or ()
URL_COLUMNS = (HEADER[2], HEADER[3])


def _cells(row: Row) -> tuple[tuple[str, ...] | None, str | None]:
    """The row's 12 cells, or why they cannot be written."""
    comments = [*row.parts[1:], *([row.first_comment] if row.first_comment else [])]
    link = "" if row.link_in_text else (row.link or "")
    for what, values, separator in (
        ("a comment or thread part", comments, "||"),
        ("an alt text", row.alts, "||"),
        ("the link", [link], ","),
        ("an image URL", row.images, ","),
    ):
        if any(separator in value for value in values):
            return None, f"{what} contains '{separator}', Publer's separator in that column"
    title = row.title if row.slot.spec.title_limit is not None and row.title else ""
    subtype = "story" if row.slot.variant.format == "story" else ""
    cells = (
        f"{row.local:%Y-%m-%d %H:%M}",
        row.parts[0],
        link,
        ",".join(row.images),
        title,
        "",
        "||".join(row.alts) if row.images else "",
        "||".join(comments),
        "",
        subtype,
        "",
        "",
    )
    problem = formula_problem(dict(zip(HEADER, cells, strict=True)), urls=URL_COLUMNS)
    return (None, problem) if problem else (cells, None)


def render(rows: list[Row], options: Options) -> FormatOutput:
    result = FormatOutput()
    for brand, network, found in by_channel(rows):
        lines = []
        for row in found:
            cells, problem = _cells(row)
            if cells is None:
                result.refused.append(refusal(row.slot, problem or "cannot be written"))
                continue
            lines.append(cells)
        if not lines:
            continue
        name = channel_file(NAME, brand, network, found)
        if network == "pinterest":
            result.notices.append(
                f"{name}: Publer needs a pin board for Pinterest; posts have no board,"
                " so fill 'Pin board' before uploading"
            )
        timezone = found[0].slot.brand.timezone
        result.files.append(
            OutFile(
                name=name,
                data=csv_bytes(HEADER, lines, bom=True),
                rows=len(lines),
                note=f"dates in {timezone}: set the Publer workspace to this time zone",
                brand=brand,
                network=network,
            )
        )
    return result
