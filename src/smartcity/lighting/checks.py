"""Faults of street lights, found by comparing what a lamp does with what it should.

Registered as built-in checks of the data hub, so staff switch them on as alert rules
(and choose whether they open service requests); the worker runs them every minute.
"""

from __future__ import annotations

import datetime

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartcity.devices.alerts import Check, check_register
from smartcity.devices.selectors import devices_filter, with_states
from smartcity.lighting.schedule import level_at, profile_for
from smartcity.lighting.sun import is_day, is_night

# A state older than this says nothing about now (the silence rule covers that case).
FRESH = datetime.timedelta(hours=2)
STANDBY_WATTS = 5.0


def _fresh_lights(now: datetime.datetime):  # noqa: ANN202
    lights = devices_filter(device_type="StreetLight").filter(is_connected=True)
    return [
        v
        for v in with_states(lights, ("powerState", "illuminanceLevel", "activePower"))
        if "powerState" in v.states and now - v.states["powerState"].observed_at <= FRESH
    ]


def lamps_off_at_night(now: datetime.datetime) -> dict[int, tuple[str, float | None]]:
    if not is_night(now):
        return {}
    failing: dict[int, tuple[str, float | None]] = {}
    levels: dict[int | None, float] = {}
    with translation.override("ro"):
        for view in _fresh_lights(now):
            district = view.device.district_id
            if district not in levels:
                profile = profile_for(district)
                levels[district] = level_at(profile.steps, now) if profile else 1.0
            if levels[district] > 0 and view.value("powerState") == "off":
                failing[view.device.pk] = (
                    _("%(device)s: the lamp is off at night") % {"device": view.device.ref},
                    None,
                )
    return failing


def lamps_on_by_day(now: datetime.datetime) -> dict[int, tuple[str, float | None]]:
    if not is_day(now):
        return {}
    with translation.override("ro"):
        return {
            v.device.pk: (
                _("%(device)s: the lamp is on in daylight") % {"device": v.device.ref},
                None,
            )
            for v in _fresh_lights(now)
            if v.value("powerState") == "on"
        }


def power_expected(view) -> tuple[float, float] | None:  # noqa: ANN001 - a DeviceView
    """(lowest, highest) plausible power of a lamp in its current state, in watts."""
    rated = (view.device.attributes or {}).get("lampPower")
    if view.value("powerState") == "off":
        return (0.0, STANDBY_WATTS)
    if not isinstance(rated, int | float) or rated <= 0:
        return None
    level = view.value("illuminanceLevel")
    level = level if isinstance(level, float) else 1.0
    # LED drivers draw roughly in proportion to the dimming level, with some overhead.
    return (0.5 * rated * level, 1.3 * rated * max(level, 0.2) + STANDBY_WATTS)


def power_out_of_range(now: datetime.datetime) -> dict[int, tuple[str, float | None]]:
    failing = {}
    with translation.override("ro"):
        for view in _fresh_lights(now):
            power = view.value("activePower")
            expected = power_expected(view)
            if power is None or expected is None:
                continue
            low, high = expected
            if not low <= power <= high:
                failing[view.device.pk] = (
                    _("%(device)s: power %(power).0f W, expected %(low).0f–%(high).0f W")
                    % {"device": view.device.ref, "power": power, "low": low, "high": high},
                    power,
                )
    return failing


def register() -> None:
    check_register(
        Check(
            "lamp_off_at_night",
            gettext_lazy("lamp off at night"),
            "StreetLight",
            lamps_off_at_night,
        )
    )
    check_register(
        Check("lamp_on_by_day", gettext_lazy("lamp on in daylight"), "StreetLight", lamps_on_by_day)
    )
    check_register(
        Check(
            "lamp_power_out_of_range",
            gettext_lazy("lamp power out of range"),
            "StreetLight",
            power_out_of_range,
        )
    )
