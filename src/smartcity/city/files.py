"""A city's own files (docs/city-files.md): read and checked, nothing written.

Every problem is collected with the file and the entry it is in, so that one run of
`smartcity city_load` lists all of them; the loader writes only when there is none.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext as _
from shapely.geometry import shape
from shapely.validation import explain_validity

from smartcity.city.models import CityProfile, Department, District, StaffMember

LANGUAGES = ("ro", "ru", "en")
CITY, DISTRICTS, DEPARTMENTS = "city.json", "districts.geojson", "departments.json"
STAFF = "staff.csv"
STAFF_COLUMNS = ("email", "first_name", "last_name", "role", "department")


class CityFilesError(Exception):
    """The files have problems; `problems` lists each as "file: entry: what is wrong"."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Problems:
    found: list[str] = field(default_factory=list)

    def add(self, file: str, entry: str | None, problem: str) -> None:
        self.found.append(f"{file}: {entry}: {problem}" if entry else f"{file}: {problem}")

    def raise_any(self) -> None:
        if self.found:
            raise CityFilesError(self.found)


@dataclass(frozen=True)
class StaffEntry:
    email: str
    first_name: str
    last_name: str
    role: str
    department: str | None


@dataclass(frozen=True)
class CityFiles:
    """The checked contents: model field values ready for `update_or_create`."""

    profile: dict[str, Any]
    districts: dict[str, dict[str, Any]]
    departments: dict[str, dict[str, Any]]
    staff: list[StaffEntry]


def json_read(directory: Path, name: str, problems: Problems) -> Any:
    """The parsed file, or None (with the problem noted) when missing or not JSON."""
    path = directory / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.add(name, None, _("the file is missing from %(dir)s") % {"dir": directory})
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        problems.add(name, None, _("not valid JSON: %(error)s") % {"error": error})
    return None


def translations(
    entry: dict, key: str, problems: Problems, file: str, label: str, *, required: bool = True
) -> dict[str, str]:
    """`{"ro": …, "ru": …, "en": …}` as `key_ro`, `key_ru`, `key_en`; Romanian is the
    language every other one falls back to, so it is the one that must be there."""
    value = entry.pop(key, None)
    if value is None and not required:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        problems.add(file, label, _('“%(key)s” must be {"ro": …, "ru": …, "en": …}') % {"key": key})
        return {}
    unknown = set(value) - set(LANGUAGES)
    if unknown:
        problems.add(
            file,
            label,
            _("“%(key)s” has unknown languages: %(languages)s")
            % {"key": key, "languages": ", ".join(sorted(unknown))},
        )
    if required and not value.get("ro", "").strip():
        problems.add(file, label, _("“%(key)s” has no Romanian text (ro)") % {"key": key})
    return {f"{key}_{language}": value.get(language, "").strip() for language in LANGUAGES}


def model_check(
    model: type[models.Model],
    values: dict[str, Any],
    problems: Problems,
    file: str,
    label: str | None,
    *,
    exclude: Iterable[str] = (),
) -> dict[str, Any]:
    """The values after the model's own field validation (types, lengths, choices),
    converted to Python (a "08:00" to a time); unknown fields are problems too."""
    names = {f.name for f in model._meta.get_fields()}
    unknown = sorted(set(values) - names)
    if unknown:
        problems.add(file, label, _("unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
        values = {k: v for k, v in values.items() if k in names}
    instance = model(**values)
    try:
        # Fields left out of the file are checked too: a required one is reported missing.
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            problems.add(file, label, f"{name}: {' '.join(messages)}")
    return {name: getattr(instance, name) for name in values}


def geometry_check(geometry: Any, problems: Problems, file: str, label: str) -> Any:
    """A GeoJSON Polygon or MultiPolygon that is a valid shape; its shapely form."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        problems.add(file, label, _("the geometry must be a GeoJSON Polygon or MultiPolygon"))
        return None
    try:
        found = shape(geometry)
    except (ValueError, TypeError, IndexError, AttributeError) as error:
        problems.add(
            file,
            label,
            _("the geometry's coordinates are malformed (%(error)s)") % {"error": error},
        )
        return None
    if not found.is_valid:
        problems.add(
            file,
            label,
            _("the geometry is not a valid shape: %(why)s") % {"why": explain_validity(found)},
        )
        return None
    return found


def profile_read(directory: Path, problems: Problems) -> dict[str, Any]:
    data = json_read(directory, CITY, problems)
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.add(CITY, None, _("must be a JSON object"))
        return {}
    values = dict(data)
    texts: dict[str, str] = {}
    for key in ("name", "address", "working_days"):
        texts |= translations(values, key, problems, CITY, key)
    if "boundary" in values and values["boundary"] is not None:
        geometry_check(values["boundary"], problems, CITY, "boundary")
    return model_check(CityProfile, values | texts, problems, CITY, None)


def districts_read(directory: Path, problems: Problems, bounds: dict) -> dict[str, dict]:
    data = json_read(directory, DISTRICTS, problems)
    if data is None:
        return {}
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        problems.add(DISTRICTS, None, _("must be a GeoJSON FeatureCollection"))
        return {}
    districts: dict[str, dict] = {}
    for number, feature in enumerate(data.get("features") or [], start=1):
        label = _("feature %(number)s") % {"number": number}
        if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
            problems.add(DISTRICTS, label, _("must be a GeoJSON Feature with properties"))
            continue
        properties = dict(feature["properties"])
        slug = str(properties.get("slug") or "")  # missing: model_check reports it
        label = f"{label} ({slug})" if slug else label
        if slug in districts:
            problems.add(DISTRICTS, label, _("the slug is used twice"))
        found = geometry_check(feature.get("geometry"), problems, DISTRICTS, label)
        if found is not None and bounds and not _within(found, bounds):
            problems.add(
                DISTRICTS,
                label,
                _("lies outside the city's bounds in city.json (GeoJSON puts the longitude first)"),
            )
        texts = translations(properties, "name", problems, DISTRICTS, label)
        values = properties | texts | {"boundary": feature.get("geometry")}
        values["is_approximate"] = values.pop("approximate", True)
        districts[slug] = model_check(District, values, problems, DISTRICTS, label)
    if not districts:
        problems.add(DISTRICTS, None, _("has no districts"))
    return districts


def _within(found: Any, bounds: dict) -> bool:
    point = found.representative_point()
    return (
        bounds["min_longitude"] <= point.x <= bounds["max_longitude"]
        and bounds["min_latitude"] <= point.y <= bounds["max_latitude"]
    )


def departments_read(directory: Path, problems: Problems) -> dict[str, dict]:
    data = json_read(directory, DEPARTMENTS, problems)
    if data is None:
        return {}
    if not isinstance(data, list):
        problems.add(DEPARTMENTS, None, _("must be a JSON list of departments"))
        return {}
    departments: dict[str, dict] = {}
    for number, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            problems.add(DEPARTMENTS, str(number), _("must be a JSON object"))
            continue
        values = dict(entry)
        label = values.get("slug") or _("entry %(number)s") % {"number": number}
        slug = str(values.get("slug") or "")  # missing: model_check reports it
        if slug in departments:
            problems.add(DEPARTMENTS, label, _("the slug is used twice"))
        texts = translations(values, "name", problems, DEPARTMENTS, label)
        departments[slug] = model_check(Department, values | texts, problems, DEPARTMENTS, label)
    return departments


def staff_read(directory: Path, problems: Problems, departments: Iterable[str]) -> list[StaffEntry]:
    """staff.csv is optional: a city may add its staff later, in the admin."""
    path = directory / STAFF
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        if tuple(reader.fieldnames or ()) != STAFF_COLUMNS:
            problems.add(
                STAFF,
                None,
                _("the columns must be: %(columns)s") % {"columns": ",".join(STAFF_COLUMNS)},
            )
            return []
        rows = list(reader)
    staff: list[StaffEntry] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        entry = StaffEntry(**{k: (row[k] or "").strip() for k in STAFF_COLUMNS})
        label = _("line %(line)s (%(email)s)") % {"line": line, "email": entry.email}
        _staff_check(entry, problems, label, set(departments), seen)
        seen.add(entry.email.lower())
        staff.append(StaffEntry(**{**entry.__dict__, "department": entry.department or None}))
    return staff


def _staff_check(
    entry: StaffEntry, problems: Problems, label: str, departments: set[str], seen: set[str]
) -> None:
    if entry.email.lower() in seen:
        problems.add(STAFF, label, _("the e-mail is used twice"))
    model_check(
        StaffMember, {"role": entry.role}, problems, STAFF, label, exclude=["user", "department"]
    )
    try:
        validate_email(entry.email)
    except ValidationError as error:
        problems.add(STAFF, label, f"email: {' '.join(error.messages)}")
    if entry.department and entry.department not in departments:
        problems.add(
            STAFF,
            label,
            _("unknown department “%(slug)s” (not in departments.json)")
            % {"slug": entry.department},
        )
    if entry.role == StaffMember.Role.DEPARTMENT_STAFF and not entry.department:
        problems.add(STAFF, label, _("department staff need a department"))


def city_read(directory: Path, problems: Problems) -> CityFiles:
    """Read and check city.json, districts.geojson, departments.json and staff.csv;
    problems go to `problems`, the caller raises them."""
    if not directory.is_dir():
        problems.add(str(directory), None, _("no such directory"))
        return CityFiles({}, {}, {}, [])
    profile = profile_read(directory, problems)
    bounds_keys = ("min_latitude", "max_latitude", "min_longitude", "max_longitude")
    bounds = {k: profile[k] for k in bounds_keys if isinstance(profile.get(k), float | int)}
    districts = districts_read(directory, problems, bounds if len(bounds) == 4 else {})
    departments = departments_read(directory, problems)
    staff = staff_read(directory, problems, departments)
    return CityFiles(profile, districts, departments, staff)
