"""The queue of requests, its map and its bulk actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from smartcity.service_requests import services
from smartcity.service_requests.models import ClosureReason, ServiceRequest, Status
from smartcity.service_requests.staff import selectors
from smartcity.service_requests.staff.forms import BulkForm, QueueFilterForm, status_filter_choices
from smartcity.service_requests.staff.views.access import (
    StaffRequest,
    is_htmx,
    safe_next,
    staff_required,
)


@require_GET
@staff_required
def queue(request: StaffRequest) -> HttpResponse:
    staff = request.staff
    now = timezone.now()
    form = QueueFilterForm(request.GET, staff=staff)
    filters = form.filters()
    counts = selectors.status_counts(staff=staff, user=request.user, filters=filters, now=now)
    tabs = [
        {"value": value, "label": label, "count": counts.get(value, 0)}
        for value, label in status_filter_choices()
    ]
    return render(
        request,
        "service_requests/staff/queue.html",
        {
            "form": form,
            "filters": filters,
            "page": selectors.queue_page(
                staff=staff,
                user=request.user,
                filters=filters,
                now=now,
                page=request.GET.get("page"),
                count=counts[filters.status],
            ),
            "tabs": tabs,
            "bulk_assignees": selectors.bulk_assignable_staff(staff),
            "statuses": Status.choices,
            "closure_reasons": ClosureReason.choices,
            "now": now,
        },
    )


@require_GET
@staff_required
def summary(request: StaffRequest) -> HttpResponse:
    """Open, overdue and median age per department: loaded by the queue page after it has
    shown (the median is the costliest read of the back office and the worklist should not
    wait for it); without JavaScript, a page of its own."""
    template = "service_requests/staff/summary.html"
    if is_htmx(request):
        template = "service_requests/staff/_summary.html"
    return render(
        request,
        template,
        {"summaries": selectors.department_summaries(staff=request.staff, now=timezone.now())},
    )


@require_GET
@staff_required
def map_geojson(request: StaffRequest) -> JsonResponse:
    """The open requests of the queue, under the same filters, as GeoJSON."""
    form = QueueFilterForm(request.GET, staff=request.staff)
    return JsonResponse(
        selectors.map_features(
            staff=request.staff, user=request.user, filters=form.filters(), now=timezone.now()
        )
    )


def _bulk_apply(request: HttpRequest, data: dict, requests: list[ServiceRequest]) -> int:
    if data["action"] == "assign":
        return services.requests_bulk_assign(
            requests=requests, user=request.user, assignee=data["assignee"]
        )
    return services.requests_bulk_change_status(
        requests=requests,
        user=request.user,
        status=data["status"],
        closure_reason=data.get("closure_reason") or "",
        public_comment=data.get("public_comment") or "",
    )


@require_POST
@staff_required
def bulk(request: HttpRequest) -> HttpResponse:
    """Change or assign the ticked requests: all of them, or (on any refusal) none."""
    back = safe_next(request, reverse("staff:home"))
    form = BulkForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(_flat_errors(form)))
        return redirect(back)
    ids = form.cleaned_data["ids"]
    requests = list(ServiceRequest.objects.filter(pk__in=ids).order_by("pk"))
    if len(requests) != len(ids):
        messages.error(request, _("Some of the ticked requests no longer exist; nothing changed."))
        return redirect(back)
    try:
        changed = _bulk_apply(request, form.cleaned_data, requests)
    except ValidationError as exc:
        messages.error(request, " ".join([*exc.messages, _("Nothing was changed.")]))
        return redirect(back)
    messages.success(
        request,
        ngettext("%(count)d request changed.", "%(count)d requests changed.", changed)
        % {"count": changed},
    )
    return redirect(back)


def _flat_errors(form: BulkForm) -> list[str]:
    return [str(message) for errors in form.errors.values() for message in errors]
