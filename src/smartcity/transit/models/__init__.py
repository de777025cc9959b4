"""Public transport: the GTFS static feed and the service alerts staff publish."""

from smartcity.transit.models.alerts import (
    AlertCause,
    AlertEffect,
    AlertSeverity,
    ServiceAlert,
)
from smartcity.transit.models.feed import (
    Accessibility,
    Agency,
    CalendarDate,
    FeedInfo,
    Frequency,
    LocationType,
    PickupDropOff,
    Route,
    RouteType,
    Service,
    Shape,
    ShapePoint,
    Stop,
    StopTime,
    Trip,
)

__all__ = [
    "Accessibility",
    "Agency",
    "AlertCause",
    "AlertEffect",
    "AlertSeverity",
    "CalendarDate",
    "FeedInfo",
    "Frequency",
    "LocationType",
    "PickupDropOff",
    "Route",
    "RouteType",
    "Service",
    "ServiceAlert",
    "Shape",
    "ShapePoint",
    "Stop",
    "StopTime",
    "Trip",
]
