"""Workflow rules: what a post needs before it can move on to the next status."""

from __future__ import annotations

from collections.abc import Iterator

from smmplan.check.registry import Context, Family, Problem, rule
from smmplan.model import APPROVED_STATUSES, Post, Severity

FAMILY = Family("workflow", "Workflow", 5)  # its heading and place in docs/rules.md


@rule("approval-missing", "WF01", Severity.ERROR, "post")
def approval_missing(post: Post, ctx: Context) -> Iterator[Problem]:
    """A post is ``approved``, ``scheduled`` or ``published`` but names no ``approved_by``.

    Reviews happen in pull requests; ``approved_by`` records who signed the post off,
    so that nothing goes to the scheduler that nobody approved.
    """
    if post.status in APPROVED_STATUSES and not (post.approved_by or "").strip():
        yield Problem(
            f"status is {post.status} but nobody is named in 'approved_by'", post.line_of("status")
        )
