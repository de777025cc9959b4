"""Air-quality alerts by the index: a station whose air is poor or worse."""

from __future__ import annotations

import datetime

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartcity.devices.alerts import Check, check_register
from smartcity.environment.selectors import stations_now

POOR = 4


def air_poor(now: datetime.datetime) -> dict[int, tuple[str, float | None]]:
    failing: dict[int, tuple[str, float | None]] = {}
    with translation.override("ro"):
        for item in stations_now(now):
            index = item.hour.index if item.hour else None  # what item.level is read from
            if index is not None and index.level >= POOR:
                failing[item.station.pk] = (
                    _("%(station)s: the air quality index is %(level)s (%(pollutant)s)")
                    % {
                        "station": item.station.name or item.station.ref,
                        "level": index.label,
                        "pollutant": index.pollutant,
                    },
                    float(index.level),
                )
    return failing


def register() -> None:
    check_register(
        Check(
            "air_quality_poor",
            gettext_lazy("air quality index poor or worse"),
            "AirQualityObserved",
            air_poor,
        )
    )
