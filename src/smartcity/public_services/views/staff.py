"""The staff's pages: each department's queue of applications and petitions, a paper's
handling (review, one extension, the answer)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from smartcity.city.access import is_staff_of
from smartcity.city.models import Department
from smartcity.public_services import selectors, services
from smartcity.public_services.forms import AnswerForm, ExtensionForm

QUEUE_PAGE = 50
FORBIDDEN = "public_services/staff/forbidden.html"


def _forbidden(request: HttpRequest) -> HttpResponse:
    message = _("Only the department's staff see its applications.")
    return render(request, FORBIDDEN, {"message": message}, status=403)


@login_required
def queues(request: HttpRequest) -> HttpResponse:
    departments = selectors.queue_departments(request.user)
    if not departments:
        return _forbidden(request)
    if len(departments) == 1:
        return redirect("public_services:staff_queue", departments[0].slug)
    return render(request, "public_services/staff/queues.html", {"departments": departments})


@login_required
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    department = Department.objects.filter(slug=slug).first()
    if department is None:
        raise Http404(_("No such department."))
    if not is_staff_of(request.user, [slug]):
        return _forbidden(request)
    view = request.GET.get("view", "open")
    view = view if view in selectors.QUEUE_FILTERS else "open"
    today = timezone.localdate()
    page = Paginator(
        selectors.queue(department=department, view=view, today=today), QUEUE_PAGE
    ).get_page(request.GET.get("page"))
    rows = [(paper, (paper.deadline - today).days) for paper in page.object_list]
    return render(
        request,
        "public_services/staff/queue.html",
        {
            "department": department,
            "page": page,
            "rows": rows,
            "view": view,
            "filters": selectors.QUEUE_FILTERS,
        },
    )


def _handle(request: HttpRequest, pk: int):  # noqa: ANN202
    application = selectors.application_for_staff(request.user, pk)
    if application is None:
        raise Http404(_("No such application."))
    return application


@login_required
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    application = _handle(request, pk)
    extension, answer = ExtensionForm(), AnswerForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "review":
                services.application_review_start(application=application, by=request.user)
            elif action == "extend":
                extension = ExtensionForm(request.POST)
                if not extension.is_valid():
                    raise ValidationError(_("Check the extension's fields."))
                services.application_extend(
                    application=application,
                    by=request.user,
                    days=extension.cleaned_data["days"],
                    reason=extension.cleaned_data["reason"],
                )
            elif action == "answer":
                answer = AnswerForm(request.POST)
                if not answer.is_valid():
                    raise ValidationError(_("Check the answer's fields."))
                services.application_answer(
                    application=application,
                    by=request.user,
                    decision=answer.cleaned_data["decision"],
                    answer=answer.cleaned_data["answer"],
                )
            else:
                raise ValidationError(_("Unknown action."))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            status = 400
        else:
            messages.success(request, _("Saved."))
            return redirect("public_services:staff_paper", pk)
    return render(
        request,
        "public_services/staff/paper.html",
        {
            "application": application,
            "events": application.events.all(),
            "extension": extension,
            "answer": answer,
            "days_left": (application.deadline - timezone.localdate()).days,
        },
        status=status,
    )


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    application = _handle(request, pk)
    found = application.attachments.filter(pk=attachment).first()
    if found is None:
        raise Http404(_("No such attachment."))
    response = FileResponse(
        found.file.open("rb"), content_type=found.content_type, filename=found.name
    )
    response["Cache-Control"] = "private, no-store"
    return response
