"""The residents' pages: the catalogue, applying, petitions, my applications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.public_services import selectors, services
from smartcity.public_services.forms import ApplicationForm, PetitionForm
from smartcity.public_services.identity import applicant_prefill
from smartcity.public_services.models import Service
from smartcity.web.form_errors import validation_errors_to_form


def catalogue(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in Service.Kind.values else ""
    return render(
        request,
        "public_services/catalogue.html",
        {
            "services": selectors.services_catalogue(kind=kind or None),
            "kinds": Service.Kind.choices,
            "kind": kind,
        },
    )


def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    service = selectors.service_by_slug(slug)
    if service is None:
        raise Http404(_("No such service."))
    return render(request, "public_services/service.html", {"service": service})


@login_required
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    service = selectors.service_by_slug(slug)
    if service is None or not service.applies_online:
        raise Http404(_("No such service."))
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, service=service)
        if form.is_valid():
            try:
                application = services.application_submit(
                    by=request.user,
                    service=service,
                    applicant=form.applicant(),
                    answers=form.answers(),
                    uploads=form.cleaned_data["attachments"],
                )
            except ValidationError as exc:
                validation_errors_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("Registered under No. %(number)s.") % {"number": application.number},
                )
                return redirect("public_services:application", application.pk)
        status = 400
    else:
        form = ApplicationForm(initial=dict(applicant_prefill(request.user)), service=service)
        status = 200
    return render(
        request, "public_services/apply.html", {"form": form, "service": service}, status=status
    )


@login_required
def petition(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = PetitionForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                application = services.petition_submit(
                    by=request.user,
                    applicant=form.applicant(),
                    content=services.PetitionContent(
                        petition_kind=data["petition_kind"],
                        subject=data["subject"],
                        text=data["text"],
                        department=data["department"],
                    ),
                    uploads=data["attachments"],
                )
            except ValidationError as exc:
                validation_errors_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("Registered under No. %(number)s.") % {"number": application.number},
                )
                return redirect("public_services:application", application.pk)
        status = 400
    else:
        form = PetitionForm(initial=dict(applicant_prefill(request.user)))
        status = 200
    return render(request, "public_services/petition.html", {"form": form}, status=status)


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public_services/mine.html",
        {"applications": selectors.applications_of(request.user)[:200]},
    )


def _own(request: HttpRequest, pk: int):  # noqa: ANN202
    application = selectors.application_of(request.user, pk)
    if application is None:
        raise Http404(_("No such application."))
    return application


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own(request, pk)
    return render(
        request,
        "public_services/application.html",
        {"application": application, "events": application.events.all()},
    )


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own(request, pk)
    try:
        services.application_withdraw(application=application, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The application was withdrawn."))
    return redirect("public_services:application", pk)


@login_required
def answer_download(request: HttpRequest, pk: int) -> FileResponse:
    """The answer's PDF, to its applicant only (staff read it from their queue)."""
    application = _own(request, pk)
    if not application.answer_pdf:
        raise Http404(_("This application has no answer yet."))
    response = FileResponse(
        application.answer_pdf.open("rb"),
        content_type="application/pdf",
        filename=f"{application.number.replace('/', '-')}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def statistics(request: HttpRequest) -> HttpResponse:
    rates, overall = selectors.answered_in_term()
    return render(request, "public_services/statistics.html", {"rates": rates, "overall": overall})
