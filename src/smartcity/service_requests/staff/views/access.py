"""Who may use the back office, and how a refusal looks."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from smartcity.city.models import StaffMember
from smartcity.city.selectors import staff_member_of


class StaffRequest(HttpRequest):
    """A request `staff_required` let through: it carries the user's StaffMember."""

    staff: StaffMember


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """The 403 page, saying in the user's language why they cannot go on; for htmx, the
    message alone, to be shown in place of the panel the refused form was in."""
    template = "service_requests/staff/forbidden.html"
    if is_htmx(request):
        template = "service_requests/staff/_forbidden_panel.html"
    return render(request, template, {"message": message}, status=403)


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous users go to the login page; users without a staff role, and staff
    refused by a service (another department's request), get the 403 page.

    The view finds the user's StaffMember as `request.staff`.
    """

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:  # noqa: ANN002, ANN003
        staff = staff_member_of(request.user)
        if staff is None:
            return forbidden(
                request,
                _(
                    "The back office is for city staff, and your account has no staff role. "
                    "Ask an administrator to give you one."
                ),
            )
        staff_request = cast(StaffRequest, request)
        staff_request.staff = staff
        try:
            return view(staff_request, *args, **kwargs)
        except PermissionDenied as exc:
            return forbidden(request, str(exc) or _("You may not do this."))

    return wrapper


def administrator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like `staff_required`, for administrators only."""

    @wraps(view)
    def wrapper(request: StaffRequest, *args, **kwargs) -> HttpResponse:  # noqa: ANN002, ANN003
        if request.staff.role != StaffMember.Role.ADMINISTRATOR:
            raise PermissionDenied(_("Only administrators can edit categories."))
        return view(request, *args, **kwargs)

    return staff_required(wrapper)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` address posted by a form, if it stays on this site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
