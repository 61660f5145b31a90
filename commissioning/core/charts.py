"""Server-drawn SVG charts. Every chart is drawn beside a table of the same figures, so the
SVG is an image with a text alternative, and nothing depends on JavaScript."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40
# GOV.UK colours that keep 3:1 contrast against white for lines and shapes.
COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#0b0c0c"]


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / ticks if span > 0 else 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude


@dataclass
class Series:
    label: str
    points: list[tuple[int, Decimal | float]]
    lower: list[tuple[int, Decimal | float]] = field(default_factory=list)
    upper: list[tuple[int, Decimal | float]] = field(default_factory=list)


@dataclass
class DrawnSeries:
    label: str
    colour: str
    dash: str
    path: str
    band: str


@dataclass
class LineChart:
    width: int
    height: int
    series: list[DrawnSeries]
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    left: int
    bottom: float
    right: float
    top: int


def line_chart(series: list[Series]) -> LineChart | None:
    """Scale series (x: years, y: values) into an SVG plot area with tidy axis ticks."""
    xs = [x for item in series for x, _ in item.points]
    ys = [float(y) for item in series for _, y in [*item.points, *item.lower, *item.upper]]
    if not xs or not ys:
        return None
    x_min, x_max = min(xs), max(xs)
    step = _nice_step(max(ys) - 0)
    y_max = step * math.ceil(max(ys) / step) if max(ys) > 0 else 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(x: int) -> float:
        return LEFT + (plot_w * (x - x_min) / (x_max - x_min) if x_max > x_min else plot_w / 2)

    def y_of(y: float) -> float:
        return TOP + plot_h - plot_h * float(y) / y_max

    drawn = []
    for index, item in enumerate(series):
        path = " ".join(f"{'M' if i == 0 else 'L'}{x_of(x):.1f},{y_of(y):.1f}" for i, (x, y) in enumerate(item.points))
        band = ""
        if item.lower and item.upper:
            forward = [f"{x_of(x):.1f},{y_of(y):.1f}" for x, y in item.upper]
            back = [f"{x_of(x):.1f},{y_of(y):.1f}" for x, y in reversed(item.lower)]
            band = "M" + " L".join(forward + back) + " Z"
        drawn.append(
            DrawnSeries(item.label, COLOURS[index % len(COLOURS)], "" if index % 2 == 0 else "6 4", path, band)
        )
    year_step = max(1, round((x_max - x_min) / 6 / 5) * 5) if x_max - x_min > 10 else 1
    x_ticks = [(x_of(x), str(x)) for x in range(x_min, x_max + 1) if (x - x_min) % year_step == 0 or x == x_max]
    y_ticks = []
    value = 0.0
    while value <= y_max + step / 2:
        y_ticks.append((y_of(value), f"{value:,.0f}" if step >= 1 else f"{value:,.2f}"))
        value += step
    return LineChart(WIDTH, HEIGHT, drawn, x_ticks, y_ticks, LEFT, TOP + plot_h, WIDTH - RIGHT, TOP)
