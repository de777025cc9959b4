"""Daily bars drawn as SVG on the server."""

from __future__ import annotations

import pytest

from smartcity.utilities.charts import _nice_ceiling, bar_chart


def test_bars_are_as_tall_as_their_values_against_a_round_top():
    chart = bar_chart([("1", 10.0), ("2", 40.0), ("3", None), ("4", 20.0)], unit="m³", height=124)
    assert chart.top_value == 50.0
    plot = chart.plot_bottom - chart.plot_top  # 90 pixels
    heights = [b.height for b in chart.bars]
    assert heights == [
        pytest.approx(plot * 0.2),
        pytest.approx(plot * 0.8),
        0.0,
        pytest.approx(plot * 0.4),
    ]
    assert all(b.y + b.height == pytest.approx(chart.plot_bottom) for b in chart.bars)
    assert [b.title for b in chart.bars] == ["1: 10.0 m³", "2: 40.0 m³", "3: –", "4: 20.0 m³"]


def test_bars_follow_each_other_from_left_to_right_without_overlapping():
    chart = bar_chart([(str(n), float(n)) for n in range(30)], unit="kWh")
    xs = [b.x for b in chart.bars]
    assert xs == sorted(xs)
    assert all(a.x + a.width < b.x for a, b in zip(chart.bars, chart.bars[1:], strict=False))
    assert chart.bars[-1].x + chart.bars[-1].width <= chart.width
    labelled = [n for n, b in enumerate(chart.bars) if b.labelled]
    assert labelled == [1, 8, 15, 22, 29]  # every 7th day, back from the last


@pytest.mark.parametrize(
    ("value", "top"), [(0.0, 1.0), (0.7, 1.0), (1.2, 2.0), (23.0, 25.0), (4100.0, 5000.0)]
)
def test_the_scale_ends_at_a_round_value(value, top):
    assert _nice_ceiling(value) == top


def test_a_chart_without_data_still_draws():
    chart = bar_chart([("1", None), ("2", None)], unit="m³")
    assert chart.top_value == 1.0
    assert all(b.height == 0 for b in chart.bars)
