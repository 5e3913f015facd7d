"""Per-post exports (Meta, X, LinkedIn, YouTube, TikTok, the generic CSV): one row, one ``PostRow``.

Everything a format needs is in its YAML and compiled once per table into a ``Layout``
of column positions, so the loop over rows does as little as possible: metric cells of
plain digits become ``int`` directly, and only a row with anything else (a decimal
comma, ``N/A``, a negative, garbage) goes through the careful path that reports it.
Dates are cached per text (exports repeat them), IDs stay text, and a time of day the
file lacks is recovered from the post ID where the network encodes it (X, LinkedIn,
TikTok), trusted only within a day of the file's own date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import compress
from operator import itemgetter
from urllib.parse import urlsplit

from smmplan.load.metrics.context import FileContext
from smmplan.load.metrics.dates import ID_MS, BadDate, DateReader, day_ms, from_ms
from smmplan.load.metrics.formats import Detection, norm
from smmplan.load.metrics.numbers import BadNumber, DamagedId, parse_id, parse_number
from smmplan.load.metrics.sources import Rows
from smmplan.metrics_model import METRICS, RATES, PostRow, Snapshot
from smmplan.model import EMPTY
from smmplan.networks import NETWORK_IDS

_ONE_DAY = timedelta(days=1)
_MIDNIGHT = time()
_DAY_MS = 86_400_000


@dataclass(frozen=True)
class Layout:
    """Where each field of a post row sits in a table (-1: not in this file)."""

    width: int
    at: dict[str, int]
    metrics: tuple[tuple[int, str], ...]
    rates: tuple[tuple[int, str, float], ...]
    text: tuple[int, ...]
    headers: dict[int, str]

    @classmethod
    def of(cls, det: Detection) -> Layout:
        spec, cols = det.spec, det.columns
        percent = set(spec.option("percent", ()))
        at = {name: cols.get(name, -1) for name in ("post_id", "url", "account", "published")}
        at |= {name: cols.get(name, -1) for name in ("kind", "network", "snapshot_date")}
        text_columns = spec.option("text", ("text",))
        return cls(
            width=max(cols.values(), default=-1) + 1,
            at=at,
            metrics=tuple((cols[m], m) for m in METRICS if m in cols),
            rates=tuple((cols[r], r, 0.01 if r in percent else 1.0) for r in RATES if r in cols),
            text=tuple(cols[c] for c in text_columns if c in cols),
            headers={i: det.headers[c] for c, i in cols.items()},
        )


def read_posts(rows: Rows, det: Detection, ctx: FileContext) -> None:
    """Every data row of the table as a ``PostRow`` in ``ctx.sink.posts``.

    The loop is the one place where per-row cost matters, so the usual case (digits in
    the metric cells, a plain ID, a date seen before) runs on locals without calls, and
    ``_Maker`` handles what is rare or varies by format.
    """
    layout = Layout.of(det)
    m = _Maker(det, layout, ctx)
    skip = frozenset(norm(t) for t in det.spec.option("skip_rows", ()))
    reader, offset, width = rows.reader, rows.offset, layout.width
    indexes = tuple(i for i, _ in layout.metrics)
    names = tuple(name for _, name in layout.metrics)
    pick = itemgetter(*indexes) if len(indexes) > 1 else _one_or_none(indexes)
    join = "".join
    id_at, url_at, text_at, pub_at = m.id_at, m.url_at, m.text_at, m.published_at
    one_text = text_at[0] if len(text_at) == 1 else -1
    network, template, id_ms, when_of = m.network, m.url_template, m.id_ms, m.when_of
    net_at, known_networks = m.layout.at["network"], m.known_networks
    append, new, snapshot, last = ctx.sink.posts.append, tuple.__new__, None, offset
    for cells in reader:
        start, last = last + 1, offset + reader.line_num
        if len(cells) < width:
            if not any(cells):
                continue
            cells += [""] * (width - len(cells))
        if skip and norm(cells[0]) in skip:
            continue
        if snapshot is None:
            snapshot = m.snapshot(cells, start)
        values = pick(cells)
        metrics = None
        if join(values).isdigit():  # every cell digits or blank: C-level loops only
            try:  # noqa: SIM105 - a context manager per row would cost more than the row
                metrics = dict(
                    zip(compress(names, values), map(int, filter(None, values)), strict=True)
                )
            except ValueError:  # digits int() refuses, such as superscripts
                pass
        if metrics is None:
            metrics = m.careful_metrics(values, start)
        post_id = cells[id_at] if id_at >= 0 else ""
        url = cells[url_at].strip() if url_at >= 0 else ""
        if not post_id.isdigit():
            post_id = m.post_id(post_id, url, start)
        if not url and post_id and template:
            url = template.format(id=post_id)
        text = (cells[one_text].strip() if one_text >= 0 else m.text(cells)) or None
        if not (post_id or url or text):
            m.no_post(metrics, start)
            continue
        net = network or known_networks.get(cells[net_at]) or m.network_of(cells, url, start)
        entry = when_of(cells[pub_at] if pub_at >= 0 else "")
        moment, day_only = entry[0], entry[1]
        if entry[2] is not None:
            m.problem(start, entry[2])
        if id_ms is not None and (day_only or moment is None) and post_id and post_id.isdigit():
            moment, day_only = m.from_id(post_id, entry, start)
        if net is not None:
            account, kind, rates = m.extras(cells, url, text, start)
            append(new(PostRow, (snapshot, start, net, post_id or None, url or None, account,
                                 moment, text, kind, metrics, day_only, rates)))  # fmt: skip
    if snapshot is None:
        m.snapshot(None, 1)


_When = tuple[datetime | None, bool, str | None, int, int]
"""(moment, day only, problem, earliest and latest Unix ms an ID may decode to)."""


class _Maker:
    """The per-row work beyond the loop's, with everything compiled for one table."""

    def __init__(self, det: Detection, layout: Layout, ctx: FileContext) -> None:
        spec = det.spec
        self.spec, self.layout, self.ctx, self.problem = spec, layout, ctx, ctx.problem
        at = layout.at
        self.id_at, self.url_at, self.account_at = at["post_id"], at["url"], at["account"]
        self.published_at, self.kind_at = at["published"], at["kind"]
        self.text_at = layout.text
        self.network = spec.network
        self.id_ms = ID_MS.get(spec.option("time_from_id", ""))
        self.id_from_url = _pattern(spec.option("id_from_url"))
        self.account_from_url = _pattern(spec.option("account_from_url"))
        self.url_template = spec.option("url_template")
        self.kinds = {norm(k): v for k, v in (spec.option("kinds") or {}).items()}
        self.reply_prefix = spec.option("reply_prefix")
        self.networks = {norm(k): v for k, v in (spec.option("networks") or {}).items()}
        self.hosts = dict(spec.option("hosts") or {})
        self.zone = ctx.zone(spec.id)
        self.order = spec.option("order", "mdy")
        self.dates = DateReader(self.order, ctx.ref_day)
        self._when: dict[str, _When] = {}
        self._kinds: dict[str, str | None] = {}
        self._networks: dict[str, str | None] = {}
        self.known_networks: dict[str, str] = {}  # cell text -> network, for valid ones
        self._cutoff = date.max

    def snapshot(self, cells: list[str] | None, line: int) -> Snapshot:
        stated = None
        at = self.layout.at["snapshot_date"]
        if cells is not None and at >= 0 and cells[at].strip():
            try:
                found = DateReader(self.order, self.ctx.ref_day)(cells[at])
                stated = found.date() if isinstance(found, datetime) else found
            except BadDate as error:
                self.problem(line, f"column '{self.layout.headers[at]}': {error}")
        snapshot = self.ctx.snapshot(self.spec.id, stated)
        self.dates = DateReader(self.order, snapshot.taken)
        self._cutoff = snapshot.taken + _ONE_DAY
        return snapshot

    def careful_metrics(self, values: tuple[str, ...], line: int) -> dict[str, float]:
        """The metrics of a row whose cells are not all plain digits, reporting bad ones."""
        metrics: dict[str, float] = {}
        for (index, name), cell in zip(self.layout.metrics, values, strict=True):
            if not cell:
                continue
            if cell.isascii() and cell.isdigit():
                metrics[name] = int(cell)
                continue
            try:
                value = parse_number(cell)
            except BadNumber as error:
                self.problem(line, f"column '{self.layout.headers[index]}': {error}: not used")
                continue
            if value is None:
                continue
            if value < 0:
                header = self.layout.headers[index]
                self.problem(line, f"column '{header}': {value} is negative: not used")
                continue
            metrics[name] = value
        return metrics

    def post_id(self, text: str, url: str, line: int) -> str | None:
        """An ID that is not plain digits: trimmed, refused when damaged, else from the URL."""
        found = None
        try:
            found = parse_id(text)
        except DamagedId as error:
            self.problem(line, f"column '{self.layout.headers[self.id_at]}': {error}")
        if not found and url and self.id_from_url is not None:
            match = self.id_from_url.search(url)
            found = match[1] if match else None
        return found

    def text(self, cells: list[str]) -> str:
        """The longest of the text columns (Meta puts a caption in Title or Description)."""
        best = ""
        for index in self.text_at:
            if len(cells[index]) > len(best):
                best = cells[index]
        return best.strip()

    def no_post(self, metrics: dict[str, float], line: int) -> None:
        if metrics:
            self.problem(line, "a row with figures but no post ID, URL or text: not used")

    def extras(self, cells: list[str], url: str, text: str | None, line: int):
        """(account, kind, rates) of a row; the account from the URL when no column has it."""
        account = cells[self.account_at].strip() or None if self.account_at >= 0 else None
        if account is None and url and self.account_from_url is not None:
            found = self.account_from_url.search(url)
            account = found[1] if found else None
        kind = None
        if self.kind_at >= 0:
            written = cells[self.kind_at]
            kind = self._kinds.get(written, "")
            if kind == "":
                raw = norm(written)
                kind = self._kinds[written] = self.kinds.get(raw, raw) or None
        if self.reply_prefix and text and text.startswith(self.reply_prefix):
            kind = "reply"
        return account, kind, (self._rates(cells, line) if self.layout.rates else EMPTY)

    def network_of(self, cells: list[str], url: str, line: int) -> str | None:
        """The generic CSV's network: its column (aliases allowed), else the URL's host."""
        at = self.layout.at["network"]
        written = cells[at] if at >= 0 else ""
        network = self._networks.get(written, "")
        if network == "":
            key = norm(written)
            network = self._networks[written] = self.networks.get(key, key) or None
        if network is None and url:
            host = (urlsplit(url).hostname or "").removeprefix("www.").removeprefix("m.")
            network = self.hosts.get(host)
        if network in NETWORK_IDS:
            if at >= 0 and written.strip():
                self.known_networks[written] = network
            return network
        shown = written.strip()
        reason = f"network '{shown}' is not one smmplan knows" if shown else "no network"
        self.problem(line, f"{reason} (one of {', '.join(NETWORK_IDS)}): row not used")
        return None

    def when_of(self, text: str) -> _When:
        """What a publish-time cell says, parsed once per distinct text."""
        found = self._when.get(text)
        if found is None:
            found = self._when[text] = self._parse_when(text)
        return found

    def _parse_when(self, text: str) -> _When:
        if not text.strip():
            return None, False, None, 0, 0
        header = self.layout.headers[self.published_at]
        try:
            when = self.dates(text)
        except BadDate as error:
            return None, False, f"column '{header}': {error}: date not used", 0, 0
        day = when.date() if isinstance(when, datetime) else when
        if day > self._cutoff:
            taken = self._cutoff - _ONE_DAY
            return (
                None,
                False,
                f"column '{header}': {day} is after the file was made ({taken})",
                0,
                0,
            )
        if isinstance(when, datetime):
            if when.tzinfo is None and self.zone is not None:
                when = when.replace(tzinfo=self.zone)
            return when, False, None, 0, 0
        start = day_ms(day)
        return datetime.combine(day, _MIDNIGHT), True, None, start - _DAY_MS, start + 2 * _DAY_MS

    def from_id(self, post_id: str, when: _When, line: int) -> tuple[datetime | None, bool]:
        """A row's time from its ID, trusted within a day of the file's date for it."""
        assert self.id_ms is not None
        try:
            ms = self.id_ms(post_id)
            exact = from_ms(ms)
        except (ValueError, OverflowError):
            return when[0], when[1]
        if not when[1] or when[3] <= ms < when[4]:
            return exact, False
        day = when[0].date() if when[0] is not None else None
        self.problem(
            line, f"post ID {post_id} dates it {exact.date()}, not {day}: time of day unknown"
        )
        return when[0], True

    def _rates(self, cells: list[str], line: int) -> dict[str, float]:
        rates = {}
        for index, name, scale in self.layout.rates:
            cell = cells[index]
            try:
                value = parse_number(cell)
            except BadNumber as error:
                self.problem(line, f"column '{self.layout.headers[index]}': {error}: not used")
                continue
            if value is not None:
                rates[name] = value * (0.01 if cell.rstrip().endswith("%") else scale)
        return rates


def _one_or_none(indexes: tuple[int, ...]):
    """A picker for tables with one metric column, or none (``itemgetter`` needs two)."""
    if not indexes:
        return lambda cells: ()
    index = indexes[0]
    return lambda cells: (cells[index],)


def _pattern(text: str | None) -> re.Pattern[str] | None:
    return re.compile(text) if text else None
