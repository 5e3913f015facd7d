"""``csv``: every field, one row per post and network, for spreadsheets and scripts.

Not a scheduler's template: the columns are smmplan's own (:data:`HEADER`) and stay
stable within a major version. Times carry their UTC offset (``publish_at``) and are
also given in UTC. Lists (media, URLs, alt texts) are one item per line in their cell;
tags are separated by ``, ``; ``occurrence`` is a recurring post's place in its series
(``3``: its third date), empty for a post that goes out once. On networks that take threads, thread parts are separated
by a line holding only ``---``, as in the post file.

UTF-8 with a BOM (so that programs that guess read it as UTF-8), RFC 4180, every field
quoted. This file is for programs: every cell holds exactly the plan's value, so a text
that begins with ``@handle`` or ``=`` stays as written (no leading ``'``), as in
``plan.json``. People who open the plan in a spreadsheet take ``plan.xlsx``
(:mod:`~smmplan.render.export.workbook`), whose cells are typed and never run as formulas.
"""

from __future__ import annotations

from datetime import UTC

from smmplan.render.export.base import FormatOutput, Options, OutFile
from smmplan.render.export.prepare import DATA, PLAN_FIELDS, Row, occurrence_number
from smmplan.render.export.safe import csv_bytes

NAME = "csv"
CAPS = DATA
IMAGES = "optional"
FILE = "plan.csv"
NOTE = "publish_at carries each brand's UTC offset; publish_at_utc is in UTC"
_MEDIA = PLAN_FIELDS.index("media") + 1
HEADER = (*PLAN_FIELDS[:_MEDIA], "media_urls", "alt_texts", *PLAN_FIELDS[_MEDIA:])


def cells(row: Row) -> tuple[str, ...]:
    slot, post = row.slot, row.slot.post
    moment = slot.publish_at
    return (
        post.path,
        post.slug,
        post.title or "",
        slot.brand.id,
        slot.brand.name,
        slot.brand.account(slot.network, post.language) or "",
        post.campaign or "",
        slot.network,
        slot.spec.name,
        post.status,
        row.local.isoformat(),
        slot.brand.timezone,
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else "",
        "\n---\n".join(row.parts),
        str(len(row.parts)),
        row.first_comment or "",
        row.link or "",
        "\n".join(item.src for item in slot.variant.media),
        "\n".join(row.images),
        "\n".join(row.alts),
        (row.title or "") if slot.spec.title_limit is not None else "",
        slot.variant.format or "",
        ", ".join(post.tags),
        post.author or "",
        post.approved_by or "",
        "true" if post.sponsored else "false",
        str(occurrence_number(slot) or ""),
    )


def render(rows: list[Row], options: Options) -> FormatOutput:
    lines = [cells(row) for row in rows]
    return FormatOutput(
        files=[
            OutFile(
                name=FILE,
                data=csv_bytes(HEADER, lines, bom=True),
                rows=len(lines),
                note=NOTE,
            )
        ]
    )
