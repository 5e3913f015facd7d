"""Writes ``linkedin-page-posts.xls``, a LinkedIn Page posts export as the reference lays it out.

A legacy BIFF workbook (what LinkedIn serves) can only be written with ``xlwt``, which
smmplan does not depend on, so the file is committed and this script is how it was made:
``pip install --target /tmp/xlwt xlwt && PYTHONPATH=/tmp/xlwt python make_linkedin_xls.py``.

Sheets ``Metrics`` and ``All posts``; row 1 is a one-cell note, row 2 the header, data
from row 3. One ``Created date`` is text, the other a date cell (a spreadsheet serial);
one daily cell is negative (a LinkedIn correction).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import xlwt

POSTS_HEADER = [
    "Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date",
    "Campaign start date", "Campaign end date", "Audience", "Impressions",
    "Views (excluding off-site video views)", "Off-site views", "Clicks",
    "Click through rate (CTR)", "Likes", "Comments", "Reposts", "Follows", "Engagement rate",
    "Content Type",
]  # fmt: skip
POSTS = [
    ["Autumn reading list is here…",
     "https://www.linkedin.com/feed/update/urn:li:activity:7513500914025080707", "Organic", "",
     "Aysel Mammadova", "10/07/2026", "", "", "All followers", 2310, "", "", 84, 0.03636, 57, 6,
     4, 2, 0.0662, "Image"],
    ["We are hiring a store manager",
     "https://www.linkedin.com/feed/update/urn:li:activity:7514294321153656009", "Organic", "",
     "Aysel Mammadova", datetime(2026, 10, 9), "", "", "All followers", 5120, "", "", 212,
     0.04141, 88, 14, 9, 11, 0.06465, "Text"],
]  # fmt: skip
METRICS_HEADER = [
    "Date", "Impressions (organic)", "Impressions (sponsored)", "Impressions (total)",
    "Unique impressions (organic)", "Clicks (organic)", "Clicks (sponsored)", "Clicks (total)",
    "Reactions (organic)", "Reactions (sponsored)", "Reactions (total)", "Comments (organic)",
    "Comments (sponsored)", "Comments (total)", "Reposts (organic)", "Reposts (sponsored)",
    "Reposts (total)", "Engagement rate (organic)", "Engagement rate (sponsored)",
    "Engagement rate (total)",
]  # fmt: skip
METRICS = [
    ["10/07/2026", 2410, 0, 2410, 1633, 91, 0, 91, 60, 0, 60, 6, 0, 6, 4, 0, 4, 0.0668, 0, 0.0668],
    ["10/08/2026", 980, 0, 980, 702, 22, 0, 22, 17, 0, 17, 1, 0, 1, 0, 0, -1, 0.0408, 0, 0.0408],
]
NOTE = "Aggregated data for the selected date range. Data is updated daily."


def sheet(book: xlwt.Workbook, name: str, header: list, rows: list[list]) -> None:
    dates = xlwt.easyxf(num_format_str="MM/DD/YYYY")
    page = book.add_sheet(name)
    page.write(0, 0, NOTE)
    for column, text in enumerate(header):
        page.write(1, column, text)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row):
            if isinstance(value, datetime):
                page.write(number, column, value, dates)
            elif value != "":
                page.write(number, column, value)


def main() -> None:
    book = xlwt.Workbook()
    sheet(book, "Metrics", METRICS_HEADER, METRICS)
    sheet(book, "All posts", POSTS_HEADER, POSTS)
    book.save(str(Path(__file__).with_name("linkedin-page-posts.xls")))


if __name__ == "__main__":
    main()
