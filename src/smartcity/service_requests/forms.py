"""The residents' forms: a report with its category's extra questions, a subscription."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from smartcity.city.models import District
from smartcity.service_requests.models import CategoryAttribute, ServiceCategory
from smartcity.service_requests.services import MAX_PHOTOS
from smartcity.web.questions import question_field


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    def clean(self, data, initial=None):  # noqa: ANN001, ANN201
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("At most 5 photos can be attached."))
        return list(files)


# A choice is (value, label); a group is (group name, its choices), as ChoiceField takes them.
Choice = tuple[int | str, str]
ChoiceGroup = tuple[str, list[Choice]]


def category_choices() -> list[Choice | ChoiceGroup]:
    groups: dict[str, list[Choice]] = {}
    for category in ServiceCategory.objects.filter(is_active=True):
        groups.setdefault(category.group or "", []).append((category.pk, category.name))
    choices: list[Choice | ChoiceGroup] = [("", "—")]
    choices.extend(groups.items())
    return choices


class ReportForm(forms.Form):
    """The report; extra questions are added per category (field names `attr_<code>`)."""

    category = forms.TypedChoiceField(label=_("What is the problem?"), coerce=int)
    latitude = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    address = forms.CharField(label=_("Address or place"), max_length=250, required=False)
    description = forms.CharField(
        label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    photos = PhotosField(
        label=_("Photos (optional, up to 5)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*"}),
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email (optional: to be told of progress)"), required=False)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    submission = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["category"]).choices = category_choices()
        self.chosen_category = self._chosen_category()
        if self.chosen_category is not None:
            for attribute in self.chosen_category.attributes.filter(variable=True).prefetch_related(
                "values"
            ):
                self.fields[f"attr_{attribute.code}"] = attribute_field(attribute)

    def _chosen_category(self) -> ServiceCategory | None:
        raw = self.data.get("category") if self.is_bound else self.initial.get("category")
        if raw is None:
            return None
        try:
            return ServiceCategory.objects.filter(pk=int(raw), is_active=True).first()
        except (TypeError, ValueError):
            return None

    def attribute_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("attr_")]

    def attribute_answers(self) -> dict[str, Any]:
        return {
            name[len("attr_") :]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("attr_") and value not in (None, "", [])
        }


def attribute_field(attribute: CategoryAttribute) -> forms.Field:
    """A form field for one extra question; the service validates the answer again."""
    return question_field(
        datatype=attribute.datatype,
        label=attribute.description,
        required=attribute.required,
        help_text=attribute.datatype_description,
        choices=[(v.key, v.name) for v in attribute.values.all()],
    )


class SubscriptionForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    district = forms.ModelChoiceField[District](
        label=_("District"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("— or a point on the map —"),
    )
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180
    )
    radius_m = forms.IntegerField(
        label=_("Radius (metres)"), required=False, min_value=50, max_value=5000, initial=500
    )
    category = forms.ModelChoiceField[ServiceCategory](
        label=_("Only this category (optional)"),
        queryset=ServiceCategory.objects.filter(is_active=True),
        required=False,
        empty_label=_("— all categories —"),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        point = data.get("latitude") is not None and data.get("longitude") is not None
        if not data.get("district") and not point:
            raise forms.ValidationError(_("Choose a district or a point on the map."))
        if not data.get("district") and not data.get("radius_m"):
            data["radius_m"] = 500
        return data
