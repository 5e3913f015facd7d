"""``smmplan init [DIR]``: a working content repository in one step.

It writes ``smmplan.yml``, one brand, one campaign and two posts (dated next week, so
``check`` passes), ``site/``, the GitHub workflows (``check`` on pull requests,
``publish`` on main and every Monday), ``.pre-commit-config.yaml``, a README for editors,
editor settings and the JSON Schemas they use. Nothing is overwritten: if any of the
files exists, nothing is written at all. The one exception is asked for by name:
``init --workflows`` rewrites only the two workflows of an existing repository, from the
``ci.install`` of its ``smmplan.yml`` (see ``install_line`` for how the line is chosen).

The templates are package data under ``templates/init``; a path segment ``dot-x``
becomes ``.x`` (package data globs do not take hidden files). Their human words (the
README, the about page, the comments of the YAML files, the example posts) are in the
language ``--locale`` names: a template holds ``%%t:init.readme.intro%%`` where a message
of the catalogs goes (``smmplan.locale``; extracted by ``babel.cfg``), a message of
several lines continuing a YAML comment on as many comment lines. The workflows stay in
English, so that ``init --workflows`` rewrites them the same way whatever the language.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import textwrap
from collections.abc import Iterator
from datetime import datetime, timedelta
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from smmplan import __version__
from smmplan.locale.language import Words
from smmplan.workflow.install_line import InstallLine, explicit, installed_line
from smmplan.workflow.schema import KINDS, schema
from smmplan.workflow.slug import slugify

TEMPLATES = "templates/init"
SCHEMA_DIR = ".smmplan/schemas"
DEFAULT_BRAND = "Our Brand"
WORKFLOWS = ".github/workflows/"
INSTALL_NOTE = "%%INSTALL_NOTE%%"
MESSAGE = re.compile(r"%%t:([a-z0-9_.]+)%%")


class InitError(ValueError):
    """Files exist already, or an option is wrong; nothing was written."""


def _template_files(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, str]]:
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        name = "." + item.name[4:] if item.name.startswith("dot-") else item.name
        if item.is_dir():
            yield from _template_files(item, f"{prefix}{name}/")
        elif not name.endswith((".pyc", ".pyo")):
            yield f"{prefix}{name}", item.read_text(encoding="utf-8")


def localized(text: str, words: Words, **values: str) -> str:
    """``text`` with each ``%%t:key%%`` replaced by its message in ``words``' language; a
    message's later lines continue a ``#`` comment it starts in (``values`` fill ``{brand}``)."""
    lines = []
    for line in text.splitlines(keepends=True):
        match = MESSAGE.search(line)
        if match is None:
            lines.append(line)
            continue
        before = line[: match.start()]
        comment = re.match(r"\s*#\s?", before) if "#" in before else None
        glue = "\n" + (" " * before.index("#") + "# " if comment else "")
        lines.append(
            MESSAGE.sub(lambda m, glue=glue: words.t(m[1], **values).replace("\n", glue), line)
        )
    return "".join(lines)


def _site_files(
    title: str, brand_name: str, templates: dict[str, str], words: Words
) -> dict[str, str]:
    """The site renderer's own default configuration when it is installed, else ours;
    the about page always ours, in the brand's language."""
    ours = {k: v for k, v in templates.items() if k.startswith("site/")}
    try:
        from smmplan.render.site.configure import default_folder

        folder = default_folder()
        config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
        pages = {
            f"site/pages/{p.name}": p.read_text(encoding="utf-8")
            for p in sorted((folder / "pages").glob("*.md"))
        }
    except (ImportError, OSError):
        return ours
    pages.update({k: v for k, v in ours.items() if k.startswith("site/pages/")})
    lines = [line for line in config.splitlines() if not line.startswith("#")]
    lines = [
        f"site_name: {json.dumps(title, ensure_ascii=False)}"
        if line.startswith("site_name:")
        else line
        for line in lines
    ]
    header = f"# {words.t('init.mkdocs.header')}\n"
    return {"site/mkdocs.yml": header + "\n".join(lines) + "\n", **pages}


def _next_monday(now: datetime, zone: str) -> datetime:
    today = now.astimezone(ZoneInfo(zone)).date()
    monday = today + timedelta(days=7 - today.weekday())
    return datetime.combine(monday, datetime.min.time())


def _scalar(text: str) -> str:
    """``text`` as a YAML value: plain when YAML reads it back as the same text."""
    import yaml

    plain = "#" not in text and ": " not in text and yaml.safe_load(text) == text
    return text if plain else json.dumps(text, ensure_ascii=False)


def _examples(brand_id: str, monday: datetime, words: Words) -> dict[str, str]:
    campaign, t = "launch", words.t
    first = monday.replace(hour=10)
    second = (monday + timedelta(days=2)).replace(hour=12, minute=30)
    end = monday + timedelta(days=13)
    return {
        f"content/campaigns/{campaign}.md": (
            "---\n"
            f"title: {_scalar(t('init.campaign.title'))}\n"
            f"brand: {brand_id}\n"
            f"start: {monday:%Y-%m-%d}\n"
            f"end: {end:%Y-%m-%d}\n"
            "goal: awareness                      # awareness | engagement | traffic | leads | sales\n"
            "networks: [x, linkedin]\n"
            "owner: editor\n"
            "kpis:\n"
            "  - {metric: reach, target: 10000}\n"
            "---\n"
            f"## {t('init.campaign.brief')}\n\n"
            f"{t('init.campaign.text')}\n"
        ),
        f"content/posts/{first:%Y/%m}/hello-world.md": (
            "---\n"
            f"title: {_scalar(t('init.hello.title'))}\n"
            f"brand: {brand_id}\n"
            f"campaign: {campaign}\n"
            f"publish_at: {first:%Y-%m-%d %H:%M}\n"
            "status: approved\n"
            "author: editor\n"
            "approved_by: reviewer\n"
            "tags: [launch]\n"
            "link: https://example.com/\n"
            "networks: [x, linkedin]\n"
            "---\n"
            f"{t('init.hello.text')}\n"
        ),
        f"content/posts/{second:%Y/%m}/what-we-do.md": (
            "---\n"
            f"title: {_scalar(t('init.what.title'))}\n"
            f"brand: {brand_id}\n"
            f"campaign: {campaign}\n"
            f"publish_at: {second:%Y-%m-%d %H:%M}\n"
            "status: draft\n"
            "author: editor\n"
            "tags: [launch]\n"
            "networks:\n"
            f"  x: {{text: {json.dumps(t('init.what.short'), ensure_ascii=False)}}}\n"
            "  linkedin: {}\n"
            "---\n"
            f"{t('init.what.text')}\n"
        ),
    }


def choose_install(option: str | None, setting: str | None, setting_line: int = 1) -> InstallLine:
    """``--install``, else ``ci.install`` of smmplan.yml, else how this smmplan came here."""
    try:
        if option is not None:
            return explicit(option, "--install")
        if setting is not None:
            return explicit(setting, f"smmplan.yml:{setting_line}: ci.install")
    except ValueError as error:
        where = "--install" if option is not None else f"smmplan.yml:{setting_line}: ci.install"
        raise InitError(f"{where}: {error}") from None
    return installed_line(__version__)


def _install_note(text: str, install: InstallLine) -> str:
    """The ``%%INSTALL_NOTE%%`` lines become the warning as YAML comments, or nothing."""
    lines = []
    for line in text.splitlines(keepends=True):
        if line.strip() != INSTALL_NOTE:
            lines.append(line)
        elif install.warning:
            indent = line[: len(line) - len(line.lstrip())]
            note = install.warning[0].upper() + install.warning[1:] + "."
            wrapped = textwrap.wrap(
                note, 96 - len(indent), break_long_words=False, break_on_hyphens=False
            )
            lines.extend(f"{indent}# {part}\n" for part in wrapped)
    return "".join(lines)


def _ci_setting(install: InstallLine, chosen: bool) -> str:
    value = json.dumps(install.requirement)
    return f"ci:\n  install: {value}" if chosen else f"# ci:\n#   install: {value}"


def _rendered_templates(
    tokens: dict[str, str], plain: dict[str, str], install: InstallLine, brand_id: str, words: Words
) -> dict[str, str]:
    """The package's templates with their messages and tokens replaced (``plain`` ones in
    Markdown)."""
    markdown = {"README.md", "site/pages/about.md"}
    templates = dict(_template_files(resources.files("smmplan.workflow").joinpath(TEMPLATES)))
    files: dict[str, str] = {}
    for name, text in templates.items():
        text = localized(_install_note(text, install), words, brand=plain["%%BRAND_NAME%%"])
        for token, value in tokens.items():
            text = text.replace(token, plain.get(token, value) if name in markdown else value)
        target = f"brands/{brand_id}.yml" if name == "brand.yml" else name
        files[target] = text
    return files


def scaffold(
    now: datetime,
    *,
    brand_name: str = DEFAULT_BRAND,
    timezone: str = "UTC",
    site_url: str | None = None,
    title: str | None = None,
    install: InstallLine | None = None,
    install_chosen: bool = False,
    locale: str = "en",
) -> dict[str, str]:
    """Every file of a new repository: relative path -> text.

    ``install`` is the line the workflows install smmplan with (default: how this smmplan
    was installed); ``install_chosen`` writes it into smmplan.yml as ``ci.install``;
    ``locale`` (en, ru, az or tl) is the language of the settings, the brand and the words.
    """
    from smmplan.load.values import zone_problem
    from smmplan.workflow.new.files import locale_problem, words

    if locale_problem(locale):
        raise InitError(locale_problem(locale))

    if zone_problem(timezone):  # a folder such as America, a path, hundreds of characters
        raise InitError(f"--timezone: {zone_problem(timezone)}")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InitError(
            f"--timezone {timezone}: not an IANA time zone (e.g. Europe/Berlin)"
        ) from None
    brand_id = slugify(brand_name, fallback="brand")
    title = title or Words(locale).t("init.title", brand=brand_name)
    install = install or installed_line(__version__)
    tokens = {
        "%%TITLE%%": json.dumps(title, ensure_ascii=False),
        "%%BRAND_NAME%%": json.dumps(brand_name, ensure_ascii=False),
        "%%BRAND_ID%%": brand_id,
        "%%TIMEZONE%%": timezone,
        "%%LOCALE%%": locale,
        "%%DISCLOSURE%%": words(locale)["disclosure_tags"],
        "%%VERSION%%": __version__,
        "%%INSTALL%%": json.dumps(install.requirement),
        "%%CI%%": _ci_setting(install, install_chosen),
        "%%SITE_URL%%": f"site_url: {json.dumps(site_url)}"
        if site_url
        else "# site_url: https://example.github.io/content-calendar/",
    }
    plain = {"%%TITLE%%": title, "%%BRAND_NAME%%": brand_name}
    speech = Words(locale)
    files = _rendered_templates(tokens, plain, install, brand_id, speech)
    files.update(_site_files(title, brand_name, files, speech))
    files.update(_examples(brand_id, _next_monday(now, timezone), speech))
    for kind in KINDS:
        body = json.dumps(schema(kind), ensure_ascii=False, indent=2) + "\n"
        files[f"{SCHEMA_DIR}/{kind}.schema.json"] = body
    return dict(sorted(files.items()))


def write_scaffold(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write the files under ``folder``; refuse (write nothing) if any of them exists."""
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} exists and is not a folder")
    existing = [name for name in files if (folder / name).exists()]
    if existing:
        shown = ", ".join(existing[:5]) + (
            f" and {len(existing) - 5} more" if len(existing) > 5 else ""
        )
        raise InitError(f"{folder} already has {shown}; init never overwrites files")
    written = []
    try:
        for name, text in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            written.append(path)
    except OSError as error:
        for path in written:
            path.unlink(missing_ok=True)
        raise InitError(
            f"cannot write {error.filename or folder}: {error.strerror or error}"
        ) from None
    return written


def workflow_files(files: dict[str, str]) -> dict[str, str]:
    """The CI workflows among the files of a scaffold."""
    return {name: text for name, text in files.items() if name.startswith(WORKFLOWS)}


def refresh_workflows(folder: Path, files: dict[str, str]) -> list[str]:
    """Rewrite the workflows under ``folder`` (each atomically); the names that changed."""
    if not (folder / "smmplan.yml").is_file():
        raise InitError(f"{folder} has no smmplan.yml; --workflows refreshes a content repository")
    changed = []
    for name, text in workflow_files(files).items():
        path = folder / name
        try:
            if path.is_file() and path.read_text(encoding="utf-8") == text:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            _replace(path, text)
        except OSError as error:
            raise InitError(f"cannot write {path}: {error.strerror or error}") from None
        changed.append(name)
    return changed


def _replace(path: Path, text: str) -> None:
    """Write a temporary sibling, then move it over ``path``: never half a workflow."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
