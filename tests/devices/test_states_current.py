"""The latest values of many devices at once, without model instances."""

from __future__ import annotations

import datetime

from smartcity.devices import selectors, services
from smartcity.devices.ingest import TRUSTED, readings_ingest
from tests.conftest import iso
from tests.devices.conftest import LAMP_AT, at


def test_states_of_a_district_hold_each_device_latest_values(lamp, station):
    quiet = services.device_register(
        ref="SL-TEST-0002", device_type="StreetLight", latitude=LAMP_AT[0], longitude=LAMP_AT[1]
    )
    readings_ingest(
        [
            {"device": lamp.ref, "observedAt": iso(at(17)), "values": {"activePower": 10.0}},
            {
                "device": lamp.ref,
                "observedAt": iso(at(18)),
                "values": {"powerState": "on", "activePower": 61.5},
            },
            {"device": station.ref, "observedAt": iso(at(18)), "values": {"pm25": 12.0}},
        ],
        credential=TRUSTED,
    )
    found = selectors.states_current(device_type="StreetLight", district_slug=lamp.district.slug)
    assert set(found) == {lamp.ref, quiet.ref}
    assert found[quiet.ref] == {}
    assert found[lamp.ref]["activePower"] == selectors.StateValue(61.5, at(18))
    assert found[lamp.ref]["powerState"].value == 1.0  # "on", as stored
    only_power = selectors.states_current(device_type="StreetLight", quantities=["powerState"])
    assert set(only_power[lamp.ref]) == {"powerState"}


def test_states_leave_out_inactive_devices_and_other_districts(lamp, station):
    lamp.is_active = False
    lamp.save(update_fields=["is_active"])
    assert selectors.states_current(device_type="StreetLight") == {}
    other = "no-such-district"
    assert selectors.states_current(district_slug=other) == {}
    station.district = None
    station.save(update_fields=["district"])
    assert selectors.states_current(district_slug=other) == {}  # not the devices of none
    assert set(selectors.states_current()) == {station.ref}


def test_the_collector_is_back_on_after_the_states_are_read(lamp):
    import gc

    assert gc.isenabled()
    selectors.states_current(device_type="StreetLight")
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off(lamp):
    import gc

    gc.disable()
    try:
        selectors.states_current(device_type="StreetLight")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_state_times_keep_their_microseconds(lamp):
    moment = at(18) + datetime.timedelta(seconds=7, microseconds=123456)
    readings_ingest(
        [{"device": lamp.ref, "observedAt": moment.isoformat(), "values": {"activePower": 5.0}}],
        credential=TRUSTED,
    )
    state = selectors.states_current(device_type="StreetLight")[lamp.ref]["activePower"]
    assert state == selectors.StateValue(5.0, moment)
    assert state.observed_at.utcoffset() == datetime.timedelta(0)
