"""The list of reports, its map, feeds, area alerts and statistics."""

from __future__ import annotations

import datetime

import pytest
from defusedxml import ElementTree
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone, translation

from smartcity.service_requests import services
from smartcity.service_requests.models import AreaSubscription, ServiceRequest, Status
from tests.factories import service_request_submit

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_list_filters_by_category_district_and_status(client, balti):
    lamp = service_request_submit()
    hole = service_request_submit(category="pothole", latitude=47.7850, longitude=27.9150)
    page = client.get("/requests/", {"category": "pothole"}).content.decode()
    assert hole.tracking_code in page and lamp.tracking_code not in page
    page = client.get("/requests/", {"district": "centru"}).content.decode()
    assert lamp.tracking_code in page and hole.tracking_code not in page
    page = client.get("/requests/", {"status": "closed"}).content.decode()
    assert lamp.tracking_code not in page


def test_the_map_geojson_follows_the_filters(client, balti):
    service_request_submit()
    hole = service_request_submit(category="pothole")
    body = client.get("/requests/map.geojson", {"category": "pothole"}).json()
    assert body["type"] == "FeatureCollection"
    assert [f["properties"]["code"] for f in body["features"]] == [hole.tracking_code]
    assert body["features"][0]["geometry"]["coordinates"] == [27.9289, 47.7617]


def test_a_district_feed_lists_its_new_reports(client, balti):
    lamp = service_request_submit()
    xml = ElementTree.fromstring(client.get("/requests/feeds/district/centru.atom").content)
    entries = xml.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}link").get("href").split("/")[-2] for e in entries] == [
        lamp.tracking_code
    ]
    assert client.get("/requests/feeds/district/atlantis.atom").status_code == 404


def test_an_area_feed_and_its_bad_parameters(client, balti):
    lamp = service_request_submit()
    feed = client.get(
        "/requests/feeds/area.atom", {"lat": "47.7617", "long": "27.9289", "radius": "200"}
    )
    assert lamp.tracking_code in feed.content.decode()
    for query in ({}, {"lat": "x", "long": "1"}, {"lat": "47.7", "long": "27.9", "radius": "0"}):
        response = client.get("/requests/feeds/area.atom", query)
        assert response.status_code == 400
        assert "latitudinea, longitudinea și raza" in response.content.decode()


def test_a_subscription_starts_only_after_its_confirmation(
    client, balti, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/requests/alerts/", {"email": "vecin@example.md", "district": balti_district("centru")}
        )
    assert response.status_code == 302
    confirm_link = next(line for line in mail.outbox[0].body.splitlines() if "/confirm/" in line)
    with django_capture_on_commit_callbacks(execute=True):
        service_request_submit()
    assert len(mail.outbox) == 1  # not confirmed: nothing sent
    client.get(confirm_link.split("testserver")[1])
    assert AreaSubscription.objects.get().confirmed_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        new = service_request_submit()
    assert new.tracking_code in mail.outbox[-1].body
    assert "/unsubscribe/" in mail.outbox[-1].body


def balti_district(slug):
    from smartcity.city.models import District

    return District.objects.get(slug=slug).pk


def test_a_point_subscription_outside_the_city_is_refused(client, balti):
    response = client.post(
        "/requests/alerts/",
        {"email": "a@example.md", "latitude": "47.01", "longitude": "28.86", "radius_m": "500"},
    )
    assert response.status_code == 400
    assert AreaSubscription.objects.count() == 0
    response = client.post("/requests/alerts/", {"email": "a@example.md"})
    assert response.status_code == 400


def test_statistics_count_by_category_district_status_and_closing_time(client, balti):
    roads = User.objects.get(username="drumuri")
    for hours in (10, 30):
        request = service_request_submit(category="pothole")
        ServiceRequest.objects.filter(pk=request.pk).update(
            requested_at=timezone.now() - datetime.timedelta(hours=hours)
        )
        services.request_change_status(
            request=request, user=roads, status="closed", closure_reason="fixed"
        )
    service_request_submit()
    page = client.get("/requests/stats/", {"period": "30d"})
    figures = page.context["figures"]
    assert figures["total"] == 3
    assert {(b.label, b.count) for b in figures["by_category"]} == {
        ("Groapă în carosabil", 2),
        ("Felinar stins", 1),
    }
    with translation.override("ro"):  # the page's language
        expected = {(str(Status.CLOSED.label), 2), (str(Status.OPEN.label), 1)}
    assert {(str(b.label), b.count) for b in figures["by_status"]} == expected
    times = {t.department: t for t in figures["closing_times"]}
    assert times["Direcția drumuri și infrastructură"].closed == 2
    assert times["Direcția drumuri și infrastructură"].median_hours == pytest.approx(20, abs=0.1)


@pytest.mark.parametrize("language", ["ro", "ru", "en"])
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/requests/",
        "/requests/new/",
        "/requests/stats/",
        "/requests/alerts/",
        "/requests/track/",
    ],
)
def test_pages_render_in_each_language(client, balti, language, url):
    service_request_submit()
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


def test_a_request_not_yet_on_the_map_is_listed_and_shown_but_not_drawn(client, balti):
    unplaced = service_request_submit(
        category="pothole", latitude=None, longitude=None, to_be_placed=True, address="Curtea"
    )
    placed = service_request_submit(category="pothole")
    drawn = client.get("/requests/map.geojson").json()
    assert [f["properties"]["code"] for f in drawn["features"]] == [placed.tracking_code]
    assert unplaced.tracking_code in client.get("/requests/?status=all").content.decode()
    detail = client.get(f"/requests/{unplaced.tracking_code}/")
    assert detail.status_code == 200 and "Curtea" in detail.content.decode()
    feed = client.get("/requests/feeds/area.atom", {"lat": 47.7617, "long": 27.9289})
    assert feed.status_code == 200 and unplaced.tracking_code.encode() not in feed.content
