"""Street lighting: schedules by the sun, faults, live state, remote management, energy."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from smartcity.devices import services
from smartcity.devices.ingest import TRUSTED, readings_ingest
from smartcity.devices.models import Alert, AlertRule
from smartcity.devices.storage import day_of
from smartcity.lighting import checks, demo, selectors
from smartcity.lighting.schedule import level_at, night_schedule, steps_validate
from smartcity.lighting.sun import ZONE, sun_times
from tests.conftest import iso
from tests.devices.conftest import NOW

STEPS = demo.DEFAULT  # full at sunset, 60% from 23:00, full from 05:00, off at sunrise


def local(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=ZONE)


def test_bălți_sees_the_sun_set_before_half_past_four_in_late_november():
    sunrise, sunset = sun_times(datetime.date(2026, 11, 28))
    assert (sunrise.hour, sunset.hour) == (7, 16)
    assert 15 <= sunset.minute <= 25


@pytest.mark.parametrize(
    ("moment", "level"),
    [
        (local(28, 15, 0), 0.0),  # daylight
        (local(28, 16, 30), 1.0),  # after sunset
        (local(28, 23, 30), 0.6),  # the quiet hours
        (local(29, 3, 0), 0.6),  # still the same night
        (local(29, 5, 30), 1.0),  # the morning rush
        (local(29, 8, 0), 0.0),  # after sunrise
    ],
)
def test_the_level_follows_the_profile_through_the_night(moment, level):
    assert level_at(STEPS, moment) == level


def test_a_night_schedule_starts_at_sunset_and_ends_at_sunrise():
    changes = night_schedule(STEPS, datetime.date(2026, 11, 28))
    assert changes[0][0] == sun_times(datetime.date(2026, 11, 28))[1]
    assert changes[-1] == (sun_times(datetime.date(2026, 11, 29))[0], 0.0)
    assert [level for _when, level in changes] == [1.0, 0.6, 1.0, 0.0]


@pytest.mark.parametrize(
    "steps",
    [
        [],
        [{"at": "midnight", "level": 1}],
        [{"at": "23:00", "level": 2}],
        [{"at": "sunset", "level": 1, "offset": 500}],
    ],
)
def test_a_malformed_profile_is_refused(steps):
    with pytest.raises(ValidationError):
        steps_validate(steps)


@pytest.fixture
def lamps(balti):
    demo.profiles_load()
    made = {}
    for n, name in enumerate(("dark", "lit", "greedy", "unmanaged")):
        made[name] = services.device_register(
            ref=f"SL-{name}",
            device_type="StreetLight",
            latitude=47.7610 + n * 0.0005,
            longitude=27.9280,
            attributes={"lampPower": 100},
            is_connected=name != "unmanaged",
        )
    return made


def report(lamp, moment, **values):
    readings_ingest(
        [{"device": lamp.ref, "observedAt": iso(moment), "values": values}], credential=TRUSTED
    )


def test_faults_at_night_are_a_dark_lamp_and_a_lamp_drawing_too_much(lamps):
    night = NOW  # 22:00 in Bălți
    report(lamps["dark"], night, powerState="off", activePower=0.4)
    report(lamps["lit"], night, powerState="on", illuminanceLevel=1.0, activePower=98.0)
    report(lamps["greedy"], night, powerState="on", illuminanceLevel=1.0, activePower=260.0)
    assert set(checks.lamps_off_at_night(night)) == {lamps["dark"].pk}
    assert set(checks.power_out_of_range(night)) == {lamps["greedy"].pk}
    assert checks.lamps_on_by_day(night) == {}
    message, value = checks.power_out_of_range(night)[lamps["greedy"].pk]
    assert "260 W" in message and value == 260.0


def test_a_lamp_burning_at_noon_is_a_fault_but_not_at_dusk(lamps):
    noon = local(28, 12).astimezone(datetime.UTC)
    report(lamps["lit"], noon, powerState="on", illuminanceLevel=1.0, activePower=98.0)
    assert set(checks.lamps_on_by_day(noon)) == {lamps["lit"].pk}
    dusk = sun_times(datetime.date(2026, 11, 28))[1] + datetime.timedelta(minutes=5)
    report(lamps["lit"], dusk, powerState="off")
    assert checks.lamps_off_at_night(dusk) == {}  # twilight: photocells may disagree


def test_a_dimmed_lamp_draws_less_and_that_is_no_fault(lamps):
    report(lamps["lit"], NOW, powerState="on", illuminanceLevel=0.5, activePower=52.0)
    assert checks.power_out_of_range(NOW) == {}


def test_old_states_say_nothing_about_now(lamps):
    report(lamps["dark"], NOW - datetime.timedelta(hours=5), powerState="off")
    assert checks.lamps_off_at_night(NOW) == {}


def test_the_map_shows_each_lamps_state(lamps):
    report(lamps["dark"], NOW, powerState="off")
    report(lamps["lit"], NOW, powerState="on", illuminanceLevel=0.6)
    report(lamps["greedy"], NOW, powerState="on", illuminanceLevel=1.0, status="defectiveLamp")
    states = {
        f["properties"]["id"]: f["properties"]["state"]
        for f in selectors.lights_geojson()["features"]
    }
    assert states == {
        "SL-dark": "off",
        "SL-lit": "dimmed",
        "SL-greedy": "fault",
        "SL-unmanaged": "unmanaged",
    }


def test_the_share_under_remote_management_counts_every_light(lamps):
    remote = selectors.remote_management()
    assert (remote.managed, remote.total, remote.share) == (3, 4, 75.0)


def test_energy_per_day_is_the_difference_of_the_meter_index(balti):
    cabinet = services.device_register(
        ref="CAB-1", device_type="StreetlightControlCabinet", latitude=47.7617, longitude=27.929
    )
    # The index at the end of each local day: 1000, 1040 (+40), 1095 (+55).
    for day, index in ((26, 1000.0), (27, 1040.0), (28, 1095.0)):
        report(cabinet, local(day, 18).astimezone(datetime.UTC), energyConsumed=index - 5)
        report(cabinet, local(day, 21, 30).astimezone(datetime.UTC), energyConsumed=index)
    first = day_of(local(27, 12))
    energy = selectors.cabinet_energy(first, 2)[cabinet.pk]
    assert list(energy.values()) == [40.0, 55.0]
    assert selectors.district_energy(first, 2) == [(cabinet.district.name, 95.0)]
    assert selectors.cabinets_energy(first, 2) == [(cabinet, 95.0)]


def test_the_database_counts_each_state_as_the_map_names_it(lamps):
    more = {
        name: services.device_register(
            ref=f"SL-{name}", device_type="StreetLight", latitude=47.762, longitude=27.93
        )
        for name in ("silent", "alerted", "fine", "bright")
    }
    report(lamps["dark"], NOW, powerState="off")
    report(lamps["lit"], NOW, powerState="on", illuminanceLevel=0.6)
    report(lamps["greedy"], NOW, powerState="on", illuminanceLevel=1.0, status="defectiveLamp")
    report(more["silent"], NOW, status="ok")  # no power state yet: unknown
    report(more["alerted"], NOW, powerState="on", illuminanceLevel=1.0, status="ok")
    report(more["fine"], NOW, powerState="on", status="ok")  # no level: on
    report(more["bright"], NOW, powerState="on", illuminanceLevel=0.97)
    rule = AlertRule.objects.create(name="dark", kind="threshold", device_type="StreetLight")
    Alert.objects.create(
        rule=rule, device=more["alerted"], status="open", message="dark", opened_at=NOW
    )
    by_map = Counter(f["properties"]["state"] for f in selectors.lights_geojson()["features"])
    assert selectors.state_counts() == {state: by_map[state] for state in selectors.STATES}
    assert selectors.state_counts() == {
        "on": 2, "dimmed": 1, "off": 1, "fault": 2, "unmanaged": 1, "unknown": 1
    }  # fmt: skip
    working = selectors.lights_working()
    assert (working.working, working.reporting) == (4, 6)


def test_the_open_data_rows_read_only_the_slice_asked_for(lamps, django_assert_max_num_queries):
    for n in range(7):
        services.device_register(
            ref=f"SL-z{n}", device_type="StreetLight", latitude=47.762, longitude=27.93
        )
    every = [row["id"] for row in selectors.lights_for_open_data(chunk_size=3)]
    assert every == sorted(every) and len(every) == 11
    assert [r["id"] for r in selectors.lights_for_open_data(offset=4, limit=5)] == every[4:9]
    assert [r["id"] for r in selectors.lights_for_open_data(offset=9, limit=50)] == every[9:]
    with django_assert_max_num_queries(3):  # alerts, the 2 lamps, their states
        assert len(list(selectors.lights_for_open_data(offset=2, limit=2))) == 2
