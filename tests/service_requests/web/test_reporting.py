"""Reporting a problem on the website."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.cache import cache
from PIL import Image

from smartcity.service_requests.models import ServiceCategory, ServiceRequest
from tests.factories import service_request_submit


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    cache.clear()
    yield
    cache.clear()


def _form(**changes) -> dict:
    data = {
        "category": ServiceCategory.objects.get(code="pothole").pk,
        "latitude": "47.7617",
        "longitude": "27.9289",
        "address": "str. Ștefan cel Mare 12",
        "description": "Groapă mare în carosabil",
        "submission": "s-1",
    }
    data.update(changes)
    return data


def _photo() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (2400, 1200), "grey").save(buffer, format="JPEG")
    buffer.seek(0)
    buffer.name = "groapa.jpg"
    return buffer


def test_the_form_is_in_romanian_first(client, balti):
    page = client.get("/requests/new/").content.decode()
    assert 'lang="ro"' in page
    assert "Groapă în carosabil" in page  # category names in Romanian
    assert 'name="submission"' in page


def test_a_resident_reports_and_gets_a_tracking_code(client, balti):
    response = client.post("/requests/new/", _form(email="ion@example.md", name="Ion Rusu"))
    request = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/requests/{request.tracking_code}/confirmation/"
    page = client.get(response["Location"]).content.decode()
    assert request.tracking_code in page
    assert (request.first_name, request.last_name, request.language) == ("Ion", "Rusu", "ro")
    assert request.address == "str. Ștefan cel Mare 12"


def test_an_anonymous_report_with_a_photo(client, balti):
    client.post("/requests/new/", {**_form(), "photos": [_photo()]})
    request = ServiceRequest.objects.get()
    assert request.email == ""
    assert request.photos.get().width == 1600


def test_extra_questions_are_asked_and_stored(client, balti):
    category = ServiceCategory.objects.get(code="container-overflow")
    fields = client.get("/requests/new/attributes/", {"category": category.pk}).content.decode()
    assert 'name="attr_container_type"' in fields
    client.post("/requests/new/", _form(category=category.pk, attr_container_type="glass"))
    assert ServiceRequest.objects.get().attributes == {"container_type": "glass"}


def test_a_missing_required_answer_is_shown_next_to_its_question(client, balti):
    category = ServiceCategory.objects.get(code="container-overflow")
    response = client.post("/requests/new/", _form(category=category.pk))
    assert response.status_code == 400
    assert 'data-testid="error-attr_container_type"' in response.content.decode()
    assert ServiceRequest.objects.count() == 0


def test_a_point_outside_the_city_is_refused_with_a_clear_message(client, balti):
    response = client.post("/requests/new/", _form(latitude="47.0105", longitude="28.8638"))
    assert response.status_code == 400
    assert "în afara municipiului Bălți" in response.content.decode()
    assert ServiceRequest.objects.count() == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"latitude": "abc"},
        {"latitude": "95"},
        {"category": "99999"},
        {"category": "x"},
        {"description": ""},
        {"email": "not-an-email"},
    ],
)
def test_bad_input_is_refused_and_keeps_what_was_typed(client, balti, changes):
    response = client.post("/requests/new/", _form(**changes))
    assert response.status_code == 400
    assert "str. Ștefan cel Mare 12" in response.content.decode()
    assert ServiceRequest.objects.count() == 0


def test_a_fake_photo_is_refused(client, balti):
    fake = io.BytesIO(b"GIF89a but not really")
    fake.name = "x.gif"
    response = client.post("/requests/new/", {**_form(), "photos": [fake]})
    assert response.status_code == 400
    assert ServiceRequest.objects.count() == 0


def test_html_in_the_description_is_shown_as_text(client, balti):
    client.post("/requests/new/", _form(description="<script>alert('x')</script> groapă"))
    request = ServiceRequest.objects.get()
    page = client.get(f"/requests/{request.tracking_code}/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_submitting_twice_makes_one_report(client, balti):
    first = client.post("/requests/new/", _form())
    second = client.post("/requests/new/", _form())
    assert first["Location"] == second["Location"]
    assert ServiceRequest.objects.count() == 1


def test_anonymous_reports_are_rate_limited(client, balti, settings):
    settings.SMARTCITY_REPORTS_PER_HOUR = 2
    for n in range(2):
        assert client.post("/requests/new/", _form(submission=f"s{n}")).status_code == 302
    refused = client.post("/requests/new/", _form(submission="s3"))
    assert refused.status_code == 429
    assert "Prea multe sesizări" in refused.content.decode()
    assert ServiceRequest.objects.count() == 2


def test_nearby_open_reports_of_the_category_are_shown(client, balti):
    near = service_request_submit(category="pothole", latitude=47.7618, longitude=27.9290)
    service_request_submit(category="pothole", latitude=47.7700, longitude=27.9400)  # far
    service_request_submit(category="street-light-out")  # another category
    pothole = ServiceCategory.objects.get(code="pothole")
    page = client.get(
        "/requests/new/nearby/",
        {"category": pothole.pk, "latitude": "47.7617", "longitude": "27.9289"},
    ).content.decode()
    assert page.count("<li>") == 1 and near.tracking_code in page
    assert client.get("/requests/new/nearby/", {"latitude": "x"}).status_code == 200


@pytest.mark.parametrize(
    "typed", ["Stefan cel Mare 12", "ștefan cel mare 12", "ул. Штефан чел Маре 12"]
)
def test_a_street_is_found_with_or_without_diacritics(client, balti, typed):
    streets = client.get("/requests/new/streets/", {"q": typed}).json()["streets"]
    assert streets[0]["name"] == "str. Ștefan cel Mare 12"
    assert streets[0]["approximate"] is True


def test_the_reporter_is_emailed_in_the_language_of_the_report(
    client, balti, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import User

    from smartcity.service_requests import services

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/requests/new/", _form(email="ion@example.md"))
    request = ServiceRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_change_status(
            request=request, user=User.objects.get(username="drumuri"), status="in_progress"
        )
    assert request.language == "en"
    assert "is now: in progress" in mail.outbox[-1].subject
