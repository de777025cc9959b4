from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from smartcity.service_requests import statistics


def stats(request: HttpRequest) -> HttpResponse:
    period = request.GET.get("period", "12m")
    if period not in statistics.PERIODS:
        period = "12m"
    return render(
        request,
        "service_requests/stats.html",
        {"period": period, "figures": statistics.requests_statistics(period=period)},
    )
