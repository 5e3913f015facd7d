"""Approvers: a brand's ``approvers`` (a list, or CODEOWNERS), ``approver-unknown``,
``review_by`` and ``review-overdue``: CODEOWNERS matching, exact messages and lines."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from smmplan.load import load_project
from smmplan.load.codeowners import owners_of, parse_codeowners
from smmplan.model import CodeOwnersRule
from tests.conftest import check

CODEOWNERS = """\
# The whole repository
*                       @rauf
*.md                    @Ilya   # inline comment
/content/posts/         @smm/editors
content/posts/2026/*    @aylin
docs/**                 @writers
**/drafts               @draft-team
/content/posts/free.md
\\#odd                  @hash
!content/neg.md         @nobody
[abc].md                @nobody
"""


def owners(path: str) -> tuple[str, ...] | None:
    return owners_of(path, parse_codeowners(CODEOWNERS))


def test_codeowners_lines_are_parsed_with_their_owners_and_line_numbers():
    rules = parse_codeowners(CODEOWNERS)
    assert rules[:3] == (
        CodeOwnersRule("*", ("@rauf",), 2),
        CodeOwnersRule("*.md", ("@Ilya",), 3),
        CodeOwnersRule("/content/posts/", ("@smm/editors",), 4),
    )
    assert rules[6] == CodeOwnersRule("/content/posts/free.md", (), 8)
    assert rules[7] == CodeOwnersRule("#odd", ("@hash",), 9)
    assert len(rules) == 10


def test_the_last_matching_pattern_wins():
    assert owners("brands/kofe.yml") == ("@rauf",)
    assert owners("README.md") == ("@Ilya",)
    assert owners("content/posts/a.md") == ("@smm/editors",)
    assert owners("content/posts/2026/a.md") == ("@aylin",)
    # "content/posts/2026/*" matches only the files directly in that folder
    assert owners("content/posts/2026/11/a.md") == ("@smm/editors",)
    assert owners("docs/deep/page.txt") == ("@writers",)
    assert owners("content/x/drafts/a.md") == ("@draft-team",)
    assert owners("content/posts/free.md") == ()  # a pattern without owners: nobody
    assert owners("#odd") == ("@hash",)
    # negation and ranges are not supported: those lines match nothing
    assert owners("content/neg.md") == ("@Ilya",)
    assert owners("a.md") == ("@Ilya",)


def test_anchored_and_folder_patterns():
    rules = parse_codeowners("/content/ @a\nposts/ @b\nmedia @c\n")
    assert owners_of("content/x.md", rules) == ("@a",)
    assert owners_of("x/content/y.md", rules) is None  # a leading / anchors to the root
    assert owners_of("deep/posts/x.md", rules) == ("@b",)  # a name without / at any depth
    assert owners_of("posts", rules) is None  # "posts/" matches a folder, not a file
    assert owners_of("a/media/b/c.jpg", rules) == ("@c",)
    assert owners_of("a/mediaX/c.jpg", rules) is None


@given(st.text(max_size=300))
def test_any_text_parses_and_matching_never_fails(text):
    rules = parse_codeowners(text)
    lines = [rule.line for rule in rules]
    assert lines == sorted(set(lines)) and all(1 <= n <= len(text.splitlines()) for n in lines)
    assert all(rule.pattern and not any(c.isspace() for c in rule.pattern) for rule in rules)
    result = owners_of("content/posts/a.md", rules)
    assert result is None or isinstance(result, tuple)


@given(st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=5))
def test_a_catch_all_line_owns_every_file(names):
    rules = parse_codeowners("* " + " ".join(f"@{n}" for n in names) + "\n")
    assert owners_of("/".join(names) + ".md", rules) == tuple(f"@{n}" for n in names)


def repository(tmp_path, brand: str, files: dict[str, str]):
    (tmp_path / "brands").mkdir(parents=True)
    (tmp_path / "brands/kofe.yml").write_text(brand, encoding="utf-8")
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "content/posts").mkdir(parents=True, exist_ok=True)
    return tmp_path


APPROVED = (
    "---\ntitle: T\npublish_at: 2026-11-27 10:00\nstatus: approved\napproved_by: {who}\n"
    "networks: [telegram]\n---\nBody\n"
)


def problems(root, rules=("approver-unknown", "unknown-reference", "invalid-value")):
    return [(d.path, d.line, d.rule, d.message) for d in check(root) if d.rule in rules]


def test_a_listed_approver_passes_and_a_stranger_is_an_error_with_a_suggestion(tmp_path):
    root = repository(
        tmp_path,
        "name: Kofe\ntimezone: UTC\napprovers: [ilya, aylin]\n",
        {
            "content/posts/a.md": APPROVED.format(who="Aylin"),
            "content/posts/b.md": APPROVED.format(who="ilja"),
            "content/posts/c.md": APPROVED.format(who="nobody"),
        },
    )
    assert problems(root) == [
        (
            "content/posts/b.md",
            5,
            "approver-unknown",
            "approved_by 'ilja' is not an approver of brand kofe (ilya, aylin)"
            " (did you mean 'ilya'?)",
        ),
        (
            "content/posts/c.md",
            5,
            "approver-unknown",
            "approved_by 'nobody' is not an approver of brand kofe (ilya, aylin)",
        ),
    ]


def test_github_folder_is_read_before_the_root_and_docs(tmp_path):
    root = repository(
        tmp_path,
        "name: Kofe\ntimezone: UTC\napprovers: codeowners\n",
        {
            ".github/CODEOWNERS": "content/ @ilya\n",
            "CODEOWNERS": "content/ @rauf\n",
            "docs/CODEOWNERS": "content/ @rauf\n",
            "content/posts/a.md": APPROVED.format(who="rauf"),
            "content/posts/b.md": APPROVED.format(who="ILYA"),
        },
    )
    assert problems(root) == [
        (
            "content/posts/a.md",
            5,
            "approver-unknown",
            "approved_by 'rauf' does not own content/posts/a.md in .github/CODEOWNERS (@ilya)",
        )
    ]
    assert load_project(root).codeowners_path == ".github/CODEOWNERS"


def test_codeowners_without_a_file_is_reported_once_on_the_brand(tmp_path):
    root = repository(
        tmp_path,
        "name: Kofe\ntimezone: UTC\napprovers: codeowners\n",
        {"content/posts/a.md": APPROVED.format(who="ilya")},
    )
    assert problems(root) == [
        (
            "brands/kofe.yml",
            3,
            "unknown-reference",
            "approvers: codeowners, but there is no CODEOWNERS file"
            " (looked for .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS)",
        )
    ]


def test_a_codeowners_link_out_of_the_repository_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "CODEOWNERS").write_text("* @ilya\n", encoding="utf-8")
    root = repository(
        tmp_path / "repo",
        "name: Kofe\ntimezone: UTC\napprovers: codeowners\n",
        {"content/posts/a.md": APPROVED.format(who="ilya")},
    )
    os.symlink(outside / "CODEOWNERS", root / "CODEOWNERS")
    found = problems(root)
    assert [(path, line, rule) for path, line, rule, _ in found] == [
        ("brands/kofe.yml", 3, "unknown-reference")
    ]
    assert found[0][3].startswith("approvers: codeowners, but CODEOWNERS: ")


def test_bad_approvers_and_review_by_values_are_reported_at_their_lines(tmp_path):
    root = repository(
        tmp_path,
        "name: Kofe\ntimezone: UTC\napprovers: ilya\n",
        {
            "content/posts/a.md": (
                "---\ntitle: T\nstatus: draft\nreview_by: next week\nnetworks: [telegram]\n"
                "---\nBody\n"
            ),
        },
    )
    assert problems(root) == [
        (
            "brands/kofe.yml",
            3,
            "invalid-value",
            "approvers: write a list of names like [ilya, aylin], or codeowners",
        ),
        (
            "content/posts/a.md",
            4,
            "invalid-value",
            "review_by: 'next week' is not a date or a date and time: write it as YYYY-MM-DD"
            " or YYYY-MM-DD HH:MM (local time of the brand)",
        ),
    ]


def test_review_by_a_date_is_due_by_the_end_of_that_day_in_the_brand_zone(tmp_path):
    root = repository(
        tmp_path,
        "name: Kofe\ntimezone: Asia/Manila\n",
        {
            "content/posts/a.md": (
                "---\ntitle: T\nstatus: review\nreview_by: 2026-11-22\nnetworks: [telegram]\n"
                "---\nBody\n"
            ),
        },
    )
    assert load_project(root).posts[0].review_by == datetime(2026, 11, 22, 16, 0, tzinfo=UTC)
    just_before = datetime(2026, 11, 22, 15, 59, tzinfo=UTC)
    assert [d.rule for d in check(root, just_before) if d.rule == "review-overdue"] == []
    late = [d for d in check(root) if d.rule == "review-overdue"]  # NOW: 2026-11-23 06:00 UTC
    assert [(d.path, d.line, str(d.severity), d.message) for d in late] == [
        (
            "content/posts/a.md",
            4,
            "warning",
            "review_by 2026-11-23 00:00 +0800 passed 14h ago and the post is still review",
        )
    ]
