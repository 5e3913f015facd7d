"""Workflow rules: what a post needs before it can move on to the next status."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from smmplan.check.registry import Context, Family, Problem, rule
from smmplan.check.schedule import duration_text
from smmplan.load.codeowners import owner_name, owners_of
from smmplan.locale import phrase
from smmplan.model import APPROVED_STATUSES, Post, Severity
from smmplan.suggest import did_you_mean

UNDER_REVIEW = frozenset({"idea", "draft", "review"})  # not signed off yet

FAMILY = Family("workflow", "Workflow", 5)  # its heading and place in docs/rules.md


@rule("approval-missing", "WF01", Severity.ERROR, "post")
def approval_missing(post: Post, ctx: Context) -> Iterator[Problem]:
    """A post is ``approved``, ``scheduled`` or ``published`` but names no ``approved_by``.

    Reviews happen in pull requests; ``approved_by`` records who signed the post off,
    so that nothing goes to the scheduler that nobody approved.
    """
    if post.status in APPROVED_STATUSES and not (post.approved_by or "").strip():
        yield Problem(
            phrase("status is {status} but nobody is named in 'approved_by'", status=post.status),
            post.line_of("status"),
        )


@rule("approver-unknown", "WF02", Severity.ERROR, "post")
def approver_unknown(post: Post, ctx: Context) -> Iterator[Problem]:
    """``approved_by`` names someone the brand does not let approve.

    A brand lists its ``approvers`` (``[ilya, aylin]``), or takes them from CODEOWNERS
    (``approvers: codeowners``: the owners of the post's file). Names are compared
    without the ``@`` and ignoring case. A brand without ``approvers`` lets anyone approve.
    """
    name = (post.approved_by or "").strip()
    brand = ctx.project.brand_of(post)
    if not name or brand is None:
        return
    line = post.line_of("approved_by")
    if brand.approvers_from_codeowners:
        yield from _not_an_owner(post, name, line, ctx)
    elif brand.approvers and owner_name(name) not in {owner_name(a) for a in brand.approvers}:
        yield Problem(
            phrase(
                "approved_by '{name}' is not an approver of brand {brand} ({approvers}){hint}",
                name=name,
                brand=brand.id,
                approvers=", ".join(brand.approvers),
                hint=_hint(name, brand.approvers),
            ),
            line,
        )


def _not_an_owner(post: Post, name: str, line: int, ctx: Context) -> Iterator[Problem]:
    if not ctx.project.codeowners:  # no file: the brand itself is reported
        return
    source = ctx.project.codeowners_path
    owners = owners_of(post.path, ctx.project.codeowners) or ()
    if not owners:
        yield Problem(
            phrase(
                "approved_by '{name}': no line of {source} gives {path} owners",
                name=name,
                source=source,
                path=post.path,
            ),
            line,
        )
    elif owner_name(name) not in {owner_name(owner) for owner in owners}:
        yield Problem(
            phrase(
                "approved_by '{name}' does not own {path} in {source} ({owners}){hint}",
                name=name,
                path=post.path,
                source=source,
                owners=", ".join(owners),
                hint=_hint(name, owners),
            ),
            line,
        )


def _hint(name: str, allowed: tuple[str, ...]) -> str:
    return did_you_mean(owner_name(name), [owner_name(a) for a in allowed])


@rule("review-overdue", "WF03", Severity.WARNING, "post", uses_now=True)
def review_overdue(post: Post, ctx: Context) -> Iterator[Problem]:
    """A post is still ``idea``, ``draft`` or ``review`` after its ``review_by``.

    ``review_by`` is a date (due by the end of that day, in the brand's time zone) or a
    date and time; a post without it is never overdue. ``--now`` or ``SMMPLAN_NOW`` set
    the time checks treat as now.
    """
    if post.review_by is None or post.status not in UNDER_REVIEW or post.review_by >= ctx.now:
        return
    late = ctx.now - post.review_by
    ago = duration_text(late) if late < timedelta(days=2) else f"{late.days} days"
    yield Problem(
        f"review_by {post.review_by:%Y-%m-%d %H:%M %z} passed {ago} ago and the post is"
        f" still {post.status}",
        post.line_of("review_by"),
    )
