"""`smartcity city_load <dir>`: a city from its own files, Bălți's as the example."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import translation

from smartcity.city import demo as city_demo
from smartcity.city.models import CityProfile, Department, District, StaffMember
from smartcity.service_requests import demo as requests_demo
from smartcity.service_requests.models import AttributeValue, CategoryAttribute, ServiceCategory

BALTI = Path(__file__).resolve().parents[2] / "data" / "city" / "balti"
MODELS = (CityProfile, District, Department, ServiceCategory, CategoryAttribute, AttributeValue)


def city_load(directory: Path) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("city_load", str(directory), stdout=out)
    return out.getvalue()


def everything() -> dict:
    """Every row the loader writes, as values, to compare two loads."""
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}
    rows["staff"] = list(StaffMember.objects.order_by("pk").values())
    rows["users"] = list(get_user_model().objects.order_by("pk").values())
    return rows


@dataclass
class Files:
    """A copy of Bălți's files to spoil."""

    path: Path

    def edit(self, name: str, change) -> None:  # noqa: ANN001
        """Rewrite one JSON file after `change(data)`."""
        file = self.path / name
        data = json.loads(file.read_text(encoding="utf-8"))
        change(data)
        file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def files(tmp_path):
    shutil.copytree(BALTI, tmp_path / "city")
    return Files(tmp_path / "city")


@pytest.mark.django_db
def test_baltis_files_load_its_districts_departments_categories_and_questions():
    city_load(BALTI)

    assert CityProfile.objects.get().name_ro == "Municipiul Bălți"
    assert District.objects.count() == 10
    departments = json.loads((BALTI / "departments.json").read_text(encoding="utf-8"))
    assert set(Department.objects.values_list("slug", flat=True)) == {
        d["slug"] for d in departments
    }
    assert {"dispecerat", "iluminat", "cancelaria", "arhitectura", "invatamant"} <= {
        d["slug"] for d in departments
    }
    assert ServiceCategory.objects.count() == 21
    assert CategoryAttribute.objects.count() == 5
    assert AttributeValue.objects.count() == 7
    pothole = ServiceCategory.objects.get(code="pothole")
    assert (pothole.department.slug, pothole.sla_hours, pothole.name_ru) == (
        "drumuri",
        240,
        "Яма на дороге",
    )
    assert list(pothole.attributes.get().values.values_list("key", flat=True)) == [
        "small",
        "medium",
        "large",
    ]
    assert all(d.is_approximate for d in District.objects.all())
    assert StaffMember.objects.get().role == StaffMember.Role.ADMINISTRATOR


@pytest.mark.django_db
def test_loading_the_same_files_twice_changes_nothing():
    city_load(BALTI)
    first = everything()

    city_load(BALTI)

    assert everything() == first


@pytest.mark.django_db
def test_the_demo_loads_the_same_files(files, settings):
    files.edit("departments.json", lambda data: data[0]["name"].update(ro="Dispecerat (test)"))
    settings.SMARTCITY_CITY_DIR = files.path

    city_demo.city_load()
    requests_demo.categories_load()

    assert Department.objects.get(slug="dispecerat").name_ro == "Dispecerat (test)"
    assert ServiceCategory.objects.count() == 21
    # The demo's own staff, not the files' staff.csv.
    assert get_user_model().objects.filter(username="dispecer").exists()
    assert not get_user_model().objects.filter(username="platforma@balti.md").exists()


def _unknown_department(data):
    data[2]["department"] = "roads"


def _wrong_datatype(data):
    next(c for c in data if c["code"] == "no-heating")["questions"][1]["datatype"] = "integer"


def _no_romanian_name(data):
    del data[1]["name"]["ro"]


def _not_a_feature_collection(data):
    data["type"] = "GeometryCollection"


def _self_crossing_district(data):
    data["features"][0]["geometry"]["coordinates"] = [
        [[27.90, 47.75], [27.95, 47.78], [27.95, 47.75], [27.90, 47.78], [27.90, 47.75]]
    ]


def _latitude_first(data):
    ring = data["features"][3]["geometry"]["coordinates"][0]
    data["features"][3]["geometry"]["coordinates"] = [[[lat, lon] for lon, lat in ring]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "change", "expected"),
    [
        (
            "categories.json",
            _unknown_department,
            "categories.json: pothole: unknown department “roads”",
        ),
        (
            "categories.json",
            _wrong_datatype,
            "categories.json: no-heating/flats_affected: datatype: Value 'integer' is not a valid",
        ),
        (
            "departments.json",
            _no_romanian_name,
            "departments.json: iluminat: “name” has no Romanian text (ro)",
        ),
        (
            "districts.geojson",
            _not_a_feature_collection,
            "districts.geojson: must be a GeoJSON FeatureCollection",
        ),
        (
            "districts.geojson",
            _self_crossing_district,
            "districts.geojson: feature 1 (centru): the geometry is not a valid shape: "
            "Self-intersection",
        ),
        (
            "districts.geojson",
            _latitude_first,
            "districts.geojson: feature 4 (molodova): lies outside the city's bounds",
        ),
    ],
)
def test_a_bad_file_is_refused_naming_file_and_entry_and_nothing_is_written(
    files, name, change, expected
):
    files.edit(name, change)

    with pytest.raises(CommandError) as refused:
        city_load(files.path)

    assert expected in str(refused.value)
    assert str(refused.value).startswith("Nothing was loaded")
    assert all(not model.objects.exists() for model in MODELS)
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_json_is_refused_with_its_line(files):
    (files.path / "departments.json").write_text('[{"slug": "dispecerat",}]', encoding="utf-8")

    with pytest.raises(CommandError, match=r"departments.json: not valid JSON: .*line 1"):
        city_load(files.path)

    assert not CityProfile.objects.exists()


@pytest.mark.django_db
def test_staff_of_an_unknown_department_are_refused(files):
    (files.path / "staff.csv").write_text(
        "email,first_name,last_name,role,department\n"
        "ion@balti.md,Ion,Popescu,department_staff,lighting\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match=r"staff.csv: line 2 \(ion@balti.md\): unknown depar"):
        city_load(files.path)

    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_every_problem_is_listed_in_one_run(files):
    files.edit("categories.json", _unknown_department)
    files.edit("departments.json", _no_romanian_name)

    with pytest.raises(CommandError) as refused:
        city_load(files.path)

    assert "categories.json: pothole" in str(refused.value)
    assert "departments.json: iluminat" in str(refused.value)


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_everything_back(files, monkeypatch):
    from smartcity.service_requests import services as request_services

    def broken(**_):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(request_services, "categories_save", broken)

    with pytest.raises(RuntimeError):
        city_load(files.path)

    assert not District.objects.exists()
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_new_staff_get_a_link_whose_page_sets_their_password(client):
    printed = city_load(BALTI)

    user = get_user_model().objects.get(username="platforma@balti.md")
    assert not user.has_usable_password()
    link = re.search(r"platforma@balti.md: no password yet; set one at (\S+)", printed)[1]
    assert link.startswith("http://testserver/accounts/password/")
    # Django's confirmation moves the token from the address into the session first.
    form_page = client.get(link.removeprefix("http://testserver"), follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    saved = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Fălești-tramvai-42", "new_password2": "Fălești-tramvai-42"},
    )
    assert saved.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Fălești-tramvai-42")
    # The link served once; loading the files again prints none for this account.
    assert not client.get(link.removeprefix("http://testserver"), follow=True).context["validlink"]
    assert "no password yet" not in city_load(BALTI)
