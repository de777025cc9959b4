"""Administrators edit the report categories, their questions and the questions' choices."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.utils import translation

from smartcity.city.models import Department
from smartcity.service_requests.models import ServiceCategory
from smartcity.service_requests.staff.services import (
    AttributeDraft,
    attribute_values_parse,
    category_save,
)


def _category_data(category: ServiceCategory | None = None, **changes) -> dict:
    department = category.department if category else Department.objects.get(slug="drumuri")
    data = {
        "code": category.code if category else "broken-hydrant",
        "name_ro": category.name_ro if category else "Hidrant defect",
        "name_ru": category.name_ru if category else "Неисправный гидрант",
        "name_en": category.name_en if category else "Broken fire hydrant",
        "description_ro": "",
        "description_ru": "",
        "description_en": "",
        "group_ro": "Drumuri",
        "group_ru": "",
        "group_en": "",
        "keywords": "",
        "department": department.pk,
        "sla_hours": category.sla_hours if category else 48,
        "is_active": "on",
        "order": 5,
        "attributes-TOTAL_FORMS": 0,
        "attributes-INITIAL_FORMS": 0,
        "attributes-MIN_NUM_FORMS": 0,
        "attributes-MAX_NUM_FORMS": 1000,
    }
    data.update(changes)
    return data


def _attribute_data(index: int, *, attribute=None, **fields) -> dict:  # noqa: ANN001
    values = {
        "id": attribute.pk if attribute else "",
        "code": attribute.code if attribute else "",
        "description_ro": attribute.description_ro if attribute else "",
        "description_ru": "",
        "description_en": "",
        "datatype": attribute.datatype if attribute else "string",
        "variable": "on",
        "order": 0,
        "values_text": "",
    }
    values.update(fields)
    return {f"attributes-{index}-{key}": value for key, value in values.items()}


@pytest.mark.parametrize("username", ["dispecer", "iluminat"])
def test_only_administrators_may_edit_categories(client, balti, username):
    client.force_login(User.objects.get(username=username))
    pothole = ServiceCategory.objects.get(code="pothole")
    assert client.get("/staff/categories/").status_code == 403
    assert client.get(f"/staff/categories/{pothole.pk}/").status_code == 403
    response = client.post(f"/staff/categories/{pothole.pk}/", _category_data(pothole, sla_hours=1))
    assert response.status_code == 403
    assert "Doar administratorii" in response.content.decode()
    pothole.refresh_from_db()
    assert pothole.sla_hours == 240


def test_staff_see_the_categories_link_only_as_administrators(
    administrator_client, dispatcher_client
):
    assert 'data-testid="nav-categories"' in administrator_client.get("/staff/").content.decode()
    assert 'data-testid="nav-categories"' not in dispatcher_client.get("/staff/").content.decode()


def test_the_list_shows_every_category_with_its_department(administrator_client):
    page = administrator_client.get("/staff/categories/").content.decode()
    assert page.count('data-testid="category-row"') == ServiceCategory.objects.count()
    assert "Pothole" in page  # the name in the client's language (English)
    assert "Roads and Infrastructure Directorate" in page


def test_the_edit_form_shows_the_choices_one_per_line(administrator_client):
    pothole = ServiceCategory.objects.get(code="pothole")
    page = administrator_client.get(f"/staff/categories/{pothole.pk}/").content.decode()
    assert "small|mică|маленькая|small" in page
    assert "large|mare, periculoasă|большая, опасная|large, dangerous" in page


def test_an_administrator_edits_a_category_and_its_choices(administrator_client):
    pothole = ServiceCategory.objects.get(code="pothole")
    size = pothole.attributes.get(code="size")
    data = _category_data(
        pothole,
        sla_hours=96,
        name_ru="Выбоина",
        **{
            "attributes-TOTAL_FORMS": 1,
            "attributes-INITIAL_FORMS": 1,
        },
    )
    data.update(
        _attribute_data(
            0,
            attribute=size,
            datatype="singlevaluelist",
            values_text="large|mare|большая|large\n\nhuge|uriașă|огромная|huge\nmedium|medie",
        )
    )
    response = administrator_client.post(f"/staff/categories/{pothole.pk}/", data)
    assert response.status_code == 302, response.content.decode()
    pothole.refresh_from_db()
    assert (pothole.sla_hours, pothole.name_ru, pothole.name_ro) == (
        96,
        "Выбоина",
        "Groapă în carosabil",
    )
    values = list(size.values.values_list("key", "name_ro", "name_ru", "order"))
    assert values == [
        ("large", "mare", "большая", 0),
        ("huge", "uriașă", "огромная", 1),
        ("medium", "medie", "", 2),
    ]


def test_an_administrator_creates_a_category_with_a_list_question(administrator_client):
    data = _category_data(**{"attributes-TOTAL_FORMS": 1})
    data.update(
        _attribute_data(
            0,
            code="damage",
            description_ro="Ce este deteriorat",
            datatype="multivaluelist",
            required="on",
            values_text="cap|capacul\nbody|corpul|корпус|body",
        )
    )
    response = administrator_client.post("/staff/categories/new/", data)
    assert response.status_code == 302, response.content.decode()
    category = ServiceCategory.objects.get(code="broken-hydrant")
    with translation.override("ru"):
        assert category.name == "Неисправный гидрант"
    with translation.override("ro"):
        assert category.name == "Hidrant defect"
    [attribute] = category.attributes.all()
    assert (attribute.code, attribute.required, attribute.description_ro) == (
        "damage",
        True,
        "Ce este deteriorat",
    )
    assert list(attribute.values.values_list("key", flat=True)) == ["cap", "body"]


@pytest.mark.parametrize(
    ("values_text", "datatype", "message"),
    [
        ("fără bară verticală", "singlevaluelist", "Line 1: write key|Romanian name"),
        ("ok|bun\nbad key|rău", "singlevaluelist", "Line 2: the key “bad key”"),
        ("a|unu\na|din nou", "singlevaluelist", "Line 2: the key “a” is used twice."),
        ("a|", "singlevaluelist", "Line 1: the Romanian name is missing."),
        ("a|b|c|d|e", "singlevaluelist", "Line 1: write key"),
        ("", "multivaluelist", "needs at least one choice"),
        ("a|unu", "string", "Only questions with a list of choices take choices."),
    ],
)
def test_bad_choice_lines_are_shown_and_nothing_is_saved(
    administrator_client, values_text, datatype, message
):
    pothole = ServiceCategory.objects.get(code="pothole")
    size = pothole.attributes.get(code="size")
    data = _category_data(
        pothole,
        sla_hours=1,
        **{
            "attributes-TOTAL_FORMS": 1,
            "attributes-INITIAL_FORMS": 1,
        },
    )
    data.update(_attribute_data(0, attribute=size, datatype=datatype, values_text=values_text))
    response = administrator_client.post(f"/staff/categories/{pothole.pk}/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    pothole.refresh_from_db()
    size.refresh_from_db()
    assert pothole.sla_hours == 240
    assert size.datatype == "singlevaluelist"
    assert list(size.values.values_list("key", flat=True)) == ["small", "medium", "large"]


def test_an_administrator_removes_a_question(administrator_client):
    pothole = ServiceCategory.objects.get(code="pothole")
    size = pothole.attributes.get(code="size")
    data = _category_data(pothole, **{"attributes-TOTAL_FORMS": 1, "attributes-INITIAL_FORMS": 1})
    data.update(_attribute_data(0, attribute=size, datatype="singlevaluelist", DELETE="on"))
    response = administrator_client.post(f"/staff/categories/{pothole.pk}/", data)
    assert response.status_code == 302
    assert not pothole.attributes.exists()


def test_a_duplicate_category_code_is_a_form_error(administrator_client):
    response = administrator_client.post("/staff/categories/new/", _category_data(code="pothole"))
    assert response.status_code == 400
    assert ServiceCategory.objects.filter(code="pothole").count() == 1


def test_the_category_service_refuses_non_administrators(balti):
    pothole = ServiceCategory.objects.get(code="pothole")
    pothole.sla_hours = 1
    with pytest.raises(PermissionDenied):
        category_save(user=User.objects.get(username="dispecer"), category=pothole, attributes=[])
    pothole.refresh_from_db()
    assert pothole.sla_hours == 240


def test_the_choice_parser_accepts_missing_translations_and_skips_blank_lines():
    values = attribute_values_parse("a|unu\n\n  \nb|doi|два|two\n")
    assert [(v.key, v.name_ro, v.name_ru, v.name_en) for v in values] == [
        ("a", "unu", "", ""),
        ("b", "doi", "два", "two"),
    ]


def test_attribute_drafts_marked_for_removal_need_no_choices(balti):
    pothole = ServiceCategory.objects.get(code="pothole")
    size = pothole.attributes.get(code="size")
    category_save(
        user=User.objects.get(username="admin"),
        category=pothole,
        attributes=[AttributeDraft(attribute=size, values_text="", delete=True)],
    )
    assert not pothole.attributes.exists()


def test_a_post_without_the_questions_management_data_is_an_error_not_a_crash(
    administrator_client,
):
    pothole = ServiceCategory.objects.get(code="pothole")
    data = {
        key: value
        for key, value in _category_data(pothole, sla_hours=1).items()
        if not key.startswith("attributes-")
    }
    response = administrator_client.post(f"/staff/categories/{pothole.pk}/", data)
    assert response.status_code == 400
    pothole.refresh_from_db()
    assert pothole.sla_hours == 240
