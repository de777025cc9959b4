"""The error pages (400, 403, 403 for a failed CSRF check, 404, 500): one template in the
site's look, in the visitor's language (LocaleMiddleware has already chosen it)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

TEMPLATE = "web/error.html"
logger = logging.getLogger(__name__)


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    context = {"status": status, "title": title, "message": message}
    return render(request, TEMPLATE, context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        400,
        _("Bad request"),
        _("The address or the form sent could not be understood. Check it and try again."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        403,
        _("Access denied"),
        _("You may not see this page. If you work for the city hall, log in first."),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(
        request,
        403,
        _("The form has expired"),
        _(
            "For your safety the form could not be accepted: it was open too long, or your "
            "browser blocks cookies. Go back, reload the page and send it again."
        ),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        404,
        _("Page not found"),
        _("There is no page at this address. It may have moved, or the link is mistyped."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """Drawn without the context processors: what failed may be the database they read
    (the city's profile, the user's session), and the error page must not fail too."""
    context = {
        "status": 500,
        "title": _("Something went wrong"),
        "message": _(
            "The city's site hit an error and the team has been told. Try again in a few minutes."
        ),
    }
    try:
        body = loader.get_template(TEMPLATE).render(context)
    except Exception:  # the page itself failed: a plain answer rather than none
        logger.exception("the 500 page could not be drawn")
        body = f"<h1>500</h1><p>{context['title']}</p>"
    return HttpResponse(body, status=500)
