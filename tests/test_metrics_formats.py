"""Each analytics export format, on files laid out as the reference shows them.

Every test writes the file as the network gives it (encoding, preamble, quoting,
localized headers, Total rows, zips and workbooks included) into a throwaway
repository and checks the exact records: rows, metrics, dates and how the snapshot
was dated.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from smmplan.load.metrics import FORMAT_IDS, generic_csv_schema, load_metrics
from smmplan.load.metrics.dates import tiktok_id_for_time
from smmplan.metrics_model import MetricsData

FILES = Path(__file__).parent / "metrics_files"
FB_HEADER = (
    '"Post ID","Page ID","Page name",Title,Description,"Duration (sec)","Publish time",'
    '"Caption type",Permalink,"Is crosspost","Is share","Post type",Languages,"Custom labels",'
    '"Funded content status","Data comment",Date,Views,Reach,"Reactions, Comments and Shares",'
    'Reactions,Comments,Shares,"Total clicks","Matched Audience Targeting Consumption (Photo '
    'Click)","Other Clicks","Link Clicks","Matched Audience Targeting Consumption (Video Click)",'
    '"Negative feedback from users: Hide all","Seconds viewed","Average Seconds viewed",'
    '"Estimated earnings (USD)","Ad CPM (USD)","Ad impressions"'
)
FB_ROWS = (
    '1362248909258331,104512345678901,"Bakı Kitab Evi","Yeni kitablar gəldi! 📚 Həftəsonu '
    'endirim.",,0,"10/03/2026 18:30",N/A,https://www.facebook.com/bakukitabevi/posts/'
    "pfbid02Xq7hR3kLmN8pQz1,0,0,Photos,,,,,Lifetime,4210,3120,187,150,22,15,96,41,33,22,0,0,0,0,,,\n"
    '1365512098877402,104512345678901,"Bakı Kitab Evi",,"Kitab mağazasında bir gün 🎬",38,'
    '"10/07/2026 12:05",N/A,https://www.facebook.com/reel/1365512098877402,0,0,Reels,,,,,'
    "Lifetime,15870,11240,612,498,71,43,310,0,205,105,0,2,128400,11,,,\n"
)


def write(tmp_path: Path, name: str, data: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp_path / "content" / "metrics" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def load(tmp_path: Path, **options) -> MetricsData:
    return load_metrics(tmp_path, tmp_path / "content" / "metrics", **options)


def clean(data: MetricsData) -> MetricsData:
    assert data.findings == (), data.findings
    return data


def test_every_format_has_an_id_and_the_generic_one_comes_last():
    assert set(FORMAT_IDS) >= {
        *("meta-facebook", "meta-instagram", "meta-page-daily", "meta-ads", "x", "x-legacy"),
        *("x-overview", "linkedin-page", "linkedin-page-daily", "youtube", "tiktok"),
        *("tiktok-overview", "telegram", "ga4", "pinterest", "vk-community", "generic"),
    }
    assert FORMAT_IDS[-1] == "generic"


def test_meta_facebook_posts_with_bom_lifetime_and_na(tmp_path):
    write(tmp_path, "fb-posts-2026-10-31.csv", "\ufeff" + FB_HEADER + "\n" + FB_ROWS)
    data = clean(load(tmp_path))
    (snapshot,) = data.snapshots
    assert (snapshot.format, snapshot.taken, snapshot.taken_from) == (
        "meta-facebook",
        date(2026, 10, 31),
        "name",
    )
    first, reel = data.posts
    assert (first.row, first.network, first.post_id, first.account) == (
        2,
        "facebook",
        "1362248909258331",
        "Bakı Kitab Evi",
    )
    assert first.url == "https://www.facebook.com/bakukitabevi/posts/pfbid02Xq7hR3kLmN8pQz1"
    assert first.published == datetime(2026, 10, 3, 18, 30)  # naive: the file names no zone
    assert not first.published_day_only
    assert (first.text, first.kind) == ("Yeni kitablar gəldi! 📚 Həftəsonu endirim.", "feed")
    assert first.metrics == {
        "views": 4210,
        "reach": 3120,
        "engagements": 187,
        "reactions": 150,
        "comments": 22,
        "shares": 15,
        "link_clicks": 22,
    }
    assert (reel.row, reel.kind, reel.text) == (3, "reel", "Kitab mağazasında bir gün 🎬")
    assert reel.metrics["views"] == 15870 and reel.metrics["link_clicks"] == 105


def test_meta_facebook_in_portuguese_with_spaces_in_numbers(tmp_path):
    header = (
        '"Post ID","Page ID","Page name",Título,Descrição,"Horário de publicação",Permalink,'
        '"Tipo de post",Date,Visualizações,Alcance,Reações,Comentários,Compartilhamentos'
    )
    row = '1362248909258331,104512345678901,Loja,,"Novos livros",10/03/2026 18:30,,Fotos,Lifetime,"4\u00a0210","3 120",150,--,1.015\n'
    write(tmp_path, "insights.csv", "\ufeff" + header + "\n" + row)
    (post,) = clean(load(tmp_path)).posts
    assert post.metrics == {"views": 4210, "reach": 3120, "reactions": 150, "shares": 1.015}
    assert post.text == "Novos livros" and post.kind == "fotos"


def test_meta_instagram_posts_and_stories(tmp_path):
    posts = (
        '"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)",'
        '"Publish time",Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,'
        "Follows,Comments,Saves\n"
        '18073621495123456,17841405822304914,bakukitabevi,"Bakı Kitab Evi","Payız kolleksiyası '
        '🍂 #kitab #Bakı",0,"10/03/2026 19:00",https://www.instagram.com/p/DPq3xYkNa1B/,'
        '"IG carousel",,Lifetime,6820,4105,312,27,9,18,64\n'
        '18104477231098765,17841405822304914,bakukitabevi,"Bakı Kitab Evi","Oxu bu həftə: 3 yeni '
        'roman",29,"10/06/2026 13:15",https://www.instagram.com/reel/DPyT7cQMb2K/,"IG reel",,'
        "Lifetime,24310,17650,1190,240,41,57,302\n"
    )
    stories = (
        '"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)",'
        '"Publish time",Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,'
        'Follows,Replies,Navigation,"Sticker taps","Profile activity","Link clicks"\n'
        '18110000000000001,17841405822304914,bakukitabevi,"Bakı Kitab Evi",,0,'
        '"10/08/2026 09:00",https://www.instagram.com/stories/bakukitabevi/18110000000000001/,'
        '"IG story",,Lifetime,1520,1311,12,3,1,4,1900,7,15,21\n'
    )
    write(tmp_path, "ig-2026-10-31.csv", "\ufeff" + posts)
    write(tmp_path, "ig-stories-2026-10-31.csv", "\ufeff" + stories)
    data = clean(load(tmp_path))
    carousel, reel, story = data.posts
    assert (carousel.network, carousel.account, carousel.kind) == (
        "instagram",
        "bakukitabevi",
        "feed",
    )
    assert carousel.metrics == {
        "views": 6820,
        "reach": 4105,
        "reactions": 312,
        "comments": 18,
        "shares": 27,
        "saves": 64,
        "follows": 9,
    }
    assert reel.kind == "reel" and reel.url == "https://www.instagram.com/reel/DPyT7cQMb2K/"
    assert story.kind == "story" and story.text is None
    assert story.metrics == {
        "views": 1520,
        "reach": 1311,
        "reactions": 12,
        "comments": 4,
        "shares": 3,
        "link_clicks": 21,
        "follows": 1,
    }


def test_meta_page_daily_insights_in_utf16_with_sep_line(tmp_path):
    text = 'sep=,\n"Views"\n"Date","Primary"\n"2026-10-01T00:00:00","5231"\n"2026-10-02T00:00:00","4870"\n'
    write(tmp_path, "Views.csv", text, "utf-16")
    write(tmp_path, "Follows.csv", text.replace("Views", "Follows"), "utf-16")
    data = clean(load(tmp_path))
    assert [s.format for s in data.snapshots] == ["meta-page-daily", "meta-page-daily"]
    assert [
        (a.path if False else a.row, a.network, a.day, a.metric, a.value) for a in data.accounts
    ] == [
        (4, "facebook", date(2026, 10, 1), "follows", 5231),
        (5, "facebook", date(2026, 10, 2), "follows", 4870),
        (4, "facebook", date(2026, 10, 1), "views", 5231),
        (5, "facebook", date(2026, 10, 2), "views", 4870),
    ]
    assert data.posts == ()


ADS = (
    '"Reporting starts","Reporting ends","Campaign name","Ad set name","Ad name","Ad ID",'
    '"Ad delivery",Results,"Result indicator","Cost per result","Amount spent (USD)",Impressions,'
    'Reach,Frequency,"Link clicks","CPC (cost per link click) (USD)","CTR (link click-through rate)"\n'
    "2026-10-01,2026-10-31,,,,,,,,,842.17,183204,96310,1.90223,2311,0.36442,1.26144\n"
    '2026-10-01,2026-10-31,autumn-sale-2026,"Bakı 25-45","Carousel A",120231845566780123,active,'
    "1204,actions:link_click,0.34982,421.19,92315,50122,1.84182,1204,0.34982,1.30423\n"
    '2026-10-01,2026-10-31,autumn-sale-2026,"Bakı 25-45","Reel B",120231845566790456,inactive,'
    "1107,actions:link_click,0.38029,420.98,90889,48710,1.86592,1107,0.38029,1.21797\n"
)


def test_meta_ads_manager_skips_the_account_summary(tmp_path):
    write(tmp_path, "ads.csv", "\ufeff" + ADS)
    data = clean(load(tmp_path))
    (snapshot,) = data.snapshots
    assert (snapshot.taken, snapshot.taken_from) == (date(2026, 10, 31), "file")
    carousel, reel = data.spend
    assert (carousel.row, carousel.campaign, carousel.amount, carousel.currency) == (
        3,
        "autumn-sale-2026",
        421.19,
        "USD",
    )
    assert (carousel.start, carousel.end) == (date(2026, 10, 1), date(2026, 10, 31))
    assert (carousel.ad_set, carousel.ad, carousel.ad_id) == (
        "Bakı 25-45",
        "Carousel A",
        "120231845566780123",
    )
    assert carousel.metrics == {"views": 92315, "reach": 50122, "link_clicks": 1204}
    assert carousel.rates == {"ctr": pytest.approx(0.0130423)}
    assert reel.amount == 420.98 and reel.ad == "Reel B"


def test_meta_ads_manager_xlsx_in_french(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        [
            "Début des rapports",
            "Fin des rapports",
            "Nom de la campagne",
            "Montant dépensé (EUR)",
            "Clics sur un lien",
        ]
    )
    sheet.append([datetime(2026, 10, 1), datetime(2026, 10, 31), None, 100.5, 300])
    sheet.append([datetime(2026, 10, 1), datetime(2026, 10, 31), "rentrée", 100.5, 300])
    path = tmp_path / "content" / "metrics" / "ads.xlsx"
    path.parent.mkdir(parents=True)
    book.save(path)
    data = clean(load(tmp_path))
    (spend,) = data.spend
    assert (spend.row, spend.campaign, spend.amount, spend.currency) == (3, "rentrée", 100.5, "EUR")
    assert spend.metrics == {"link_clicks": 300} and spend.end == date(2026, 10, 31)
    assert data.snapshots[0].member == "Sheet"


X_CONTENT = (
    "Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,"
    "Replies,Reposts,Profile visits,Detail Expands,URL Clicks,Hashtag Clicks,Permalink Clicks\n"
    '2107715716774148525,"Wed, Oct 7, 2026","Autumn sale starts today — 20% off all novels '
    'https://t.co/x1Yz9Qa",https://x.com/bakukitabevi/status/2107715716774148525,8412,96,317,14,'
    "3,2,7,11,23,88,64,4,5\n"
    '2108222673912637907,"Thu, Oct 8, 2026","@reader_az thanks! Pick-up is open until 20:00",'
    "https://x.com/bakukitabevi/status/2108222673912637907,640,5,19,0,0,0,1,0,6,7,0,0,0\n"
)


def test_x_content_export_takes_the_time_from_the_post_id(tmp_path):
    write(tmp_path, "account_analytics_content_2026-10-01_2026-10-31.csv", X_CONTENT)
    data = clean(load(tmp_path))
    assert data.snapshots[0].taken == date(2026, 10, 31)  # the last date in the name
    sale, reply = data.posts
    assert sale.published == datetime(2026, 10, 7, 6, 12, 41, tzinfo=UTC)
    assert not sale.published_day_only
    assert sale.metrics == {
        "views": 8412,
        "reactions": 96,
        "engagements": 317,
        "saves": 14,
        "shares": 11,
        "follows": 2,
        "comments": 7,
        "link_clicks": 64,
    }
    assert sale.kind is None and reply.kind == "reply"
    assert sale.account == "bakukitabevi"  # from the post's link
    assert reply.published.date() == date(2026, 10, 8)


def test_x_content_in_japanese(tmp_path):
    text = (
        "\ufeffポストID,日付,ポスト本文,インプレッション数,いいね,返信,リポスト,ブックマーク\n"
        "2107715716774148525,2026年10月7日,秋のセール,8412,96,7,11,14\n"
    )
    write(tmp_path, "x-ja.csv", text)
    (post,) = clean(load(tmp_path)).posts
    assert post.url == "https://x.com/i/status/2107715716774148525"
    assert post.metrics == {
        "views": 8412,
        "reactions": 96,
        "comments": 7,
        "shares": 11,
        "saves": 14,
    }
    assert post.published.tzinfo is UTC


def test_x_legacy_with_offsets_floats_and_portuguese_headers(tmp_path):
    english = (
        '"Tweet id","Tweet permalink","Tweet text","time","impressions","engagements",'
        '"engagement rate","retweets","replies","likes","user profile clicks","url clicks",'
        '"promoted impressions"\n'
        '"1719000113355577344","https://twitter.com/bakukitabevi/status/1719000113355577344",'
        '"Yeni həftə, yeni kitablar","2023-10-30 08:05 +0000","2140.0","61",'
        '"0.028504672897196262","3","2","19","8","21","-"\n'
    )
    portuguese = english.replace("Tweet id", "id do Tweet").replace("url clicks", "cliques no URL")
    write(tmp_path, "tweet_activity_metrics_bakukitabevi_20231001_20231031_en.csv", english)
    write(tmp_path, "tweet_activity_metrics_bakukitabevi_20231001_20231031_pt.csv", portuguese)
    data = clean(load(tmp_path))
    for post in data.posts:
        assert post.published == datetime(2023, 10, 30, 8, 5, tzinfo=UTC)
        assert post.metrics == {
            "views": 2140,
            "engagements": 61,
            "shares": 3,
            "comments": 2,
            "reactions": 19,
            "link_clicks": 21,
        }
        assert post.rates == {"engagement_rate": 0.028504672897196262}
    assert [s.taken for s in data.snapshots] == [date(2023, 10, 31)] * 2


def test_x_overview_quoted_cells_with_thousands_separators(tmp_path):
    text = (
        '"Date","Impressions","Likes","Engagements","Bookmarks","Shares","New follows","Unfollows",'
        '"Replies","Reposts","Profile visits","Create Post","Video views","Media views"\n'
        '"Wed, Oct 7, 2026","9,120","131","402","18","4","3","1","9","14","41","2","0","612"\n'
    )
    write(tmp_path, "account_overview_analytics.csv", text)
    data = clean(load(tmp_path))
    figures = {a.metric: a.value for a in data.accounts}
    assert figures["views"] == 9120 and figures["follows"] == 3 and figures["unfollows"] == 1
    assert {a.day for a in data.accounts} == {date(2026, 10, 7)}
    assert {a.network for a in data.accounts} == {"x"} and data.posts == ()


def test_linkedin_page_xls_both_sheets(tmp_path):
    path = tmp_path / "content" / "metrics" / "linkedin.xls"
    path.parent.mkdir(parents=True)
    shutil.copy(FILES / "linkedin-page-posts.xls", path)
    data = load(tmp_path)
    assert [(s.format, s.member) for s in data.snapshots] == [
        ("linkedin-page-daily", "Metrics"),
        ("linkedin-page", "All posts"),
    ]
    reading, hiring = data.posts
    assert (reading.row, reading.post_id, reading.account, reading.kind) == (
        3,
        "7513500914025080707",
        "Aysel Mammadova",
        "feed",
    )
    # the day is in the file, the time of day in the activity ID (ms >> 22)
    assert reading.published == datetime(2026, 10, 7, 7, 30, 12, tzinfo=UTC)
    assert reading.metrics == {
        "views": 2310,
        "reactions": 57,
        "comments": 6,
        "shares": 4,
        "link_clicks": 84,
        "follows": 2,
    }
    assert reading.rates == {"ctr": 0.03636, "engagement_rate": 0.0662}
    assert hiring.row == 4 and hiring.published.date() == date(2026, 10, 9)  # a date cell
    daily = {(a.day, a.metric): a.value for a in data.accounts}
    assert daily[date(2026, 10, 7), "views"] == 2410 and daily[date(2026, 10, 8), "shares"] == -1
    (finding,) = data.findings  # the negative correction is kept, and flagged
    assert (finding.finding.rule, finding.finding.line) == ("metrics-bad-value", 4)
    assert "Reposts (total)" in finding.finding.message


def test_linkedin_page_xlsx_with_note_row(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "All posts"
    sheet.append(["Aggregated data for the selected date range."])
    sheet.append(
        ["Update title", "Update link", "Posted by", "Created date", "Impressions", "Shares"]
    )
    link = "https://www.linkedin.com/feed/update/urn:li:share:7514294321153656009"
    sheet.append(["Hiring", link, "Aysel", "10/09/2026", 5120, 9])
    path = tmp_path / "content" / "metrics" / "Content_2026-10-01_2026-10-31.xlsx"
    path.parent.mkdir(parents=True)
    book.save(path)
    (post,) = clean(load(tmp_path)).posts
    assert (post.row, post.post_id, post.metrics) == (
        3,
        "7514294321153656009",
        {"views": 5120, "shares": 9},
    )


YT_TABLE = (
    "Content,Video title,Video publish time,Duration,Views,Watch time (hours),Subscribers,"
    "Impressions,Impressions click-through rate (%)\n"
    "Total,,,,18342,1201.5473,96,210455,5.31\n"
    ' -Xk3pQ9vR2s,"Bakıda payız: 5 kitab tövsiyəsi","Oct 7, 2026",412,12480,874.2031,71,140210,6.02\n'
    'dQ1wA8zT5cY,"Oxucu sorğusu #12","Oct 2 2026",58,5862,327.3442,25,70245,4.18\n'
)


def zipped(tmp_path: Path, name: str, members: dict[str, str]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, text in members.items():
            archive.writestr(member, text)
    return write(tmp_path, name, buffer.getvalue())


def test_youtube_zip_reads_table_data_and_skips_total(tmp_path):
    zipped(
        tmp_path,
        "Content 2026-10-01_2026-10-31 Bakı Kitab Evi.zip",
        {
            "Table data.csv": YT_TABLE,
            "Chart data.csv": "Date,Content,Video title,Video publish time,Duration,Views\n",
            "Totals.csv": "Date,Views\n2026-10-01,520\n",
        },
    )
    data = clean(load(tmp_path))
    (snapshot,) = data.snapshots
    assert (snapshot.format, snapshot.member, snapshot.taken, snapshot.taken_from) == (
        "youtube",
        "Table data.csv",
        date(2026, 10, 31),
        "name",
    )
    first, second = data.posts
    assert (first.row, first.post_id, first.url) == (
        3,
        "-Xk3pQ9vR2s",
        "https://www.youtube.com/watch?v=-Xk3pQ9vR2s",
    )
    assert first.published == datetime(2026, 10, 7) and first.published_day_only
    assert first.metrics == {"views": 12480, "video_views": 12480, "follows": 71}
    assert first.rates == {"ctr": pytest.approx(0.0602)}
    assert second.published == datetime(2026, 10, 2)  # the comma is sometimes missing


def test_youtube_in_russian(tmp_path):
    text = (
        "Контент,Название видео,Время публикации видео,Продолжительность,Просмотры,"
        "Время просмотра (часы),Подписчики,Показы значков видео,CTR для значков видео (%)\n"
        'Итоговое значение,,,,18342,1201.5,96,210455,"5,31"\n'
        'dQ1wA8zT5cY,"Опрос","7 окт. 2026 г.",58,5862,327.3,25,70245,"4,18"\n'
    )
    write(tmp_path, "Table data.csv", text)
    (post,) = clean(load(tmp_path)).posts
    assert post.published == datetime(2026, 10, 7)
    assert post.rates == {"ctr": pytest.approx(0.0418)}


TIKTOK = (
    '"Time","Video title","Video link","Post time","Total likes","Total comments","Total shares","Total views"\n'
    '"October 9","Payız kitabları 📚 #kitab #baku","https://www.tiktok.com/@bakukitabevi/video/7692848353387979856","October 4","1284","57","96","30412"\n'
)


def test_tiktok_zip_dates_the_snapshot_and_the_video_by_its_id(tmp_path):
    path = zipped(tmp_path, "Content_bakukitabevi.zip", {"Content.csv": "\ufeff" + TIKTOK})
    stamp = datetime(2026, 10, 9, 12, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    data = clean(load(tmp_path))
    (snapshot,) = data.snapshots
    assert (snapshot.taken, snapshot.taken_from) == (date(2026, 10, 9), "file")
    (video,) = data.posts
    assert (video.post_id, video.network, video.account) == (
        "7692848353387979856",
        "tiktok",
        "@bakukitabevi",
    )
    assert video.published == datetime.fromtimestamp(7692848353387979856 >> 32, UTC)
    assert video.published.date() == date(2026, 10, 4)
    assert video.metrics == {"views": 30412, "reactions": 1284, "comments": 57, "shares": 96}


def test_tiktok_year_rolls_back_and_russian_dates(tmp_path):
    text = TIKTOK.replace('"October 9"', '"9 января"').replace('"October 4"', '"28 декабря"')
    posted = datetime(2026, 12, 28, 17, 45, tzinfo=UTC)
    text = text.replace("7692848353387979856", tiktok_id_for_time(posted))
    write(tmp_path, "Content-2027-01-10.csv", "\ufeff" + text)
    data = clean(load(tmp_path))
    assert data.snapshots[0].taken == date(2027, 1, 9)
    (video,) = data.posts
    assert video.published == posted and not video.published_day_only


def test_tiktok_video_id_far_from_the_date_is_not_trusted(tmp_path):
    text = TIKTOK.replace(
        "7692848353387979856", tiktok_id_for_time(datetime(2026, 9, 1, tzinfo=UTC))
    )
    write(tmp_path, "Content-2026-10-09.csv", "\ufeff" + text)
    data = load(tmp_path)
    (video,) = data.posts
    assert video.published == datetime(2026, 10, 4) and video.published_day_only
    (finding,) = data.findings
    assert "dates it 2026-09-01, not 2026-10-04" in finding.finding.message


def test_tiktok_overview(tmp_path):
    text = '"Date","Video Views","Profile Views","Likes","Comments","Shares"\n"3 October","2210","41","187","9","12"\n'
    write(tmp_path, "Overview-2026-10-09.csv", "\ufeff" + text)
    data = clean(load(tmp_path))
    assert {(a.day, a.metric, a.value) for a in data.accounts} == {
        (date(2026, 10, 3), "video_views", 2210),
        (date(2026, 10, 3), "profile_views", 41),
        (date(2026, 10, 3), "reactions", 187),
        (date(2026, 10, 3), "comments", 9),
        (date(2026, 10, 3), "shares", 12),
    }


def test_telegram_desktop_channel_export(tmp_path):
    doc = {
        "name": "Bakı Kitab Evi",
        "type": "public_channel",
        "id": 1834567890,
        "messages": [
            {"id": 411, "type": "service", "date": "2026-10-07T10:00:00", "action": "pin_message"},
            {
                "id": 412,
                "type": "message",
                "date": "2026-10-07T11:15:02",
                "date_unixtime": "1791357302",
                "from": "Bakı Kitab Evi",
                "text": [
                    "Payız endirimi başladı! ",
                    {"type": "text_link", "text": "Kataloq", "href": "https://example.az/"},
                ],
                "reactions": [
                    {"type": "emoji", "count": 37, "emoji": "👍"},
                    {"type": "emoji", "count": 9, "emoji": "🔥"},
                ],
            },
            {"id": 413, "type": "message", "date_unixtime": "1791360000", "text": "Sakit post"},
        ],
    }
    write(
        tmp_path, "ChatExport_2026-10-09/result.json", json.dumps(doc, ensure_ascii=False, indent=1)
    )
    data = clean(load(tmp_path))
    assert (data.snapshots[0].taken, data.snapshots[0].taken_from) == (date(2026, 10, 9), "name")
    sale, quiet = data.posts
    assert (sale.post_id, sale.url, sale.account) == (
        "412",
        "https://t.me/c/1834567890/412",
        "Bakı Kitab Evi",
    )
    assert sale.published == datetime.fromtimestamp(1791357302, UTC)
    assert sale.text == "Payız endirimi başladı! Kataloq"
    assert sale.metrics == {"reactions": 46}
    assert quiet.metrics == {"reactions": 0}  # the file records reactions: none is zero
    text = (tmp_path / "content/metrics/ChatExport_2026-10-09/result.json").read_text("utf-8")
    assert text.splitlines()[sale.row - 1].strip() == '"id": 412,'


GA4 = (
    "# ----------------------------------------\n"
    "# Traffic acquisition: Session campaign\n"
    "# Account: Baki Kitab Evi\n"
    "# Property: bakukitabevi.az - GA4\n"
    "# ----------------------------------------\n"
    "# \n"
    "# All Users\n"
    "# Start date: 20261001\n"
    "# End date: 20261031\n"
    "Session campaign,Sessions,Engaged sessions,Engagement rate,Average engagement time per session,"
    "Events per session,Event count,Key events,Session key event rate,Total revenue\n"
    "autumn-sale-2026,1873,1204,0.642819,51.2281,6.1943,11602,93,0.049653,0\n"
    "(organic),8120,4911,0.604803,38.9102,5.2011,42233,41,0.005049,0\n"
    ",9993,6115,0.6,40,5,53835,134,0.01,0\n"
)


def test_ga4_preamble_dates_the_file_and_totals_are_skipped(tmp_path):
    write(tmp_path, "ga4.csv", GA4)
    data = clean(load(tmp_path))
    assert (data.snapshots[0].taken, data.snapshots[0].taken_from) == (date(2026, 10, 31), "file")
    sale, organic = data.traffic
    assert (sale.row, sale.campaign, sale.sessions, sale.key_events, sale.revenue) == (
        11,
        "autumn-sale-2026",
        1873,
        93,
        0,
    )
    assert (sale.start, sale.end) == (date(2026, 10, 1), date(2026, 10, 31))
    assert sale.rates == {"engagement_rate": 0.642819, "key_event_rate": 0.049653}
    assert organic.campaign == "(organic)"


def test_ga4_in_russian_by_source_medium_and_date(tmp_path):
    text = (
        "# Start date: 20261101\n# End date: 20261130\n"
        "Кампания сеанса,Источник/канал сеанса,Дата,Сеансы,Ключевые события\n"
        "black-friday-2026,instagram / social,20261120,312,4\n"
    )
    write(tmp_path, "ga4-ru.csv", text)
    (row,) = clean(load(tmp_path)).traffic
    assert (row.campaign, row.source, row.medium, row.sessions, row.key_events) == (
        "black-friday-2026",
        "instagram",
        "social",
        312,
        4,
    )
    assert row.start == row.end == date(2026, 11, 20)


def test_pinterest_stacked_tables(tmp_path):
    text = (
        "Date,Impressions\n2026-10-01,412\n2026-10-02,388\n2026-10-03,\n\n"
        "Board,Impressions,Engagement,Pin clicks,Outbound clicks,Saves\n"
        "Kitab tövsiyələri,3120,88,61,19,8\n\n"
        "Pin ID,Impressions,Engagement,Pin clicks,Outbound clicks,Saves\n"
        "1148769817499405012,1024,31,22,7,2\n"
    )
    write(tmp_path, "pinterest-2026-10-05.csv", text)
    data = clean(load(tmp_path))
    assert [(a.row, a.day, a.metric, a.value) for a in data.accounts] == [
        (2, date(2026, 10, 1), "views", 412),
        (3, date(2026, 10, 2), "views", 388),
    ]  # the last days are empty (reporting lag): missing, not zero
    (pin,) = data.posts
    assert (pin.row, pin.network, pin.post_id, pin.url) == (
        10,
        "pinterest",
        "1148769817499405012",
        "https://www.pinterest.com/pin/1148769817499405012/",
    )
    assert pin.metrics == {"views": 1024, "saves": 2, "link_clicks": 7, "engagements": 31}


def test_vk_community_long_format(tmp_path):
    text = (
        "Дата,Критерий,Парам. №1,Парам. №2,Значение\n"
        "2026-10-07,views,,,5312\n2026-10-07,reach,,,3840\n"
        "2026-10-07,feedback,Нравится,,214\n2026-10-07,age,18-21,,40\n"
    )
    write(tmp_path, "vk-2026-10-08.csv", text, "cp1251")
    data = clean(load(tmp_path))
    assert [(a.row, a.network, a.metric, a.value) for a in data.accounts] == [
        (2, "vk", "views", 5312),
        (3, "vk", "reach", 3840),
        (4, "vk", "reactions", 214),
    ]


def test_generic_csv_maps_likes_and_reposts(tmp_path):
    text = (
        "network,url,date,views,reach,likes,comments,reposts,saves,link_clicks,video_views,follows\n"
        "vk,https://vk.com/wall-1_10,2026-11-10,5100,3900,210,14,9,,44,,3\n"
        ",https://bsky.app/profile/a.bsky.social/post/3k,2026-11-11 09:30,800,,40,2,5,N/A,,-,\n"
        "Twitter,https://x.com/a/status/1,2026-11-12T10:00:00+03:00,10,,1,0,0,0,0,0,0\n"
    )
    write(tmp_path, "results-2026-11-20.csv", text)
    vk, bluesky, x = clean(load(tmp_path)).posts
    assert (vk.network, vk.published, vk.published_day_only) == ("vk", datetime(2026, 11, 10), True)
    assert vk.metrics == {
        "views": 5100,
        "reach": 3900,
        "reactions": 210,
        "comments": 14,
        "shares": 9,
        "link_clicks": 44,
        "follows": 3,
    }
    assert bluesky.network == "bluesky" and bluesky.published == datetime(2026, 11, 11, 9, 30)
    assert bluesky.metrics == {"views": 800, "reactions": 40, "comments": 2, "shares": 5}
    assert x.network == "x" and x.published.utcoffset() == timedelta(hours=3)


def test_generic_csv_semicolons_cp1251_and_decimal_commas(tmp_path):
    text = 'network;id;date;views;reach;likes\nvk;wall-1_11;10.11.2026;"1 204,0";3 900;12\n'
    write(tmp_path, "Статистика.csv", text, "cp1251")
    (post,) = clean(load(tmp_path)).posts
    assert (post.post_id, post.url) == ("wall-1_11", None)
    assert post.published == datetime(2026, 11, 10)
    assert post.metrics == {"views": 1204, "reach": 3900, "reactions": 12}


def test_generic_csv_schema_lists_the_headers():
    schema = generic_csv_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"network", "url", "id", "date", "views", "likes", "reposts", "link_clicks"} <= set(
        schema["properties"]
    )
    assert schema["properties"]["likes"]["x-metric"] == "reactions"
    assert schema["anyOf"] == [{"required": ["url"]}, {"required": ["id"]}]
    json.dumps(schema)  # serialisable as it is


def test_project_aliases_teach_a_header(tmp_path):
    write(tmp_path, "fb.csv", FB_HEADER.replace('"Post ID"', '"ID do post"') + "\n" + FB_ROWS)
    assert load(tmp_path).posts == ()
    data = clean(load(tmp_path, aliases={"meta-facebook": {"post_id": ["ID do post"]}}))
    assert [p.post_id for p in data.posts] == ["1362248909258331", "1365512098877402"]


def test_zones_make_naive_times_aware(tmp_path):
    write(tmp_path, "fb-2026-10-31.csv", FB_HEADER + "\n" + FB_ROWS)
    data = clean(load(tmp_path, zones={"meta-facebook": "Asia/Baku"}))
    assert data.posts[0].published.isoformat() == "2026-10-03T18:30:00+04:00"


def test_snapshot_dated_by_git_when_the_name_has_no_date(tmp_path):
    write(tmp_path, "fb.csv", FB_HEADER + "\n" + FB_ROWS)
    write(tmp_path, "fb-new.csv", FB_HEADER + "\n" + FB_ROWS)
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-11-05T10:00:00+00:00"}
    env |= {"GIT_COMMITTER_DATE": "2026-11-05T10:00:00+00:00"}
    run = lambda *args: subprocess.run(  # noqa: E731
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=tmp_path, env=env, check=True, capture_output=True,
    )  # fmt: skip
    run("init", "-q")
    run("add", "content/metrics/fb.csv")
    run("commit", "-q", "-m", "exports")
    data = load(tmp_path)
    by_path = {s.path: (s.taken, s.taken_from) for s in data.snapshots}
    assert by_path["content/metrics/fb.csv"] == (date(2026, 11, 5), "git")
    assert by_path["content/metrics/fb-new.csv"][1] == "mtime"  # not committed


def test_snapshot_dated_by_modification_time(tmp_path):
    path = write(tmp_path, "fb.csv", FB_HEADER + "\n" + FB_ROWS)
    stamp = datetime(2026, 11, 2, 23, 59, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    (snapshot,) = load(tmp_path).snapshots
    assert (snapshot.taken, snapshot.taken_from) == (date(2026, 11, 2), "mtime")


def test_notes_and_pictures_beside_the_exports_are_not_read(tmp_path):
    write(tmp_path, "README.md", "# exports\n")
    write(tmp_path, "photos/photo_1.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 100)
    write(tmp_path, ".hidden.csv", "garbage")
    data = load(tmp_path)
    assert data == MetricsData()
