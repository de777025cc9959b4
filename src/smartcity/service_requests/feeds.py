"""Atom feeds of new reports, per district and around a point."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from smartcity.city.models import District
from smartcity.config.site import absolute_url
from smartcity.service_requests import selectors
from smartcity.service_requests.models import ServiceRequest

FEED_SIZE = 50


class _RequestFeed(Feed):
    # Every link is made absolute on the site's address: Django would otherwise take the
    # host and port the request came in by.
    feed_type = Atom1Feed

    def item_title(self, item: ServiceRequest) -> str:
        return f"{item.category.name}: {item.address or item.tracking_code}"

    def item_description(self, item: ServiceRequest) -> str:
        return item.description

    def item_link(self, item: ServiceRequest) -> str:
        return absolute_url(reverse("service_requests:detail", args=[item.tracking_code]))

    def item_pubdate(self, item: ServiceRequest):  # noqa: ANN201
        return item.requested_at

    def item_updateddate(self, item: ServiceRequest):  # noqa: ANN201
        return item.updated_at


class DistrictFeed(_RequestFeed):
    def get_object(self, request: HttpRequest, slug: str) -> District:
        return get_object_or_404(District, slug=slug)

    def title(self, district: District) -> str:
        return _("New reports in %(district)s, Bălți") % {"district": district.name}

    def link(self, district: District) -> str:
        query = urlencode({"district": district.slug, "status": "all"})
        return absolute_url(f"{reverse('service_requests:list')}?{query}")

    def feed_url(self, district: District) -> str:
        return absolute_url(reverse("service_requests:district_feed", args=[district.slug]))

    def items(self, district: District) -> list[ServiceRequest]:
        return list(selectors.public_requests(district=district)[:FEED_SIZE])


class AreaFeed(_RequestFeed):
    def get_object(self, request: HttpRequest) -> tuple[float, float, float]:
        try:
            lat = float(request.GET["lat"])
            lon = float(request.GET["long"])
            radius = float(request.GET.get("radius", "500"))
        except (KeyError, ValueError) as error:
            raise Http404(_("Give lat, long and radius in metres.")) from error
        if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 10 <= radius <= 20000):
            raise Http404(_("Give lat, long and radius in metres."))
        return lat, lon, radius

    def title(self, area: tuple[float, float, float]) -> str:
        return _("New reports within %(radius)d m of a point in Bălți") % {"radius": area[2]}

    def link(self) -> str:
        return absolute_url(reverse("service_requests:list"))

    def feed_url(self, area: tuple[float, float, float]) -> str:
        query = urlencode({"lat": area[0], "long": area[1], "radius": area[2]})
        return absolute_url(f"{reverse('service_requests:area_feed')}?{query}")

    def items(self, area: tuple[float, float, float]) -> list[ServiceRequest]:
        lat, lon, radius = area
        return list(
            selectors.within_radius(selectors.public_requests(), lat, lon, radius)[:FEED_SIZE]
        )


def area_feed(request: HttpRequest):  # noqa: ANN201
    """The area feed, with a 400 and a reason for bad parameters."""
    try:
        return AreaFeed()(request)
    except Http404 as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
