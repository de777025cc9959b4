"""Collection routes: nearest neighbour, then 2-opt, depot to depot."""

from __future__ import annotations

import math
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from smartcity.devices.selectors import distance_m
from smartcity.waste.routes import _matrix, nearest_neighbour, route_plan, tour_length, two_opt

DEPOT = (47.7885, 27.9265)
places = st.tuples(st.floats(47.72, 47.81), st.floats(27.87, 27.98))


def test_stops_along_one_street_are_visited_out_and_back_in_order():
    stops = [(47.7885, 27.9265 + 0.002 * k) for k in (3, 1, 5, 2, 4)]
    route = route_plan(DEPOT, stops)
    assert route.order == [1, 3, 0, 4, 2]  # 0.002, 0.004, … east of the depot
    farthest = distance_m(*DEPOT, *stops[2])
    assert math.isclose(route.length_m, 2 * farthest, rel_tol=1e-6)


def test_stops_around_a_square_are_visited_around_it_without_crossing():
    corners = [(47.76, 27.92), (47.77, 27.94), (47.76, 27.94), (47.77, 27.92)]
    route = route_plan((47.765, 27.919), corners)
    assert route.order in ([0, 2, 1, 3], [3, 1, 2, 0])


def test_two_opt_shortens_a_nearest_neighbour_tour_of_scattered_stops():
    rng = random.Random(7)
    stops = [(rng.uniform(47.73, 47.80), rng.uniform(27.88, 27.97)) for _ in range(40)]
    distances = _matrix([DEPOT, *stops])
    greedy = nearest_neighbour(distances)
    improved = two_opt(distances, greedy)
    assert tour_length(distances, improved) < tour_length(distances, greedy) * 0.97
    assert improved[0] == improved[-1] == 0
    assert sorted(improved[1:-1]) == list(range(1, 41))


@settings(max_examples=60, deadline=None)
@given(st.lists(places, min_size=0, max_size=25))
def test_two_opt_never_makes_a_route_longer_and_visits_every_stop_once(stops):
    distances = _matrix([DEPOT, *stops])
    greedy = nearest_neighbour(distances)
    improved = two_opt(distances, greedy)
    assert tour_length(distances, improved) <= tour_length(distances, greedy) + 1e-6
    route = route_plan(DEPOT, stops)
    assert sorted(route.order) == list(range(len(stops)))
    assert math.isclose(route.length_m, sum(route.legs_m))
    assert math.isclose(route.length_m, tour_length(distances, improved), abs_tol=1e-6)


def test_no_stops_make_an_empty_route():
    route = route_plan(DEPOT, [])
    assert (route.order, route.length_m) == ([], 0.0)
