"""What each generated page depends on, as a key computed from the site's model without
rendering the page.

A key is a hash of everything the page's view reads: a post page of its post (the model
of its file, as loaded with the settings' defaults), its brand and campaign, its
problems, its renditions, its slug and whether its week has a page; a week or month page
of the posts on the days it shows, today, and the list of weeks and months (its pager);
a campaign, brand, links, review or analytics page of its members and the clock; the
media page of a file of the posts that use it; the home page of its week's inputs (it
is that week's page); the campaign and brand lists of how many posts each has and their
files' problems; Problems of the problems and the addresses of the files that have them.
The board and the media index, which show every post, depend on everything. Every key includes the ``shell``: the site configuration, the navigation, the
settings, the network data and smmplan's own code, so a change there renders every page.
The keys are documented in ``docs/site.md`` ("Incremental builds").
"""

from __future__ import annotations

import calendar as _calendar
import dataclasses
import enum
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from types import MappingProxyType
from typing import Any

from smmplan.check.media import post_media_paths
from smmplan.model import Post
from smmplan.plan import iso_week, week_range
from smmplan.render.site.data import PageDef, Site, local_time, month_of

_SIMPLE = (str, int, float, bool, type(None))


def canonical(value: Any, out: list[str]) -> None:
    """``value`` as tokens that are the same in every process (sets sorted, no ids)."""
    if isinstance(value, _SIMPLE):
        out.append(repr(value))
    elif isinstance(value, enum.Enum):
        out.append(f"{type(value).__name__}.{value.name}")
    elif isinstance(value, (datetime, date, time, timedelta)):
        out.append(f"{type(value).__name__}:{value!r}")
    elif isinstance(value, PurePath):
        out.append(f"path:{value.as_posix()}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for item in value:
            canonical(item, out)
        out.append("]")
    elif isinstance(value, (dict, MappingProxyType, Mapping)):
        out.append("{")
        for key, item in value.items():
            canonical(key, out)
            canonical(item, out)
        out.append("}")
    elif isinstance(value, (set, frozenset)):
        tokens = []
        for item in value:
            part: list[str] = []
            canonical(item, part)
            tokens.append("".join(part))
        out.append("set" + repr(sorted(tokens)))
    elif dataclasses.is_dataclass(value):
        out.append(type(value).__name__ + "(")
        for field in dataclasses.fields(value):
            canonical(getattr(value, field.name), out)
        out.append(")")
    else:  # a value the model does not hold today: its type and text, never an address
        out.append(f"{type(value).__name__}:{value!s}")


def digest(*parts: Any) -> str:
    tokens: list[str] = []
    for part in parts:
        canonical(part, tokens)
        tokens.append("|")
    return hashlib.blake2b("\x1f".join(tokens).encode("utf-8", "surrogatepass")).hexdigest()[:32]


class PageKeys:
    """The key of every generated page of one site (``shell``: see the module docstring)."""

    def __init__(
        self,
        site: Site,
        shell: str,
        files: Mapping[str, list],
        earlier: PageKeys | None = None,
        remember: bool = False,
    ) -> None:
        self.site = site
        self.shell = shell
        self.files = files  # input file -> [size, mtime_ns, content hash]
        self.earlier = earlier  # the keys of the site before an edit (serve)
        self.remember = remember or earlier is not None  # keep what each key was made of
        self._posts: dict[str, str] = {}
        self._parts: dict[str, tuple] = {}  # page -> what its key was made of
        self._keys: dict[str, str] = {}
        self._family: dict[tuple[str, str], list[str]] = defaultdict(list)
        for name in files:
            folder, _, base = name.rpartition("/")
            self._family[(folder, base.split(".", 1)[0])].append(name)
        project = site.project
        self.structure = digest(
            project.brands,
            project.campaigns,
            site.brand_slugs,
            site.campaign_slugs,
            site.weeks,
            site.months,
            site.home_week,
            site.exports,
        )
        self.unscheduled = [p.path for p in project.posts if p.publish_at is None]
        self.brands = {key: digest(brand) for key, brand in project.brands.items()}
        self.campaigns = {key: digest(found) for key, found in project.campaigns.items()}

    def post_print(self, path: str) -> str:
        """What any page showing this post may read of it (a card, a preview): its file and
        those of its language versions (``slug.az.md``), its media files, its problems, its
        renditions, its slug and results."""
        found = self._posts.get(path)
        if found is None and self.earlier is not None:
            found = self._posts[path] = self._earlier_print(path)
        if found is None:
            site = self.site
            post = site.posts_by_path[path]
            media = _media_of(post, site)
            results = digest(self._results_of(post)) if site.results is not None else ""
            found = self._posts[path] = _hash(
                repr(self._source(post)),
                repr(
                    [(m, self.files.get(m, [None] * 3)[2], site.media_slugs.get(m)) for m in media]
                ),
                repr(site.by_path.get(path, ())),
                repr(site.images.get(path, ())),
                repr(site.post_slugs.get(path)),
                results,
            )
        return found

    def _earlier_print(self, path: str) -> str | None:
        """The earlier site's print of the post when everything it was made of is the
        same: the same post object and files, equal problems, renditions and slug, the
        same results."""
        site, before = self.site, self.earlier.site
        post = site.posts_by_path[path]
        if (
            before.posts_by_path.get(path) is not post
            or self._source(post) != self.earlier._source(post)
            or before.results is not site.results
            or before.post_slugs.get(path) != site.post_slugs.get(path)
            or before.by_path.get(path, ()) != site.by_path.get(path, ())
            or before.images.get(path, ()) != site.images.get(path, ())
        ):
            return None
        media = _media_of(post, site)
        if any(self.files.get(m) != self.earlier.files.get(m) for m in media):
            return None
        return self.earlier.post_print(path)

    def _source(self, post: Post) -> Any:
        """The post's files by content hash (the model is made from them, the settings and
        the brand, which every key has); the model itself for a post from elsewhere."""
        if post.path not in self.files:
            return digest(post)
        folder, _, base = post.path.rpartition("/")
        family = self._family.get((folder, base.split(".", 1)[0]), [post.path])
        return [(name, self.files[name][2]) for name in family]

    def _results_of(self, post: Post) -> list:
        site = self.site
        if site.results is None:
            return []
        went_out = site.results.went_out
        return [
            (v.network, site.measured.get((post.path, v.network)))
            for v in post.variants
            if (post.path, v.network) in site.waiting
            or (post.path, v.network) in went_out
            or (post.path, v.network) in site.measured
        ] + [[(post.path, v.network) in went_out for v in post.variants]]

    def prints(self, paths: Iterable[str]) -> str:
        """The prints of these posts, in order, as one string (each print is fixed-length)."""
        return " ".join([self.post_print(p) for p in paths])

    def everything(self) -> str:
        found = getattr(self, "_everything", None)
        if found is None:
            site = self.site
            found = self._everything = digest(
                self.prints(p.path for p in site.project.posts),
                site.now,
                repr(site.diagnostics),
                site.results,
            )
        return found

    def key(self, page: PageDef) -> str:
        parts = self._inputs(page)
        earlier = self.earlier
        if earlier is not None and earlier._parts.get(page.src_uri) == parts:
            found = earlier._keys[page.src_uri]
        else:
            found = digest(*parts)
        if self.remember:
            self._parts[page.src_uri], self._keys[page.src_uri] = parts, found
        return found

    def _inputs(self, page: PageDef) -> tuple:
        kind = page.kind
        head = (self.shell, kind, page.key, page.title, page.src_uri)
        if kind == "post":
            return (head, *self._post_inputs(page.key))
        if kind in ("week", "month"):
            return (head, self.structure, *self._period_inputs(kind, page.key))
        if kind == "campaign":
            members = [p.path for p in self.site.project.posts if p.campaign == page.key]
            return (head, self.structure, self.site.now, self.prints(members))
        if kind in ("brand", "links", "review", "analytics"):
            members = [p.path for p in self.site.project.posts if p.brand == page.key]
            results = self.site.results if kind == "analytics" else None
            return (head, self.structure, self.site.now, self.prints(members), results)
        if kind == "media":
            return (head, self.structure, self.prints(self._media_users().get(page.key, ())))
        if kind == "home":  # the home week's page, with a note when today is another week
            return (head, self.structure, *self._period_inputs("week", self.site.home_week))
        if kind in ("campaigns", "brands", "problems"):
            return (head, self.structure, *self._summary_inputs(kind))
        return (head, self.structure, self.everything())

    def _summary_inputs(self, kind: str) -> tuple:
        """What the campaign list, the brand list and Problems show: the number of posts of
        each campaign or brand and the problems (the posts' own pages only by address)."""
        site = self.site
        project = site.project
        if kind == "problems":
            slugs = [site.post_slugs.get(path) for path in site.by_path]
            return (repr(site.diagnostics), slugs)
        if kind == "campaigns":
            counts = [p.campaign for p in project.posts]
            paths = [c.path for c in project.campaigns.values()]
        else:
            counts = [
                b.id if (b := project.brand_of(p)) is not None else None for p in project.posts
            ]
            paths = [b.path for b in project.brands.values()]
        problems = [repr(site.by_path.get(path, ())) for path in paths]
        analytics = site.results is not None if kind == "brands" else None
        return (repr(sorted(Counter(counts).items(), key=repr)), problems, analytics)

    def _post_inputs(self, path: str) -> tuple:
        site = self.site
        post = site.posts_by_path[path]
        brand = site.project.brand_of(post)
        local = local_time(post.publish_at, brand)
        week_known = local is not None and iso_week(local.date()) in site.weeks
        return (
            self.post_print(path),
            self.brands.get(brand.id) if brand is not None else None,
            self.campaigns.get(post.campaign) if post.campaign else None,
            site.brand_slugs.get(post.brand or ""),
            site.campaign_slugs.get(post.campaign or ""),
            week_known,
        )

    def _period_inputs(self, kind: str, key: str) -> tuple:
        site = self.site
        days = _week_days(key) if kind == "week" else _month_days(key)
        paths = [e.post.path for day in days for e in site.by_day.get(day, ())]
        home = site.home_week if kind == "week" else month_of(site.home_week)
        shows_lane = key == home
        lane = self.prints(self.unscheduled) if shows_lane else None
        return (
            site.today,
            self.prints(paths),
            lane,
            site.week_exports(key) if kind == "week" else None,
        )

    def _media_users(self) -> defaultdict[str, list[str]]:
        found = getattr(self, "_users", None)
        if found is None:
            found = defaultdict(list)
            for post in self.site.project.posts:
                for media in _media_of(post, self.site):
                    found[media].append(post.path)
            self._users = found
        return found


def _media_of(post: Post, site: Site) -> tuple[str, ...]:
    """The repository-relative media files the post uses (as ``used_media`` has them)."""
    return post_media_paths(post, site.project.root)


def _hash(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _week_days(week: str) -> list[date]:
    monday, _ = week_range(week)
    return [monday + timedelta(days=n) for n in range(7)]


def _month_days(month: str) -> list[date]:
    year, number = (int(x) for x in month.split("-"))
    return [d for row in _calendar.Calendar(0).monthdatescalendar(year, number) for d in row]
