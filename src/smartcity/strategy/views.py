"""Pages of the strategy tracking: the public progress, the report, the exchange files,
and the staff's edits (progress, milestones, indicator values, import, history)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.collaboration import selectors as collaboration_selectors
from smartcity.strategy import access, exchange, report, selectors, services
from smartcity.strategy.forms import (
    ImportForm,
    IndicatorForm,
    ItemForm,
    LinksForm,
    MilestoneForm,
    ProgressForm,
    ValueForm,
)
from smartcity.strategy.models import ActionMilestone, Indicator, Level, Node, Plan
from smartcity.strategy.services.structure import CHILD_LEVEL
from smartcity.web.documents import document_response

LANGUAGES = ("ro", "ru", "en")

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
    editable = access.editable_node_ids(request.user, plan.pk)
    for view in tree.walk():
        view.may_edit = editable is None or view.node.pk in editable
    return render(
        request,
        "strategy/plan.html",
        {
            "plan": plan,
            "tree": tree,
            "years": selectors.plan_years(plan),
            "is_editor": access.is_editor(request.user),
            "is_administrator": editable is None,
        },
    )


def plan_report(request: HttpRequest, code: str, year: int) -> HttpResponseBase:
    plan = _plan_or_404(code)
    if not plan.start_year <= year <= max(plan.end_year, timezone.localdate().year):
        raise Http404(_("The plan has no report for that year."))
    # Drawn by the worker and kept (seconds for a large plan): never inside the request.
    language = get_language() if get_language() in LANGUAGES else "ro"
    return document_response(
        request,
        kind=report.REPORT,
        key=report.report_key(plan, year=year, language=language),
        filename=f"{plan.code}-{year}.pdf",
    )


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
    # Pairs, not dicts: in a template `record.items` would read a key named "items"
    # (an import's count of items) instead of the dict's items.
    rows = [
        (change, list(change.before.items()), list(change.after.items()))
        for change in selectors.plan_changes(plan)
    ]
    return render(request, "strategy/history.html", {"plan": plan, "rows": rows})


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


def _is_id(text: str) -> bool:
    """A primary key as typed in a URL or form (short enough for any database's integer)."""
    return text.isdigit() and len(text) <= 9


def _node_or_404(pk: int) -> Node:
    node = selectors.node_by_id(pk)
    if node is None:
        raise Http404(_("There is no such item."))
    return node


def _problems_on_form(form: forms.Form, error: ValidationError) -> None:
    """The service's problems shown on the fields they concern (or above the form)."""
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    save: Callable[[], str],
    saved: str,
    template: str,
    context: dict,
) -> HttpResponse:
    """A staff form's page: a valid post calls `save` (the service, answering where to go
    next) and redirects there with `saved` as the message; the service's problems go on
    the form, shown again with a 400."""
    if request.method == "POST" and form.is_valid():
        try:
            next_url = save()
        except ValidationError as error:
            _problems_on_form(form, error)
        else:
            messages.success(request, saved)
            return redirect(next_url)
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)


def _on_plan_page(node: Node) -> str:
    return f"{reverse('strategy:plan', args=[node.plan.code])}#node-{node.pk}"


@login_required
@refusals_shown
def item_add(request: HttpRequest, code: str) -> HttpResponse:
    """Add a priority to the plan, or (with ?parent=) an item under another."""
    plan = _plan_or_404(code)
    if not access.is_plan_administrator(request.user):
        raise PermissionDenied(_("Only administrators add or remove items of a plan."))
    parent = None
    parent_id = request.GET.get("parent", "")
    if parent_id:
        parent = selectors.node_by_id(int(parent_id)) if _is_id(parent_id) else None
        if parent is None or parent.plan_id != plan.pk:
            raise Http404(_("There is no such item."))
    level = CHILD_LEVEL.get(parent.level if parent else None)
    if level is None:
        raise Http404(_("Nothing goes under an action but its indicators."))
    form = ItemForm(request.POST or None, is_action=level == Level.ACTION)

    def save() -> str:
        node = services.node_add(plan=plan, parent=parent, by=request.user, content=form.content())
        return _on_plan_page(node)

    return _form_page(
        request,
        form,
        save=save,
        saved=_("Added."),
        template="strategy/item_form.html",
        context={"plan": plan, "parent": parent, "level": Level(level).label},
    )


@login_required
@refusals_shown
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    node = _node_or_404(pk)
    if not access.may_edit_node(request.user, node):
        raise PermissionDenied(_("You may not edit this item."))
    form = ItemForm(
        request.POST or None,
        initial=ItemForm.initial_of(node),
        is_action=node.is_action,
        may_hand_over=access.is_plan_administrator(request.user),
    )

    def save() -> str:
        services.node_edit(node=node, by=request.user, content=form.content())
        return _on_plan_page(node)

    return _form_page(
        request,
        form,
        save=save,
        saved=_("Saved."),
        template="strategy/item_form.html",
        context={
            "plan": node.plan,
            "node": node,
            "level": node.get_level_display(),
            "may_remove": access.is_plan_administrator(request.user),
            "indicators": list(node.indicators.all()),
        },
    )


@login_required
@refusals_shown
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    node = _node_or_404(pk)
    if not access.is_plan_administrator(request.user):
        raise PermissionDenied(_("Only administrators add or remove items of a plan."))
    if request.method == "POST":
        plan_code = node.plan.code
        services.node_remove(node=node, by=request.user)
        messages.success(request, _("Removed."))
        return redirect("strategy:plan", plan_code)
    return render(
        request,
        "strategy/remove.html",
        {"plan": node.plan, "what": f"{node.code} {node.title}", "below": node.children.count()},
    )


@login_required
@refusals_shown
def indicator_add(request: HttpRequest, pk: int) -> HttpResponse:
    node = _node_or_404(pk)
    if not access.may_edit_node(request.user, node):
        raise PermissionDenied(_("You may not edit this item."))
    form = IndicatorForm(request.POST or None)

    def save() -> str:
        services.indicator_add(node=node, by=request.user, content=form.content())
        return reverse("strategy:item_edit", args=[node.pk])

    return _form_page(
        request,
        form,
        save=save,
        saved=_("Added."),
        template="strategy/indicator_form.html",
        context={"plan": node.plan, "node": node},
    )


def _indicator_to_edit(request: HttpRequest, pk: int) -> Indicator:
    """The indicator whose definition the user may change, or a 404 / 403."""
    indicator = selectors.indicator_by_id(pk)
    if indicator is None:
        raise Http404(_("There is no such indicator."))
    if not access.may_edit_indicator(request.user, indicator):
        raise PermissionDenied(_("You may not edit this indicator."))
    return indicator


@login_required
@refusals_shown
def indicator_definition(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator_to_edit(request, pk)
    form = IndicatorForm(request.POST or None, initial=IndicatorForm.initial_of(indicator))

    def save() -> str:
        services.indicator_edit(indicator=indicator, by=request.user, content=form.content())
        return reverse("strategy:item_edit", args=[indicator.node_id])

    return _form_page(
        request,
        form,
        save=save,
        saved=_("Saved."),
        template="strategy/indicator_form.html",
        context={"plan": indicator.plan, "node": indicator.node, "indicator": indicator},
    )


@login_required
@refusals_shown
def indicator_remove(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator_to_edit(request, pk)
    if request.method == "POST":
        node_id = indicator.node_id
        services.indicator_remove(indicator=indicator, by=request.user)
        messages.success(request, _("Removed."))
        return redirect("strategy:item_edit", node_id)
    return render(
        request,
        "strategy/remove.html",
        {
            "plan": indicator.plan,
            "what": f"{indicator.code} {indicator.name}",
            "values": indicator.values.count(),
        },
    )


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if _is_id(value)]


@login_required
@refusals_shown
def item_links(request: HttpRequest, pk: int) -> HttpResponse:
    """Link an item to the collaboration's needs, ideas and projects; `q` narrows the
    choices by title, the links it has stay listed."""
    node = _node_or_404(pk)
    if not access.may_edit_node(request.user, node):
        raise PermissionDenied(_("You may not edit this item."))
    text = request.GET.get("q", "").strip()[:100]
    keep = {
        "needs": list(node.needs.values_list("pk", flat=True)),
        "ideas": list(node.ideas.values_list("pk", flat=True)),
        "projects": list(node.projects.values_list("pk", flat=True)),
    }
    if request.method == "POST":
        for name in keep:
            keep[name] += _ids(request.POST.getlist(name))
    choices = collaboration_selectors.link_candidates(text=text, keep=keep)
    form = LinksForm(request.POST or None, choices=choices, initial=keep)

    def save() -> str:
        services.node_links_set(
            node=node,
            by=request.user,
            need_ids=[n.pk for n in form.cleaned_data["needs"]],
            idea_ids=[i.pk for i in form.cleaned_data["ideas"]],
            project_ids=[p.pk for p in form.cleaned_data["projects"]],
        )
        return _on_plan_page(node)

    return _form_page(
        request,
        form,
        save=save,
        saved=_("Saved."),
        template="strategy/links.html",
        context={"plan": node.plan, "node": node, "q": text},
    )
