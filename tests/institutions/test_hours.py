"""Opening hours: the staff's text, OpenStreetMap's form, and open-now in Bălți's time."""

from __future__ import annotations

import datetime

import pytest

from smartcity.institutions.hours import HoursError, intervals_parse, open_state, week_osm
from tests.institutions.conftest import NOW, week

T = datetime.time


def test_a_day_with_a_lunch_break_is_two_sorted_intervals():
    assert intervals_parse("13:00-17:00, 8.00–12:00") == [(T(8), T(12)), (T(13), T(17))]
    assert intervals_parse("") == []


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("8 to 5", "is not like"),
        ("17:00–08:00", "closes before it opens"),
        ("08:00–13:00, 12:00–17:00", "overlap"),
        ("25:00–26:00", "not a time of day"),
    ],
)
def test_wrong_hours_are_refused_with_the_reason(text, why):
    with pytest.raises(HoursError, match=why):
        intervals_parse(text)


def test_the_week_in_opening_hours_form_joins_days_alike_and_leaves_out_closed_ones():
    assert week_osm(week("08:00–17:00", "09:00–13:00")) == "Mo-Fr 08:00-17:00; Sa 09:00-13:00"
    assert week_osm({0: [], 2: [(T(8), T(12)), (T(13), T(17))]}) == "We 08:00-12:00,13:00-17:00"


def test_open_at_ten_on_monday_in_balti_and_closing_at_noon_for_lunch():
    state = open_state(week("08:00–12:00, 13:00–17:00"), NOW)  # 10:00 local
    assert state.is_open
    assert state.closes_at.strftime("%H:%M") == "12:00"


def test_closed_at_lunch_and_opening_again_at_one():
    state = open_state(
        week("08:00–12:00, 13:00–17:00"), NOW + datetime.timedelta(hours=2, minutes=30)
    )
    assert not state.is_open
    assert state.opens_at.strftime("%a %H:%M") == "Mon 13:00"


def test_on_saturday_evening_a_weekday_office_opens_next_on_monday():
    saturday_evening = NOW + datetime.timedelta(days=5, hours=10)  # Sat 20:00 local
    state = open_state(week("08:00–17:00"), saturday_evening)
    assert not state.is_open
    assert state.opens_at.strftime("%a %d %H:%M") == "Mon 14 08:00"


def test_hours_are_balti_local_time_in_summer_and_in_winter():
    office = week("08:00–17:00")
    # 05:30 UTC is 08:30 in Bălți in summer (UTC+3) but 07:30 in winter (UTC+2).
    summer = datetime.datetime(2026, 7, 6, 5, 30, tzinfo=datetime.UTC)
    winter = datetime.datetime(2026, 12, 7, 5, 30, tzinfo=datetime.UTC)
    assert open_state(office, summer).is_open
    assert not open_state(office, winter).is_open


def test_without_any_hours_the_state_is_unknown():
    state = open_state({}, NOW)
    assert not state.is_open and not state.known
