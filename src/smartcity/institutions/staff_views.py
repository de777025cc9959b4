"""Staff pages: the department's institutions, adding and editing one with its hours,
announcing its events, importing the kindergarten places."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from smartcity.city.models import Department
from smartcity.collaboration.services import EventDetails
from smartcity.institutions import access, csvimport, selectors, services
from smartcity.institutions.forms import InstitutionEventForm, InstitutionForm, PlacesUploadForm
from smartcity.institutions.models import Institution, sector_of
from smartcity.web.form_errors import validation_errors_to_form

MAX_UPLOAD = 1024 * 1024


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "institutions/forbidden.html", {"message": message}, status=403)


@require_GET
@access.institutions_staff_required
def staff_home(request: HttpRequest) -> HttpResponse:
    mine = [
        i for i in selectors.institutions_listed() if access.may_edit_institution(request.user, i)
    ]
    return render(
        request,
        "institutions/staff/home.html",
        {"institutions": mine, "may_edit_places": access.may_edit_places(request.user)},
    )


def _details(form: InstitutionForm) -> services.InstitutionDetails:
    data = form.cleaned_data
    department = Department.objects.get(slug=access.DEPARTMENT_OF_SECTOR[sector_of(data["kind"])])
    return services.InstitutionDetails(
        kind=data["kind"],
        name_ro=data["name_ro"],
        name_ru=data["name_ru"],
        name_en=data["name_en"],
        address=data["address"],
        latitude=data["latitude"],
        longitude=data["longitude"],
        location_is_approximate=data["location_is_approximate"],
        department=department,
        phone=data["phone"],
        email=data["email"],
        website=data["website"],
        languages=data["language_codes"],
        hours=data["hours"],
    )


def _edit_page(request: HttpRequest, institution: Institution | None) -> HttpResponse:
    initial = (
        InstitutionForm.initial_of(institution, selectors.week_of(institution))
        if institution
        else {}
    )
    form = InstitutionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            details = _details(form)
            if institution is not None:
                details.is_illustrative = institution.is_illustrative
            saved = services.institution_save(
                details=details, institution=institution, by=request.user
            )
        except PermissionDenied as error:
            return _forbidden(request, str(error))
        except (ValidationError, Department.DoesNotExist) as error:
            if isinstance(error, ValidationError):
                validation_errors_to_form(form, error)
            else:
                form.add_error(None, _("The responsible department is not set up."))
        else:
            messages.success(request, _("The institution is saved."))
            return redirect("institutions:institution", saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "institutions/staff/edit.html",
        {"form": form, "institution": institution},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@access.institutions_staff_required
def institution_new(request: HttpRequest) -> HttpResponse:
    return _edit_page(request, None)


def _editable_or_refused(request: HttpRequest, pk: int) -> Institution | HttpResponse:
    institution = selectors.institution_by_id(pk)
    if institution is None:
        raise Http404(_("There is no such institution."))
    if not access.may_edit_institution(request.user, institution):
        return _forbidden(request, _("This institution is kept by another department."))
    return institution


@require_http_methods(["GET", "POST"])
@access.institutions_staff_required
def institution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _editable_or_refused(request, pk)
    if isinstance(found, HttpResponse):
        return found
    return _edit_page(request, found)


@require_http_methods(["GET", "POST"])
@access.institutions_staff_required
def institution_event_new(request: HttpRequest, pk: int) -> HttpResponse:
    found = _editable_or_refused(request, pk)
    if isinstance(found, HttpResponse):
        return found
    form = InstitutionEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = EventDetails(
            title=data["title"],
            kind=data["kind"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            description=data["description"],
            place=data["place"],
            capacity=data["capacity"],
        )
        try:
            event = services.institution_event_create(
                by=request.user, institution=found, details=details, role=data["role"]
            )
        except PermissionDenied as error:
            return _forbidden(request, str(error))
        except ValidationError as error:
            validation_errors_to_form(form, error)
        else:
            messages.success(request, _("The event is in the city's calendar."))
            return redirect("collaboration:event", event.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "institutions/staff/event.html",
        {"form": form, "institution": found},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@access.institutions_staff_required
def places_upload(request: HttpRequest) -> HttpResponse:
    if not access.may_edit_places(request.user):
        return _forbidden(request, _("Only the education directorate enters kindergarten places."))
    form = PlacesUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_UPLOAD:
                problems = [_("The file is larger than 1 MB.")]
            else:
                try:
                    text = upload.read().decode("utf-8-sig")
                    saved = csvimport.places_import_csv(text, by=request.user)
                except UnicodeDecodeError:
                    problems = [_("The file is not UTF-8 text.")]
                except csvimport.ImportRejectedError as rejected:
                    problems = list(rejected.messages)
                else:
                    messages.success(
                        request,
                        _("%(count)d rows of kindergarten places saved.") % {"count": len(saved)},
                    )
                    return redirect("institutions:places")
    return render(
        request,
        "institutions/staff/places_upload.html",
        {"form": form, "problems": problems},
        status=status,
    )
