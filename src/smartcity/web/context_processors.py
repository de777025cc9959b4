from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from smartcity.city.selectors import city_profile, staff_member_of


def city(request: HttpRequest) -> dict:
    """What every page shows: the city's name and contacts, the map tiles, the staff role."""
    return {
        "city": city_profile(),
        "map_tile_url": settings.SMARTCITY_MAP_TILE_URL,
        "staff_member": staff_member_of(getattr(request, "user", None)),
    }
