"""The check cache: a cached check says exactly what a cold one says, after every kind of
edit; it recognises unchanged posts, survives other processes, planted and torn files."""

from __future__ import annotations

import inspect
import itertools
import os
import pickle
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

import smmplan.load as smmplan_load
import smmplan.load.parallel
from bench.corpus import make_repository
from smmplan.check import RULES, Context, run
from smmplan.check.cached import earliest_moment
from smmplan.load import cache_journal, load_project
from smmplan.load import cached as cached_module
from smmplan.load.cache import FOLDER, MAGIC, load_secret, loads, secret_path, write_signed
from smmplan.pipeline import check_project, check_repository, load_checked, measure

MAIN = Path(__file__).resolve().parents[1]
NOW = "2026-01-01T00:00:00+00:00"
EXAMPLE_NOW = "2026-11-21T22:00:00+00:00"
HOUR_AGO = 3600 * 10**9


@pytest.fixture(autouse=True)
def private_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.delenv("SMMPLAN_NO_CACHE", raising=False)
    monkeypatch.delenv("SMMPLAN_CACHE_MAX_SIZE", raising=False)


@pytest.fixture
def loaded(monkeypatch) -> list[str]:
    """The posts each check loads from their files (the rest came from the cache)."""
    paths: list[str] = []
    original = smmplan.load.parallel.with_posts

    def counting(settings, share, seen=None):
        paths.extend(Path(p).name for p in share)
        return original(settings, share, seen)

    monkeypatch.setattr(smmplan.load.parallel, "with_posts", counting)
    return paths


def age(root: Path) -> None:
    """Every file an hour old, as after a checkout an hour ago (stats are trusted then)."""
    stamp = datetime.now(UTC).timestamp() * 10**9 - HOUR_AGO
    for path in root.rglob("*"):
        if path.is_file() and FOLDER.parts[0] not in path.parts:
            os.utime(path, ns=(int(stamp), int(stamp)))


def run_check(smmplan, root: Path, *options: str, now: str = NOW) -> str:
    result = smmplan("--root", str(root), "--now", now, "check", "--format", "json", *options)
    assert result.exit_code in (0, 1), result.output
    return result.output


def corpus(tmp_path: Path, posts: int = 40) -> Path:
    root = tmp_path / "plan"
    make_repository(root, posts, images=3)
    Image.new("RGB", (1200, 1200), "teal").save(root / "content" / "media" / "unused.jpg")
    age(root)
    return root


def example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    root.mkdir()
    for name in ("brands", "content"):
        shutil.copytree(MAIN / name, root / name)
    shutil.copy(MAIN / "smmplan.yml", root / "smmplan.yml")
    age(root)
    return root


def posts_of(root: Path) -> list[Path]:
    return sorted((root / "content" / "posts").rglob("*.md"))


# -- equal to a cold run ---------------------------------------------------------------------


def test_the_example_cached_equals_cold(tmp_path, smmplan, loaded):
    root = example(tmp_path)
    cold = run_check(smmplan, root, "--no-cache", now=EXAMPLE_NOW)
    assert not (root / FOLDER).exists()
    loaded.clear()
    assert run_check(smmplan, root, now=EXAMPLE_NOW) == cold
    count = len(posts_of(root))
    assert len(loaded) == count
    assert run_check(smmplan, root, now=EXAMPLE_NOW) == cold
    assert len(loaded) == count  # the second run loaded nothing
    later = "2026-12-24T12:00:00+00:00"
    assert run_check(smmplan, root, now=later) == run_check(smmplan, root, "--no-cache", now=later)
    assert run_check(smmplan, root, now=later) != cold


def test_load_checked_gives_the_project_and_diagnostics_of_a_cold_load(tmp_path, loaded):
    root = example(tmp_path)
    now = datetime.fromisoformat(EXAMPLE_NOW)
    project = load_project(root)
    results = measure(project, now)
    diagnostics = check_project(project, now, results)
    for _ in range(2):
        got = load_checked(root, now)
        assert got.project == project
        assert got.diagnostics == diagnostics
        assert got.results == results
    assert len(loaded) == len(project.posts)  # the second load came from the cache


def test_a_generated_plan_cached_equals_cold(tmp_path, smmplan, loaded):
    root = corpus(tmp_path, posts=60)
    cold = run_check(smmplan, root, "--no-cache")
    assert '"errors": 0' not in cold  # the corpus has problems to report
    loaded.clear()
    assert run_check(smmplan, root) == cold
    assert run_check(smmplan, root) == cold
    assert len(loaded) == 60


def test_rules_across_posts_see_the_posts_as_the_engine_does(tmp_path):
    root = corpus(tmp_path)
    (root / "smmplan.yml").write_text("rules: {media-unused: warning}\n", encoding="utf-8")
    now = datetime.fromisoformat(NOW)
    engine = run(load_project(root), now)
    assert [d.path for d in engine if d.rule == "media-unused"] == ["content/media/unused.jpg"]
    for cache in (False, True, True):
        assert check_repository(root, now, cache=cache).diagnostics == engine


def test_a_partial_check_from_the_cache_equals_a_cold_one(tmp_path, smmplan):
    root = corpus(tmp_path)
    chosen = [str(path) for path in posts_of(root)[5:7]]
    cold = run_check(smmplan, root, *chosen, "--no-cache")
    assert run_check(smmplan, root, *chosen) == cold
    assert run_check(smmplan, root, *chosen) == cold
    assert '"posts": 2,' in cold


def _text(root: Path) -> None:
    post = posts_of(root)[0]
    post.write_text(post.read_text(encoding="utf-8") + "Too cheap to miss.\n", encoding="utf-8")


def _front_matter(root: Path) -> None:
    post = posts_of(root)[1]
    text = post.read_text(encoding="utf-8").replace("\nstatus: ", "\nmood: sunny\nstatus: ")
    post.write_text(text, encoding="utf-8")


def _brand(root: Path) -> None:
    path = root / "brands" / "kofe.yml"
    text = path.read_text(encoding="utf-8")
    windows = 'posting: {min_gap: 1h, windows: {mon-sun: "10:00-11:00"}}'
    path.write_text(text.replace("posting: {min_gap: 1h}", windows), encoding="utf-8")


def _campaign(root: Path) -> None:
    path = root / "content" / "campaigns" / "autumn.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("end: 2027-12-31", "end: 2026-01-05"), encoding="utf-8")


def _image(root: Path) -> None:
    Image.new("RGB", (100, 100), "navy").save(root / "content" / "media" / "photo-001.jpg")


def _settings(root: Path) -> None:
    rules = "rules: {media-unused: warning, text-not-shown: off}\n"
    (root / "smmplan.yml").write_text(rules, encoding="utf-8")


def _deleted(root: Path) -> None:
    posts_of(root)[2].unlink()


def _renamed(root: Path) -> None:
    post = posts_of(root)[3]
    post.rename(post.with_name("renamed-post.md"))


EDITS = {
    "post text": (_text, 1),
    "front matter": (_front_matter, 1),
    "brand file": (_brand, None),
    "campaign": (_campaign, None),
    "image": (_image, None),
    "settings": (_settings, 40),
    "deleted post": (_deleted, 0),
    "renamed post": (_renamed, 1),
}


@pytest.mark.parametrize("kind", EDITS)
def test_after_each_kind_of_edit_cached_equals_cold(tmp_path, smmplan, loaded, kind):
    root = corpus(tmp_path)
    before = run_check(smmplan, root)
    edit, reloaded = EDITS[kind]
    edit(root)
    loaded.clear()
    cached = run_check(smmplan, root)
    count = len(loaded)
    assert cached == run_check(smmplan, root, "--no-cache")
    assert cached != before
    assert 0 < count < 40 if reloaded is None else count == reloaded
    loaded.clear()
    assert run_check(smmplan, root) == cached  # now all from the cache
    assert loaded == []


def test_a_brand_edit_reloads_only_that_brands_posts(tmp_path, smmplan, loaded):
    root = corpus(tmp_path)
    run_check(smmplan, root)
    kofe = sorted(p.name for p in posts_of(root) if "brand: kofe\n" in p.read_text("utf-8"))
    loaded.clear()
    _brand(root)
    run_check(smmplan, root)
    assert sorted(loaded) == kofe


def test_a_changed_now_is_never_served_stale(tmp_path, smmplan):
    root = corpus(tmp_path)
    run_check(smmplan, root)
    later = "2026-01-10T00:00:00+00:00"
    cached = run_check(smmplan, root, now=later)
    assert cached == run_check(smmplan, root, "--no-cache", now=later)
    assert '"publish-in-past"' in cached and '"publish-in-past"' not in run_check(smmplan, root)


def test_same_bytes_with_new_mtimes_are_still_hits(tmp_path, smmplan, loaded):
    root = corpus(tmp_path)
    cold = run_check(smmplan, root)
    for path in posts_of(root):
        path.write_bytes(path.read_bytes())  # a fresh checkout: new mtime, same bytes
    loaded.clear()
    assert run_check(smmplan, root) == cold
    assert loaded == []


def test_new_mtimes_are_kept_so_the_next_check_reads_no_file(tmp_path, smmplan, monkeypatch):
    root = corpus(tmp_path)
    cold = run_check(smmplan, root)
    stamp = int(datetime.now(UTC).timestamp() * 10**9) - HOUR_AGO // 2
    for path in posts_of(root):
        os.utime(path, ns=(stamp, stamp))  # a fresh checkout half an hour ago
    reads: list[str] = []
    original = cached_module.read_file

    def counting(path, root, kind):
        reads.append(Path(path).name)
        return original(path, root, kind)

    monkeypatch.setattr("smmplan.load.cached.read_file", counting)
    assert run_check(smmplan, root) == cold
    assert len(reads) == 40  # each file hashed once, its new stat kept
    reads.clear()
    assert run_check(smmplan, root) == cold
    assert reads == []


def test_an_edit_within_the_same_second_is_seen(tmp_path, smmplan):
    root = corpus(tmp_path)
    post = posts_of(root)[0]
    run_check(smmplan, root)
    text = post.read_text(encoding="utf-8")
    stat = post.stat()
    post.write_text(text.replace("#ad", "#AD", 1), encoding="utf-8")  # the same size
    os.utime(post, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    age(root)  # the cached stat is untrusted anyway: it was taken as the file was written
    assert run_check(smmplan, root) == run_check(smmplan, root, "--no-cache")


# -- shared, bounded, and never trusted ------------------------------------------------------


def _cache_files(root: Path) -> list[str]:
    return sorted(p.name for p in (root / FOLDER).iterdir())


def test_two_processes_at_once_leave_a_valid_cache(tmp_path, smmplan, loaded):
    root = corpus(tmp_path)
    command = [sys.executable, "-m", "smmplan", "--root", str(root), "--now", NOW, "check"]
    command += ["--format", "json"]
    env = {**os.environ, "PYTHONPATH": str(MAIN)}
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, env=env) for _ in range(2)]
    outputs = [run.communicate()[0].decode() for run in runs]
    cold = run_check(smmplan, root, "--no-cache")
    assert outputs == [cold, cold]
    loaded.clear()
    assert run_check(smmplan, root) == cold
    assert loaded == []
    names = _cache_files(root)
    assert [n.split("-")[0] for n in names] == ["index", "models"]


def test_a_planted_cache_file_is_ignored_and_never_run(tmp_path, smmplan, loaded):
    root = corpus(tmp_path)
    cold = run_check(smmplan, root)
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    planted = pickle.dumps(Payload())
    for name in _cache_files(root):  # unsigned, and signed with someone else's key
        write_signed(root / FOLDER / name, b"k" * 32, b"index", planted)
    loaded.clear()
    assert run_check(smmplan, root) == cold
    assert len(loaded) == 40 and not marker.exists()
    with pytest.raises(pickle.UnpicklingError, match=r"posix\.system is not part"):
        loads(planted)  # even under our own key, only the model's classes load
    assert not marker.exists()


def test_a_torn_or_corrupt_cache_gives_the_cold_result(tmp_path, smmplan, loaded):
    root = corpus(tmp_path)
    cold = run_check(smmplan, root)
    index, models = (root / FOLDER / name for name in _cache_files(root))
    models.write_bytes(models.read_bytes()[:100])
    index.write_bytes(index.read_bytes()[:-1] + b"\0")
    loaded.clear()
    assert run_check(smmplan, root) == cold
    assert len(loaded) == 40
    index.write_bytes(MAGIC)
    assert run_check(smmplan, root) == cold


def test_old_generations_are_pruned_to_the_size_limit(tmp_path, smmplan, monkeypatch):
    root = corpus(tmp_path)
    run_check(smmplan, root)
    first = _cache_files(root)
    size = sum((root / FOLDER / name).stat().st_size for name in first)
    monkeypatch.setenv("SMMPLAN_CACHE_MAX_SIZE", str(size + 1000))
    _settings(root)
    run_check(smmplan, root)
    second = _cache_files(root)
    assert len(second) == 2 and not set(first) & set(second)


def test_no_cache_by_the_environment(tmp_path, smmplan, monkeypatch):
    root = corpus(tmp_path)
    monkeypatch.setenv("SMMPLAN_NO_CACHE", "1")
    run_check(smmplan, root)
    assert not (root / FOLDER).exists()


def test_a_cache_folder_that_cannot_be_used_is_one_quiet_note(tmp_path, smmplan):
    root = corpus(tmp_path)
    (root / ".smmplan-cache").write_text("not a folder", encoding="utf-8")
    cold = run_check(smmplan, root, "--no-cache")
    assert run_check(smmplan, root) == cold
    result = smmplan("--root", str(root), "--now", NOW, "check", "-v")
    assert result.stderr == "note: the check cache is off: .smmplan-cache is not a plain folder\n"
    assert smmplan("--root", str(root), "--now", NOW, "check").stderr == ""


def test_a_planted_link_as_cache_folder_is_not_followed(tmp_path, smmplan):
    root = corpus(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / ".smmplan-cache").mkdir()
    (root / FOLDER).symlink_to(elsewhere)
    run_check(smmplan, root)
    assert list(elsewhere.iterdir()) == []


def test_the_secret_is_private_to_the_user(tmp_path, smmplan):
    run_check(smmplan, corpus(tmp_path))
    assert secret_path().stat().st_mode & 0o777 == 0o600
    assert len(secret_path().read_bytes()) == 32


# -- the rules that use now ------------------------------------------------------------------


def _reads_now(source: str) -> bool:
    return any(name in source for name in ("ctx.now", "ctx.went_out", "ctx.progress"))


def test_every_per_post_rule_reading_now_is_marked():
    for rule in RULES.values():
        if rule.target in ("post", "variant") and _reads_now(inspect.getsource(rule.check)):
            assert rule.uses_now, f"{rule.name} reads ctx.now: mark it uses_now=True"
    assert {r.name for r in RULES.values() if r.uses_now} >= {"publish-in-past", "review-overdue"}


class Tripwire(Context):
    """A context whose now and results an unmarked rule must not read."""

    def __getattribute__(self, name: str):
        if name in ("now", "went_out", "progress"):
            raise AssertionError(f"read ctx.{name}")
        return super().__getattribute__(name)


def _plans(tmp_path: Path):
    yield load_project(example(tmp_path))
    yield load_project(corpus(tmp_path))


def test_unmarked_rules_never_read_now_and_marked_ones_wait_for_the_earliest_moment(tmp_path):
    for project in _plans(tmp_path):
        trip = Tripwire(project, datetime(2026, 1, 1, tzinfo=UTC))
        for post in project.posts:
            earliest = earliest_moment(post)
            now = earliest - timedelta(seconds=1) if earliest else datetime(9000, 1, 1, tzinfo=UTC)
            for rule in RULES.values():
                if rule.target == "post":
                    args = [(post, Context(project, now) if rule.uses_now else trip)]
                elif rule.target == "variant":
                    args = [
                        (post, v, project.spec(v.network, post.brand), ctx)
                        for v in post.variants
                        if project.spec(v.network, post.brand)
                        for ctx in [Context(project, now) if rule.uses_now else trip]
                    ]
                else:
                    continue
                for call in args:
                    found = list(rule.check(*call))
                    assert not (rule.uses_now and found), (rule.name, post.path, found)


# -- the models file: appended to, read a record at a time -------------------------------------


def _models_file(root: Path) -> Path:
    (found,) = (root / FOLDER).glob("models-*.bin")
    return found


def _index_file(root: Path) -> tuple[Path, str]:
    (path,) = (root / FOLDER).glob("index-*.bin")
    return path, path.stem.removeprefix("index-")


def _journal_file(root: Path) -> Path:
    return root / FOLDER / f"journal-{_index_file(root)[1]}.bin"


def _index_of(root: Path, journal: bool = True) -> dict:
    """The index as a run reads it: the index file, then (``journal``) its journal's records."""
    from smmplan.load.cache import load_secret, read_signed

    path, key = _index_file(root)
    index = loads(read_signed(path, load_secret(), b"index" + key.encode()))
    records, _ = cache_journal.read(
        _journal_file(root), load_secret(), key.encode(), index["generation"]
    )
    for record in records if journal else ():
        change = loads(record)
        for part in ("entries", "offsets", "media"):
            cache_journal.apply(index[part], change[part])
    return index


def test_one_changed_post_appends_one_record_and_leaves_the_rest(tmp_path, smmplan):
    root = corpus(tmp_path)
    run_check(smmplan, root)
    models = _models_file(root)
    before, offsets = models.read_bytes(), _index_of(root)["offsets"]
    _text(root)
    cached = run_check(smmplan, root)
    assert cached == run_check(smmplan, root, "--no-cache")
    after, moved = models.read_bytes(), _index_of(root)["offsets"]
    changed = posts_of(root)[0].relative_to(root).as_posix()
    assert after[: len(before)] == before  # appended, not rewritten
    assert moved[changed][0] == len(before) and sum(moved[changed]) == len(after)
    assert {rel: where for rel, where in moved.items() if rel != changed} == {
        rel: where for rel, where in offsets.items() if rel != changed
    }


def test_a_tampered_model_record_is_read_afresh(tmp_path, smmplan, monkeypatch):
    root = example(tmp_path)
    cold = run_check(smmplan, root, "--no-cache", now=EXAMPLE_NOW)
    run_check(smmplan, root, now=EXAMPLE_NOW)
    models = _models_file(root)
    data = bytearray(models.read_bytes())
    data[-1] ^= 0xFF  # the last byte of the last post's pickled model
    models.write_bytes(bytes(data))
    used: list[int] = []
    original = smmplan_load.with_posts

    def counting(settings, paths, seen=None):
        used.append(len(list(paths)))
        return original(settings, list(paths), seen)

    monkeypatch.setattr("smmplan.check.cached.with_posts", counting)
    later = "2026-12-24T12:00:00+00:00"  # the rules using now need the models
    assert run_check(smmplan, root, now=later) == run_check(smmplan, root, "--no-cache", now=later)
    assert used and used[0] > 0  # the models did not verify: the posts were read again
    assert run_check(smmplan, root, now=EXAMPLE_NOW) == cold


def _every_text(root: Path) -> None:
    for post in posts_of(root):
        post.write_text(post.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")


def test_a_mostly_superseded_models_file_is_compacted(tmp_path, smmplan, monkeypatch):
    monkeypatch.setattr("smmplan.load.cache_models.SLACK", 0)
    root = corpus(tmp_path)
    run_check(smmplan, root)
    first = _models_file(root).stat().st_size
    _every_text(root)  # every model appended again: the file is twice what it holds
    assert run_check(smmplan, root) == run_check(smmplan, root, "--no-cache")
    assert _models_file(root).stat().st_size > 2 * first - 100
    _every_text(root)  # a third copy: more than twice what is used, so it is compacted
    assert run_check(smmplan, root) == run_check(smmplan, root, "--no-cache")
    offsets = _index_of(root)["offsets"]
    size = _models_file(root).stat().st_size
    assert len(offsets) == 40 and sum(length for _, length in offsets.values()) == size
    assert first < size < first * 1.2
    later = "2026-06-01T00:00:00+00:00"  # the rules using now read the compacted models
    assert run_check(smmplan, root, now=later) == run_check(smmplan, root, "--no-cache", now=later)


def test_a_link_or_fifo_planted_as_the_models_file_is_never_opened(tmp_path, smmplan):
    root = corpus(tmp_path)
    cold = run_check(smmplan, root)
    models = _models_file(root)
    outside = tmp_path / "outside.bin"
    outside.write_bytes(b"")
    for plant in ("link", "fifo"):
        models.unlink()
        if plant == "link":
            models.symlink_to(outside)
        else:
            os.mkfifo(models)
        _text(root)
        result = smmplan("--root", str(root), "--now", NOW, "check", "--format", "json", "-v")
        assert result.stdout == run_check(smmplan, root, "--no-cache")
        assert "note: the check cache was not saved" in result.stderr
        assert outside.read_bytes() == b""
    assert cold != result.stdout


# -- the journal --------------------------------------------------------------------------------


def test_one_changed_post_is_a_journal_record_and_the_index_file_stays(tmp_path, smmplan, loaded):
    root = corpus(tmp_path)
    run_check(smmplan, root)
    index, _ = _index_file(root)
    before = index.read_bytes()
    _text(root)
    assert run_check(smmplan, root) == run_check(smmplan, root, "--no-cache")
    assert index.read_bytes() == before
    secret, generation = load_secret(), _index_of(root)["generation"]
    key = _index_file(root)[1].encode()
    records, size = cache_journal.read(_journal_file(root), secret, key, generation)
    assert len(records) == 1 and size == _journal_file(root).stat().st_size
    change = loads(records[0])
    changed = posts_of(root)[0].relative_to(root).as_posix()
    assert list(change["entries"]) == list(change["offsets"]) == [changed]
    assert _index_of(root)["entries"][changed] != _index_of(root, journal=False)["entries"][changed]
    cold = run_check(smmplan, root, "--no-cache")
    age(root)  # every stat is new (the bytes are not) and trusted from now on
    assert run_check(smmplan, root) == cold
    loaded.clear()
    assert run_check(smmplan, root) == cold
    assert loaded == []


def test_a_journal_outgrowing_its_bound_is_folded_into_a_new_index(tmp_path, smmplan, monkeypatch):
    monkeypatch.setattr(cached_module, "JOURNAL_MIN", 0)
    root = corpus(tmp_path)
    run_check(smmplan, root)
    generations = [_index_of(root)["generation"]]
    for _ in range(12):
        _text(root)
        assert run_check(smmplan, root) == run_check(smmplan, root, "--no-cache")
        generations.append(_index_of(root)["generation"])
    rewrites = sum(a != b for a, b in itertools.pairwise(generations))
    assert 1 <= rewrites < 12  # some runs appended, and the journal was folded at least once
    journal = _journal_file(root)
    assert (
        not journal.exists() or journal.stat().st_size <= _index_file(root)[0].stat().st_size // 4
    )


def test_deleted_posts_leave_the_index_through_the_journal(tmp_path, smmplan, loaded):
    root = corpus(tmp_path)
    run_check(smmplan, root)
    gone = posts_of(root)[2].relative_to(root).as_posix()
    _deleted(root)
    assert run_check(smmplan, root) == run_check(smmplan, root, "--no-cache")
    assert gone in _index_of(root, journal=False)["entries"]
    assert gone not in _index_of(root)["entries"] and gone not in _index_of(root)["offsets"]
    loaded.clear()
    run_check(smmplan, root)
    assert loaded == []


def test_journal_records_of_another_index_are_skipped_and_a_torn_one_ends_it(tmp_path):
    path, secret, key = tmp_path / "journal.bin", b"s" * 32, b"key"
    ours, theirs = b"g" * cache_journal.GENERATION, b"h" * cache_journal.GENERATION
    cache_journal.append(path, secret, key, ours, b"one")
    cache_journal.append(path, secret, key, theirs, b"other index")
    cache_journal.append(path, secret, key, ours, b"two")
    assert cache_journal.read(path, secret, key, ours) == ([b"one", b"two"], path.stat().st_size)
    assert cache_journal.read(path, b"t" * 32, key, ours)[0] == []  # someone else's secret
    whole = path.read_bytes()
    path.write_bytes(whole[:-1])  # the last record torn
    assert cache_journal.read(path, secret, key, ours)[0] == [b"one"]
    forged = bytearray(whole)
    forged[-1] ^= 1  # the last payload changed, its MAC not
    path.write_bytes(bytes(forged) + whole)
    assert cache_journal.read(path, secret, key, ours)[0] == [b"one"]  # nothing after it
    path.unlink()
    path.mkdir()
    assert cache_journal.read(path, secret, key, ours) == ([], 0)


def test_a_link_planted_as_the_journal_is_removed_not_followed(tmp_path, smmplan):
    root = corpus(tmp_path)
    run_check(smmplan, root)
    outside = tmp_path / "outside.bin"
    outside.write_bytes(b"keep")
    _journal_file(root).symlink_to(outside)
    _text(root)
    assert run_check(smmplan, root) == run_check(smmplan, root, "--no-cache")
    assert outside.read_bytes() == b"keep" and not _journal_file(root).is_symlink()


def test_a_journal_record_is_the_change_between_two_states():
    shared = object()
    was = {"kept": shared, "edited": tuple([1]), "gone": (2,)}
    now = {"kept": shared, "edited": tuple([1]), "new": (3,)}  # equal, but a new object
    change = cache_journal.changes(was, now)
    assert change == {"edited": (1,), "new": (3,), "gone": None}
    cache_journal.apply(was, change)
    assert was == now and was["kept"] is shared


def test_two_processes_appending_to_the_journal_at_once_leave_it_valid(tmp_path, smmplan, loaded):
    root = corpus(tmp_path)
    run_check(smmplan, root)
    _text(root)
    age(root)
    command = [sys.executable, "-m", "smmplan", "--root", str(root), "--now", NOW, "check"]
    env = {**os.environ, "PYTHONPATH": str(MAIN)}
    runs = [
        subprocess.Popen([*command, "--format", "json"], stdout=subprocess.PIPE, env=env)
        for _ in range(2)
    ]
    outputs = [run.communicate()[0].decode() for run in runs]
    cold = run_check(smmplan, root, "--no-cache")
    assert outputs == [cold, cold]
    secret, (_, key) = load_secret(), _index_file(root)
    generation = _index_of(root, journal=False)["generation"]
    records, _ = cache_journal.read(_journal_file(root), secret, key.encode(), generation)
    assert 1 <= len(records) <= 2  # each appended its change, or one folded both
    loaded.clear()
    assert run_check(smmplan, root) == cold
    assert loaded == []
