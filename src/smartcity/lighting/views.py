"""Public pages of street lighting: the live map, tonight's schedule, energy."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control

from smartcity.city.models import District
from smartcity.devices.storage import day_of
from smartcity.lighting import selectors
from smartcity.lighting.models import DimmingProfile
from smartcity.lighting.schedule import night_schedule, profile_for
from smartcity.lighting.sun import ZONE, sun_times


def _district(request: HttpRequest) -> District | None:
    slug = request.GET.get("district") or None
    if slug is None:
        return None
    district = District.objects.filter(slug=slug).first()
    if district is None:
        raise Http404("no such district")
    return district


def overview(request: HttpRequest) -> HttpResponse:
    district = _district(request)
    slug = district.slug if district else None
    today = timezone.localdate()
    sunrise, sunset = sun_times(today)
    return render(
        request,
        "lighting/overview.html",
        {
            "district": district,
            "districts": District.objects.all(),
            "counts": selectors.state_counts(slug),
            "remote": selectors.remote_management(),
            "sunrise": sunrise,
            "sunset": sunset,
        },
    )


@cache_control(max_age=30)
def lights_geojson(request: HttpRequest) -> JsonResponse:
    district = _district(request)
    return JsonResponse(selectors.lights_geojson(district.slug if district else None))


def schedule(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    profiles = []
    for district in [None, *District.objects.all()]:
        profile = profile_for(district.pk if district else None)
        if profile is None or (district is not None and profile.district_id is None):
            continue
        profiles.append((profile, night_schedule(profile.steps, today)))
    week = [
        (day, *sun_times(day)) for day in (today + datetime.timedelta(days=n) for n in range(7))
    ]
    uses_default = District.objects.exclude(
        pk__in=DimmingProfile.objects.exclude(district=None).values("district_id")
    )
    return render(
        request,
        "lighting/schedule.html",
        {"profiles": profiles, "week": week, "uses_default": uses_default},
    )


def _month(request: HttpRequest) -> datetime.date:
    raw = request.GET.get("month")
    if not raw:
        return timezone.localdate().replace(day=1)
    try:
        return datetime.date.fromisoformat(f"{raw}-01")
    except ValueError:
        raise Http404("month must look like 2026-11") from None


def energy(request: HttpRequest) -> HttpResponse:
    month = _month(request)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    first = day_of(datetime.datetime.combine(month, datetime.time(12), ZONE))
    days = (following - month).days
    by_district = selectors.district_energy(first, days)
    by_cabinet = selectors.cabinets_energy(first, days)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return render(
        request,
        "lighting/energy.html",
        {
            "month": month,
            "previous": (month - datetime.timedelta(days=1)).replace(day=1),
            "following": following,
            "by_district": by_district,
            "by_cabinet": by_cabinet,
            "total": sum(kwh for _name, kwh in by_district),
            "yesterday": yesterday,
            "yesterday_by_district": selectors.district_energy(
                day_of(datetime.datetime.combine(yesterday, datetime.time(12), ZONE)), 1
            ),
        },
    )
