"""Writes the example plan's analytics exports into ``content/metrics/``, reproducibly.

The example plan's posts that went out before the README's ``--now``
(2026-11-21T22:00:00+00:00) get the files their networks would give, in each
network's own layout: Meta Business Suite for Facebook and Instagram (two Instagram
snapshots of Karvan Travel, three days apart), X's content export, a LinkedIn Page
workbook, a Telegram Desktop ``result.json``, Meta's page daily insights (UTF-16),
Meta Ads Manager spend and a GA4 report for the Black Friday campaign (UTM campaign
``black-friday-2026``, as the brand's ``utm:`` template writes it), and smmplan's generic
CSV for VK and Threads. One Instagram reel and one Telegram message were posted
outside the plan, as happens. Texts and times come from the posts themselves; the
figures are invented but plausible, from a fixed seed, so running this again writes the
same bytes.

    python scripts/make_example_metrics.py [--root DIR]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl

from smmplan.load import load_project
from smmplan.load.metrics.dates import linkedin_id_for_time, x_id_for_time

NOW = datetime(2026, 11, 21, 22, 0, tzinfo=UTC)
FIXED = (2026, 11, 21, 20, 0, 0)  # zip entry times, so workbooks are reproducible
rng = random.Random(20261121)


class Plan:
    """The example posts, by slug and network: their text and planned time."""

    def __init__(self, root: Path) -> None:
        self.project = load_project(root)
        self.variants = {}
        for post in self.project.posts:
            for variant in post.variants:
                when = variant.publish_at or post.publish_at
                if when is not None and when < NOW and not variant.disabled:
                    self.variants[post.slug, variant.network] = (variant.text, when)

    def text(self, slug: str, network: str) -> str:
        return self.variants[slug, network][0]

    def when(self, slug: str, network: str, delay_s: int = 0) -> datetime:
        """The time it went out: the planned one, plus the scheduler's delay."""
        return self.variants[slug, network][1] + timedelta(seconds=delay_s)


def local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def meta_time(moment: datetime, zone: str) -> str:
    return local(moment, zone).strftime("%m/%d/%Y %H:%M")


def digits(count: int) -> str:
    return str(rng.randint(10 ** (count - 1), 10**count - 1))


def shortcode() -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
    return "DQ" + "".join(rng.choice(alphabet) for _ in range(9))


def grow(figures: dict[str, int], share: float) -> dict[str, int]:
    """The same post's figures on an earlier day: a share of the later ones."""
    return {k: int(v * share) for k, v in figures.items()}


def csv_text(rows: list[list], quote_all: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return out.getvalue()


IG_HEADER = [
    "Post ID", "Account ID", "Account username", "Account name", "Description",
    "Duration (sec)", "Publish time", "Permalink", "Post type", "Data comment", "Date",
    "Views", "Reach", "Likes", "Shares", "Follows", "Comments", "Saves",
]  # fmt: skip


def instagram(plan: Plan, folder: Path) -> None:
    """Karvan Travel on 18 and 21 November (one unplanned reel), Кофе на кухне on 21 November."""
    karvan = [
        ("icherisheher-axsham-gezintisi", "IG carousel", 0, 60),
        ("shamakhi-ulduz-turu", "IG carousel", 0, 45),
        ("qara-cume-teaser", "IG image", 0, 30),
    ]
    rows = {}
    for slug, kind, duration, delay in karvan:
        reach = rng.randint(3800, 7200)
        figures = {"views": int(reach * 1.6), "reach": reach, "likes": reach // 14,
                   "shares": reach // 90, "follows": rng.randint(6, 22),
                   "comments": rng.randint(9, 40), "saves": reach // 30}  # fmt: skip
        moment = plan.when(slug, "instagram", delay)
        rows[slug] = ["18" + digits(15), "17841453025187700", "karvan.travel", "Karvan Travel",
                      plan.text(slug, "instagram"), duration, meta_time(moment, "Asia/Baku"),
                      f"https://www.instagram.com/p/{shortcode()}/", kind, "", "Lifetime"], figures  # fmt: skip
    reel = ["18" + digits(15), "17841453025187700", "karvan.travel", "Karvan Travel",
            "Qobustanda gün batımı 🌅 Bu həftəsonu bizimlə gəlin! #KarvanTravel", 27,
            "11/14/2026 17:42", f"https://www.instagram.com/reel/{shortcode()}/", "IG reel", "",
            "Lifetime"]  # fmt: skip
    reel_figures = {"views": 21840, "reach": 15320, "likes": 1104, "shares": 236, "follows": 48,
                    "comments": 61, "saves": 402}  # fmt: skip

    def table(slugs: list[str], share: float, with_reel: bool) -> list[list]:
        out = [IG_HEADER]
        for slug in slugs:
            head, figures = rows[slug]
            out.append(head + list(grow(figures, share).values()))
        if with_reel:
            out.append(reel + list(grow(reel_figures, share).values()))
        return out

    early = ["icherisheher-axsham-gezintisi", "shamakhi-ulduz-turu"]
    write(folder / "meta" / "karvan-travel-instagram-2026-11-18.csv",
          "\ufeff" + csv_text(table(early, 0.78, True)))  # fmt: skip
    write(folder / "meta" / "karvan-travel-instagram-2026-11-21.csv",
          "\ufeff" + csv_text(table([*early, "qara-cume-teaser"], 1.0, True)))  # fmt: skip
    kofe = [IG_HEADER]
    for slug, kind in (
        ("raf-s-halvoj-pervyj-sneg", "IG image"),
        ("kot-barista-chelsea", "IG image"),
    ):
        reach = rng.randint(1900, 3600)
        moment = plan.when(slug, "instagram", 20)
        kofe.append(["18" + digits(15), "17841402218845310", "kofe.na.kuhne", "Кофе на кухне",
                     plan.text(slug, "instagram"), 0, meta_time(moment, "Europe/Moscow"),
                     f"https://www.instagram.com/p/{shortcode()}/", kind, "", "Lifetime",
                     int(reach * 1.4), reach, reach // 11, reach // 70, rng.randint(3, 12),
                     rng.randint(12, 48), reach // 18])  # fmt: skip
    write(folder / "meta" / "kofe-na-kuhne-instagram-2026-11-21.csv", "\ufeff" + csv_text(kofe))


FB_HEADER = [
    "Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)", "Publish time",
    "Caption type", "Permalink", "Is crosspost", "Is share", "Post type", "Languages",
    "Custom labels", "Funded content status", "Data comment", "Date", "Views", "Reach",
    "Reactions, Comments and Shares", "Reactions", "Comments", "Shares", "Total clicks",
    "Matched Audience Targeting Consumption (Photo Click)", "Other Clicks", "Link Clicks",
    "Matched Audience Targeting Consumption (Video Click)",
    "Negative feedback from users: Hide all", "Seconds viewed", "Average Seconds viewed",
    "Estimated earnings (USD)", "Ad CPM (USD)", "Ad impressions",
]  # fmt: skip


def facebook(plan: Plan, folder: Path) -> None:
    """Bangko Bayan's page: its two November posts, and the page's daily views (UTF-16)."""
    rows = [FB_HEADER]
    for slug, kind, link_clicks in (("kinsenas-budget-50-30-20", "Photos", 0),
                                    ("huwag-ibigay-ang-otp", "Links", 412)):  # fmt: skip
        post_id = digits(16)
        reach = rng.randint(7000, 14000)
        reactions, comments, shares = reach // 25, reach // 160, reach // 70
        moment = plan.when(slug, "facebook", 40)
        rows.append([post_id, "104873221150032", "Bangko Bayan", "", plan.text(slug, "facebook"),
                     0, meta_time(moment, "Asia/Manila"), "N/A",
                     f"https://www.facebook.com/BangkoBayanPH/posts/pfbid0{shortcode()}", 0, 0,
                     kind, "", "", "", "", "Lifetime", int(reach * 1.5), reach,
                     reactions + comments + shares, reactions, comments, shares,
                     link_clicks + reach // 40, reach // 60, reach // 120, link_clicks or "", 0,
                     rng.randint(0, 4), "", "", "", "", ""])  # fmt: skip
    write(folder / "meta" / "bangko-bayan-facebook-2026-11-21.csv", "\ufeff" + csv_text(rows))
    daily = ["sep=,", '"Views"', '"Date","Primary"']
    for day in range(8, 22):
        daily.append(f'"2026-11-{day:02}T00:00:00","{rng.randint(2400, 9800)}"')
    path = folder / "meta" / "bangko-bayan-page-views-2026-11-21.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\n".join(daily) + "\n").encode("utf-16"))


X_HEADER = [
    "Post id", "Date", "Post text", "Post Link", "Impressions", "Likes", "Engagements",
    "Bookmarks", "Shares", "New follows", "Replies", "Reposts", "Profile visits",
    "Detail Expands", "URL Clicks", "Hashtag Clicks", "Permalink Clicks",
]  # fmt: skip


def x(plan: Plan, folder: Path) -> None:
    """Bangko Bayan's X posts, as the content export (date only; time in the ID)."""
    rows = [X_HEADER]
    for sequence, (slug, clicks) in enumerate(
        (("kinsenas-budget-50-30-20", 0), ("huwag-ibigay-ang-otp", 96))
    ):
        moment = plan.when(slug, "x", 12)
        post_id = x_id_for_time(moment.astimezone(UTC), 4096 * sequence + 17)
        views = rng.randint(2100, 6400)
        likes, replies, reposts = views // 45, rng.randint(2, 14), views // 160
        day = moment.astimezone(UTC)
        rows.append([post_id, f"{day:%a}, {day:%b} {day.day}, {day.year}", plan.text(slug, "x"),
                     f"https://x.com/BangkoBayan/status/{post_id}", views, likes,
                     likes + replies + reposts + clicks + 20, views // 200, rng.randint(0, 5),
                     rng.randint(1, 9), replies, reposts, rng.randint(10, 40),
                     rng.randint(20, 90), clicks, rng.randint(0, 9), rng.randint(0, 6)])  # fmt: skip
    write(folder / "x" / "account_analytics_content_2026-11-01_2026-11-21.csv", csv_text(rows))


def linkedin(plan: Plan, folder: Path) -> None:
    """Bangko Bayan's LinkedIn Page export: the All posts and Metrics sheets."""
    book = openpyxl.Workbook()
    metrics = book.active
    metrics.title = "Metrics"
    metrics.append(["Aggregated data for the selected date range. Data is updated daily."])
    metrics.append(["Date", "Impressions (organic)", "Impressions (sponsored)",
                    "Impressions (total)", "Unique impressions (organic)", "Clicks (organic)",
                    "Clicks (sponsored)", "Clicks (total)", "Reactions (organic)",
                    "Reactions (sponsored)", "Reactions (total)", "Comments (organic)",
                    "Comments (sponsored)", "Comments (total)", "Reposts (organic)",
                    "Reposts (sponsored)", "Reposts (total)", "Engagement rate (organic)",
                    "Engagement rate (sponsored)", "Engagement rate (total)"])  # fmt: skip
    for day in range(15, 22):
        shown = rng.randint(300, 2600)
        clicks, reactions = shown // 30, shown // 40
        rate = round((clicks + reactions) / shown, 4)
        metrics.append([f"11/{day:02}/2026", shown, 0, shown, int(shown * 0.7), clicks, 0, clicks,
                        reactions, 0, reactions, 1, 0, 1, 0, 0, 0, rate, 0, rate])  # fmt: skip
    posts = book.create_sheet("All posts")
    posts.append(["Aggregated data for the selected date range. Data is updated daily."])
    posts.append(["Post title", "Post link", "Post type", "Campaign name", "Posted by",
                  "Created date", "Campaign start date", "Campaign end date", "Audience",
                  "Impressions", "Views (excluding off-site video views)", "Off-site views",
                  "Clicks", "Click through rate (CTR)", "Likes", "Comments", "Reposts",
                  "Follows", "Engagement rate", "Content Type"])  # fmt: skip
    moment = plan.when("huwag-ibigay-ang-otp", "linkedin", 75)
    activity = linkedin_id_for_time(moment.astimezone(UTC), 3310)
    text = plan.text("huwag-ibigay-ang-otp", "linkedin")
    posts.append([text.split("\n")[0], f"https://www.linkedin.com/feed/update/urn:li:activity:{activity}",
                  "Organic", "", "Bangko Bayan", local(moment, "Asia/Manila").strftime("%m/%d/%Y"),
                  "", "", "All followers", 2284, "", "", 97, 0.04247, 61, 4, 7, 5, 0.07531,
                  "Text"])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    write(
        folder / "linkedin" / "bangko-bayan-posts-2026-11-21.xlsx", reproducible(buffer.getvalue())
    )


def reproducible(workbook: bytes) -> bytes:
    """The workbook with fixed zip entry times and document dates (openpyxl stamps now)."""
    stamp = "2026-11-21T20:00:00Z"
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp.encode(), data)
            target.writestr(zipfile.ZipInfo(item.filename, FIXED), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def telegram(plan: Plan, folder: Path) -> None:
    """Кофе на кухне's channel as Telegram Desktop exports it (reactions, no views)."""
    messages = []
    planned = [
        ("raf-s-halvoj-pervyj-sneg", 1204),
        ("gid-po-pomolu", 1219),
        ("kot-barista-chelsea", 1227),
    ]
    unplanned = (
        1221,
        datetime(2026, 11, 18, 19, 30, 4, tzinfo=UTC),
        "Вечерний вопрос: чем заедаете кофе? 🍪",
    )
    entries = [
        (i, plan.when(slug, "telegram", 3 + i % 7), plan.text(slug, "telegram"))
        for slug, i in planned
    ]
    for message_id, moment, text in sorted([*entries, unplanned]):
        stamp = local(moment, "Europe/Moscow")
        messages.append({
            "id": message_id, "type": "message", "date": stamp.strftime("%Y-%m-%dT%H:%M:%S"),
            "date_unixtime": str(int(moment.timestamp())), "from": "Кофе на кухне",
            "from_id": "channel2038475612", "text": text,
            "text_entities": [{"type": "plain", "text": text}],
            "reactions": [{"type": "emoji", "count": rng.randint(40, 160), "emoji": "👍"},
                          {"type": "emoji", "count": rng.randint(5, 60), "emoji": "❤"},
                          {"type": "emoji", "count": rng.randint(0, 25), "emoji": "🔥"}],
        })  # fmt: skip
    doc = {
        "name": "Кофе на кухне",
        "type": "public_channel",
        "id": 2038475612,
        "messages": messages,
    }
    write(folder / "telegram" / "ChatExport_2026-11-21" / "result.json",
          json.dumps(doc, ensure_ascii=False, indent=1) + "\n")  # fmt: skip


def generic(plan: Plan, folder: Path) -> None:
    """VK and Threads, which have no per-post export: smmplan's generic CSV."""
    rows = [["network", "url", "date", "account", "views", "reach", "likes", "comments",
             "reposts", "saves", "link_clicks", "video_views", "follows"]]  # fmt: skip
    for slug, post in (("raf-s-halvoj-pervyj-sneg", 3412), ("kot-barista-chelsea", 3437)):
        moment = local(plan.when(slug, "vk", 30), "Europe/Moscow")
        reach = rng.randint(1400, 2900)
        rows.append(["vk", f"https://vk.com/wall-218734501_{post}", moment.isoformat(), "@kofenakuhne",
                     int(reach * 1.3), reach, reach // 16, rng.randint(3, 20), reach // 120, "",
                     rng.randint(20, 90) if slug.startswith("raf") else "", "", rng.randint(1, 8)])  # fmt: skip
    for slug in ("icherisheher-axsham-gezintisi", "shamakhi-ulduz-turu", "qara-cume-teaser"):
        moment = local(plan.when(slug, "threads", 50), "Asia/Baku")
        views = rng.randint(600, 1900)
        rows.append(["threads", f"https://www.threads.net/@karvan.travel/post/{shortcode()}",
                     moment.isoformat(), "@karvan.travel", views, "", views // 20,
                     rng.randint(1, 12), rng.randint(0, 9), "", "", "", rng.randint(0, 6)])  # fmt: skip
    write(folder / "generic" / "vk-threads-2026-11-21.csv", csv_text(rows))


def ads_and_traffic(folder: Path) -> None:
    """Black Friday's paid promotion so far (Ads Manager) and its site traffic (GA4)."""
    header = ["Reporting starts", "Reporting ends", "Campaign name", "Ad set name", "Ad name",
              "Ad ID", "Ad delivery", "Results", "Result indicator", "Cost per result",
              "Amount spent (AZN)", "Impressions", "Reach", "Frequency", "Link clicks",
              "CPC (cost per link click) (AZN)", "CTR (link click-through rate)"]  # fmt: skip
    ads = [
        ("Bakı 24-40 cütlüklər", "Tizer — karusel", "120234518800610417", 48.37, 21844, 13120, 262),
        ("Bakı 24-40 cütlüklər", "Tizer — story", "120234518800610533", 36.91, 17370, 11480, 171),
    ]
    rows = [header, ["2026-11-20", "2026-11-21", "", "", "", "", "", "", "", "",
                     round(sum(a[3] for a in ads), 2), sum(a[4] for a in ads),
                     30517, 1.28, sum(a[6] for a in ads), 0.19, 1.10978]]  # fmt: skip
    for ad_set, name, ad_id, spent, shown, reach, clicks in ads:
        rows.append(["2026-11-20", "2026-11-21", "black-friday-2026", ad_set, name, ad_id, "active",
                     clicks, "actions:link_click", round(spent / clicks, 5), spent, shown, reach,
                     round(shown / reach, 5), clicks, round(spent / clicks, 5),
                     round(clicks / shown * 100, 5)])  # fmt: skip
    write(
        folder / "ads" / "Karvan-Travel-Ads-Nov-20-2026-Nov-21-2026.csv", "\ufeff" + csv_text(rows)
    )
    preamble = ["# ----------------------------------------", "# Traffic acquisition: Session campaign",
                "# Account: Karvan Travel", "# Property: karvan.example.com - GA4",
                "# ----------------------------------------", "# ", "# All Users",
                "# Start date: 20261120", "# End date: 20261121"]  # fmt: skip
    table = [["Session campaign", "Session source / medium", "Sessions", "Engaged sessions",
              "Engagement rate", "Average engagement time per session", "Events per session",
              "Event count", "Key events", "Session key event rate", "Total revenue"],
             ["black-friday-2026", "instagram / paid", 361, 214, 0.592798, 41.8112, 5.4321, 1961, 7, 0.019391, 0],
             ["black-friday-2026", "instagram / social", 118, 81, 0.686441, 57.2046, 6.1017, 720, 4, 0.033898, 0],
             ["black-friday-2026", "threads / social", 27, 17, 0.62963, 49.0741, 5.7407, 155, 1, 0.037037, 0],
             ["(organic)", "google / organic", 842, 531, 0.630641, 62.3361, 6.2874, 5294, 12, 0.014252, 0],
             ["(direct)", "(direct) / (none)", 407, 219, 0.538084, 38.1425, 4.9828, 2028, 3, 0.007371, 0],
             ["", "", 1755, 1062, 0.605128, 51.6617, 5.7094, 10158, 27, 0.015385, 0]]  # fmt: skip
    write(
        folder / "ga4" / "karvan-traffic-acquisition.csv",
        "\n".join(preamble) + "\n" + csv_text(table),
    )


def write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    root = parser.parse_args().root
    plan = Plan(root)
    folder = root / "content" / "metrics"
    for make in (instagram, facebook, x, linkedin, telegram, generic):
        make(plan, folder)
    ads_and_traffic(folder)


if __name__ == "__main__":
    main()
