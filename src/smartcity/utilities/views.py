"""Staff pages of water and heat: buildings with suspicions, and one building's meters."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from smartcity.city.access import departments_staff_required
from smartcity.utilities import selectors
from smartcity.utilities.charts import bar_chart

# Who looks after buildings' water and heat, besides dispatchers and administrators.
DEPARTMENTS = ("apa-canal", "termoficare", "locativ")


utilities_staff_required = departments_staff_required(
    DEPARTMENTS,
    message=gettext_lazy(
        "Meter readings are for the water, heating and housing services and dispatchers."
    ),
    template="utilities/forbidden.html",
)


@require_GET
@utilities_staff_required
def building_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "utilities/buildings.html",
        {
            "suspicions": selectors.buildings_with_suspicions(now=now),
            "buildings": selectors.buildings(),
            "leak_litres": round(selectors.LEAK_FLOW * 1000),
            "leak_nights": selectors.LEAK_NIGHTS,
            "heat_days": selectors.HEAT_BASELINE_DAYS,
        },
    )


@require_GET
@utilities_staff_required
def building_detail(request: HttpRequest, key: str) -> HttpResponse:
    building = selectors.building_by_key(key)
    if building is None:
        raise Http404(_("No building with meters has this name."))
    now = timezone.now()
    meters = [
        {
            "history": history,
            "chart": bar_chart(
                [(formats.date_format(d.day, "j M"), d.value) for d in history.days],
                unit=history.unit,
            ),
        }
        for history in selectors.building_history(building, now=now)
    ]
    return render(
        request, "utilities/building.html", {"building": building, "meters": meters, "now": now}
    )
