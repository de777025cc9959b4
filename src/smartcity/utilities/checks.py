"""The utilities' built-in alert checks, evaluated every minute by the data hub."""

from __future__ import annotations

import datetime

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartcity.devices.alerts import Check, check_register
from smartcity.utilities.selectors import (
    HEAT,
    LEAK_NIGHTS,
    WATER,
    heat_anomalies,
    leak_suspicions,
)

LEAK = "water_leak_suspected"
HEAT_ABNORMAL = "heat_use_abnormal"


def _building(attributes: dict) -> str:
    return str((attributes or {}).get("building", ""))


def leaks_failing(now: datetime.datetime) -> dict[int, tuple[str, float | None]]:
    failing: dict[int, tuple[str, float | None]] = {}
    # Alerts are read by the city's staff first: their text is in the city's language.
    with translation.override("ro"):
        for leak in leak_suspicions(now=now):
            failing[leak.device.pk] = (
                _(
                    "%(device)s (%(building)s): water flows all night, at least "
                    "%(litres)s litres an hour between 02:00 and 05:00, %(nights)s nights "
                    "in a row; a leak is suspected"
                )
                % {
                    "device": leak.device.ref,
                    "building": _building(leak.device.attributes),
                    "litres": round(leak.lowest * 1000),
                    "nights": LEAK_NIGHTS,
                },
                leak.lowest,
            )
    return failing


def heat_failing(now: datetime.datetime) -> dict[int, tuple[str, float | None]]:
    failing: dict[int, tuple[str, float | None]] = {}
    with translation.override("ro"):
        for anomaly in heat_anomalies(now=now):
            failing[anomaly.device.pk] = (
                _(
                    "%(device)s (%(building)s): %(used)s kWh of heat on %(day)s, "
                    "usually %(usual)s kWh a day"
                )
                % {
                    "device": anomaly.device.ref,
                    "building": _building(anomaly.device.attributes),
                    "used": round(anomaly.consumption),
                    "day": formats.date_format(anomaly.day, "j E"),
                    "usual": round(anomaly.usual),
                },
                anomaly.consumption,
            )
    return failing


def checks_register() -> None:
    check_register(
        Check(
            code=LEAK,
            label=gettext_lazy("Water leak suspected (flow never stops at night)"),
            device_type=WATER,
            failing=leaks_failing,
        )
    )
    check_register(
        Check(
            code=HEAT_ABNORMAL,
            label=gettext_lazy("Abnormal heat use (a day far above the building's usual)"),
            device_type=HEAT,
            failing=heat_failing,
        )
    )
