"""The utilities' meter suspicions as work for the blocks' managers."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from smartcity.housing import services
from smartcity.housing.models import WorkItem
from smartcity.utilities.selectors import building_key, heat_anomalies, leak_suspicions


def _building(attributes: dict | None) -> str:
    return building_key(str((attributes or {}).get("building", "")))


def findings(*, now: datetime.datetime | None = None) -> list[services.Finding]:
    """Every leak and heat suspicion the hub sees now, as findings by block address."""
    now = now or timezone.now()
    found = []
    # The work queue is read by the managers: its text is in the city's language.
    with override("ro"):
        for leak in leak_suspicions(now=now):
            found.append(
                services.Finding(
                    kind=WorkItem.Kind.LEAK,
                    meter_ref=leak.device.ref,
                    building_key=_building(leak.device.attributes),
                    first_seen=leak.nights[0][0],
                    last_seen=leak.nights[-1][0],
                    details=_(
                        "Water flows all night: at least %(litres)s litres an hour between "
                        "02:00 and 05:00."
                    )
                    % {"litres": round(leak.lowest * 1000)},
                )
            )
        for anomaly in heat_anomalies(now=now):
            found.append(
                services.Finding(
                    kind=WorkItem.Kind.HEAT,
                    meter_ref=anomaly.device.ref,
                    building_key=_building(anomaly.device.attributes),
                    first_seen=anomaly.day,
                    last_seen=anomaly.day,
                    details=_("%(used)s kWh of heat in a day, usually %(usual)s kWh.")
                    % {"used": round(anomaly.consumption), "usual": round(anomaly.usual)},
                )
            )
    return found


def work_items_open_all(*, now: datetime.datetime | None = None) -> int:
    """Open the work items of suspicions that have none yet; returns how many opened."""
    return sum(
        1 for finding in findings(now=now) if services.work_item_open(finding=finding) is not None
    )
