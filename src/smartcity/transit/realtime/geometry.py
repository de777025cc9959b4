"""Distances on the ground and positions along a route's shape, in metres.

A shape is short (a few kilometres inside one city), so each shape is flattened once
with an equirectangular projection centred on it; the error over Bălți's extent is far
below GPS noise. Distances between two fixes use the haversine formula.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

EARTH_RADIUS_M = 6_371_008.8


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two WGS84 points, in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Projection:
    """Where a point falls on a shape: metres along it, and metres away from it."""

    distance_along: float
    offset: float


@dataclass
class Polyline:
    """A shape as a flattened polyline with cumulative distances (metres)."""

    points: Sequence[tuple[float, float]]  # (lat, lon)
    _xy: list[tuple[float, float]] = field(init=False, repr=False)
    cumulative: list[float] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.points) < 2:
            raise ValueError("a shape needs at least two points")
        self._lat0 = sum(p[0] for p in self.points) / len(self.points)
        self._lon0 = sum(p[1] for p in self.points) / len(self.points)
        self._kx = math.radians(1) * EARTH_RADIUS_M * math.cos(math.radians(self._lat0))
        self._ky = math.radians(1) * EARTH_RADIUS_M
        self._xy = [self._flat(lat, lon) for lat, lon in self.points]
        self.cumulative = [0.0]
        for (x1, y1), (x2, y2) in zip(self._xy, self._xy[1:], strict=False):
            self.cumulative.append(self.cumulative[-1] + math.hypot(x2 - x1, y2 - y1))

    def _flat(self, lat: float, lon: float) -> tuple[float, float]:
        return ((lon - self._lon0) * self._kx, (lat - self._lat0) * self._ky)

    @property
    def length(self) -> float:
        return self.cumulative[-1]

    def project(
        self, lat: float, lon: float, *, start: float = 0.0, end: float | None = None
    ) -> Projection:
        """The closest point of the shape between `start` and `end` metres along it.

        Limiting the window lets a tracker follow a vehicle on a shape that passes the
        same street twice (a loop, or both directions on one road) without jumping.
        """
        end = self.length if end is None else end
        px, py = self._flat(lat, lon)
        best: Projection | None = None
        first = max(0, bisect.bisect_right(self.cumulative, start) - 1)
        for i in range(first, len(self._xy) - 1):
            seg_start = self.cumulative[i]
            if seg_start > end:
                break
            (x1, y1), (x2, y2) = self._xy[i], self._xy[i + 1]
            dx, dy = x2 - x1, y2 - y1
            seg_len = self.cumulative[i + 1] - seg_start
            t = 0.0 if seg_len == 0 else ((px - x1) * dx + (py - y1) * dy) / (seg_len * seg_len)
            lo = max(0.0, (start - seg_start) / seg_len) if seg_len else 0.0
            hi = min(1.0, (end - seg_start) / seg_len) if seg_len else 0.0
            t = min(max(t, lo), hi) if lo <= hi else lo
            cx, cy = x1 + t * dx, y1 + t * dy
            offset = math.hypot(px - cx, py - cy)
            if best is None or offset < best.offset - 1e-9:
                best = Projection(seg_start + t * seg_len, offset)
        assert best is not None
        return best

    def point_at(self, distance: float) -> tuple[float, float]:
        """The (lat, lon) `distance` metres along the shape (clamped to its ends)."""
        distance = min(max(distance, 0.0), self.length)
        i = min(bisect.bisect_right(self.cumulative, distance) - 1, len(self._xy) - 2)
        seg_len = self.cumulative[i + 1] - self.cumulative[i]
        t = 0.0 if seg_len == 0 else (distance - self.cumulative[i]) / seg_len
        (x1, y1), (x2, y2) = self._xy[i], self._xy[i + 1]
        x, y = x1 + t * (x2 - x1), y1 + t * (y2 - y1)
        return (self._lat0 + y / self._ky, self._lon0 + x / self._kx)

    def bearing_at(self, distance: float) -> float:
        """The compass bearing (degrees) of travel `distance` metres along the shape."""
        distance = min(max(distance, 0.0), self.length)
        i = min(bisect.bisect_right(self.cumulative, distance) - 1, len(self._xy) - 2)
        (x1, y1), (x2, y2) = self._xy[i], self._xy[i + 1]
        return math.degrees(math.atan2(x2 - x1, y2 - y1)) % 360
