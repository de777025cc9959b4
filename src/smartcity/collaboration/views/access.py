"""How a refusal looks on the collaboration pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm, Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "collaboration/forbidden.html", {"message": message}, status=403)


def form_errors_to_messages(request: HttpRequest, form: Form) -> None:
    """A refused small form (on a page of several) says why through the messages."""
    for problems in form.errors.values():
        messages.error(request, " ".join(str(problem) for problem in problems))


def validation_errors_to_form(form: BaseForm, error: ValidationError) -> None:
    """A service's ValidationError shown on the form: each problem on its field, or on
    the whole form when the field is not on it (or the error names no field)."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
    else:
        for problem in error.messages:
            form.add_error(None, problem)


def refusals_shown(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A PermissionDenied from a service becomes the 403 page with its reason."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:  # noqa: ANN002, ANN003
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return forbidden(request, str(exc) or _("You may not do this."))

    return wrapper
