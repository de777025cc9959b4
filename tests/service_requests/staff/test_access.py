"""Who gets into the back office, and what department staff may not touch."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from smartcity.service_requests.models import RequestUpdate, ServiceRequest
from tests.factories import UserFactory, service_request_submit

STAFF_PAGES = ["/staff/", "/staff/map.geojson", "/staff/categories/"]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_anonymous_users_are_sent_to_the_login_page(client, balti, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


def test_the_login_page_leads_staff_to_the_queue(client, balti):
    response = client.post(
        "/accounts/login/", {"username": "dispecer", "password": "balti-demo-2026"}
    )
    assert response.status_code == 302
    assert response.url == "/staff/"


def test_a_resident_without_a_staff_role_is_refused_with_a_message(client, balti):
    client.force_login(UserFactory(username="rezident"))
    response = client.get("/staff/")
    assert response.status_code == 403
    page = response.content.decode()
    assert 'data-testid="forbidden-message"' in page
    assert "nu are un rol de angajat" in page  # Romanian, the default language


def test_the_refusal_is_in_romanian_first(client, balti):
    client.force_login(UserFactory(username="rezident"))
    response = client.get("/staff/")
    assert 'lang="ro"' in response.content.decode()


def test_department_staff_see_only_their_own_departments_requests(lighting_client):
    light = service_request_submit(category="street-light-out")
    pothole = service_request_submit(category="pothole")
    page = lighting_client.get("/staff/?status=all").content.decode()
    assert light.tracking_code in page
    assert pothole.tracking_code not in page


def test_department_staff_cannot_open_another_departments_request(lighting_client):
    pothole = service_request_submit(category="pothole")
    response = lighting_client.get(f"/staff/requests/{pothole.tracking_code}/")
    assert response.status_code == 403
    assert "another department" in response.content.decode()


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("status", {"status": "closed", "closure_reason": "fixed"}),
        ("assign", {"assignee": "me"}),
        ("reroute", {"category": "street-light-out"}),
        ("comment", {"internal_note": "nu e treaba noastră"}),
        ("merge", {"original": "BL-0000-0000"}),
    ],
)
def test_department_staff_cannot_act_on_another_departments_request(lighting_client, action, data):
    pothole = service_request_submit(category="pothole")
    if "category" in data:
        data = {"category": pothole.category.__class__.objects.get(code=data["category"]).pk}
    response = lighting_client.post(f"/staff/requests/{pothole.tracking_code}/{action}/", data)
    assert response.status_code == 403
    pothole.refresh_from_db()
    assert pothole.status == "open"
    assert pothole.category.code == "pothole"
    assert pothole.assigned_to is None
    assert list(pothole.updates.values_list("kind", flat=True)) == [RequestUpdate.Kind.CREATED]


def test_department_staff_cannot_filter_their_way_into_another_department(lighting_client):
    from smartcity.city.models import Department

    roads = Department.objects.get(slug="drumuri")
    pothole = service_request_submit(category="pothole")
    page = lighting_client.get(f"/staff/?department={roads.pk}&status=all").content.decode()
    assert pothole.tracking_code not in page
    geojson = lighting_client.get(f"/staff/map.geojson?department={roads.pk}").json()
    assert geojson["features"] == []


def test_a_dispatcher_sees_every_department(dispatcher_client):
    light = service_request_submit(category="street-light-out")
    pothole = service_request_submit(category="pothole")
    page = dispatcher_client.get("/staff/").content.decode()
    assert light.tracking_code in page
    assert pothole.tracking_code in page


@pytest.mark.parametrize(
    "path",
    [
        "/staff/requests/BL-NOPE-NOPE/",
        "/staff/categories/999999/",
    ],
)
def test_unknown_ids_give_404(administrator_client, path):
    assert administrator_client.get(path).status_code == 404


@pytest.mark.parametrize("action", ["status", "assign", "reroute", "merge", "comment"])
def test_actions_on_an_unknown_request_give_404(dispatcher_client, action):
    response = dispatcher_client.post(f"/staff/requests/BL-NOPE-NOPE/{action}/", {})
    assert response.status_code == 404


def test_actions_refuse_get(dispatcher_client):
    request = service_request_submit()
    response = dispatcher_client.get(f"/staff/requests/{request.tracking_code}/status/")
    assert response.status_code == 405


@pytest.mark.parametrize("action", ["status", "assign", "comment"])
def test_posts_without_a_csrf_token_are_refused(balti, action):
    request = service_request_submit()
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="dispecer"))
    response = client.post(
        f"/staff/requests/{request.tracking_code}/{action}/",
        {"status": "acknowledged", "assignee": "me", "internal_note": "x"},
    )
    assert response.status_code == 403
    assert ServiceRequest.objects.get(pk=request.pk).updates.count() == 1


def test_bulk_changes_without_a_csrf_token_are_refused(balti):
    request = service_request_submit()
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="dispecer"))
    response = client.post(
        "/staff/bulk/", {"action": "status", "status": "acknowledged", "ids": [request.pk]}
    )
    assert response.status_code == 403
    assert ServiceRequest.objects.get(pk=request.pk).status == "open"


def test_the_navigation_offers_the_back_office_to_staff_and_a_login_to_visitors(
    client, dispatcher_client
):
    assert 'data-testid="nav-staff-login"' in client.get("/").content.decode()
    page = dispatcher_client.get("/").content.decode()
    assert 'data-testid="nav-back-office"' in page
    assert 'data-testid="nav-staff-login"' not in page


def test_a_refused_htmx_action_answers_with_the_message_in_place_of_the_panel(lighting_client):
    pothole = service_request_submit(category="pothole")
    response = lighting_client.post(
        f"/staff/requests/{pothole.tracking_code}/status/",
        {"status": "acknowledged"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert page.startswith('<div id="request-panel"')
    assert "another department" in page


def test_the_back_office_speaks_romanian_by_default(balti):
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="dispecer"))
    page = client.get("/staff/").content.decode()
    assert 'lang="ro"' in page
    assert "Lista de solicitări" in page or "solicitări" in page
