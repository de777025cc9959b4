"""How a refusal looks on the collaboration pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from smartcity.web.form_errors import validation_errors_to_form

__all__ = ["forbidden", "form_errors_to_messages", "refusals_shown", "validation_errors_to_form"]


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "collaboration/forbidden.html", {"message": message}, status=403)


def form_errors_to_messages(request: HttpRequest, form: Form) -> None:
    """A refused small form (on a page of several) says why through the messages."""
    for problems in form.errors.values():
        messages.error(request, " ".join(str(problem) for problem in problems))


def refusals_shown(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A PermissionDenied from a service becomes the 403 page with its reason."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:  # noqa: ANN002, ANN003
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return forbidden(request, str(exc) or _("You may not do this."))

    return wrapper
