"""Incremental ``smmplan build``: after each kind of edit, a build into the folder of the
last build equals a clean build into another folder, byte for byte, file for file; a
build with nothing changed writes nothing; a folder edited by hand gets a full build."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from smmplan.render.site import incremental

EXAMPLE = Path(__file__).resolve().parents[1]
NOW = "2026-11-20T10:00:00+00:00"
LATER = "2026-11-24T16:30:00+00:00"
EARLIER_NS = 1_700_000_000 * 10**9


# -- building and comparing --------------------------------------------------------------


@pytest.fixture(autouse=True)
def same_code(monkeypatch) -> None:
    """The code of this process does not change while it runs, but its files may (an edit in
    the checkout): the fingerprint of smmplan's files is taken once for every test."""
    fixed = incremental.code_fingerprint()
    monkeypatch.setattr(incremental, "code_fingerprint", lambda: fixed)


def copy_example(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("content", "brands", "site"):
        shutil.copytree(EXAMPLE / name, root / name)
    shutil.copy2(EXAMPLE / "smmplan.yml", root / "smmplan.yml")
    return root


def picture(colour: tuple[int, int, int], size: tuple[int, int] = (640, 480)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def generated_plan(root: Path, posts: int = 24) -> Path:
    """Two brands, a campaign, pictures, posts over four weeks (some with problems); the
    approved ones after ``NOW`` are in the data exports (plan.csv, .xlsx, .json, .ics)."""
    files = {
        "smmplan.yml": "title: Generated\nlocale: en\ntimezone: UTC\n",
        "brands/cafe.yml": "name: Cafe\ntimezone: Europe/Moscow\nlocale: en\n",
        "brands/bank.yml": "name: Bank\ntimezone: Asia/Manila\nlocale: en\n",
        "content/campaigns/launch.md": (
            "---\ntitle: Launch\nbrand: bank\nstart: 2026-11-01\nend: 2026-12-31\n---\nBrief.\n"
        ),
    }
    for n in range(posts):
        brand = ("cafe", "bank")[n % 2]
        campaign = "campaign: launch\n" if brand == "bank" and n % 4 == 1 else ""
        media = f"media:\n  - src: /content/media/p{n % 3}.jpg\n    alt: Picture {n % 3}\n"
        body = ("A long text. " * 30) if n % 10 == 3 else f"Post number {n} #{brand}"
        files[f"content/posts/2026/11/post-{n:02d}.md"] = (
            f"---\ntitle: Post {n}\nbrand: {brand}\n{campaign}"
            f"publish_at: 2026-11-{10 + n:02d} 09:00\nstatus: {('draft', 'approved')[n % 2]}\n"
            f"{'approved_by: ilya' if n % 2 else 'author: ilya'}\n"  # approved posts are exported
            f"networks: [x, telegram]\n{media}---\n{body}\n"
        )
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "content" / "media").mkdir(parents=True)
    for n, colour in enumerate([(200, 40, 40), (40, 200, 40), (40, 40, 200)]):
        (root / "content" / "media" / f"p{n}.jpg").write_bytes(picture(colour))
    for path in root.rglob("*"):  # as a checkout has them: not written while a build reads
        os.utime(path, ns=(EARLIER_NS, EARLIER_NS))
    return root


def build(smmplan, root: Path, out: Path, now: str = NOW, *extra: str) -> str:
    result = smmplan("--root", str(root), "--now", now, "build", "--out", str(out), *extra)
    assert result.exit_code == 0, result.output
    return result.output


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def differences(a: Path, b: Path) -> list[str]:
    """Every file only in one tree or different between them (empty: identical)."""
    left, right = tree(a), tree(b)
    found = [f"only in the incremental build: {k}" for k in sorted(left.keys() - right.keys())]
    found += [f"only in the clean build: {k}" for k in sorted(right.keys() - left.keys())]
    found += [f"differs: {k}" for k in sorted(left.keys() & right.keys()) if left[k] != right[k]]
    return found


def rendered(output: str) -> tuple[int, int] | None:
    """(rendered, unchanged) pages from the build's summary line; None: a full build."""
    found = re.search(r"\((\d+) rendered, (\d+) unchanged\)", output)
    return (int(found[1]), int(found[2])) if found else None


def moved_clock(result: object) -> str | None:
    """The ``--now`` an edit asks for (an edit that is a file operation returns no time)."""
    return result if isinstance(result, str) else None


def settled(path: Path) -> None:
    """Date an edit a few seconds back, as an editor's save before the build: a file written
    within ``incremental.SETTLED_NS`` of a build is read again by the next one, which would
    then not be "up to date" (on a fast machine a build follows an edit that closely)."""
    moment = time.time_ns() - 2 * incremental.SETTLED_NS
    os.utime(path, ns=(moment, moment))


def replace_image(path: Path, colour: tuple[int, int, int], size: tuple[int, int]) -> None:
    path.write_bytes(picture(colour, size))
    settled(path)


def edit(root: Path, name: str, change: Callable[[str], str]) -> None:
    path = root / name
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, f"the edit of {name} changed nothing"
    path.write_text(after, encoding="utf-8")
    settled(path)


# -- the edits --------------------------------------------------------------------------------

EXAMPLE_POST = "content/posts/2026/11/gid-po-pomolu.md"
EXAMPLE_IMAGE = "content/media/kofe/cafe-cat-portrait.jpg"
EXAMPLE_BRAND = "brands/kofe-na-kuhne.yml"
EXAMPLE_CAMPAIGN = "content/campaigns/black-friday-2026.md"


def example_edits(root: Path) -> dict[str, Callable[[], str | None]]:
    """Each kind of edit on the example plan; a function returning the ``--now`` to use."""
    return {
        "post text": lambda: edit(root, EXAMPLE_POST, lambda t: t + "\nOne more line.\n"),
        "status": lambda: edit(
            root, EXAMPLE_POST, lambda t: t.replace("status: published", "status: draft")
        ),
        "publish_at to another week": lambda: edit(
            root, EXAMPLE_POST, lambda t: t.replace("2026-11-17 11:00", "2026-12-02 11:00")
        ),
        "brand": lambda: edit(
            root, EXAMPLE_BRAND, lambda t: t.replace("name: Кофе на кухне", "name: Кофе дома")
        ),
        "campaign": lambda: edit(
            root, EXAMPLE_CAMPAIGN, lambda t: t.replace("title: Qara Cümə 2026", "title: Qara Cümə")
        ),
        "image": lambda: replace_image(root / EXAMPLE_IMAGE, (10, 120, 200), (800, 1000)),
        "settings": lambda: edit(
            root, "smmplan.yml", lambda t: t.replace("content calendar", "content plan")
        ),
        "deleted post": lambda: (root / "content/posts/2026/12/itogi-goda-2026.md").unlink(),
        "renamed post": lambda: (root / "content/posts/2026/11/kot-barista-chelsea.md").rename(
            root / "content/posts/2026/11/kot-barista.md"
        ),
        "now": lambda: LATER,
        "nothing": lambda: None,
    }


def test_example_after_each_kind_of_edit_equals_a_clean_build(tmp_path: Path, smmplan) -> None:
    root = copy_example(tmp_path)
    site, now = tmp_path / "site", NOW
    first = build(smmplan, root, site, now)
    assert rendered(first) is None  # no manifest yet: every page
    for number, (kind, change) in enumerate(example_edits(root).items()):
        now = moved_clock(change()) or now
        output = build(smmplan, root, site, now)
        clean = tmp_path / f"clean-{number}"
        build(smmplan, root, clean, now, "--clean")
        assert differences(site, clean) == [], kind
        if kind == "post text":
            counts = rendered(output)
            assert counts is not None and counts[1] > 0, output  # pages were really kept
        if kind == "nothing":
            assert "is up to date: nothing changed" in output, output
        shutil.rmtree(clean)


GENERATED_EDITS: dict[str, Callable[[Path], str | None]] = {
    "post text": lambda r: edit(r, "content/posts/2026/11/post-04.md", lambda t: t + "More.\n"),
    "front matter": lambda r: edit(
        r, "content/posts/2026/11/post-05.md", lambda t: t.replace("approved", "review")
    ),
    "publish_at to another week": lambda r: edit(
        r, "content/posts/2026/11/post-06.md", lambda t: t.replace("2026-11-16", "2026-11-30")
    ),
    "brand": lambda r: edit(r, "brands/bank.yml", lambda t: t.replace("Bank", "Savings bank")),
    "campaign": lambda r: edit(
        r, "content/campaigns/launch.md", lambda t: t.replace("Launch", "Big launch")
    ),
    "image": lambda r: replace_image(r / "content/media/p1.jpg", (250, 250, 0), (480, 640)),
    "settings": lambda r: edit(r, "smmplan.yml", lambda t: t.replace("Generated", "Renamed")),
    "deleted post": lambda r: (r / "content/posts/2026/11/post-07.md").unlink(),
    "renamed post": lambda r: (r / "content/posts/2026/11/post-08.md").rename(
        r / "content/posts/2026/11/renamed.md"
    ),
    "now": lambda r: LATER,
    "nothing": lambda r: None,
}


@pytest.mark.parametrize("kind", GENERATED_EDITS)
def test_generated_plan_after_an_edit_equals_a_clean_build(
    tmp_path: Path, smmplan, kind: str
) -> None:
    root = generated_plan(tmp_path / "repo")
    site = tmp_path / "site"
    build(smmplan, root, site)
    now = moved_clock(GENERATED_EDITS[kind](root)) or NOW
    output = build(smmplan, root, site, now)
    build(smmplan, root, tmp_path / "clean", now, "--clean")
    assert differences(site, tmp_path / "clean") == []
    if kind in ("post text", "front matter"):
        counts = rendered(output)
        assert counts is not None and counts[1] >= 20, output


def test_nothing_changed_writes_nothing(tmp_path: Path, smmplan) -> None:
    root = generated_plan(tmp_path / "repo", posts=6)
    site = tmp_path / "site"
    build(smmplan, root, site)
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*")}
    output = build(smmplan, root, site)
    shown = re.escape(str(site))
    found = re.fullmatch(
        rf"{shown}/ is up to date: nothing changed \((\d+) pages, verified in [\d.]+ s\)\n", output
    )
    assert found is not None, output
    assert int(found[1]) == sum(1 for p in site.rglob("*.html") if p.name != "404.html")
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*")} == before


def test_a_folder_edited_by_hand_gets_a_full_build(tmp_path: Path, smmplan) -> None:
    root = generated_plan(tmp_path / "repo", posts=6)
    site = tmp_path / "site"
    build(smmplan, root, site)
    page = next(site.glob("posts/*/index.html"))
    page.write_text("edited by hand", encoding="utf-8")
    output = build(smmplan, root, site)
    assert rendered(output) is None, output  # not "up to date", not incremental
    build(smmplan, root, tmp_path / "clean", NOW, "--clean")
    assert differences(site, tmp_path / "clean") == []


def test_a_broken_manifest_gets_a_full_build(tmp_path: Path, smmplan) -> None:
    root = generated_plan(tmp_path / "repo", posts=6)
    site = tmp_path / "site"
    build(smmplan, root, site)
    manifest = incremental.manifest_path(root, site)
    assert incremental.load_manifest(root, site).format == incremental.FORMAT
    manifest.write_text("{not json", encoding="utf-8")
    edit(root, "content/posts/2026/11/post-01.md", lambda t: t + "More.\n")
    output = build(smmplan, root, site)
    assert rendered(output) is None, output
    build(smmplan, root, tmp_path / "clean", NOW, "--clean")
    assert differences(site, tmp_path / "clean") == []


def test_clean_renders_every_page(tmp_path: Path, smmplan) -> None:
    root = generated_plan(tmp_path / "repo", posts=6)
    site = tmp_path / "site"
    build(smmplan, root, site)
    edit(root, "content/posts/2026/11/post-01.md", lambda t: t + "More.\n")
    assert rendered(build(smmplan, root, site, NOW, "--clean")) is None
    edit(root, "content/posts/2026/11/post-02.md", lambda t: t + "More.\n")
    counts = rendered(build(smmplan, root, site))
    assert counts is not None and counts[1] > 0


def test_a_change_of_smmplan_itself_renders_every_page(
    tmp_path: Path, smmplan, monkeypatch
) -> None:
    root = generated_plan(tmp_path / "repo", posts=6)
    site = tmp_path / "site"
    build(smmplan, root, site)
    monkeypatch.setattr(incremental, "code_fingerprint", lambda: "another version")
    assert rendered(build(smmplan, root, site)) is None  # neither up to date nor incremental
    edit(root, "content/posts/2026/11/post-02.md", lambda t: t + "More.\n")
    counts = rendered(build(smmplan, root, site))
    assert counts is not None and counts[1] > 0


def test_only_the_latest_manifests_are_kept(tmp_path: Path) -> None:
    folder = tmp_path / incremental.CACHE_FOLDER
    folder.mkdir(parents=True)
    for n in range(10):
        old = folder / f"old-{n}.json"
        old.write_text("{}", encoding="utf-8")
        os.utime(old, ns=(n * 10**9, n * 10**9))
    incremental.save_manifest(tmp_path, incremental.Manifest(str(tmp_path / "site")))
    kept = sorted(p.name for p in folder.glob("*.json"))
    written = incremental.manifest_path(tmp_path, tmp_path / "site").name
    assert kept == sorted([written, *(f"old-{n}.json" for n in range(3, 10))])
    assert incremental.load_manifest(tmp_path, tmp_path / "site") == incremental.Manifest(
        str(tmp_path / "site")
    )


def test_a_post_edited_while_the_build_reads_is_rendered_again(tmp_path: Path, smmplan) -> None:
    from datetime import datetime

    from smmplan.pipeline import build_site, load_checked

    root = generated_plan(tmp_path / "repo", posts=6)
    site = tmp_path / "site"
    build(smmplan, root, site)
    now = datetime.fromisoformat(NOW)
    read_from = time.time_ns()
    loaded = load_checked(root, now)  # the build reads the post before it changes
    post = root / "content/posts/2026/11/post-02.md"  # written now, not dated back
    post.write_text(post.read_text("utf-8") + "Written during the build.\n", "utf-8")
    given = {"project": loaded.project, "diagnostics": loaded.diagnostics}
    build_site(root, site, now, results=loaded.results, read_from=read_from, **given)
    page = (site / "posts/post-02/index.html").read_bytes()
    assert b"Written during the build." not in page  # what was read is what was built
    output = build(smmplan, root, site)
    assert b"Written during the build." in (site / "posts/post-02/index.html").read_bytes()
    assert rendered(output) is not None, output
    build(smmplan, root, tmp_path / "clean", NOW, "--clean")
    assert differences(site, tmp_path / "clean") == []


def test_special_files_are_never_read_for_the_fingerprint(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "content" / "posts").mkdir(parents=True)
    (root / "brands").mkdir()
    (root / "content/posts/a.md").write_text("---\ntitle: A\n---\nText\n", encoding="utf-8")
    os.mkfifo(root / "content/posts/fifo.md")
    os.mkfifo(root / "smmplan.yml")
    (root / "brands/zero.yml").symlink_to("/dev/zero")
    found = incremental.input_files(root, {}, [])
    assert sorted(found) == ["content/posts/a.md"]
    assert found["content/posts/a.md"][0] == len("---\ntitle: A\n---\nText\n")


def test_an_upcoming_post_edited_changes_only_the_exports_that_carry_it(
    tmp_path: Path, smmplan
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    root = generated_plan(tmp_path / "repo")
    site = tmp_path / "site"
    build(smmplan, root, site)
    before = tree(site / "exports")
    post = "content/posts/2026/11/post-15.md"  # approved, bank, 2026-11-25 09:00: upcoming
    edit(root, post, lambda t: t.replace("Post number 15", "Post fifteen"))
    output = build(smmplan, root, site)
    assert rendered(output) is not None, output
    build(smmplan, root, tmp_path / "clean", NOW, "--clean")
    assert differences(site, tmp_path / "clean") == []
    after = tree(site / "exports")
    assert sorted(k for k in after if before.get(k) != after[k]) == CHANGED_EXPORTS
    sheet = openpyxl.load_workbook(io.BytesIO(after["plan.xlsx"])).active
    texts = [row[13] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == post]
    assert texts == ["Post fifteen #bank", "Post fifteen #bank"]


CHANGED_EXPORTS = ["plan.csv", "plan.ics", "plan.json", "plan.xlsx"]  # not index.json


def test_compiled_templates_are_kept_and_a_broken_one_is_compiled_again(
    tmp_path: Path, smmplan
) -> None:
    from smmplan.render.site.views import cards, environment

    root = generated_plan(tmp_path / "repo", posts=6)
    site = tmp_path / "site"
    build(smmplan, root, site)
    folder = root / incremental.TEMPLATE_FOLDER
    entries = sorted(folder.glob("*.jinja"))
    assert len(entries) >= 20
    for entry in entries:
        entry.write_bytes(b"not a compiled template")
    environment().cache.clear()  # as in a new process: smmplan's templates are read again
    cards.macros.cache_clear()  # (and the pieces' macros, which it keeps as a module)
    edit(root, "content/posts/2026/11/post-01.md", lambda t: t + "More.\n")
    output = build(smmplan, root, site)
    assert rendered(output) is not None, output
    build(smmplan, root, tmp_path / "clean", NOW, "--clean")
    assert differences(site, tmp_path / "clean") == []
    broken = [e.name for e in entries if e.read_bytes() == b"not a compiled template"]
    assert broken == [], (len(broken), len(entries))  # each template read again was kept again


def test_the_template_cache_keeps_the_latest_entries(tmp_path: Path) -> None:
    from smmplan.render.site.reuse import TemplateCache

    cache = TemplateCache(tmp_path / "templates")
    for n in range(5):
        entry = tmp_path / "templates" / f"{n}.jinja"
        entry.write_bytes(b"x")
        os.utime(entry, ns=(n * 10**9, n * 10**9))
    cache.KEPT = 2
    cache.prune()
    assert sorted(p.name for p in (tmp_path / "templates").iterdir()) == ["3.jinja", "4.jinja"]


def test_a_template_cache_entry_of_garbage_is_compiled_again(tmp_path: Path) -> None:
    import jinja2

    from smmplan.render.site.reuse import TemplateCache

    cache = TemplateCache(tmp_path / "templates")
    env = jinja2.Environment(loader=jinja2.DictLoader({"t.html": "{{ 1 + 2 }}!"}))
    env.bytecode_cache = cache
    assert env.get_template("t.html").render() == "3!"
    (entry,) = (tmp_path / "templates").iterdir()
    magic = entry.read_bytes()[:20]
    entry.write_bytes(magic + b"\x00garbage")
    fresh = jinja2.Environment(loader=env.loader, bytecode_cache=cache)
    assert fresh.get_template("t.html").render() == "3!"
    assert entry.read_bytes()[:20] == magic and b"garbage" not in entry.read_bytes()


def test_a_compiled_template_planted_in_the_cache_is_never_run(tmp_path: Path) -> None:
    """Jinja's own entry format (pickle and marshal, no signature) written where the cache
    keeps a template: the template is compiled from its source instead."""
    import jinja2
    from jinja2.bccache import Bucket

    from smmplan.render.site.reuse import TemplateCache

    cache = TemplateCache(tmp_path / "templates")
    loader = jinja2.DictLoader({"t.html": "{{ 1 + 2 }}!", "planted.html": "PLANTED"})
    env = jinja2.Environment(loader=loader, bytecode_cache=cache)
    assert env.get_template("t.html").render() == "3!"
    (entry,) = (tmp_path / "templates").iterdir()
    planted = jinja2.Environment(loader=loader)
    code = planted.compile(loader.get_source(planted, "planted.html")[0], "planted.html")
    bucket = Bucket(env, "key", cache.get_source_checksum("{{ 1 + 2 }}!"))
    bucket.code = code
    entry.write_bytes(bucket.bytecode_to_string())  # what Jinja's cache itself would load
    fresh = jinja2.Environment(loader=loader, bytecode_cache=cache)
    assert fresh.get_template("t.html").render() == "3!"
    plain = jinja2.Environment(loader=loader, bytecode_cache=jinja2.FileSystemBytecodeCache())
    plain.bytecode_cache.get_bucket = lambda *args: bucket
    assert plain.get_template("t.html").render() == "PLANTED"  # the entry would have run


def test_without_the_secret_no_compiled_template_is_kept(tmp_path: Path, monkeypatch) -> None:
    import jinja2

    from smmplan.load import cache as check_cache
    from smmplan.render.site.reuse import TemplateCache

    monkeypatch.setattr(check_cache, "load_secret", lambda: None)
    cache = TemplateCache(tmp_path / "templates")
    env = jinja2.Environment(loader=jinja2.DictLoader({"t.html": "{{ 1 + 2 }}!"}))
    env.bytecode_cache = cache
    assert env.get_template("t.html").render() == "3!"
    assert not (tmp_path / "templates").exists()


def signed_payload(path: Path) -> bytes | None:
    from smmplan.load import cache

    return cache.read_signed(path, cache.load_secret(), incremental.MANIFEST_ROLE)


def test_a_manifest_not_signed_here_gets_a_full_build(tmp_path: Path, smmplan) -> None:
    """A manifest's search entries go onto the site: one written by someone else (here a
    copy with a script in every entry, its signature left as it was) is never used."""
    root = generated_plan(tmp_path / "repo", posts=6)
    site = tmp_path / "site"
    build(smmplan, root, site)
    manifest = incremental.manifest_path(root, site)
    data = manifest.read_bytes()
    forged = data.replace(b'"text":"', b'"text":"<script>forged()</script>')  # every page
    assert forged != data and b"forged()" in forged
    manifest.write_bytes(forged)
    assert incremental.load_manifest(root, site) is None
    edit(root, "content/posts/2026/11/post-01.md", lambda t: t + "More.\n")
    assert rendered(build(smmplan, root, site)) is None  # a full build
    assert b"forged()" not in (site / "search" / "search_index.json").read_bytes()
    assert incremental.load_manifest(root, site) is not None  # signed again


def test_without_the_secret_every_build_is_full(tmp_path: Path, smmplan, monkeypatch) -> None:
    from smmplan.load import cache

    monkeypatch.setattr(cache, "load_secret", lambda: None)
    root = generated_plan(tmp_path / "repo", posts=6)
    site = tmp_path / "site"
    build(smmplan, root, site)
    assert not incremental.manifest_path(root, site).exists()
    edit(root, "content/posts/2026/11/post-01.md", lambda t: t + "More.\n")
    assert rendered(build(smmplan, root, site)) is None


def test_the_manifest_is_written_as_asdict_would_give_it(tmp_path):
    from dataclasses import asdict

    entry = {"location": "posts/a/", "title": "A", "text": "<p>б</p>", "tags": ("x", "y")}
    manifest = incremental.Manifest(
        out=str(tmp_path / "public"),
        inputs="abc",
        files={"content/posts/a.md": [10, 20, "h"]},
        pages={"posts/a/index.html": "key"},
        search={"posts/a/index.html": [entry]},
        outputs={"index.html": [1, 2]},
        built_pages=1,
    )
    incremental.save_manifest(tmp_path, manifest)
    written = signed_payload(incremental.manifest_path(tmp_path, Path(manifest.out)))
    assert written == json.dumps(asdict(manifest), separators=(",", ":")).encode()
    assert incremental.load_manifest(tmp_path, Path(manifest.out)).search == {
        "posts/a/index.html": [{**entry, "tags": ["x", "y"]}]
    }


@pytest.mark.parametrize("failure", ["not started", "failed"])
def test_kept_pages_are_linked_here_when_the_linking_program_fails(
    tmp_path: Path, smmplan, monkeypatch, failure: str
) -> None:
    from smmplan.render.site import link_pages

    root = generated_plan(tmp_path / "repo", posts=8)
    site = tmp_path / "site"
    build(smmplan, root, site)
    if failure == "not started":
        monkeypatch.setattr(link_pages, "start", lambda *args: None)
    else:
        real_start = link_pages.start
        monkeypatch.setattr(link_pages, "start", lambda old, new, pages: real_start(old, new, []))
        monkeypatch.setattr(link_pages, "done", lambda process, cancel=False: False)
    edit(root, "content/posts/2026/11/post-03.md", lambda text: text + "\nOne more line.\n")
    output = build(smmplan, root, site)
    counts = rendered(output)
    assert counts is not None and counts[1] > 0, output  # pages were kept
    build(smmplan, root, tmp_path / "clean", NOW, "--clean")
    assert differences(site, tmp_path / "clean") == []
