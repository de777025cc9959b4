"""The staff form for publishing a service alert."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartcity.transit.models import AlertCause, AlertEffect, AlertSeverity, Route, Stop

LOCAL = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=LOCAL)


class AlertForm(forms.Form):
    header_ro = forms.CharField(label=_("Title (Romanian)"), max_length=200)
    header_ru = forms.CharField(label=_("Title (Russian)"), max_length=200, required=False)
    header_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_ro = forms.CharField(
        label=_("Description (Romanian)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    description_ru = forms.CharField(
        label=_("Description (Russian)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    cause = forms.TypedChoiceField(
        label=_("Cause"), choices=AlertCause.choices, coerce=int, initial=AlertCause.CONSTRUCTION
    )
    effect = forms.TypedChoiceField(
        label=_("Effect"), choices=AlertEffect.choices, coerce=int, initial=AlertEffect.DETOUR
    )
    severity = forms.TypedChoiceField(
        label=_("Severity"),
        choices=AlertSeverity.choices,
        coerce=int,
        initial=AlertSeverity.WARNING,
    )
    active_from = forms.DateTimeField(
        label=_("In force from"), widget=LocalDateTimeInput(), input_formats=[LOCAL]
    )
    active_until = forms.DateTimeField(
        label=_("In force until"),
        widget=LocalDateTimeInput(),
        input_formats=[LOCAL],
        required=False,
        help_text=_("Leave empty while the end is not known."),
    )
    routes: forms.ModelMultipleChoiceField[Route] = forms.ModelMultipleChoiceField(
        label=_("Lines affected"),
        queryset=Route.objects.order_by("sort_order", "short_name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    stops: forms.ModelMultipleChoiceField[Stop] = forms.ModelMultipleChoiceField(
        label=_("Stops affected"),
        queryset=Stop.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        required=False,
    )
    url = forms.URLField(label=_("Link to more information"), required=False, assume_scheme="https")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("routes") and not data.get("stops"):
            raise forms.ValidationError(_("Choose at least one line or stop the alert concerns."))
        start, end = data.get("active_from"), data.get("active_until")
        if start and end and end <= start:
            self.add_error("active_until", _("The end must be after the start."))
        return data

    def texts(self, field: str) -> dict[str, str]:
        return {
            language: self.cleaned_data[f"{field}_{language}"] for language in ("ro", "ru", "en")
        }
