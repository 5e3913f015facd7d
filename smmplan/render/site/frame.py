"""The page frame: Material's page template rendered once per kind of generated page, each
page of that kind spliced into it.

A site of 5,000 posts has some 5,500 generated pages whose surroundings (head, header,
tabs, navigation, footer, scripts) are the same but for a few values: the title, the
content, the table of contents, the canonical address and the relative addresses of the
assets and links. Rendering ``main.html`` for each page spends most of the build there.

So a generated page's template is :data:`TEMPLATE`, a one-line template of ours that
calls :meth:`PageFrames.render`. It renders the site's own ``main.html`` (Material's, or the
site's ``theme.custom_dir`` override) once per *kind* of page, with a stand-in page whose
varying values are unique placeholders (holes), in a copy of the environment whose ``url``
and ``script_tag`` filters and ``partials/toc.html`` leave holes too. The rendered frame is
split at the holes; a page is the frame's fixed parts joined with its own values: its
title, content and canonical address as they are, each address through MkDocs' own
``url`` filter for that page, its table of contents through the theme's ``toc.html``.

A kind of page is everything the frame does not fill in: the context's other values (the
same objects or equal plain values), the page's metadata but its title, and which of its
values are empty (no table of contents, no canonical address, a heading of its own...).
Safety: a page in the navigation, a frame whose rendering read anything of the page
beyond the values it fills in, or a frame that does not give the first two pages of its
kind exactly what the theme renders for them, is not used: those pages are rendered by
the theme's template as before. ``tests/test_site_frame.py`` builds sites both ways and
compares every file's bytes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.plugins.smmplan")
TEMPLATE = "smmplan/page-frame.html"
ENABLED = True
"""Whether generated pages use the frame (a build without it gives the same bytes)."""

_HOLE = "SMMPLANFRAMEHOLE{}END"
_HOLES = re.compile(r"SMMPLANFRAMEHOLE(\d+)END")
_PER_PAGE = frozenset({"page", "base_url", "extra_css", "extra_javascript"})
_PLAIN = (str, int, float, bool, type(None), date, datetime)
_READ = frozenset({"meta", "title", "content", "toc", "canonical_url", "url"})
"""What a frame may read of its stand-in page beyond what its kind fixes."""
_FIXED = frozenset({"is_homepage", "edit_url", "previous_page", "next_page", "parent"})
"""What a kind fixes (the same values or objects for all its pages)."""
_FROM_PARENT = frozenset({"ancestors", "is_top_level"})
TOC_TEMPLATES = ("partials/toc.html", "partials/toc-item.html")
_MAX_KINDS = 64
_VERIFIED_PAGES = 2
Hole = Callable[[Any, dict], str]
"""A value of one page: ``(page, context) -> text``."""


@dataclass
class Frame:
    """One kind of page: the fixed parts and the holes between them, or ``None`` parts
    when the kind is rendered by the theme's template."""

    context: dict  # the first page's: keeps the objects of the kind's key alive
    parts: list[str] | None = None
    holes: list[int] = field(default_factory=list)
    resolvers: list[Hole] = field(default_factory=list)
    used: frozenset[int] = frozenset()  # the holes the frame's text holds
    checked: int = 0

    def splice(self, page, context: dict) -> str:
        assert self.parts is not None
        values = {i: self.resolvers[i](page, context) for i in self.used}
        out = [self.parts[0]]
        for hole, part in zip(self.holes, self.parts[1:], strict=True):
            out += (values[hole], part)
        return "".join(out)


def _no_toc(page, context: dict) -> str:
    raise AssertionError("a frame's table of contents is set when the frame is made")


class _Recorder:
    """Holes made while one frame is rendered, and whether the rendering read anything
    the frame cannot fill in."""

    def __init__(self) -> None:
        self.resolvers: list[Hole] = [_no_toc]  # hole 0: the table of contents
        self.by_name: dict[str, str] = {}
        self.unsafe: set[str] = set()

    def hole(self, name: str, resolver: Hole) -> str:
        if name not in self.by_name:
            self.by_name[name] = _HOLE.format(len(self.resolvers))
            self.resolvers.append(resolver)
        return self.by_name[name]

    def resolver_of(self, text: str) -> Hole | None:
        """The hole ``text`` is exactly, if it is one; marks the frame unsafe when it
        holds a hole among other text (a value the frame cannot rebuild)."""
        match = _HOLES.fullmatch(text)
        if match:
            return self.resolvers[int(match.group(1))]
        if _HOLES.search(text):
            self.unsafe.add(f"filter on {text!r}")
        return None


class _Content(str):
    """The content's hole, answering the theme's one question about it (does the page
    have its own ``<h1>``) as the page does."""

    has_h1: bool
    recorder: _Recorder

    def __contains__(self, needle: object) -> bool:
        if needle == "<h1":
            return self.has_h1
        self.recorder.unsafe.add(f"content contains {needle!r}")
        return False


class _TocEntry:
    def __init__(self, recorder: _Recorder) -> None:
        self._recorder = recorder
        self.url = recorder.hole("toc.url", lambda page, context: next(iter(page.toc)).url)

    def __getattr__(self, name: str) -> Any:
        if not name.startswith("__"):
            self._recorder.unsafe.add(f"toc entry {name}")
        raise AttributeError(name)


class _StandIn:
    """The page as the frame sees it: holes for what varies, the page's own values for
    what its kind fixes, and a note of anything else read."""

    def __init__(self, page, recorder: _Recorder) -> None:
        self._page, self._recorder = page, recorder

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        page, recorder = self._page, self._recorder
        if name in _FIXED or name in _FROM_PARENT:
            return getattr(page, name)
        if name not in _READ:
            recorder.unsafe.add(f"page.{name}")
            return getattr(page, name)
        return getattr(self, f"_{name}")()

    def _meta(self) -> dict:
        meta = {k: v for k, v in self._page.meta.items() if k != "template"}
        if meta.get("title"):
            meta["title"] = self._recorder.hole("meta.title", lambda p, c: str(p.meta["title"]))
        return meta

    def _title(self) -> Any:
        if not self._page.title:
            return self._page.title
        return self._recorder.hole("title", lambda page, context: str(page.title))

    def _content(self) -> str:
        content = _Content(self._recorder.hole("content", lambda p, c: str(p.content or "")))
        content.has_h1 = "<h1" in (self._page.content or "")
        content.recorder = self._recorder
        return content

    def _toc(self) -> list:
        return [_TocEntry(self._recorder)] if self._page.toc else []

    def _canonical_url(self) -> str | None:
        if self._page.canonical_url is None:
            return None
        return self._recorder.hole("canonical", lambda page, context: str(page.canonical_url))

    def _url(self) -> str:
        return self._recorder.hole("url", lambda page, context: page.url)


def _headings(items) -> tuple:
    """Everything a table of contents' entries hold, to tell equal ones apart."""
    return tuple(
        tuple((k, _headings(v) if k == "children" else v) for k, v in sorted(vars(i).items()))
        for i in items
    )


def _plain_or_id(value: Any) -> Any:
    return (0, value) if isinstance(value, _PLAIN) else (1, id(value))


def kind_of(page, context: dict) -> tuple | None:
    """What a frame fixes about ``page``; ``None`` for a page the frame never renders."""
    nav = context.get("nav")
    if nav is not None and page in nav.pages:
        return None  # the navigation marks it active: its own rendering
    meta = page.meta
    try:
        rest = repr(sorted((k, v) for k, v in meta.items() if k not in ("title", "template")))
    except TypeError:  # metadata keys that do not sort: no kind
        return None
    return (
        type(page),
        tuple((k, _plain_or_id(v)) for k, v in context.items() if k not in _PER_PAGE),
        tuple(len(context[k]) for k in ("extra_css", "extra_javascript") if k in context),
        rest,
        bool(meta.get("title")),
        bool(page.title),
        page.canonical_url is None,
        bool(page.toc),
        "<h1" in (page.content or ""),
        *(_plain_or_id(getattr(page, name)) for name in sorted(_FIXED)),
    )


class PageFrames:
    """The frames of one build (made in ``on_env``, dropped with the environment)."""

    def __init__(self, env, theme_name: str | None) -> None:
        import jinja2
        from markupsafe import Markup
        from mkdocs.utils import get_theme_dir

        self.env = env
        self.theme_dir = Path(get_theme_dir(theme_name)).resolve() if theme_name else None
        self.frames: dict[tuple, Frame] = {}
        self.rendered = self.spliced = 0
        self.recorder: _Recorder | None = None
        env.loader = jinja2.ChoiceLoader(
            [jinja2.DictLoader({TEMPLATE: "{{ smmplan_page_frame() }}"}), env.loader]
        )
        env.globals["smmplan_page_frame"] = jinja2.pass_context(
            lambda context: Markup(self.render(context.get_all()))
        )
        self.frame_env = self._frame_environment()

    def _frame_environment(self):
        import jinja2

        toc = _HOLE.format(0)
        frame_env = self.env.overlay(
            loader=jinja2.ChoiceLoader(
                [jinja2.DictLoader({"partials/toc.html": toc}), self.env.loader]
            ),
            cache_size=400,
        )
        frame_env.filters = dict(self.env.filters)
        frame_env.globals = dict(self.env.globals)
        url, script_tag = self.env.filters["url"], self.env.filters["script_tag"]
        frame_env.filters["url"] = jinja2.pass_context(
            lambda context, value: self._filter_hole(url, value)
        )
        frame_env.filters["script_tag"] = jinja2.pass_context(
            lambda context, value: self._filter_hole(script_tag, value)
        )
        return frame_env

    def _filter_hole(self, original: Callable, value: Any) -> str:
        recorder = self.recorder
        assert recorder is not None
        inner = recorder.resolver_of(str(value)) if isinstance(value, str) else None
        if inner is not None:
            return recorder.hole(
                f"{original.__name__}:{value}",
                lambda page, context: original(context, inner(page, context)),
            )
        return recorder.hole(
            f"{original.__name__}:{id(value)}:{value}",
            lambda page, context: original(context, value),
        )

    # -- rendering -----------------------------------------------------------------------

    def render(self, context: dict) -> str:
        """``context["page"]``'s HTML, as ``main.html`` renders it."""
        page = context["page"]
        kind = kind_of(page, context)
        frame = self.frames.get(kind) if kind is not None else None
        if frame is None and kind is not None and len(self.frames) < _MAX_KINDS:
            frame = self.frames[kind] = self._make(context)
        if frame is None or frame.parts is None:
            return self.theme(context)
        if frame.checked < _VERIFIED_PAGES:
            return self._verify(frame, context)
        self.spliced += 1
        return frame.splice(page, context)

    def theme(self, context: dict) -> str:
        """The page through the theme's own ``main.html``, as MkDocs renders it."""
        self.rendered += 1
        meta = context["page"].meta
        ours = meta.pop("template", None)
        try:
            return self.env.get_template("main.html").render(context)
        finally:
            if ours is not None:
                meta["template"] = ours

    def _verify(self, frame: Frame, context: dict) -> str:
        expected = self.theme(context)
        if frame.splice(context["page"], context) != expected:
            log.debug(f"smmplan: page frame not used for pages like {context['page'].url!r}")
            frame.parts = None  # this kind is rendered by the theme from now on
        else:
            frame.checked += 1
        return expected

    def _make(self, context: dict) -> Frame:
        """The frame of ``context``'s kind of page (with ``None`` parts when unsafe)."""
        frame = Frame(context=context)
        recorder = self.recorder = _Recorder()
        try:
            text = self.frame_env.get_template("main.html").render(self._stand_in(context))
        except Exception as error:  # the theme's own rendering will show it, if real
            log.debug(f"smmplan: page frame not made: {error!r}")
            return frame
        finally:
            self.recorder = None
        if recorder.unsafe:
            log.debug(f"smmplan: page frame not used, it reads {sorted(recorder.unsafe)}")
            return frame
        pieces = _HOLES.split(text)
        if any(int(i) >= len(recorder.resolvers) for i in pieces[1::2]):
            return frame  # the site's own text looks like a hole: no frame for it
        frame.parts, frame.holes = pieces[0::2], [int(i) for i in pieces[1::2]]
        frame.used = frozenset(frame.holes)
        frame.resolvers = [self._toc_of(context), *recorder.resolvers[1:]]
        return frame

    def _stand_in(self, context: dict) -> dict:
        """``context`` with holes for the page and its relative addresses."""
        recorder = self.recorder
        assert recorder is not None
        stand_in = {
            **context,
            "page": _StandIn(context["page"], recorder),
            "base_url": recorder.hole("base_url", lambda page, context: context["base_url"]),
        }
        for name in ("extra_css", "extra_javascript"):
            if name in context:
                stand_in[name] = [
                    recorder.hole(f"{name}:{i}", lambda p, c, i=i, n=name: str(c[n][i]))
                    for i in range(len(context[name]))
                ]
        return stand_in

    def _toc_of(self, context: dict) -> Hole:
        """The table of contents of a page, through the theme's ``partials/toc.html``
        (with the interface language ``main.html`` imports for it). The theme's own
        ``toc.html`` reads nothing of the page but its table of contents: pages with the
        same headings share one rendering."""
        language = self.env.get_template("partials/language.html").make_module(context)
        toc = self.env.get_template("partials/toc.html")
        if not all(self._theme_own(name) for name in TOC_TEMPLATES):
            return lambda page, context: toc.render({**context, "lang": language})
        rendered: dict[tuple, str] = {}

        def shared(page, context: dict) -> str:
            try:
                key = _headings(page.toc)
            except TypeError:  # an unhashable value on a heading: rendered on its own
                return toc.render({**context, "lang": language})
            if key not in rendered:
                rendered[key] = toc.render({**context, "lang": language})
            return rendered[key]

        return shared

    def _theme_own(self, name: str) -> bool:
        """Whether the template ``name`` is the theme's own file (not a site's override)."""
        import jinja2

        try:
            _, filename, _ = self.env.loader.get_source(self.env, name)
        except jinja2.TemplateNotFound:
            return False
        if filename is None or self.theme_dir is None:
            return False
        return Path(filename).resolve().is_relative_to(self.theme_dir)
