"""Editing the report categories and their extra questions (administrators only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from smartcity.service_requests.models import CategoryAttribute, ServiceCategory
from smartcity.service_requests.staff.forms import AttributeForm, AttributeFormSet, CategoryForm
from smartcity.service_requests.staff.services import (
    AttributeDraft,
    attribute_error_key,
    category_save,
)
from smartcity.service_requests.staff.views.access import administrator_required


@administrator_required
def category_list(request: HttpRequest) -> HttpResponse:
    categories = ServiceCategory.objects.select_related("department").annotate(
        attribute_count=Count("attributes")
    )
    return render(request, "service_requests/staff/categories.html", {"categories": categories})


def _drafts(
    formset: BaseInlineFormSet[CategoryAttribute, ServiceCategory, AttributeForm],
) -> list[tuple[AttributeForm, AttributeDraft]]:
    """(form, draft) for every question kept, changed, added or removed."""
    pairs = []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue  # an empty extra row
        draft = AttributeDraft(
            attribute=form.instance,
            values_text=form.cleaned_data.get("values_text", ""),
            delete=bool(form.cleaned_data.get("DELETE")),
        )
        pairs.append((form, draft))
    return pairs


@administrator_required
def category_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    category = ServiceCategory() if pk is None else ServiceCategory.objects.filter(pk=pk).first()
    if category is None:
        raise Http404(_("No such category."))
    data = request.POST if request.method == "POST" else None
    form = CategoryForm(data, instance=category)
    formset = AttributeFormSet(data, instance=category, prefix="attributes")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        pairs = _drafts(formset)
        try:
            category_save(
                user=request.user,
                category=form.instance,
                attributes=[draft for _form, draft in pairs],
            )
        except ValidationError as exc:
            for index, (attribute_form, _draft) in enumerate(pairs):
                errors = exc.error_dict.get(attribute_error_key(index))
                if errors:
                    attribute_form.add_error("values_text", errors)
        else:
            messages.success(request, _("The category was saved."))
            return redirect("staff:categories")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "service_requests/staff/category_form.html",
        {"form": form, "formset": formset, "category": category},
        status=status,
    )
