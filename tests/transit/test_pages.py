"""The public transport pages and the staff's alert publishing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from smartcity.city.models import Department, StaffMember
from smartcity.transit.models import Route, ServiceAlert
from tests.factories import StaffMemberFactory
from tests.transit.conftest import NOW


def staff_client(client, department="troleibuze", role=StaffMember.Role.DEPARTMENT_STAFF):
    staff = StaffMemberFactory(
        role=role, department=Department.objects.filter(slug=department).first()
    )
    client.force_login(staff.user)
    return client


def test_the_lines_page_lists_lines_in_romanian_with_the_illustrative_notice(client, demo_feed):
    page = client.get(reverse("transit:lines")).content.decode()
    assert "Transport public" in page
    assert "Troleibuz" in page
    assert 'href="/transit/lines/T2C/"' in page
    assert 'data-testid="illustrative-notice"' in page
    assert "Date ilustrative" in page
    assert 'href="/transit/gtfs.zip"' in page
    assert 'data-testid="nav-transit"' in page


def test_without_a_feed_the_lines_page_says_so(client, db):
    response = client.get(reverse("transit:lines"))
    assert response.status_code == 200
    assert 'data-testid="illustrative-notice"' not in response.content.decode()


def test_a_line_page_shows_intervals_by_period_and_the_map_data(client, demo_feed):
    response = client.get(reverse("transit:line", args=["T1"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-tiles=""' in page  # tests load no tiles
    assert 'data-testid="timetable-weekday"' in page and 'data-testid="timetable-weekend"' in page
    assert "07:00–09:30" in page
    assert "la fiecare 7 minute" in page
    assert "Cartierul 8" in page
    map_data = response.context["map_data"]
    assert len(map_data["shapes"]) == 2
    assert {s["id"] for s in map_data["stops"]} >= {"DACIA", "CENTRU", "CARTIERUL_8"}


def test_an_unknown_line_or_stop_is_not_found(client, demo_feed):
    assert client.get(reverse("transit:line", args=["T99"])).status_code == 404
    assert client.get(reverse("transit:stop", args=["NOWHERE"])).status_code == 404


def test_a_stop_page_shows_the_next_scheduled_departures(client, small_feed):
    response = client.get(reverse("transit:stop", args=["A"]))
    page = response.content.decode()
    assert "Piața Independenței" in page
    rows = response.context["rows"]
    assert [r.when for r in rows][:2] == [NOW, NOW + dt.timedelta(minutes=10)]
    assert not any(r.live for r in rows)  # no vehicle reports: the timetable only
    assert "08:00" in page and "08:10" in page
    assert "programat" in page


def test_the_alert_pages_need_a_login(client, balti):
    response = client.get(reverse("transit:alert_list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_staff_of_other_services_may_not_publish_alerts(client, balti):
    response = staff_client(client, "salubrizare").get(reverse("transit:alert_new"))
    assert response.status_code == 403
    assert 'data-testid="forbidden"' in response.content.decode()


def alert_post(**changes):
    data = {
        "header_ro": "Ocolire pe str. Decebal",
        "header_ru": "Объезд по ул. Дечебал",
        "description_ro": "Troleibuzele ocolesc prin str. 31 August.",
        "cause": "10",
        "effect": "4",
        "severity": "3",
        "active_from": "2026-11-30T07:00",
        "active_until": "2026-12-05T18:00",
        "routes": [str(Route.objects.get(gtfs_id="T2").pk)],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("department", ["troleibuze", "drumuri"])
def test_the_operator_and_the_roads_directorate_publish_an_alert_riders_see(
    client, balti, demo_feed, department
):
    staff = staff_client(client, department)
    response = staff.post(reverse("transit:alert_new"), alert_post())
    assert response.status_code == 302
    alert = ServiceAlert.objects.get(header_ro="Ocolire pe str. Decebal")
    assert alert.header_ru == "Объезд по ул. Дечебал"
    assert alert.active_from == dt.datetime(2026, 11, 30, 5, 0, tzinfo=dt.UTC)  # 07:00 in Bălți
    assert alert.created_by is not None
    line_page = client.get(reverse("transit:line", args=["T2"])).content.decode()
    assert "Ocolire pe str. Decebal" in line_page
    stop_page = client.get(reverse("transit:stop", args=["DECEBAL"])).content.decode()
    assert "Ocolire pe str. Decebal" in stop_page


def test_an_alert_without_lines_or_stops_or_ending_before_it_starts_is_refused(
    client, balti, demo_feed
):
    staff = staff_client(client)
    before = ServiceAlert.objects.count()
    response = staff.post(reverse("transit:alert_new"), alert_post(routes=None))
    assert response.status_code == 400
    assert "Alegeți cel puțin o linie sau o stație" in response.content.decode()
    response = staff.post(reverse("transit:alert_new"), alert_post(active_until="2026-11-29T07:00"))
    assert response.status_code == 400
    assert "Sfârșitul trebuie să fie după început" in response.content.decode()
    response = staff.post(
        reverse("transit:alert_new"), alert_post(header_ro="", active_from="mâine")
    )
    assert response.status_code == 400
    assert ServiceAlert.objects.count() == before


def test_staff_edit_and_end_an_alert(client, balti, demo_feed):
    staff = staff_client(client, role=StaffMember.Role.DISPATCHER, department="dispecerat")
    alert = ServiceAlert.objects.get()
    url = reverse("transit:alert_edit", args=[alert.pk])
    assert staff.get(url).status_code == 200
    staff.post(url, alert_post(header_ro="Lucrări prelungite"))
    alert.refresh_from_db()
    assert alert.header_ro == "Lucrări prelungite"
    assert staff.get(reverse("transit:alert_list")).status_code == 200
    staff.post(reverse("transit:alert_end", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.active_until == NOW
    assert (
        "Lucrări prelungite"
        not in client.get(reverse("transit:line", args=["T2"])).content.decode()
    )


def test_a_line_page_in_russian_names_stops_and_intervals_in_russian(client, demo_feed):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    page = client.get(reverse("transit:line", args=["T1"])).content.decode()
    assert "Дачия – ул. Штефан чел Маре – 8-й квартал" in page
    assert "Рабочие дни" in page
    assert "каждые 7 минут" in page
    assert "Иллюстративные данные" in page
