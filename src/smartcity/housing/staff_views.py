"""Staff pages of housing: entering and importing outages, heating, the work queue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from smartcity.housing import csvimport, selectors, services
from smartcity.housing.access import housing_staff_required, may_enter_outages_of, providers_for
from smartcity.housing.forms import HeatingStateForm, OutageForm, OutagesUploadForm, WorkItemForm
from smartcity.housing.models import Outage, WorkItem

MAX_UPLOAD = 2 * 1024 * 1024


@require_GET
@housing_staff_required
def outages(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = [
        {"outage": o, "phase": selectors.outage_phase(o, now)}
        for o in Outage.objects.select_related("provider")[:200]
    ]
    return render(request, "housing/staff/outages.html", {"rows": rows})


def _entry(form: OutageForm) -> services.OutageEntry:
    data = form.cleaned_data
    try:
        blocks = csvimport.blocks_by_addresses(data["buildings"])
    except csvimport.RowError as error:
        raise ValidationError(str(error)) from error
    return services.OutageEntry(
        utility=data["utility"],
        kind=data["kind"],
        provider=data["provider"],
        street=data["street"],
        number_from=data["number_from"],
        number_to=data["number_to"],
        blocks=blocks,
        starts_at=data["starts_at"],
        expected_end_at=data["expected_end_at"],
        ended_at=data["ended_at"],
        reason=data["reason"],
    )


def _outage_form_page(request: HttpRequest, outage: Outage | None) -> HttpResponse:
    providers = providers_for(request.user)
    initial = {}
    if outage is not None:
        initial = {
            "utility": outage.utility,
            "kind": outage.kind,
            "provider": outage.provider_id,
            "street": outage.street,
            "number_from": outage.number_from,
            "number_to": outage.number_to,
            "buildings": "; ".join(b.address for b in outage.blocks.all()),
            "starts_at": outage.starts_at,
            "expected_end_at": outage.expected_end_at,
            "ended_at": outage.ended_at,
            "reason": outage.reason,
        }
    form = OutageForm(request.POST or None, initial=initial, providers=providers)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.outage_save(entry=_entry(form), outage=outage, entered_by=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The outage is saved."))
            return redirect("housing:staff_outage", saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "housing/staff/outage_form.html",
        {"form": form, "outage": outage, "providers": providers},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@housing_staff_required
def outage_new(request: HttpRequest) -> HttpResponse:
    return _outage_form_page(request, None)


def _outage_of(request: HttpRequest, pk: int) -> Outage:
    outage = Outage.objects.select_related("provider", "provider__department").filter(pk=pk).first()
    if outage is None:
        raise Http404(_("No such outage."))
    return outage


def _refused(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "housing/forbidden.html",
        {"message": _("You may not change the outages of this provider.")},
        status=403,
    )


@require_http_methods(["GET", "POST"])
@housing_staff_required
def outage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    outage = _outage_of(request, pk)
    if not may_enter_outages_of(request.user, outage.provider):
        return _refused(request)
    return _outage_form_page(request, outage)


@require_POST
@housing_staff_required
def outage_end(request: HttpRequest, pk: int) -> HttpResponse:
    outage = _outage_of(request, pk)
    if not may_enter_outages_of(request.user, outage.provider):
        return _refused(request)
    try:
        services.outage_end(outage=outage)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The service is back: the subscribers are told."))
    return redirect("housing:staff_outage", outage.pk)


@require_http_methods(["GET", "POST"])
@housing_staff_required
def outages_upload(request: HttpRequest) -> HttpResponse:
    form = OutagesUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_UPLOAD:
                raise csvimport.ImportRejectedError([_("The file is larger than 2 MB.")])
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise csvimport.ImportRejectedError([_("The file is not UTF-8 text.")]) from error
            saved = csvimport.outages_import_csv(
                text,
                entered_by=request.user,
                may_enter=lambda provider: may_enter_outages_of(request.user, provider),
            )
        except csvimport.ImportRejectedError as rejected:
            problems = list(rejected.messages)
        else:
            count = len(saved)
            messages.success(
                request,
                ngettext("%(count)d outage imported.", "%(count)d outages imported.", count)
                % {"count": count},
            )
            return redirect("housing:staff_outages")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "housing/staff/upload.html",
        {"form": form, "problems": problems, "columns": csvimport.COLUMNS},
        status=status,
    )


@require_POST
@housing_staff_required
def heating_set(request: HttpRequest, pk: int) -> HttpResponse:
    block = selectors.block_by_pk(pk)
    if block is None:
        raise Http404(_("No such building."))
    form = HeatingStateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.heating_state_set(
                block=block,
                state=data["state"],
                since=data["since"],
                until=data["until"],
                note=data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The heating state is recorded."))
    else:
        messages.error(request, _("Check the heating state, its first and last day."))
    return redirect("housing:block", block.pk)


@require_GET
@housing_staff_required
def work_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    return render(
        request,
        "housing/staff/work.html",
        {
            "items": selectors.work_items_queue(status=status)[:300],
            "status": status,
            "statuses": WorkItem.Status.choices,
        },
    )


@require_POST
@housing_staff_required
def work_item_update(request: HttpRequest, pk: int) -> HttpResponse:
    item = WorkItem.objects.filter(pk=pk).first()
    if item is None:
        raise Http404(_("No such work item."))
    form = WorkItemForm(request.POST)
    if form.is_valid():
        services.work_item_update(
            item=item, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
        )
        messages.success(request, _("The work item is updated."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("housing:work")
