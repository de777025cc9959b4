"""When the periodic jobs run: cron expressions on the city's wall clock.

Times are Europe/Chisinau (the city's own hours, daylight saving included), evaluated by
cronsim. Night jobs sit between 02:00 and 04:00, away from the morning's reports; the
skills study's reminders go out at 10:00, when enterprises read their mail.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from cronsim import CronSim
from django_tasks.base import Task

CITY_TZ = zoneinfo.ZoneInfo("Europe/Chisinau")


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    cron: str  # minute hour day-of-month month day-of-week, on the city's clock
    task: Task

    def due_latest(self, now: datetime.datetime) -> datetime.datetime:
        """The latest due time at or before `now` (aware), in UTC."""
        # cronsim's reverse iteration starts strictly before its start, so ask from a
        # minute later to include `now`'s own minute (added in UTC: the city's clock
        # skips or repeats an hour when daylight saving changes).
        minute = now.astimezone(datetime.UTC).replace(second=0, microsecond=0)
        start = (minute + datetime.timedelta(minutes=1)).astimezone(CITY_TZ)
        due = next(CronSim(self.cron, start, reverse=True))
        return due.astimezone(datetime.UTC)


def jobs() -> list[PeriodicJob]:
    """Every periodic job of the platform (imported here, late: the apps' task modules
    import their services, which need the app registry)."""
    from smartcity.appointments import tasks as appointment_tasks
    from smartcity.devices import tasks as device_tasks
    from smartcity.egov import tasks as egov_tasks
    from smartcity.housing import tasks as housing_tasks
    from smartcity.operations import tasks as operations_tasks
    from smartcity.service_requests import tasks as request_tasks
    from smartcity.skills import tasks as skills_tasks
    from smartcity.strategy import tasks as strategy_tasks
    from smartcity.transit.realtime import tasks as transit_tasks

    return [
        PeriodicJob("alerts_periodic_evaluate", "* * * * *", device_tasks.alerts_periodic_evaluate),
        # The broker's accounts follow the registry within a minute (devices/broker_auth.py).
        PeriodicJob("broker_auth_sync", "* * * * *", device_tasks.broker_auth_sync),
        PeriodicJob("fix_checks_send", "5 * * * *", request_tasks.fix_checks_send),
        # MNotify notices that failed are tried again once their pause is over.
        PeriodicJob("notices_deliver_due", "* * * * *", egov_tasks.notices_deliver_due),
        # A planned outage is announced a day ahead; its start and end within minutes.
        PeriodicJob("outage_notices_send", "*/5 * * * *", housing_tasks.outage_notices_send),
        PeriodicJob(
            "work_items_from_suspicions", "20 * * * *", housing_tasks.work_items_from_suspicions
        ),
        PeriodicJob("indicators_compute", "15 */6 * * *", strategy_tasks.indicators_compute),
        PeriodicJob("raw_readings_prune", "30 2 * * *", device_tasks.raw_readings_prune),
        PeriodicJob("vehicle_positions_prune", "45 2 * * *", transit_tasks.vehicle_positions_prune),
        PeriodicJob("task_results_prune", "15 3 * * *", operations_tasks.task_results_prune),
        PeriodicJob("reminders_send_all", "0 10 * * *", skills_tasks.reminders_send_all),
        # Tomorrow's appointments, from the morning on; hourly, so a booking made later in
        # the day for tomorrow is reminded too (each booking once).
        PeriodicJob(
            "appointment_reminders_send",
            "40 9-20 * * *",
            appointment_tasks.appointment_reminders_send,
        ),
    ]
