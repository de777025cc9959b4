"""Air quality: the European Air Quality Index per station and hour, pages and alerts."""

from __future__ import annotations

import datetime

import pytest

from smartcity.devices import services
from smartcity.devices.ingest import TRUSTED, readings_ingest
from smartcity.environment import checks, selectors
from smartcity.environment.charts import line_chart
from smartcity.environment.eaqi import index_of, pollutant_level
from tests.conftest import iso
from tests.devices.conftest import NOW


@pytest.mark.parametrize(
    ("pollutant", "value", "level"),
    [
        ("pm25", 10, 1),
        ("pm25", 10.1, 2),
        ("pm25", 80, 6),
        ("pm10", 45, 3),
        ("no2", 231, 5),
        ("o3", 120, 3),
        ("o3", 400, 6),
    ],
)
def test_each_pollutant_falls_in_the_eea_bands(pollutant, value, level):
    assert pollutant_level(pollutant, value) == level


def test_the_worst_pollutant_sets_the_index():
    index = index_of({"pm25": 8, "no2": 150, "o3": 40, "temperature": 30})
    assert (index.level, index.pollutant, index.label) == (4, "no2", "Slab")
    assert index_of({"temperature": 3}) is None


@pytest.fixture
def station(balti):
    return services.device_register(
        ref="AQ-1",
        device_type="AirQualityObserved",
        latitude=47.7617,
        longitude=27.929,
        name="Stația Centru",
    )


def hourly(station, hours, **values):
    """One reading per hour for the last `hours` hours before NOW."""
    readings_ingest(
        [
            {
                "device": station.ref,
                "observedAt": iso(NOW - datetime.timedelta(hours=h)),
                "values": values,
            }
            for h in range(hours)
        ],
        credential=TRUSTED,
    )


def test_particulates_count_by_their_24_hour_running_mean(station):
    hourly(station, 24, pm25=8.0, no2=20.0)
    readings_ingest(
        [
            {
                "device": "AQ-1",
                "observedAt": iso(NOW + datetime.timedelta(minutes=1)),
                "values": {"pm25": 200.0},
            }
        ],
        credential=TRUSTED,
    )
    # One bad reading in a clean day: its hour's mean is 104, the 24-hour mean only 12.
    [now] = selectors.stations_now(NOW + datetime.timedelta(minutes=2))
    assert now.hour.means["pm25"] == 104.0  # the 20:00 hour holds 8 and 200
    assert now.hour.running["pm25"] == (104.0 + 23 * 8.0) / 24
    assert (now.level, now.hour.index.pollutant) == (2, "pm25")


def test_too_few_hours_give_no_running_mean(station):
    hourly(station, 10, pm25=60.0, no2=20.0)
    [now] = selectors.stations_now(NOW)
    assert "pm25" not in now.hour.running
    assert now.hour.index.pollutant == "no2"


def test_poor_air_raises_the_built_in_alert(station):
    hourly(station, 24, pm25=60.0)
    failing = checks.air_poor(NOW)
    assert list(failing) == [station.pk]
    assert "Stația Centru" in failing[station.pk][0]
    assert failing[station.pk][1] == 5.0


def test_clean_air_raises_nothing(station):
    hourly(station, 24, pm25=5.0, pm10=10.0, no2=10.0, o3=30.0)
    assert checks.air_poor(NOW) == {}


def test_a_chart_draws_known_values_over_the_bands():
    chart = line_chart([("18", 10.0), ("19", None), ("20", 30.0)], bands=(10, 20, 25, 50, 75))
    assert len(chart.dots) == 2
    assert chart.top == 34.5
    assert [css for _y, _h, css in chart.bands] == ["l1", "l2", "l3", "l4"]


def test_the_air_page_lists_stations_with_their_index(client, station):
    hourly(station, 24, pm25=30.0, pm10=30.0, no2=20.0, o3=40.0)
    body = client.get("/environment/air/").content.decode()
    assert "Calitatea aerului" in body
    assert "Stația Centru" in body
    assert 'class="aqi l4"' in body
    features = client.get("/environment/air/stations.geojson").json()["features"]
    assert features[0]["properties"]["level"] == 4


def test_the_station_page_has_24_hours_and_four_charts(client, station):
    hourly(station, 24, pm25=12.0, no2=20.0)
    response = client.get("/environment/air/AQ-1/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<figure") == 4
    assert body.count("<circle") == 48  # PM2.5 and NO₂ for 24 hours
    assert client.get("/environment/air/AQ-404/").status_code == 404
