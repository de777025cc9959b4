"""Saving institutions with their hours, and who may."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from smartcity.city.models import Department, StaffMember
from smartcity.institutions import selectors, services
from smartcity.institutions.models import Institution, OpeningHours
from tests.factories import StaffMemberFactory
from tests.institutions.conftest import details, week


def staff(department: str | None, role=StaffMember.Role.DEPARTMENT_STAFF):
    return StaffMemberFactory(
        role=role, department=Department.objects.filter(slug=department or "").first()
    ).user


def test_an_institution_is_saved_with_its_week_and_the_district_it_lies_in(balti):
    saved = services.institution_save(details=details("library", "Biblioteca nr. 2"))
    assert saved.district is not None and saved.district.slug == "centru"
    assert OpeningHours.objects.filter(institution=saved).count() == 10  # 2 a day, Mon–Fri
    assert selectors.week_of(saved)[5] == []


def test_saving_again_replaces_the_hours(institutions):
    theatre = institutions["theatre"]
    services.institution_save(
        details=details("theatre", theatre.name, hours=week("12:00–20:00")), institution=theatre
    )
    assert OpeningHours.objects.filter(institution=theatre).count() == 5


def test_a_wrong_institution_names_every_wrong_field(balti):
    wrong = details("museum", " ", latitude=46.0, email="nobody", languages=["xx"])
    with pytest.raises(ValidationError) as raised:
        services.institution_save(details=wrong)
    assert set(raised.value.message_dict) == {"name_ro", "latitude", "email", "languages"}
    assert not Institution.objects.exists()


def test_the_culture_directorate_may_not_change_a_school(institutions):
    gymnasium = institutions["gymnasium"]
    with pytest.raises(PermissionDenied):
        services.institution_save(
            details=details("gymnasium", "Gimnaziul nr. 1"),
            institution=gymnasium,
            by=staff("cultura"),
        )


def test_the_education_directorate_may_not_turn_a_school_into_a_theatre(institutions):
    with pytest.raises(PermissionDenied):
        services.institution_save(
            details=details("theatre", "Teatru"),
            institution=institutions["gymnasium"],
            by=staff("invatamant"),
        )


def test_the_education_directorate_changes_its_school_and_an_administrator_any(institutions):
    renamed = details("gymnasium", "Gimnaziul nr. 1 „Mihai Eminescu”")
    services.institution_save(
        details=renamed, institution=institutions["gymnasium"], by=staff("invatamant")
    )
    services.institution_save(
        details=details("theatre", "Teatrul Național"),
        institution=institutions["theatre"],
        by=staff(None, StaffMember.Role.ADMINISTRATOR),
    )
    names = set(Institution.objects.values_list("name_ro", flat=True))
    assert {"Gimnaziul nr. 1 „Mihai Eminescu”", "Teatrul Național"} <= names


def test_other_departments_may_add_no_institution(balti):
    with pytest.raises(PermissionDenied):
        services.institution_save(details=details("library", "Biblioteca"), by=staff("drumuri"))


def test_the_map_filters_by_sector_kind_and_district(institutions):
    assert [i.kind for i in selectors.institutions_listed(sector="culture")] == ["theatre"]
    assert [i.name for i in selectors.institutions_listed(kind="kindergarten")] == [
        "Grădinița nr. 1"
    ]
    district = institutions["gymnasium"].district.slug
    assert district != "centru"
    assert [i.kind for i in selectors.institutions_listed(district=district)] == ["gymnasium"]


def test_the_name_is_shown_in_the_visitors_language_falling_back_to_romanian(institutions):
    from django.utils import translation

    with translation.override("ru"):
        theatre = Institution.objects.get(pk=institutions["theatre"].pk)
        school = Institution.objects.get(pk=institutions["gymnasium"].pk)
        assert theatre.name == "Национальный театр им. Василе Александри"
        assert school.name == "Gimnaziul nr. 1"
