"""Which posts a partial check looks at: given paths, or what changed since a git ref."""

from __future__ import annotations

from collections.abc import Iterable

from smmplan.model import Project


def posts_under(project: Project, paths: Iterable[str]) -> set[str]:
    """Posts at or below the given repository-relative paths."""
    prefixes = [p.rstrip("/") for p in paths]
    return {
        post.path
        for post in project.posts
        if any(p in ("", ".") or post.path == p or post.path.startswith(p + "/") for p in prefixes)
    }


def affected_by(project: Project, changed: set[str]) -> set[str] | None:
    """Posts to check when ``changed`` files changed; None means every post.

    A changed post is checked; so is every post of a changed brand or campaign. A change
    to smmplan.yml changes everything.
    """
    if project.config.path and project.config.path in changed:
        return None
    brands = {b.id for b in project.brands.values() if b.path in changed}
    campaigns = {c.id for c in project.campaigns.values() if c.path in changed}
    return {
        post.path
        for post in project.posts
        if post.path in changed or post.brand in brands or post.campaign in campaigns
    }
