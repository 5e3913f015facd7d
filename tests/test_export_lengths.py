"""The texts' lengths the exports keep between runs (``render.export.lengths``): the same
files as counting afresh, nothing counted twice, and a file not signed here, made under
other counting code or in a linked folder is never used."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smmplan import text as counting
from smmplan.check import run
from smmplan.load import load_project
from smmplan.render.export import build_all, kept_lengths, lengths
from tests.test_export_formats import NOW, PHOTO, TEASER, URLS, jpeg, make_plan


def plan(tmp_path):
    return make_plan(tmp_path, {"teaser.md": TEASER, "photo.md": PHOTO, "cup.jpg": jpeg()})


def files(root, kept) -> dict[str, bytes]:
    project = load_project(root)
    made = build_all(project, NOW, URLS, run(project, NOW), kept)
    return {name: made[name] for name in made}


def no_counting(monkeypatch) -> None:
    def refused(*args, **kwargs):
        raise AssertionError("counted again")

    monkeypatch.setattr(lengths, "counting", SimpleNamespace(count=refused))  # here only


def test_kept_lengths_give_the_files_counting_gives(tmp_path, monkeypatch) -> None:
    root = plan(tmp_path)
    first = kept_lengths(root)
    assert first.known == {}
    cold = files(root, first)
    assert cold == files(root, None)
    assert first.used and all(type(n) is int for n in first.used.values())
    first.save()
    again = kept_lengths(root)
    assert again.known == first.used
    no_counting(monkeypatch)
    assert files(root, again) == cold  # every length looked up, none counted
    assert again.used == again.known


def test_a_length_file_not_signed_here_is_ignored(tmp_path) -> None:
    root = plan(tmp_path)
    first = kept_lengths(root)
    files(root, first)
    first.save()
    path = root / lengths.FOLDER / "lengths.json"
    data = path.read_bytes()
    key = next(iter(first.used))
    forged = data.replace(f'"{key}":{first.used[key]}'.encode(), f'"{key}":1'.encode())
    assert forged != data
    path.write_bytes(forged)
    assert kept_lengths(root).known == {}


def test_lengths_made_by_other_counting_code_are_ignored(tmp_path, monkeypatch) -> None:
    root = plan(tmp_path)
    first = kept_lengths(root)
    files(root, first)
    first.save()
    monkeypatch.setattr(lengths, "salt", lambda: "other counting code")
    assert kept_lengths(root).known == {}


def test_a_linked_cache_folder_is_not_used(tmp_path) -> None:
    root = plan(tmp_path / "repo")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / ".smmplan-cache").mkdir()
    os.symlink(elsewhere, root / lengths.FOLDER)
    kept = kept_lengths(root)
    files(root, kept)
    kept.save()
    assert kept.path is None and list(elsewhere.iterdir()) == []


@given(st.text(max_size=60), st.sampled_from(sorted(counting.COUNTING_UNITS)))
def test_a_kept_length_is_the_counted_one(text, method) -> None:
    kept = lengths.Lengths()
    assert kept.count(text, method, 23) == counting.count(text, method, url_length=23)
    again = lengths.Lengths(dict(kept.used))
    assert again.count(text, method, 23) == counting.count(text, method, url_length=23)


@pytest.mark.parametrize("url_length", [None, 23, 40])
def test_the_link_length_is_part_of_the_key(url_length) -> None:
    kept = lengths.Lengths()
    text = "see https://example.com/a-long-path?utm_source=x"
    assert kept.count(text, "mastodon", url_length) == counting.count(
        text, "mastodon", url_length=url_length
    )
    assert len(kept.used) == 1
