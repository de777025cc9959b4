"""Reads about the city: its profile, where a point lies, who works where."""

from __future__ import annotations

from dataclasses import dataclass

from shapely.geometry import Point, shape

from smartcity.city.models import CityProfile, Department, District, StaffMember


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
    profile = city_profile()
    if profile is None:
        return Location(inside_city=False, district=None)
    point = Point(longitude, latitude)  # GeoJSON order: x is longitude
    if profile.boundary:
        inside = shape(profile.boundary).covers(point)
    else:
        inside = (
            profile.min_latitude <= latitude <= profile.max_latitude
            and profile.min_longitude <= longitude <= profile.max_longitude
        )
    if not inside:
        return Location(inside_city=False, district=None)
    for district in District.objects.all():
        if shape(district.boundary).covers(point):
            return Location(inside_city=True, district=district)
    return Location(inside_city=True, district=None)


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
