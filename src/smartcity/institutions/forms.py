"""Forms of the institutions' pages: they parse; the checks are in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from smartcity.collaboration.models import Event
from smartcity.institutions import hours
from smartcity.institutions.models import Institution, InstitutionEvent

WHEN = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class InstitutionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Institution.Kind.choices)
    name_ro = forms.CharField(label=_("Name (Romanian)"), max_length=200)
    name_ru = forms.CharField(label=_("Name (Russian)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=200)
    latitude = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    location_is_approximate = forms.BooleanField(label=_("Approximate position"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    languages = forms.CharField(
        label=_("Languages of instruction"),
        max_length=40,
        required=False,
        help_text=_("Codes separated by commas, e.g. ro, ru"),
    )

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        for day, label in enumerate(hours.WEEKDAYS):
            self.fields[f"hours_{day}"] = forms.CharField(
                label=label,
                max_length=60,
                required=False,
                help_text=_("e.g. 08:00–12:00, 13:00–17:00; empty: closed"),
            )

    def clean(self):  # noqa: ANN201 - Django's signature
        data = super().clean()
        week: hours.Week = {}
        for day in range(7):
            try:
                week[day] = hours.intervals_parse(data.get(f"hours_{day}", "") or "")
            except hours.HoursError as error:
                self.add_error(f"hours_{day}", str(error))
        data["hours"] = week
        codes = (data.get("languages") or "").replace(";", ",").split(",")
        data["language_codes"] = [c.strip().lower() for c in codes if c.strip()]
        return data

    @staticmethod
    def initial_of(institution: Institution, week: hours.Week) -> dict:
        initial = {
            "kind": institution.kind,
            "name_ro": institution.name_ro,  # type: ignore[attr-defined]
            "name_ru": institution.name_ru or "",  # type: ignore[attr-defined]
            "name_en": institution.name_en or "",  # type: ignore[attr-defined]
            "address": institution.address,
            "latitude": institution.latitude,
            "longitude": institution.longitude,
            "location_is_approximate": institution.location_is_approximate,
            "phone": institution.phone,
            "email": institution.email,
            "website": institution.website,
            "languages": ", ".join(institution.languages),
        }
        for day in range(7):
            initial[f"hours_{day}"] = hours.intervals_text(week.get(day, []))
        return initial


class InstitutionEventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    role = forms.ChoiceField(label=_("The institution"), choices=InstitutionEvent.Role.choices)
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        input_formats=WHEN,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"),
        input_formats=WHEN,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=250,
        required=False,
        help_text=_("Empty: the institution's name and address."),
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, required=False)


class PlacesUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))
