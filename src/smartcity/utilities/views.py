"""Staff pages of water and heat: buildings with suspicions, and one building's meters."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartcity.city.models import StaffMember
from smartcity.city.selectors import staff_member_of
from smartcity.utilities import selectors
from smartcity.utilities.charts import bar_chart

# Who looks after buildings' water and heat, besides dispatchers and administrators.
DEPARTMENTS = ("apa-canal", "termoficare", "locativ")


def utilities_staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous users go to the login page; other staff and residents get a 403 page."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:  # noqa: ANN002, ANN003
        staff = staff_member_of(request.user)
        allowed = staff is not None and (
            staff.sees_all_departments
            or (
                staff.role == StaffMember.Role.DEPARTMENT_STAFF
                and staff.department is not None
                and staff.department.slug in DEPARTMENTS
            )
        )
        if not allowed:
            message = _(
                "Meter readings are for the water, heating and housing services and dispatchers."
            )
            return render(request, "utilities/forbidden.html", {"message": message}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


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
