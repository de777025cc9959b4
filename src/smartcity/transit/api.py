"""Public transport's JSON API (read only): a stop's next arrivals, as its board shows them.

The same rows as the stop's page, from the same computation (once per refresh for every
process): live where a vehicle is tracked on the run, else the timetable's.
"""

# No `from __future__ import annotations`: ninja reads the annotations at run time.

import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from smartcity.config.api_errors import error_responses
from smartcity.transit.models import Stop
from smartcity.transit.realtime import selectors as realtime_selectors

router = Router(tags=["transit"])


class ArrivalOut(Schema):
    route_id: str = Field(description="the line's GTFS route_id")
    line: str = Field(description="the line's number as riders know it")
    headsign: str
    time: datetime.datetime = Field(description="predicted (live) or scheduled arrival")
    minutes: int = Field(description="whole minutes from now, 0 when due")
    live: bool = Field(description="predicted for a tracked vehicle, else the timetable's")
    vehicle: str = Field(description="the tracked vehicle's fleet number, empty if scheduled")
    headway_minutes: int | None = Field(
        None, description="for a run by interval with no vehicle on it: the time is indicative"
    )


class StopArrivalsOut(Schema):
    stop_id: str
    name: str
    generated_at: datetime.datetime
    arrivals: list[ArrivalOut]


@router.get(
    "/stops/{stop_id}/arrivals",
    response={200: StopArrivalsOut, **error_responses(400, 404)},
    summary="A stop's next arrivals within the hour, live or scheduled, in time order",
)
def stop_arrivals(request: HttpRequest, stop_id: str):  # noqa: ANN201
    stop = Stop.objects.filter(gtfs_id=stop_id).first()
    if stop is None:
        raise HttpError(404, _("There is no such stop."))
    now = timezone.now()
    rows = realtime_selectors.stop_board(stop, now)
    return {
        "stop_id": stop.gtfs_id,
        "name": stop.name,
        "generated_at": now,
        "arrivals": [
            {
                "route_id": row.route.gtfs_id,
                "line": row.route.short_name,
                "headsign": row.headsign,
                "time": row.when,
                "minutes": row.minutes,
                "live": row.live,
                "vehicle": row.vehicle,
                "headway_minutes": round(row.headway / 60) if row.headway else None,
            }
            for row in rows
        ],
    }
