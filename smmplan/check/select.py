"""Which posts a partial check looks at: given paths, or what changed since a git ref."""

from __future__ import annotations

from dataclasses import dataclass

from smmplan.model import Post, Project


@dataclass(frozen=True)
class CheckScope:
    """Posts under ``prefixes`` (repository-relative paths) and/or affected by ``changed`` files.

    A changed post is checked; so is every post of a changed brand or campaign; a change
    to smmplan.yml changes everything. None means no limit of that kind.
    """

    prefixes: tuple[str, ...] | None = None
    changed: frozenset[str] | None = None

    def limits(self, settings: Project) -> bool:
        config_changed = self.changed is not None and settings.config.path in self.changed
        return self.prefixes is not None or (self.changed is not None and not config_changed)

    def selects(self, post: Post, settings: Project) -> bool:
        if self.prefixes is not None and not any(
            p in ("", ".") or post.path == p or post.path.startswith(p + "/") for p in self.prefixes
        ):
            return False
        if self.changed is None or settings.config.path in self.changed:
            return True
        brand = settings.brands.get(post.brand or "")
        campaign = settings.campaigns.get(post.campaign or "")
        return (
            post.path in self.changed
            or (brand is not None and brand.path in self.changed)
            or (campaign is not None and campaign.path in self.changed)
        )


# The former name, until smmplan/pipeline.py and smmplan/cli/check.py import CheckScope.
