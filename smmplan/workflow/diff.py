"""``smmplan diff REF``: what the working tree changes in the calendar against a git ref.

The repository as it was at the merge base of ``REF`` and ``HEAD`` (what a pull request
compares against; ``REF`` itself when there is no common history) is read with
``git archive`` into a temporary folder, loaded and checked like the working tree.
Posts are matched by path, then a post that moved to another file keeps its identity
when its slug is unique. Reported: posts added, removed and renamed, moved in time
(per network where networks differ), networks added or removed, status changes, the
dates a recurring post's series gained or lost, and problems that ``smmplan check``
finds now and did not find before.
"""

from __future__ import annotations

import io
import os
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from smmplan.load.git import GitError, git, git_text
from smmplan.model import Diagnostic, Post, Project, Severity

TOP_LEVEL = ("content", "brands", "smmplan.yml", "smmplan.yaml")


def resolve_base(root: Path, ref: str) -> tuple[str, str]:
    """(commit to compare against, how to describe it); raises ``GitError``."""
    if ref.startswith("-"):
        raise GitError(f"'{ref}' is not a git ref")
    try:
        git(root, "rev-parse", "--show-toplevel")
    except GitError:
        raise GitError(f"{root} is not inside a git repository") from None
    try:
        commit = git_text(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
    except GitError:
        raise GitError(f"'{ref}' is not a branch, tag or commit of this repository") from None
    try:
        base = git_text(root, "merge-base", commit, "HEAD").strip()
    except GitError:
        return commit, f"{ref} ({commit[:7]})"
    if base == commit:
        return commit, f"{ref} ({commit[:7]})"
    return base, f"{ref} (merge base {base[:7]})"


def project_at(root: Path, commit: str, folder: Path) -> Project:
    """The repository's content as it was at ``commit``, loaded from ``folder``."""
    from smmplan.load import load_project

    top = Path(git_text(root, "rev-parse", "--show-toplevel").strip()).resolve()
    prefix = root.resolve().relative_to(top).as_posix()
    tree = commit if prefix in ("", ".") else f"{commit}:{prefix}"
    try:
        names = git_text(root, "ls-tree", "--name-only", tree).splitlines()
    except GitError:
        names = []  # the folder did not exist then: everything is new
    wanted = [n for n in names if n in TOP_LEVEL]
    if wanted:
        data = git(root, "archive", "--format=tar", tree, "--", *wanted, timeout=120)
        extract_safely(data, folder)
    return load_project(folder)


def extract_safely(data: bytes, folder: Path) -> list[str]:
    """Extract a ``git archive`` tar into ``folder`` member by member with tarfile's
    "data" filter; returns the names of members it could not extract.

    A link the filter refuses (absolute, or leaving the tree) is made again as the same
    dangling link, never followed: the loader then refuses it in the old tree exactly as
    in the working tree, so the diff shows no change where there is none. Any later
    member whose path runs through such a link is refused by the filter itself."""
    refused = []
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        for member in archive:
            try:
                safe = tarfile.data_filter(member, str(folder))
            except tarfile.FilterError:
                if not (member.issym() and _relink(member, folder)):
                    refused.append(member.name)
                continue
            try:
                archive.extract(safe, folder, filter="fully_trusted")
            except (OSError, tarfile.TarError):  # e.g. a file where a folder was
                refused.append(member.name)
    return refused


def _relink(member: tarfile.TarInfo, folder: Path) -> bool:
    """Make the symbolic link ``member`` below ``folder`` when its own place is inside."""
    place = Path(os.path.realpath(folder / os.path.dirname(member.name)))
    if not place.is_relative_to(os.path.realpath(folder)) or os.path.isabs(member.name):
        return False
    try:
        place.mkdir(parents=True, exist_ok=True)
        os.symlink(member.linkname, place / os.path.basename(member.name))
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class PostSnapshot:
    """One post as the calendar diff compares it: its file, status, networks and times."""

    path: str
    title: str
    brand: str
    timezone: str
    status: str
    networks: tuple[str, ...]
    times: dict[str, datetime | None]  # network -> time
    publish_at: datetime | None
    series: tuple[datetime, ...] = ()  # a recurring post's dates that go out; () otherwise

    @classmethod
    def of(cls, project: Project, post: Post) -> PostSnapshot:
        brand = project.brand_of(post)
        enabled = [v for v in post.variants if not v.disabled]
        active = post.repeat.active if post.repeat is not None else ()
        return cls(
            path=post.path,
            title=post.title or post.slug,
            brand=brand.id if brand else (post.brand or ""),
            timezone=brand.timezone if brand else "UTC",
            status=post.status,
            networks=tuple(v.network for v in enabled),
            times={v.network: v.publish_at for v in enabled},
            publish_at=post.publish_at,
            series=tuple(o.publish_at for o in active),
        )

    def wall(self, moment: datetime) -> datetime:
        """The moment on the brand's wall clock, without its zone."""
        return moment.astimezone(ZoneInfo(self.timezone)).replace(tzinfo=None)


def series_changes(
    then: PostSnapshot, now: PostSnapshot
) -> tuple[tuple[datetime, ...], tuple[datetime, ...]]:
    """(dates added, dates removed) of a post's series. The series follows its first
    date, so when the post moved, its old dates are compared as moved with it (on the
    wall clock): a series that only moved gains and loses nothing."""
    if not then.series and not now.series:
        return (), ()
    old = then.series or ((then.publish_at,) if then.publish_at else ())
    new = now.series or ((now.publish_at,) if now.publish_at else ())
    shift = timedelta(0)
    if then.publish_at is not None and now.publish_at is not None:
        shift = now.wall(now.publish_at) - then.wall(then.publish_at)
    moved = {then.wall(moment) + shift for moment in old}
    kept = {now.wall(moment) for moment in new}
    added = tuple(m for m in new if now.wall(m) not in moved)
    removed = tuple(m for m in old if then.wall(m) + shift not in kept)
    return added, removed


@dataclass
class CalendarDiff:
    ref: str
    added: list[PostSnapshot] = field(default_factory=list)
    removed: list[PostSnapshot] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    moved: list[tuple[PostSnapshot, str | None, datetime | None, datetime | None]] = field(
        default_factory=list
    )
    retargeted: list[tuple[PostSnapshot, tuple[str, ...], tuple[str, ...]]] = field(
        default_factory=list
    )
    status_changed: list[tuple[PostSnapshot, str, str]] = field(default_factory=list)
    occurrences: list[tuple[PostSnapshot, tuple[datetime, ...], tuple[datetime, ...]]] = field(
        default_factory=list
    )  # a recurring post, the dates its series gained, those it lost
    new_problems: list[Diagnostic] = field(default_factory=list)
    resolved_problems: int = 0

    @property
    def empty(self) -> bool:
        changes = (self.added, self.removed, self.renamed, self.moved, self.retargeted)
        return not any(
            (*changes, self.status_changed, self.occurrences, self.new_problems)
        ) and not (self.resolved_problems)


def _pair(old: dict[str, PostSnapshot], new: dict[str, PostSnapshot]) -> dict[str, str]:
    """new path -> old path: same path, or a unique slug that changed folders."""
    pairs = {path: path for path in new if path in old}
    gone = [p for p in old if p not in new]
    came = [p for p in new if p not in old]

    def stem(path: str) -> str:
        return path.rsplit("/", 1)[-1]

    for path in came:
        same = [g for g in gone if stem(g) == stem(path)]
        if len(same) == 1 and sum(stem(c) == stem(path) for c in came) == 1:
            pairs[path] = same[0]
            gone.remove(same[0])
    return pairs


def _problem_key(d: Diagnostic, rename: dict[str, str]) -> tuple:
    return (rename.get(d.path, d.path), d.rule, d.network or "", d.message)


def _changes(result: CalendarDiff, then: PostSnapshot, now_entry: PostSnapshot) -> None:
    """What changed in one post that both revisions have, added to ``result``."""
    if now_entry.path != then.path:
        result.renamed.append((then.path, now_entry.path))
    if then.status != now_entry.status:
        result.status_changed.append((now_entry, then.status, now_entry.status))
    gained = tuple(n for n in now_entry.networks if n not in then.networks)
    lost = tuple(n for n in then.networks if n not in now_entry.networks)
    if gained or lost:
        result.retargeted.append((now_entry, gained, lost))
    common = [n for n in now_entry.networks if n in then.networks]
    shifts = {n: (then.times[n], now_entry.times[n]) for n in common}
    shifts = {n: s for n, s in shifts.items() if s[0] != s[1]}
    if shifts and len(shifts) == len(common) and len(set(shifts.values())) == 1:
        first, second = next(iter(shifts.values()))
        result.moved.append((now_entry, None, first, second))
    else:
        result.moved.extend((now_entry, n, s[0], s[1]) for n, s in shifts.items())
    gained_dates, lost_dates = series_changes(then, now_entry)
    if gained_dates or lost_dates:
        result.occurrences.append((now_entry, gained_dates, lost_dates))


def compare(
    old: Project,
    new: Project,
    ref: str,
    old_problems: list[Diagnostic],
    new_problems: list[Diagnostic],
) -> CalendarDiff:
    before = {p.path: PostSnapshot.of(old, p) for p in old.posts}
    after = {p.path: PostSnapshot.of(new, p) for p in new.posts}
    pairs = _pair(before, after)
    result = CalendarDiff(ref)
    matched_old = set(pairs.values())
    result.added = [after[p] for p in sorted(after) if p not in pairs]
    result.removed = [before[p] for p in sorted(before) if p not in matched_old]
    for path in sorted(pairs):
        _changes(result, before[pairs[path]], after[path])
    rename = {old_path: new_path for new_path, old_path in pairs.items()}
    known = {_problem_key(d, rename) for d in old_problems}
    current = {_problem_key(d, {}) for d in new_problems}
    result.new_problems = [
        d
        for d in new_problems
        if d.severity >= Severity.WARNING and _problem_key(d, {}) not in known
    ]
    result.resolved_problems = sum(
        1
        for d in old_problems
        if d.severity >= Severity.WARNING and _problem_key(d, rename) not in current
    )
    return result


def calendar_diff(root: Path, new: Project, ref: str, now: datetime) -> CalendarDiff:
    """Compare the loaded working tree ``new`` with ``ref``; raises ``GitError``."""
    from smmplan.check import run

    commit, described = resolve_base(root, ref)
    with tempfile.TemporaryDirectory(prefix="smmplan-diff-") as folder:
        old = project_at(root, commit, Path(folder))
        old_problems = run(old, now)
    return compare(old, new, described, old_problems, run(new, now))


def local_text(moment: datetime | None, timezone: str) -> str:
    if moment is None:
        return "no time"
    return f"{moment.astimezone(ZoneInfo(timezone)):%a %d %b %Y %H:%M}"
