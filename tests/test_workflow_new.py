"""``smmplan new``: slugs from any script, the brand's next free slot and language, the
reason a day asked for cannot be used, repurposing a post, and new brands."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import click
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smmplan.load import load_project
from smmplan.model import Severity
from smmplan.workflow.new.files import LOCALES, template, words
from smmplan.workflow.slug import MAX_LENGTH, slugify
from tests.conftest import BRAND, POST, check

NOW = "2026-11-23T06:00:00+00:00"  # Monday 10:00 in Baku
EXAMPLE = Path(__file__).parents[1]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Печенье к кофе: рецепт", "pechenye-k-kofe-retsept"),
        ("Раф с халвой — первый снег", "raf-s-khalvoy-pervyy-sneg"),
        ("Qara Cümə — tizer", "qara-cume-tizer"),
        ("İçərişəhər axşam gəzintisi", "icherisheher-axsham-gezintisi"),
        ("Şəki: qış turu 2026!", "sheki-qish-turu-2026"),
        ("Huwag ibigay ang OTP", "huwag-ibigay-ang-otp"),
        ("Crème brûlée & Straße", "creme-brulee-strasse"),
        ("Ελληνικά νέα", "ελληνικα-νεα"),
        ("🎉🎉", "untitled"),
        ("CON", "con-untitled"),
    ],
)
def test_slug_examples(title, slug):
    assert slugify(title) == slug


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=120))
def test_any_title_gives_a_safe_stable_file_name(title):
    slug = slugify(title)
    assert slug and len(slug) <= MAX_LENGTH
    assert slugify(slug) == slug
    assert slug == slug.lower() or not slug.isascii()
    assert not slug.startswith(("-", ".")) and not slug.endswith("-")
    assert "--" not in slug
    assert all(ch.isalnum() or ch == "-" for ch in slug)
    assert slug.encode("utf-8").__len__() <= 255


def run_new(smmplan, root, *args):
    return smmplan("--root", str(root), "--now", NOW, "new", *args)


def two_brands(repo):
    return repo(
        {
            "brands/other.yml": "name: Other\ntimezone: UTC\n",
            "content/posts/2026/11/taken.md": POST.replace("2026-11-27 10:00", "2026-11-24 08:00"),
        }
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80))
def test_any_title_gives_a_file_that_loads_with_that_title(tmp_path_factory, title):
    root = tmp_path_factory.mktemp("repo")
    (root / "brands").mkdir()
    (root / "brands/qehve-evi.yml").write_text(BRAND, encoding="utf-8")
    from click.testing import CliRunner

    from smmplan.cli import cli

    args = ["--root", str(root), "--now", NOW, "new", "post", "--no-edit", "--", title]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    if not title.strip():
        assert result.exit_code == 2 and "the title is empty" in result.output
        return
    assert result.exit_code == 0, result.output
    relative = result.output.splitlines()[0].removeprefix("created ")
    assert relative == f"content/posts/2026/11/{slugify(title)}.md"
    (post,) = load_project(root).posts
    assert post.path == relative and post.title == title.strip()
    assert not post.findings


def test_new_post_gets_the_next_free_slot(repo, smmplan, monkeypatch):
    monkeypatch.setattr(click, "edit", lambda *a, **k: pytest.fail("opened an editor"))
    root = two_brands(repo)
    result = run_new(smmplan, root, "post", "Qəhvə: yeni menyu", "--brand", "qehve-evi")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "created content/posts/2026/11/qehve-yeni-menyu.md\n"
        "publish_at 2026-11-23 11:00 (Asia/Baku): the next free slot\n"
    )
    # the next one keeps min_gap (3h) from the first, and gets its own file name
    again = run_new(smmplan, root, "post", "Qəhvə: yeni menyu", "--brand", "qehve-evi")
    assert again.output == (
        "created content/posts/2026/11/qehve-yeni-menyu-2.md\n"
        "publish_at 2026-11-23 14:00 (Asia/Baku): the next free slot\n"
    )
    posts = {p.path: p for p in load_project(root).posts}
    assert not posts["content/posts/2026/11/qehve-yeni-menyu-2.md"].findings


def four_languages(repo):
    brands = {
        f"brands/b-{code}.yml": (
            f'name: B {code}\ntimezone: Asia/Baku\nlocale: {code}\naccounts: {{telegram: "@brand{code}"}}\n'
        )
        for code in LOCALES
    }
    return repo(brands, brand=None)


POST_WORDS = {  # the publish_at comment and the hint, per language
    "en": (
        "the brand's next free slot",
        "Write the post here. A line holding only --- starts the next part of a thread.",
    ),
    "ru": (
        "ближайшее свободное время бренда",
        "Напишите пост здесь. Строка из одних --- начинает следующую часть треда.",
    ),
    "az": (
        "brendin ən yaxın boş vaxtı",
        "Postu bura yazın. Yalnız --- olan sətir tredin növbəti hissəsini başladır.",
    ),
    "tl": (
        "susunod na bakanteng oras ng brand",
        "Isulat dito ang post. Ang linyang --- lamang ay nagsisimula ng susunod na bahagi.",
    ),
}
BRIEFS = {
    "en": ("Brief", "What the campaign is for, who it speaks to, its key message and its dates."),
    "ru": ("Бриф", "Зачем эта кампания, для кого она, её главное сообщение и сроки."),
    "az": ("Brif", "Kampaniya nə üçündür, kimə müraciət edir, əsas mesajı və tarixləri."),
    "tl": (
        "Brief",
        "Para saan ang kampanya, sino ang kinakausap nito, ang pangunahing mensahe at ang mga"
        " petsa.",
    ),
}


@pytest.mark.parametrize("code", LOCALES)
def test_new_post_and_campaign_speak_the_brands_language(repo, smmplan, code):
    root = four_languages(repo)
    post = run_new(smmplan, root, "post", f"Title {code}", "--brand", f"b-{code}")
    assert post.output == (
        f"created content/posts/2026/11/title-{code}.md\n"
        "publish_at 2026-11-24 10:00 (Asia/Baku): the next free slot\n"  # no windows: 10:00
    )
    slot, hint = POST_WORDS[code]
    assert (root / f"content/posts/2026/11/title-{code}.md").read_bytes() == (
        f'---\ntitle: "Title {code}"\nbrand: b-{code}\n'
        f"publish_at: 2026-11-24 10:00  # {slot}\nstatus: draft\n"
        f"tags: []\nnetworks: [telegram]\n---\n{hint}\n"
    ).encode()
    campaign = run_new(smmplan, root, "campaign", f"Camp {code}", "--brand", f"b-{code}")
    assert campaign.output == f"created content/campaigns/camp-{code}.md\n"
    title, brief = BRIEFS[code]
    assert (root / f"content/campaigns/camp-{code}.md").read_bytes() == (
        f'---\ntitle: "Camp {code}"\nbrand: b-{code}\nstart: 2026-11-30\nend: 2026-12-13\n'
        "goal: awareness  # awareness | engagement | traffic | leads | sales\nnetworks: []\n"
        f"kpis:\n  - {{metric: reach, target: 10000}}\n---\n## {title}\n\n{brief}\n"
    ).encode()
    found = [(d.path, d.rule, d.severity) for d in check(root)]
    assert found == [
        (f"content/posts/2026/11/title-{code}.md", "placeholder-text", Severity.WARNING)
    ]


def test_every_language_has_every_word_and_the_hint_check_knows():
    table = yaml.safe_load(template("words.yml"))
    assert sorted(table) == sorted(LOCALES)
    assert all(set(table[code]) == set(table["en"]) for code in LOCALES)
    assert words("de") == words("en") and words("ru_RU") == words("ru")


def dated(repo):
    two_posts = {
        "content/posts/2026/11/a.md": POST.replace("2026-11-27 10:00", "2026-11-28 11:00"),
        "content/posts/2026/11/b.md": POST.replace("2026-11-27 10:00", "2026-11-28 16:00"),
    }
    return repo(
        {
            **two_posts,
            "brands/weekdays.yml": 'name: W\ntimezone: UTC\nposting: {windows: {mon-fri: "09:00-18:00"}}\n',
            "content/campaigns/c.md": (
                "---\ntitle: C\nbrand: qehve-evi\nstart: 2026-11-23\nend: 2026-11-27\n---\nBrief\n"
            ),
        }
    )


@pytest.mark.parametrize(
    ("brand", "when", "now", "reason"),
    [
        (
            "qehve-evi",
            "2026-11-20",
            NOW,
            "2026-11-20 is in the past (today is 2026-11-23 in Asia/Baku)",
        ),
        (
            "qehve-evi",
            "2026-12-31",
            NOW,
            "2026-12-31 is a blackout date of qehve-evi (brands/qehve-evi.yml)",
        ),
        (
            "weekdays",
            "2026-11-28",
            NOW,
            "2026-11-28 is a Saturday, outside the posting windows of weekdays"
            " (mon-fri 09:00-18:00 in brands/weekdays.yml)",
        ),
        (
            "qehve-evi",
            "2026-11-23",
            "2026-11-23T16:30:00+00:00",
            "the posting windows of 2026-11-23 are over: it is 20:30 in Asia/Baku and a new post"
            " needs at least an hour",
        ),
        (
            "qehve-evi",
            "2026-11-28",
            NOW,
            "every time on 2026-11-28 inside the posting windows is less than min_gap 3h from"
            " another post of qehve-evi: content/posts/2026/11/a.md at 11:00,"
            " content/posts/2026/11/b.md at 16:00",
        ),
        (
            "qehve-evi",
            "2026-11-23 09:00",
            NOW,
            "2026-11-23 09:00 is in the past (it is 2026-11-23 10:00)",
        ),
        (
            "qehve-evi",
            "2026-12-31 12:00",
            NOW,
            "2026-12-31 is a blackout date of qehve-evi (brands/qehve-evi.yml)",
        ),
    ],
)
def test_date_says_what_is_wrong_with_the_day_and_writes_nothing(
    repo, smmplan, brand, when, now, reason
):
    root = dated(repo)
    before = sorted(p for p in root.rglob("*") if p.is_file())
    result = smmplan(
        "--root", str(root), "--now", now, "new", "post", "X", "--brand", brand, "--date", when
    )
    assert result.exit_code == 2
    assert result.stderr == f"Error: --date {when}: {reason}\n"
    assert sorted(p for p in root.rglob("*") if p.is_file()) == before


def test_date_files_the_post_under_its_own_day_and_warns_about_soft_problems(repo, smmplan):
    root = dated(repo)
    december = run_new(
        smmplan, root, "post", "Winter", "--brand", "qehve-evi", "--date", "2026-12-01"
    )
    assert december.output == (
        "created content/posts/2026/12/winter.md\n"
        "publish_at 2026-12-01 08:00 (Asia/Baku): the next free slot\n"
    )
    late = run_new(
        smmplan, root, "post", "Late", "--brand", "qehve-evi", "--date", "2026-11-24 22:15"
    )
    assert late.stdout == "created content/posts/2026/11/late.md\n"
    assert late.stderr == (
        "content/posts/2026/11/late.md: warning: 22:15 on a Tuesday is outside the posting windows"
        " of qehve-evi (mon-fri 08:00-21:00, sat-sun 10:00-18:00)\n"
    )
    assert "publish_at: 2026-11-24 22:15\n" in (root / "content/posts/2026/11/late.md").read_text(
        encoding="utf-8"
    )
    outside = run_new(
        smmplan,
        root,
        "post",
        "Sat",
        "--brand",
        "qehve-evi",
        "--date",
        "2026-11-29",
        "--campaign",
        "c",
    )
    assert outside.stdout == (
        "created content/posts/2026/11/sat.md\n"
        "publish_at 2026-11-29 10:00 (Asia/Baku): the next free slot\n"
    )
    assert outside.stderr == (
        "content/posts/2026/11/sat.md: warning: 2026-11-29 is outside campaign c (2026-11-23 to 2026-11-27)\n"
    )
    assert "\ncampaign: c\n" in (root / "content/posts/2026/11/sat.md").read_text(encoding="utf-8")


def test_new_post_takes_campaign_networks_and_status(repo, smmplan):
    root = dated(repo)
    wrong = run_new(smmplan, root, "post", "X", "--brand", "qehve-evi", "--network", "twiter")
    assert (wrong.exit_code, wrong.stderr) == (
        2,
        "Error: --network twiter: unknown network (did you mean 'x'?)\n",
    )
    no_campaign = run_new(smmplan, root, "post", "X", "--brand", "qehve-evi", "--campaign", "d")
    assert no_campaign.stderr == (
        "Error: --campaign d: no such campaign in content/campaigns/ (campaigns: c)\n"
    )
    stage = run_new(smmplan, root, "post", "X", "--brand", "qehve-evi", "--status", "approved")
    assert stage.exit_code == 2 and "'approved' is not one of 'idea', 'draft'" in stage.stderr
    result = run_new(
        smmplan,
        root,
        "post",
        "Idea",
        "--brand",
        "qehve-evi",
        "--campaign",
        "c",
        "--network",
        "telegram",
        "--network",
        "x",
        "--status",
        "idea",
    )
    assert result.exit_code == 0, result.output
    text = (root / "content/posts/2026/11/idea.md").read_text(encoding="utf-8")
    assert text.splitlines()[1:6] == [
        'title: "Idea"',
        "brand: qehve-evi",
        "campaign: c",
        "publish_at: 2026-11-23 11:00  # brendin ən yaxın boş vaxtı",
        "status: idea",
    ]
    assert "\nnetworks: [telegram, x]\n" in text
    post = next(p for p in load_project(root).posts if p.path.endswith("idea.md"))
    assert (post.campaign, post.status, post.networks, post.findings) == (
        "c",
        "idea",
        ("telegram", "x"),
        (),
    )
    misplaced = run_new(smmplan, root, "campaign", "C2", "--network", "x")
    assert misplaced.stderr == "Error: --network is not an option of 'new campaign'\n"


SOURCE = """\
---
title: Morning coffee
brand: qehve-evi
campaign: c
publish_at: 2026-11-27 10:00
status: approved
tags: [coffee, morning]
sponsored: true
link: https://example.com/menu
first_comment: "#qehve"
media:
  - src: media/cup.png
    alt: A cup on a table
    focus: [0.5, 0.25]
networks: [x]
---
Good morning! Fresh coffee is ready. #reklam
---
Second part of the thread.
"""


def with_source(repo):
    from PIL import Image

    root = dated(repo)
    (root / "content/posts/2026/11/src.md").write_text(SOURCE, encoding="utf-8")
    (root / "content/posts/2026/11/media").mkdir()
    Image.new("RGB", (1600, 1200), "brown").save(root / "content/posts/2026/11/media/cup.png")
    return root


REPURPOSED = """\
---
title: "{title}"
brand: {brand}
{campaign}publish_at: {when}  # {slot}
status: draft
tags: ["coffee", "morning"]
sponsored: true
link: "https://example.com/menu"
first_comment: "#qehve"
media:
  - src: "/content/posts/2026/11/media/cup.png"
    alt: "A cup on a table"
    focus: [0.5, 0.25]
networks: [{networks}]
# {source} content/posts/2026/11/src.md
---
Good morning! Fresh coffee is ready. #reklam
---
Second part of the thread.
"""


def test_from_repurposes_a_post_for_another_network(repo, smmplan):
    root = with_source(repo)
    source_bytes = (root / "content/posts/2026/11/src.md").read_bytes()
    result = run_new(
        smmplan,
        root,
        "post",
        "Səhər qəhvəsi",
        "--from",
        "content/posts/2026/11/src.md",
        "--network",
        "telegram",
        "--date",
        "2026-11-25",
    )
    assert result.output == (
        "created content/posts/2026/11/seher-qehvesi.md\n"
        "publish_at 2026-11-25 08:00 (Asia/Baku): the next free slot\n"
    )
    slot, _ = POST_WORDS["az"]
    expected = REPURPOSED.format(
        title="Səhər qəhvəsi",
        brand="qehve-evi",
        campaign="campaign: c\n",
        when="2026-11-25 08:00",
        slot=slot,
        networks="telegram",
        source="bu postdan hazırlanıb:",
    )
    assert (root / "content/posts/2026/11/seher-qehvesi.md").read_bytes() == expected.encode()
    assert (root / "content/posts/2026/11/src.md").read_bytes() == source_bytes
    post = next(p for p in load_project(root).posts if p.path.endswith("seher-qehvesi.md"))
    assert [m.path for m in post.media] == [root / "content/posts/2026/11/media/cup.png"]
    assert [part.text for part in post.parts] == [
        "Good morning! Fresh coffee is ready. #reklam",
        "Second part of the thread.",
    ]
    mine = [d for d in check(root) if d.path == post.path and d.severity is Severity.ERROR]
    assert mine == []


def test_from_repurposes_a_post_for_another_brand(repo, smmplan):
    root = with_source(repo)
    result = run_new(
        smmplan,
        root,
        "post",
        "Morning coffee",
        "--from",
        "content/posts/2026/11/src.md",
        "--brand",
        "weekdays",
    )
    assert result.output == (
        "created content/posts/2026/11/morning-coffee.md\n"
        "publish_at 2026-11-23 09:00 (UTC): the next free slot\n"
    )
    slot, _ = POST_WORDS["en"]
    expected = REPURPOSED.format(
        title="Morning coffee",
        brand="weekdays",
        campaign="",
        when="2026-11-23 09:00",
        slot=slot,
        networks="x, linkedin",
        source="repurposed from",
    )
    assert (root / "content/posts/2026/11/morning-coffee.md").read_bytes() == expected.encode()
    missing = run_new(smmplan, root, "post", "X", "--from", "content/posts/nope.md")
    assert missing.stderr == (
        "Error: --from content/posts/nope.md: not a post of this repository (posts are under"
        " content/posts/)\n"
    )


BRAND_FILE = """\
# yaml-language-server: $schema=../.smmplan/schemas/brand.schema.json
# Бренд: его аккаунты, часовой пояс, правила тона и ритм публикаций.
# Пост указывает свой бренд так: `brand: pekarnya-khleb`.
name: "Пекарня «Хлеб»"
timezone: Europe/Moscow
locale: ru
accounts: {}                          # аккаунты бренда по сетям, например {telegram: "@our_channel", vk: "@our_brand"}
disclosure: ["#реклама", "#ad"]     # рекламный пост должен содержать одну из этих меток
banned_words: []                      # целые слова, любой алфавит, без учёта регистра
posting:
  min_gap: 2h                         # между двумя постами бренда в одной сети
  windows: {mon-fri: "09:00-18:00"}
  blackout: []                        # дни без постов, например [2026-12-31]
utm: {source: "{network}", medium: social, campaign: "{campaign}"}
"""


def test_new_brand_writes_a_brand_file_in_its_language(repo, smmplan):
    root = repo()
    args = ("brand", "Пекарня «Хлеб»", "--timezone", "Europe/Moscow", "--locale", "ru")
    result = run_new(smmplan, root, *args)
    assert result.output == "created brands/pekarnya-khleb.yml\n"
    assert (root / "brands/pekarnya-khleb.yml").read_bytes() == BRAND_FILE.encode()
    brand = load_project(root).brands["pekarnya-khleb"]
    assert (brand.name, brand.timezone, brand.locale, brand.findings) == (
        "Пекарня «Хлеб»",
        "Europe/Moscow",
        "ru",
        (),
    )
    again = run_new(smmplan, root, *args)
    assert again.stderr == (
        "Error: brands/pekarnya-khleb.yml: the brand pekarnya-khleb exists already\n"
    )
    assert (root / "brands/pekarnya-khleb.yml").read_bytes() == BRAND_FILE.encode()
    post = run_new(smmplan, root, "post", "Хлеб дня", "--brand", "pekarnya-khleb")
    assert post.exit_code == 0, post.output
    errors = [d for d in check(root) if d.severity is Severity.ERROR]
    assert errors == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ("--timezone", "Europe/Moskow", "--locale", "ru"),
            "--timezone Europe/Moskow: unknown time zone 'Europe/Moskow': use an IANA name such as"
            " Europe/Moscow or Asia/Baku (did you mean 'Europe/Moscow'?)",
        ),
        (
            ("--timezone", "Europe/Moscow", "--locale", "ru_RU"),
            "--locale ru_RU: the site speaks en, ru, az, tl (did you mean 'ru'?)",
        ),
        (
            ("--timezone", "Europe/Moscow", "--locale", "de"),
            "--locale de: the site speaks en, ru, az, tl",
        ),
        (("--timezone", "Europe/Moscow"), "new brand needs --locale"),
        ((), "new brand needs --timezone and --locale"),
    ],
)
def test_new_brand_refuses_what_it_cannot_use(repo, smmplan, options, message):
    root = repo()
    result = run_new(smmplan, root, "brand", "Пекарня", *options)
    assert (result.exit_code, result.stderr) == (2, f"Error: {message}\n")
    assert sorted(p.name for p in (root / "brands").iterdir()) == ["qehve-evi.yml"]


def test_new_never_replaces_a_file(repo, smmplan, monkeypatch):
    root = repo()
    run_new(smmplan, root, "post", "Hello")
    first = (root / "content/posts/2026/11/hello.md").read_bytes()
    mask = os.umask(0o022)
    os.umask(mask)
    assert (root / "content/posts/2026/11/hello.md").stat().st_mode & 0o777 == 0o666 & ~mask
    monkeypatch.setattr(
        "smmplan.workflow.new.post.free_path", lambda folder, slug: folder / "hello.md"
    )
    clash = run_new(smmplan, root, "post", "Hello")
    assert clash.exit_code == 2
    assert clash.stderr == f"Error: {root / 'content/posts/2026/11/hello.md'} already exists\n"
    assert (root / "content/posts/2026/11/hello.md").read_bytes() == first
    assert sorted(p.name for p in (root / "content/posts/2026/11").iterdir()) == ["hello.md"]


def example_copy(tmp_path):
    for name in ("brands", "content/posts", "content/campaigns"):
        shutil.copytree(EXAMPLE / name, tmp_path / name)
    shutil.copy(EXAMPLE / "smmplan.yml", tmp_path / "smmplan.yml")
    return tmp_path


def test_new_files_pass_check_for_every_brand_of_the_example(tmp_path, smmplan):
    root = example_copy(tmp_path)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    created = []
    for brand in sorted(load_project(root).brands):
        post = run_new(smmplan, root, "post", f"New {brand}", "--brand", brand)
        campaign = run_new(smmplan, root, "campaign", f"New {brand}", "--brand", brand)
        assert post.exit_code == campaign.exit_code == 0, post.output + campaign.output
        created += [post.output.split()[1], campaign.output.split()[1]]
    assert len(created) == 2 * len(load_project(root).brands) >= 6
    errors = [
        (d.path, d.rule) for d in check(root) if d.path in created and d.severity is Severity.ERROR
    ]
    assert errors == []
    assert {p: p.read_bytes() for p in before} == before


def test_new_files_pass_check_in_a_fresh_init(tmp_path, smmplan):
    root = tmp_path / "repo"
    assert smmplan("--now", NOW, "init", str(root)).exit_code == 0
    made = run_new(
        smmplan, root, "brand", "Пекарня", "--timezone", "Europe/Moscow", "--locale", "ru"
    )
    assert made.exit_code == 0
    for brand in ("our-brand", "pekarnya"):
        assert run_new(smmplan, root, "post", f"Post {brand}", "--brand", brand).exit_code == 0
        assert run_new(smmplan, root, "campaign", f"C {brand}", "--brand", brand).exit_code == 0
    check_run = smmplan("--root", str(root), "--now", NOW, "check")
    assert check_run.exit_code == 0, check_run.output


def test_from_refuses_a_post_whose_front_matter_does_not_parse(repo, smmplan):
    root = repo({"content/posts/2026/11/broken.md": "---\ntitle: [broken\n---\nBody\n"})
    result = run_new(smmplan, root, "post", "Copy", "--from", "content/posts/2026/11/broken.md")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --from content/posts/2026/11/broken.md:3: YAML syntax error: while parsing a flow"
        " sequence did not find expected ',' or ']'\n"
    )
    assert sorted(p.name for p in (root / "content/posts/2026/11").iterdir()) == ["broken.md"]
