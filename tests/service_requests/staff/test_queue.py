"""The queue: filters, sorting, overdue rows, counts, the summary and its query count."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.utils import timezone

from smartcity.city.models import Department, District
from smartcity.service_requests import services
from smartcity.service_requests.models import ServiceCategory, ServiceRequest
from tests.factories import service_request_submit


def _age(request: ServiceRequest, *, days: float, due_in_hours: float | None = None) -> None:
    """Move a request back in time (and its due time, if given, relative to now)."""
    now = timezone.now()
    values = {"requested_at": now - datetime.timedelta(days=days)}
    if due_in_hours is not None:
        values["due_at"] = now + datetime.timedelta(hours=due_in_hours)
    ServiceRequest.objects.filter(pk=request.pk).update(**values)


def _codes(client, query: str = "") -> list[str]:
    response = client.get(f"/staff/{query}")
    assert response.status_code == 200
    return [row.tracking_code for row in response.context["page"].object_list]


def test_the_queue_shows_requests_not_closed_by_default(dispatcher_client):
    open_request = service_request_submit()
    closed = service_request_submit()
    services.request_change_status(
        request=closed,
        user=User.objects.get(username="dispecer"),
        status="closed",
        closure_reason="fixed",
    )
    assert _codes(dispatcher_client) == [open_request.tracking_code]
    assert _codes(dispatcher_client, "?status=closed") == [closed.tracking_code]
    assert set(_codes(dispatcher_client, "?status=all")) == {
        open_request.tracking_code,
        closed.tracking_code,
    }


def test_the_status_filter_picks_one_status(dispatcher_client):
    acknowledged = service_request_submit()
    service_request_submit()
    services.request_change_status(
        request=acknowledged, user=User.objects.get(username="dispecer"), status="acknowledged"
    )
    assert _codes(dispatcher_client, "?status=acknowledged") == [acknowledged.tracking_code]


def test_the_status_tabs_count_each_status_under_the_other_filters(dispatcher_client):
    dispatcher = User.objects.get(username="dispecer")
    for _ in range(2):
        service_request_submit()
    in_progress = service_request_submit()
    services.request_change_status(request=in_progress, user=dispatcher, status="in_progress")
    service_request_submit(category="pothole")
    lighting = ServiceCategory.objects.get(code="street-light-out")
    response = dispatcher_client.get(f"/staff/?category={lighting.pk}")
    tabs = {tab["value"]: tab["count"] for tab in response.context["tabs"]}
    assert tabs == {
        "": 3,
        "open": 2,
        "acknowledged": 0,
        "in_progress": 1,
        "closed": 0,
        "all": 3,
    }


def test_the_department_filter_is_offered_to_dispatchers(dispatcher_client):
    light = service_request_submit()
    service_request_submit(category="pothole")
    lighting = Department.objects.get(slug="iluminat")
    assert _codes(dispatcher_client, f"?department={lighting.pk}") == [light.tracking_code]


def test_department_staff_get_no_department_filter(lighting_client):
    page = lighting_client.get("/staff/").content.decode()
    assert 'name="department"' not in page


def test_the_category_filter(dispatcher_client):
    service_request_submit()
    pothole = service_request_submit(category="pothole")
    category = ServiceCategory.objects.get(code="pothole")
    assert _codes(dispatcher_client, f"?category={category.pk}") == [pothole.tracking_code]


def test_the_district_filter(dispatcher_client):
    centre = service_request_submit()  # at the city hall
    service_request_submit(latitude=47.7850, longitude=27.9150)  # Bălțiul Nou
    district = District.objects.get(slug="centru")
    assert centre.district == district
    assert _codes(dispatcher_client, f"?district={district.pk}") == [centre.tracking_code]


@pytest.mark.parametrize(("days", "expected"), [("1", 2), ("7", 1), ("30", 0)])
def test_the_age_filter_keeps_requests_older_than_the_chosen_days(
    dispatcher_client, days, expected
):
    new, two_days, ten_days = (service_request_submit() for _ in range(3))
    _age(two_days, days=2)
    _age(ten_days, days=10)
    assert len(_codes(dispatcher_client, f"?age={days}")) == expected


def test_the_overdue_filter_and_the_overdue_row(dispatcher_client):
    late = service_request_submit()
    on_time = service_request_submit()
    _age(late, days=5, due_in_hours=-3)
    assert _codes(dispatcher_client, "?overdue=on") == [late.tracking_code]
    response = dispatcher_client.get("/staff/")
    rows = {row.tracking_code: row.is_overdue for row in response.context["page"].object_list}
    assert rows == {late.tracking_code: True, on_time.tracking_code: False}
    page = response.content.decode()
    assert f'<tr class="overdue" data-testid="queue-row" data-code="{late.tracking_code}"' in page
    assert f'<tr class="" data-testid="queue-row" data-code="{on_time.tracking_code}"' in page
    late_row = page[page.index(f'data-code="{late.tracking_code}"') :]
    assert "OVERDUE" in late_row[: late_row.index("</tr>")]
    on_time_row = page[page.index(f'data-code="{on_time.tracking_code}"') :]
    assert "OVERDUE" not in on_time_row[: on_time_row.index("</tr>")]


def _row_text(page: str, request: ServiceRequest) -> str:
    """The text of one queue row, with Django's non-breaking spaces made plain."""
    row = page[page.index(f'data-code="{request.tracking_code}"') :]
    return row[: row.index("</tr>")].replace("\xa0", " ")


def test_each_row_says_how_long_is_left_or_how_late_it_is_in_romanian(dispatcher_client):
    due_later = service_request_submit()
    late = service_request_submit()
    with time_machine.travel(timezone.now(), tick=False):
        _age(due_later, days=1, due_in_hours=240)
        _age(late, days=5, due_in_hours=-3)
        dispatcher_client.cookies["django_language"] = "ro"
        page = dispatcher_client.get("/staff/").content.decode()
    assert "rămân 1 săptămână, 3 zile" in _row_text(page, due_later)
    assert "întârziere de 3 ore" in _row_text(page, late)


def test_a_closed_request_past_its_due_time_is_not_overdue(dispatcher_client):
    request = service_request_submit()
    _age(request, days=5, due_in_hours=-3)
    services.request_change_status(
        request=request,
        user=User.objects.get(username="dispecer"),
        status="closed",
        closure_reason="fixed",
    )
    assert _codes(dispatcher_client, "?overdue=on&status=all") == []
    response = dispatcher_client.get("/staff/?status=closed")
    assert [row.is_overdue for row in response.context["page"].object_list] == [False]


def test_assigned_to_me_and_unassigned(lighting_client):
    mine = service_request_submit()
    theirs = service_request_submit()
    nobodys = service_request_submit()
    ion = User.objects.get(username="iluminat")
    services.request_assign(request=mine, user=ion, assignee=ion)
    dispatcher = User.objects.get(username="dispecer")
    services.request_assign(request=theirs, user=dispatcher, assignee=dispatcher)
    assert _codes(lighting_client, "?assigned=me") == [mine.tracking_code]
    assert _codes(lighting_client, "?assigned=none") == [nobodys.tracking_code]


def test_search_finds_tracking_codes_descriptions_and_addresses(dispatcher_client):
    by_text = service_request_submit(description="Bec ars lângă blocul 12")
    by_address = service_request_submit(address="str. Sorocii 45")
    other = service_request_submit(description="Nu arde felinarul")
    assert _codes(dispatcher_client, "?q=BLOCUL") == [by_text.tracking_code]
    assert _codes(dispatcher_client, "?q=sorocii") == [by_address.tracking_code]
    assert _codes(dispatcher_client, f"?q={other.tracking_code.lower()}") == [other.tracking_code]
    assert other.tracking_code in _codes(dispatcher_client, f"?q={other.tracking_code[:7]}")


def test_the_queue_sorts_by_due_time_by_default_and_by_age_on_request(dispatcher_client):
    old = service_request_submit()
    middle = service_request_submit()
    new = service_request_submit()
    _age(old, days=9, due_in_hours=30)
    _age(middle, days=5, due_in_hours=-2)
    _age(new, days=1, due_in_hours=10)
    codes = [r.tracking_code for r in (old, middle, new)]
    assert _codes(dispatcher_client) == [codes[1], codes[2], codes[0]]
    assert _codes(dispatcher_client, "?sort=oldest") == codes
    assert _codes(dispatcher_client, "?sort=newest") == codes[::-1]


def test_unreadable_filters_are_ignored_with_a_message(dispatcher_client):
    request = service_request_submit()
    response = dispatcher_client.get(
        "/staff/?status=nonsense&category=abc&district=999999&age=x&sort=sideways&page=zz"
    )
    assert response.status_code == 200
    assert [r.tracking_code for r in response.context["page"].object_list] == [
        request.tracking_code
    ]
    assert "not understood" in response.content.decode()


def test_the_queue_is_paginated_by_fifty(dispatcher_client):
    category = ServiceCategory.objects.get(code="street-light-out")
    _bulk_requests(category, 55)
    first = dispatcher_client.get("/staff/")
    assert len(first.context["page"].object_list) == 50
    second = dispatcher_client.get("/staff/?page=2")
    assert len(second.context["page"].object_list) == 5
    assert 'rel="next"' in first.content.decode()


def _bulk_requests(category: ServiceCategory, count: int, *, overdue: bool = False) -> None:
    now = timezone.now()
    ServiceRequest.objects.bulk_create(
        ServiceRequest(
            tracking_code=f"BL-TEST-{index:04d}",
            category=category,
            department=category.department,
            description="Felinar stins",
            latitude=47.7617,
            longitude=27.9289,
            source="web",
            requested_at=now - datetime.timedelta(days=index % 40),
            updated_at=now,
            due_at=now + datetime.timedelta(hours=-5 if overdue else 5),
        )
        for index in range(count)
    )


def test_the_department_summary_counts_open_overdue_and_the_median_age(dispatcher_client):
    ages = [1, 2, 4, 10]  # days; the median of four is the mean of the middle two: 3
    for index, days in enumerate(ages):
        request = service_request_submit()
        _age(request, days=days, due_in_hours=-1 if index < 2 else 5)
    service_request_submit(category="pothole")
    response = dispatcher_client.get("/staff/summary/", HTTP_HX_REQUEST="true")
    summaries = {s.department.slug: s for s in response.context["summaries"]}
    lighting = summaries["iluminat"]
    assert (lighting.open, lighting.overdue) == (4, 2)
    assert abs(lighting.median_age_days - 3) < 0.01
    assert summaries["drumuri"].open == 1
    assert summaries["drumuri"].median_age < datetime.timedelta(minutes=5)
    page = response.content.decode()
    assert 'data-testid="summary-iluminat"' in page
    assert "<html" not in page  # a fragment for the queue page


def test_the_queue_loads_its_summary_and_links_to_it_without_javascript(dispatcher_client):
    service_request_submit()
    page = dispatcher_client.get("/staff/").content.decode()
    assert 'hx-get="/staff/summary/"' in page
    assert '<noscript><p><a href="/staff/summary/">' in page
    full = dispatcher_client.get("/staff/summary/").content.decode()
    assert "<html" in full
    assert 'data-testid="summary-iluminat"' in full


def test_the_department_summary_of_department_staff_shows_only_their_department(
    lighting_client,
):
    service_request_submit()
    service_request_submit(category="pothole")
    response = lighting_client.get("/staff/summary/")
    assert [s.department.slug for s in response.context["summaries"]] == ["iluminat"]


def test_the_queue_takes_a_fixed_number_of_queries_however_many_rows(
    dispatcher_client, django_assert_max_num_queries
):
    category = ServiceCategory.objects.get(code="street-light-out")
    _bulk_requests(category, 60, overdue=True)
    ion = User.objects.get(username="iluminat")
    ServiceRequest.objects.update(assigned_to=ion, district=District.objects.first())
    with django_assert_max_num_queries(12):
        response = dispatcher_client.get("/staff/?sort=oldest")
    assert len(response.context["page"].object_list) == 50
    page = response.content.decode()
    assert page.count('data-testid="queue-row"') == 50
    assert page.count("Ion Popescu") >= 50
