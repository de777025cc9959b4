"""The Django admin of service requests, the administrators' fallback."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages

from smartcity.service_requests import services
from smartcity.service_requests.models import Open311Client, ServiceCategory
from tests.factories import service_request_submit


@pytest.fixture
def admin_site_client(client, balti):
    client.force_login(User.objects.get(username="admin"))
    return client


def test_the_admin_lists_and_shows_requests_with_their_history(admin_site_client):
    request = service_request_submit()
    assert admin_site_client.get("/admin/service_requests/servicerequest/").status_code == 200
    page = admin_site_client.get(
        f"/admin/service_requests/servicerequest/{request.pk}/change/"
    ).content.decode()
    assert request.tracking_code in page
    assert "depusă" in page  # the history inline's first entry, "reported"


def test_the_admin_edits_categories_with_their_questions(admin_site_client):
    pothole = ServiceCategory.objects.get(code="pothole")
    page = admin_site_client.get(
        f"/admin/service_requests/servicecategory/{pothole.pk}/change/"
    ).content.decode()
    assert "name_ru" in page
    assert "attributes-0-code" in page


def test_regenerating_an_open311_key_shows_the_new_key_once(admin_site_client):
    client, old_key = services.open311_client_set_key(name="FixMyStreet Bălți")
    response = admin_site_client.post(
        "/admin/service_requests/open311client/",
        {"action": "regenerate_key", "_selected_action": [client.pk]},
    )
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "afișată o singură dată" in message
    new_key = message.rsplit(": ", 1)[1]
    client.refresh_from_db()
    assert client.key_hash == Open311Client.hash_key(new_key)
    assert client.key_hash != Open311Client.hash_key(old_key)
