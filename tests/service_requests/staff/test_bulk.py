"""Changing or assigning several ticked requests of the queue at once."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from smartcity.service_requests import services
from smartcity.service_requests.models import ServiceRequest
from tests.factories import service_request_submit


def test_the_queue_offers_checkboxes_and_select_all(dispatcher_client):
    request = service_request_submit()
    page = dispatcher_client.get("/staff/").content.decode()
    assert f'name="ids" value="{request.pk}"' in page
    assert 'data-testid="select-all"' in page


def test_bulk_closing_closes_every_ticked_request_and_returns_to_the_same_queue(
    dispatcher_client, django_capture_on_commit_callbacks
):
    first = service_request_submit(email="a@example.md")
    second = service_request_submit(category="pothole")
    untouched = service_request_submit()
    with django_capture_on_commit_callbacks(execute=True):
        response = dispatcher_client.post(
            "/staff/bulk/",
            {
                "action": "status",
                "status": "closed",
                "closure_reason": "no_further_action",
                "public_comment": "Rezolvat în cadrul lucrărilor planificate.",
                "ids": [first.pk, second.pk],
                "next": "/staff/?sort=oldest",
            },
        )
    assert response.status_code == 302
    assert response.url == "/staff/?sort=oldest"
    statuses = dict(ServiceRequest.objects.values_list("pk", "closure_reason"))
    assert statuses == {
        first.pk: "no_further_action",
        second.pk: "no_further_action",
        untouched.pk: "",
    }
    assert [message.to for message in mail.outbox] == [["a@example.md"]]
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["2 requests changed."]


def test_bulk_changes_are_all_or_nothing_when_one_is_refused(lighting_client):
    mine = service_request_submit()
    not_mine = service_request_submit(category="pothole")
    response = lighting_client.post(
        "/staff/bulk/",
        {"action": "status", "status": "acknowledged", "ids": [mine.pk, not_mine.pk]},
    )
    assert response.status_code == 403
    assert set(ServiceRequest.objects.values_list("status", flat=True)) == {"open"}
    assert mine.updates.count() == 1


def test_bulk_closing_without_a_reason_changes_nothing_and_says_why(dispatcher_client):
    requests = [service_request_submit() for _ in range(2)]
    response = dispatcher_client.post(
        "/staff/bulk/",
        {"action": "status", "status": "closed", "ids": [r.pk for r in requests]},
        follow=True,
    )
    page = response.content.decode()
    assert "Say why the request is closed." in page
    assert "Nothing was changed." in page
    assert set(ServiceRequest.objects.values_list("status", flat=True)) == {"open"}


@pytest.mark.parametrize(
    "ids",
    [[], ["abc"], ["999999"]],
)
def test_bulk_with_no_or_unknown_requests_changes_nothing(dispatcher_client, ids):
    request = service_request_submit()
    response = dispatcher_client.post(
        "/staff/bulk/", {"action": "status", "status": "acknowledged", "ids": ids}, follow=True
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    request.refresh_from_db()
    assert request.status == "open"


def test_bulk_does_not_redirect_off_the_site(dispatcher_client):
    request = service_request_submit()
    response = dispatcher_client.post(
        "/staff/bulk/",
        {
            "action": "status",
            "status": "acknowledged",
            "ids": [request.pk],
            "next": "https://evil.example/",
        },
    )
    assert response.url == "/staff/"


def test_bulk_assign_gives_every_ticked_request_to_one_person(dispatcher_client):
    requests = [service_request_submit() for _ in range(3)]
    ion = User.objects.get(username="iluminat")
    dispatcher_client.post(
        "/staff/bulk/",
        {"action": "assign", "assignee": str(ion.pk), "ids": [r.pk for r in requests[:2]]},
    )
    assigned = dict(ServiceRequest.objects.values_list("pk", "assigned_to"))
    assert assigned == {requests[0].pk: ion.pk, requests[1].pk: ion.pk, requests[2].pk: None}


def test_bulk_assign_is_all_or_nothing(dispatcher_client):
    light = service_request_submit()
    pothole = service_request_submit(category="pothole")
    ion = User.objects.get(username="iluminat")
    response = dispatcher_client.post(
        "/staff/bulk/",
        {"action": "assign", "assignee": str(ion.pk), "ids": [light.pk, pothole.pk]},
        follow=True,
    )
    assert "staff of their department" in response.content.decode()
    assert set(ServiceRequest.objects.values_list("assigned_to", flat=True)) == {None}


def test_the_bulk_assign_service_checks_each_request(balti):
    ion = User.objects.get(username="iluminat")
    light = service_request_submit()
    pothole = service_request_submit(category="pothole")
    with pytest.raises(PermissionDenied):
        services.requests_bulk_assign(requests=[light, pothole], user=ion, assignee=ion)
    with pytest.raises(ValidationError):
        services.requests_bulk_assign(
            requests=[light, pothole], user=User.objects.get(username="admin"), assignee=ion
        )
    assert set(ServiceRequest.objects.values_list("assigned_to", flat=True)) == {None}
    assert services.requests_bulk_assign(requests=[light], user=ion, assignee=ion) == 1
    light.refresh_from_db()
    assert light.assigned_to == ion


def test_too_many_ticked_requests_are_refused(dispatcher_client):
    request = service_request_submit()
    response = dispatcher_client.post(
        "/staff/bulk/",
        {"action": "status", "status": "acknowledged", "ids": [request.pk] * 501},
        follow=True,
    )
    assert "could not be read" in response.content.decode()
    request.refresh_from_db()
    assert request.status == "open"
