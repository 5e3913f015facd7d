"""The plan ``smmplan serve`` keeps in memory between edits, updated from the files an
edit changed.

What a build gets from the pipeline's ``prepare`` (the checked project, its pictures,
its scheduler exports), kept per post: each post's model, the findings of the rules
that look at one post at a time without the clock, its pictures and their findings.
After an edit only the posts whose files changed are read, checked and pictured again
(with the language versions beside them, which may learn of each other's names while
they load). What looks across posts or at the clock runs again on the whole model: the
settings' own findings, the rules using now, the rules across posts and what the
analytics exports say. The result equals a fresh ``prepare`` of the same files.

A brand or campaign file reloads every post (a post's model is made with its brand's
and campaign's settings). Any other file (smmplan.yml, media, the site folder, the
analytics exports) is not handled here: ``update`` answers False and the caller builds
the whole site again.

The exports are not made by ``update``: they read every post and take longest, so the
server makes them after the browser reloaded (``exports``), and the plan hands out the
last ones made until then.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from smmplan.check import Checker, Context, finish, stamp
from smmplan.check.cached import split_rules
from smmplan.check.schedule import schedule_entries
from smmplan.load import POSTS_DIR, load_settings, post_names, with_posts
from smmplan.load.media import read_media
from smmplan.model import Diagnostic, Post, Project

POST_SUFFIXES = (".md", ".markdown")
SETTINGS_FOLDERS = ("brands/", "content/campaigns/")


@dataclass(frozen=True)
class Stages:
    """The pipeline's stages the plan runs (a renderer never calls another itself)."""

    pictures: Callable[[Project], Any]  # -> pipeline.Pictures (images and diagnostics)
    exports: Callable[[Project, datetime, tuple, list[Diagnostic]], Mapping[str, bytes]]
    measure: Callable[[Project, datetime], Any]  # -> Results or None
    prepared: Callable[..., Any]  # pipeline.Prepared
    cache: Path  # where the pictures are rendered


def kind_of_change(rel: str) -> str:
    """``post``, ``settings`` (a brand or campaign) or ``other`` (the whole build)."""
    if rel.startswith(POSTS_DIR + "/") and rel.endswith(POST_SUFFIXES):
        return "post"
    if rel.startswith(SETTINGS_FOLDERS[0]) and rel.endswith((".yml", ".yaml")):
        return "settings"
    if rel.startswith(SETTINGS_FOLDERS[1]) and rel.endswith(".md"):
        return "settings"
    return "other"


def family(rel: str) -> tuple[str, str]:
    """A post file's folder and its name up to the first dot: its language versions'."""
    folder, _, name = rel.rpartition("/")
    return folder, name.split(".", 1)[0]


def grouped(diagnostics: Iterable[Diagnostic], owners: set[str]) -> dict[str, list]:
    """Diagnostics by path; ``KeyError`` when one is on a file that is not an owner."""
    found: dict[str, list[Diagnostic]] = defaultdict(list)
    for diagnostic in diagnostics:
        if diagnostic.path not in owners:
            raise KeyError(diagnostic.path)
        found[diagnostic.path].append(diagnostic)
    return found


class LivePlan:
    """The served plan: ``start`` reads everything, ``update`` what changed."""

    def __init__(self, root: Path, now: datetime, stages: Stages) -> None:
        self.root = root.resolve()
        self.now = now
        self.stages = stages
        self.exports: Mapping[str, bytes] = {}
        self.exports_made = False  # whether ``exports`` is of the current model
        self.updates = 0

    # -- reading -------------------------------------------------------------------------

    def start(self) -> None:
        """Read, check and picture every post."""
        self.settings = load_settings(self.root)
        self.checker = Checker.for_project(self.settings)
        self.kept_rules, self.now_rules = split_rules(self.checker)
        self.order = post_names(self.settings.root)
        loaded = with_posts(self.settings, [self.root / rel for rel in self.order])
        self.posts: dict[str, Post] = {post.path: post for post in loaded.posts}
        self.media = dict(loaded.media)
        self.project = loaded
        self.own = self._own(loaded, set(self.posts))
        self.pictures: dict[str, list] = {}
        self.picture_problems: dict[str, list[Diagnostic]] = {}
        self._picture(loaded, set(self.posts))
        self._diagnose()
        self.exports_made = False

    def update(self, changed: Iterable[str]) -> bool:
        """Take in the edited, added and removed files (repository-relative); False when
        one of them is not a post, brand or campaign file (nothing was changed then)."""
        kinds = {rel: kind_of_change(rel) for rel in changed}
        if "other" in kinds.values():
            return False
        if "settings" in kinds.values():
            self.start()
        else:
            self._reload(set(kinds))
        self.updates += 1
        return True

    def _reload(self, changed: set[str]) -> None:
        order = post_names(self.settings.root)
        moved = {family(rel) for rel in changed if (rel in self.posts) != (rel in order)}
        again = {rel for rel in order if rel in changed or family(rel) in moved}
        fresh = with_posts(self.settings, [self.root / rel for rel in order if rel in again])
        for rel in set(self.posts) - set(order):
            for table in (self.posts, self.own, self.pictures, self.picture_problems):
                table.pop(rel, None)
        self.posts.update((post.path, post) for post in fresh.posts)
        self.order = order
        self.project = self._merged(dict(fresh.media), again)
        self.own.update(self._own(self.project, again))
        for rel in again:
            self.pictures.pop(rel, None)
            self.picture_problems.pop(rel, None)
        only = dataclasses.replace(
            self.project, posts=tuple(self.posts[rel] for rel in order if rel in again)
        )
        self._picture(only, again)
        self._diagnose()
        self.exports_made = False

    def _merged(self, fresh_media: dict, again: set[str]) -> Project:
        """The project with every post in file order and the media headers in the order
        the loader finds them (the first post using each file)."""
        posts = tuple(self.posts[rel] for rel in self.order)
        media: dict = {}
        for post in posts:
            for _, item in post.all_media():
                if item.path is None or item.path in media:
                    continue
                known = fresh_media.get(item.path, self.media.get(item.path))
                media[item.path] = known if known is not None else read_media(item.path, self.root)
        self.media = media
        return dataclasses.replace(
            self.settings,
            posts=posts,
            media=MappingProxyType(media),
            files=self.settings.files + len(posts),
        )

    def at(self, now: datetime) -> None:
        """Move the plan's "now": the rules using it and those across posts run again."""
        self.now = now
        self._diagnose()
        self.exports_made = False

    # -- checking and pictures -----------------------------------------------------------

    def _own(self, project: Project, paths: set[str]) -> dict[str, list[Diagnostic]]:
        """The findings of the per-post rules that do not use the clock, by post."""
        found = self.kept_rules.posts(Context(project, self.now), paths)
        mine = grouped(found, paths)
        return {rel: mine.get(rel, []) for rel in paths}

    def _picture(self, project: Project, paths: set[str]) -> None:
        if not paths:
            return
        pictures = self.stages.pictures(project)
        for image in pictures.images:
            self.pictures.setdefault(image.post, []).append(image)
        problems = grouped(pictures.diagnostics, paths)
        for rel in paths:
            self.pictures.setdefault(rel, [])
            self.picture_problems[rel] = problems.get(rel, [])

    def _diagnose(self) -> None:
        """What ``load_checked`` and ``prepare`` find, from the kept per-post findings."""
        project, now = self.project, self.now
        results = None
        if (self.root / project.config.metrics_folder).is_dir():
            results = self.stages.measure(project, now)
        went_out = results.went_out if results else frozenset()
        progress = results.progress if results else ()
        ctx = Context(project, now, went_out=went_out, progress=progress)
        found = self.checker.settings(self.settings)
        for rel in self.order:
            found += self.own[rel]
        found += self.now_rules.posts(ctx, None)
        found += self.checker.across(
            dataclasses.replace(ctx, schedule=tuple(schedule_entries(project))), None
        )
        if results is not None:
            found += stamp(project, results.findings)
        pictured = [d for rel in self.order for d in self.picture_problems[rel]]
        self.results = results
        self.diagnostics = tuple(finish([*finish(found), *pictured]))
        images = [image for rel in self.order for image in self.pictures[rel]]
        images.sort(
            key=lambda i: (i.post, i.network or "", i.rendition, str(i.source), str(i.output))
        )
        self.images = tuple(images)

    # -- what the site gets --------------------------------------------------------------

    def make_exports(self) -> Mapping[str, bytes]:
        """The scheduler exports of the current model (the slow part, run last)."""
        self.exports = self.stages.exports(
            self.project, self.now, self.images, list(self.diagnostics)
        )
        self.exports_made = True
        return self.exports

    def prepared(self) -> Any:
        """The ``Prepared`` a build of the current files gets (the exports as last made)."""
        return self.stages.prepared(
            self.project,
            self.now,
            self.diagnostics,
            self.images,
            self.stages.cache,
            dict(self.exports),
            self.results,
        )
