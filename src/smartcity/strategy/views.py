"""Pages of the strategy tracking: the public progress, the report, the exchange files,
and the staff's edits (progress, milestones, indicator values, import, history)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.strategy import access, exchange, selectors, services
from smartcity.strategy.forms import ImportForm, MilestoneForm, ProgressForm, ValueForm
from smartcity.strategy.models import ActionMilestone, Plan
from smartcity.strategy.report import report_pdf

MAX_UPLOAD = 5_000_000


def refusals_shown(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A PermissionDenied becomes the 403 page with its reason."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:  # noqa: ANN002, ANN003
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return render(
                request,
                "strategy/forbidden.html",
                {"message": str(exc) or _("You may not do this.")},
                status=403,
            )

    return wrapper


def _plan_or_404(code: str) -> Plan:
    plan = selectors.plan_by_code(code)
    if plan is None:
        raise Http404(_("There is no such plan."))
    return plan


def plan_list(request: HttpRequest) -> HttpResponse:
    rows = [(plan, selectors.plan_progress(plan)) for plan in selectors.plans()]
    return render(
        request,
        "strategy/plans.html",
        {"rows": rows, "may_import": access.is_plan_administrator(request.user)},
    )


def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    plan = _plan_or_404(code)
    tree = selectors.plan_tree(plan)
    return render(
        request,
        "strategy/plan.html",
        {
            "plan": plan,
            "tree": tree,
            "years": selectors.plan_years(plan),
            "is_editor": access.is_editor(request.user),
        },
    )


def plan_report(request: HttpRequest, code: str, year: int) -> HttpResponse:
    plan = _plan_or_404(code)
    if not plan.start_year <= year <= max(plan.end_year, timezone.localdate().year):
        raise Http404(_("The plan has no report for that year."))
    response = HttpResponse(report_pdf(plan, year=year), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{plan.code}-{year}.pdf"'
    return response


def plan_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    plan = _plan_or_404(code)
    rows = exchange.plan_rows([plan])
    if fmt == "csv":
        body, content_type = exchange.rows_to_csv(rows), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = exchange.rows_to_xlsx(rows)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404(_("Export as .csv or .xlsx."))
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{plan.code}.{fmt}"'
    return response


@login_required
@refusals_shown
def plan_history(request: HttpRequest, code: str) -> HttpResponse:
    plan = _plan_or_404(code)
    if not access.is_editor(request.user):
        raise PermissionDenied(_("Only the city's staff see the record of changes."))
    return render(
        request,
        "strategy/history.html",
        {"plan": plan, "changes": selectors.plan_changes(plan)},
    )


@login_required
@refusals_shown
def plans_import_view(request: HttpRequest) -> HttpResponse:
    if not access.is_plan_administrator(request.user):
        raise PermissionDenied(_("Only administrators import plans."))
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_UPLOAD:
                raise ValidationError(_("The file is larger than 5 MB."))
            rows = exchange.table_read(upload.read(), filename=upload.name)
            counts = exchange.plans_import(rows=rows, by=request.user, filename=upload.name)
        except ValidationError as error:
            problems = list(error.messages)
        else:
            messages.success(
                request,
                _(
                    "Imported: %(plans)d plans, %(items)d items, %(milestones)d milestones, "
                    "%(indicators)d indicators, %(values)d values."
                )
                % counts,
            )
            return redirect("strategy:plans")
    status = 400 if problems or form.errors else 200
    return render(
        request,
        "strategy/import.html",
        {"form": form, "problems": problems, "columns": exchange.COLUMNS},
        status=status,
    )


def _form_problems(request: HttpRequest, form) -> None:  # noqa: ANN001
    for problems in form.errors.values():
        messages.error(request, " ".join(str(problem) for problem in problems))


def _service_problems(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@refusals_shown
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    node = selectors.node_by_id(pk)
    if node is None or not node.is_action:
        raise Http404(_("There is no such action."))
    if not access.may_edit_node(request.user, node):
        raise PermissionDenied(_("You may not update this action."))
    if request.method == "POST":
        which = request.POST.get("form")
        form = MilestoneForm(request.POST) if which == "milestone" else ProgressForm(request.POST)
        if not form.is_valid():
            _form_problems(request, form)
        else:
            try:
                if which == "milestone":
                    services.milestone_add(action=node, by=request.user, **form.cleaned_data)
                else:
                    services.action_progress_update(
                        action=node, by=request.user, **form.cleaned_data
                    )
                messages.success(request, _("Saved."))
            except ValidationError as error:
                _service_problems(request, error)
        return redirect("strategy:action_edit", node.pk)
    return render(
        request,
        "strategy/action_edit.html",
        {
            "node": node,
            "progress_form": ProgressForm(
                initial={"status": node.status, "progress": node.progress}
            ),
            "milestone_form": MilestoneForm(),
            "milestones": list(node.milestones.all()),
        },
    )


@require_POST
@login_required
@refusals_shown
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = ActionMilestone.objects.select_related("action").filter(pk=pk).first()
    if milestone is None:
        raise Http404(_("There is no such milestone."))
    services.milestone_complete(milestone=milestone, by=request.user, done_on=timezone.localdate())
    return redirect("strategy:action_edit", milestone.action_id)


@login_required
@refusals_shown
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_by_id(pk)
    if indicator is None:
        raise Http404(_("There is no such indicator."))
    if not access.may_edit_indicator(request.user, indicator):
        raise PermissionDenied(_("You may not enter values of this indicator."))
    form = ValueForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            _form_problems(request, form)
        else:
            try:
                services.indicator_value_record(
                    indicator=indicator, by=request.user, **form.cleaned_data
                )
                messages.success(request, _("Saved."))
                return redirect("strategy:indicator_edit", indicator.pk)
            except ValidationError as error:
                _service_problems(request, error)
    return render(
        request,
        "strategy/indicator_edit.html",
        {
            "indicator": indicator,
            "form": form,
            "values": list(indicator.values.select_related("entered_by").order_by("-measured_on")),
        },
    )
