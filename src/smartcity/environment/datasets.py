"""Hourly air quality at the city's stations in the open data catalogue."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from smartcity.devices.selectors import (
    aggregate_periods_count,
    aggregate_span,
    aggregate_stream,
)
from smartcity.environment.selectors import QUANTITIES
from smartcity.opendata.registry import CC_BY_4, Column, Dataset, dataset_register

STATION = "AirQualityObserved"


def air_hours() -> Iterator[dict]:
    """One row per station and hour: the hourly means of every quantity measured."""
    for device, start, values in aggregate_stream(STATION, QUANTITIES, period="h"):
        row = {
            "station": device.ref,
            "name": device.name,
            "latitude": device.latitude,
            "longitude": device.longitude,
            "hour_start": start,
        }
        for quantity in QUANTITIES:
            aggregate = values.get(quantity)
            row[quantity] = round(aggregate.mean, 2) if aggregate else None
        yield row


def _span():  # noqa: ANN202
    return aggregate_span(STATION, QUANTITIES, period="h")


def _modified():  # noqa: ANN202
    span = _span()
    return span[1] if span else None


dataset_register(
    Dataset(
        slug="air-quality-hourly",
        title=_("Air quality, hourly"),
        description=_(
            "Hourly means at each air quality station of the city: PM2.5, PM10, NO₂ and O₃ "
            "in µg/m³, temperature in °C and relative humidity (0–1). Hours start on the "
            "hour, in UTC."
        ),
        themes=("ENVI", "HEAL"),
        keywords=(_("air quality"), _("pollution"), _("PM2.5"), _("sensors")),
        licence=CC_BY_4,
        frequency="HOURLY",
        columns=(
            Column("station", _("station")),
            Column("name", _("name")),
            Column("latitude", _("latitude"), "number"),
            Column("longitude", _("longitude"), "number"),
            Column("hour_start", _("hour (start, UTC)"), "datetime"),
            Column("pm25", "PM2.5 (µg/m³)", "number"),
            Column("pm10", "PM10 (µg/m³)", "number"),
            Column("no2", "NO₂ (µg/m³)", "number"),
            Column("o3", "O₃ (µg/m³)", "number"),
            Column("temperature", _("temperature (°C)"), "number"),
            Column("relativeHumidity", _("relative humidity"), "number"),
        ),
        rows=air_hours,
        count=lambda: aggregate_periods_count(STATION, QUANTITIES, period="h"),
        located=True,
        modified=_modified,
        temporal=_span,
        app_label="environment",
    )
)
