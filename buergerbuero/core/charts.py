"""Bar charts as server-rendered SVG: the geometry of columns (one series over time) and of
horizontal bars (several series per row); `templates/partials/chart.html` draws a chart and the
table of the same numbers. Labels stay data here: the template escapes them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

WIDTH = 320
"""The viewBox width: on a 320 px screen (about 290 px for the chart) 15-unit text is still
about 13 px high; wider screens scale it up to the figure's width."""
SHORT_LABEL = 34
"""Longer row labels are shortened in the picture (the table holds them whole)."""


@dataclass(frozen=True)
class Bar:
    """One drawn bar with its printed value and where the value goes."""

    x: float
    y: float
    width: float
    height: float
    value: int
    series: int
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Label:
    """A piece of text in the picture (a week under its column, a row's name, a series' name)."""

    x: float
    y: float
    text: str
    anchor: str = "start"
    bold: bool = False


@dataclass(frozen=True)
class Row:
    """One line of the chart's table: its label (any printable, e.g. a Text) and its values."""

    label: Any
    values: Sequence[int]


@dataclass(frozen=True)
class Chart:
    """A chart ready to draw: the SVG's pieces and the table holding the same numbers."""

    id: str
    title: str
    description: str
    height: float
    bars: list[Bar]
    labels: list[Label]
    row_header: str
    series: list[str]
    rows: list[Row]
    width: int = WIDTH


def shorten(text: Any, limit: int = SHORT_LABEL) -> str:
    """Return a label as plain text, cut at a word with an ellipsis when it is too long."""
    text = str(text)
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0] or text[:limit - 1]
    return cut.rstrip() + "…"


def scale(value: int, largest: int, length: float) -> float:
    """Return a value's length on an axis where the largest value takes `length`."""
    return length * value / largest if largest > 0 else 0.0


def columns(id: str, title: str, description: str, rows: list[Row], ticks: list[str],
            row_header: str, series: str, height: float = 200) -> Chart:
    """Build a column chart of one series: one column per row, `ticks` written under them."""
    top, bottom, side = 24.0, 28.0, 2.0
    slot = (WIDTH - 2 * side) / max(len(rows), 1)
    plot = height - top - bottom
    largest = max((row.values[0] for row in rows), default=0)
    bars, labels = [], []
    for index, (row, tick) in enumerate(zip(rows, ticks, strict=True)):
        centre = side + slot * (index + 0.5)
        length = scale(row.values[0], largest, plot)
        bars.append(Bar(centre - slot * 0.35, top + plot - length, slot * 0.7, length,
                        row.values[0], 0, centre, top + plot - length - 5))
        labels.append(Label(centre, height - 8, tick, "middle"))
    return Chart(id, title, description, height, bars, labels, row_header, [series], rows)


def horizontal_bars(id: str, title: str, description: str, rows: list[Row],
                    series: list[str], row_header: str) -> Chart:
    """Build horizontal bars: per row its label, then one named bar per series under it."""
    heading, line, gap, name_width, value_room = 22.0, 24.0, 12.0, 84.0, 46.0
    length = WIDTH - name_width - value_room
    largest = max((value for row in rows for value in row.values), default=0)
    bars, labels, y = [], [], 0.0
    for row in rows:
        labels.append(Label(0, y + 16, shorten(row.label), bold=True))
        y += heading
        for index, value in enumerate(row.values):
            width = scale(value, largest, length)
            labels.append(Label(0, y + 17, series[index]))
            bars.append(Bar(name_width, y + 3, width, line - 6, value, index,
                            name_width + width + 6, y + 17))
            y += line
        y += gap
    return Chart(id, title, description, max(y, line), bars, labels, row_header, series, rows)
