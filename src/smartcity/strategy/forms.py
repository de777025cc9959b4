"""Forms of the staff's edits: they parse; the services decide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from smartcity.city.models import Department
from smartcity.collaboration.models import Need, Project, ProjectIdea
from smartcity.strategy.computations import REGISTRY
from smartcity.strategy.models import ActionStatus, Indicator, Node
from smartcity.strategy.services import IndicatorContent, ItemContent

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    comment = forms.CharField(
        label=_("What changed"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=250)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))


class ValueForm(forms.Form):
    measured_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=4)
    source = forms.CharField(label=_("Source"), max_length=250, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))


def _text(label: StrOrPromise, length: int, *, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, max_length=length, required=required)


class ItemForm(forms.Form):
    """A priority, objective or action; the action-only fields are dropped for the levels
    above, and the department for staff who may not hand an action over."""

    ACTION_FIELDS = (
        "start_year",
        "end_year",
        "responsible_department",
        "responsible_text_ro",
        "responsible_text_ru",
        "responsible_text_en",
        "cost",
        "funding_source_ro",
        "funding_source_ru",
        "funding_source_en",
    )

    code = forms.CharField(label=_("Code"), max_length=30)
    title_ro = _text(_("Title in Romanian"), 300, required=True)
    title_ru = _text(_("Title in Russian"), 300)
    title_en = _text(_("Title in English"), 300)
    weight = forms.DecimalField(
        label=_("Weight"),
        max_digits=6,
        decimal_places=2,
        min_value=0,
        initial=1,
        help_text=_("Its share in the progress of the level above."),
    )
    start_year = forms.IntegerField(label=_("From year"), required=False)
    end_year = forms.IntegerField(label=_("Until year"), required=False)
    responsible_department: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Responsible department"),
        queryset=Department.objects.order_by("name"),
        required=False,
        empty_label=_("— another body (below) —"),
    )
    responsible_text_ro = _text(_("Other responsible body, in Romanian"), 200)
    responsible_text_ru = _text(_("Other responsible body, in Russian"), 200)
    responsible_text_en = _text(_("Other responsible body, in English"), 200)
    cost = forms.DecimalField(
        label=_("Cost (MDL)"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    funding_source_ro = _text(_("Funding source, in Romanian"), 200)
    funding_source_ru = _text(_("Funding source, in Russian"), 200)
    funding_source_en = _text(_("Funding source, in English"), 200)

    def __init__(self, *args, is_action: bool, may_hand_over: bool = True, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        if not is_action:
            for name in self.ACTION_FIELDS:
                del self.fields[name]
        elif not may_hand_over:
            self.fields["responsible_department"].disabled = True

    @staticmethod
    def initial_of(node: Node) -> dict:
        names = ["code", "weight", "start_year", "end_year", "responsible_department", "cost"]
        initial = {name: getattr(node, name) for name in names}
        for lang in ("ro", "ru", "en"):
            for name in ("title", "responsible_text", "funding_source"):
                initial[f"{name}_{lang}"] = getattr(node, f"{name}_{lang}") or ""
        return initial

    def content(self) -> ItemContent:
        data = self.cleaned_data
        return ItemContent(
            code=data["code"],
            titles={lang: data[f"title_{lang}"] for lang in ("ro", "ru", "en")},
            weight=data["weight"],
            start_year=data.get("start_year"),
            end_year=data.get("end_year"),
            responsible_department=data.get("responsible_department"),
            responsible_texts={
                lang: data.get(f"responsible_text_{lang}", "") for lang in ("ro", "ru", "en")
            },
            cost=data.get("cost"),
            funding_sources={
                lang: data.get(f"funding_source_{lang}", "") for lang in ("ro", "ru", "en")
            },
        )


class IndicatorForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name_ro = _text(_("Name in Romanian"), 300, required=True)
    name_ru = _text(_("Name in Russian"), 300)
    name_en = _text(_("Name in English"), 300)
    unit = _text(_("Unit"), 40)
    baseline = forms.DecimalField(
        label=_("Baseline"), max_digits=16, decimal_places=4, required=False
    )
    baseline_year = forms.IntegerField(label=_("Baseline year"), required=False)
    target = forms.DecimalField(label=_("Target"), max_digits=16, decimal_places=4, required=False)
    target_year = forms.IntegerField(label=_("Target year"), required=False)
    computation = forms.ChoiceField(label=_("Computed from the platform's data"), required=False)
    source = _text(_("Source"), 250)

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        computation = self.fields["computation"]
        assert isinstance(computation, forms.ChoiceField)
        computation.choices = [("", _("— entered by hand —"))] + [(name, name) for name in REGISTRY]

    @staticmethod
    def initial_of(indicator: Indicator) -> dict:
        names = ["code", "unit", "baseline", "baseline_year", "target", "target_year"]
        initial = {name: getattr(indicator, name) for name in names}
        initial |= {"computation": indicator.computation, "source": indicator.source}
        for lang in ("ro", "ru", "en"):
            initial[f"name_{lang}"] = getattr(indicator, f"name_{lang}") or ""
        return initial

    def content(self) -> IndicatorContent:
        data = self.cleaned_data
        return IndicatorContent(
            code=data["code"],
            names={lang: data[f"name_{lang}"] for lang in ("ro", "ru", "en")},
            unit=data["unit"],
            baseline=data["baseline"],
            baseline_year=data["baseline_year"],
            target=data["target"],
            target_year=data["target_year"],
            computation=data["computation"],
            source=data["source"],
        )


class LinkChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids no database integer holds before querying (SQLite would overflow)."""

    def _check_values(self, value):  # noqa: ANN001, ANN202
        for pk in value if isinstance(value, list | tuple) else []:
            if not str(pk).isdigit() or len(str(pk)) > 9:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class LinksForm(forms.Form):
    """The collaboration's needs, public ideas and joint projects serving an item; the
    choices are those the search found plus those linked already."""

    needs = LinkChoiceField(
        label=_("Needs it serves"), queryset=Need.objects.none(), required=False
    )
    ideas = LinkChoiceField(
        label=_("Project ideas serving it"), queryset=ProjectIdea.objects.none(), required=False
    )
    projects = LinkChoiceField(
        label=_("Joint projects serving it"), queryset=Project.objects.none(), required=False
    )

    def __init__(self, *args, choices: dict, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        for name, queryset in choices.items():
            chooser = self.fields[name]
            assert isinstance(chooser, forms.ModelMultipleChoiceField)
            chooser.queryset = queryset
            chooser.widget.attrs["size"] = 8
