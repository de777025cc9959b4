from __future__ import annotations

from html import escape

from django.conf import settings
from django.http import HttpRequest

from smartcity.city.selectors import city_profile, staff_member_of
from smartcity.egov.mpass import mpass_enabled


def city(request: HttpRequest) -> dict:
    """What every page shows: the city's name and contacts, the map tiles, the staff role."""
    return {
        "city": city_profile(),
        "map_tile_url": settings.SMARTCITY_MAP_TILE_URL,
        "map_tile_attribution": map_tile_attribution(),
        "staff_member": staff_member_of(getattr(request, "user", None)),
        "signed_in_with_mpass": signed_in_with_mpass(request),
    }


def signed_in_with_mpass(request: HttpRequest) -> bool:
    """This browser signed in through MPass: its sign-out goes through MPass too (single
    logout), or MPass would sign the resident straight back in. No query without the
    SAML session's cookie."""
    saml_session = getattr(request, "saml_session", None)
    if saml_session is None or not mpass_enabled() or not request.user.is_authenticated:
        return False
    return "_saml2_subject_id" in saml_session


def map_tile_attribution() -> str:
    """The tiles' attribution as the HTML Leaflet's control takes, built from the two
    settings with both escaped here. A plain (unsafe) string: the templates put it in a
    data- attribute, escaped once more, and the map script reads back this HTML."""
    text = escape(settings.SMARTCITY_MAP_TILE_ATTRIBUTION)
    url = settings.SMARTCITY_MAP_TILE_ATTRIBUTION_URL
    # The standard library's escape: Django's returns a SafeString, which the template
    # would not escape again in the attribute.
    return f'<a href="{escape(url)}">{text}</a>' if url and text else text
