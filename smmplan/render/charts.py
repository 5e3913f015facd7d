"""Charts as inline SVG, made at build time: bars, columns, a weekday × hour heatmap and a
progress bar with a pace marker, each wrapped with its data table in a ``<figure>``.

Pure and deterministic: values in, ``Markup`` out, every text escaped. The charts know
no language: labels and values come formatted by the caller. Colours are presentation
attributes (a chart is readable with no stylesheet at all) that a page's CSS overrides
through the classes (``smm-chart__bar``, ``smm-chart__text``, ...), so the site follows
mkdocs-material's light and dark schemes and the client report prints cleanly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 600
ROW = 24
LABEL = 170
BAR_COLOUR = "#5c6bc0"
TRACK_COLOUR = "#e0e0e0"
TEXT_COLOUR = "#333333"
MARKER_COLOUR = "#d84315"
HEAT_LEVELS = (0.12, 0.3, 0.5, 0.72, 0.95)


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (None: no figure, nothing drawn) and the value as shown."""

    label: str
    value: float | None
    text: str


@dataclass(frozen=True)
class Table:
    """A chart's data: a header row and body rows of text or ``Markup`` (links).

    ``numeric`` are the columns aligned as numbers; the first cell of a row is its header.
    """

    head: tuple[str, ...]
    rows: tuple[tuple[str | Markup, ...], ...]
    numeric: frozenset[int] = frozenset()


def num(value: float) -> str:
    """An SVG coordinate: at most one decimal, no trailing zeros."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def clip(text: str, size: int = 24) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _svg(title: str, width: float, height: float, body: list[str], css: str) -> Markup:
    label = escape(title)
    return Markup(
        f'<svg class="smm-chart {css}" role="img" aria-label="{label}"'
        f' viewBox="0 0 {num(width)} {num(height)}" width="100%"'
        f' preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{label}</title>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, text: str, css: str, anchor: str = "start") -> str:
    return (
        f'<text class="smm-chart__text {css}" x="{num(x)}" y="{num(y)}"'
        f' text-anchor="{anchor}" fill="{TEXT_COLOUR}" font-size="12">{escape(text)}</text>'
    )


def _scale(bars: Sequence[Bar]) -> float:
    top = max((b.value for b in bars if b.value is not None and b.value > 0), default=0.0)
    return top or 1.0


def bar_chart(title: str, bars: Sequence[Bar]) -> Markup:
    """Horizontal bars, one row each, the value at the end of its bar."""
    top, room = _scale(bars), WIDTH - LABEL - 80
    body = []
    for i, bar in enumerate(bars):
        y = i * ROW
        body.append(_text(LABEL - 8, y + 16, clip(bar.label), "smm-chart__label", "end"))
        length = room * max(bar.value or 0.0, 0.0) / top
        if bar.value is not None:
            body.append(
                f'<rect class="smm-chart__bar" x="{LABEL}" y="{num(y + 4)}" width="{num(length)}"'
                f' height="{ROW - 8}" fill="{BAR_COLOUR}"><title>{escape(bar.label)}:'
                f" {escape(bar.text)}</title></rect>"
            )
        body.append(_text(LABEL + length + 6, y + 16, bar.text, "smm-chart__value"))
    return _svg(title, WIDTH, max(len(bars), 1) * ROW, body, "smm-chart--bars")


def column_chart(title: str, bars: Sequence[Bar], height: float = 180) -> Markup:
    """Vertical columns in order (weeks): the label under each, the value above it."""
    top = _scale(bars)
    count = max(len(bars), 1)
    step = (WIDTH - 20) / count
    width = min(step * 0.7, 60)
    base = height - 22
    body = [
        f'<line class="smm-chart__axis" x1="10" y1="{num(base)}" x2="{WIDTH - 10}"'
        f' y2="{num(base)}" stroke="{TRACK_COLOUR}"/>'
    ]
    for i, bar in enumerate(bars):
        middle = 10 + step * i + step / 2
        tall = (base - 20) * max(bar.value or 0.0, 0.0) / top
        if bar.value is not None:
            body.append(
                f'<rect class="smm-chart__bar" x="{num(middle - width / 2)}" y="{num(base - tall)}"'
                f' width="{num(width)}" height="{num(tall)}" fill="{BAR_COLOUR}">'
                f"<title>{escape(bar.label)}: {escape(bar.text)}</title></rect>"
            )
        body.append(_text(middle, base - tall - 5, bar.text, "smm-chart__value", "middle"))
        body.append(_text(middle, base + 16, clip(bar.label, 12), "smm-chart__label", "middle"))
    return _svg(title, WIDTH, height, body, "smm-chart--columns")


def heat_level(value: float, top: float) -> int:
    """Which of the ``HEAT_LEVELS`` a value is drawn at (0: lowest, 4: the highest value)."""
    if top <= 0 or value <= 0:
        return 0
    return min(len(HEAT_LEVELS) - 1, int(len(HEAT_LEVELS) * value / top - 1e-9))


def heatmap(
    title: str,
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Mapping[tuple[int, int], tuple[float, str]],
) -> Markup:
    """A grid of rows × columns (weekdays × hours); a cell's shade is its value, its
    tooltip the text. Empty cells are outlined only."""
    size, left, head = 22, 48, 18
    top = max((value for value, _ in cells.values()), default=0.0)
    body = [
        _text(left + c * size + size / 2, 13, name, "smm-chart__label", "middle")
        for c, name in enumerate(columns)
    ]
    for r, name in enumerate(rows):
        y = head + r * size
        body.append(_text(left - 6, y + 15, name, "smm-chart__label", "end"))
        for c in range(len(columns)):
            x = left + c * size
            cell = cells.get((r, c))
            if cell is None:
                body.append(
                    f'<rect class="smm-chart__empty" x="{num(x + 1)}" y="{num(y + 1)}"'
                    f' width="{size - 2}" height="{size - 2}" fill="none" stroke="{TRACK_COLOUR}"/>'
                )
                continue
            value, text = cell
            level = heat_level(value, top)
            body.append(
                f'<rect class="smm-chart__heat smm-chart__heat--{level}" x="{num(x + 1)}"'
                f' y="{num(y + 1)}" width="{size - 2}" height="{size - 2}" fill="{BAR_COLOUR}"'
                f' fill-opacity="{HEAT_LEVELS[level]}"><title>{escape(name)} {escape(columns[c])}:'
                f" {escape(text)}</title></rect>"
            )
    width = left + len(columns) * size + 4
    return _svg(title, width, head + len(rows) * size + 4, body, "smm-chart--heatmap")


def progress_bar(title: str, share: float | None, expected: float | None) -> Markup:
    """A KPI's bar: ``share`` of the target reached (filled, capped at the end), with a
    marker where a linear pace says it should be now (``expected``, a share too)."""
    filled = min(max(share or 0.0, 0.0), 1.0) * 100
    body = [
        f'<rect class="smm-chart__track" x="0" y="2" width="100" height="8" fill="{TRACK_COLOUR}"/>'
    ]
    if share is not None:
        body.append(
            f'<rect class="smm-chart__bar" x="0" y="2" width="{num(filled)}" height="8"'
            f' fill="{BAR_COLOUR}"/>'
        )
    if expected is not None:
        at = min(max(expected, 0.0), 1.0) * 100
        body.append(
            f'<line class="smm-chart__marker" x1="{num(at)}" y1="0" x2="{num(at)}" y2="12"'
            f' stroke="{MARKER_COLOUR}" stroke-width="3" vector-effect="non-scaling-stroke"/>'
        )
    label = escape(title)
    return Markup(
        f'<svg class="smm-chart smm-chart--progress" role="img" aria-label="{label}"'
        f' viewBox="0 0 100 12" width="100%" height="12" preserveAspectRatio="none"'
        f' xmlns="http://www.w3.org/2000/svg"><title>{label}</title>{"".join(body)}</svg>'
    )


def table_html(table: Table, caption: str | None = None) -> Markup:
    """The data table of a chart (the first cell of each row is the row's header)."""
    out = ['<table class="smm-data">']
    if caption:
        out.append(f'<caption class="smm-visually-hidden">{escape(caption)}</caption>')

    def cls(i: int) -> str:
        return ' class="smm-num"' if i in table.numeric else ""

    head = "".join(f'<th scope="col"{cls(i)}>{escape(h)}</th>' for i, h in enumerate(table.head))
    out.append(f"<thead><tr>{head}</tr></thead><tbody>")
    for row in table.rows:
        cells = [
            f'<th scope="row"{cls(i)}>{escape(c)}</th>'
            if i == 0
            else f"<td{cls(i)}>{escape(c)}</td>"
            for i, c in enumerate(row)
        ]
        out.append(f"<tr>{''.join(cells)}</tr>")
    out.append("</tbody></table>")
    return Markup("".join(out))


def figure(
    caption: str, chart: Markup | None, table: Table, note: str = "", anchor: str = ""
) -> Markup:
    """A chart with its caption and, under it, its data table (what a screen reader and a
    reader without pictures get); ``note`` replaces the chart (e.g. "not enough posts")."""
    ident = f' id="{escape(anchor)}"' if anchor else ""
    out = [f'<figure class="smm-figure"{ident}><figcaption>{escape(caption)}</figcaption>']
    if note:
        out.append(f'<p class="smm-figure__note">{escape(note)}</p>')
    if chart is not None:
        out.append(f'<div class="smm-figure__chart">{chart}</div>')
    if table.rows:
        out.append(table_html(table, caption))
    out.append("</figure>")
    return Markup("".join(out))
