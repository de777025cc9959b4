"""FROST-Server's own Python client reads the hub through /sta/v1.1/ as it reads FROST."""

from __future__ import annotations

import frost_sta_client as fsc
import pytest


@pytest.mark.django_db(transaction=True)
def test_the_frost_client_lists_things_follows_next_links_and_reads_observations(
    live_server, hub, monkeypatch
):
    # Small pages, so the client has to follow @iot.nextLink to see everything.
    monkeypatch.setattr("smartcity.sensorthings.options.MAX_TOP", 2)
    service = fsc.SensorThingsService(f"{live_server.url}/sta/v1.1/")

    things = list(service.things().query().list())
    assert sorted(t.name for t in things) == ["AQ-STA-1", "Lamp by the park", "SL-STA-1"]

    station = service.things().find(hub["station"].pk)
    assert station.properties["deviceType"] == "AirQualityObserved"

    (stream,) = (
        service.things()
        .query()
        .filter("name eq 'AQ-STA-1'")
        .expand("Datastreams")
        .list()
        .entities[0]
        .datastreams
    )
    assert stream.unit_of_measurement.symbol == "µg/m³"

    found = service.datastreams().find(stream.id)
    query = found.get_observations().query().filter("result gt 9")
    observations = list(query.orderby("phenomenonTime", "ASC").list())
    assert [o.result for o in observations] == [10.0, 11.0, 12.0]
    assert [o.phenomenon_time for o in observations][0].startswith("2026-11-28T17:00:00")
