"""Forms of the appointment pages: they parse; the checks of a booking are in services."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class BookingForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        validators=[RegexValidator(r"^\+?[\d\s()-]{6,30}$", _("Enter a phone number."))],
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("The confirmation, the reminder and the cancel link go here."),
    )
    idnp = forms.CharField(
        label=_("IDNP (optional)"),
        max_length=13,
        required=False,
        validators=[RegexValidator(r"^\d{13}$", _("An IDNP has 13 digits."))],
        help_text=_("Your personal code speeds up the visit; the desk sees it only."),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if not data.get("phone") and not data.get("email") and not self.errors:
            raise forms.ValidationError(_("Please give a phone number or an e-mail address."))
        return data


class MarkForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("attended", _("attended")), ("no_show", _("did not come"))]
    )
