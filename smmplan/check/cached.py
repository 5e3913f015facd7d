"""Checking with the check cache (``smmplan.load.cached``): what the cache keeps of a
checked post, and the stages that must run afresh from what it keeps.

A post's own diagnostics are kept, except those of the rules marked ``uses_now``: those
run on every check, on the cached model of each post whose earliest moment ``now`` has
reached. The rules across posts run on every check too, from the posts' cached schedule
entries; they get the posts themselves (and their media) only when one of them reads
``ctx.project.posts`` or ``ctx.project.media``, which :class:`PostsOnDemand` notices.
The rules stay pure: the files are read through the store (``CheckCache``) and the
loader, in :func:`gather`.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from operator import itemgetter
from pathlib import Path
from types import MappingProxyType
from typing import Any

from smmplan.check import Checker, Context
from smmplan.check.registry import RULES
from smmplan.check.schedule import ScheduleEntry, schedule_entries
from smmplan.check.select import CheckScope
from smmplan.load import relative, with_posts
from smmplan.load.cache import Entry, dumps, sibling_names
from smmplan.load.cached import CheckCache, Fresh
from smmplan.load.parallel import Read, map_reads, map_shares
from smmplan.model import Diagnostic, Post, Project, Severity


def split_rules(checker: Checker) -> tuple[Checker, Checker]:
    """The checker with only the rules whose findings may be kept, and with only those
    that use now (``uses_now``)."""

    def only(uses_now: bool) -> Checker:
        chosen = {
            target: [rule for rule in rules if rule.uses_now == uses_now]
            for target, rules in checker.by_target.items()
        }
        return dataclasses.replace(checker, by_target=chosen)

    return only(False), only(True)


def as_row(d: Diagnostic) -> tuple:
    return (d.path, d.line, d.column, d.rule, d.code, int(d.severity), d.message, d.network)


_SEVERITIES = {int(severity): severity for severity in Severity}


def from_rows(rows: Sequence[tuple]) -> list[Diagnostic]:
    levels = _SEVERITIES
    return [Diagnostic(p, li, c, r, code, levels[s], m, n) for p, li, c, r, code, s, m, n in rows]


def schedule_of(rows: Sequence[tuple]) -> list[ScheduleEntry]:
    make = tuple.__new__
    return [make(ScheduleEntry, row) for row in rows]


def earliest_moment(post: Post) -> datetime | None:
    """The earliest date or time the post or one of its networks names (None: none):
    before it, the rules using now find nothing in the post."""
    found = [_moment(value) for value in _values(post)]
    moments = [m for m in found if m is not None]
    return min(moments, default=None)


def _values(post: Post) -> Iterator[Any]:
    for item in (post, *post.variants):
        for name in _field_names(type(item)):
            value = getattr(item, name)
            yield from value if isinstance(value, tuple) else (value,)


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(spec.name for spec in dataclasses.fields(kind))


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC) - timedelta(days=1)
    if isinstance(value, date):  # a day begins first at UTC+14
        return datetime.combine(value, time(0), UTC) - timedelta(days=1)
    return None


def uses_now_at(entry: Entry, now: datetime) -> bool:
    """Whether the rules using now may find something in this post at ``now``."""
    return entry.earliest is not None and now >= entry.earliest


def fresh_entries(
    checker: Checker,
    now: datetime,
    depends: Mapping[str, bytes | None],
    siblings: Mapping[str, str],
    models: bool,
    project: Project,
    reads: Mapping[str, Read],
) -> list[Fresh]:
    """Every post of ``project`` checked with every rule, as what the cache keeps of it
    (its model pickled only with ``models``: without a cache, nothing keeps it)."""
    by_path: dict[str, list[Diagnostic]] = defaultdict(list)
    for found in checker.posts(Context(project, now), None):
        by_path[found.path].append(found)
    schedule: dict[str, list[tuple]] = defaultdict(list)
    for item in schedule_entries(project):
        schedule[item.path].append(tuple(item))
    # a per-post rule reporting on another file cannot be kept with either post
    keep = set(by_path) <= {post.path for post in project.posts}
    fresh = []
    for post in project.posts:
        found = by_path.get(post.path, [])
        kept = tuple(as_row(d) for d in found if not RULES[d.rule].uses_now)
        now_rows = tuple(as_row(d) for d in found if RULES[d.rule].uses_now)
        read = reads.get(post.path)
        entry = _entry(post, project, read, kept, tuple(schedule[post.path]), depends, models)
        entry = entry._replace(siblings=siblings.get(post.path, ""))
        model = dumps(post) if models else b""
        fresh.append(Fresh(post.path, entry, model, now_rows, keep and read is not None))
    return fresh


def _entry(
    post: Post,
    project: Project,
    read: Read | None,
    kept: tuple[tuple, ...],
    schedule: tuple[tuple, ...],
    depends: Mapping[str, bytes | None],
    kept_across_runs: bool = True,
) -> Entry:
    """``kept_across_runs`` False (no cache): without the digest and the earliest moment,
    which only a later run reads."""
    from smmplan.load.cache import digest_of

    brand = project.brand_of(post)
    campaign = project.campaigns.get(post.campaign or "")
    used = [f.path for f in (brand, campaign) if f is not None and f.path]
    media = {str(i.path): project.media[i.path] for _, i in post.all_media() if i.path}
    return Entry(
        stat=read.stat if read else None,
        read_ns=read.read_ns if read else 0,
        digest=digest_of(read.data) if read and kept_across_runs else b"",
        depends=tuple((rel, depends.get(rel)) for rel in used),
        siblings="",
        media=tuple(media.items()),
        diagnostics=kept,
        schedule=schedule,
        earliest=earliest_moment(post) if kept_across_runs else None,
        brand=post.brand,
        campaign=post.campaign,
    )


class NeedPosts(BaseException):
    """A rule across posts read the posts: a BaseException, so that no rule's own
    ``except Exception`` can swallow it."""


class PostsOnDemand(tuple):
    """The posts of a project whose posts were not loaded: any look at them raises
    :class:`NeedPosts`, and the rules across posts run again with the real ones."""

    def _need(self, *_: Any) -> Any:
        raise NeedPosts

    __iter__ = __len__ = __getitem__ = __contains__ = __bool__ = __reversed__ = _need
    count = index = _need


class MediaOnDemand(Mapping):
    """The media headers of a project whose posts were not loaded (see PostsOnDemand)."""

    def _need(self, *_: Any) -> Any:
        raise NeedPosts

    __getitem__ = __iter__ = __len__ = __contains__ = get = keys = items = values = _need


def across(
    checker: Checker,
    ctx: Context,
    only: set[str] | None,
    full_project: Callable[[], Project],
) -> list[Diagnostic]:
    """``checker.across`` on ``ctx`` with its posts on demand: loaded by
    ``full_project()`` only when a rule reads them."""
    light = dataclasses.replace(ctx.project, posts=PostsOnDemand(), media=MediaOnDemand())
    try:
        return checker.across(dataclasses.replace(ctx, project=light), only)
    except NeedPosts:
        return checker.across(dataclasses.replace(ctx, project=full_project()), only)


def selects(selection: CheckScope, rel: str, entry: Any, settings: Project) -> bool:
    """``selection.selects`` for a post known only by its cache entry (its path, brand
    and campaign are all a selection looks at)."""

    stand_in = Post(path=rel, slug="", title=None, brand=entry.brand, campaign=entry.campaign)
    return selection.selects(stand_in, settings)


@dataclass
class Gathered:
    """Every post of a run: from the cache where unchanged, loaded and checked if not."""

    settings: Project
    now: datetime
    store: CheckCache
    checker: Checker
    rels: list[str]
    entries: dict[str, Any]  # path -> Entry, this run's for the posts loaded now
    fresh: dict[str, Any]  # path -> Fresh, for those
    _project: Project | None = None

    def schedule(self, ordered: bool = False) -> list:
        """Every post's schedule entries, in post order or by brand, network, time, path."""
        rows = [row for rel in self.rels for row in self.entries[rel].schedule]
        if ordered:
            rows.sort(key=itemgetter(0, 1, 2, 3))
        return schedule_of(rows)

    def now_diagnostics(self, only: set[str] | None) -> list[Diagnostic]:
        """The rules using now: as found while loading for the posts loaded now, run on
        the cached model of the others that ``now`` may concern."""
        found: list[Diagnostic] = []
        due = []
        for rel in self.rels:
            if only is not None and rel not in only:
                continue
            if rel in self.fresh:
                found += from_rows(self.fresh[rel].now_diagnostics)
            elif uses_now_at(self.entries[rel], self.now):
                due.append(rel)
        if due:
            _, now_rules = split_rules(self.checker)
            found += now_rules.posts(Context(self._with(due), self.now), None)
        return found

    def project(self) -> Project:
        """The project with every post, from the cached models (or read again)."""
        if self._project is None:
            self._project = self._with(self.rels)
        return self._project

    def _with(self, rels: list[str]) -> Project:
        models = self.store.models(rels)
        if models is None:
            return with_posts(self.settings, [self.settings.root / rel for rel in rels])
        posts = tuple(models[rel] for rel in rels)
        infos = {key: info for rel in rels for key, info in self.entries[rel].media}
        media = {}
        for post in posts:
            for _, item in post.all_media():
                if item.path is not None and item.path not in media:
                    key = str(item.path)
                    media[item.path] = infos.get(key) or self.store.media_info(key)
        return dataclasses.replace(
            self.settings,
            posts=posts,
            media=MappingProxyType(media),
            files=self.settings.files + len(posts),
        )


def gather(
    settings: Project, paths: Sequence[str], now: datetime, cache: bool, jobs: int | None
) -> Gathered:
    """Every post at ``paths``: the unchanged from the cache, the others loaded and
    checked (in shares, on every core, when they are many) and recorded in it."""
    store = CheckCache.open(settings, cache)
    rels = _relative_paths(paths, settings.root)
    siblings = sibling_names(rels)
    hits, misses = store.split(paths, rels, siblings)
    checker = Checker.for_project(settings)
    work = partial(fresh_entries, checker, now, store.depends, siblings, store.enabled)
    if store.enabled:
        shares = map_reads(settings, misses, work, jobs)
    else:  # no cache: no stat, time or bytes of each read to keep
        shares = map_shares(settings, misses, partial(work, reads={}), jobs)
    store.record(item for share in shares for item in share)
    entries = {**hits, **{rel: item.entry for rel, item in store.fresh.items()}}
    return Gathered(settings, now, store, checker, rels, entries, dict(store.fresh))


def _relative_paths(paths: Sequence[str], root: Path) -> list[str]:
    """``relative`` of each path; for 10,000 posts, by slicing the path's text."""
    prefix = str(root).rstrip(os.sep) + os.sep
    if os.sep == "/" and all(text.startswith(prefix) for text in paths):
        return [text[len(prefix) :] for text in paths]
    return [relative(Path(path), root) for path in paths]
