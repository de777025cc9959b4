"""Bar charts drawn on the server as SVG: the page needs no script to show them."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # shown under the bar when `labelled` (every few bars, the last one too)
    title: str  # the tooltip: label and value
    labelled: bool


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    plot_top: int
    plot_bottom: int
    plot_left: int
    bars: list[Bar]
    top_value: float  # the value at the top of the plot
    unit: str


def _nice_ceiling(value: float) -> float:
    """1, 2, 2.5 or 5 times a power of ten, at least `value`: a round top for the scale."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= value)


def bar_chart(
    points: list[tuple[str, float | None]],
    *,
    unit: str,
    width: int = 720,
    height: int = 180,
    label_every: int = 7,
) -> BarChart:
    """Bars for (label, value) points in order; a missing value leaves a gap."""
    left, top, bottom = 48, 10, height - 24
    top_value = _nice_ceiling(max((v for _l, v in points if v is not None), default=0.0))
    # Room on the right for the last day's label, which starts at its bar.
    slot = (width - left - 30) / max(len(points), 1)
    bars = []
    for index, (label, value) in enumerate(points):
        shown = "–" if value is None else f"{value:.1f} {unit}"
        size = 0.0 if value is None else (bottom - top) * value / top_value
        bars.append(
            Bar(
                x=round(left + index * slot + slot * 0.1, 1),
                y=round(bottom - size, 1),
                width=round(slot * 0.8, 1),
                height=round(size, 1),
                label=label,
                title=f"{label}: {shown}",
                # Counted back from the last bar, so the latest day always has its label.
                labelled=(len(points) - 1 - index) % label_every == 0,
            )
        )
    return BarChart(width, height, top, bottom, left, bars, top_value, unit)
