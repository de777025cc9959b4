"""The SensorThings API at /sta/v1.1/ answers the requests of OGC 18-088 v1.1's examples
and its conformance classes (Sensing core, resource paths, request data) in the
standard's JSON shapes."""

from __future__ import annotations

import pytest

from tests.sensorthings import shapes
from tests.sensorthings.conftest import API

ENTITY_SETS = {
    "Things": "Thing",
    "Locations": "Location",
    "HistoricalLocations": "HistoricalLocation",
    "Sensors": "Sensor",
    "ObservedProperties": "ObservedProperty",
    "Datastreams": "Datastream",
    "Observations": "Observation",
    "FeaturesOfInterest": "FeatureOfInterest",
}
BASE = "http://testserver/sta/v1.1"


def get(client, path: str, **params):
    response = client.get(API + path, params)
    assert response["Content-Type"].startswith("application/json"), response.content
    return response


def body(client, path: str, **params) -> dict:
    response = get(client, path, **params)
    assert response.status_code == 200, response.content
    return response.json()


def pm25(hub) -> str:
    return f"Datastreams('{hub['station'].pk}-pm25')"


def test_service_root_lists_every_entity_set_and_the_conformance_classes(client, hub):
    root = body(client, "/")
    assert {item["name"]: item["url"] for item in root["value"]} == {
        name: f"{BASE}/{name}" for name in ENTITY_SETS
    }
    conformance = root["serverSettings"]["conformance"]
    for requirement in ("datamodel", "resource-path/resource-path-to-entities", "request-data"):
        assert f"http://www.opengis.net/spec/iot_sensing/1.1/req/{requirement}" in conformance


@pytest.mark.parametrize(("entity_set", "entity"), ENTITY_SETS.items())
def test_every_entity_set_answers_in_the_standards_shape(client, hub, entity_set, entity):
    page = body(client, f"/{entity_set}")
    shapes.check_collection(entity, page)
    assert page["value"], f"the hub's fixture gives {entity_set} at least one entity"
    first = page["value"][0]
    # The self link names the same entity, and each navigation link answers.
    assert first["@iot.selfLink"].startswith(BASE + "/")
    alone = body(client, first["@iot.selfLink"].removeprefix(BASE))
    assert alone == first
    for key, link in first.items():
        if key.endswith("@iot.navigationLink"):
            assert client.get(link.removeprefix("http://testserver")).status_code == 200, key


def test_a_thing_by_id_with_its_datastreams(client, hub):
    station = hub["station"]
    thing = body(client, f"/Things({station.pk})")
    shapes.check_entity("Thing", thing)
    assert thing["@iot.id"] == station.pk
    assert thing["name"] == "AQ-STA-1"
    assert thing["properties"]["deviceType"] == "AirQualityObserved"
    streams = body(client, f"/Things({station.pk})/Datastreams")
    shapes.check_collection("Datastream", streams)
    assert [d["name"] for d in streams["value"]] == ["AQ-STA-1 pm25"]
    assert streams["value"][0]["unitOfMeasurement"]["symbol"] == "µg/m³"
    assert streams["value"][0]["phenomenonTime"] == "2026-11-28T10:00:00Z/2026-11-28T19:00:00Z"


def test_a_datastream_leads_to_its_sensor_observed_property_and_thing(client, hub):
    sensor = body(client, f"/{pm25(hub)}/Sensor")
    shapes.check_entity("Sensor", sensor)
    assert sensor["@iot.id"] == "AirQualityObserved"
    observed = body(client, f"/{pm25(hub)}/ObservedProperty")
    assert observed["name"] == "pm25"
    assert observed["definition"] == "https://smartdatamodels.org/pm25"
    assert body(client, f"/{pm25(hub)}/Thing")["@iot.id"] == hub["station"].pk


def test_a_property_and_its_raw_value(client, hub):
    assert body(client, f"/Things({hub['dark'].pk})/name") == {"name": "Lamp by the park"}
    raw = client.get(f"{API}/Things({hub['dark'].pk})/name/$value")
    assert raw.status_code == 200
    assert raw["Content-Type"].startswith("text/plain")
    assert raw.content.decode() == "Lamp by the park"


def test_expand_datastreams_with_their_observed_property(client, hub):
    """GET /v1.1/Things?$expand=Datastreams/ObservedProperty (§ 9.3.2.1)."""
    things = body(client, "/Things", **{"$expand": "Datastreams/ObservedProperty"})
    by_name = {t["name"]: t for t in things["value"]}
    (stream,) = by_name["AQ-STA-1"]["Datastreams"]
    shapes.check_entity("Datastream", stream)
    shapes.check_entity("ObservedProperty", stream["ObservedProperty"])
    assert stream["ObservedProperty"]["name"] == "pm25"
    lamp_streams = {d["name"]: d for d in by_name["SL-STA-1"]["Datastreams"]}
    assert set(lamp_streams) == {"SL-STA-1 illuminanceLevel", "SL-STA-1 powerState"}
    assert by_name["Lamp by the park"]["Datastreams"] == []


def test_observations_filtered_ordered_and_limited(client, hub):
    """Datastreams(id)/Observations?$filter=result gt 5&$orderby=phenomenonTime desc&$top=2"""
    page = body(
        client,
        f"/{pm25(hub)}/Observations",
        **{"$filter": "result gt 5", "$orderby": "phenomenonTime desc", "$top": "2"},
    )
    shapes.check_collection("Observation", page)
    assert [(o["phenomenonTime"], o["result"]) for o in page["value"]] == [
        ("2026-11-28T19:00:00Z", 12.0),
        ("2026-11-28T18:00:00Z", 11.0),
    ]
    # The rest (results 6 to 10) is one link away, with the same filter and order.
    following = body(client, page["@iot.nextLink"].removeprefix(BASE))
    assert [o["result"] for o in following["value"]] == [10.0, 9.0]


def test_count_is_the_whole_collection_not_the_page(client, hub):
    page = body(client, f"/{pm25(hub)}/Observations", **{"$count": "true", "$top": "3"})
    assert page["@iot.count"] == 10
    assert len(page["value"]) == 3
    assert "@iot.count" not in body(client, f"/{pm25(hub)}/Observations")


def test_select_gives_only_the_properties_asked_for(client, hub):
    things = body(client, "/Things", **{"$select": "id,name", "$orderby": "name"})
    assert things["value"] == [
        {"@iot.id": hub["station"].pk, "name": "AQ-STA-1"},
        {"@iot.id": hub["dark"].pk, "name": "Lamp by the park"},
        {"@iot.id": hub["lamp"].pk, "name": "SL-STA-1"},
    ]
    observations = body(client, "/Observations", **{"$select": "result,resultTime", "$top": "1"})
    assert set(observations["value"][0]) == {"result", "resultTime"}


def test_paging_with_skip_and_next_links_reaches_every_observation_once(client, hub):
    seen, path = [], f"/{pm25(hub)}/Observations?$top=4"
    while path:
        page = body(client, path)
        seen += [o["@iot.id"] for o in page["value"]]
        path = page.get("@iot.nextLink", "").removeprefix(BASE)
    assert len(seen) == len(set(seen)) == 10
    skipped = body(client, f"/{pm25(hub)}/Observations", **{"$skip": "8"})
    assert [o["@iot.id"] for o in skipped["value"]] == seen[8:]


def test_top_is_bounded_by_the_servers_maximum(client, hub, monkeypatch):
    monkeypatch.setattr("smartcity.sensorthings.options.MAX_TOP", 3)
    page = body(client, "/Observations", **{"$top": "500"})
    assert len(page["value"]) == 3
    assert "$top=3" in page["@iot.nextLink"]


def test_nested_expand_with_nested_options(client, hub):
    """$expand=Datastreams($expand=Observations($filter=…;$orderby=…;$top=…;$count=true))"""
    things = body(
        client,
        f"/Things({hub['station'].pk})",
        **{
            "$select": "name",
            "$expand": "Datastreams($select=name;$expand=Observations("
            "$filter=result lt 10;$orderby=result desc;$top=2;$count=true))",
        },
    )
    (stream,) = things["Datastreams"]
    assert [o["result"] for o in stream["Observations"]] == [9.0, 8.0]
    assert stream["Observations@iot.count"] == 7
    assert stream["Observations@iot.nextLink"].startswith(f"{BASE}/{pm25(hub)}/Observations?")
    rest = body(client, stream["Observations@iot.nextLink"].removeprefix(BASE))
    assert [o["result"] for o in rest["value"]] == [7.0, 6.0]


def test_expanding_observations_of_many_datastreams_costs_the_same_queries(
    client, hub, django_assert_max_num_queries
):
    options = {"$expand": "Datastreams($expand=Observations($top=1;$orderby=phenomenonTime desc))"}
    with django_assert_max_num_queries(6):
        page = body(client, "/Things", **options)
    latest = {
        d["name"]: d["Observations"][0]["result"] for t in page["value"] for d in t["Datastreams"]
    }
    assert latest == {
        "SL-STA-1 illuminanceLevel": 0.4,
        "SL-STA-1 powerState": "on",
        "AQ-STA-1 pm25": 12.0,
    }


def test_comparison_and_logical_operators(client, hub):
    def results(expression):
        page = body(client, f"/{pm25(hub)}/Observations", **{"$filter": expression})
        return sorted(o["result"] for o in page["value"])

    assert results("result eq 4") == [4.0]
    assert results("result ne 4 and result le 5") == [3.0, 5.0]
    assert results("result lt 4 or result ge 12") == [3.0, 12.0]
    assert results("not (result gt 3)") == [3.0]
    assert results("(result gt 10) and not (result eq 12)") == [11.0]


def test_arithmetic_operators(client, hub):
    def results(expression):
        page = body(client, f"/{pm25(hub)}/Observations", **{"$filter": expression})
        return sorted(o["result"] for o in page["value"])

    assert results("result add 2 gt 13") == [12.0]
    assert results("result sub 1 eq 2") == [3.0]
    assert results("result mul 2 ge 23") == [12.0]
    assert results("result div 2 eq 2") == [4.0]
    assert results("result mod 5 eq 0") == [5.0, 10.0]
    assert results("round(result div 4) eq 3") == [10.0, 11.0, 12.0]


def test_string_functions(client, hub):
    def names(expression):
        return sorted(
            t["name"] for t in body(client, "/Things", **{"$filter": expression})["value"]
        )

    assert names("substringof('park', name)") == ["Lamp by the park"]
    assert names("contains(name, 'STA')") == ["AQ-STA-1", "SL-STA-1"]
    assert names("startswith(name, 'SL-')") == ["SL-STA-1"]
    assert names("endswith(name, 'park')") == ["Lamp by the park"]
    assert names("length(name) eq 8") == ["AQ-STA-1", "SL-STA-1"]
    assert names("tolower(name) eq 'sl-sta-1'") == ["SL-STA-1"]
    assert names("toupper(name) eq 'LAMP BY THE PARK'") == ["Lamp by the park"]
    assert names("indexof(name, 'STA') eq 3") == ["AQ-STA-1", "SL-STA-1"]
    assert names("substring(name, 5) eq 'by the park'") == ["Lamp by the park"]
    assert names("concat(name, '!') eq 'AQ-STA-1!'") == ["AQ-STA-1"]
    assert names("trim(name) eq name") == ["AQ-STA-1", "Lamp by the park", "SL-STA-1"]


def test_date_functions_over_phenomenon_and_result_time(client, hub):
    def results(expression):
        page = body(client, f"/{pm25(hub)}/Observations", **{"$filter": expression})
        return sorted(o["result"] for o in page["value"])

    assert results("hour(phenomenonTime) ge 18") == [11.0, 12.0]
    assert results("year(resultTime) eq 2026 and month(resultTime) eq 11") == results("true")
    assert results("day(phenomenonTime) eq 28 and minute(phenomenonTime) eq 0") != []
    assert results("phenomenonTime lt 2026-11-28T12:00:00Z") == [3.0, 4.0]
    assert results("resultTime ge 2026-11-28T19:00:00.000+00:00") == [12.0]
    assert results("date(phenomenonTime) eq 2026-11-28") == results("true")
    assert results("phenomenonTime lt now()") == results("true")


def test_geospatial_functions_over_the_devices_points(client, hub):
    # A square around the city hall holds the lamp and the station, not the park lamp.
    square = "POLYGON((27.92 47.76, 27.935 47.76, 27.935 47.763, 27.92 47.763, 27.92 47.76))"

    def names(entity_set, expression, attribute="name"):
        page = body(client, f"/{entity_set}", **{"$filter": expression})
        return sorted(e[attribute] for e in page["value"])

    inside = names("Things", f"st_within(Locations/location, geography'{square}')")
    assert inside == ["AQ-STA-1", "SL-STA-1"]
    assert names("Locations", f"st_intersects(location, geography'{square}')") == [
        "AQ-STA-1",
        "str. Ștefan cel Mare 10",
    ]
    assert names("Locations", f"st_disjoint(location, geography'{square}')") == ["SL-STA-2"]
    near = "geo.distance(location, geography'POINT(27.93 47.762)') lt 0.001"
    assert names("Locations", near) == ["AQ-STA-1"]
    in_square = f"st_within(FeatureOfInterest/feature, geography'{square}')"
    assert len(body(client, "/Observations", **{"$filter": in_square})["value"]) == 13


def test_filters_follow_navigation_paths(client, hub):
    """Datastream/Thing/name on Observations; Datastreams/… (to many) on Things."""
    page = body(
        client,
        "/Observations",
        **{
            "$filter": "Datastream/Thing/name eq 'SL-STA-1'"
            " and Datastream/ObservedProperty/name eq 'illuminanceLevel'"
        },
    )
    assert sorted(o["result"] for o in page["value"]) == [0.4, 1.0]
    things = body(client, "/Things", **{"$filter": "Datastreams/Observations/result gt 11.5"})
    assert [t["name"] for t in things["value"]] == ["AQ-STA-1"]
    sensors = body(client, "/Datastreams", **{"$filter": "Sensor/id eq 'StreetLight'"})
    assert len(sensors["value"]) == 2


def test_state_results_are_their_names(client, hub):
    page = body(client, "/Observations", **{"$filter": "result eq 'on'"})
    assert [o["result"] for o in page["value"]] == ["on"]
    # A number never matches a state's index.
    assert body(client, "/Observations", **{"$filter": "result eq 1"})["value"][0]["result"] == 1.0
    stream = body(client, f"/Datastreams('{hub['lamp'].pk}-powerState')")
    assert stream["observationType"].endswith("OM_CategoryObservation")
    assert stream["unitOfMeasurement"] == {"name": None, "symbol": None, "definition": None}


def test_static_sets_filter_and_order_too(client, hub):
    sensors = body(
        client, "/Sensors", **{"$filter": "startswith(@iot.id, 'Street')", "$orderby": "id desc"}
    )
    assert [s["@iot.id"] for s in sensors["value"]] == ["StreetlightControlCabinet", "StreetLight"]
    states = body(client, "/ObservedProperties", **{"$filter": "name eq 'powerState'"})
    assert states["value"][0]["properties"] == {"states": ["off", "on"]}
    assert (
        body(client, "/Sensors('StreetLight')/Datastreams", **{"$count": "true"})["@iot.count"] == 2
    )


def test_links_follow_the_address_the_client_used(client, hub):
    page = client.get(f"{API}/Things", secure=True).json()
    assert page["value"][0]["@iot.selfLink"].startswith("https://testserver/sta/v1.1/Things(")


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/Things", {"$filter": "name eq"}, 400),
        ("/Things", {"$filter": "nosuchfunction(name)"}, 400),
        ("/Things", {"$filter": "nosuchproperty eq 1"}, 400),
        ("/Things", {"$filter": "name"}, 400),
        ("/Things", {"$orderby": "name sideways"}, 400),
        ("/Things", {"$top": "-1"}, 400),
        ("/Things", {"$skip": "ten"}, 400),
        ("/Things", {"$count": "maybe"}, 400),
        ("/Things", {"$select": "colour"}, 400),
        ("/Things", {"$expand": "Wheels"}, 400),
        ("/Things", {"$expand": "Datastreams($top=x)"}, 400),
        ("/Things", {"$unknown": "1"}, 400),
        ("/Things", {"$filter": "st_within(name, geography'POINT(1 2)')"}, 400),
        ("/Things", {"$filter": "st_within(Locations/location, geography'POLYGON((1')"}, 400),
        ("/Observations", {"$filter": "result gt 'on'"}, 400),
        ("/Things", {"$filter": "year(name) eq 2026"}, 400),
        ("/Observations", {"$filter": "result add 'x' eq 2"}, 400),
        ("/Things", {"$orderby": "st_within(Locations/location, geography'POINT(1 2)')"}, 400),
        ("/Things", {"$orderby": "Datastreams/name"}, 400),
        ("/Datastreams", {"$filter": "phenomenonTime gt 2026-01-01T00:00:00Z"}, 400),
        ("/Observations", {"$filter": "id gt 99999999999999999999999"}, 400),
        ("/Unicorns", {}, 404),
        ("/Things(99999)", {}, 404),
        ("/Things('abc')", {}, 404),
        ("/Things(99999999999999999999999)", {}, 404),
        ("/Datastreams('nope')", {}, 404),
        ("/Observations('1-pm25-x')", {}, 404),
        ("/Sensors('Toaster')", {}, 404),
        ("/Things/Datastreams", {}, 404),
        ("/Things(1)/Wheels", {}, 404),
    ],
)
def test_bad_requests_get_a_json_error_never_a_500(client, hub, path, params, status):
    response = get(client, path, **params)
    assert response.status_code == status, response.content
    error = response.json()
    assert error["code"] == status
    assert error["message"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_refused_with_405_and_a_json_body(client, hub, method):
    response = getattr(client, method)(
        f"{API}/Things", data='{"name": "x"}', content_type="application/json"
    )
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["code"] == 405


def test_expansion_queries_do_not_grow_with_the_number_of_things(client, hub):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from smartcity.devices import services
    from smartcity.devices.ingest import TRUSTED, readings_ingest
    from tests.conftest import iso
    from tests.sensorthings.conftest import at

    options = {"$expand": "Locations,Datastreams($expand=Sensor,Observations($top=2;$count=true))"}

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = body(client, "/Things", **options)
        return len(captured.captured_queries), len(page["value"])

    few, things = queries()
    assert things == 3
    for n in range(5):
        station = services.device_register(
            ref=f"AQ-MORE-{n}", device_type="AirQualityObserved", latitude=47.76, longitude=27.93
        )
        readings_ingest(
            [{"device": station.ref, "observedAt": iso(at(12)), "values": {"pm25": 1.0, "no2": 2}}],
            credential=TRUSTED,
        )
    many, things = queries()
    assert things == 8
    assert many == few


def test_sensors_and_observed_properties_expand_their_datastreams(client, hub):
    sensors = body(
        client,
        "/Sensors",
        **{"$filter": "id eq 'StreetLight'", "$expand": "Datastreams($top=1;$count=true)"},
    )
    (lights,) = sensors["value"]
    assert lights["Datastreams@iot.count"] == 2
    assert len(lights["Datastreams"]) == 1
    assert lights["Datastreams@iot.nextLink"].startswith(
        f"{BASE}/Sensors('StreetLight')/Datastreams?"
    )
    observed = body(client, "/ObservedProperties('pm25')", **{"$expand": "Datastreams"})
    assert [d["name"] for d in observed["Datastreams"]] == ["AQ-STA-1 pm25"]


def test_a_head_request_answers_like_a_get_without_a_body(client, hub):
    response = client.head(f"{API}/Things")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
