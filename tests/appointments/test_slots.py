import datetime

from smartcity.appointments import slots
from tests.appointments.conftest import NOW, at, booked


def test_free_times_start_after_now_and_skip_the_lunch_break(desk_service):
    times = [s.starts_at for s in slots.free_slots(desk_service, NOW.date())]
    assert times[0] == at(21, 10, 30)  # 10:00 has begun
    assert at(21, 12) not in times and at(21, 12, 30) not in times
    assert at(21, 13) in times
    assert times[-1] == at(21, 16, 30)  # the last that ends by 17:00


def test_a_whole_day_has_the_hours_of_the_city_profile(desk_service):
    grid = slots.day_grid(desk_service.desk, 30, datetime.date(2026, 12, 22))
    assert grid[0].starts_at == at(22, 8)
    assert len(grid) == 16  # 08:00–17:00 is 18 half hours, less two for lunch


def test_a_public_holiday_has_no_times(desk_service):
    assert slots.holiday_name(datetime.date(2026, 12, 25))
    assert slots.free_slots(desk_service, datetime.date(2026, 12, 25)) == []
    assert datetime.date(2026, 12, 25) not in slots.booking_days()


def test_weekends_and_days_past_the_booking_weeks_have_no_times(desk_service):
    assert slots.free_slots(desk_service, datetime.date(2026, 12, 26)) == []
    far = NOW.date() + datetime.timedelta(weeks=slots.BOOKING_WEEKS, days=1)
    assert slots.free_slots(desk_service, far) == []


def test_a_booked_time_is_no_longer_free(desk_service):
    booked(desk_service, at(22, 9))
    times = [s.starts_at for s in slots.free_slots(desk_service, datetime.date(2026, 12, 22))]
    assert at(22, 9) not in times and at(22, 9, 30) in times


def test_a_past_or_off_grid_time_is_not_a_slot(desk_service):
    assert slots.slot_at(desk_service, at(21, 9)) is None
    assert slots.slot_at(desk_service, at(22, 9, 10)) is None
    assert slots.slot_at(desk_service, at(22, 17)) is None
    assert slots.slot_at(desk_service, at(22, 9)) is not None
