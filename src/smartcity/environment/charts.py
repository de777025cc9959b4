"""Small line charts drawn on the server as SVG geometry (no JavaScript needed)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT, LEFT, BOTTOM = 600, 180, 40, 20
BAND_CLASSES = ("l1", "l2", "l3", "l4", "l5", "l6")


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    polyline: str  # "x,y x,y …" of the known values
    bands: list[tuple[float, float, str]]  # (y, height, css class) behind the line
    ticks: list[tuple[float, str]]  # (x, label) along the bottom
    top: float  # the value at the top of the chart
    dots: list[tuple[float, float, float]]  # (x, y, value) for each point, for titles


def line_chart(
    points: list[tuple[str, float | None]], *, bands: tuple[float, ...] | None = None
) -> Chart:
    values = [v for _label, v in points if v is not None]
    highest = max(values, default=0.0)
    top = max(highest * 1.15, (bands[1] if bands else 1.0), 1.0)
    plot_w, plot_h = WIDTH - LEFT, HEIGHT - BOTTOM
    step = plot_w / max(len(points) - 1, 1)

    def y(value: float) -> float:
        return round(plot_h - min(value, top) / top * plot_h, 1)

    dots = [
        (round(LEFT + i * step, 1), y(v), v)
        for i, (_label, v) in enumerate(points)
        if v is not None
    ]
    drawn_bands = []
    if bands:
        lower = 0.0
        for upper, css in zip((*bands, float("inf")), BAND_CLASSES, strict=True):
            if lower >= top:
                break
            y_top, y_bottom = y(min(upper, top)), y(lower)
            drawn_bands.append((y_top, round(y_bottom - y_top, 1), css))
            lower = upper
    ticks = [
        (round(LEFT + i * step, 1), label) for i, (label, _v) in enumerate(points) if i % 3 == 0
    ]
    return Chart(
        WIDTH,
        HEIGHT,
        " ".join(f"{x},{yy}" for x, yy, _v in dots),
        drawn_bands,
        ticks,
        round(top, 1),
        dots,
    )
