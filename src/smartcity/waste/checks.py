"""The waste domain's built-in alert check, evaluated every minute by the data hub."""

from __future__ import annotations

import datetime

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartcity.devices.alerts import Check, check_register
from smartcity.devices.selectors import Condition, devices_filter, with_states
from smartcity.waste.selectors import CONTAINER, FILL, OVERFLOW_LEVEL

OVERFLOW = "container_overflow"


def containers_overflowing(now: datetime.datetime) -> dict[int, tuple[str, float | None]]:
    """Containers whose latest fill level is at or above 100 %, with the alert's text."""
    devices = devices_filter(
        device_type=CONTAINER, conditions=[Condition(FILL, ">=", OVERFLOW_LEVEL)]
    )
    failing: dict[int, tuple[str, float | None]] = {}
    # Alerts are read by the city's staff first: their text is in the city's language.
    with translation.override("ro"):
        for view in with_states(devices, quantities=[FILL]):
            level = view.states[FILL].value
            where = view.device.address or view.device.ref
            failing[view.device.pk] = (
                _("Container %(device)s (%(where)s) is overflowing: %(percent)s%% full")
                % {"device": view.device.ref, "where": where, "percent": round(level * 100)},
                level,
            )
    return failing


def checks_register() -> None:
    check_register(
        Check(
            code=OVERFLOW,
            label=gettext_lazy("Waste container overflowing (fill level at least 100 %)"),
            device_type=CONTAINER,
            failing=containers_overflowing,
        )
    )
