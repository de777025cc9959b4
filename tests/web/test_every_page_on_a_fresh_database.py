"""`smartcity migrate` leaves a database that serves every page and API without a 500:
every routed address, requested by a visitor and by a staff member with every permission,
on the empty database and with only the city (districts, departments, staff, categories)
loaded; and every address again with a POST that is empty or garbage."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from smartcity.city import demo as city_demo
from smartcity.city.models import Department, District, StaffMember
from smartcity.service_requests import demo as requests_demo
from smartcity.service_requests.models import ServiceCategory, ServiceRequest
from tests.web import crawl

# Form fields of the project filled with what they do not take: words for numbers,
# numbers for choices, a point outside the world, an address far too long.
GARBAGE = {
    "title": "x" * 5000,
    "description": "<script>alert(1)</script>",
    "latitude": "north",
    "longitude": "999",
    "category": "not-a-category",
    "district": "-1",
    "status": "no-such-status",
    "email": "not-an-email",
    "date": "31.02.2026",
    "starts_at": "yesterday",
    "value": "NaN",
    "weight": "1e309",
    "pk": "abc",
    "id": "0",
    "code": "../../etc/passwd",
    "action": "delete_selected",
    "_selected_action": "abc",
    "file": "not-a-file",
    "language": "xx",
    "next": "https://evil.example/",
    "page": "-3",
}
GARBAGE_JSON = b'{"device": [1, 2, {"values": '

# Every query parameter the views and APIs read, each given a value it does not take;
# the values differ by parameter, so one request tries words, signs, overflows and blanks.
QUERY_PARAMETERS = (
    "aggregate api_key at attrs bbox category category_name code coordinates count date day days "
    "department desk district domain e end end_date extensions format from geometry georel "
    "interval jurisdiction_id kind language lat latitude limit live long lon longitude month "
    "next o offset only options p page page_size parent period prag q quantity radius route "
    "sector service_code service_request_id since sort start start_date status text theme "
    "timerel title to type until uri where year"
).split()
QUERY_VALUES = ("zz", "-99999999999", "1e309", "", "0", "1,2,x", "2026-13-45", "%00")
GARBAGE_QUERY = urlencode(
    {name: QUERY_VALUES[i % len(QUERY_VALUES)] for i, name in enumerate(QUERY_PARAMETERS)}
)


@pytest.fixture
def with_city(db):
    city_demo.city_load()
    requests_demo.categories_load()


@pytest.fixture
def with_a_request_not_on_the_map(with_city):
    """A request reported by an address nobody could locate (no coordinates), and one on
    the map, each in a category with a department: every page, map and export meets it."""
    from tests.factories import service_request_submit

    service_request_submit(category="pothole")
    service_request_submit(
        category="pothole",
        latitude=None,
        longitude=None,
        to_be_placed=True,
        address="Curtea din spatele pieței",
    )


def _values() -> dict[str, str]:
    """Real values for the parameters of what the database holds (the city's districts
    and categories, each admin model's first row), so those pages are drawn, not only
    their 404s; every other id is one no table has."""
    values = {}
    district = District.objects.order_by("pk").first()
    if district is not None:
        values["service_requests:district_feed:slug"] = district.slug
        values["waste:collection_list:slug"] = district.slug
    unplaced = ServiceRequest.objects.filter(latitude__isnull=True).first()
    if unplaced is not None:
        values["tracking_code"] = unplaced.tracking_code
    category = ServiceCategory.objects.order_by("pk").first()
    if category is not None:
        values["staff:category_edit:pk"] = str(category.pk)
        values["open311:service:code"] = category.code
    for model in admin.site._registry:
        first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        if first is not None:
            prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
            for view in ("change", "history", "delete"):
                values[f"{prefix}_{view}:object_id"] = str(first)
    return values


def _visitor() -> Client:
    return Client(raise_request_exception=False)


def _staff_with_every_permission() -> Client:
    user = get_user_model().objects.create_user(
        username="crawler", password="not-used", is_staff=True, is_superuser=True
    )
    StaffMember.objects.create(
        user=user,
        role=StaffMember.Role.ADMINISTRATOR,
        department=Department.objects.order_by("pk").first(),
    )
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


CLIENTS = {"visitor": _visitor, "staff": _staff_with_every_permission}


def _crawl(client: Client, send, *, admin: bool = True) -> list[str]:  # noqa: ANN001
    """Every address (the admin's too unless told), `send(client, path)` each in a
    savepoint rolled back after it (a request's writes or a failed transaction do not
    change what the next one sees); the failures, listed."""
    failures = []
    for address in crawl.addresses(_values()):
        if not admin and address.path.startswith("/admin/"):
            continue
        with transaction.atomic():
            response = send(client, address.path)
            transaction.set_rollback(True)
        # 501 Not Implemented is a deliberate answer (an optional part of a standard that
        # is not offered, such as NGSI-LD's context source registry), not a fault.
        if response.status_code >= 500 and response.status_code != 501:
            failures.append(f"{response.status_code} {address.path}  ({address.route})")
    return failures


def _get(client: Client, path: str):  # noqa: ANN202 - a test response
    return client.get(path)


def _get_garbage_query(client: Client, path: str):  # noqa: ANN202
    return client.get(f"{path}?{GARBAGE_QUERY}")


def _post_empty(client: Client, path: str):  # noqa: ANN202
    return client.post(path)


def _post_garbage(client: Client, path: str):  # noqa: ANN202
    return client.post(path, GARBAGE)


def _post_broken_json(client: Client, path: str):  # noqa: ANN202
    return client.post(path, GARBAGE_JSON, content_type="application/json")


@pytest.mark.parametrize("who", CLIENTS)
def test_every_address_answers_a_visit_without_a_server_error_on_an_empty_database(db, who):
    failures = _crawl(CLIENTS[who](), _get)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("who", CLIENTS)
def test_every_address_answers_a_visit_without_a_server_error_with_only_the_city(with_city, who):
    failures = _crawl(CLIENTS[who](), _get)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("who", CLIENTS)
def test_every_address_answers_a_visit_without_a_server_error_with_a_request_not_on_the_map(
    with_a_request_not_on_the_map, who
):
    failures = _crawl(CLIENTS[who](), _get)
    assert not failures, "\n".join(failures)


# The admin is Django's own: its pages are visited, and posted to with an empty and a
# garbage form; the query and JSON garbage go to the project's own views and APIs.
@pytest.mark.parametrize("who", CLIENTS)
def test_every_address_answers_a_garbage_query_without_a_server_error_on_an_empty_database(db, who):
    failures = _crawl(CLIENTS[who](), _get_garbage_query, admin=False)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("who", CLIENTS)
def test_every_address_answers_a_garbage_query_without_a_server_error_with_only_the_city(
    with_city, who
):
    failures = _crawl(CLIENTS[who](), _get_garbage_query, admin=False)
    assert not failures, "\n".join(failures)


SENDS = {"empty": _post_empty, "garbage": _post_garbage, "broken-json": _post_broken_json}


@pytest.mark.parametrize("body", SENDS)
@pytest.mark.parametrize("who", CLIENTS)
def test_every_address_answers_a_bad_post_without_a_server_error_on_an_empty_database(
    db, who, body
):
    failures = _crawl(CLIENTS[who](), SENDS[body], admin=body != "broken-json")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("body", SENDS)
@pytest.mark.parametrize("who", CLIENTS)
def test_every_address_answers_a_bad_post_without_a_server_error_with_only_the_city(
    with_city, who, body
):
    failures = _crawl(CLIENTS[who](), SENDS[body], admin=body != "broken-json")
    assert not failures, "\n".join(failures)
