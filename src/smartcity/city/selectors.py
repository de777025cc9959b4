"""Reads about the city: its profile, where a point lies, who works where."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from shapely.geometry import Point, shape
from shapely.prepared import prep

from smartcity.city.models import CityProfile, Department, District, StaffMember
from smartcity.city.text import text_fold


def city_profile() -> CityProfile | None:
    """The city's profile, or None before the city is set up."""
    return CityProfile.objects.first()


@dataclass(frozen=True)
class Location:
    inside_city: bool
    district: District | None


def location_of(*, latitude: float, longitude: float) -> Location:
    """Whether a WGS84 point lies inside the municipality, and in which district.

    Without a boundary polygon the profile's bounding box decides; without a profile
    nothing is inside (the city has not been set up yet).
    """
    return locator()(latitude, longitude)


def locator() -> Callable[[float, float], Location]:
    """`location_of` for many points: the shapes are read and prepared once."""
    profile = city_profile()
    if profile is None:
        return lambda _lat, _lon: Location(inside_city=False, district=None)
    boundary = prep(shape(profile.boundary)) if profile.boundary else None
    districts = [(prep(shape(d.boundary)), d) for d in District.objects.all()]

    def locate(latitude: float, longitude: float) -> Location:
        point = Point(longitude, latitude)  # GeoJSON order: x is longitude
        if boundary is not None:
            inside = boundary.covers(point)
        else:
            inside = (
                profile.min_latitude <= latitude <= profile.max_latitude
                and profile.min_longitude <= longitude <= profile.max_longitude
            )
        if not inside:
            return Location(inside_city=False, district=None)
        for area, district in districts:
            if area.covers(point):
                return Location(inside_city=True, district=district)
        return Location(inside_city=True, district=None)

    return locate


def staff_member_of(user) -> StaffMember | None:  # noqa: ANN001 - any Django user
    """The staff record of a logged-in user, or None for residents and anonymous users."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.staff_member
    except StaffMember.DoesNotExist:
        return None


def departments() -> list[Department]:
    return list(Department.objects.order_by("name"))


@dataclass(frozen=True)
class Street:
    name: str
    latitude: float
    longitude: float
    approximate: bool = True


_STREET_PREFIXES = re.compile(r"^(str|strada|bd|bulevardul|ул|улица|бул|пл|piata)\.?\s+")


@cache
def _streets() -> list[tuple[str, str, str, float, float]]:
    """(folded ro, folded ru, …) rows of the shipped street list; points are approximate."""
    path = Path(__file__).parent / "data" / "streets.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        (
            _street_key(r["name_ro"]),
            _street_key(r["name_ru"]),
            r["name_ro"],
            float(r["latitude"]),
            float(r["longitude"]),
        )
        for r in rows
    ]


def _street_key(name: str) -> str:
    return _STREET_PREFIXES.sub("", text_fold(name)).replace(".", "")


def street_search(text: str, *, limit: int = 5) -> list[Street]:
    """Streets of Bălți whose name contains the typed words (any alphabet, diacritics or
    not); the number typed after the name is kept in the returned name."""
    typed = _street_key(text or "")
    number = re.search(r"\s(\d+[a-z]?)$", typed)
    words = typed[: number.start()].strip() if number else typed
    if len(words) < 2:
        return []
    found = []
    for key_ro, key_ru, name, lat, lon in _streets():
        if words in key_ro or words in key_ru:
            found.append(
                Street(
                    name=f"{name} {number.group(1)}" if number else name,
                    latitude=lat,
                    longitude=lon,
                )
            )
    return found[:limit]
