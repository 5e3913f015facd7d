"""Cards kept between builds (``render.site.card_store``): a build after an edit prints only
the cards whose post changed, the site equals a clean build, and a store that smmplan did not
sign is never used."""

from __future__ import annotations

from pathlib import Path

import pytest

from smmplan.load import cache
from smmplan.render.site import card_store, incremental, second_core
from smmplan.render.site.views import cards
from tests.test_incremental_build import build, differences, edit, generated_plan


@pytest.fixture(autouse=True)
def same_code(monkeypatch) -> None:
    fixed = incremental.code_fingerprint()
    monkeypatch.setattr(incremental, "code_fingerprint", lambda: fixed)


@pytest.fixture
def printed(monkeypatch) -> list[str]:
    """The posts whose cards and kept pieces (``cards.kept``) this process printed, one
    entry per piece; one process only."""
    made: list[str] = []
    real = cards._card

    def counted(h, post, *args):
        made.append(post.path)
        return real(h, post, *args)

    real_kept = cards.kept

    def kept(h, post, brand_id, local, networks, shown_as, make, *args):
        def made_here(*given):
            made.append(post.path)
            return make(*given)

        return real_kept(h, post, brand_id, local, networks, shown_as, made_here, *args)

    monkeypatch.setattr(cards, "_card", counted)
    monkeypatch.setattr(cards, "kept", kept)
    monkeypatch.setattr(second_core, "possible", lambda serving: False)
    return made


def store_of(root: Path, site: Path) -> Path:
    return card_store.store_path(incremental.manifest_path(root, site.resolve()))


def test_an_edit_prints_only_the_cards_of_the_edited_post(tmp_path, smmplan, printed) -> None:
    root = generated_plan(tmp_path / "repo")
    site = tmp_path / "site"
    build(smmplan, root, site)
    first = len(printed)
    assert first > 24 and len(card_store.load(incremental.manifest_path(root, site)).cards) == first
    printed.clear()
    post = "content/posts/2026/11/post-05.md"
    edit(root, post, lambda text: text.replace("Post number 5", "Post number five"))
    build(smmplan, root, site)
    assert printed and set(printed) == {post}
    printed.clear()
    build(smmplan, root, tmp_path / "clean", "2026-11-20T10:00:00+00:00", "--clean")
    assert len(printed) == first  # a clean build keeps no card
    assert differences(site, tmp_path / "clean") == []


def test_the_cards_of_kept_pages_are_kept_for_later_builds(tmp_path, smmplan, printed) -> None:
    root = generated_plan(tmp_path / "repo")
    site = tmp_path / "site"
    build(smmplan, root, site)
    everything = len(card_store.load(incremental.manifest_path(root, site)).cards)
    for n in ("05", "20"):  # in different weeks: the second's week page was kept by the first
        printed.clear()
        post = f"content/posts/2026/11/post-{n}.md"
        edit(root, post, lambda text: text + "\nOne more line.\n")
        build(smmplan, root, site)
        assert set(printed) == {post}
        assert len(card_store.load(incremental.manifest_path(root, site)).cards) > everything


def test_a_site_whose_pages_wait_compressed_keeps_no_card(
    tmp_path, smmplan, printed, monkeypatch
) -> None:
    from smmplan.render.site import plugin

    monkeypatch.setattr(plugin, "PACK_FROM_PAGES", 1)
    root = generated_plan(tmp_path / "repo", posts=6)
    site = tmp_path / "site"
    build(smmplan, root, site)
    assert not store_of(root, site).exists()
    build(smmplan, root, tmp_path / "clean", "2026-11-20T10:00:00+00:00", "--clean")
    assert differences(site, tmp_path / "clean") == []


def test_cards_made_under_another_salt_are_dropped(tmp_path, smmplan, printed) -> None:
    """A change every card depends on (here the settings) makes every card anew, and the
    store then holds only those: the old ones could never be shown again."""
    root = generated_plan(tmp_path / "repo")
    site = tmp_path / "site"
    build(smmplan, root, site)
    before = card_store.load(incremental.manifest_path(root, site))
    edit(root, "smmplan.yml", lambda text: text.replace("Generated", "Renamed"))
    printed.clear()
    build(smmplan, root, site)
    after = card_store.load(incremental.manifest_path(root, site))
    assert after.salt != before.salt and len(after.cards) == len(before.cards) == len(printed)
    assert not after.cards.keys() & before.cards.keys()
    assert after.under(before.salt).cards == {} and after.under(after.salt) is after


def test_a_store_not_signed_here_is_not_used(tmp_path, smmplan, printed) -> None:
    root = generated_plan(tmp_path / "repo")
    site = tmp_path / "site"
    build(smmplan, root, site)
    stored = store_of(root, site)
    data = stored.read_bytes()
    forged = data.replace(b"smm-card__title", b"smm-card__title\\u003cscript\\u003eforged()", 1)
    assert forged != data
    stored.write_bytes(forged)
    printed.clear()
    edit(root, "content/posts/2026/11/post-05.md", lambda text: text + "\nMore.\n")
    build(smmplan, root, site)
    assert len(set(printed)) > 12  # the cards of the pages rendered again, not one post's
    assert not any(b"forged()" in p.read_bytes() for p in site.rglob("*.html"))
    assert card_store.load(incremental.manifest_path(root, site)).cards != {}  # signed again


def test_without_the_secret_no_card_is_kept(tmp_path, smmplan, printed, monkeypatch) -> None:
    monkeypatch.setattr(cache, "load_secret", lambda: None)
    root = generated_plan(tmp_path / "repo", posts=6)
    site = tmp_path / "site"
    build(smmplan, root, site)
    assert not store_of(root, site).exists()
    printed.clear()
    edit(root, "content/posts/2026/11/post-03.md", lambda text: text + "\nMore.\n")
    build(smmplan, root, site)
    assert len(set(printed)) == 6


def test_cards_printed_by_the_second_process_are_kept(tmp_path, smmplan, monkeypatch) -> None:
    monkeypatch.setattr(second_core, "SPLIT_FROM", 0)
    root = generated_plan(tmp_path / "repo")
    build(smmplan, root, tmp_path / "two")
    two = card_store.load(incremental.manifest_path(root, (tmp_path / "two").resolve())).cards
    monkeypatch.setattr(second_core, "possible", lambda serving: False)
    build(smmplan, root, tmp_path / "one")
    one = card_store.load(incremental.manifest_path(root, (tmp_path / "one").resolve())).cards
    assert len(one) > 24 and two == one


def test_the_store_keeps_at_most_its_bound(monkeypatch) -> None:
    from markupsafe import Markup

    monkeypatch.setattr(card_store, "KEPT_CARDS", 3)

    class Post:
        def __init__(self, n: int) -> None:
            self.path = f"p{n}.md"

    store = card_store.CardStore({}, lambda path: path, {}, "salt")
    shown = [store.card("/", Post(0), None, None, (), (), lambda: Markup("<li>0</li>"))]
    shown += [store.card("/", Post(n), None, None, (), (), lambda: Markup("x")) for n in (1, 2)]
    assert shown == ["<li>0</li>", "x", "x"] and len(store.printed) == 3
    assert store.card("/", Post(9), None, None, (), (), lambda: Markup("<b>9</b>")) == "<b>9</b>"
    assert len(store.printed) == 3
    store.printed.clear()
    store.keep({f"k{n}": "y" for n in range(5)})
    assert list(store.printed) == ["k0", "k1", "k2"]
    later = card_store.CardStore({"old1": "a", "k1": "b", "old2": "c"}, str, {}, "salt")
    later.printed = {"k1": "y"}
    assert later.kept() == {"k1": "y", "old1": "a", "old2": "c"}  # shown first, then earlier
    later.printed = {"k0": "y", "k1": "y", "k2": "y"}
    assert later.kept() == later.printed


def test_the_lists_of_posts_keep_each_posts_piece(tmp_path, smmplan, printed, monkeypatch) -> None:
    """The campaign's timeline, the month grid, the Problems page and the review page print
    only the edited post's pieces; the rest come from the store, and the site is a clean
    build's."""
    pieces: list[tuple[str, str]] = []
    counted = cards.kept

    def kept(h, post, brand_id, local, networks, shown_as, make, *args):
        def made_here(*given):
            pieces.append((shown_as[0], post.path))
            return make(*given)

        return counted(h, post, brand_id, local, networks, shown_as, made_here, *args)

    monkeypatch.setattr(cards, "kept", kept)
    root = generated_plan(tmp_path / "repo")
    for n in ("09", "13"):  # in the campaign; 13 has problems
        edit(
            root,
            f"content/posts/2026/11/post-{n}.md",
            lambda t: t.replace("approved\n", "review\n"),
        )
    site = tmp_path / "site"
    build(smmplan, root, site)
    every = {"timeline-dot", "timeline-item", "month-entry", "problems-file", "review"}
    assert {kind for kind, _ in pieces} == every
    post = "content/posts/2026/11/post-13.md"
    assert {kind for kind, path in pieces if path == post} == every
    pieces.clear()
    edit(root, post, lambda text: text + "\nOne more line.\n")
    build(smmplan, root, site)
    assert sorted(set(pieces)) == sorted((kind, post) for kind in every)
    build(smmplan, root, tmp_path / "clean", "2026-11-20T10:00:00+00:00", "--clean")
    assert differences(site, tmp_path / "clean") == []


def test_an_edit_adds_its_cards_beside_the_store(tmp_path, smmplan, printed, monkeypatch) -> None:
    """After one edit the store stays as it was and its additions hold the post's new
    cards, which the next build uses; past ``ADDED_AT_MOST`` the store is written whole."""
    root = generated_plan(tmp_path / "repo")
    site = tmp_path / "site"
    build(smmplan, root, site)
    manifest = incremental.manifest_path(root, site)
    whole = card_store.store_path(manifest).read_bytes()
    first = "content/posts/2026/11/post-05.md"
    edit(root, first, lambda text: text + "\nOne more line.\n")
    printed.clear()
    build(smmplan, root, site)
    assert card_store.store_path(manifest).read_bytes() == whole
    kept = card_store.load(manifest)
    assert set(printed) == {first} and len(kept.added) == len(printed)  # its cards, each once
    assert set(kept.added) <= set(kept.cards)
    printed.clear()
    second = "content/posts/2026/11/post-20.md"
    edit(root, second, lambda text: text + "\nOne more line.\n")
    build(smmplan, root, site)
    assert set(printed) == {second}  # the first post's new cards came from the additions
    assert len(card_store.load(manifest).added) > len(kept.added)
    monkeypatch.setattr(card_store, "ADDED_AT_MOST", 0)
    edit(root, first, lambda text: text + "\nAnd another.\n")
    build(smmplan, root, site)
    assert card_store.store_path(manifest).read_bytes() != whole
    assert not card_store.additions_path(manifest).exists()
    assert card_store.load(manifest).added == {}
    build(smmplan, root, tmp_path / "clean", "2026-11-20T10:00:00+00:00", "--clean")
    assert differences(site, tmp_path / "clean") == []
