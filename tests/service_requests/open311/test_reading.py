"""GET endpoints of GeoReport v2: discovery, services, definitions, requests, tokens."""

from __future__ import annotations

import datetime

import pytest
from defusedxml import ElementTree
from django.utils import timezone

from smartcity.service_requests.models import ServiceRequest
from smartcity.service_requests.open311 import documents
from tests.factories import service_request_submit

BASE = "/open311/v2"


def test_discovery_lists_the_json_and_xml_endpoint(client, balti):
    document = client.get(f"{BASE}/discovery.json").json()
    assert document["endpoints"][0]["formats"] == ["application/json", "text/xml"]
    assert document["endpoints"][0]["url"].endswith("/open311/v2")
    xml = ElementTree.fromstring(client.get(f"{BASE}/discovery.xml").content)
    assert xml.tag == "discovery"
    assert [f.text for f in xml.iter("format")] == ["application/json", "text/xml"]


def test_services_are_the_active_categories_and_validate(client, balti, open311_schema):
    response = client.get(f"{BASE}/services.json")
    assert response["Content-Type"].startswith("application/json")
    services = response.json()
    open311_schema(services, "services.json")
    codes = {s["service_code"] for s in services}
    assert {"street-light-out", "pothole", "container-overflow"} <= codes
    lamp = next(s for s in services if s["service_code"] == "street-light-out")
    assert lamp["service_name"] == "Felinar stins"
    assert lamp["metadata"] is True
    assert lamp["type"] == "realtime"


def test_service_names_follow_accept_language(client, balti):
    services = client.get(f"{BASE}/services.json", HTTP_ACCEPT_LANGUAGE="ru").json()
    lamp = next(s for s in services if s["service_code"] == "street-light-out")
    assert lamp["service_name"] == "Не горит фонарь"


def test_services_in_xml(client, balti):
    xml = ElementTree.fromstring(client.get(f"{BASE}/services.xml").content)
    assert xml.tag == "services"
    codes = [s.findtext("service_code") for s in xml.findall("service")]
    assert "pothole" in codes


def test_a_service_definition_lists_its_attributes_and_values(client, balti, open311_schema):
    definition = client.get(f"{BASE}/services/container-overflow.json").json()
    open311_schema(definition, "service-definition.json")
    attribute = definition["attributes"][0]
    assert attribute["code"] == "container_type"
    assert attribute["required"] is True
    assert attribute["datatype"] == "singlevaluelist"
    assert {"key": "glass", "name": "sticlă"} in attribute["values"]
    xml = ElementTree.fromstring(client.get(f"{BASE}/services/container-overflow.xml").content)
    assert xml.find("attributes/attribute/values/value/key").text == "mixed"


def test_an_unknown_service_is_a_404_in_the_standard_error_format(client, balti):
    response = client.get(f"{BASE}/services/teleport.json")
    assert response.status_code == 404
    assert response.json()[0]["code"] == 404
    xml = ElementTree.fromstring(client.get(f"{BASE}/services/teleport.xml").content)
    assert xml.tag == "errors"
    assert xml.find("error/code").text == "404"


def test_requests_carry_time_zones_and_validate(client, balti, open311_schema):
    request = service_request_submit(address="str. Ștefan cel Mare 1")
    body = client.get(f"{BASE}/requests.json").json()
    open311_schema(body, "requests.json")
    document = next(d for d in body if d["service_request_id"] == request.tracking_code)
    assert document["status"] == "open"
    assert document["requested_datetime"].endswith(("+02:00", "+03:00"))
    assert document["agency_responsible"] == "Î.M. Iluminat Public"
    assert document["address"] == "str. Ștefan cel Mare 1"


def test_one_request_is_a_one_element_array(client, balti, open311_schema):
    request = service_request_submit()
    body = client.get(f"{BASE}/requests/{request.tracking_code}.json").json()
    assert isinstance(body, list) and len(body) == 1
    open311_schema(body, "requests.json")
    open311_schema(body[0], "request.json")
    xml = ElementTree.fromstring(client.get(f"{BASE}/requests/{request.tracking_code}.xml").content)
    assert xml.tag == "service_requests"
    assert xml.find("request/service_request_id").text == request.tracking_code


def test_hidden_and_unknown_requests_are_not_found(client, balti):
    request = service_request_submit()
    ServiceRequest.objects.filter(pk=request.pk).update(is_hidden=True)
    assert client.get(f"{BASE}/requests/{request.tracking_code}.json").status_code == 404
    assert client.get(f"{BASE}/requests/BL-0000-0000.json").status_code == 404
    assert request.tracking_code not in client.get(f"{BASE}/requests.json").content.decode()


def test_requests_filter_by_code_status_and_ids(client, balti):
    lamp = service_request_submit()
    hole = service_request_submit(category="pothole")
    codes = lambda url: {d["service_request_id"] for d in client.get(url).json()}  # noqa: E731
    assert codes(f"{BASE}/requests.json?service_code=pothole") == {hole.tracking_code}
    assert codes(
        f"{BASE}/requests.json?service_request_id={lamp.tracking_code},{hole.tracking_code}"
    ) == {lamp.tracking_code, hole.tracking_code}
    assert codes(f"{BASE}/requests.json?status=closed") == set()
    assert codes(f"{BASE}/requests.json?status=open") == {lamp.tracking_code, hole.tracking_code}


def test_requests_default_to_the_last_ninety_days(client, balti):
    old = service_request_submit()
    ServiceRequest.objects.filter(pk=old.pk).update(
        requested_at=timezone.now() - datetime.timedelta(days=120)
    )
    assert client.get(f"{BASE}/requests.json").json() == []
    start = (timezone.now() - datetime.timedelta(days=125)).date().isoformat()
    body = client.get(f"{BASE}/requests.json?start_date={start}").json()
    assert [d["service_request_id"] for d in body] == [old.tracking_code]


def test_a_date_range_over_ninety_days_is_refused(client, balti):
    response = client.get(
        f"{BASE}/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z"
    )
    assert response.status_code == 400
    assert "90 de zile" in response.json()[0]["description"]  # Romanian unless asked


def test_requests_near_a_point_and_in_a_box(client, balti):
    near = service_request_submit(latitude=47.7617, longitude=27.9289)
    far = service_request_submit(latitude=47.7850, longitude=27.9150)
    ids = lambda url: {d["service_request_id"] for d in client.get(url).json()}  # noqa: E731
    assert ids(f"{BASE}/requests.json?lat=47.7620&long=27.9290&radius=100") == {near.tracking_code}
    assert ids(f"{BASE}/requests.json?bbox=27.91,47.78,27.92,47.79") == {far.tracking_code}


def test_pages_of_requests(client, balti):
    made = [service_request_submit() for _ in range(5)]
    first = client.get(f"{BASE}/requests.json?page_size=2").json()
    third = client.get(f"{BASE}/requests.json?page_size=2&page=3").json()
    assert len(first) == 2 and len(third) == 1
    assert third[0]["service_request_id"] == made[0].tracking_code  # newest first


def test_extensions_add_the_public_history(client, balti):
    from django.contrib.auth.models import User

    from smartcity.service_requests import services

    request = service_request_submit()
    services.request_change_status(
        request=request,
        user=User.objects.get(username="iluminat"),
        status="closed",
        closure_reason="fixed",
        public_comment="Becul a fost înlocuit.",
    )
    body = client.get(f"{BASE}/requests/{request.tracking_code}.json?extensions=true").json()
    extended = body[0]["extended_attributes"]
    assert extended["detailed_status"] == "FIXED"
    assert [n["description"] for n in extended["notes"]] == [None, "Becul a fost înlocuit."]
    assert body[0]["status_notes"] == "Becul a fost înlocuit."


def test_a_token_resolves_to_its_request(client, balti):
    request = service_request_submit()
    token = documents.request_token(request.pk)
    body = client.get(f"{BASE}/tokens/{token}.json").json()
    assert body == [{"service_request_id": request.tracking_code, "token": token}]
    assert client.get(f"{BASE}/tokens/forged.json").status_code == 404


def test_a_foreign_jurisdiction_is_not_found(client, balti):
    assert client.get(f"{BASE}/services.json?jurisdiction_id=balti.md").status_code == 200
    assert client.get(f"{BASE}/services.json?jurisdiction_id=chisinau.md").status_code == 404


def test_an_unknown_format_or_endpoint_is_a_json_404(client, balti):
    for url in (f"{BASE}/services.csv", f"{BASE}/nothing.json"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()[0]["code"] == 404


@pytest.mark.parametrize(
    "query",
    [
        "lat=abc&long=27.9",
        "lat=47.7",
        "lat=47.7&long=27.9&radius=-5",
        "bbox=1,2,3",
        "bbox=28,48,27,47",
        "page=0",
        "page=x",
        "page_size=100000",
        "start_date=yesterday",
        "end_date=2026-13-45",
        "status=broken",
        "start_date=2026-05-01&end_date=2026-04-01",
    ],
)
def test_bad_parameters_get_a_400_with_a_description(client, balti, query):
    response = client.get(f"{BASE}/requests.json?{query}")
    assert response.status_code == 400
    assert response.json()[0]["description"]


def test_get_only_endpoints_refuse_other_methods(client, balti):
    response = client.delete(f"{BASE}/services.json")
    assert response.status_code == 405
    assert response["Allow"] == "GET"


def test_the_polled_list_shows_every_change_at_once(client, balti):
    from django.contrib.auth.models import User

    from smartcity.service_requests import services

    request = service_request_submit()
    url = f"{BASE}/requests.json"
    assert client.get(url).json()[0]["status"] == "open"
    assert client.get(url).json()[0]["status"] == "open"  # served from the cache
    staff = User.objects.get(username="iluminat")
    services.request_change_status(
        request=request, user=staff, status="closed", closure_reason="fixed"
    )
    assert client.get(url).json()[0]["status"] == "closed"
    services.request_set_hidden(request=request, user=staff, hidden=True)
    assert client.get(url).json() == []


def test_a_change_reaches_the_polled_list_within_a_second(client, balti, monkeypatch):
    from django.contrib.auth.models import User

    from smartcity.service_requests import services
    from smartcity.service_requests.open311 import documents as docs

    clock = [1000.0]
    monkeypatch.setattr(docs, "VERSION_SECONDS", 1.0)
    monkeypatch.setattr(docs.time, "monotonic", lambda: clock[0])
    docs._version_memo.clear()
    request = service_request_submit()
    url = f"{BASE}/requests.json?extensions=true"

    def detailed_status() -> str:
        return client.get(url).json()[0]["extended_attributes"]["detailed_status"]

    assert detailed_status() == "OPEN"
    services.request_change_status(
        request=request, user=User.objects.get(username="iluminat"), status="in_progress"
    )
    clock[0] += 0.5
    assert detailed_status() == "OPEN"  # the same second: the page read before is reused
    clock[0] += 0.6
    assert detailed_status() == "IN_PROGRESS"


def test_a_full_page_links_to_the_next_one(client, balti):
    for _ in range(3):
        service_request_submit()
    first = client.get(f"{BASE}/requests.json?page_size=2&status=open")
    assert first["Link"] == (
        f'<http://testserver{BASE}/requests.json?page_size=2&status=open&page=2>; rel="next"'
    )
    last = client.get(f"{BASE}/requests.json?page_size=2&status=open&page=2")
    assert len(last.json()) == 1
    assert "Link" not in last
