from __future__ import annotations

from smartcity.city.models import District
from smartcity.city.selectors import location_of
from tests.conftest import CHISINAU, CITY_HALL


def test_city_hall_lies_in_the_centre_district(balti):
    location = location_of(latitude=CITY_HALL[0], longitude=CITY_HALL[1])
    assert location.inside_city
    assert location.district.slug == "centru"


def test_chisinau_is_outside_the_city(balti):
    location = location_of(latitude=CHISINAU[0], longitude=CHISINAU[1])
    assert not location.inside_city
    assert location.district is None


def test_every_district_is_marked_approximate_and_has_a_polygon(balti):
    districts = District.objects.all()
    assert districts.count() == 10
    for district in districts:
        assert district.is_approximate
        assert district.boundary["type"] == "Polygon"


def test_nothing_is_inside_before_the_city_is_set_up(db):
    assert not location_of(latitude=CITY_HALL[0], longitude=CITY_HALL[1]).inside_city


def test_district_names_fall_back_to_romanian(balti):
    from django.utils import translation

    with translation.override("ru"):
        assert District.objects.get(slug="dacia").name == "Дачия"
    with translation.override("en"):
        assert District.objects.get(slug="centru").name == "Centre"
