"""A large build's pages on two cores: a forked process renders and writes a share of the
pages while this one renders and writes the others.

MkDocs renders one page after the other, and on a 5,000-post plan the generated pages are
about two thirds of a full build. What a generated page holds depends only on the site's
model, the navigation and the theme, which both processes have once the navigation is
made. So the build forks there (``IncrementalPlugin.on_nav``), and each process marks the
other's pages as not modified: MkDocs' dirty mode then neither renders nor writes them, as
for the pages an incremental build keeps. The forked process also makes the files that
are made when written (the calendar feeds, the data exports and their index) and skips
everything else that is not one of its pages (static files, the theme's templates, the
search index, the pages in the navigation, whose titles it still reads); at the
post-build event it sends back its pages' search entries, the cards it printed
(``card_store``) and its log records, and exits. This process puts the entries
into the index in the order of a one-process build and logs the records (a warning still
fails a strict build), so the site is byte for byte the same (``tests/test_second_core.py``).

It is used with ``fork``, two usable cores, no other thread running (forking a process
that has threads can deadlock the child) and at least ``SPLIT_FROM`` of work; never while
serving. Anything going wrong in the forked process makes this one render its share
itself, and the output is the same.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import select
import signal
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from smmplan.load.parallel import available_cores, flush_before_fork, may_fork

log = logging.getLogger("mkdocs.plugins.smmplan")

CARD_COST = 0.08
"""What showing one post on a list (a card, a row) costs, relative to a post's own page;
with ``SHOWN`` it estimates each page's work, only to share it evenly (measured on
``bench/site.py``'s plan: a post's page takes about 1 ms, the board of 5,000 posts 400 ms,
a brand's page of 1,700 posts 110 ms, a week of 95 posts 7 ms)."""
KEPT_CARD_COST = 0.05
"""The same where the build has the last build's cards (``card_store``): on that plan, a
board of 5,000 posts made of kept cards takes about as long as 300 post pages."""
SHOWN = {"review": 0.3, "links": 0.15}
"""The part of a brand's posts that its review and links pages show."""
MADE_WHEN_WRITTEN = {"calendar.ics": 0.03, "exports/index.json": 0.05}
"""The files made when they are written (``ics.LazyFile``), by the one whose making makes
them all, and what that costs per post, relative to a post's page: on 5,000 posts the
calendar feeds take about as long as 150 post pages, the data exports (``plan.csv``,
``.xlsx``, ``.json``, ``.ics``, made with ``index.json``) as 250, and the board 400. They
all go to the forked process, which has no static files to write: a build that changed
one post then still has work for both cores."""
SPLIT_FROM = 300
"""Less work than this (about milliseconds) is done in one process: forking and gathering
the results cost about 20 ms."""
FORKED_SHARE = 0.5
"""The part of the work the forked process takes."""

_forked_from: int | None = None  # this process's id when it forked (in the forked one)


@dataclass
class Share:
    """The forked process of one build, seen from this one: its pages and where it
    reports; in the forked process itself, ``pid`` is 0."""

    pages: list = field(default_factory=list)  # mkdocs Files whose pages it renders
    pid: int = 0
    report: int = -1  # the pipe it writes its results to (read end here, write end there)
    started: float = 0.0

    @property
    def forked(self) -> bool:
        return self.pid == 0


def possible(serving: bool) -> bool:
    return not serving and may_fork() and available_cores() >= 2


class Costs:
    """The estimated work of each page of a site (see ``CARD_COST``)."""

    def __init__(self, site) -> None:
        posts = site.project.posts
        self.posts = len(posts)
        self.brands = Counter(p.brand for p in posts)
        self.campaigns = Counter(p.campaign for p in posts)
        self.per_week = self.posts / max(1, len(site.weeks))
        self.per_month = self.posts / max(1, len(site.months))
        self.unscheduled = sum(1 for p in posts if p.publish_at is None)
        self.problems = len(site.diagnostics)
        kept = getattr(site.cards, "earlier", None)
        self.card = KEPT_CARD_COST if kept else CARD_COST

    def of(self, page) -> float:
        definition = getattr(page, "definition", None)
        if definition is None:
            return 10.0  # a page of the site's own Markdown
        kind, key = definition.kind, definition.key
        if kind == "post":
            return 1.0
        if kind == "media":
            return 5.0
        return 2.0 + self.card * self._shown(kind, key)

    def _shown(self, kind: str, key: str) -> float:
        if kind in ("brand", "review", "links", "analytics"):
            return SHOWN.get(kind, 1.0) * self.brands[key]
        shown = {
            "board": self.posts,
            "campaign": self.campaigns[key],
            "week": self.per_week,
            "month": self.per_month,
            "home": self.per_week + self.unscheduled,
            "problems": self.problems / 4,
            "media_index": self.posts / 8,
        }
        return shown.get(kind, 0.0)


def choose(files: Iterable, site, made_when_written: Iterable = ()) -> list:
    """The files the forked process writes: those ``made_when_written`` (``ics.LazyFile``)
    and generated pages outside the navigation, interleaved so that it gets
    ``FORKED_SHARE`` of the work; none when the work is too small to share."""
    from smmplan.render.site.plugin import GeneratedPage

    cost = Costs(site).of
    lazy = [file for file in made_when_written if file.is_modified()]
    per_post = sum(MADE_WHEN_WRITTEN.get(file.dest_uri, 0.0) for file in lazy)
    here, there = 0.0, per_post * len(site.project.posts)
    candidates = []
    for file in files:
        page = file.page
        if not file.is_modified():
            continue
        if isinstance(page, GeneratedPage) and not page.definition.in_nav:
            candidates.append(file)
        else:
            here += cost(page)
    if here + there + sum(cost(f.page) for f in candidates) < SPLIT_FROM:
        return []
    share = list(lazy)
    for file in candidates:
        if there * (1 - FORKED_SHARE) <= here * FORKED_SHARE:
            share.append(file)
            there += cost(file.page)
        else:
            here += cost(file.page)
    return share


def fork(files, config, share_files: list, unmodified) -> Share | None:
    """Fork the process that renders ``share_files``; the ``Share`` as each process sees it
    (None: no process could be started, everything is rendered here)."""
    global _forked_from
    flush_before_fork()
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    parent = os.getpid()
    gc.freeze()  # the forked process then copies fewer memory pages it only reads
    try:
        pid = os.fork()
    except OSError:
        gc.unfreeze()
        os.close(read_end)
        os.close(write_end)
        return None
    if pid:
        gc.unfreeze()
        os.close(write_end)
        for file in share_files:
            file.is_modified = unmodified
        return Share(share_files, pid, read_end, time.monotonic())
    _forked_from = parent
    os.close(read_end)
    _become_forked(files, config, set(map(id, share_files)), unmodified)
    return Share(share_files, 0, write_end)


def _become_forked(files, config, share: set[int], unmodified) -> None:
    """In the forked process: only its share is rendered and written; the navigation's
    pages are read for their titles, other documentation pages rendered but not written
    (``hide_unshared``), nothing else made."""
    from smmplan.render.site.plugin import GeneratedPage

    _capture_logs()
    for file in files:
        if id(file) in share:
            continue
        page = file.page
        if isinstance(page, GeneratedPage):
            if page.definition.in_nav:
                page.read_source(config)
        elif page is not None:
            continue  # a Markdown page: rendered for its title, not written (on_env)
        file.is_modified = unmodified
    config.theme.static_templates.clear()
    config["extra_templates"] = []


def hide_unshared(files, share: Share, unmodified) -> None:
    """In the forked process, once every page is read: write none of the Markdown pages."""
    mine = set(map(id, share.pages))
    for file in files.documentation_pages():
        if id(file) not in mine:
            file.is_modified = unmodified


class _Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()  # its arguments may not survive pickling
        plain = {"name": record.name, "levelno": record.levelno, "msg": message, "args": None}
        self.records.append({**plain, "levelname": record.levelname})


_captured: _Captured | None = None


def _capture_logs() -> None:
    """The forked process prints nothing: its warnings go back to be logged here."""
    global _captured
    _captured = _Captured()
    for name in ("", "mkdocs"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
    logging.getLogger("mkdocs").addHandler(_captured)


def send_and_exit(share: Share, report: tuple) -> None:
    """In the forked process, at the post-build event: send ``report`` (what this process
    made that the other needs) and its log records, and end without unwinding into the
    caller (which would publish the site)."""
    records = _captured.records if _captured is not None else []
    status = 0
    try:
        data = pickle.dumps((report, records), pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(share.report, view) :]
        os.close(share.report)
    except Exception:
        status = 1
    os._exit(status)


def leave_if_forked() -> None:
    """Called after MkDocs' build returns or raises: the forked process never goes on."""
    if _forked_from is not None and os.getpid() != _forked_from:
        os._exit(1)


def gather(share: Share) -> tuple | None:
    """Here, at the post-build event: the forked process's report (``send_and_exit``), its
    warnings logged here; None when it failed."""
    patience = 4 * (time.monotonic() - share.started) + 30
    chunks: list[bytes] = []
    try:
        while True:
            ready, _, _ = select.select([share.report], [], [], patience)
            if not ready:
                raise TimeoutError
            chunk = os.read(share.report, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        report, records = pickle.loads(b"".join(chunks))
    except (OSError, TimeoutError, EOFError, ValueError, pickle.UnpicklingError) as error:
        log.debug(f"smmplan: the second process failed ({error!r}); its pages are made here")
        _end(share, kill=True)
        return None
    _end(share, kill=False)
    for record in records:
        logging.getLogger(record["name"]).handle(logging.makeLogRecord(record))
    return report


def stop(share: Share) -> None:
    """Here, when the build failed: the forked process's work is not wanted."""
    _end(share, kill=True)


def _end(share: Share, kill: bool) -> None:
    with contextlib.suppress(OSError):
        os.close(share.report)
    with contextlib.suppress(OSError):
        if kill:
            os.kill(share.pid, signal.SIGKILL)
        os.waitpid(share.pid, 0)
