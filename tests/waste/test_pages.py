"""The public map of containers and the staff's printable collection lists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from smartcity.city.models import Department, StaffMember
from tests.factories import StaffMemberFactory
from tests.waste.conftest import NOW


@pytest.fixture
def full_containers(container, send):
    for number, level in enumerate((0.95, 1.2, 0.3), start=1):
        device = container(f"WC-T-0{number}", 47.7612, 27.9290 + number * 0.001)
        send(device, [(NOW, level)])
    return device.district


def staff_client(client, role=StaffMember.Role.DEPARTMENT_STAFF, department="salubrizare"):
    staff = StaffMemberFactory(
        role=role, department=Department.objects.filter(slug=department).first()
    )
    client.force_login(staff.user)
    return client


def test_the_public_map_shows_containers_by_district_in_romanian(client, full_containers):
    response = client.get(reverse("waste:map"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Containere de deșeuri" in page
    assert 'data-tiles=""' in page  # tests load no tiles
    assert full_containers.name in page
    assert "de golit" in page


def test_the_map_data_colours_each_container_by_its_fill_level(client, full_containers):
    data = client.get(reverse("waste:containers_geojson")).json()
    bands = {
        f["properties"]["ref"]: (f["properties"]["band"], f["properties"]["percent"])
        for f in data["features"]
    }
    assert bands == {"WC-T-01": ("full", 95), "WC-T-02": ("over", 120), "WC-T-03": ("low", 30)}
    assert data["features"][0]["geometry"]["coordinates"] == [27.930, 47.7612]


def test_the_sanitation_service_sees_the_collection_list_of_a_district(client, full_containers):
    url = reverse("waste:collection_list", args=[full_containers.slug])
    response = staff_client(client).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lista de colectare" in page
    assert page.index("WC-T-01") < page.index("WC-T-02")  # nearer the depot first, and back
    assert "WC-T-03" not in page
    assert "Tipărește" in page
    assert " km" in page


def test_a_lower_threshold_puts_more_containers_on_the_list(client, full_containers):
    url = reverse("waste:collection_list", args=[full_containers.slug])
    page = staff_client(client).get(url, {"prag": "25"}).content.decode()
    assert "WC-T-03" in page


def test_a_dispatcher_sees_the_districts_with_their_due_containers(client, full_containers):
    client = staff_client(client, StaffMember.Role.DISPATCHER, "dispecerat")
    response = client.get(reverse("waste:collection_districts"))
    assert response.status_code == 200
    assert "Liste de colectare" in response.content.decode()
    summary = next(s for s in response.context["summaries"] if s.district == full_containers)
    assert (summary.containers, summary.due, summary.overflowing) == (3, 2, 1)


def test_an_unknown_district_is_not_found(client, balti):
    response = staff_client(client).get(reverse("waste:collection_list", args=["atlantida"]))
    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, balti):
    url = reverse("waste:collection_districts")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_staff_of_another_department_are_refused(client, balti):
    response = staff_client(client, department="iluminat").get(
        reverse("waste:collection_districts")
    )
    assert response.status_code == 403
    assert "salubrizare" in response.content.decode()


def test_the_map_speaks_russian_to_those_who_chose_it(client, full_containers, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    page = client.get(reverse("waste:map")).content.decode()
    assert "Мусорные контейнеры" in page
    assert "к вывозу" in page
