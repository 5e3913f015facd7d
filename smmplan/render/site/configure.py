"""The MkDocs configuration of a repository's calendar site, as ``smmplan build`` and
``smmplan serve`` use it.

``site/mkdocs.yml`` when the repository has one (``plugins: [smmplan]`` added if it is
missing), else the built-in ``default/mkdocs.yml`` with its own pages, titled after
``smmplan.yml``. The plugin gets what the command line already knows (root, now, the
loaded project) so nothing is found or loaded twice.
"""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from importlib.metadata import EntryPoint
from pathlib import Path

from smmplan.model import Project

PLUGIN = "smmplan"
ENTRY_POINT = "smmplan.pipeline:CalendarPlugin"
CONFIG_NAMES = ("site/mkdocs.yml", "site/mkdocs.yaml")


def default_folder() -> Path:
    return Path(str(resources.files(__package__).joinpath("default")))


def config_file(root: Path) -> tuple[Path, bool]:
    """(mkdocs.yml to use, whether it is the built-in default)."""
    for name in CONFIG_NAMES:
        if (root / name).is_file():
            return root / name, False
    return default_folder() / "mkdocs.yml", True


def register_plugin() -> None:
    """Make ``plugins: [smmplan]`` resolvable even when the package's entry point is not
    installed (a checkout used without ``pip install``): MkDocs looks plugins up in a table
    it reads from the installed entry points once; add ours to it if it is not there."""
    from mkdocs.config.defaults import MkDocsConfig

    for name, option in MkDocsConfig._schema:
        if name == "plugins":
            installed = option.installed_plugins
            if PLUGIN not in installed:
                installed[PLUGIN] = EntryPoint(PLUGIN, ENTRY_POINT, "mkdocs.plugins")


def load(
    root: Path,
    site_dir: Path,
    *,
    now: datetime | None,
    prepare,
    project: Project | None = None,
    strict: bool = False,
    dev_addr: str | None = None,
):
    """A validated ``MkDocsConfig`` whose smmplan plugin gets its content from ``prepare``
    (``(root, now, images) -> Prepared``, the pipeline's).

    Raises ``mkdocs.exceptions.MkDocsException`` (``Abort``, ``ConfigurationError``) with a
    message for the user when the configuration is wrong.
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    from smmplan.render.site.plugin import Invocation, SmmplanPlugin

    register_plugin()
    path, is_default = config_file(root)
    if not is_default:
        _check_inside(root, {"site/": root / "site", "site configuration": path})
    overrides: dict = {"site_dir": str(site_dir), "strict": strict}
    if dev_addr:
        overrides["dev_addr"] = dev_addr
    if is_default:
        if project is None:  # only the title is needed here: no posts are read for it
            from smmplan.load import load_settings

            project = load_settings(root)
        overrides["docs_dir"] = str(default_folder() / "pages")
        overrides["site_name"] = project.config.title
    config = load_config(config_file=str(path), **overrides)
    if not is_default:
        _check_inside(
            root, {"docs_dir": config.docs_dir, "theme custom_dir": config.theme.custom_dir}
        )
    plugin = next((p for p in config.plugins.values() if isinstance(p, SmmplanPlugin)), None)
    if plugin is None:
        plugin = SmmplanPlugin()
        errors, _ = plugin.load_config({}, str(path))
        if errors:
            raise ConfigurationError(f"plugin smmplan: {errors[0][1]}")
        config.plugins[PLUGIN] = plugin
    plugin.invocation = Invocation(root=root, now=now, prepare=prepare)
    if project is None:
        from smmplan.load import load_settings

        project = load_settings(root)
    set_search_language(config, plugin.config.get("language") or project.config.locale)
    return config


# Words end at spaces, hyphens, punctuation and quotes (« », „ “, ’ in Tagalog's ako'y).
SEARCH_SEPARATOR = "[\\s\\-,.;:!?()\\[\\]{}\"'«»„“”‘’…/]+"


def search_settings(locale: str) -> dict:
    """What the search plugin needs for the site's language beyond Material's defaults.

    Russian is indexed by lunr's Russian support (its stop words), words split at
    punctuation and quotes too (``«Хлеб»,`` is the word ``хлеб``). No stemmer: Material
    searches as one types, with a trailing wildcard, and lunr does not stem a wildcard
    term, so a stemmed index would miss every whole word typed (``пекарня*`` against the
    stem ``пекарн``); a word's beginning finds its every form instead. Azerbaijani and
    Tagalog, which lunr has no support for, are indexed as words split the same way,
    without English stop words or stemming. Other languages keep Material's defaults.
    """
    from smmplan.locale import language_of

    language = language_of(locale)
    if language == "ru":
        return {"lang": ["ru"], "separator": SEARCH_SEPARATOR}
    if language in ("az", "tl"):
        return {"lang": ["en"], "pipeline": [], "separator": SEARCH_SEPARATOR}
    return {}


def search_plugin(config):
    """The site's search plugin (Material's, or MkDocs' own), None without one."""
    return config.plugins.get("material/search") or config.plugins.get("search")


def set_search_language(config, locale: str) -> None:
    """``search_settings`` on the search plugin, for each setting its configuration
    leaves unset (a ``site/mkdocs.yml`` that sets ``lang`` keeps it)."""
    search = search_plugin(config)
    if search is None:
        return
    for key, value in search_settings(locale).items():
        if search.config.get(key) is None:
            search.config[key] = value


def _check_inside(root: Path, folders: dict) -> None:
    """``ConfigurationError`` (reported like any other) for a site folder outside ``root``."""
    from mkdocs.exceptions import ConfigurationError

    from smmplan.render.site.safety import UnsafeSite, check_folders

    try:
        check_folders(root, {k: str(v) if v else None for k, v in folders.items()})
    except UnsafeSite as error:
        raise ConfigurationError(str(error)) from None
