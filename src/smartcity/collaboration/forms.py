"""Forms of the collaboration pages; errors come in the user's language."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from smartcity.collaboration import selectors
from smartcity.collaboration.models import Need

SCORE_CHOICES = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]


class NeedForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = ["title", "description", "service", "affected", "evidence", "category"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = selectors.report_categories()


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
