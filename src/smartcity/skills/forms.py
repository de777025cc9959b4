from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from smartcity.skills.models import Survey


class RoundForm(forms.Form):
    survey: forms.ModelChoiceField = forms.ModelChoiceField(Survey.objects.all(), label=_("survey"))
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    opens_at = forms.DateTimeField(
        label=_("opens at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("closes at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
