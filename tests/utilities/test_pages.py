"""The staff pages: buildings with suspicions, and one building's daily consumption."""

from __future__ import annotations

import pytest
from django.urls import reverse

from smartcity.city.models import Department, StaffMember
from tests.factories import StaffMemberFactory
from tests.utilities.conftest import local
from tests.utilities.test_leaks import night


@pytest.fixture
def leaking(water, heat, send):
    send(water, night(26) + night(27) + night(28))
    send(water, [(local(d, 12), {"consumption": 1000.0 + 12 * d}) for d in range(20, 29)])
    send(heat, [(local(d, 12), {"thermalEnergy": 5000.0 + 900 * d}) for d in range(20, 29)])
    return water


def staff_client(client, department="apa-canal", role=StaffMember.Role.DEPARTMENT_STAFF):
    staff = StaffMemberFactory(
        role=role, department=Department.objects.filter(slug=department).first()
    )
    client.force_login(staff.user)
    return client


def test_the_water_service_sees_the_buildings_with_suspicions(client, leaking, meter):
    meter("WM-TEST-02", "WaterConsumptionObserved", "str. Decebal 3")
    response = staff_client(client).get(reverse("utilities:buildings"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Clădiri cu suspiciuni" in page
    assert [s.building.name for s in response.context["suspicions"]] == ["str. Independenței 12"]
    assert "scurgere" in page
    assert [b.name for b in response.context["buildings"]] == [
        "str. Decebal 3",
        "str. Independenței 12",
    ]


def test_a_buildings_page_draws_its_daily_consumption_per_meter(client, leaking):
    url = reverse("utilities:building", args=["str-independentei-12"])
    response = staff_client(client, "termoficare").get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Consum pe zi" in page
    assert page.count('data-testid="consumption-chart"') == 2
    assert page.count('<rect class="day"') == 60  # 30 days, two meters
    water, heat = response.context["meters"]
    assert [d.value for d in water["history"].days[-8:]] == [12.0] * 8
    assert water["history"].index == 1000.0 + 12 * 28
    assert heat["history"].total == 900.0 * 8
    assert "apartamente" in page


def test_a_dispatcher_may_see_the_buildings(client, leaking):
    client = staff_client(client, "dispecerat", StaffMember.Role.DISPATCHER)
    assert client.get(reverse("utilities:buildings")).status_code == 200


def test_an_unknown_building_is_not_found(client, leaking):
    url = reverse("utilities:building", args=["str-inexistenta-1"])
    assert staff_client(client).get(url).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, balti):
    url = reverse("utilities:buildings")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_staff_of_another_department_are_refused(client, leaking):
    url = reverse("utilities:building", args=["str-independentei-12"])
    response = staff_client(client, "salubrizare").get(url)
    assert response.status_code == 403
    assert "WM-TEST-01" not in response.content.decode()


def test_a_buildings_page_speaks_russian_to_those_who_chose_it(client, leaking, settings):
    client = staff_client(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    page = client.get(reverse("utilities:building", args=["str-independentei-12"])).content
    assert "Потребление за сутки" in page.decode()
    assert "60 квартир" in page.decode()
