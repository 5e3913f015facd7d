"""A plan and the networks' exports of its results, for ``bench/metrics.py``.

``make_repository(root, posts, rows)`` writes, deterministically (seeded):

- 3 brands in three time zones, each on 5 networks with its account handles, and 6
  campaigns with KPI targets and a budget;
- ``posts`` posts in Russian, Tagalog and Azerbaijani (plus English), each going out on 4
  of its brand's 5 networks with a per-network text on one of them; about a third of
  these (post, network) slots are recorded where they went out (``published:``, a URL or
  an id, as ``smmplan mark published`` writes it), the rest are found by time and text;
- ``rows`` metric rows in 20 export files of six formats, laid out as the networks write
  them (headers, encodings, quoting and dates as in ``tests/test_metrics_formats.py``):
  4 Meta Business Suite Facebook exports and 4 Instagram ones (UTF-8 with a BOM, 34 and
  18 columns, captions on several lines), 4 X content exports (a date without the time,
  which is in the post ID), 3 YouTube ``Table data.csv`` (with the ``Total`` row) and 3
  TikTok ``Content.csv`` (every field quoted, dates without a year, the time in the video
  ID), each in the folder its zip unpacks to, and 2 generic CSVs for VK (one with a text
  column). Each file is a snapshot taken a week after the one before it, so most posts
  appear in several files with growing lifetime totals.

Every row is a post's result on one network, except about 5 % of unplanned posts (text,
time and id that no post has) and a few rows of an account that is no brand's. A row
names its post by what its format has: the post ID or URL (matching the ``published:``
of the posts that record it), the account or page name, the publish time in the form the
format writes it, and the text as it went out (X shortens links, YouTube has the title,
TikTok cuts the caption). A few cells are blank or ``N/A`` as the networks leave them.

To hold 100,000 rows in 20 files, each file carries one network's posts of every brand on
that network, as an agency's combined export would: one account's export of a 10,000-post
plan has fewer than 3,000 rows.
"""

from __future__ import annotations

import csv
import random
import string
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from corpus import EMOJI, SENTENCES

from smmplan.load.metrics.dates import tiktok_id_for_time, x_id_for_time

NOW = "2026-12-01T09:00:00+00:00"
START = datetime(2026, 1, 5, 8, 0)
END = datetime(2026, 12, 10, 20, 0)  # posts after the last export are still planned

BRANDS = {
    "kofe": {
        "name": "Kofe na kuhne",
        "timezone": "Europe/Moscow",
        "locale": "ru",
        "accounts": {
            "vk": "@kofenakuhne",
            "instagram": "@kofe.na.kuhne",
            "youtube": "@KofeNaKuhne",
            "tiktok": "@kofenakuhne",
            "x": "@kofe_na_kuhne",
        },
        "page_id": None,
    },
    "bayan": {
        "name": "Bangko Bayan",
        "timezone": "Asia/Manila",
        "locale": "tl",
        "accounts": {
            "facebook": "@BangkoBayanPH",
            "x": "@BangkoBayan",
            "tiktok": "@bangkobayan",
            "youtube": "@BangkoBayan",
            "instagram": "@bangko.bayan",
        },
        "page_id": "104873221150032",
    },
    "karvan": {
        "name": "Karvan Travel",
        "timezone": "Asia/Baku",
        "locale": "az",
        "accounts": {
            "instagram": "@karvan.travel",
            "facebook": "@KarvanTravel",
            "x": "@KarvanTravel",
            "vk": "@karvantravel",
            "youtube": "@KarvanTravel",
        },
        "page_id": "104512345678901",
    },
}

# format -> (network, number of files)
FILES = {
    "meta-facebook": ("facebook", 4),
    "meta-instagram": ("instagram", 4),
    "x": ("x", 4),
    "youtube": ("youtube", 3),
    "tiktok": ("tiktok", 3),
    "generic": ("vk", 2),
}
LAST_EXPORT = date(2026, 11, 30)
UNPLANNED = 0.05

FB_HEADER = [
    "Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)",
    "Publish time", "Caption type", "Permalink", "Is crosspost", "Is share", "Post type",
    "Languages", "Custom labels", "Funded content status", "Data comment", "Date", "Views",
    "Reach", "Reactions, Comments and Shares", "Reactions", "Comments", "Shares",
    "Total clicks", "Matched Audience Targeting Consumption (Photo Click)", "Other Clicks",
    "Link Clicks", "Matched Audience Targeting Consumption (Video Click)",
    "Negative feedback from users: Hide all", "Seconds viewed", "Average Seconds viewed",
    "Estimated earnings (USD)", "Ad CPM (USD)", "Ad impressions",
]  # fmt: skip
IG_HEADER = [
    "Post ID", "Account ID", "Account username", "Account name", "Description",
    "Duration (sec)", "Publish time", "Permalink", "Post type", "Data comment", "Date",
    "Views", "Reach", "Likes", "Shares", "Follows", "Comments", "Saves",
]  # fmt: skip
X_HEADER = [
    "Post id", "Date", "Post text", "Post Link", "Impressions", "Likes", "Engagements",
    "Bookmarks", "Shares", "New follows", "Replies", "Reposts", "Profile visits",
    "Detail Expands", "URL Clicks", "Hashtag Clicks", "Permalink Clicks",
]  # fmt: skip
YT_HEADER = [
    "Content", "Video title", "Video publish time", "Duration", "Views",
    "Watch time (hours)", "Subscribers", "Impressions", "Impressions click-through rate (%)",
]  # fmt: skip
TT_HEADER = [
    "Time", "Video title", "Video link", "Post time", "Total likes", "Total comments",
    "Total shares", "Total views",
]  # fmt: skip
GENERIC_HEADER = [
    "network", "url", "date", "views", "reach", "likes", "comments", "reposts", "saves",
    "link_clicks", "video_views", "follows",
]  # fmt: skip

_ALNUM = string.ascii_letters + string.digits
_SYLLABLES = {
    "ru": ["ка", "ро", "ми", "на", "ту", "ле", "со", "вар", "бу", "дэ", "жи", "ло", "пе", "ст", "ра", "ко", "ни", "ла"],
    "tl": ["ka", "ba", "la", "sa", "ma", "pa", "ta", "da", "ga", "ni", "hu", "lo", "ra", "si", "ya", "bi", "ngu", "wa"],
    "az": ["qa", "lə", "şə", "xa", "ba", "ru", "mi", "sə", "tə", "yo", "gü", "nə", "cə", "ər", "də", "ol", "ka"],
    "en": ["bro", "ma", "ti", "ven", "cor", "lu", "sa", "den", "pri", "ko", "mo", "fa", "rel", "tis", "go", "ba"],
}  # fmt: skip
_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
_WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@dataclass
class Slot:
    """One post on one network, with what its network knows of it."""

    n: int
    brand: str
    network: str
    local: datetime  # planned, the brand's wall clock
    actual: datetime  # when it went out, UTC
    text: str
    title: str
    ident: str = ""
    url: str = ""
    record: str | None = None  # what the post's published: says for this network
    base: int = 0


@dataclass
class Plan:
    slots: dict[str, list[Slot]] = field(default_factory=dict)  # network -> slots


def _word(rng: random.Random, lang: str) -> str:
    return "".join(rng.choice(_SYLLABLES[lang]) for _ in range(rng.randint(2, 4)))


def _headline(rng: random.Random, lang: str) -> str:
    words = [_word(rng, lang) for _ in range(rng.randint(5, 7))]
    return " ".join(words).capitalize() + "."


def _ids(rng: random.Random, slot: Slot, seq: int) -> None:
    brand = BRANDS[slot.brand]
    handle = brand["accounts"][slot.network].lstrip("@")
    if slot.network == "facebook":
        slot.ident = str(6_017_963_000_000_000 + seq)
        token = "".join(rng.choice(_ALNUM) for _ in range(28))
        slot.url = f"https://www.facebook.com/{handle}/posts/pfbid0{token}"
        slot.record = slot.ident
    elif slot.network == "instagram":
        slot.ident = str(18_073_621_000_000_000 + seq)
        code = "D" + "".join(rng.choice(_ALNUM + "_-") for _ in range(10))
        slot.url = f"https://www.instagram.com/{'reel' if seq % 4 == 0 else 'p'}/{code}/"
        slot.record = slot.url
    elif slot.network == "x":
        slot.ident = x_id_for_time(slot.actual, seq % 4096)
        slot.url = f"https://x.com/{handle}/status/{slot.ident}"
        slot.record = slot.url
    elif slot.network == "youtube":
        slot.ident = "".join(rng.choice(_ALNUM + "_-") for _ in range(11))
        slot.url = f"https://www.youtube.com/watch?v={slot.ident}"
        slot.record = f"https://youtu.be/{slot.ident}"
    elif slot.network == "tiktok":
        slot.ident = tiktok_id_for_time(slot.actual, seq % 65536)
        slot.url = f"https://www.tiktok.com/@{handle}/video/{slot.ident}"
        slot.record = slot.url
    else:  # vk
        group = {"kofe": 218734501, "karvan": 199120457}[slot.brand]
        slot.url = f"https://vk.com/wall-{group}_{seq}"
        slot.record = slot.url


def _brand_files(root: Path) -> None:
    (root / "brands").mkdir(parents=True)
    for brand, b in BRANDS.items():
        accounts = ", ".join(f'{k}: "{v}"' for k, v in b["accounts"].items())
        (root / "brands" / f"{brand}.yml").write_text(
            f"name: {b['name']}\ntimezone: {b['timezone']}\nlocale: {b['locale']}\n"
            f"accounts: {{{accounts}}}\n"
            'disclosure: ["#ad"]\nposting: {min_gap: 1h}\n',
            encoding="utf-8",
        )
    (root / "smmplan.yml").write_text("title: Bench calendar\nlocale: en\n", encoding="utf-8")


CAMPAIGNS = {
    # id: (brand, start, end, kpis)
    "kofe-spring": ("kofe", "2026-03-01", "2026-05-31", ("reach", 900000), ("views", 2000000)),
    "kofe-autumn": ("kofe", "2026-09-01", "2026-11-30", ("reach", 900000), ("link_clicks", 40000)),
    "bayan-payday": ("bayan", "2026-02-01", "2026-04-30", ("reach", 900000), ("engagement", 60000)),
    "bayan-ipon": ("bayan", "2026-08-01", "2026-12-31", ("views", 3000000), ("link_clicks", 50000)),
    "karvan-summer": ("karvan", "2026-05-01", "2026-08-31", ("reach", 1200000), ("engagement_rate", 0.05)),
    "karvan-blackfriday": ("karvan", "2026-11-01", "2026-12-10", ("reach", 300000), ("link_clicks", 9000)),
}  # fmt: skip


def _campaign_files(root: Path) -> None:
    folder = root / "content" / "campaigns"
    folder.mkdir(parents=True)
    for slug, (brand, start, end, *kpis) in CAMPAIGNS.items():
        lines = "\n".join(f"  - {{metric: {m}, target: {t}}}" for m, t in kpis)
        (folder / f"{slug}.md").write_text(
            f"---\ntitle: {slug}\nbrand: {brand}\nstart: {start}\nend: {end}\n"
            f"budget: {{amount: 1500, currency: USD}}\nkpis:\n{lines}\n---\nBrief.\n",
            encoding="utf-8",
        )


def _campaign_of(brand: str, day: date) -> str | None:
    for slug, (owner, start, end, *_) in CAMPAIGNS.items():
        if owner == brand and date.fromisoformat(start) <= day <= date.fromisoformat(end):
            return slug
    return None


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _write_posts(root: Path, count: int, rng: random.Random) -> Plan:
    plan = Plan()
    step = (END - START) / count
    seq = 0
    for n in range(count):
        brand = rng.choice(list(BRANDS))
        b = BRANDS[brand]
        lang = rng.choice([b["locale"], b["locale"], "en"])
        local = (START + step * n).replace(second=0, microsecond=0)
        zone = ZoneInfo(b["timezone"])
        networks = rng.sample(list(b["accounts"]), 4)
        headline = _headline(rng, lang)
        body = (
            headline + " " + " ".join(rng.choice(SENTENCES[lang]) for _ in range(rng.randint(2, 5)))
        )
        body += f" {rng.choice(EMOJI)}\n\nhttps://example.com/{brand}/{n} #{brand} #{lang}2026"
        override = (headline + " " + rng.choice(SENTENCES[lang]) + " #ad").replace('"', "")
        title = headline.rstrip(".")
        past = local < datetime(2026, 11, 28)
        status = (
            rng.choice(["published"] * 8 + ["scheduled", "approved"])
            if past
            else rng.choice(["idea", "draft", "review", "approved", "scheduled"])
        )
        published: dict[str, str] = {}
        for position, network in enumerate(networks):
            text = override if position == 1 else body + " #ad"
            drift = (
                timedelta(seconds=rng.randint(0, 90))
                if rng.random() < 0.9
                else timedelta(minutes=rng.randint(-25, 25))
            )
            actual = (local.replace(tzinfo=zone) + drift).astimezone(UTC)
            slot = Slot(n, brand, network, local, actual, text, title)
            slot.base = rng.randint(300, 40000)
            seq += 1
            _ids(rng, slot, seq)
            if rng.random() < (0.6 if network == "vk" else 0.3):
                published[network] = slot.record or slot.url
            plan.slots.setdefault(network, []).append(slot)
        campaign = _campaign_of(brand, local.date())
        folder = root / "content" / "posts" / f"{local:%Y}" / f"{local:%m}"
        folder.mkdir(parents=True, exist_ok=True)
        front = [
            "---",
            f"title: {_quote(title)}",
            f"brand: {brand}",
            f"campaign: {campaign}" if campaign else "campaign: null",
            f"publish_at: {local:%Y-%m-%d %H:%M}",
            f"status: {status}",
            f"author: editor{n % 7}",
            f"tags: [pillar-{n % 5}, {lang}]",
            f"link: https://example.com/{brand}/{n}",
            "networks:",
            f"  {networks[0]}: {{}}",
            f"  {networks[1]}: {{text: {_quote(override)}}}",
            f"  {networks[2]}: {{}}",
            f"  {networks[3]}: {{}}",
        ]
        if published:
            front.append("published:")
            front += [f"  {k}: {_quote(v)}" for k, v in published.items()]
        front += ["---", ""]
        (folder / f"post-{n:05d}.md").write_text(
            "\n".join(front) + body + " #ad\n", encoding="utf-8"
        )
    return plan


def _figures(rng: random.Random, base: int, week: int) -> dict[str, int]:
    """Lifetime totals ``week`` weeks before the newest export, growing towards it."""
    views = int(base * (1.0 - 0.06 * week))
    reach = int(views * rng.uniform(0.55, 0.9))
    reactions = int(reach * rng.uniform(0.01, 0.08))
    comments, shares, saves = (int(reactions * rng.uniform(a, b)) for a, b in ((0.02, 0.2), (0.01, 0.15), (0.0, 0.3)))  # fmt: skip
    clicks = int(reach * rng.uniform(0.0, 0.03))
    follows = rng.randint(0, 12)
    return {
        "views": views, "reach": reach, "reactions": reactions, "comments": comments,
        "shares": shares, "saves": saves, "clicks": clicks, "follows": follows,
    }  # fmt: skip


def _unplanned(rng: random.Random, network: str, day: date, seq: int) -> Slot:
    brand = rng.choice([b for b, v in BRANDS.items() if network in v["accounts"]])
    b = BRANDS[brand]
    zone = ZoneInfo(b["timezone"])
    offset = timedelta(minutes=rng.randint(0, (day - START.date()).days * 1440 - 1))
    local = (START + offset).replace(second=0, microsecond=0)
    text = "Unplanned: " + " ".join(_word(rng, "en") for _ in range(8)) + " " + rng.choice(EMOJI)
    actual = local.replace(tzinfo=zone).astimezone(UTC)
    slot = Slot(-1, brand, network, local, actual, text, text[:60])
    slot.base = rng.randint(100, 5000)
    _ids(rng, slot, 900_000 + seq)
    return slot


def _file_rows(rng: random.Random, plan: Plan, network: str, day: date, count: int) -> list[Slot]:
    past = [s for s in plan.slots.get(network, ()) if s.actual.date() < day]
    planned = min(round(count * (1 - UNPLANNED)), len(past))
    rows = rng.sample(past, planned)
    rows += [
        _unplanned(rng, network, day, i + 1000 * day.toordinal()) for i in range(count - planned)
    ]
    rows.sort(key=lambda s: s.actual, reverse=True)  # exports list the newest first
    return rows


def _blank(rng: random.Random, value: int, missing: str = "") -> str:
    return missing if rng.random() < 0.01 else str(value)


def _meta_facebook(rng, rows, week) -> list[list[str]]:
    out = [FB_HEADER]
    for s in rows:
        b = BRANDS[s.brand]
        f = _figures(rng, s.base, week)
        reel = int(s.ident) % 5 == 0
        engagements = f["reactions"] + f["comments"] + f["shares"]
        title, description = ("", s.text) if reel else (s.text, "")
        out.append(
            [
                s.ident, b["page_id"], b["name"], title, description, "38" if reel else "0",
                f"{s.local:%m/%d/%Y %H:%M}", "N/A", s.url, "0", "0", "Reels" if reel else "Photos",
                "", "", "", "", "Lifetime", str(f["views"]), str(f["reach"]), str(engagements),
                str(f["reactions"]), str(f["comments"]), str(f["shares"]),
                str(f["clicks"] * 3), str(f["clicks"]), str(f["clicks"]),
                _blank(rng, f["clicks"]), "0", "0", str(f["views"] * 2) if reel else "0",
                "11" if reel else "0", "", "", "",
            ]
        )  # fmt: skip
    return out


def _meta_instagram(rng, rows, week) -> list[list[str]]:
    out = [IG_HEADER]
    for s in rows:
        b = BRANDS[s.brand]
        f = _figures(rng, s.base, week)
        handle = b["accounts"]["instagram"].lstrip("@")
        if rng.random() < 0.005:
            handle = "someone.else"  # an account that is no brand's
        kind = "IG reel" if "/reel/" in s.url else "IG carousel"
        out.append(
            [
                s.ident, "17841405822304914", handle, b["name"], s.text,
                "29" if kind == "IG reel" else "0", f"{s.local:%m/%d/%Y %H:%M}", s.url, kind, "",
                "Lifetime", str(f["views"]), str(f["reach"]), str(f["reactions"]),
                str(f["shares"]), str(f["follows"]), str(f["comments"]), _blank(rng, f["saves"]),
            ]
        )  # fmt: skip
    return out


def _x(rng, rows, week) -> list[list[str]]:
    out = [X_HEADER]
    for s in rows:
        f = _figures(rng, s.base, week)
        text = s.text.replace(
            f"https://example.com/{s.brand}/{s.n}", "https://t.co/" + s.ident[-10:]
        )
        day = s.actual.date()
        out.append(
            [
                s.ident, f"{_WEEKDAYS[day.weekday()]}, {_MONTHS[day.month - 1][:3]} {day.day}, {day.year}",
                text, s.url, str(f["views"]), str(f["reactions"]),
                str(f["reactions"] + f["comments"] + f["shares"] + f["clicks"]), str(f["saves"]),
                "0", str(f["follows"]), str(f["comments"]), str(f["shares"]),
                str(f["clicks"] // 2), str(f["clicks"]), _blank(rng, f["clicks"]), "0", "0",
            ]
        )  # fmt: skip
    return out


def _youtube(rng, rows, week) -> list[list[str]]:
    out = [YT_HEADER]
    figures = [_figures(rng, s.base, week) for s in rows]
    total = sum(f["views"] for f in figures)
    out.append(["Total", "", "", "", str(total), f"{total / 61:.4f}", "96", str(total * 9), "5.31"])
    for s, f in zip(rows, figures, strict=True):
        ident = " " + s.ident if s.ident.startswith("-") else s.ident
        out.append(
            [
                ident, s.title, f"{_MONTHS[s.local.month - 1][:3]} {s.local.day}, {s.local.year}",
                str(rng.randint(30, 900)), str(f["views"]), f"{f['views'] / 61:.4f}",
                str(f["follows"]), str(f["views"] * 9), f"{rng.uniform(2, 9):.2f}",
            ]
        )  # fmt: skip
    return out


def _tiktok(rng, rows, week, day: date) -> list[list[str]]:
    out = [TT_HEADER]
    taken = f"{_MONTHS[day.month - 1]} {day.day}"
    for s in rows:
        f = _figures(rng, s.base, week)
        caption = s.text if len(s.text) <= 150 else s.text[:150]
        out.append(
            [
                taken, caption, s.url, f"{_MONTHS[s.local.month - 1]} {s.local.day}",
                str(f["reactions"]), str(f["comments"]), str(f["shares"]), str(f["views"]),
            ]
        )  # fmt: skip
    return out


def _generic(rng, rows, week, with_text: bool) -> list[list[str]]:
    out = [[*GENERIC_HEADER, "text"] if with_text else GENERIC_HEADER]
    for s in rows:
        f = _figures(rng, s.base, week)
        row = [
            "vk", s.url, f"{s.local:%Y-%m-%d %H:%M}", str(f["views"]), str(f["reach"]),
            str(f["reactions"]), str(f["comments"]), str(f["shares"]),
            _blank(rng, f["saves"], "N/A"), _blank(rng, f["clicks"], "--"), "", str(f["follows"]),
        ]  # fmt: skip
        out.append([*row, s.text] if with_text else row)
    return out


def _write_csv(path: Path, rows: list[list[str]], encoding: str, quote_all: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as handle:
        quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
        csv.writer(handle, quoting=quoting, lineterminator="\n").writerows(rows)


def _write_exports(root: Path, plan: Plan, rows: int, rng: random.Random) -> list[Path]:
    folder = root / "content" / "metrics"
    per_file = rows // sum(count for _, count in FILES.values())
    written = []
    for fmt, (network, count) in FILES.items():
        for week in range(count):
            day = LAST_EXPORT - timedelta(days=7 * week)
            chosen = _file_rows(rng, plan, network, day, per_file)
            span = f"2026-01-01_{day:%Y-%m-%d}"
            if fmt == "meta-facebook":
                path = folder / "meta" / f"facebook-posts-{day}.csv"
                _write_csv(path, _meta_facebook(rng, chosen, week), "utf-8-sig")
            elif fmt == "meta-instagram":
                path = folder / "meta" / f"instagram-posts-{day}.csv"
                _write_csv(path, _meta_instagram(rng, chosen, week), "utf-8-sig")
            elif fmt == "x":
                path = folder / "x" / f"account_analytics_content_{span}.csv"
                _write_csv(path, _x(rng, chosen, week), "utf-8")
            elif fmt == "youtube":
                path = folder / "youtube" / f"Content {span} Channels" / "Table data.csv"
                _write_csv(path, _youtube(rng, chosen, week), "utf-8")
            elif fmt == "tiktok":
                path = folder / "tiktok" / f"Content_{day}" / "Content.csv"
                _write_csv(path, _tiktok(rng, chosen, week, day), "utf-8-sig", quote_all=True)
            else:
                path = folder / "generic" / f"vk-{day}.csv"
                _write_csv(path, _generic(rng, chosen, week, with_text=week == 0), "utf-8")
            written.append(path)
    return written


def make_repository(root: Path, posts: int, rows: int, seed: int = 13) -> list[Path]:
    """The plan and its exports under ``root``; returns the export files written."""
    rng = random.Random(seed)
    _brand_files(root)
    _campaign_files(root)
    plan = _write_posts(root, posts, rng)
    return _write_exports(root, plan, rows, rng)
