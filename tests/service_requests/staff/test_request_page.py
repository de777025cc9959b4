"""The request page for staff and the actions posted from it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone

from smartcity.service_requests import classifier, services
from smartcity.service_requests.models import RequestUpdate, ServiceCategory, ServiceRequest
from tests.factories import service_request_submit

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(request: ServiceRequest, action: str = "") -> str:
    return f"/staff/requests/{request.tracking_code}/" + (f"{action}/" if action else "")


def test_the_page_shows_contact_data_answers_and_the_full_history(dispatcher_client):
    request = service_request_submit(
        category="pothole",
        description="Groapă adâncă în fața blocului",
        email="rezident@example.md",
        address="str. Decebal 10",
        attributes={"size": "large"},
    )
    ServiceRequest.objects.filter(pk=request.pk).update(first_name="Maria", phone="069123456")
    services.request_comment(
        request=request,
        user=User.objects.get(username="drumuri"),
        internal_note="Echipa vine joi",
    )
    response = dispatcher_client.get(_url(request))
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        request.tracking_code,
        "Groapă adâncă în fața blocului",
        "rezident@example.md",
        "069123456",
        "Maria",
        "str. Decebal 10",
        "Size of the hole",  # the question's label, not its code
        "large, dangerous",  # the choice's name, not its key
        "Echipa vine joi",  # internal notes are shown to staff
        "Vasile Lungu",  # and who wrote them
        'data-testid="history-entry" data-kind="created"',
    ):
        assert text in page


@pytest.mark.parametrize(
    ("due_in_hours", "shown"),
    [(240, "rămân 1 săptămână, 3 zile"), (-3, "RESTANTĂ · întârziere de 3 ore")],
)
def test_the_page_says_in_romanian_how_long_is_left_or_how_late_it_is(
    dispatcher_client, due_in_hours, shown
):
    request = service_request_submit()
    with time_machine.travel(timezone.now(), tick=False):
        due_at = timezone.now() + datetime.timedelta(hours=due_in_hours)
        ServiceRequest.objects.filter(pk=request.pk).update(due_at=due_at)
        dispatcher_client.cookies["django_language"] = "ro"
        page = dispatcher_client.get(_url(request)).content.decode()
    panel = page[page.index('data-testid="request-status"') :]
    assert shown in panel[: panel.index("</p>")].replace("\xa0", " ")


def test_a_lowercase_tracking_code_finds_the_request(dispatcher_client):
    request = service_request_submit()
    assert dispatcher_client.get(_url(request).lower()).status_code == 200


def test_changing_the_status_emails_the_reporter(
    lighting_client, django_capture_on_commit_callbacks
):
    request = service_request_submit(email="rezident@example.md")
    with django_capture_on_commit_callbacks(execute=True):
        response = lighting_client.post(
            _url(request, "status"),
            {
                "status": "closed",
                "closure_reason": "fixed",
                "public_comment": "Becul a fost înlocuit.",
                "internal_note": "stâlpul 17",
            },
        )
    assert response.status_code == 302
    assert response.url == _url(request)
    request.refresh_from_db()
    assert (request.status, request.closure_reason) == ("closed", "fixed")
    update = request.updates.last()
    assert update.staff.username == "iluminat"
    assert update.internal_note == "stâlpul 17"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rezident@example.md"]
    assert "Becul a fost înlocuit." in mail.outbox[0].body
    assert "stâlpul 17" not in mail.outbox[0].body


def test_closing_without_a_reason_shows_the_form_again_and_changes_nothing(lighting_client):
    request = service_request_submit()
    response = lighting_client.post(_url(request, "status"), {"status": "closed"})
    assert response.status_code == 400
    assert "Say why the request is closed." in response.content.decode()
    request.refresh_from_db()
    assert request.status == "open"
    assert request.updates.count() == 1


def test_an_unknown_status_is_a_form_error_not_a_crash(lighting_client):
    request = service_request_submit()
    response = lighting_client.post(_url(request, "status"), {"status": "exploded"})
    assert response.status_code == 400
    assert 'data-testid="form-errors"' in response.content.decode()


def test_with_htmx_a_status_change_answers_with_the_panel_only(lighting_client):
    request = service_request_submit()
    response = lighting_client.post(_url(request, "status"), {"status": "in_progress"}, **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="request-panel"')
    assert "<html" not in page
    assert 'data-status="in_progress"' in page
    assert "The status was changed." in page


def test_with_htmx_errors_come_back_in_the_panel(lighting_client):
    request = service_request_submit()
    response = lighting_client.post(_url(request, "status"), {"status": "closed"}, **HTMX)
    assert response.status_code == 200
    assert "Say why the request is closed." in response.content.decode()


def test_a_dispatcher_assigns_a_request_to_the_lighting_staff(dispatcher_client):
    request = service_request_submit()
    ion = User.objects.get(username="iluminat")
    page = dispatcher_client.get(_url(request)).content.decode()
    assert f'<option value="{ion.pk}" data-username="iluminat"' in page
    response = dispatcher_client.post(_url(request, "assign"), {"assignee": str(ion.pk)})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.assigned_to == ion
    update = request.updates.last()
    assert (update.kind, update.staff.username) == (RequestUpdate.Kind.ASSIGNED, "dispecer")
    assert "Ion Popescu" in dispatcher_client.get(_url(request)).content.decode()


def test_staff_take_a_request_themselves_and_can_unassign_it(lighting_client):
    request = service_request_submit()
    lighting_client.post(_url(request, "assign"), {"assignee": "me"})
    request.refresh_from_db()
    assert request.assigned_to.username == "iluminat"
    lighting_client.post(_url(request, "assign"), {"assignee": ""})
    request.refresh_from_db()
    assert request.assigned_to is None


@pytest.mark.parametrize("assignee", ["drumuri", "nobody"])
def test_assigning_outside_the_department_is_refused_with_a_message(dispatcher_client, assignee):
    request = service_request_submit()
    user = User.objects.filter(username=assignee).first()
    response = dispatcher_client.post(
        _url(request, "assign"), {"assignee": str(user.pk) if user else "99999"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "staff of their department" in page or "Choose a staff member" in page
    request.refresh_from_db()
    assert request.assigned_to is None


def test_a_dispatcher_reroutes_a_request_to_another_department(dispatcher_client):
    request = service_request_submit(category="other", description="Groapă mare în asfalt")
    pothole = ServiceCategory.objects.get(code="pothole")
    response = dispatcher_client.post(_url(request, "reroute"), {"category": pothole.pk})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.category == pothole
    assert request.department.slug == "drumuri"


def test_after_passing_a_request_on_department_staff_return_to_their_queue(lighting_client):
    request = service_request_submit()
    pothole = ServiceCategory.objects.get(code="pothole")
    response = lighting_client.post(_url(request, "reroute"), {"category": pothole.pk})
    assert response.status_code == 302
    assert response.url == "/staff/"
    response = lighting_client.post(
        _url(service_request_submit(), "reroute"), {"category": pothole.pk}, **HTMX
    )
    assert response["HX-Redirect"] == "/staff/"


def test_rerouting_to_an_unknown_category_is_a_form_error(dispatcher_client):
    request = service_request_submit()
    response = dispatcher_client.post(_url(request, "reroute"), {"category": "999999"})
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.category.code == "street-light-out"


def test_nearby_open_requests_of_the_same_category_are_offered_as_duplicates(dispatcher_client):
    request = service_request_submit()
    near = service_request_submit(latitude=47.7625, longitude=27.9295)  # about 100 m away
    far = service_request_submit(latitude=47.7700, longitude=27.9289)  # about 900 m away
    other_kind = service_request_submit(category="pothole", latitude=47.7618, longitude=27.9290)
    page = dispatcher_client.get(_url(request)).content.decode()
    candidates = page[page.index('data-testid="duplicate-candidates"') :]
    candidates = candidates[: candidates.index("</fieldset>")]
    assert near.tracking_code in candidates
    assert far.tracking_code not in candidates
    assert other_kind.tracking_code not in candidates


def test_merging_with_a_candidate_closes_the_request_as_a_duplicate(
    dispatcher_client, django_capture_on_commit_callbacks
):
    original = service_request_submit()
    duplicate = service_request_submit(email="vecin@example.md", latitude=47.7619)
    with django_capture_on_commit_callbacks(execute=True):
        response = dispatcher_client.post(
            _url(duplicate, "merge"), {"candidate": original.tracking_code}
        )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == original
    assert (duplicate.status, duplicate.closure_reason) == ("closed", "duplicate")
    assert original.tracking_code in mail.outbox[0].body


def test_merging_by_a_typed_tracking_code(dispatcher_client):
    original = service_request_submit(category="pothole", latitude=47.78, longitude=27.92)
    duplicate = service_request_submit()
    dispatcher_client.post(_url(duplicate, "merge"), {"original": original.tracking_code.lower()})
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == original


@pytest.mark.parametrize("code", ["", "BL-0000-0000", "self"])
def test_merging_into_nothing_or_itself_is_refused(dispatcher_client, code):
    request = service_request_submit()
    if code == "self":
        code = request.tracking_code
    response = dispatcher_client.post(_url(request, "merge"), {"original": code})
    assert response.status_code == 400
    assert 'data-testid="form-errors"' in response.content.decode()
    request.refresh_from_db()
    assert request.status == "open"
    assert request.duplicate_of is None


def test_staff_add_an_internal_note(lighting_client):
    request = service_request_submit(email="rezident@example.md")
    lighting_client.post(_url(request, "comment"), {"internal_note": "piesa comandată"})
    update = request.updates.last()
    assert (update.kind, update.internal_note) == (RequestUpdate.Kind.COMMENT, "piesa comandată")
    assert 'data-testid="internal-note"' in lighting_client.get(_url(request)).content.decode()


def test_an_empty_comment_is_refused(lighting_client):
    request = service_request_submit()
    response = lighting_client.post(_url(request, "comment"), {"public_comment": "  "})
    assert response.status_code == 400
    assert "Write a comment or a note." in response.content.decode()
    assert request.updates.count() == 1


@dataclass
class FakeSuggestion:
    category: ServiceCategory
    confidence: float


def test_the_classifiers_suggestions_are_shown_with_their_confidence(
    dispatcher_client, monkeypatch
):
    request = service_request_submit(category="other", description="Groapă mare pe Decebal")
    asked = []

    def suggestions(text: str, limit: int = 3) -> list[FakeSuggestion]:
        asked.append((text, limit))
        return [
            FakeSuggestion(ServiceCategory.objects.get(code="pothole"), 0.87),
            FakeSuggestion(ServiceCategory.objects.get(code="other"), 0.05),
        ]

    monkeypatch.setattr(classifier, "category_suggestions", suggestions)
    page = dispatcher_client.get(_url(request)).content.decode()
    assert asked == [("Groapă mare pe Decebal", 3)]
    section = page[page.index('data-testid="suggestions"') :]
    assert "Pothole" in section
    assert "0,87" in section or "0.87" in section
    assert section.count('data-testid="apply-suggestion"') == 1  # not for the current one


def test_without_suggestions_the_section_is_absent(dispatcher_client):
    request = service_request_submit()
    assert classifier.category_suggestions("Nu arde felinarul") == []
    assert 'data-testid="suggestions"' not in dispatcher_client.get(_url(request)).content.decode()


def test_the_page_takes_a_fixed_number_of_queries_however_long_the_history(
    dispatcher_client, django_assert_max_num_queries
):
    request = service_request_submit(category="pothole", attributes={"size": "large"})
    roads = User.objects.get(username="drumuri")
    for index in range(8):
        services.request_comment(request=request, user=roads, internal_note=f"notă {index}")
        service_request_submit(category="pothole", latitude=47.7618)  # nearby candidates
    # 16: includes the one query that looks for the newest trained classifier and the
    # one that loads the session's second-factor device (django-otp).
    with django_assert_max_num_queries(16):
        page = dispatcher_client.get(_url(request)).content.decode()
    assert page.count('data-testid="history-entry"') == 9
    assert page.count('data-testid="duplicate-candidate"') == 8
