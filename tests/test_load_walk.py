"""``walk`` and ``walk_names``: the files below a folder in ``os.walk``'s order (a folder's
own files, then each subfolder, all sorted by name), hidden names and links leaving the
repository left out, as text without building a ``Path`` per file."""

from __future__ import annotations

import os
from pathlib import Path

from smmplan.load import post_file_names
from smmplan.load.files import walk, walk_names


def _tree(root: Path) -> None:
    posts = root / "content" / "posts"
    for rel in (
        "b.md",
        "a.md",
        "notes.txt",
        ".hidden.md",
        "2026/02/z.md",
        "2026/02/a.markdown",
        "2026/10/m.md",
        "2026/1/k.md",
        ".drafts/secret.md",
        "B/upper.md",
    ):
        path = posts / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n---\n", encoding="utf-8")


def test_walk_names_lists_in_os_walk_order(tmp_path):
    root = tmp_path / "plan"
    _tree(root)
    posts = root / "content" / "posts"
    found, refused = walk_names(posts, root, (".md", ".markdown"))
    rels = [os.path.relpath(name, posts) for name in found]
    assert rels == [
        "a.md",
        "b.md",
        "2026/02/a.markdown",
        "2026/02/z.md",
        "2026/1/k.md",
        "2026/10/m.md",
        "B/upper.md",
    ]
    assert refused == []
    paths, _ = walk(posts, root, (".md", ".markdown"))
    assert [str(path) for path in paths] == found


def test_links_leaving_the_repository_are_refused_and_inside_ones_followed(tmp_path):
    root = tmp_path / "plan"
    _tree(root)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "stolen.md").write_text("---\n---\n", encoding="utf-8")
    posts = root / "content" / "posts"
    (posts / "away").symlink_to(outside)
    (posts / "again").symlink_to(posts / "2026" / "02")
    (posts / "2026" / "loop").symlink_to(posts / "2026")
    found, refused = walk_names(posts, root, (".md",))
    rels = [os.path.relpath(name, posts) for name in found]
    assert "again/z.md" in rels and not any("stolen" in rel for rel in rels)
    assert [(r.path, r.reason) for r in refused] == [
        (
            "content/posts/away",
            "a link to a folder outside the repository (or a loop): not read",
        ),
        (
            "content/posts/2026/loop",
            "a link to a folder outside the repository (or a loop): not read",
        ),
    ]
    every, _ = walk_names(posts, root, (".md", ".markdown"))
    assert post_file_names(root) == [*every, *(str(root / r.path) for r in refused)]


def test_a_missing_folder_or_one_linked_outside_lists_nothing(tmp_path):
    root = tmp_path / "plan"
    root.mkdir()
    assert walk_names(root / "content" / "posts", root, (".md",)) == ([], [])
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "content").mkdir()
    (root / "content" / "posts").symlink_to(outside)
    found, refused = walk_names(root / "content" / "posts", root, (".md",))
    assert found == []
    assert [(r.path, r.reason) for r in refused] == [
        ("content/posts", "a link to a folder outside the repository: not read")
    ]
