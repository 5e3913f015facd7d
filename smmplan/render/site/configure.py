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
    return config


def _check_inside(root: Path, folders: dict) -> None:
    """``ConfigurationError`` (reported like any other) for a site folder outside ``root``."""
    from mkdocs.exceptions import ConfigurationError

    from smmplan.render.site.safety import UnsafeSite, check_folders

    try:
        check_folders(root, {k: str(v) if v else None for k, v in folders.items()})
    except UnsafeSite as error:
        raise ConfigurationError(str(error)) from None
