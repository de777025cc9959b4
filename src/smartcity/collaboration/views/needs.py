"""Needs: the public ranking, a need's page with support and scoring, registering one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartcity.collaboration import access, selectors, services
from smartcity.collaboration.forms import NeedForm, ScoreForm, WeightsForm

RANKING_PAGE_SIZE = 100


def need_ranking(request: HttpRequest) -> HttpResponse:
    supported = selectors.supported_by(
        user=request.user, session_key=request.session.session_key or ""
    )
    page = Paginator(selectors.needs_ranked(), RANKING_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "collaboration/needs/ranking.html",
        {
            "rows": selectors.ranking_rows(list(page.object_list)),
            "page": page,
            "criteria": selectors.criteria(),
            "supported": supported,
            "can_weigh": access.is_administrator(request.user),
        },
    )


def _need_or_404(pk: int):  # noqa: ANN202
    need = selectors.need_by_id(pk)
    if need is None:
        raise Http404(_("There is no such need."))
    return need


def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_or_404(pk)
    ranked = next(r for r in selectors.needs_ranked() if r.need_id == need.pk)
    row = selectors.ranking_rows([ranked])[0]
    side = access.scoring_side(request.user)
    form = None
    if side is not None:
        initial = {f"c{line.criterion.id}": line.by_side.get(side) for line in row.rank.lines}
        form = ScoreForm(criteria=selectors.criteria(), initial=initial)
    supported = need.pk in selectors.supported_by(
        user=request.user, session_key=request.session.session_key or ""
    )
    return render(
        request,
        "collaboration/needs/detail.html",
        {"row": row, "need": need, "score_form": form, "side": side, "supported": supported},
    )


@require_POST
def need_support(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_or_404(pk)
    if not request.session.session_key:
        request.session.save()
    try:
        created = services.need_support(
            need=need, user=request.user, session_key=request.session.session_key or ""
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("collaboration:need", need.pk)
    if created:
        messages.success(request, _("Thank you: your support is counted."))
    else:
        messages.info(request, _("You already support this need."))
    return redirect("collaboration:need", need.pk)


@require_POST
@login_required
def need_score(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_or_404(pk)
    form = ScoreForm(request.POST, criteria=selectors.criteria())
    if not form.is_valid():
        messages.error(request, _("A score is a whole number from 1 to 5."))
        return redirect("collaboration:need", need.pk)
    try:
        services.need_score_set(need=need, by=request.user, values=form.values())
    except PermissionDenied as exc:
        return render(request, "collaboration/forbidden.html", {"message": str(exc)}, status=403)
    messages.success(request, _("Your scores are saved."))
    return redirect("collaboration:need", need.pk)


@login_required
def need_register(request: HttpRequest) -> HttpResponse:
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            need = services.need_register(
                by=request.user,
                title=data["title"],
                description=data["description"],
                service=data["service"],
                affected=data["affected"],
                evidence=data["evidence"],
                category_id=data["category"].pk if data["category"] else None,
                public_service_id=data["public_service"].pk if data["public_service"] else None,
            )
        except ValidationError as exc:
            for key, errors in exc.message_dict.items():
                form.add_error(key if key in form.fields else None, errors)
        else:
            messages.success(request, _("The need is registered."))
            return redirect("collaboration:need", need.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "collaboration/needs/form.html", {"form": form}, status=status)


@login_required
def criteria_weights(request: HttpRequest) -> HttpResponse:
    if not access.is_administrator(request.user):
        message = _("Only administrators set the weights of the criteria.")
        return render(request, "collaboration/forbidden.html", {"message": message}, status=403)
    form = WeightsForm(request.POST or None, criteria=selectors.criteria())
    if request.method == "POST" and form.is_valid():
        services.criteria_weights_set(by=request.user, weights=form.weights())
        messages.success(request, _("The weights are saved; the ranking uses them now."))
        return redirect("collaboration:needs")
    status = 400 if request.method == "POST" else 200
    return render(request, "collaboration/needs/weights.html", {"form": form}, status=status)
