"""Per-post exports (Meta, X, LinkedIn, YouTube, TikTok, the generic CSV): one row, one ``PostRow``.

Everything a format needs is in its YAML and compiled once per table into a ``Layout``
of column positions. Rows are read in batches and each batch is turned into records a
column at a time: a metric column of plain digits becomes ``int`` in one pass, a column
of IDs that are all digits is taken as it is, and the records are made by ``map`` and
``zip`` rather than by Python per cell, which is what most of the reading time went to.
A row with anything else (a decimal comma, ``N/A``, a negative, garbage, a damaged ID, a
date that cannot be read or lies after the file, an unknown network, a short row) is
read again by the careful row-at-a-time path that reports it, in row order, so the
records and findings are the same either way. Dates are cached per text (exports repeat
them; Meta's times to the minute are read from their day and their time of day, each
parsed once), IDs stay text, and a time of day the file lacks is recovered from the post
ID where the network encodes it (X, LinkedIn, TikTok), trusted only within a day of the
file's own date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import compress, islice, repeat
from operator import is_, is_not, itemgetter, not_
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


CHUNK = 2048
"""Rows read per batch: enough to amortise the per-column work, few enough to stay small."""


def read_posts(rows: Rows, det: Detection, ctx: FileContext) -> None:
    """Every data row of the table as a ``PostRow`` in ``ctx.sink.posts``.

    Rows are read in batches of ``CHUNK`` with the line each ends on. A batch is turned
    into records a column at a time (``_Maker.batch``), with C-level ``map``/``zip`` in
    place of per-cell Python: metric columns of plain digits become ``int`` in one pass,
    dates are parsed once per text, and the records are made by one ``map``. Any row that
    needs care (a short or blank row, a ``Total`` row, a cell that is not plain digits, an
    ID that is not, a date or network with a problem, no post at all) is left to
    ``_Maker.row``, the row-at-a-time reader that reports what it finds, in row order, so
    both give the same records and findings.
    """
    layout = Layout.of(det)
    m = _Maker(det, layout, ctx)
    reader, offset, last = rows.reader, rows.offset, rows.offset
    while True:
        chunk: list[list[str]] = []
        ends: list[int] = []
        add, mark = chunk.append, ends.append
        for cells in islice(reader, CHUNK):
            add(cells)
            mark(reader.line_num)
        if not chunk:
            break
        # a row starts on the line after the one the previous row ended on
        starts = [last + 1, *(offset + end + 1 for end in ends[:-1])]
        last = offset + ends[-1]
        m.batch(chunk, starts)
    if m.snap is None:
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
        self._days: dict[str, date | None] = {}
        self._clocks: dict[str, time | None] = {}
        self.snap: Snapshot | None = None  # the table's, made from its first row
        self.skip = frozenset(norm(t) for t in spec.option("skip_rows", ()))
        self.names = tuple(name for _, name in layout.metrics)
        indexes = tuple(i for i, _ in layout.metrics)
        self.pick = itemgetter(*indexes) if len(indexes) > 1 else _one_or_none(indexes)
        self.one_text = self.text_at[0] if len(self.text_at) == 1 else -1
        self.net_at = at["network"]
        self.append = ctx.sink.posts.append
        self.extend = ctx.sink.posts.extend

    # -- a batch of rows, a column at a time ---------------------------------------------

    def batch(self, chunk: list[list[str]], starts: list[int]) -> None:
        """Records of a batch of rows (``starts``: the line each begins on), in row order."""
        i = 0
        while self.snap is None and i < len(chunk):  # the first row dates the snapshot
            self.row(chunk[i], starts[i])
            i += 1
        if i:
            chunk, starts = chunk[i:], starts[i:]
        if not chunk:
            return
        try:
            made, careful = self._columns(chunk, starts)
        except Exception:  # whatever the columns could not take, the careful reader does
            made, careful = [], set(range(len(chunk)))
        if not careful:
            self.extend(made)
            return
        append, row = self.append, self.row
        for k, cells in enumerate(chunk):
            if k in careful:
                row(cells, starts[k])
            else:
                append(made[k])

    def _columns(self, chunk: list[list[str]], starts: list[int]) -> tuple[list, set[int]]:
        """The batch's records as ``row`` makes them, and the rows ``row`` must read instead.

        Nothing here reports a problem or changes what a later row reads: a row with
        anything to report is only marked careful, and read again by ``row``."""
        n = len(chunk)
        careful: set[int] = set()
        width = self.layout.width
        if min(map(len, chunk)) < width:
            careful.update(k for k, cells in enumerate(chunk) if len(cells) < width)
            pad = [""] * width
            chunk = [pad if len(cells) < width else cells for cells in chunk]
        if self.skip:
            careful.update(self._skipped(chunk))
        metrics = self._metric_dicts(chunk, careful)
        urls = _column(chunk, self.url_at, str.strip)
        ids = self._post_ids(chunk, urls, careful)
        if self.url_template:
            template = self.url_template
            urls = [
                u or (template.format(id=p) if p else u) for u, p in zip(urls, ids, strict=True)
            ]
        texts = self._texts(chunk)
        careful.update(compress(range(n), map(not_, map(any, zip(ids, urls, texts, strict=True)))))
        nets = self._nets(chunk, careful)
        moments, days = self._moments(chunk, ids, careful)
        accounts = self._accounts(chunk, urls)
        kinds = self._kind_column(chunk, texts)
        rates = self._rate_column(chunk, careful) if self.layout.rates else repeat(EMPTY)
        ids = [p or None for p in ids]
        urls = [u or None for u in urls]  # type: ignore[misc]
        fields = zip(repeat(self.snap), starts, nets, ids, urls, accounts, moments, texts, kinds,
                     metrics, days, rates)  # fmt: skip
        return list(map(tuple.__new__, repeat(PostRow), fields)), careful

    def _skipped(self, chunk: list[list[str]]) -> Iterator[int]:
        """Rows whose first cell is one of the format's ``skip_rows`` (``Total``)."""
        firsts = list(map(itemgetter(0), chunk))
        if "".join(firsts).isascii():  # ``norm`` of ASCII text, without a call per cell
            stripped = map(str.strip, map(str.strip, firsts), repeat('"'))
            keys: Iterator[str] = map(str.lower, map(" ".join, map(str.split, stripped)))
        else:
            keys = map(norm, firsts)
        return compress(range(len(firsts)), map(self.skip.__contains__, keys))

    def _metric_dicts(self, chunk: list[list[str]], careful: set[int]) -> list[dict]:
        """Each row's metrics; a column of plain digits (or blanks) becomes ``int`` at once."""
        n = len(chunk)
        names, columns, holes = [], [], []
        for index, name in self.layout.metrics:
            cells = list(map(itemgetter(index), chunk))
            joined = "".join(cells)
            if not joined:
                continue  # blank in every row: not reported
            if joined.isdigit() and joined.isascii():
                if all(cells):
                    values = list(map(int, cells))
                else:  # "0" + "" is 0, and its key is dropped below
                    values = list(map(int, map("0".__add__, cells)))
                    holes.append((name, list(compress(range(n), map(not_, cells)))))
            else:
                plain = [c.isascii() and c.isdigit() for c in cells]
                careful.update(k for k, c in enumerate(cells) if c and not plain[k])
                values = [int(c) if ok else 0 for c, ok in zip(cells, plain, strict=True)]
                holes.append((name, [k for k, c in enumerate(cells) if not c]))
            names.append(name)
            columns.append(values)
        if not names:
            return [{} for _ in range(n)]
        found = list(map(dict, map(zip, repeat(tuple(names)), zip(*columns, strict=True))))
        for name, rows in holes:
            for k in rows:
                del found[k][name]
        return found

    def _post_ids(self, chunk: list[list[str]], urls: list[str], careful: set[int]) -> list:
        if self.id_at < 0:
            return [self._quiet_id("", url) for url in urls]
        ids = list(map(itemgetter(self.id_at), chunk))
        if all(ids) and "".join(ids).isdigit():
            return ids
        found: list[str | None] = []
        for k, (text, url) in enumerate(zip(ids, urls, strict=True)):
            value = text if text.isdigit() else self._quiet_id(text, url)
            if value is _CAREFUL:
                careful.add(k)
                value = None
            found.append(value)  # type: ignore[arg-type]
        return found

    def _quiet_id(self, text: str, url: str) -> str | object | None:
        """``post_id`` without reporting: ``_CAREFUL`` where it would report."""
        found = None
        if text:
            try:
                found = parse_id(text)
            except DamagedId:
                return _CAREFUL
        if not found and url and self.id_from_url is not None:
            match = self.id_from_url.search(url)
            found = match[1] if match else None
        return found

    def _texts(self, chunk: list[list[str]]) -> list[str | None]:
        if self.one_text >= 0:
            return [t or None for t in map(str.strip, map(itemgetter(self.one_text), chunk))]
        if not self.text_at:
            return [None] * len(chunk)
        columns = [map(itemgetter(i), chunk) for i in self.text_at]
        return [max(t, key=len).strip() or None for t in zip(*columns, strict=True)]

    def _nets(self, chunk: list[list[str]], careful: set[int]):
        if self.network:
            return repeat(self.network)
        written = list(map(itemgetter(self.net_at), chunk))
        known = self.known_networks
        for text in set(written) - known.keys():  # learn the valid ones without reporting
            key = norm(text)
            network = self._networks.get(text, "")
            if network == "":
                network = self._networks[text] = self.networks.get(key, key) or None
            if network in NETWORK_IDS and text.strip():
                known[text] = network
        nets = list(map(known.get, written))
        careful.update(compress(range(len(nets)), map(is_, nets, repeat(None))))
        return nets

    def _moments(self, chunk: list[list[str]], ids: list, careful: set[int]):
        n = len(chunk)
        if self.published_at >= 0:
            texts = list(map(itemgetter(self.published_at), chunk))
            entries = list(map(self._when.get, texts))
            if None in entries:
                when_of = self.when_of
                entries = [e or when_of(t) for e, t in zip(entries, texts, strict=True)]
        else:
            entries = [self.when_of("")] * n
        careful.update(compress(range(n), map(is_not, map(itemgetter(2), entries), repeat(None))))
        if self.id_ms is None:
            return map(itemgetter(0), entries), map(itemgetter(1), entries)
        times = list(map(self._id_time, ids, entries))
        careful.update(compress(range(n), map(is_, times, repeat(None))))
        times = [t or (None, False) for t in times]
        return map(itemgetter(0), times), map(itemgetter(1), times)

    def _id_time(self, post_id: str | None, when: _When) -> tuple[datetime | None, bool] | None:
        """``from_id`` where the row would call it, without reporting: None where it would."""
        if not (when[1] or when[0] is None) or not post_id or not post_id.isdigit():
            return when[0], when[1]
        assert self.id_ms is not None
        try:
            ms = self.id_ms(post_id)
            exact = from_ms(ms)
        except (ValueError, OverflowError):
            return when[0], when[1]
        if not when[1] or when[3] <= ms < when[4]:
            return exact, False
        return None

    def _accounts(self, chunk: list[list[str]], urls: list[str]) -> list[str | None]:
        if self.account_at >= 0:
            found = [a or None for a in map(str.strip, map(itemgetter(self.account_at), chunk))]
        else:
            found = [None] * len(chunk)
        pattern = self.account_from_url
        if pattern is not None and None in found:
            search = pattern.search
            for k, (account, url) in enumerate(zip(found, urls, strict=True)):
                if account is None and url:
                    match = search(url)
                    found[k] = match[1] if match else None
        return found

    def _kind_column(self, chunk: list[list[str]], texts: list[str | None]):
        if self.kind_at >= 0:
            written = list(map(itemgetter(self.kind_at), chunk))
            cache = self._kinds
            for text in set(written) - cache.keys():
                raw = norm(text)
                cache[text] = self.kinds.get(raw, raw) or None
            kinds: list[str | None] = list(map(cache.__getitem__, written))
        else:
            kinds = [None] * len(chunk)
        prefix = self.reply_prefix
        if prefix:
            kinds = [
                "reply" if t and t.startswith(prefix) else k
                for k, t in zip(kinds, texts, strict=True)
            ]
        return kinds

    def _rate_column(self, chunk: list[list[str]], careful: set[int]) -> list:
        found = []
        for k, cells in enumerate(chunk):
            rates = self._quiet_rates(cells)
            if rates is None:
                careful.add(k)
                rates = EMPTY
            found.append(rates)
        return found

    # -- one row at a time, reporting ----------------------------------------------------

    def row(self, cells: list[str], start: int) -> None:
        """One row read with every check, reporting what it finds (what ``batch`` defers to)."""
        width = self.layout.width
        if len(cells) < width:
            if not any(cells):
                return
            cells += [""] * (width - len(cells))
        if self.skip and norm(cells[0]) in self.skip:
            return
        if self.snap is None:
            self.snap = self.snapshot(cells, start)
        values = self.pick(cells)
        metrics = None
        if "".join(values).isdigit():
            try:  # noqa: SIM105 - a context manager per row would cost more than the row
                metrics = dict(
                    zip(compress(self.names, values), map(int, filter(None, values)), strict=True)
                )
            except ValueError:  # digits int() refuses, such as superscripts
                pass
        if metrics is None:
            metrics = self.careful_metrics(values, start)
        post_id = cells[self.id_at] if self.id_at >= 0 else ""
        url = cells[self.url_at].strip() if self.url_at >= 0 else ""
        if not post_id.isdigit():
            post_id = self.post_id(post_id, url, start)
        if not url and post_id and self.url_template:
            url = self.url_template.format(id=post_id)
        text = (cells[self.one_text].strip() if self.one_text >= 0 else self.text(cells)) or None
        if not (post_id or url or text):
            self.no_post(metrics, start)
            return
        net = (
            self.network
            or self.known_networks.get(cells[self.net_at])
            or self.network_of(cells, url, start)
        )
        entry = self.when_of(cells[self.published_at] if self.published_at >= 0 else "")
        moment, day_only = entry[0], entry[1]
        if entry[2] is not None:
            self.problem(start, entry[2])
        if (
            self.id_ms is not None
            and (day_only or moment is None)
            and post_id
            and post_id.isdigit()
        ):
            moment, day_only = self.from_id(post_id, entry, start)
        if net is not None:
            account, kind, rates = self.extras(cells, url, text, start)
            self.append(tuple.__new__(PostRow, (self.snap, start, net, post_id or None, url or None,
                                                account, moment, text, kind, metrics, day_only,
                                                rates)))  # fmt: skip

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
            if len(self._when) >= _CACHE:  # times to the minute rarely repeat
                self._when.clear()
            found = self._when[text] = self._parse_when(text)
        return found

    def _slashed(self, text: str) -> datetime | None:
        """``10/03/2026 18:30`` (Meta's and LinkedIn's publish times, a different one on
        almost every row) as ``DateReader`` reads it, from its day and its time of day each
        parsed once; None for any other text, which ``DateReader`` then reads."""
        if len(text) != 16 or text[10] != " ":
            return None
        days, clocks = self._days, self._clocks
        day = days.get(text[:10], False)
        if day is False:
            if len(days) >= _CACHE:
                days.clear()
            day = days[text[:10]] = _slashed_day(text[:10], self.order)
        clock = clocks.get(text[11:], False)
        if clock is False:
            if len(clocks) >= _CACHE:
                clocks.clear()
            clock = clocks[text[11:]] = _clock_time(text[11:])
        if day is None or clock is None:
            return None
        return datetime.combine(day, clock)

    def _parse_when(self, text: str) -> _When:
        if not text.strip():
            return None, False, None, 0, 0
        header = self.layout.headers[self.published_at]
        when = self._slashed(text)
        if when is None:
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
        found = self._id_time(post_id, when)
        if found is not None:
            return found
        assert self.id_ms is not None
        exact = from_ms(self.id_ms(post_id))  # _id_time has parsed it: it cannot fail here
        day = when[0].date() if when[0] is not None else None
        self.problem(
            line, f"post ID {post_id} dates it {exact.date()}, not {day}: time of day unknown"
        )
        return when[0], True

    def _quiet_rates(self, cells: list[str]) -> dict[str, float] | None:
        """``_rates`` without reporting: None where it would report."""
        rates = {}
        for index, name, scale in self.layout.rates:
            cell = cells[index]
            try:
                value = parse_number(cell)
            except BadNumber:
                return None
            if value is not None:
                rates[name] = value * (0.01 if cell.rstrip().endswith("%") else scale)
        return rates

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


_SLASHED_DAY = re.compile(r"\d\d/\d\d/\d{4}", re.ASCII)
_CLOCK = re.compile(r"\d\d:\d\d", re.ASCII)
_CACHE = 8192


def _slashed_day(text: str, order: str) -> date | None:
    """``10/03/2026`` as ``DateReader`` reads it (month first for ``mdy`` unless above
    12); None for any other text, or no such day."""
    if _SLASHED_DAY.fullmatch(text) is None:
        return None
    first, second = (text[:2], text[3:5])
    month, day = (first, second) if order == "mdy" and first <= "12" else (second, first)
    try:
        return date(int(text[6:]), int(month), int(day))
    except ValueError:
        return None


def _clock_time(text: str) -> time | None:
    """``18:30`` as a time of day; None for any other text."""
    if _CLOCK.fullmatch(text) is None:
        return None
    hour, minute = int(text[:2]), int(text[3:])
    return time(hour, minute) if hour < 24 and minute < 60 else None


_CAREFUL = object()
"""What a quiet reading returns for a cell the careful reader would report."""


def _column(chunk: list[list[str]], at: int, convert) -> list[str]:
    """A column of the batch (blank where the table has none), each cell converted."""
    if at < 0:
        return [""] * len(chunk)
    return list(map(convert, map(itemgetter(at), chunk)))


def _one_or_none(indexes: tuple[int, ...]):
    """A picker for tables with one metric column, or none (``itemgetter`` needs two)."""
    if not indexes:
        return lambda cells: ()
    index = indexes[0]
    return lambda cells: (cells[index],)


def _pattern(text: str | None) -> re.Pattern[str] | None:
    return re.compile(text) if text else None
