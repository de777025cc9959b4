"""Staff pages: publishing service alerts (detours, roadworks)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from smartcity.city.access import departments_staff_required
from smartcity.transit import selectors, services
from smartcity.transit.forms import AlertForm
from smartcity.transit.models import ServiceAlert

# Who publishes alerts: the trolleybus operator, the roads directorate (roadworks),
# dispatchers and administrators.
DEPARTMENTS = {"troleibuze", "drumuri"}


alert_staff_required = departments_staff_required(
    DEPARTMENTS,
    message=gettext_lazy(
        "Service alerts are published by the transport operator, "
        "the roads directorate and dispatchers."
    ),
    template="transit/forbidden.html",
)


@alert_staff_required
def alert_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "transit/staff/alert_list.html",
        {"alerts": selectors.alerts_recent(now), "now": now},
    )


def _initial(alert: ServiceAlert | None) -> dict[str, object]:
    if alert is None:
        return {"active_from": timezone.localtime().replace(second=0, microsecond=0)}
    initial: dict[str, object] = {
        f"{field}_{language}": getattr(alert, f"{field}_{language}") or ""
        for field in ("header", "description")
        for language in ("ro", "ru", "en")
    }
    initial |= {
        "cause": alert.cause,
        "effect": alert.effect,
        "severity": alert.severity,
        "active_from": timezone.localtime(alert.active_from),
        "active_until": timezone.localtime(alert.active_until) if alert.active_until else None,
        "routes": list(alert.routes.all()),
        "stops": list(alert.stops.all()),
        "url": alert.url,
    }
    return initial


@alert_staff_required
@require_http_methods(["GET", "POST"])
def alert_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    alert = get_object_or_404(ServiceAlert, pk=pk) if pk is not None else None
    form = AlertForm(request.POST or None, initial=_initial(alert))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.alert_publish(
            header=form.texts("header"),
            description=form.texts("description"),
            cause=data["cause"],
            effect=data["effect"],
            severity=data["severity"],
            active_from=data["active_from"],
            active_until=data["active_until"],
            routes=list(data["routes"]),
            stops=list(data["stops"]),
            url=data["url"],
            author=request.user,
            alert=alert,
        )
        messages.success(request, _("The alert is published."))
        return redirect("transit:alert_list")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "transit/staff/alert_form.html", {"form": form, "alert": alert}, status=status
    )


@alert_staff_required
@require_POST
def alert_end(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(ServiceAlert, pk=pk)
    services.alert_end(alert=alert, at=timezone.now())
    messages.success(request, _("The alert has ended."))
    return redirect("transit:alert_list")
