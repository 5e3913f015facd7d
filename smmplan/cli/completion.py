"""``completion``: the shell completion script, and what it completes.

``eval "$(smmplan completion bash)"`` (or ``zsh``; ``smmplan completion fish | source``)
teaches the shell smmplan's commands and options, and the names a project defines:
brands for ``--brand``, campaigns for ``--campaign``, networks for ``--network`` and
``smmplan networks NAME``, rules for ``smmplan rules NAME``. The names come from the
project's settings only (``smmplan.yml``, ``brands/``, ``content/campaigns/``), never its
posts, and a project that cannot be read completes nothing instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import click
from click.shell_completion import CompletionItem, get_completion_class

from smmplan.cli import cli

SHELLS = ("bash", "zsh", "fish")
ENV_VAR = "_SMMPLAN_COMPLETE"
Completer = Callable[[click.Context, click.Parameter, str], list[CompletionItem]]


def _project(ctx: click.Context):
    """The project's settings (brands, campaigns, networks), or None when unreadable."""
    from smmplan.load import find_root, load_settings

    given = ctx.find_root().params.get("root")
    try:
        root = Path(given) if given else find_root(Path.cwd())
        return load_settings(root) if root.is_dir() else None
    except Exception:  # completion must never break the shell, whatever the project holds
        return None


def _matching(names: Iterable[tuple[str, str | None]], incomplete: str) -> list[CompletionItem]:
    prefix = incomplete.casefold()
    return [
        CompletionItem(name, help=help_text)
        for name, help_text in sorted(names)
        if name.casefold().startswith(prefix)
    ]


def brands(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    project = _project(ctx)
    found = project.brands.items() if project else ()
    return _matching(((key, brand.name) for key, brand in found), incomplete)


def campaigns(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    project = _project(ctx)
    found = project.campaigns.items() if project else ()
    return _matching(((key, campaign.title) for key, campaign in found), incomplete)


def networks(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    project = _project(ctx)
    if project is not None:
        specs = project.networks
    else:
        from smmplan.networks import load_builtin

        specs = load_builtin()
    return _matching(((key, spec.name) for key, spec in specs.items()), incomplete)


def rules(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    from smmplan.check import RULES

    return _matching(((name, rule.code) for name, rule in RULES.items()), incomplete)


BY_OPTION: dict[str, Completer] = {
    "--brand": brands,
    "--campaign": campaigns,
    "--network": networks,
}
BY_ARGUMENT: dict[tuple[str, str], Completer] = {
    ("rules", "name"): rules,
    ("networks", "name"): networks,
}
FREE_TEXT = {("init", "--brand")}  # init names a brand that does not exist yet


def _completer(command: click.Command, param: click.Parameter) -> Completer | None:
    if isinstance(param, click.Argument):
        return BY_ARGUMENT.get((command.name or "", param.name or ""))
    for opt in param.opts:
        if opt in BY_OPTION and (command.name, opt) not in FREE_TEXT:
            return BY_OPTION[opt]
    return None


def attach(command: click.Command) -> None:
    """Give ``command``'s brand, campaign, network and rule parameters their completion."""
    for param in command.params:
        found = _completer(command, param)
        # click keeps a parameter's ``shell_complete=`` callback here; setting it after
        # the fact lets every command get completion by option name, without each
        # command module repeating it.
        if found is not None and param._custom_shell_complete is None:
            param._custom_shell_complete = found


@cli.command()
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the shell completion script for SHELL.

    \b
    bash:  eval "$(smmplan completion bash)"   (in ~/.bashrc)
    zsh:   eval "$(smmplan completion zsh)"    (in ~/.zshrc)
    fish:  smmplan completion fish > ~/.config/fish/completions/smmplan.fish
    """
    script = get_completion_class(shell)(cli, {}, "smmplan", ENV_VAR)  # type: ignore[misc]
    click.echo(script.source())
