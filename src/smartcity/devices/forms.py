"""The back office's form for alert rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from smartcity.devices import services
from smartcity.devices.alerts import CHECKS
from smartcity.devices.models import AlertRule, Device
from smartcity.devices.types import DEVICE_TYPES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _check_choices() -> list[tuple[str, StrOrPromise]]:
    # Read when the field is drawn or checked, so every check registered by then is offered.
    return [("", "—")] + [(c.code, c.label) for c in CHECKS.values()]


class AlertRuleForm(forms.ModelForm):
    device_ref = forms.CharField(
        label=_("only this device"), required=False, help_text=_("Its id, for example SL-00012.")
    )
    threshold_text = forms.CharField(
        label=_("threshold"),
        required=False,
        help_text=_("A number, or a state such as defectiveLamp."),
    )
    check_code = forms.ChoiceField(
        label=_("built-in check"), required=False, choices=_check_choices
    )
    # ModelForm is not generic at run time; this says which model's instance it holds.
    instance: AlertRule

    class Meta:
        model = AlertRule
        fields = [
            "name",
            "kind",
            "device_type",
            "quantity",
            "operator",
            "minutes",
            "max_change_per_hour",
            "severity",
            "creates_service_request",
            "service_category",
            "is_active",
        ]

    def __init__(
        self, data: Mapping[str, object] | None = None, *, instance: AlertRule | None = None
    ) -> None:
        super().__init__(data, instance=instance)
        rule = self.instance
        if rule.pk:
            self.fields["check_code"].initial = rule.check_code
            self.fields["device_ref"].initial = rule.device.ref if rule.device is not None else ""
            self.fields["threshold_text"].initial = self._shown_threshold(rule)

    @staticmethod
    def _shown_threshold(rule: AlertRule) -> str:
        if rule.threshold is None:
            return ""
        quantity = DEVICE_TYPES[rule.device_type].quantities.get(rule.quantity)
        return (
            quantity.state_of(rule.threshold)
            if quantity and quantity.states
            else f"{rule.threshold:g}"
        )

    def _threshold(self, kind: str, quantity_name: str, raw: str) -> float | None:
        if not raw:
            return None
        quantity = DEVICE_TYPES.get(kind) and DEVICE_TYPES[kind].quantities.get(quantity_name)
        if quantity and quantity.states:
            if raw not in quantity.states:
                raise ValidationError(
                    {
                        "threshold_text": _("Choose one of: %(states)s.")
                        % {"states": ", ".join(quantity.states)}
                    }
                )
            return float(quantity.states.index(raw))
        try:
            return float(raw.replace(",", "."))
        except ValueError:
            raise ValidationError({"threshold_text": _("Enter a number.")}) from None

    def clean(self) -> dict[str, Any]:  # the stubs' type of cleaned_data
        super().clean()
        data = self.cleaned_data
        rule = self.instance
        ref = (data.get("device_ref") or "").strip()
        rule.device = None
        if ref:
            rule.device = Device.objects.filter(ref=ref).first()
            if rule.device is None:
                raise ValidationError({"device_ref": _("There is no device with this id.")})
        for name in self.Meta.fields:
            if name in data:
                setattr(rule, name, data[name])
        rule.check_code = data.get("check_code") or ""
        rule.threshold = self._threshold(
            data.get("device_type", ""), data.get("quantity", ""), data.get("threshold_text", "")
        )
        try:
            services.alert_rule_validate(rule)
        except ValidationError as error:
            renamed = {"threshold": "threshold_text", "device": "device_ref"}
            raise ValidationError(
                {
                    renamed.get(field, field): messages
                    for field, messages in error.message_dict.items()
                }
            ) from None
        return data
