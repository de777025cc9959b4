"""Who may open a department's staff pages."""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise

from smartcity.city.models import StaffMember
from smartcity.city.selectors import staff_member_of

View = Callable[..., HttpResponse]
StrOrPromise = str | Promise  # a gettext_lazy text, translated when the page renders


def is_staff_of(user, departments: Collection[str]) -> bool:  # noqa: ANN001 - any Django user
    """Dispatchers and administrators, or staff of one of these departments (slugs)."""
    staff = staff_member_of(user)
    return staff is not None and (
        staff.sees_all_departments
        or (
            staff.role == StaffMember.Role.DEPARTMENT_STAFF
            and staff.department is not None
            and staff.department.slug in departments
        )
    )


def departments_staff_required(
    departments: Collection[str], *, message: StrOrPromise, template: str
) -> Callable[[View], View]:
    """A view decorator: anonymous users go to the login page; anyone else who is not
    `is_staff_of` these departments gets `template` with `message` and a 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:  # noqa: ANN002, ANN003
            if not is_staff_of(request.user, departments):
                return render(request, template, {"message": message}, status=403)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
