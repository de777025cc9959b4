from __future__ import annotations

import pytest

from smartcity.transit.realtime.prediction import (
    TravelHistory,
    arrivals_predict,
    day_type,
    run_pace,
    schedule_predict,
    stop_visits,
    time_bucket,
)
from smartcity.transit.realtime.simulator import run_drive
from smartcity.transit.realtime.tracking import progress_start, progress_update

from .lines import MONDAY_8, fix_at, trip_plan

DAY = 86400


def _track(trip, samples):
    first = samples[0]
    progress = progress_start(trip, first.fix, first.distance, 0)
    points = [(first.fix.time, first.distance)]
    for sample in samples[1:]:
        progress = progress_update(progress, sample.fix)
        points.append((sample.fix.time, progress.distance))
    return progress, points


def test_day_types_and_buckets_are_in_local_time():
    assert day_type(MONDAY_8) == "weekday"
    assert day_type(MONDAY_8 - 2 * DAY) == "saturday"
    assert day_type(MONDAY_8 - DAY) == "sunday"
    assert time_bucket(MONDAY_8) == 2  # 08:00 local is the morning peak
    assert time_bucket(MONDAY_8 - 7 * 3600) == 0  # 01:00 local


def test_visits_give_dwell_and_segment_times():
    trip = trip_plan()
    step = trip.calls[1].distance
    reached = step / 10.0  # at 10 m/s, then 30 s standing at the second stop

    def where(t):
        if t <= reached:
            return 10.0 * t
        return step if t <= reached + 30 else step + 10.0 * (t - reached - 30)

    samples = [(MONDAY_8 + t, where(t)) for t in range(0, 300, 5)]
    visits = stop_visits(trip, samples)
    assert [v.index for v in visits][:2] == [0, 1]
    second = visits[1]
    assert second.departure - second.arrival == pytest.approx(30 + 4, abs=0.1)
    assert visits[2].arrival - second.departure == pytest.approx((step - 40) / 10, abs=0.1)


def test_no_history_falls_back_to_the_schedule_with_the_current_delay():
    trip = trip_plan()
    # Two minutes late, exactly on stop 2.
    progress = progress_start(trip, fix_at(trip, 0, MONDAY_8), 0, 0)
    progress = progress_update(
        progress, fix_at(trip, trip.calls[2].distance, trip.calls[2].departure + 120)
    )
    predicted = arrivals_predict(progress, TravelHistory())
    assert [p.stop_id for p in predicted] == ["A3", "A4", "A5", "A6"]
    for p, call in zip(predicted, trip.calls[3:], strict=True):
        assert p.arrival == pytest.approx(call.arrival + 120, abs=1)
        assert not p.learned


def test_learned_history_beats_the_schedule_in_the_peak():
    history = TravelHistory()
    for day in range(1, 6):  # five earlier weekdays... and Saturday is not one of them
        past = trip_plan(f"P{day}", start=MONDAY_8 - 7 * DAY + (day - 1) * DAY)
        samples = list(run_drive(past, vehicle="V", seed=day))
        _, points = _track(past, samples)
        history.learn(past, stop_visits(past, points))
    today = trip_plan("TODAY")
    samples = list(run_drive(today, vehicle="V", seed=99))
    truth = {
        v.index: v.arrival for v in stop_visits(today, [(s.time, s.distance) for s in samples])
    }
    progress, points = _track(today, samples[:6])
    predicted = arrivals_predict(
        progress, history, pace=run_pace(today, stop_visits(today, points), history)
    )
    assert all(p.learned for p in predicted)
    learned_error = schedule_error = 0.0
    for p in predicted:
        index = p.sequence - 1
        learned_error += abs(p.arrival - truth[index])
        schedule_error += abs(today.calls[index].arrival - truth[index])
    assert learned_error < schedule_error / 2


def test_predictions_are_deterministic():
    history = TravelHistory()
    past = trip_plan("P", start=MONDAY_8 - 7 * DAY)
    _, points = _track(past, list(run_drive(past, vehicle="V", seed=1)))
    history.learn(past, stop_visits(past, points))
    trip = trip_plan()
    progress, _ = _track(trip, list(run_drive(trip, vehicle="V", seed=2))[:8])
    assert arrivals_predict(progress, history) == arrivals_predict(progress, history)


def test_a_vehicle_waiting_at_the_first_stop_leaves_on_schedule():
    trip = trip_plan()
    progress = progress_start(trip, fix_at(trip, 0, MONDAY_8 - 300), 0, 0)
    predicted = arrivals_predict(progress, TravelHistory())
    assert predicted[0].arrival == pytest.approx(trip.calls[1].arrival)


def test_schedule_prediction_is_the_timetable():
    trip = trip_plan()
    assert [p.arrival for p in schedule_predict(trip)] == [c.arrival for c in trip.calls]


def test_simulated_drive_is_deterministic_for_a_seed_and_ordered():
    trip = trip_plan()
    one = [s.fix for s in run_drive(trip, vehicle="V", seed=5)]
    assert one == [s.fix for s in run_drive(trip, vehicle="V", seed=5)]
    assert [f.time for f in one] == sorted(f.time for f in one)
    assert one != [s.fix for s in run_drive(trip, vehicle="V", seed=6)]
