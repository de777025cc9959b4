"""A service's refusal shown on the form that asked for it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm


def validation_errors_to_form(form: BaseForm, error: ValidationError) -> None:
    """A service's ValidationError shown on the form: each problem on its field, or on
    the whole form when the field is not on it (or the error names no field)."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
    else:
        for problem in error.messages:
            form.add_error(None, problem)
