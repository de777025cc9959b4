"""Collection routes: the order in which a truck visits containers, depot to depot.

A route is a closed tour from the depot through every stop and back. It is built by
nearest neighbour (always drive to the closest stop not yet visited), then improved by
2-opt: reverse any stretch of the tour whose two end edges, swapped, make it shorter,
until no such stretch is left. Distances are great-circle metres, not road distances: the
order is sensible and the total a lower bound of the distance driven.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from smartcity.devices.selectors import distance_m

Place = tuple[float, float]  # (latitude, longitude)

# Enough for the few hundred stops of a district; each pass is O(n²).
MAX_PASSES = 200


@dataclass(frozen=True)
class Route:
    order: list[int]  # indexes into the stops, in visiting order
    length_m: float  # depot → stops → depot
    legs_m: list[float]  # the distance driven to reach each stop, in order; then back


def _matrix(places: Sequence[Place]) -> list[list[float]]:
    return [[distance_m(a[0], a[1], b[0], b[1]) for b in places] for a in places]


def tour_length(distances: list[list[float]], tour: Sequence[int]) -> float:
    """Length of a closed tour given as node indexes that start and end at node 0."""
    return sum(distances[a][b] for a, b in zip(tour, tour[1:], strict=False))


def nearest_neighbour(distances: list[list[float]]) -> list[int]:
    """A tour from node 0 (the depot) through every other node and back to 0."""
    left = set(range(1, len(distances)))
    tour = [0]
    while left:
        here = tour[-1]
        # Ties go to the lower index, so the same input always gives the same route.
        nearest = min(left, key=lambda node: (distances[here][node], node))
        tour.append(nearest)
        left.remove(nearest)
    tour.append(0)
    return tour


def two_opt(distances: list[list[float]], tour: list[int]) -> list[int]:
    """The tour improved by 2-opt moves; never longer than the tour given."""
    best = list(tour)
    for _pass in range(MAX_PASSES):
        improved = False
        for i in range(1, len(best) - 2):
            for j in range(i + 1, len(best) - 1):
                a, b, c, d = best[i - 1], best[i], best[j], best[j + 1]
                change = distances[a][c] + distances[b][d] - distances[a][b] - distances[c][d]
                # A tolerance, so rounding never loops between two equal tours.
                if change < -1e-6:
                    best[i : j + 1] = reversed(best[i : j + 1])
                    improved = True
        if not improved:
            break
    return best


def route_plan(depot: Place, stops: Sequence[Place]) -> Route:
    """The visiting order of `stops` from `depot` and back, and its length in metres."""
    distances = _matrix([depot, *stops])
    tour = two_opt(distances, nearest_neighbour(distances))
    legs = [distances[a][b] for a, b in zip(tour, tour[1:], strict=False)]
    return Route(order=[node - 1 for node in tour[1:-1]], length_m=sum(legs), legs_m=legs)
