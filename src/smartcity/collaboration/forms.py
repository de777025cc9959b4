"""Forms of the collaboration pages; errors come in the user's language."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Field, URLField
from django.utils.translation import gettext_lazy as _

from smartcity.collaboration import selectors
from smartcity.collaboration.models import Event, IdeaStatus, Need, Organisation, ProjectIdea, Side
from smartcity.collaboration.services import EventDetails, IdeaContent
from smartcity.public_services.selectors import services_catalogue

SCORE_CHOICES = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]


class NeedForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = [
            "title",
            "description",
            "public_service",
            "service",
            "affected",
            "evidence",
            "category",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["category"]
        ).queryset = selectors.report_categories()
        cast(forms.ModelChoiceField, self.fields["public_service"]).queryset = services_catalogue()


class ScoreForm(forms.Form):
    """One 1–5 choice per criterion; blank leaves that criterion unscored."""

    def __init__(self, *args, criteria: list, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                help_text=criterion.description,
                choices=SCORE_CHOICES,
                coerce=int,
                required=False,
                empty_value=None,
            )

    def values(self) -> dict[int, int]:
        return {
            c.pk: self.cleaned_data[f"c{c.pk}"]
            for c in self.criteria
            if self.cleaned_data.get(f"c{c.pk}") is not None
        }


class WeightsForm(forms.Form):
    def __init__(self, *args, criteria: list, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"w{criterion.pk}"] = forms.DecimalField(
                label=criterion.name,
                min_value=0,
                max_value=10,
                decimal_places=1,
                initial=criterion.weight,
                error_messages={"invalid": _("Enter a number from 0 to 10.")},
            )

    def weights(self) -> dict:
        return {c.pk: self.cleaned_data[f"w{c.pk}"] for c in self.criteria}


class LeiField(forms.DecimalField):
    """An amount in lei as people type it: "150 000", "150000,50" or "150000.50"."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(max_digits=14, decimal_places=2, min_value=0, **kwargs)

    def to_python(self, value):  # noqa: ANN001, ANN201
        if isinstance(value, str):
            value = value.replace("\u00a0", "").replace(" ", "").replace(",", ".")
        return super().to_python(value)


class IdeaForm(forms.ModelForm):
    """Every field optional: a draft is saved as typed; submission checks completeness."""

    class Meta:
        model = ProjectIdea
        fields = [
            "title",
            "domain",
            "problem",
            "solution",
            "cost_estimate",
            "timeline",
            "partners",
            "needs",
            "annexes",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 4}),
            "solution": forms.Textarea(attrs={"rows": 4}),
            "timeline": forms.Textarea(attrs={"rows": 2}),
            "partners": forms.Textarea(attrs={"rows": 2}),
            "annexes": forms.Textarea(attrs={"rows": 3}),
            "needs": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelMultipleChoiceField, self.fields["needs"]
        ).queryset = selectors.needs_to_link()
        self.fields["events"] = forms.ModelMultipleChoiceField(
            label=_("Collected at these events"),
            queryset=selectors.events_for_ideas(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=list(self.instance.events.all()) if self.instance.pk else [],
        )
        self.fields["cost_estimate"] = LeiField(
            label=self.fields["cost_estimate"].label,
            error_messages={"invalid": _("Write the cost as a number of lei, e.g. 150000.")},
        )
        for name in self.fields:
            self.fields[name].required = False

    def content(self) -> IdeaContent:
        data = self.cleaned_data
        return IdeaContent(
            title=data.get("title") or "",
            domain=data.get("domain") or "",
            problem=data.get("problem") or "",
            solution=data.get("solution") or "",
            cost_estimate=data.get("cost_estimate"),
            timeline=data.get("timeline") or "",
            partners=data.get("partners") or "",
            annexes=data.get("annexes") or "",
            need_ids=[n.pk for n in data.get("needs") or []],
            event_ids=[e.pk for e in data.get("events") or []],
        )


class ReceiptForm(forms.Form):
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    incoming_number = forms.CharField(label=_("Incoming number"), max_length=40)


class EvaluatorField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:  # noqa: ANN001 - a user
        return obj.get_full_name() or obj.get_username()


class AssignForm(forms.Form):
    evaluator = EvaluatorField(label=_("Evaluator"), queryset=get_user_model().objects.none())

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        cast(EvaluatorField, self.fields["evaluator"]).queryset = selectors.evaluators()


class NoteForm(forms.Form):
    prefix = "note"  # the answer form beside it also has a text
    text = forms.CharField(
        label=_("Private note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class AnswerForm(forms.Form):
    prefix = "answer"
    decision = forms.ChoiceField(
        label=_("Answer"),
        widget=forms.RadioSelect,
        choices=[
            (IdeaStatus.ACCEPTED, _("accepted")),
            (IdeaStatus.REJECTED, _("rejected")),
            (IdeaStatus.NEEDS_INFORMATION, _("needs more information")),
        ],
    )
    text = forms.CharField(
        label=_("Public answer (reasons, missing information, conditions)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    cost = LeiField(label=_("Accepted cost (MDL)"), required=False)
    starts = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))


class ResponsibleForm(forms.Form):
    side = forms.ChoiceField(label=_("Side"), choices=Side.choices)
    name = forms.CharField(label=_("Name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Email"))


DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _form_field(field: Field, **options: Any) -> forms.Field | None:
    # A website typed without a scheme is taken as https (Django 6's default).
    if isinstance(field, URLField):
        options.setdefault("assume_scheme", "https")
    return field.formfield(**options)


class EventForm(forms.ModelForm):
    """The event as its organiser announces it; the service checks it whole."""

    class Meta:
        formfield_callback = _form_field
        model = Event
        fields = [
            "title",
            "kind",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "capacity",
            "description",
            "agenda",
        ]
        widgets = {
            "starts_at": DATETIME_LOCAL,
            "ends_at": DATETIME_LOCAL,
            "description": forms.Textarea(attrs={"rows": 3}),
            "agenda": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "starts_at": {"invalid": _("Write the date and time, e.g. 2026-05-14 10:00.")},
            "ends_at": {"invalid": _("Write the date and time, e.g. 2026-05-14 13:00.")},
        }

    def details(self) -> EventDetails:
        data = self.cleaned_data
        return EventDetails(
            title=data["title"],
            kind=data["kind"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            description=data.get("description") or "",
            agenda=data.get("agenda") or "",
            place=data.get("place") or "",
            online_url=data.get("online_url") or "",
            capacity=data.get("capacity"),
        )

    def _post_clean(self) -> None:
        # The service validates and saves; the form only parses.
        pass


class MinutesForm(forms.Form):
    prefix = "minutes"
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )


class DocumentForm(forms.Form):
    prefix = "document"
    title = forms.CharField(label=_("Title of the document"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, PNG or JPEG, at most 10 MB."),
        error_messages={
            "required": _("Choose the file to upload."),
            "empty": _("The file is empty."),
        },
    )


class OrganisationForm(forms.ModelForm):
    class Meta:
        formfield_callback = _form_field
        model = Organisation
        fields = [
            "name",
            "kind",
            "sector",
            "size",
            "center_relation",
            "email",
            "phone",
            "website",
            "address",
            "latitude",
            "longitude",
            "location_is_approximate",
            "projects",
            "events",
        ]
        widgets = {
            "projects": forms.CheckboxSelectMultiple,
            "events": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        events = cast(forms.ModelMultipleChoiceField, self.fields["events"])
        chosen = list(self.instance.events.values_list("pk", flat=True)) if self.instance.pk else []
        events.queryset = selectors.events_for_directory(keep=chosen)

    def values(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name not in ("projects", "events")
        }

    def _post_clean(self) -> None:
        # The service validates and saves; the form only parses.
        pass
