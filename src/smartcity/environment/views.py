"""Public air-quality pages: the stations now, and one station's last 24 hours."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control

from smartcity.devices.models import Device
from smartcity.environment import selectors
from smartcity.environment.charts import line_chart
from smartcity.environment.eaqi import BANDS, LEVELS

POLLUTANTS = (("pm25", "PM2.5"), ("pm10", "PM10"), ("no2", "NO₂"), ("o3", "O₃"))


def air(request: HttpRequest) -> HttpResponse:
    now = selectors.stations_now()
    worst = max((s for s in now if s.level), key=lambda s: s.level or 0, default=None)
    return render(
        request, "environment/air.html", {"stations": now, "worst": worst, "levels": LEVELS}
    )


@cache_control(max_age=60)
def stations_geojson(request: HttpRequest) -> JsonResponse:
    features = []
    for item in selectors.stations_now():
        station = item.station
        index = item.hour.index if item.hour else None
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [station.longitude, station.latitude]},
                "properties": {
                    "id": station.ref,
                    "name": station.name,
                    "level": index.level if index else None,
                    "label": index.label if index else "",
                    "url": f"/environment/air/{station.ref}/",
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})


def station(request: HttpRequest, ref: str) -> HttpResponse:
    found = Device.objects.filter(ref=ref, device_type="AirQualityObserved", is_active=True).first()
    if found is None:
        raise Http404("no such station")
    hours = selectors.station_hours([found], end=timezone.now(), count=24)[found.pk]
    charts = []
    for quantity, label in POLLUTANTS:
        points = [
            (timezone.localtime(h.start).strftime("%H"), h.means.get(quantity)) for h in hours
        ]
        charts.append((quantity, label, line_chart(points, bands=BANDS[quantity])))
    latest = next((h for h in reversed(hours) if h.index), None)
    return render(
        request,
        "environment/station.html",
        {"station": found, "hours": list(reversed(hours)), "charts": charts, "latest": latest},
    )
