"""Forms of housing's pages: they parse; the checks of an outage are in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from smartcity.housing.models import HeatingState, Outage, Utility, UtilityProvider, WorkItem

WHEN = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class _When(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):  # noqa: ANN001, ANN201 - Django's signature
        if hasattr(value, "strftime"):
            from django.utils import timezone

            return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
        return value


class OutageForm(forms.Form):
    utility = forms.ChoiceField(label=_("Service"), choices=Utility.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=Outage.Kind.choices)
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=UtilityProvider.objects.none())
    street = forms.CharField(label=_("Street"), max_length=120, required=False)
    number_from = forms.IntegerField(
        label=_("From number"), min_value=0, max_value=99999, required=False
    )
    number_to = forms.IntegerField(
        label=_("To number"), min_value=0, max_value=99999, required=False
    )
    buildings = forms.CharField(
        label=_("Buildings"),
        max_length=2000,
        required=False,
        help_text=_("Addresses separated by “;”, e.g. str. Decebal 12; str. Decebal 14"),
    )
    starts_at = forms.DateTimeField(label=_("Start"), input_formats=WHEN, widget=_When)
    expected_end_at = forms.DateTimeField(label=_("Expected end"), input_formats=WHEN, widget=_When)
    ended_at = forms.DateTimeField(
        label=_("Actual end"), input_formats=WHEN, widget=_When, required=False
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, providers: list[UtilityProvider], **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = UtilityProvider.objects.filter(pk__in=[p.pk for p in providers])


class OutagesUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))


class SubscriptionForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    block = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    street = forms.CharField(label=_("or a whole street"), max_length=120, required=False)


class HeatingStateForm(forms.Form):
    state = forms.ChoiceField(label=_("Heating"), choices=HeatingState.State.choices)
    since = forms.DateField(label=_("Since"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class WorkItemForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=WorkItem.Status.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
