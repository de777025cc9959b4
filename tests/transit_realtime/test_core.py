from __future__ import annotations

import pytest

from smartcity.transit.realtime.geometry import Polyline, haversine_m
from smartcity.transit.realtime.matching import trip_match
from smartcity.transit.realtime.plans import Fix
from smartcity.transit.realtime.screening import Refusal, fix_screen
from smartcity.transit.realtime.tracking import progress_start, progress_update

from .lines import MONDAY_8, fix_at, straight, trip_plan


def test_haversine_of_one_degree_of_latitude_is_about_111_km():
    assert haversine_m(47.0, 28.0, 48.0, 28.0) == pytest.approx(111_195, rel=1e-3)


def test_projection_gives_distance_along_and_lateral_offset():
    shape = Polyline(straight())
    along = shape.length / 3
    lat, lon = shape.point_at(along)
    projection = shape.project(lat + 0.0003, lon)  # about 33 m north of the line
    assert projection.distance_along == pytest.approx(along, abs=1.0)
    assert projection.offset == pytest.approx(33.4, abs=1.0)


def test_projection_window_keeps_a_loop_from_jumping_to_the_other_pass():
    out_and_back = Polyline([(47.76, 27.90), (47.76, 27.92), (47.7601, 27.90)])
    lat, lon = 47.76002, 27.905
    near_start = out_and_back.project(lat, lon)
    on_return = out_and_back.project(lat, lon, start=out_and_back.length / 2)
    assert near_start.distance_along < 500
    assert on_return.distance_along > out_and_back.length / 2


def test_shape_needs_two_points():
    with pytest.raises(ValueError):
        Polyline([(47.76, 27.9)])


def _fix(when, lat=47.76, lon=27.92):
    return Fix("V1", when, lat, lon)


@pytest.mark.parametrize(
    ("fix", "previous", "reason"),
    [
        (_fix(MONDAY_8, lat=46.99), None, Refusal.OUTSIDE_CITY),
        (_fix(MONDAY_8 + 3600), None, Refusal.FUTURE),
        (_fix(MONDAY_8 - 7200), None, Refusal.TOO_OLD),
        (_fix(MONDAY_8), _fix(MONDAY_8), Refusal.DUPLICATE),
        (_fix(MONDAY_8 - 10), _fix(MONDAY_8), Refusal.OUT_OF_ORDER),
        (_fix(MONDAY_8 + 10, lon=27.95), _fix(MONDAY_8), Refusal.IMPOSSIBLE_SPEED),
        (_fix(MONDAY_8, lat=123.0), None, Refusal.MALFORMED),
    ],
)
def test_bad_fixes_are_refused_with_their_reason(fix, previous, reason):
    assert fix_screen(fix, previous=previous, now=MONDAY_8) == reason


def test_plausible_fix_is_accepted():
    previous = _fix(MONDAY_8 - 15)
    assert fix_screen(_fix(MONDAY_8, lon=27.9225), previous=previous, now=MONDAY_8) is None


def test_matching_tells_the_direction_from_progress_along_the_shape():
    east, west = trip_plan("EAST"), trip_plan("WEST", reverse=True)
    fixes = [fix_at(east, d, MONDAY_8 + 60 + i * 15) for i, d in enumerate((300, 420, 540))]
    assert trip_match(fixes, [west, east]).trip.trip_id == "EAST"
    backwards = [fix_at(west, d, MONDAY_8 + 60 + i * 15) for i, d in enumerate((300, 420, 540))]
    assert trip_match(backwards, [east, west]).trip.trip_id == "WEST"


def test_matching_picks_the_run_whose_schedule_fits():
    early, late = trip_plan("EARLY"), trip_plan("LATE", start=MONDAY_8 + 900)
    fixes = [fix_at(late, d, MONDAY_8 + 960 + i * 15) for i, d in enumerate((300, 400, 500))]
    match = trip_match(fixes, [early, late])
    assert match.trip.trip_id == "LATE"
    assert abs(match.delay) < 120


def test_matching_refuses_a_vehicle_far_from_every_shape():
    trip = trip_plan()
    far = [Fix("V1", MONDAY_8 + i * 15, 47.78, 27.90 + i * 0.001) for i in range(3)]
    assert trip_match(far, [trip]) is None


def test_matching_honours_the_trip_the_vehicle_names():
    a, b = trip_plan("A"), trip_plan("B", start=MONDAY_8 + 30)
    fixes = [fix_at(a, 300, MONDAY_8 + 90, trip_id="B")]
    assert trip_match(fixes, [a, b]).trip.trip_id == "B"


def test_matching_is_deterministic_between_identical_runs():
    a, b = trip_plan("A"), trip_plan("B")
    fixes = [fix_at(a, d, MONDAY_8 + 60 + i * 15) for i, d in enumerate((300, 400))]
    assert trip_match(fixes, [b, a]).trip.trip_id == trip_match(fixes, [a, b]).trip.trip_id == "A"


def test_progress_never_moves_backwards_on_jitter():
    trip = trip_plan()
    progress = progress_start(trip, fix_at(trip, 800, MONDAY_8 + 200), 800, 0)
    progress = progress_update(progress, fix_at(trip, 780, MONDAY_8 + 215))
    assert progress.distance == 800


def test_progress_tracks_delay_against_the_schedule():
    trip = trip_plan()
    a, b = trip.calls[2], trip.calls[3]
    midway = (a.distance + b.distance) / 2
    progress = progress_start(trip, fix_at(trip, 0, MONDAY_8), 0, 0)
    when = (a.departure + b.arrival) / 2 + 120
    progress = progress_update(progress, fix_at(trip, midway, when))
    assert progress.delay == pytest.approx(120, abs=1)


def test_off_route_needs_several_fixes_and_keeps_progress():
    trip = trip_plan()
    progress = progress_start(trip, fix_at(trip, 1000, MONDAY_8 + 250), 1000, 0)
    for i in range(1, 4):
        lat, lon = trip.shape.point_at(1000 + 100 * i)
        progress = progress_update(progress, Fix("V1", MONDAY_8 + 250 + 15 * i, lat + 0.002, lon))
        assert progress.off_route == (i >= 3)
    assert progress.distance == 1000
    progress = progress_update(progress, fix_at(trip, 1400, MONDAY_8 + 320))
    assert not progress.off_route and progress.distance == pytest.approx(1400, abs=1)


def test_vehicle_without_fixes_for_five_minutes_is_stale():
    trip = trip_plan()
    progress = progress_start(trip, fix_at(trip, 0, MONDAY_8), 0, 0)
    assert not progress.is_stale(MONDAY_8 + 299)
    assert progress.is_stale(MONDAY_8 + 301)


def test_untimed_stops_get_times_by_distance_between_timed_ones():
    from smartcity.transit.realtime.schedule import _times_interpolate

    times = _times_interpolate([100, None, None, 400], [110, None, None, 400], [0, 100, 200, 300])
    assert times == [(100, 110), (207, 207), (303, 303), (400, 400)]
    assert _times_interpolate([None, 200], [None, 200], [0, 100]) is None


def test_one_fix_with_a_heading_is_enough_to_tell_the_direction():
    east, west = trip_plan("EAST"), trip_plan("WEST", reverse=True)
    fix = fix_at(west, 1500, MONDAY_8 + 60 + 300, speed=8.0, bearing=270.0)
    assert trip_match([fix], [east, west]).trip.trip_id == "WEST"
    fix = fix_at(west, 1500, MONDAY_8 + 60 + 300, speed=8.0, bearing=90.0)
    assert trip_match([fix], [east, west]).trip.trip_id == "EAST"


def test_a_single_fix_without_direction_is_not_matched_mid_route():
    east, west = trip_plan("EAST"), trip_plan("WEST", reverse=True)
    assert trip_match([fix_at(east, 1500, MONDAY_8 + 360)], [east, west]) is None
    assert trip_match([fix_at(east, 0, MONDAY_8 - 60)], [east]).trip.trip_id == "EAST"


def test_live_runs_count_from_the_same_instant_as_the_timetable_when_clocks_change():
    import datetime
    import zoneinfo

    from smartcity.transit.gtfs.times import service_instant
    from smartcity.transit.realtime.schedule import service_midnight

    for day in (datetime.date(2026, 3, 29), datetime.date(2026, 10, 25), datetime.date(2026, 6, 1)):
        timetable = service_instant(day, 8 * 3600, "Europe/Chisinau").timestamp()
        assert service_midnight(day) + 8 * 3600 == timetable
    spring = datetime.date(2026, 3, 29)  # 03:00 comes straight after 02:00 that night
    local_midnight = datetime.datetime(2026, 3, 29, tzinfo=zoneinfo.ZoneInfo("Europe/Chisinau"))
    assert local_midnight.timestamp() - service_midnight(spring) == 3600
