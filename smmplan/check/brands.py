"""Brand rules: a brand file is checked like a post.

Its ``accounts`` name networks smmplan knows, each handle looks like an account name on
its network (the ``handle:`` rule of the network's data file), and a post goes only where
its brand has an account.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from smmplan.check.registry import Context, Family, Problem, rule
from smmplan.locale import phrase
from smmplan.model import Brand, NetworkSpec, Post, Project, Severity, Variant
from smmplan.suggest import did_you_mean

FAMILY = Family("brands", "Brands", 7)  # its heading and place in docs/rules.md


def _account_line(brand: Brand, network: str) -> int:
    return brand.lines.get(f"accounts.{network}", brand.lines.get("accounts", 1))


def _handles(brand: Brand) -> Iterator[tuple[str, str, str, int]]:
    """(key, network, handle, line) of every account: one per network, or one per language
    where the brand has an account per language (``accounts.telegram.ru``)."""
    for network, handle in brand.accounts.items():
        by_language = brand.language_accounts.get(network)
        if by_language is None:
            yield f"accounts.{network}", network, handle, _account_line(brand, network)
            continue
        for language, own in by_language.items():
            key = f"accounts.{network}.{language}"
            yield key, network, own, brand.lines.get(key, _account_line(brand, network))


@rule("account-unknown-network", "BR01", Severity.ERROR, "brand")
def account_unknown_network(brand: Brand, project: Project) -> Iterator[Problem]:
    """A brand's ``accounts`` names a network that smmplan does not know.

    The keys of ``accounts`` are network ids as ``smmplan networks`` lists them:
    ``vk``, not ``vkontakte``; ``x``, not ``twitter``. The message suggests the id that
    was probably meant, from the ids and the other names each network's data file lists
    (``aliases``). Such an account is used for nothing: previews, analytics and exports
    never find it.
    """
    from smmplan.networks import aliases

    known = aliases(project.networks)
    for network in brand.accounts:
        if network not in project.networks:
            hint = did_you_mean(network, project.networks, known)
            yield Problem(
                phrase("accounts: unknown network '{network}'{hint}", network=network, hint=hint),
                _account_line(brand, network),
            )


@rule("handle-invalid", "BR02", Severity.ERROR, "brand")
def handle_invalid(brand: Brand, project: Project) -> Iterator[Problem]:
    """An account in a brand's ``accounts`` is not a possible name on its network.

    Each network's data file says what its account names look like (``handle:``), with
    its source: X takes 1-15 letters, digits and ``_`` (no hyphens), Telegram 4-32,
    Instagram 30 with dots, Bluesky a domain name, Mastodon the full ``@user@server``.
    One leading ``@`` is allowed everywhere. ``smmplan networks NAME`` shows the rule.
    A warning where the rule's source is weak (``confidence: weak``): it may be stricter
    than the network. Each handle of an account per language is checked on its own line.
    """
    for key, network, handle, line in _handles(brand):
        spec = project.networks.get(network)
        if spec is None or spec.handle is None:
            continue
        name = handle.strip().removeprefix("@")
        if re.fullmatch(spec.handle.pattern, name) is None:
            source = spec.sources.get("handle")
            weak = source is not None and source.confidence == "weak"
            yield Problem(
                phrase(
                    "{key}: '{handle}' cannot be an account on {network}: {rule}",
                    key=key,
                    handle=handle,
                    network=spec.name,
                    rule=spec.handle.says,
                ),
                line,
                severity=Severity.WARNING if weak else None,
            )


@rule("account-missing", "BR03", Severity.WARNING, "variant")
def account_missing(
    post: Post, variant: Variant, spec: NetworkSpec, ctx: Context
) -> Iterator[Problem]:
    """A post goes to a network where its brand lists no account.

    Reported when the brand file has ``accounts`` and none of them is on this network:
    either the account is missing from the brand file (previews show no handle, exports
    and analytics cannot tell whose post it is) or the network is a slip. A brand with
    no ``accounts`` at all is left alone. Where the brand has an account per language on
    the network, the post's language needs its own.
    """
    brand = ctx.project.brand_of(post)
    if brand is None or not brand.accounts:
        return
    by_language = brand.language_accounts.get(variant.network)
    if by_language is not None and post.language and post.language not in by_language:
        yield Problem(
            phrase(
                "{brand} has no {network} account for {language} in {file}"
                " (accounts.{id}: {languages})",
                brand=brand.name,
                network=spec.name,
                language=post.language,
                file=brand.path or phrase("its brand file"),
                id=variant.network,
                languages=", ".join(by_language),
            ),
            variant.line,
        )
    if variant.network in brand.accounts:
        return
    listed = ", ".join(sorted(brand.accounts))
    yield Problem(
        phrase(
            "{brand} has no {network} account in {file} (accounts: {listed})",
            brand=brand.name,
            network=spec.name,
            file=brand.path or phrase("its brand file"),
            listed=listed,
        ),
        variant.line,
    )
