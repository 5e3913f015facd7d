"""Account-level exports: daily series (Meta page insights, X overview, LinkedIn and TikTok
daily metrics, VK community statistics) and Pinterest's stacked tables.

These are audience trends, never per post: each figure becomes an ``AccountRow`` for
one day. A negative daily value is nonsense except in LinkedIn's corrections, which the
format keeps (``keep_negative``) but flags. Pinterest's export stacks several tables in
one CSV, separated by blank rows; its top-pins table is the one per-post source it has.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from smmplan.load.metrics.context import FileContext
from smmplan.load.metrics.dates import BadDate, DateReader
from smmplan.load.metrics.formats import Detection, Detector, FormatSpec, norm
from smmplan.load.metrics.numbers import BadNumber, DamagedId, parse_id, parse_number
from smmplan.load.metrics.sources import Rows, Table
from smmplan.metrics_model import METRICS, AccountRow, PostRow, Snapshot

_TOTALS = frozenset({"total", "totals", "grand total", "итого", "итоговое значение", "всего"})
_NOT_METRICS = frozenset({"day", "primary", "post_id", "board", "pin_id"})


def numbered(rows: Rows) -> Iterator[tuple[int, list[str]]]:
    """(line the row starts on, cells) for each non-blank row."""
    reader, offset = rows.reader, rows.offset
    last = offset
    for cells in reader:
        start, last = last + 1, offset + reader.line_num
        if any(c.strip() for c in cells):
            yield start, cells


def _day(reader: DateReader, text: str) -> date:
    found = reader(text)
    return found.date() if isinstance(found, datetime) else found


def _value(
    ctx: FileContext, line: int, header: str, text: str, keep_negative: bool
) -> float | None:
    try:
        value = parse_number(text)
    except BadNumber as error:
        ctx.problem(line, f"column '{header}': {error}: not used")
        return None
    if value is not None and value < 0:
        if not keep_negative:
            ctx.problem(line, f"column '{header}': {value} is negative: not used")
            return None
        ctx.problem(line, f"column '{header}': {value} is negative (a correction?): kept")
    return value


def read_account_daily(rows: Rows, det: Detection, ctx: FileContext, table: Table) -> None:
    """A daily series: one ``AccountRow`` per day and metric column."""
    spec = det.spec
    names = {c: c for c in det.columns if c not in _NOT_METRICS}
    if "primary" in det.columns:
        names["primary"] = _title_metric(spec, table.head[: det.index])
    network = _network(spec, ctx, table.head[: det.index])
    columns = [(det.columns[c], metric, det.headers[c]) for c, metric in names.items()]
    snapshot = ctx.snapshot(spec.id)
    dates = DateReader(spec.option("order", "mdy"), snapshot.taken)
    keep = bool(spec.option("keep_negative", False))
    day_at, day_header = det.columns["day"], det.headers["day"]
    out = ctx.sink.accounts
    for line, cells in numbered(rows):
        cells += [""] * (max(det.columns.values()) + 1 - len(cells))
        if norm(cells[day_at]) in _TOTALS or norm(cells[0]) in _TOTALS:
            continue
        day = _checked_day(ctx, dates, line, day_header, cells[day_at], snapshot)
        if day is None:
            continue
        for index, metric, header in columns:
            value = _value(ctx, line, header, cells[index], keep)
            if value is not None:
                out.append(AccountRow(snapshot, line, network, day, metric, value))


def _checked_day(
    ctx: FileContext, dates: DateReader, line: int, header: str, text: str, snapshot: Snapshot
) -> date | None:
    try:
        day = _day(dates, text)
    except BadDate as error:
        ctx.problem(line, f"column '{header}': {error}: row not used")
        return None
    if day > snapshot.taken + timedelta(days=1):
        ctx.problem(line, f"the day {day} is after the file was made ({snapshot.taken})")
        return None
    return day


def _title_metric(spec: FormatSpec, before: list[tuple[int, list[str]]]) -> str:
    """The metric a ``Primary`` column holds, from the title row above the header."""
    titles = {norm(t): metric for metric, texts in spec.option("titles", {}).items() for t in texts}
    for _, cells in reversed(before):
        written = [c for c in cells if c.strip()]
        if len(written) == 1:
            key = norm(written[0])
            return titles.get(key) or "_".join(key.split()) or "value"
    return "value"


def _network(spec: FormatSpec, ctx: FileContext, before: list[tuple[int, list[str]]]) -> str:
    words = spec.option("instagram_words", ())
    hint = " ".join([ctx.name, *(c for _, cells in before for c in cells)]).casefold()
    if any(word in hint for word in words):
        return "instagram"
    return spec.network or "unknown"


def read_vk(rows: Rows, det: Detection, ctx: FileContext) -> None:
    """VK's long-format community statistics: date, criterion, parameters, value."""
    spec, cols = det.spec, det.columns
    criteria = {norm(k): v for k, v in spec.option("criteria", {}).items()}
    feedback = {norm(k): v for k, v in spec.option("feedback", {}).items()}
    snapshot = ctx.snapshot(spec.id)
    dates = DateReader(spec.option("order", "dmy"), snapshot.taken)
    width = max(cols.values()) + 1
    param_at = cols.get("param1", -1)
    for line, cells in numbered(rows):
        cells += [""] * (width - len(cells))
        criterion = norm(cells[cols["criterion"]])
        param = norm(cells[param_at]) if param_at >= 0 else ""
        metric = feedback.get(param) if criterion == "feedback" else criteria.get(criterion)
        if metric is None or (criterion != "feedback" and param):
            continue  # demographics, or a breakdown of a criterion
        day = _checked_day(
            ctx, dates, line, det.headers.get("day", "date"), cells[cols.get("day", 0)], snapshot
        )
        value = _value(ctx, line, det.headers["value"], cells[cols["value"]], False)
        if day is not None and value is not None:
            ctx.sink.accounts.append(
                AccountRow(snapshot, line, spec.network or "vk", day, metric, value)
            )


def read_pinterest(rows: Rows, det: Detection, ctx: FileContext, detector: Detector) -> None:
    """Pinterest's stacked tables: the daily series and the top pins (boards are not read)."""
    spec = det.spec
    snapshot = ctx.snapshot(spec.id)
    dates = DateReader("mdy", snapshot.taken)
    columns: dict[str, tuple[int, str]] | None = None
    kind = None
    for line, cells in _with_blanks(rows):
        if cells is None:
            columns = kind = None
            continue
        if columns is None:
            found = detector.match(cells).get(spec.id, {})
            columns = {c: (v[0], v[2]) for c, v in found.items()}
            kind = "pins" if "pin_id" in columns else "boards" if "board" in columns else "daily"
            continue
        cells += [""] * (max(i for i, _ in columns.values()) + 1 - len(cells))
        if kind == "pins":
            _pin(ctx, spec, snapshot, line, cells, columns)
        elif kind == "daily" and "day" in columns:
            _pinterest_day(ctx, snapshot, dates, line, cells, columns)


def _with_blanks(rows: Rows) -> Iterator[tuple[int, list[str] | None]]:
    reader, offset = rows.reader, rows.offset
    last = offset
    for cells in reader:
        start, last = last + 1, offset + reader.line_num
        yield start, (cells if any(c.strip() for c in cells) else None)


def _pin(ctx: FileContext, spec: FormatSpec, snapshot: Snapshot, line: int, cells, columns) -> None:
    index, header = columns["pin_id"]
    try:
        pin = parse_id(cells[index])
    except DamagedId as error:
        ctx.problem(line, f"column '{header}': {error}: row not used")
        return
    if pin is None:
        return
    metrics = {}
    for name in METRICS:
        if name in columns:
            value = _value(ctx, line, columns[name][1], cells[columns[name][0]], False)
            if value is not None:
                metrics[name] = value
    url = str(spec.option("url_template", "{id}")).format(id=pin)
    ctx.sink.posts.append(PostRow(snapshot, line, "pinterest", pin, url, metrics=metrics))


def _pinterest_day(ctx, snapshot, dates, line, cells, columns) -> None:
    day = _checked_day(ctx, dates, line, columns["day"][1], cells[columns["day"][0]], snapshot)
    if day is None:
        return
    for name, (index, header) in columns.items():
        if name in _NOT_METRICS:
            continue
        value = _value(ctx, line, header, cells[index], False)
        if value is not None:
            ctx.sink.accounts.append(AccountRow(snapshot, line, "pinterest", day, name, value))
