"""The gettext catalogs: complete in every language, extracted from the source, and the
phrases of diagnostics translated back from their English text."""

from __future__ import annotations

import fnmatch
import io
import tomllib
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from smmplan.locale import LANGUAGES, catalog, phrase, translate
from smmplan.locale.completeness import untranslated
from smmplan.locale.extract import jinja_messages, python_messages, template

LOCALE = Path(__file__).resolve().parent.parent / "smmplan" / "locale"


def _ids(found: Catalog) -> set[tuple[str, str | None]]:
    return {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in found if m.id}


def test_every_message_has_a_translation_in_every_catalog():
    catalogs = {language: catalog(language) for language in LANGUAGES}
    assert untranslated(template(), catalogs) == []


def test_the_template_in_the_repository_is_the_extraction():
    with (LOCALE / "smmplan.pot").open("rb") as handle:
        kept = read_po(handle)
    assert _ids(kept) == _ids(template())  # else: python scripts/update_catalogs.py


def _po(text: str, language: str) -> Catalog:
    header = f'msgid ""\nmsgstr ""\n"Language: {language}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    return read_po(io.BytesIO((header + text).encode()), locale=language)


def test_a_missing_fuzzy_empty_or_wrong_translation_is_reported():
    wanted = _po(
        'msgid "nav.board"\nmsgstr ""\n\nmsgid "count.posts"\nmsgid_plural "count.posts"\n'
        'msgstr[0] ""\nmsgstr[1] ""\n\nmsgctxt "phrase"\nmsgid "no text for {network}"\nmsgstr ""\n\n'
        'msgid "week.title"\nmsgstr ""\n',
        "en",
    )
    english = _po(
        'msgid "nav.board"\nmsgstr "Board"\n\nmsgid "count.posts"\nmsgid_plural "count.posts"\n'
        'msgstr[0] "{n} post"\nmsgstr[1] "{n} posts"\n\nmsgctxt "phrase"\n'
        'msgid "no text for {network}"\nmsgstr "no text for {network}"\n\n'
        'msgid "week.title"\nmsgstr "Week {number}"\n',
        "en",
    )
    russian = _po(
        '#, fuzzy\nmsgid "nav.board"\nmsgstr "Доска"\n\nmsgid "count.posts"\n'
        'msgid_plural "count.posts"\nmsgstr[0] "{n} пост"\nmsgstr[1] "{n} поста"\n\n'
        'msgctxt "phrase"\nmsgid "no text for {network}"\nmsgstr "нет текста для {сеть}"\n',
        "ru",
    )
    assert untranslated(wanted, {"en": english, "ru": russian}) == [
        "ru: 'nav.board': fuzzy",
        "ru: 'count.posts': empty",  # the third form of Russian is not there
        "ru: 'no text for {network}': placeholders сеть instead of network",
        "ru: 'week.title': missing",
    ]
    russian.get("nav.board").flags.discard("fuzzy")
    russian.get("count.posts").string = ("{n} пост", "{n} поста")
    russian.get("no text for {network}", context="phrase").string = "нет текста для {network}"
    russian.add("week.title", string="Неделя {number}")
    assert untranslated(wanted, {"en": english, "ru": russian}) == [
        "ru: 'count.posts': 2 plural forms, the language has 3",
    ]
    russian.get("count.posts").string = ("{n} пост", "{n} поста", "{n} постов")
    assert untranslated(wanted, {"en": english, "ru": russian}) == []


def test_python_extraction_finds_keys_plurals_phrases_and_families():
    source = b"""
def label(lang, metric, count, cond):
    key = f"metric.{metric}"
    lang.t(key)
    t("nav.board")
    lang.n("count.posts", count)
    phrase("no text for {network}", network="X")
    t(f"status.{metric}")
    t("kpi.rate" if cond else "kpi.count", value=1)
    t(metric)
"""
    found = [
        (line, kind, message)
        for line, kind, message, _ in python_messages(io.BytesIO(source), None, None, {})
    ]
    assert sorted(found) == [
        (4, "gettext", "metric.*"),
        (5, "gettext", "nav.board"),
        (6, "ngettext", ("count.posts", "count.posts")),
        (7, "pgettext", ("phrase", "no text for {network}")),
        (8, "gettext", "status.*"),
        (9, "gettext", "kpi.count"),
        (9, "gettext", "kpi.rate"),
    ]


def test_template_extraction_finds_calls_on_any_object():
    source = '{{ h.t("week.next") }} {{ h.t("goal." ~ c.goal) }} {{ h.n("count.posts", 3) }} {{ t("report.title") }} {{ h.t(name) }}'
    found = [
        (kind, message)
        for _line, kind, message, _ in jinja_messages(io.BytesIO(source.encode()), None, None, {})
    ]
    assert sorted(found, key=str) == sorted(
        [
            ("gettext", "week.next"),
            ("gettext", "goal.*"),
            ("ngettext", ("count.posts", "count.posts")),
            ("gettext", "report.title"),
        ],
        key=str,
    )


def test_keys_built_at_run_time_are_kept_from_the_english_catalog():
    kept = _ids(template())
    assert {("status.draft", None), ("goal.awareness", None), ("metric.reach", None)} <= kept


def test_every_counting_unit_of_the_networks_is_a_phrase():
    from smmplan.networks import load_builtin

    units = {spec.unit for spec in load_builtin().values()}
    phrases = {m.id for m in catalog("en") if m.context == "phrase"}
    assert units <= phrases, units - phrases


def test_catalogs_are_package_data():
    config = tomllib.loads((LOCALE.parent.parent / "pyproject.toml").read_text("utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["smmplan.locale"]
    files = sorted(p.relative_to(LOCALE).as_posix() for p in LOCALE.rglob("*.po*"))
    assert files == [
        "az/LC_MESSAGES/smmplan.po",
        "en/LC_MESSAGES/smmplan.po",
        "ru/LC_MESSAGES/smmplan.po",
        "smmplan.pot",
        "tl/LC_MESSAGES/smmplan.po",
    ]
    assert all(any(fnmatch.fnmatch(f, g) for g in globs) for f in files)


# -- phrases --------------------------------------------------------------------------------


def test_a_phrase_in_english_is_the_template_filled():
    assert phrase(
        "title is {length} of {limit} characters on {network}",
        length=120,
        limit=100,
        network="Pinterest",
    ) == ("title is 120 of 100 characters on Pinterest")
    assert phrase("text") == "text"


@pytest.mark.parametrize(
    ("english", "language", "translated"),
    [
        (
            "thread part 2 of 3 is 300 of 280 weighted characters on X (20 over)",
            "ru",
            "часть треда 2 из 3: 300 из 280 (взвешенных символов) в X (лишних: 20)",
        ),
        (
            "text is 2300 of 2200 characters on Instagram (a caption under media) (100 over)",
            "az",
            "mətn: 2300 / 2200 (simvol), Instagram (media altında başlıq) (artıq: 100)",
        ),
        (
            "3h after content/a.md on x; qehve keeps 3h between posts (occurrence 2026-12-08)",
            "tl",
            "3h pagkatapos ng content/a.md sa x; 3h ang pagitan ng mga post ng qehve (pag-ulit 2026-12-08)",
        ),
        (
            "accounts: unknown network 'vkontakte' (did you mean 'vk'?)",
            "ru",
            "accounts: неизвестная сеть 'vkontakte' (может быть, 'vk'?)",
        ),
        (
            "'ucuz' is a banned word for Qəhvə Evi (in the first comment)",
            "az-AZ",
            "'ucuz' Qəhvə Evi üçün qadağan olunmuş sözdür (sahə: ilk şərh)",
        ),
    ],
)
def test_an_english_diagnostic_is_read_back_and_translated(english, language, translated):
    assert translate(english, language) == translated


def test_what_no_phrase_made_and_english_stay_as_they_are():
    assert translate("front matter: mapping values are not allowed here", "ru") == (
        "front matter: mapping values are not allowed here"
    )
    english = "text is 2300 of 2200 characters on Instagram (a caption under media) (100 over)"
    assert translate(english, "en") == english
    assert translate(english, "de") == english  # no catalog: English
    assert translate("", "ru") == ""


@given(st.text(max_size=200), st.sampled_from([*LANGUAGES, "xx", ""]))
def test_translating_any_text_never_fails(text, language):
    result = translate(text, language)
    assert isinstance(result, str)
    if language in ("en", "xx", ""):
        assert result == text


@given(st.text(alphabet=st.characters(blacklist_characters="{}"), min_size=1, max_size=30))
def test_a_user_value_survives_translation(value):
    english = phrase("link '{link}' is not an absolute http(s) URL", link=value)
    assert translate(english, "tl") == f"ang link na '{value}' ay hindi absolute na http(s) URL"


def test_writing_a_catalog_is_deterministic_and_skips_an_unchanged_file(tmp_path):
    import runpy

    update = runpy.run_path(str(LOCALE.parent.parent / "scripts" / "update_catalogs.py"))
    target = tmp_path / "ru" / "LC_MESSAGES" / "smmplan.po"
    russian = _po('msgid "nav.board"\nmsgstr "Доска"\n', "ru")
    assert update["write"](russian, target) is True
    first = target.read_bytes()
    assert update["write"](_po('msgid "nav.board"\nmsgstr "Доска"\n', "ru"), target) is False
    assert target.read_bytes() == first
    assert b'"POT-Creation-Date: 2026-01-01 00:00+0000\\n"' in first
    assert b'msgid "nav.board"\nmsgstr "\xd0\x94\xd0\xbe\xd1\x81\xd0\xba\xd0\xb0"\n' in first
    assert list(target.parent.iterdir()) == [target]  # no partial file left behind
