"""The back office of the data hub: active alerts, and the rules that raise them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.city.models import StaffMember
from smartcity.devices import alerts, services
from smartcity.devices.forms import AlertRuleForm
from smartcity.devices.models import Alert, AlertQuerySet, AlertRule, RejectedReadings
from smartcity.devices.types import DEVICE_TYPES
from smartcity.service_requests.staff.views.access import staff_required

if TYPE_CHECKING:
    from smartcity.service_requests.staff.views.access import StaffRequest


def _visible_alerts(staff: StaffMember) -> AlertQuerySet:
    alerts_ = Alert.objects.select_related("rule", "device", "device__district", "service_request")
    if staff.sees_all_departments:
        return alerts_
    if staff.department_id is None:
        # Not `department_id=None`, which is IS NULL and would show them the alerts of
        # every device without a department: staff of no department see none (as with
        # the requests' queue).
        return alerts_.none()
    return alerts_.filter(device__department_id=staff.department_id)


def _may_edit_rule(staff: StaffMember, device_type: str) -> bool:
    if staff.role == StaffMember.Role.ADMINISTRATOR:
        return True
    kind = DEVICE_TYPES.get(device_type)
    return bool(
        staff.role == StaffMember.Role.DEPARTMENT_STAFF
        and kind
        and staff.department
        and kind.department == staff.department.slug
    )


@staff_required
def alert_list(request: StaffRequest) -> HttpResponse:
    status = request.GET.get("status", "active")
    found = _visible_alerts(request.staff)
    found = found.active() if status == "active" else found.filter(status=Alert.Status.CLOSED)
    device_type = request.GET.get("type", "")
    if device_type in DEVICE_TYPES:
        found = found.filter(device__device_type=device_type)
    return render(
        request,
        "devices/staff/alerts.html",
        {
            "alerts": found.order_by("-opened_at")[:500],
            "status": status,
            "device_type": device_type,
            "types": DEVICE_TYPES.values(),
            # What devices sent that was refused: a sign of a broken sensor or a wrong
            # configuration (counted per device as it named itself, and reason).
            "refusals": RejectedReadings.objects.order_by("-last_at")[:50]
            if request.staff.sees_all_departments
            else [],
        },
    )


@require_POST
@staff_required
def alert_act(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    alert = get_object_or_404(_visible_alerts(request.staff), pk=pk)
    if action == "acknowledge":
        services.alert_acknowledge(alert=alert, user=request.user)
    elif action == "close":
        services.alert_close(alert=alert)
    return redirect(request.POST.get("next") or "hub_staff:alerts")


@staff_required
def rule_list(request: StaffRequest) -> HttpResponse:
    rules = AlertRule.objects.select_related("device", "service_category").order_by(
        "device_type", "name"
    )
    counts = dict(
        Alert.objects.active().values("rule_id").annotate(n=Count("pk")).values_list("rule_id", "n")
    )
    # Each rule with how many of its alerts are open.
    rows = [(rule, counts.get(rule.pk, 0)) for rule in rules]
    return render(request, "devices/staff/rules.html", {"rules": rows})


@staff_required
def rule_edit(request: StaffRequest, pk: int | None = None) -> HttpResponse:
    # The staff member's user is request.user (the same object, fetched with it).
    creator = request.staff.user
    rule = get_object_or_404(AlertRule, pk=pk) if pk else AlertRule(created_by=creator)
    form = AlertRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        if not _may_edit_rule(request.staff, form.instance.device_type):
            raise PermissionDenied(_("You may only set rules for your department's devices."))
        form.save()
        alerts.rulebook.clear()
        return redirect("hub_staff:rules")
    return render(request, "devices/staff/rule_form.html", {"form": form, "rule": rule})
