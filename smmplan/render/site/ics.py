"""The site's calendar feeds: ``calendar.ics`` for the whole plan and one per brand.

The events are written by the export's iCalendar writer (:mod:`smmplan.render.export.ical`),
so a feed and ``plan.ics`` give a post the same UID, ``SEQUENCE`` and ``LAST-MODIFIED``;
what is the site's own is the description (the post's text and its page's address).

The feeds are files, not pages: nothing else in the build reads them, so they are made
when MkDocs writes them (``LazyFile``). Under ``serve`` that is after the browsers have
reloaded, with the exports, instead of in the update an edit waits for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.structure.files import File

from smmplan.plan import Slot
from smmplan.render.export import ical
from smmplan.render.site import urls

if TYPE_CHECKING:
    from smmplan.render.site.data import Site

calendar = ical.calendar
uid = ical.uid


def _description(group: list[Slot], page_url: str | None) -> str:
    first = group[0]
    names = ", ".join(s.spec.name for s in group)
    lines = [first.variant.text.strip(), "", f"{first.brand.name} · {names} · {first.post.status}"]
    if page_url:
        lines.append(page_url)
    return "\n".join(lines).strip()


def events(
    items: Iterable[Slot],
    *,
    root: Path | None = None,
    site_url: str | None = None,
    page_url: Callable[[Slot], str | None] | None = None,
) -> list[tuple[Slot, bytes]]:
    """Each event once, serialised, with its first slot (to sort events into brand feeds).
    ``root`` is the content repository whose git history dates the events."""
    chosen = list(items)
    domain = ical.domain_of(site_url)
    changed = ical.revisions(root, {slot.post.path for slot in chosen})
    result = []
    for group in ical.grouped(chosen, lambda slot: slot):
        url = page_url(group[0]) if page_url else None
        data = ical.event(
            group,
            description=_description(group, url),
            modified=changed.get(group[0].post.path),
            domain=domain,
            url=url,
        )
        result.append((group[0], data))
    return result


class LazyFile(File):
    """A generated file whose content is made the first time it is read."""

    make: Callable[[], bytes]
    _made: str | bytes | None = None

    @property
    def _content(self) -> str | bytes | None:  # what File.content_bytes reads
        if self._made is None:
            self._made = self.make()
        return self._made

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self._made = value

    @classmethod
    def made_by(cls, config, src_uri: str, make: Callable[[], bytes]) -> LazyFile:
        file = cls.generated(config, src_uri, content=b"")
        file._made, file.make = None, make  # ``generated`` gave it empty content
        return file


def feed_files(site: Site, config) -> list[File]:
    """``calendar.ics`` for the plan and ``brands/<brand>/calendar.ics`` for each brand,
    all made together when the first is read."""
    site_url = config.site_url
    made = cache(lambda: feeds(site, site_url))
    brands = [site.brand_calendar(brand.id) for brand in site.project.brands.values()]
    return [
        LazyFile.made_by(config, src_uri, lambda uri=src_uri: made()[uri])
        for src_uri in (urls.CALENDAR, *brands)
    ]


def feeds(site: Site, site_url: str | None) -> dict[str, bytes]:
    """``calendar.ics`` for the plan and ``brands/<brand>/calendar.ics`` for each brand."""
    from smmplan.plan import slots

    base = (site_url or "").rstrip("/") + "/" if site_url else None

    def page_url(slot) -> str | None:
        from smmplan.render.site.views.series import occurrence_anchor

        anchor = occurrence_anchor(slot.post, slot.local)  # a recurring post's date
        return base + site.post_url(slot.post) + anchor if base else None

    found = events(
        slots(site.project), root=site.project.root, site_url=site_url, page_url=page_url
    )
    result = {urls.CALENDAR: calendar(site.project.config.title, (e for _, e in found))}
    for brand in site.project.brands.values():
        mine = (e for slot, e in found if slot.brand.id == brand.id)
        result[site.brand_calendar(brand.id)] = calendar(brand.name, mine)
    return result
