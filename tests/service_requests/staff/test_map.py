"""The GeoJSON of the queue's open requests, for the map."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from smartcity.service_requests import services
from smartcity.service_requests.models import ServiceCategory, ServiceRequest
from smartcity.service_requests.staff import selectors
from tests.factories import service_request_submit


def test_the_map_shows_the_open_requests_as_geojson_points(dispatcher_client):
    request = service_request_submit(latitude=47.7620, longitude=27.9300, address="str. Kiev 3")
    closed = service_request_submit()
    services.request_change_status(
        request=closed,
        user=User.objects.get(username="dispecer"),
        status="closed",
        closure_reason="fixed",
    )
    response = dispatcher_client.get("/staff/map.geojson?status=all")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert data["truncated"] is False
    [feature] = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [27.93, 47.762]}
    assert feature["properties"] == {
        "tracking_code": request.tracking_code,
        "category": "Street light out",
        "status": "open",
        "status_label": "open",
        "address": "str. Kiev 3",
        "overdue": False,
    }


def test_the_map_uses_the_queue_filters(dispatcher_client):
    service_request_submit()
    pothole = service_request_submit(category="pothole")
    late = service_request_submit(category="pothole")
    ServiceRequest.objects.filter(pk=late.pk).update(
        due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    category = ServiceCategory.objects.get(code="pothole")
    data = dispatcher_client.get(f"/staff/map.geojson?category={category.pk}").json()
    assert {f["properties"]["tracking_code"] for f in data["features"]} == {
        pothole.tracking_code,
        late.tracking_code,
    }
    data = dispatcher_client.get("/staff/map.geojson?overdue=on").json()
    assert [f["properties"]["tracking_code"] for f in data["features"]] == [late.tracking_code]
    assert data["features"][0]["properties"]["overdue"] is True


def test_the_map_is_bounded_and_says_so(dispatcher_client, monkeypatch):
    monkeypatch.setattr(selectors.queue, "MAP_LIMIT", 2)
    for _ in range(3):
        service_request_submit()
    data = dispatcher_client.get("/staff/map.geojson").json()
    assert len(data["features"]) == 2
    assert data["truncated"] is True


def test_the_queue_page_points_its_map_at_the_geojson_with_the_same_filters(dispatcher_client):
    page = dispatcher_client.get("/staff/?overdue=on&sort=oldest&page=2").content.decode()
    assert 'data-geojson-url="/staff/map.geojson?overdue=on&amp;sort=oldest"' in page
    assert 'data-tile-url=""' in page
    assert "vendor/leaflet/leaflet.js" in page
