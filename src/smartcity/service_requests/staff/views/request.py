"""One request for staff: everything about it, and the actions on it.

Each action is a small form posting to its own view, which calls one service. With htmx
the view answers with the re-rendered request panel (no page reload); without it, with a
redirect back to the page (or the page with the form's errors).
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from smartcity.service_requests import services
from smartcity.service_requests.models import ServiceRequest, Status
from smartcity.service_requests.staff import selectors
from smartcity.service_requests.staff.forms import (
    AssignForm,
    CommentForm,
    MergeForm,
    PlaceForm,
    RerouteForm,
    StatusForm,
)
from smartcity.service_requests.staff.views.access import is_htmx, staff_required


def _request_for(request: HttpRequest, tracking_code: str) -> ServiceRequest:
    service_request = selectors.staff_request_by_code(tracking_code)
    if service_request is None:
        raise Http404(_("No request has this tracking code."))
    if not services.staff_may_change(request.user, service_request):
        raise PermissionDenied(_("This request belongs to another department."))
    return service_request


def _forms(request: HttpRequest, bound: dict[str, forms.Form]) -> dict[str, forms.Form]:
    blank = {
        "status_form": StatusForm(),
        "assign_form": AssignForm(user=request.user),
        "reroute_form": RerouteForm(),
        "merge_form": MergeForm(),
        "comment_form": CommentForm(),
        "place_form": PlaceForm(),
    }
    return {**blank, **bound}


def _render(
    request: HttpRequest,
    service_request: ServiceRequest,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    now = timezone.now()
    context = {
        "r": service_request,
        "is_overdue": service_request.status != Status.CLOSED and service_request.due_at < now,
        "answers": selectors.attribute_answers(service_request),
        "candidates": selectors.duplicate_candidates(service_request),
        "suggestions": selectors.suggested_categories(service_request),
        "assignees": selectors.assignable_staff(service_request.department_id),
        "now": now,
        "htmx": is_htmx(request),
        **_forms(request, bound or {}),
    }
    template = "service_requests/staff/request.html"
    if context["htmx"]:
        template = "service_requests/staff/_request_panel.html"
    return render(request, template, context, status=status)


@require_GET
@staff_required
def request_detail(request: HttpRequest, tracking_code: str) -> HttpResponse:
    return _render(request, _request_for(request, tracking_code))


def _errors_onto(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _act(
    request: HttpRequest,
    tracking_code: str,
    *,
    form: forms.Form,
    name: str,
    perform: Callable[[ServiceRequest, dict], object],
    done: str,
) -> HttpResponse:
    """Validate `form`, run `perform` (a service call), answer as described above."""
    service_request = _request_for(request, tracking_code)
    if form.is_valid():
        try:
            perform(service_request, form.cleaned_data)
        except ValidationError as exc:
            _errors_onto(form, exc)
        else:
            messages.success(request, done)
            return _after_change(request, service_request.tracking_code)
    # Errors: the page again with the form as typed; htmx only swaps 2xx answers.
    return _render(
        request, service_request, bound={name: form}, status=200 if is_htmx(request) else 400
    )


def _after_change(request: HttpRequest, tracking_code: str) -> HttpResponse:
    service_request = selectors.staff_request_by_code(tracking_code)
    assert service_request is not None  # it was just changed, and requests are never deleted
    if not services.staff_may_change(request.user, service_request):
        # Passed to another department: this user no longer sees it.
        target = reverse("staff:home")
        if is_htmx(request):
            return HttpResponse(headers={"HX-Redirect": target})
        return redirect(target)
    if is_htmx(request):
        return _render(request, service_request)
    return redirect("staff:request", tracking_code)


@require_POST
@staff_required
def request_status(request: HttpRequest, tracking_code: str) -> HttpResponse:
    return _act(
        request,
        tracking_code,
        form=StatusForm(request.POST),
        name="status_form",
        perform=lambda r, data: services.request_change_status(
            request=r,
            user=request.user,
            status=data["status"],
            closure_reason=data["closure_reason"],
            public_comment=data["public_comment"],
            internal_note=data["internal_note"],
        ),
        done=_("The status was changed."),
    )


@require_POST
@staff_required
def request_assign(request: HttpRequest, tracking_code: str) -> HttpResponse:
    return _act(
        request,
        tracking_code,
        form=AssignForm(request.POST, user=request.user),
        name="assign_form",
        perform=lambda r, data: services.request_assign(
            request=r, user=request.user, assignee=data["assignee"]
        ),
        done=_("The assignment was saved."),
    )


@require_POST
@staff_required
def request_reroute(request: HttpRequest, tracking_code: str) -> HttpResponse:
    return _act(
        request,
        tracking_code,
        form=RerouteForm(request.POST),
        name="reroute_form",
        perform=lambda r, data: services.request_reroute(
            request=r,
            user=request.user,
            category=data["category"],
            public_comment=data["public_comment"],
        ),
        done=_("The request was re-categorised."),
    )


@require_POST
@staff_required
def request_merge(request: HttpRequest, tracking_code: str) -> HttpResponse:
    return _act(
        request,
        tracking_code,
        form=MergeForm(request.POST),
        name="merge_form",
        perform=lambda r, data: services.request_merge(
            duplicate=r, original=data["original_request"], user=request.user
        ),
        done=_("The request was closed as a duplicate."),
    )


@require_POST
@staff_required
def request_comment(request: HttpRequest, tracking_code: str) -> HttpResponse:
    return _act(
        request,
        tracking_code,
        form=CommentForm(request.POST),
        name="comment_form",
        perform=lambda r, data: services.request_comment(
            request=r,
            user=request.user,
            public_comment=data["public_comment"],
            internal_note=data["internal_note"],
        ),
        done=_("The comment was added."),
    )


@require_POST
@staff_required
def request_place(request: HttpRequest, tracking_code: str) -> HttpResponse:
    return _act(
        request,
        tracking_code,
        form=PlaceForm(request.POST),
        name="place_form",
        perform=lambda r, data: services.request_place(
            request=r, user=request.user, latitude=data["latitude"], longitude=data["longitude"]
        ),
        done=_("The request was placed on the map."),
    )
