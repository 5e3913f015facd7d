"""Posts in several languages: a brand's ``languages`` and accounts per language, sibling
files ``slug.az.md`` / ``slug.ru.md``, their exports per account, the calendar and the
post page's language tabs (their behaviour in a browser: test_translations_browser.py)."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from smmplan.load import load_project
from smmplan.load.translations import (
    Translation,
    is_language,
    language_tag,
    languages,
    translation,
)
from smmplan.model import Brand
from tests.conftest import NOW, write
from tests.test_export_formats import BOM, rows, run_export
from tests.test_site_build import build, html_of

ROOT = Path(__file__).parents[1]
BRAND = """\
name: Qəhvə Evi
timezone: Asia/Baku
languages: [az, ru]
banned_words: {all: [spam], ru: [дёшево]}
accounts:
  x: "@qehveevi"
  telegram:
    az: "@qehveevi_az"
    ru: "@qehveevi_ru"
"""


def post(title: str, when: str, text: str, networks: str = "[x, telegram]") -> str:
    return (
        f"---\ntitle: {title}\npublish_at: {when}\nstatus: approved\napproved_by: ilya\n"
        f"networks: {networks}\n---\n{text}\n"
    )


SET = {
    "brands/qehve-evi.yml": BRAND,
    "content/posts/kofe.az.md": post("Qəhvə", "2026-11-27 10:00", "Sabahınız xeyir!"),
    "content/posts/kofe.ru.md": post("Кофе", "2026-11-27 10:00", "Доброе утро!", "[telegram]"),
    "content/posts/solo.md": post("Tək", "2026-11-28 10:00", "Yalnız azərbaycanca."),
}


def repo(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    return write(tmp_path, {**SET, **(files or {})})


def test_a_brand_lists_its_languages_and_an_account_per_language(tmp_path):
    brand = load_project(repo(tmp_path)).brands["qehve-evi"]
    assert brand.languages == ("az", "ru")
    assert dict(brand.accounts) == {"x": "@qehveevi", "telegram": "@qehveevi_az"}
    assert {n: dict(h) for n, h in brand.language_accounts.items()} == {
        "telegram": {"az": "@qehveevi_az", "ru": "@qehveevi_ru"}
    }
    assert brand.account("telegram", "ru") == "@qehveevi_ru"
    assert brand.account("telegram", None) == "@qehveevi_az"  # the first language's
    assert brand.account("x", "ru") == "@qehveevi"
    assert brand.account("vk", "ru") is None
    assert brand.lines["accounts.telegram.ru"] == 9
    assert (brand.banned_words, dict(brand.language_banned_words)) == (
        ("spam",),
        {"ru": ("дёшево",)},
    )
    assert brand.findings == ()


@pytest.mark.parametrize(
    ("languages_line", "accounts", "expected"),
    [
        (
            "languages: [az, russian]",
            "",
            (3, "languages: 'russian' is not a language tag like az or ru (did you mean 'ru'?)"),
        ),
        ("languages: [az, ru, az]", "", (3, "languages: 'az' is listed twice")),
        ("languages: []", "", (3, "languages: list at least one language, e.g. [az, ru]")),
        (
            "languages: [az, ru]",
            'accounts:\n  telegram: {az: "@qehveevi_az", en: "@qehveevi_en"}\n',
            (5, "accounts.telegram.en: 'en' is not one of the brand's languages (az, ru)"),
        ),
        (
            "timezone: Asia/Baku",
            'accounts:\n  telegram: {az: "@qehveevi_az"}\n',
            (
                5,
                "accounts.telegram: handles per language need the brand's 'languages',"
                " e.g. languages: [az, ru]",
            ),
        ),
        (
            "languages: [az, ru]",
            "accounts:\n  telegram: {az: [a, b]}\n",
            (5, "accounts.telegram.az: expected text, got a list"),
        ),
        (
            "languages: [az, ru]",
            "banned_words: {az: [ucuz], en: [cheap]}\n",
            (4, "banned_words.en: 'en' is not one of the brand's languages (all, az, ru)"),
        ),
    ],
)
def test_bad_languages_and_accounts_are_errors_on_their_lines(
    tmp_path, smmplan, languages_line, accounts, expected
):
    brand = f"name: Q\ntimezone: Asia/Baku\n{languages_line}\n{accounts}"
    root = write(tmp_path, {"brands/qehve-evi.yml": brand, "content/posts/.keep": ""})
    result = smmplan("--root", str(root), "--now", "2026-11-23T06:00:00Z", "check")
    line, message = expected
    assert f"brands/qehve-evi.yml:{line}:1: error: {message} [invalid-value]" in result.output
    assert result.exit_code == 1


@settings(deadline=None)  # the first example loads Babel's locale data
@given(st.text(max_size=12))
def test_a_language_tag_is_read_or_refused_with_a_reason(text):
    try:
        tag = language_tag(text)
    except ValueError as error:
        assert "is not a language tag" in str(error) or "expected text" in str(error)
    else:
        assert is_language(tag) and language_tag(tag) == tag
        assert re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag)


@settings(deadline=None)
@given(st.sampled_from(["az", "ru", "en", "tl", "pt-BR", "az_Cyrl", "AZ", "sr-Latn"]))
def test_known_tags_are_kept_with_a_hyphen_and_a_lower_case_language(tag):
    written = language_tag(tag)
    assert written == tag.replace("_", "-")[:2].lower() + tag.replace("_", "-")[2:]
    assert languages([tag, "ky"]) == (written, "ky")


@settings(deadline=None)
@given(
    st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True),
    st.sampled_from(["", "az", "ru", "RU", "tr", "pt-BR", "v2", "final"]),
)
def test_a_file_name_is_an_id_and_perhaps_a_language(base, suffix):
    brand = Brand("q", "brands/q.yml", "Q", "UTC", languages=("az", "ru"))
    slug = f"{base}.{suffix}" if suffix else base
    got = translation(Path("/nonexistent") / f"{slug}.md", slug, brand, None, 1)
    if suffix.lower() in brand.languages:  # a translation: without siblings, alone in its set
        assert got == Translation(suffix.lower(), base, (suffix.lower(),))
    elif suffix in ("tr", "pt-BR"):  # a language, not the brand's
        assert (got.language, got.translation_id, got.translations) == (None, base, ())
        assert [f.rule for f in got.findings] == ["translation-language-unknown"]
    else:  # no language: the whole name is the id of a post in the first language
        assert got == Translation("az", slug, ())
    assert translation(Path("/x") / f"{slug}.md", slug, None, slug, 1) == (None, None, (), ())


def test_each_sibling_is_a_post_in_its_language_knowing_its_set(tmp_path):
    posts = {p.path: p for p in load_project(repo(tmp_path)).posts}
    az, ru, solo = (posts[f"content/posts/{n}"] for n in ("kofe.az.md", "kofe.ru.md", "solo.md"))
    assert (az.slug, az.language, az.translation_id, az.translations) == (
        "kofe.az",
        "az",
        "kofe",
        ("az", "ru"),
    )
    assert (ru.language, ru.translation_id, ru.translations) == ("ru", "kofe", ("az", "ru"))
    assert (solo.language, solo.translation_id, solo.translations) == ("az", "solo", ())


def test_a_brand_without_languages_reads_no_suffix(tmp_path):
    root = write(
        tmp_path,
        {
            "brands/qehve-evi.yml": "name: Q\ntimezone: Asia/Baku\n",
            "content/posts/kofe.ru.md": post("Кофе", "2026-11-27 10:00", "Доброе утро!"),
        },
    )
    (only,) = load_project(root).posts
    assert (only.slug, only.language, only.translation_id, only.translations) == (
        "kofe.ru",
        None,
        None,
        (),
    )


def test_check_counts_each_translation_as_a_post_of_its_own(tmp_path, smmplan):
    long_ru = "Доброе утро! " + "кофе " * 60  # 313 characters: too long for x only
    root = repo(tmp_path, {"content/posts/kofe.ru.md": post("Кофе", "2026-11-27 13:00", long_ru)})
    result = smmplan("--root", str(root), "--now", "2026-11-23T06:00:00Z", "check")
    assert result.output.splitlines()[0] == (
        "content/posts/kofe.ru.md:8:1: error: text is 313 of 280 weighted characters on X"
        " (Twitter) (33 over) [text-too-long x]"
    )
    assert result.output.splitlines()[-1] == "4 files, 3 posts checked: 1 error, 0 warnings"


def test_exports_go_to_the_account_of_each_language(tmp_path):
    root = repo(tmp_path)
    publer = run_export(root, "publer", networks=["telegram"])
    assert [(f.name, f.rows) for f in publer.files] == [
        ("publer-qehve-evi-telegram-az.csv", 2),
        ("publer-qehve-evi-telegram-ru.csv", 1),
    ]
    assert [[row[:2] for row in rows(f.data)[1:]] for f in publer.files] == [
        [["2026-11-27 10:00", "Sabahınız xeyir!"], ["2026-11-28 10:00", "Yalnız azərbaycanca."]],
        [["2026-11-27 10:00", "Доброе утро!"]],
    ]
    assert publer.files[0].data.startswith(BOM)
    x = run_export(root, "publer", networks=["x"])  # one account: one file for both
    assert [(f.name, f.rows) for f in x.files] == [("publer-qehve-evi-x.csv", 2)]
    postoplan = run_export(root, "postoplan", networks=["telegram"])
    assert [f.name for f in postoplan.files] == [
        "postoplan-qehve-evi-telegram-az.csv",
        "postoplan-qehve-evi-telegram-ru.csv",
    ]
    table = rows(run_export(root, "csv").files[0].data)
    account = table[0].index("account")
    assert [(r[0], r[7], r[account]) for r in table[1:]] == [
        ("content/posts/kofe.az.md", "telegram", "@qehveevi_az"),
        ("content/posts/kofe.az.md", "x", "@qehveevi"),
        ("content/posts/kofe.ru.md", "telegram", "@qehveevi_ru"),
        ("content/posts/solo.md", "telegram", "@qehveevi_az"),
        ("content/posts/solo.md", "x", "@qehveevi"),
    ]


def test_the_terminal_calendar_names_a_translation_s_language(tmp_path, smmplan):
    root = repo(tmp_path)
    result = smmplan("--root", str(root), "--now", "2026-11-23T06:00:00Z", "calendar")
    lines = [line.rstrip() for line in result.output.splitlines()]
    assert " Fri 27   10:00   Qəhvə [az]   telegram, x   approved" in lines
    assert "          10:00   Кофе [ru]    telegram      approved" in lines
    assert " Sat 28   10:00   Tək          telegram, x   approved" in lines


def test_schemas_know_languages_accounts_per_language_and_id(smmplan):
    brand_schema = yaml.safe_load(smmplan("schema", "brand").output)
    post_schema = yaml.safe_load(smmplan("schema", "post").output)
    example = yaml.safe_load((ROOT / "brands" / "karvan-travel.yml").read_text(encoding="utf-8"))
    assert example["languages"] == ["az", "ru"]
    keys = ("name", "timezone", "locale", "languages", "accounts")
    jsonschema.validate({key: example[key] for key in keys}, brand_schema)
    jsonschema.validate(yaml.safe_load(BRAND), brand_schema)
    for wrong in ({"languages": ["a z"]}, {"languages": []}, {"accounts": {"x": {"az": 1}}}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"name": "Q", "timezone": "UTC", **wrong}, brand_schema)
    jsonschema.validate({"title": "T", "id": "kofe"}, post_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "T", "id": ""}, post_schema)


def test_the_example_plan_has_a_bilingual_post_without_new_problems(smmplan):
    folder = ROOT / "content" / "posts" / "2026" / "12"
    pair = sorted(p.name for p in folder.glob("xezer-qis-axsami.*.md"))
    assert pair == ["xezer-qis-axsami.az.md", "xezer-qis-axsami.ru.md"]
    result = smmplan("--root", str(ROOT), "--now", "2026-11-21T22:00:00+00:00", "check")
    assert "xezer-qis-axsami" not in result.output
    assert result.output.splitlines()[-1].endswith(": 0 errors, 5 warnings")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = write(
        tmp_path_factory.mktemp("repo"),
        {**SET, "smmplan.yml": "title: Test calendar\nlocale: en\ntimezone: UTC\n"},
    )
    result = build(root, now=NOW.isoformat())
    assert result.exit_code == 0, result.output
    return root / "public"


def test_every_page_of_a_set_has_a_tab_per_language_its_own_open(built):
    az, ru = html_of(built, "posts/kofe.az"), html_of(built, "posts/kofe.ru")
    inputs = re.compile(r'<input class="smm-langs__input" type="radio" name="smm-lang" [^>]*>')
    assert inputs.findall(az) == [
        '<input class="smm-langs__input" type="radio" name="smm-lang" id="lang-az" value="az" checked>',
        '<input class="smm-langs__input" type="radio" name="smm-lang" id="lang-ru" value="ru">',
    ]
    assert inputs.findall(ru) == [
        '<input class="smm-langs__input" type="radio" name="smm-lang" id="lang-az" value="az">',
        '<input class="smm-langs__input" type="radio" name="smm-lang" id="lang-ru" value="ru" checked>',
    ]
    labels = re.findall(r'<label class="smm-langs__tab" for="(lang-\w+)">(.*?)</label>', az)
    assert labels == [
        ("lang-az", '<span class="smm-lang">AZ</span> <span lang="az">Azərbaycan</span>'),
        ("lang-ru", '<span class="smm-lang">RU</span> <span lang="ru">Русский</span>'),
    ]
    # the page's own previews keep their anchors; the other language's are its own
    assert re.findall(r'<section class="smm-preview [^"]*" id="([\w-]+)"', az) == [
        "net-x",
        "net-telegram",
        "net-ru-telegram",
    ]
    assert '<span class="smm-preview__account">@qehveevi_ru</span>' in az
    assert '<a href="../kofe.ru/" hreflang="ru">Кофе</a>' in az


def test_a_post_without_translations_has_no_tabs_and_cards_show_languages(built):
    assert "smm-langs" not in html_of(built, "posts/solo")
    week = html_of(built, "week/2026-W48")
    meta = r'data-post="content/posts/([^"]+)".*?<div class="smm-card__meta">(<span [^>]*>)'
    badges = re.findall(meta, week)
    assert badges == [
        ("kofe.az.md", '<span class="smm-lang" title="az">'),
        ("kofe.ru.md", '<span class="smm-lang" title="ru">'),
        ("solo.md", '<span class="smm-card__brand">'),
    ]


def test_the_brand_page_lists_each_language_s_account_and_words(built):
    page = html_of(built, "brands/qehve-evi")
    assert (
        '<code>spam</code> <span class="smm-lang">RU</span> <code lang="ru">дёшево</code>' in page
    )
    assert re.findall(r"<code>(@qehveevi[^<]*)</code>", page) == [
        "@qehveevi_az (az)",
        "@qehveevi_ru (ru)",
        "@qehveevi",
    ]


def test_move_and_mark_work_on_one_translation_alone(tmp_path, smmplan):
    root = repo(tmp_path)
    before = (root / "content/posts/kofe.az.md").read_bytes()
    ru_file = str(root / "content/posts/kofe.ru.md")
    moved = smmplan("--root", str(root), "move", ru_file, "--by", "3h")
    assert moved.exit_code == 0, moved.output
    assert "publish_at: 2026-11-27 13:00\n" in (root / "content/posts/kofe.ru.md").read_text()
    marked = smmplan(
        "--root", str(root), "mark", "published", ru_file,
        "--url", "telegram=https://t.me/qehveevi_ru/5", "--write",
    )  # fmt: skip
    assert marked.exit_code == 0, marked.output
    ru = (root / "content/posts/kofe.ru.md").read_text(encoding="utf-8")
    assert "status: published\npublished:\n  telegram: https://t.me/qehveevi_ru/5\n" in ru
    assert (root / "content/posts/kofe.az.md").read_bytes() == before


def test_analytics_know_every_language_s_account_as_the_brand_s(tmp_path):
    from smmplan.results.index import Index

    index = Index.accounts_only(load_project(repo(tmp_path)))
    assert index.brand_of_account("telegram", "@qehveevi_ru") == (True, "qehve-evi")
    assert index.brand_of_account("telegram", "qehveevi_az") == (True, "qehve-evi")
    assert index.brand_of_account("telegram", "@someone_else") == (False, None)
