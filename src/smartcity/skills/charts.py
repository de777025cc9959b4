"""Horizontal bar charts drawn on the server as SVG geometry (no JavaScript), for the
results page and the report PDF. A suppressed value is drawn as a marked empty bar.
Coordinates are whole numbers, and the template turns localisation off, so that no
decimal comma ever reaches the SVG."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format

LABEL_W, BAR_W, ROW_H, PAD = 300, 320, 22, 4


@dataclass(frozen=True)
class Bar:
    y: int
    label: str
    width: int
    value: str
    suppressed: bool
    series: int = 0


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]
    series_labels: list[str]


def bar_chart(
    rows: list[tuple[str, list[float | None]]],
    *,
    series: list[str] | None = None,
    unit: str = "",
) -> BarChart:
    """Bars for (label, values per series); None is a suppressed value."""
    values = [v for _label, vs in rows for v in vs if v is not None]
    top = max(values, default=0.0) or 1.0
    count = max((len(vs) for _l, vs in rows), default=1)
    bar_h = (ROW_H - PAD) / count
    bars = []
    for i, (label, vs) in enumerate(rows):
        for s, value in enumerate(vs):
            y = round(i * ROW_H + s * bar_h)
            if value is None:
                bars.append(Bar(y, label if s == 0 else "", 0, "", True, s))
                continue
            shown = f"{number_format(value)}{unit}"  # 12,5 in Romanian
            bars.append(
                Bar(y, label if s == 0 else "", round(value / top * BAR_W), shown, False, s)
            )
    return BarChart(LABEL_W + BAR_W + 60, max(len(rows), 1) * ROW_H, LABEL_W, bars, series or [])
