"""The residents' forms: an application with its service's questions, a petition; the
staff's forms: an extension, an answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from smartcity.city.models import Department
from smartcity.public_services.attachments import MAX_ATTACHMENTS
from smartcity.public_services.models import EXTENSION_MAX_DAYS, Application, Service
from smartcity.public_services.services import Applicant
from smartcity.web.questions import question_field, question_values_parse


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    def clean(self, data, initial=None):  # noqa: ANN001, ANN201
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("At most 5 files can be attached."))
        return list(files)


class ApplicantForm(forms.Form):
    applicant_name = forms.CharField(label=_("Full name"), max_length=200)
    idnp = forms.RegexField(
        label=_("IDNP (personal identification number)"),
        regex=r"^\s*\d{13}\s*$",
        error_messages={"invalid": _("The IDNP has exactly 13 digits.")},
    )
    email = forms.EmailField(label=_("Email (the answer is sent here)"))
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    address = forms.CharField(label=_("Address (optional)"), max_length=250, required=False)
    attachments = AttachmentsField(
        label=_("Documents (PDF, JPEG or PNG, up to 5 files of 10 MB)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,image/jpeg,image/png"}),
    )

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            name=data["applicant_name"],
            idnp=data["idnp"].strip(),
            email=data["email"],
            phone=data.get("phone", ""),
            address=data.get("address", ""),
        )


class ApplicationForm(ApplicantForm):
    """The applicant's fields and the service's questions (field names `q_<code>`)."""

    def __init__(self, *args, service: Service, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.service = service
        for question in service.questions.all():
            try:
                values = question_values_parse(question.values_text)
            except ValidationError:
                values = []
            self.fields[f"q_{question.code}"] = question_field(
                datatype=question.datatype,
                label=question.description,
                required=question.required,
                help_text=question.datatype_description,
                choices=[(v.key, v.name()) for v in values],
            )

    def question_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("q_")]

    def answers(self) -> dict[str, Any]:
        return {
            name[2:]: value if isinstance(value, list | str | int) else str(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("q_") and value not in (None, "", [])
        }


class PetitionForm(ApplicantForm):
    petition_kind = forms.ChoiceField(
        label=_("Kind of petition"), choices=Application.PetitionKind.choices
    )
    department = forms.ModelChoiceField[Department](
        label=_("Addressed to"),
        queryset=Department.objects.filter(kind=Department.Kind.DEPARTMENT),
        required=False,
        empty_label=_("the chancellery (it forwards the petition)"),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(
        label=_("Your petition"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8})
    )
    field_order = ["petition_kind", "department", "subject", "text"]


class ExtensionForm(forms.Form):
    days = forms.IntegerField(
        label=_("Days added"), min_value=1, max_value=EXTENSION_MAX_DAYS, initial=15
    )
    reason = forms.CharField(
        label=_("Reason (the applicant is told)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Application.Decision.choices)
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 8}))
