"""Every message in the brand's language: the files ``init --locale`` writes, the command
line's own messages, and the diagnostics made while loading files (translated in the text
output, English in JSON)."""

from __future__ import annotations

import io
import json

import pytest

from smmplan.locale import translate
from smmplan.locale.extract import init_template_messages
from smmplan.locale.language import Words
from smmplan.workflow.init import localized
from tests.conftest import write

NOW = "2026-11-21T22:00:00+00:00"


@pytest.fixture
def no_language(monkeypatch):
    """No language in the environment: each test sets the one it means."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def _lines(path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


INIT_LINES = {
    "ru": {
        "smmplan.yml": [
            "# Настройки проекта. Все ключи необязательны; `smmplan schema config` выводит их все.",
            'title: "Qəhvə Evi — контент-календарь"',
            "locale: ru",
        ],
        "brands/qehve-evi.yml": [
            "# Бренд: его аккаунты, часовой пояс, правила тона и ритм публикаций.",
            "# Один файл на бренд; пост указывает свой бренд так: `brand: <имя файла>`.",
            "locale: ru",
            'disclosure: ["#реклама", "#ad"]     # рекламный пост должен содержать одну из этих меток',
        ],
        "README.md": ["## Где что лежит", "## Как написать пост", "Пост выглядит так:"],
        "content/posts/2026/11/hello-world.md": [
            "title: Привет, мир",
            "Привет! Это наш первый пост: мы спланировали его в текстовом файле и согласовали в"
            " pull request. Подробнее: https://example.com/",
        ],
        "content/campaigns/launch.md": ["title: Запуск", "## Бриф"],
        "site/pages/about.md": ["# Об этом календаре"],
    },
    "az": {
        "smmplan.yml": ["locale: az"],
        "brands/qehve-evi.yml": [
            "# Brend: hesabları, saat qurşağı, dil qaydaları və paylaşım ritmi.",
            'disclosure: ["#reklam", "#ad"]     # reklam postunda bunlardan biri olmalıdır',
        ],
        "README.md": ["## Nə haradadır"],
        "content/posts/2026/11/hello-world.md": ["title: Salam, dünya"],
    },
    "tl": {
        "smmplan.yml": ["locale: tl"],
        "brands/qehve-evi.yml": [
            "# Isang brand: ang mga account, time zone, mga tuntunin sa pananalita at ritmo ng"
            " pag-post.",
            'disclosure: ["#ad", "#sponsored"]     # dapat may isa sa mga ito ang sponsored na post',
        ],
        "README.md": ["## Nasaan ang mga bagay"],
        "content/posts/2026/11/hello-world.md": ["title: Kumusta, mundo"],
    },
}


@pytest.mark.parametrize("language", sorted(INIT_LINES))
def test_init_writes_its_files_in_the_language_and_they_pass_check(
    tmp_path, smmplan, no_language, language
):
    folder = tmp_path / "calendar"
    result = smmplan(
        "--now", NOW, "init", str(folder), "--locale", language,
        "--brand", "Qəhvə Evi", "--timezone", "Asia/Baku",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    for name, expected in INIT_LINES[language].items():
        lines = _lines(folder / name)
        for line in expected:
            assert line in lines, (name, line)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "%%" not in readme and "Where things are" not in readme
    check = smmplan("--root", str(folder), "--now", NOW, "check", "--format", "json")
    assert check.exit_code == 0, check.output
    assert json.loads(check.output)["summary"] == {
        "files": 5,
        "posts": 2,
        "errors": 0,
        "warnings": 0,
    }


def test_init_in_english_keeps_its_words(tmp_path, smmplan, no_language):
    folder = tmp_path / "calendar"
    assert smmplan("--now", NOW, "init", str(folder)).exit_code == 0
    assert _lines(folder / "README.md")[2:4] == [
        "The social media plan of Our Brand, kept as text files in git and checked by",
        "[smmplan](https://github.com/smmplan/smmplan). Every post is a Markdown file; pull",
    ]
    assert _lines(folder / "brands/our-brand.yml")[1:6] == [
        "# A brand: its accounts, time zone, voice rules and posting rhythm.",
        "# Add one file per brand; a post names its brand with `brand: <file name>`.",
        'name: "Our Brand"',
        "timezone: UTC",
        "locale: en",
    ]
    assert "title: Hello, world" in _lines(folder / "content/posts/2026/11/hello-world.md")


def test_init_takes_the_language_of_the_environment(tmp_path, smmplan, no_language):
    no_language.setenv("LANG", "az_AZ.UTF-8")
    assert smmplan("--now", NOW, "init", str(tmp_path / "a")).exit_code == 0
    assert "locale: az" in _lines(tmp_path / "a" / "smmplan.yml")
    no_language.setenv("LANG", "de_DE.UTF-8")  # no catalog: English
    assert smmplan("--now", NOW, "init", str(tmp_path / "b")).exit_code == 0
    assert "locale: en" in _lines(tmp_path / "b" / "smmplan.yml")


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("ru_RU", "Error: --locale ru_RU: the site speaks en, ru, az, tl (did you mean 'ru'?)\n"),
        ("de", "Error: --locale de: the site speaks en, ru, az, tl\n"),
    ],
)
def test_init_refuses_a_language_it_does_not_speak(tmp_path, smmplan, no_language, given, message):
    result = smmplan("--now", NOW, "init", str(tmp_path / "x"), "--locale", given)
    assert result.exit_code == 2
    assert result.stderr == message
    assert not (tmp_path / "x").exists()


def test_a_message_of_several_lines_continues_its_comment():
    words = Words("ru")
    text = "# %%t:init.brand.intro%%\n  key: 1    # %%t:init.brand.min_gap%%\n"
    assert localized(text, words) == (
        "# Бренд: его аккаунты, часовой пояс, правила тона и ритм публикаций.\n"
        "# Один файл на бренд; пост указывает свой бренд так: `brand: <имя файла>`.\n"
        "  key: 1    # между двумя постами бренда в одной сети\n"
    )
    assert localized("%%t:init.about.title%% {brand}\n", Words("en"), brand="B") == (
        "About this calendar {brand}\n"  # a value fills the message, not the template
    )


def test_init_messages_are_extracted_from_the_templates():
    source = b"# %%t:init.brand.intro%%\nname: x\na: b  # %%t:init.brand.blackout%% %%t:x.y%%\n"
    found = list(init_template_messages(io.BytesIO(source), None, None, {}))
    assert found == [
        (1, "gettext", "init.brand.intro", []),
        (3, "gettext", "init.brand.blackout", []),
        (3, "gettext", "x.y", []),
    ]


# -- the command line's messages --------------------------------------------------------------

POST = (
    "---\ntitle: Hello\nbrand: kofe\nstatus: draft\npublish_at: 2026-13-01 10:00\n"
    "networks: [x]\ncolour: red\nmedia: [pics/none.jpg]\n---\nHi there\n"
)


def _repo(tmp_path, locale: str | None = None):
    config = "title: T\ntimezone: UTC\n" + (f"locale: {locale}\n" if locale else "")
    return write(
        tmp_path,
        {
            "smmplan.yml": config,
            "brands/kofe.yml": "name: Kofe\ntimezone: Europe/Moscow\n",
            "content/posts/a.md": POST,
        },
    )


@pytest.mark.parametrize(
    ("environment", "messages"),
    [
        (
            {"LANG": "ru_RU.UTF-8"},
            [
                "Error: укажите посты для переноса (файлы или папки с постами)\n",
                "Error: --by 2x: пишите сдвиг так: 2d, -3h, 1w или 90m\n",
            ],
        ),
        (
            {"LANG": "ru_RU.UTF-8", "LC_ALL": "C"},
            [
                "Error: name the posts to move (files or folders of posts)\n",
                "Error: --by 2x: write a shift like 2d, -3h, 1w or 90m\n",
            ],
        ),
    ],
)
def test_move_speaks_the_environments_language(
    tmp_path, smmplan, no_language, environment, messages
):
    for name, value in environment.items():
        no_language.setenv(name, value)
    root = str(_repo(tmp_path))
    nothing = smmplan("--root", root, "move")
    shift = smmplan("--root", root, "move", "content/posts/a.md", "--by", "2x")
    assert (nothing.exit_code, shift.exit_code) == (2, 2)
    assert [nothing.stderr, shift.stderr] == messages


def test_new_and_calendar_speak_the_plans_language(tmp_path, smmplan, no_language):
    no_language.setenv("LC_ALL", "C")  # smmplan.yml's locale comes first
    root = write(
        tmp_path,
        {
            "smmplan.yml": "title: T\ntimezone: Europe/Moscow\nlocale: ru\n",
            "brands/kofe.yml": "name: Kofe\ntimezone: Europe/Moscow\nlocale: ru\n"
            'posting: {windows: {mon-fri: "09:00-18:00"}}\n',
        },
    )
    now = "2026-11-23T06:00:00+00:00"
    created = smmplan("--root", str(root), "--now", now, "new", "post", "Меню", "--no-edit")
    assert created.exit_code == 0, created.output
    assert created.stdout.splitlines() == [
        "создан content/posts/2026/11/menyu.md",
        "publish_at 2026-11-23 10:00 (Europe/Moscow): ближайшее свободное время",
    ]
    weekend = smmplan("--root", str(root), "--now", now, "new", "post", "X", "--date", "2026-11-29")
    assert weekend.stderr == (
        "Error: --date 2026-11-29: 2026-11-29 — воскресенье, вне окон публикации бренда kofe"
        " (mon-fri 09:00-18:00 в brands/kofe.yml)\n"
    )
    week = smmplan("--root", str(root), "--now", now, "calendar")
    lines = week.stdout.splitlines()
    assert lines[0].rstrip() == "2026-W48: с пн 23 нояб. по вс 29 нояб. 2026"
    assert lines[2].split() == ["День", "Время", "Пост", "Сети", "Статус"]
    assert lines[-1] == "1 пост; время указано местное для каждого бренда."


def test_calendar_in_english_is_as_it_was(tmp_path, smmplan, no_language):
    root = _repo(tmp_path)
    week = smmplan("--root", str(root), "--now", "2026-11-23", "calendar")
    assert week.stdout.splitlines()[0] == "2026-W48: Mon 23 Nov to Sun 29 Nov 2026: no posts."
    assert week.stdout.splitlines()[1] == "Unscheduled: 1 post without a valid publish_at"


# -- diagnostics made while loading files ---------------------------------------------------

ENGLISH = [
    "publish_at: '2026-13-01 10:00' is not a real date (month must be in 1..12)",
    "unknown key 'colour'",
    "'pics/none.jpg': file not found",
]


def test_load_diagnostics_are_translated_in_text_and_english_in_json(
    tmp_path, smmplan, no_language
):
    root = str(_repo(tmp_path, "ru"))
    text = smmplan("--root", root, "--now", "2026-11-23", "check", "--format", "text")
    assert text.stdout.splitlines() == [
        "content/posts/a.md:5:1: error: publish_at: '2026-13-01 10:00' — несуществующая дата"
        " (month must be in 1..12) [invalid-value]",
        "content/posts/a.md:7:1: error: неизвестный ключ 'colour' [unknown-field]",
        "content/posts/a.md:8:1: error: 'pics/none.jpg': файл не найден [media-missing]",
        "проверено 3 файла, 1 пост: 3 ошибки, 0 предупреждений",
    ]
    machine = smmplan("--root", root, "--now", "2026-11-23", "check", "--format", "json")
    assert [d["message"] for d in json.loads(machine.stdout)["diagnostics"]] == ENGLISH


def test_the_image_renderers_messages_speak_the_plans_language(tmp_path, smmplan, no_language):
    root = str(_repo(tmp_path, "az"))
    result = smmplan("--root", root, "--now", "2026-11-23", "images", "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert (
        result.stderr
        == "content/posts/a.md:8:1: error: 'pics/none.jpg': fayl tapılmadı [media-missing]\n"
    )
    assert result.stdout.startswith("0 variant (0 hazırlandı, 0 keşdən) ")


@pytest.mark.parametrize(
    ("english", "language", "translated"),
    [
        (
            "networks.x.title: expected text, got a list",
            "tl",
            "networks.x.title: teksto ang inaasahan, pero listahan ang nakuha",
        ),
        (
            "unknown key 'titel' (did you mean 'title'?)",
            "ru",
            "неизвестный ключ 'titel' (может быть, 'title'?)",  # a key is never translated
        ),
        (
            "duplicate key 'title' (first on line 2): the second value would silently win",
            "az",
            "'title' açarı təkrarlanır (ilk dəfə 2-ci sətirdə): ikinci dəyər səssizcə birincini"
            " əvəz edərdi",
        ),
        (
            "front matter must be a mapping of keys to values, not a list",
            "ru",
            "front matter: нужно сопоставление ключей и значений, а не список",
        ),
        (
            "'a.gif': the story rendition for Instagram is still 1.20 MB at JPEG quality 60,"
            " over the limit of 1.00 MB",
            "ru",
            "'a.gif': вариант story для Instagram и при качестве JPEG 60 весит 1.20 MB — больше"
            " предела 1.00 MB",
        ),
    ],
)
def test_load_and_image_messages_read_back(english, language, translated):
    assert translate(english, language) == translated


def test_the_site_shows_load_diagnostics_in_its_language():
    from smmplan.render.site.i18n import Lang

    assert Lang("ru").phrase("unknown key 'colour'") == "неизвестный ключ 'colour'"
    assert Lang("az").phrase("'pics/none.jpg': file not found") == "'pics/none.jpg': fayl tapılmadı"
    assert Lang("en").phrase("unknown key 'colour'") == "unknown key 'colour'"


def test_import_names_each_bad_row_in_the_environments_language(tmp_path, smmplan, no_language):
    from tests.test_import import BAD, project_root, run

    no_language.setenv("LANG", "ru_RU.UTF-8")
    root = project_root(tmp_path)
    (tmp_path / "plan.csv").write_bytes(BAD.encode("latin-1"))
    no_language.chdir(tmp_path)
    result = run(smmplan, root, "plan.csv")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:6] == [
        "формат: generic (определён по заголовку)",
        "время без смещения читается в поясе Asia/Baku (бренд qehve-evi)",
        "plan.csv:3: дата: '31.02.2026 10:00' — несуществующие дата и время (day is out of"
        " range for month); строка не импортирована",
        "plan.csv:4: неизвестная сеть 'twiter' (может быть, 'x'?); строка не импортирована",
        "plan.csv:5: текст пуст; строка не импортирована",
        "plan.csv:6: строка пуста (пустая или объединённая строка); пропущена",
    ]
    assert result.stderr.splitlines()[-2:] == [
        "plan.csv:11: дата: 'someday' — не дата, которую читает smmplan; пишите ГГГГ-ММ-ДД"
        " ЧЧ:ММ, дд.мм.гггг чч:мм или дд/мм/гггг чч:мм; строка не импортирована",
        "import: к записи — постов: 2; проблем: 9; запустите снова с --write, чтобы записать",
    ]
    assert result.stdout.splitlines()[0].split() == ["файл", "дата", "сети", "заголовок", "статус"]


def test_a_count_placeholder_reads_only_a_number():
    english = "plan.csv:6: the row is empty (a blank or merged row); skipped"
    assert translate(english, "tl") == (
        "plan.csv:6: walang laman ang row (blangko o merged na row); nilaktawan"
    )
    assert translate("3 skipped", "ru") == "пропущено: 3"
