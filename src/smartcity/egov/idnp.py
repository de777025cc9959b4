"""The IDNP, the personal identification number of the State Register of Population.

It is personal data: never logged (operations/request_log masks any 13-digit number),
shown only to the resident it belongs to.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# 13 digits. The register also defines a check digit, but no published description of it
# was found to follow, so a resident's number is not refused on it.
IDNP_PATTERN = re.compile(r"^\d{13}$")


def idnp_is_valid(value: str) -> bool:
    return bool(IDNP_PATTERN.match(value))


def idnp_validate(value: str) -> None:
    """Django validator: an IDNP is exactly 13 digits."""
    if not idnp_is_valid(value):
        raise ValidationError(_("An IDNP is 13 digits."), code="invalid_idnp")


def idnp_masked(value: str) -> str:
    """For a page that must hint which number it is: the last three digits only."""
    return "*" * 10 + value[-3:] if idnp_is_valid(value) else "*" * 13
