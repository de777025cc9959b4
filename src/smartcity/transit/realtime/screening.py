"""Which GPS fixes to believe. A refused fix is counted by reason and never reaches the
tracker, so a glitch cannot move a vehicle backwards or teleport it along its trip.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from smartcity.transit.realtime.geometry import haversine_m
from smartcity.transit.realtime.plans import Fix

# A trolleybus or bus in town does not exceed this (108 km/h), and GPS jitter of a few
# tens of metres between close fixes must not look like speed.
MAX_SPEED_MPS = 30.0
JITTER_M = 50.0
# Device clocks drift a little; older fixes than this are history, not live data.
MAX_AHEAD_S = 300.0
MAX_AGE_S = 3600.0


class Refusal(StrEnum):
    UNKNOWN_VEHICLE = "unknown_vehicle"
    MALFORMED = "malformed"
    OUTSIDE_CITY = "outside_city"
    IMPOSSIBLE_SPEED = "impossible_speed"
    FUTURE = "future"
    TOO_OLD = "too_old"
    DUPLICATE = "duplicate"
    OUT_OF_ORDER = "out_of_order"


@dataclass(frozen=True)
class Bounds:
    south: float
    west: float
    north: float
    east: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


# The municipality of Bălți with a margin for the depots and the terminus loops.
BALTI_BOUNDS = Bounds(south=47.70, west=27.85, north=47.83, east=28.00)


def fix_screen(
    fix: Fix,
    *,
    previous: Fix | None,
    now: float,
    bounds: Bounds = BALTI_BOUNDS,
    max_ahead: float = MAX_AHEAD_S,
    max_age: float = MAX_AGE_S,
) -> Refusal | None:
    """Why `fix` is refused, or None to accept it. `previous` is the vehicle's last
    accepted fix; the caller checks that the vehicle is known."""
    if not (-90 <= fix.lat <= 90 and -180 <= fix.lon <= 180):
        return Refusal.MALFORMED
    if not bounds.contains(fix.lat, fix.lon):
        return Refusal.OUTSIDE_CITY
    if fix.time > now + max_ahead:
        return Refusal.FUTURE
    if fix.time < now - max_age:
        return Refusal.TOO_OLD
    if previous is None:
        return None
    if fix.time == previous.time:
        return Refusal.DUPLICATE
    if fix.time < previous.time:
        return Refusal.OUT_OF_ORDER
    moved = haversine_m(previous.lat, previous.lon, fix.lat, fix.lon)
    if moved - JITTER_M > MAX_SPEED_MPS * (fix.time - previous.time):
        return Refusal.IMPOSSIBLE_SPEED
    return None
